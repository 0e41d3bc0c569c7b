"""Report -> HTML through Jinja templates with autoescaping."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from .._core.finding import MAX_ROWS, Finding
from .._core.text import fmt_num, fmt_pct, fmt_time, shorten
from .figures import svg_for
from .inline import for_notebook
from .svg import sparkline_histogram

if TYPE_CHECKING:  # pragma: no cover
    from .._core.report import Report

_TEMPLATES = Path(__file__).parent / "templates"
#: Finding details shown as figures; bulky ones (mappings, class tables) are left to JSON.
_DETAIL_LIMIT = 8
#: Findings that get a figure, per report (figures cost time on large frames).
FIGURE_LIMIT = 12


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = _num
    env.filters["pct"] = fmt_pct
    env.filters["short"] = shorten
    env.globals["css"] = Markup((_TEMPLATES / "report.css").read_text(encoding="utf-8"))
    return env


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_num(value)
    return str(value)


def _detail_items(details: dict[str, Any]) -> list[tuple[str, str]]:
    items = []
    for key, value in details.items():
        if key in ("count", "rate", "examples", "kind") or value is None or isinstance(value, (dict, list)):
            continue
        items.append((key.replace("_", " "), _num(value)))
    return items[:_DETAIL_LIMIT]


def _column_stats(summary) -> list[tuple[str, str]]:
    stats = summary.stats
    if not stats:
        return []
    as_date = summary.kind == "datetime"

    def show(v: float) -> str:
        if as_date:
            return fmt_time(v)
        return fmt_num(v)

    keys = ("min", "median", "max") if as_date else ("mean", "std", "min", "median", "max")
    return [(k, show(stats[k])) for k in keys if k in stats]


#: Row labels a finding's hint lists at most.
HINT_ROWS = 8


def rows_hint(finding: Finding, name: str | None, *, numbers: bool = False) -> dict[str, str] | None:
    """How to see the affected rows: code that selects them from the frame called
    ``name`` when that is known and the labels can be written as code, else the
    labels themselves; the first HINT_ROWS of them, with the total. ``numbers``: the
    rows are row numbers of a frame without labels (another engine's), never code."""
    if not finding.rows:
        return None
    shown, total = finding.rows[:HINT_ROWS], len(finding.rows)
    capped = "+" if total == MAX_ROWS else ""
    more = f" (first {len(shown)} of {total:,}{capped}; all in finding.rows)" if total > len(shown) else ""
    literal = all(isinstance(label, (int, str)) and not isinstance(label, bool) for label in shown)
    if name and name.isidentifier() and literal and not numbers:
        return {"label": "rows", "code": f"{name}.loc[[{', '.join(repr(label) for label in shown)}]]", "more": more}
    return {"label": "row numbers" if numbers else "rows", "code": ", ".join(shorten(label, 40) for label in shown),
            "more": more}


#: Rows and columns of ``details["first_rows"]`` (an engine frame's evidence) drawn in a finding.
FIRST_ROWS_SHOWN, FIRST_COLUMNS_SHOWN = 5, 8


def _first_rows(finding: Finding) -> dict[str, Any] | None:
    """The first rows an engine brought back for a finding, as a small table (its
    own columns first): the evidence a frame without row labels can give."""
    rows = finding.details.get("first_rows")
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        return None
    own = [str(c) for c in finding.columns if str(c) in rows[0]]
    columns = [*own, *(c for c in rows[0] if c not in own)][:FIRST_COLUMNS_SHOWN]
    return {"columns": [_cut_text(c) for c in columns], "total": len(rows),
            "rows": [[_cut_text(_num(row.get(c))) for c in columns] for row in rows[:FIRST_ROWS_SHOWN]]}


def _cut_text(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _view(report: Report) -> dict[str, Any]:
    name = report.name
    engine = bool((report.provenance.get("data") or {}).get("engine"))
    findings = []
    for index, f in enumerate(report.findings):
        findings.append(
            {
                "index": index,
                "finding": f,
                "count": f.details.get("count"),
                "rate": f.details.get("rate"),
                "details": _detail_items(f.details),
                "examples": [shorten(e) for e in f.details.get("examples", [])[:5]]
                if isinstance(f.details.get("examples"), list)
                else [],
                "mapping": list(f.details.get("mapping", {}).items())[:12],
                "figure": svg_for(f.figure) if index < FIGURE_LIMIT else None,
                "look": rows_hint(f, name, numbers=engine),
                "first_rows": _first_rows(f),
                "open": f.severity != "info",
            }
        )
    columns = [
        {
            "summary": s,
            "stats": _column_stats(s),
            "spark": sparkline_histogram(s.histogram["counts"]) if s.histogram else "",
            "top": [(shorten(v, 30), c) for v, c in s.top_values],
            "flagged": sum(1 for f in report.findings if s.name in map(str, f.columns)),
        }
        for s in report.columns
    ]
    provenance = report.provenance
    return {
        "report": report,
        "counts": report.counts(),
        "findings": findings,
        "figures": [(name, drawn) for name, figure in report.figures.items() if (drawn := svg_for(figure))],
        "severities": ("critical", "warning", "info"),
        "columns": columns,
        "versions": ", ".join(f"{k} {v}" for k, v in provenance.get("versions", {}).items()),
        "provenance": provenance,
    }


def render_html(report: Report, *, notebook: bool = False) -> str:
    """The report as an HTML fragment: for a notebook output (``notebook=True``)
    with inline styles and figures as images, so that it keeps its look in an
    untrusted notebook; else with its stylesheet and inline SVG."""
    fragment = _environment().get_template("report.html").render(**_view(report))
    return for_notebook(fragment) if notebook else fragment


def render_page(report: Report) -> str:
    """The report as a standalone HTML page (what ``report.save('x.html')`` writes)."""
    body = Markup(render_html(report, notebook=False))
    return _environment().get_template("page.html").render(body=body, report=report)
