"""missing_values: empty cells per column, columns missing together, and
missingness that depends on the target."""

from __future__ import annotations

import dataclasses

import numpy as np

from .._core.context import FrameContext
from .._core.figures import FIGURE_VALUES, Matrix
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.task import MAX_CLASSES
from .._core.text import fmt_pct, plural, quote_list


@register(
    "missing_values", family="data",
    warning_rate=Param(0.3, SHARE),
    by_target_gap=0.1,
    by_target_alpha=0.001,
    min_class_rows=30,
)
def missing_values(
    ctx: FrameContext,
    *,
    warning_rate: float,
    by_target_gap: float,
    by_target_alpha: float,
    min_class_rows: int,
) -> list[Finding]:
    """Empty cells in every column that has any, columns missing together, and rows
    lacking the columns marked important."""
    n = ctx.n_rows
    findings: list[Finding] = []
    if n == 0:
        return findings
    groups: dict[bytes, list] = {}
    for col in ctx.columns:
        if col.n_missing == n:
            findings.append(empty_column_finding(col.name, col.label, n))
        elif col.n_missing:
            groups.setdefault(np.packbits(~col.notna).tobytes(), []).append(col)
    figures = _co_missing(ctx, list(groups.values()))
    for i, cols in enumerate(groups.values()):
        finding = _missing_cells(ctx, cols, warning_rate)
        findings.append(dataclasses.replace(finding, figure=figures[i]) if figures[i] is not None else finding)
    if ctx.important:
        findings += _important_missing(ctx)
    if ctx.target is not None:
        findings += _missing_by_target(ctx, by_target_gap, by_target_alpha, min_class_rows)
    return findings


def _missing_cells(ctx: FrameContext, cols: list, warning_rate: float) -> Finding:
    """One finding for a column's empty cells, or for columns empty in exactly the
    same rows (one cause, a failed join or a skipped section, explains them)."""
    return missing_cells_finding([c.name for c in cols], [c.label for c in cols], cols[0].n_missing, ctx.n_rows,
                                 warning_rate, rows=ctx.row_labels(np.flatnonzero(~cols[0].notna)))


def missing_cells_finding(names: list[str], labels: list, count: int, n: int, warning_rate: float,
                          rows: tuple = ()) -> Finding:
    """The finding for ``count`` empty cells in a column, or in columns empty in the
    same rows; shared by the profile of frames held elsewhere (Spark, polars)."""
    rate = count / n
    severity = "warning" if rate >= warning_rate else "info"
    if len(names) == 1:
        message = f"Column {names[0]!r} is missing in {fmt_pct(rate)} of rows ({count:,} of {n:,})."
    else:
        message = (f"Columns {quote_list(names)} are missing in exactly the same "
                   f"{plural(count, 'row')} ({fmt_pct(rate)}): one cause (a failed join, a skipped section) "
                   "explains them.")
    return Finding(
        "missing_values", severity, message, columns=tuple(labels),
        details={"count": count, "rate": rate, "kind": "column" if len(names) == 1 else "together"},
        rows=rows,
    )


def empty_column_finding(name: str, label, n: int) -> Finding:
    """The finding for a column with no value at all."""
    return Finding("missing_values", "critical", f"Column {name!r} is entirely empty ({n:,} rows).",
                   columns=(label,), details={"count": n, "rate": 1.0, "kind": "column"})


#: Columns (or sets of columns missing in the same rows) a co-missing heatmap shows at most.
CO_MISSING_COLUMNS = 12
#: Sets of columns compared for co-missingness at most (those with the most missing cells).
CO_MISSING_CANDIDATES = 64


def _co_missing(ctx: FrameContext, groups: list[list]) -> list[Matrix | None]:
    """Per set of columns missing in the same rows, a heatmap of it and the sets
    most often missing where it is: row i, column j is the share of i's missing
    rows where j is missing too. Counted on an even sample of FIGURE_VALUES rows."""
    figures: list[Matrix | None] = [None] * len(groups)
    if len(groups) < 2:
        return figures
    order = sorted(range(len(groups)), key=lambda i: -groups[i][0].n_missing)[:CO_MISSING_CANDIDATES]
    step = max(1, ctx.n_rows // FIGURE_VALUES)
    missing = np.column_stack([~groups[i][0].notna[::step] for i in order]).astype(np.float32)
    both = missing.T @ missing  # rows where i and j are both missing
    own = np.diag(both).copy()
    share = np.divide(both, own[:, None], out=np.zeros_like(both), where=own[:, None] > 0)
    names = [_set_name(groups[i]) for i in order]
    for a, i in enumerate(order):
        others = [b for b in np.argsort(-share[a], kind="stable") if b != a and share[a, b] > 0]
        if not others:
            continue
        shown = [a, *others[: CO_MISSING_COLUMNS - 1]]
        figures[i] = Matrix(
            rows=tuple(names[b] for b in shown), columns=tuple(names[b] for b in shown),
            values=tuple(tuple(float(share[r, c]) for c in shown) for r in shown),
            title="where the row's column is missing, how often each column is missing too",
            row_title="missing", column_title="also missing",
        )
    return figures


def _set_name(cols: list) -> str:
    name = cols[0].name[:30]
    return name if len(cols) == 1 else f"{name} (+{len(cols) - 1} same)"


def _important_missing(ctx: FrameContext) -> list[Finding]:
    lacking = np.zeros(ctx.n_rows, dtype=bool)
    for col in ctx.important:
        lacking |= ~col.notna
    count = int(lacking.sum())
    if count == 0:
        return []
    names = [c.name for c in ctx.important]
    return [
        Finding(
            "missing_values",
            "warning",
            f"{plural(count, 'row')} ({fmt_pct(count / ctx.n_rows)}) lack a column marked important "
            f"({quote_list(names)}): drop or repair them before training.",
            columns=tuple(c.label for c in ctx.important),
            details={"count": count, "rate": count / ctx.n_rows, "kind": "important"},
            rows=ctx.row_labels(np.flatnonzero(lacking)),
        )
    ]


def _missing_by_target(
    ctx: FrameContext, gap: float, alpha: float, min_class_rows: int
) -> list[Finding]:
    """Missingness whose rate differs between target classes: informative, and a
    trap if the model learns it."""
    target = ctx.target
    if target.kind in ("empty", "text", "id", "other") or target.distinct > MAX_CLASSES:
        return []
    codes, classes = target.hashable.factorize()
    present = codes >= 0
    class_rows = np.bincount(codes[present], minlength=len(classes))
    usable = class_rows >= min_class_rows
    if usable.sum() < 2:
        return []
    findings = []
    for col in ctx.features:
        if col.n_missing == 0 or col.n_missing == ctx.n_rows:
            continue
        missing_per_class = np.bincount(
            codes[present & ~col.notna], minlength=len(classes)
        )
        rates = np.where(usable, missing_per_class / np.maximum(class_rows, 1), np.nan)
        high, low = int(np.nanargmax(rates)), int(np.nanargmin(rates))
        if rates[high] - rates[low] < gap:
            continue
        from scipy.stats import chi2_contingency

        table = np.array(
            [missing_per_class[usable], class_rows[usable] - missing_per_class[usable]]
        )
        if (table.sum(axis=1) == 0).any():
            continue
        p_value = float(chi2_contingency(table)[1])
        if p_value >= alpha:
            continue
        findings.append(
            Finding(
                "missing_values",
                "warning",
                f"Column {col.name!r} is missing far more often when {target.name!r} is "
                f"{classes[high]!r} ({fmt_pct(rates[high])}) than when it is {classes[low]!r} "
                f"({fmt_pct(rates[low])}): the gap itself predicts the target.",
                columns=(col.label, target.label),
                details={
                    "count": col.n_missing,
                    "rate": col.n_missing / ctx.n_rows,
                    "kind": "by_target",
                    "rates_by_class": {str(c): r for c, r in zip(classes, rates)},
                    "test": "chi-square test of independence",
                    "p_value": p_value,
                    "alpha": alpha,
                    "gap": float(rates[high] - rates[low]),
                },
                rows=ctx.row_labels(np.flatnonzero(~col.notna)),
            )
        )
    return findings
