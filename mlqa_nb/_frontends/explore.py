"""mq.explore: the findings of a frame as an ipywidgets explorer.

Filter the findings, select one to see its rows and figure, change the check's
thresholds (only that check runs again), silence it with a reason (written to
``mlqa.toml``), or insert the pandas code that fixes it into a new cell.
Everything a click does is also a method, so the explorer can be driven (and
tested) from Python.
"""

from __future__ import annotations

import html
import io
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from .._core.finding import SEVERITIES, Finding
from .._core.silences import SILENCE_FILE, add_silence, load_silences, split_silenced
from .._core.validation import as_frame

ALL = "(all)"
#: Rows shown for the selected finding.
SHOWN_ROWS = 20
#: The comm target of the JupyterLab extension that inserts a cell below the active one.
INSERT_TARGET = "mlqa_nb.insert"


def _label(finding: Finding) -> str:
    columns = ", ".join(map(str, finding.columns))
    by = finding.details.get("by")
    if by and finding.columns:
        columns = f"{finding.columns[0]} within {', '.join(map(str, by))}"
    return f"[{finding.severity}] {finding.check}" + (f" ({columns})" if columns else "")


def _by_severity(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


class Explorer:
    """Explore a frame's findings interactively (ipywidgets): ``mq.explore(df)``.

    Parameters
    ----------
    df : pandas.DataFrame (or polars.DataFrame)
        The data; never modified (fixes are code you run).
    target, time : column label, optional
        As for ``mq.profile``.
    by : column label or list, optional
        Group columns: values extreme within their group (``mq.outliers(df, by=...)``)
        are listed too, each drawn as a box and strip plot per group.
    name : str, optional
        The frame's variable name, used in fix code and silences (``%mlqa explore df``
        passes it); "df" when not given.
    options : dict, optional
        Starting thresholds per check, as for ``mq.profile``.
    silences : path, optional
        The silence file read and written (``mlqa.toml`` by default).

    Displays as the explorer in a notebook (``explorer.widget``); its methods
    (``filter``, ``select``, ``set_threshold``, ``silence``, ``insert_fix``) do what
    the controls do.

    Attributes
    ----------
    findings : list of Finding
        All current findings (silenced ones left out), most severe first.
    visible : list of Finding
        Those that pass the filters, in the order the list shows them.
    selected : Finding or None
        The finding whose rows and figure are shown.
    options : dict
        The thresholds changed so far, by check id.
    """

    def __init__(
        self,
        df: Any,
        target: Hashable | None = None,
        *,
        time: Hashable | None = None,
        by: Hashable | list | None = None,
        name: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        silences: str | Path | None = SILENCE_FILE,
    ) -> None:
        import ipywidgets as w

        from .._data.profile import profile

        self.frame = as_frame(df)
        self.name = name if isinstance(name, str) and name.isidentifier() else "df"
        self.silence_file = silences
        self.options: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (options or {}).items()}
        self._profile_args = {"target": target, "time": time}
        self.by = by
        self.report = profile(self.frame, target=target, time=time, name=self.name, options=options,
                              silences=silences)
        grouped, grouped_silenced = self._within_groups()
        self.findings: list[Finding] = _by_severity(list(self.report.findings) + grouped)
        self.silenced: list[Finding] = list(self.report.silenced) + grouped_silenced
        self.inserted: list[str] = []
        self._context = None
        self.selected: Finding | None = None
        self._quiet = False

        self.severity = w.ToggleButtons(options=[ALL, *SEVERITIES], value=ALL, description="Severity")
        self.check = w.Dropdown(description="Check")
        self.column = w.Dropdown(description="Column")
        self.list = w.Select(rows=8, layout=w.Layout(width="100%"))
        self.status = w.HTML()
        self.message = w.HTML()
        self.rows = w.HTML()
        self.figure = w.Image(format="png", layout=w.Layout(max_width="640px"))
        self.thresholds = w.VBox()
        wide = w.Layout(width="auto")
        self.rerun = w.Button(description="Run the check again", icon="refresh", layout=wide)
        self.reason = w.Text(placeholder="why this is fine (saved in mlqa.toml)", layout=w.Layout(width="50%"))
        self.scope = w.ToggleButtons(options=["this column", "the whole check"], value="this column")
        self.silence_button = w.Button(description="Silence", icon="bell-slash", layout=wide)
        self.code = w.HTML()
        self.insert_button = w.Button(description="Insert the fix below", icon="plus", layout=w.Layout(width="auto"))
        for control in (self.severity, self.check, self.column):
            control.observe(lambda _: self._quiet or self._refresh_list(), names="value")
        self.list.observe(self._on_pick, names="value")
        self.rerun.on_click(lambda _: self._rerun_from_controls())
        self.silence_button.on_click(lambda _: self.silence(self.reason.value))
        self.insert_button.on_click(lambda _: self.insert_fix())
        self.detail = w.VBox([self.message, self.figure, self.rows,
                              w.HBox([self.thresholds, self.rerun]),
                              w.HBox([self.reason, self.scope, self.silence_button]),
                              w.VBox([self.code, self.insert_button])])
        self.widget = w.VBox([self.status, w.HBox([self.severity]), w.HBox([self.check, self.column]),
                              self.list, self.detail])
        self._refresh_filters()
        self._refresh_list()

    # -- what the controls do -------------------------------------------------
    @property
    def visible(self) -> list[Finding]:
        return [f for f in self.findings if self._passes(f)]

    def _passes(self, finding: Finding) -> bool:
        if self.severity.value != ALL and finding.severity != self.severity.value:
            return False
        if self.check.value not in (None, ALL) and finding.check != self.check.value:
            return False
        return self.column.value in (None, ALL) or self.column.value in map(str, finding.columns)

    def filter(self, *, severity: str = ALL, check: str = ALL, column: str = ALL) -> list[Finding]:
        """Show only findings of this severity, check and column (ALL for any); returns them."""
        for control, value, what in ((self.severity, severity, "severity"), (self.check, check, "check"),
                                     (self.column, column, "column")):
            allowed = [o if isinstance(o, str) else o[1] for o in control.options]
            if value not in allowed:
                raise ValueError(f"{what} must be one of {allowed}, got {value!r}")
        self._quiet = True
        try:
            self.severity.value, self.check.value, self.column.value = severity, check, column
        finally:
            self._quiet = False
        self._refresh_list()
        return self.visible

    def select(self, index: int) -> Finding:
        """Show the rows, figure, thresholds and fix of the ``index``-th visible finding."""
        visible = self.visible
        if not 0 <= index < len(visible):
            raise IndexError(f"index {index} is out of range: {len(visible)} findings are shown")
        self.list.value = index
        return visible[index]

    def set_threshold(self, option: str, value: Any) -> list[Finding]:
        """Change one threshold of the selected finding's check and run that check again."""
        if self.selected is None:
            raise ValueError("select a finding first: thresholds belong to its check")
        controls = {c.description: c for c in self.thresholds.children}
        if option not in controls:
            known = ", ".join(controls) or "none"
            raise ValueError(f"check {self.selected.check!r} has no threshold {option!r}; its thresholds are: {known}")
        self.options.setdefault(self.selected.check, {})[option] = value
        return self.apply_thresholds()

    def apply_thresholds(self) -> list[Finding]:
        """Run the selected finding's check again with the thresholds in its controls;
        its findings in the list are replaced, nothing else is computed."""
        if self.selected is None:
            return []
        from .._core.context import FrameContext
        from .._data.profile import one_finding_per_problem, run_check

        check = self.selected.check
        chosen = self.options.setdefault(check, {})
        for control in self.thresholds.children:
            chosen.setdefault(control.description, control.value)
        if self._context is None:
            self._context = FrameContext(self.frame, **self._profile_args)
        try:
            fresh = run_check(self._context, check, self.options.get(check))
        except (TypeError, ValueError) as error:
            self.status.value = f'<span style="color:#d1242f">{html.escape(str(error))}</span>'
            raise
        fresh, silenced = split_silenced(fresh, self.name, load_silences(self.silence_file))
        if check == "outliers":
            grouped, grouped_silenced = self._within_groups()
            fresh, silenced = fresh + grouped, silenced + grouped_silenced
        others = [f for f in self.findings if f.check != check]
        self.silenced = [f for f in self.silenced if f.check != check] + silenced
        self.findings = _by_severity(one_finding_per_problem(others + fresh))
        self.selected = None
        self._refresh_filters()
        self._refresh_list()
        return [f for f in self.findings if f.check == check]

    def _within_groups(self) -> tuple[list[Finding], list[Finding]]:
        """Outliers within the ``by`` groups, with the current outlier thresholds: kept and silenced."""
        if self.by is None:
            return [], []
        from .._data.outliers_api import outliers

        chosen = {k: v for k, v in self.options.get("outliers", {}).items() if k in ("z_threshold", "gap", "max_rate")}
        found = outliers(self.frame, by=self.by, options={"outliers": chosen}, name=self.name).findings
        return split_silenced(found, self.name, load_silences(self.silence_file))

    def _rerun_from_controls(self) -> None:
        if self.selected is not None:
            chosen = self.options.setdefault(self.selected.check, {})
            chosen.update({c.description: c.value for c in self.thresholds.children})
            self.apply_thresholds()

    def silence(self, reason: str, *, whole_check: bool | None = None) -> Finding:
        """Silence the selected finding (its check on its column, or the whole check):
        the entry goes to the silence file and the finding leaves the list."""
        finding = self.selected
        if finding is None:
            raise ValueError("select a finding to silence first")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("say why the finding is fine: the reason is saved beside the silence")
        if self.silence_file is None:
            raise ValueError("this explorer was made with silences=None: there is no file to write to")
        whole = self.scope.value == "the whole check" if whole_check is None else whole_check
        column = None if whole or not finding.columns else str(finding.columns[0])
        add_silence(finding.check, column=column, frame=self.name, reason=reason.strip(), path=self.silence_file)
        entries = load_silences(self.silence_file)
        kept, silenced = split_silenced(self.findings, self.name, entries)
        self.findings, self.silenced = kept, self.silenced + silenced
        self.selected = None
        self.reason.value = ""
        self._refresh_filters()
        self._refresh_list()
        return finding

    def insert_fix(self) -> str:
        """Put the selected finding's fix into a new cell below (in JupyterLab with the
        mlqa_nb extension; elsewhere copy it from the explorer). Returns the code."""
        code = self.selected.fix_code(self.name) if self.selected is not None else ""
        if not code:
            raise ValueError("the selected finding has no fix to insert")
        self.inserted.append(code)
        try:
            from comm import create_comm

            create_comm(target_name=INSERT_TARGET, data={"code": code}).close()
        except Exception:  # no kernel or no extension: the code stays shown for copying
            pass
        return code

    # -- drawing ------------------------------------------------------------
    def _refresh_filters(self) -> None:
        checks = sorted({f.check for f in self.findings})
        columns = sorted({str(c) for f in self.findings for c in f.columns})
        for control, values in ((self.check, checks), (self.column, columns)):
            chosen = control.value if control.value in values else ALL
            self._quiet = True
            try:
                control.options = [ALL, *values]
                control.value = chosen
            finally:
                self._quiet = False

    def _refresh_list(self) -> None:
        visible = self.visible
        counts = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        silenced = f", {len(self.silenced)} silenced" if self.silenced else ""
        self.status.value = (f"<b>{html.escape(self.report.title)}</b>: "
                             + ", ".join(f"{n} {s}" for s, n in counts.items()) + silenced)
        if self.selected not in visible:
            self.selected = None
        self._quiet = True
        try:
            self.list.options = [(_label(f), i) for i, f in enumerate(visible)]
            self.list.value = visible.index(self.selected) if self.selected is not None else None
        finally:
            self._quiet = False
        self._show(self.selected)

    def _on_pick(self, change: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        visible = self.visible
        index = change["new"]
        self.selected = visible[index] if index is not None and index < len(visible) else None
        self._show(self.selected)

    def _show(self, finding: Finding | None) -> None:
        self.detail.layout.display = "none" if finding is None else ""
        if finding is None:
            return
        self.message.value = (f"<p><b>{html.escape(finding.check)}</b> ({finding.severity}): "
                              f"{html.escape(finding.message)}</p>")
        self.rows.value = self._rows_html(finding)
        self.figure.value = self._figure_png(finding)
        self.figure.layout.display = "" if self.figure.value else "none"
        self.thresholds.children = self._threshold_controls(finding.check)
        code = finding.fix_code(self.name)
        self.code.value = (f"<p>Fix (review, then run):</p><pre>{html.escape(code)}</pre>" if code else "")
        self.insert_button.layout.display = "" if code else "none"

    def _rows_html(self, finding: Finding) -> str:
        rows = [r for r in finding.rows if r in self.frame.index][:SHOWN_ROWS]
        if not rows:
            return ""
        involved = [c for c in finding.columns if c in self.frame.columns]
        ordered = involved + [c for c in self.frame.columns if c not in involved]
        try:
            table = self.frame.loc[rows, ordered] if self.frame.columns.is_unique else self.frame.loc[rows]
        except (KeyError, TypeError, ValueError):
            return ""
        more = f" (first {SHOWN_ROWS} of {len(finding.rows):,})" if len(finding.rows) > SHOWN_ROWS else ""
        return f"<p>Rows{more}:</p>" + table.to_html(escape=True, max_cols=12, border=0)

    @staticmethod
    def _figure_png(finding: Finding) -> bytes:
        if finding.figure is None:
            return b""
        import matplotlib.pyplot as plt  # any backend: the figure is drawn to PNG and closed

        from .._render.plots import plot_finding

        ax = plot_finding(finding)
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
        plt.close(ax.figure)
        return buffer.getvalue()

    def _threshold_controls(self, check: str) -> tuple:
        import ipywidgets as w

        from .._core.registry import registered

        spec = registered().get(check)
        if spec is None or not spec.in_profile:
            return ()
        current = {**spec.defaults, **self.options.get(check, {})}
        controls = []
        for option, value in current.items():
            if isinstance(value, bool):
                controls.append(w.Checkbox(value=value, description=option))
            elif isinstance(value, int):
                controls.append(w.IntText(value=value, description=option))
            elif isinstance(value, float):
                controls.append(w.FloatText(value=value, description=option))
        return tuple(controls)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


#: ``mq.explore(df, target=...)``: the explorer is the function users call.
explore = Explorer
