"""The Report: findings, the tables behind them, and every way to show them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .finding import SEVERITIES, SEVERITY_RANK, Finding
from .jsonsafe import json_safe


class Report:
    """What a check run found, ready to read inline, save or post-process.

    Attributes
    ----------
    findings : list of Finding
        Most severe first.
    tables : dict of str to DataFrame
        The numbers behind the findings (the column summary, per-check tables).
    title : str
        What was checked, e.g. ``"profile of df (344 rows x 8 columns)"``.
    kind : str
        The entry point that made it: ``"profile"``, ``"outliers"``, ``"mapping"``.
    columns : list
        Per-column summaries (profile reports), drawn below the findings.
    notes : list of str
        How the numbers were obtained where a person should know (sampling, skipped checks).
    provenance : dict
        Library versions, a fingerprint of the data and when the report was made.
    name : str or None
        What the frame is called where the report is shown (``"df"`` in
        ``%mlqa profile df``), for code lines that select the affected rows;
        None when unknown.
    silenced : list of Finding
        Findings left out because ``mlqa.toml`` silences them; never counted.
    figures : dict of str to figure data
        Figures of the whole run rather than of one finding (``"confusion"`` for a
        classifier's evaluation, ``"reliability"`` for its baselines), drawn below
        the findings and by ``report.plot(name)``.

    A report keeps no data frame: each finding carries the small data its
    figure is drawn from, so deleting a frame frees it.
    """

    def __init__(
        self,
        findings: Iterable[Finding],
        *,
        title: str,
        kind: str,
        tables: dict[str, pd.DataFrame] | None = None,
        columns: list | None = None,
        notes: list[str] | None = None,
        provenance: dict | None = None,
        name: str | None = None,
        silenced: Iterable[Finding] = (),
        figures: dict[str, Any] | None = None,
    ) -> None:
        self.findings = sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])
        self.silenced = list(silenced)
        self.title = title
        self.kind = kind
        self.tables = dict(tables or {})
        self.columns = list(columns or [])
        self.notes = list(notes or [])
        if not provenance:
            from .provenance import provenance as made_now

            provenance = made_now()  # versions and time even where no frame is fingerprinted
        self.provenance = dict(provenance)
        self.name = name
        self.figures = {k: v for k, v in (figures or {}).items() if v is not None}

    # -- reading ------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def filter(
        self, *, check: str | Iterable[str] | None = None, severity: str | None = None
    ) -> list[Finding]:
        """Findings of the given check id(s) and at least the given severity."""
        if severity is not None and severity not in SEVERITY_RANK:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {severity!r}")
        wanted = {check} if isinstance(check, str) else set(check) if check else None
        return [
            f
            for f in self.findings
            if (wanted is None or f.check in wanted)
            and (severity is None or SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity])
        ]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):
        return iter(self.findings)

    # -- serialising --------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the whole report as a JSON-safe dict."""
        return {
            "title": self.title,
            "kind": self.kind,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "tables": {
                name: json_safe(table.to_dict(orient="records"))
                for name, table in self.tables.items()
            },
            "columns": [c.to_dict() for c in self.columns],
            "notes": list(self.notes),
            "silenced": [f.to_dict() for f in self.silenced],
            "provenance": json_safe(self.provenance),
        }

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str | None:
        """Return the report as JSON text, or write it to ``path``."""
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
        if path is None:
            return text
        Path(path).write_text(text, encoding="utf-8")
        return None

    def to_html(self) -> str:
        """Return a self-contained HTML fragment (a stylesheet and inline SVG, no scripts)."""
        from .._render import render_html

        return render_html(self, notebook=False)

    def to_junit(self, *, fail_on: str | None = "critical", checks: Iterable[str] = ()) -> str:
        """Return the report as JUnit XML for CI systems: one test case per check
        (``checks`` adds those that found nothing), failed when it found something
        at or above ``fail_on``."""
        from .._render.junit import junit_xml

        return junit_xml(self, fail_on=fail_on, checks=checks)

    def save(self, path: str | Path) -> Path:
        """Write the report to ``path``: HTML for ``.html``/``.htm``, JSON for
        ``.json``, JUnit XML for ``.xml`` (critical findings fail)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            from .._render import render_page

            path.write_text(render_page(self), encoding="utf-8")
        elif suffix == ".json":
            self.to_json(path)
        elif suffix == ".xml":
            path.write_text(self.to_junit(), encoding="utf-8")
        else:
            raise ValueError(
                f"cannot save a report as {suffix or 'a file without suffix'!r}: "
                "use a path ending in .html, .json or .xml (JUnit)"
            )
        return path

    def plot(self, index: int | str = 0, *, ax: Any = None) -> Any:
        """Draw finding ``index``, or the report's figure of that name (``"confusion"``,
        ``"reliability"``; see ``report.figures``), with seaborn and return the Axes.

        For a figure to adjust or save; the inline report draws its own.
        """
        from .._render.plots import plot_figure, plot_finding

        if isinstance(index, str):
            if index not in self.figures:
                raise KeyError(f"this report has no figure {index!r}; it has {sorted(self.figures) or 'none'}")
            return plot_figure(self.figures[index], ax=ax)
        if not 0 <= index < len(self.findings):
            raise IndexError(f"index must be in 0..{len(self.findings) - 1}, got {index}")
        return plot_finding(self.findings[index], ax=ax)

    # -- display ------------------------------------------------------------
    def _repr_html_(self) -> str:
        """What a notebook shows: styles inline and figures as images, so that the
        report keeps its look when the notebook is opened untrusted (from disk,
        on GitHub, in most viewers)."""
        from .._render import render_html

        return render_html(self, notebook=True)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/plain": repr(self), "text/html": self._repr_html_()}

    def __repr__(self) -> str:
        counts = self.counts()
        head = f"mlqa_nb {self.title}: " + ", ".join(
            f"{n} {s}" for s, n in counts.items()
        )
        if self.silenced:
            head += f" ({len(self.silenced)} silenced in mlqa.toml)"
        if not self.findings:
            return head + "\nNo problems found."
        lines = [head]
        for i, f in enumerate(self.findings):
            lines.append(f"[{i}] {f.severity:<8} {f.check:<24} {f.message}")
        return "\n".join(lines)
