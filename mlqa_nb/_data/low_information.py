"""low_information: constant and near-constant columns, identifiers, tiny ranges."""

from __future__ import annotations

from .._core.context import ColumnData, FrameContext
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.robust import quantiles
from .._core.text import fmt_num, fmt_pct, plural, shorten


@register(
    "low_information", family="data", dominant_share=Param(0.995, SHARE), relative_range=1e-3, min_rows=20)
def low_information(
    ctx: FrameContext, *, dominant_share: float, relative_range: float, min_rows: int
) -> list[Finding]:
    """Columns that cannot help a model: one value, identifiers, a hair-thin range."""
    findings: list[Finding] = []
    for col in ctx.features:
        if col.kind in ("empty", "other") or col.n_present == 0:
            continue
        finding = (
            _constant(ctx, col)
            or _near_constant(ctx, col, dominant_share, min_rows)
            or _identifier(ctx, col, min_rows)
            or _narrow_range(ctx, col, relative_range, min_rows)
        )
        if finding is not None:
            findings.append(finding)
    return findings


def _finding(ctx, col, severity, message, kind, **details) -> Finding:
    return Finding(
        "low_information",
        severity,
        message,
        columns=(col.label,),
        details={"count": col.n_present, "rate": col.n_present / ctx.n_rows, "kind": kind, **details},
    )


def _constant(ctx: FrameContext, col: ColumnData) -> Finding | None:
    if col.distinct != 1:
        return None
    value = col.present_sample[0]
    if col.n_missing:
        return _finding(
            ctx, col, "info",
            f"Column {col.name!r} holds one value ({shorten(value)}) where it is not missing: "
            "only its missingness carries information.",
            "constant_or_missing", value=value,
        )
    return _finding(
        ctx, col, "warning",
        f"Column {col.name!r} holds a single value ({shorten(value)}) in every row: drop it.",
        "constant", value=value,
    )


def _near_constant(ctx, col, dominant_share, min_rows) -> Finding | None:
    if col.n_present < min_rows or col.kind in ("text", "id"):
        return None
    if col.distinct > (1 - dominant_share) * col.n_present + 1:
        return None  # too many distinct values for one to dominate
    share = col.top_share
    if share < dominant_share:
        return None
    value = col.value_counts.index[0]
    differ = col.n_present - round(share * col.n_present)
    return _finding(
        ctx, col, "info",
        f"Column {col.name!r} is {shorten(value)} in {fmt_pct(share)} of rows: "
        f"only {plural(differ, 'row')} {'differs' if differ == 1 else 'differ'}.",
        "near_constant", dominant_share=share, value=value,
    )


def _identifier(ctx, col, min_rows) -> Finding | None:
    if col.n_present < min_rows:
        return None
    if not col.is_identifier:
        return None
    return _finding(
        ctx, col, "info",
        f"Column {col.name!r} looks like an identifier ({col.distinct:,} distinct values "
        f"in {col.n_present:,} rows): keep it out of the features.",
        "identifier", distinct=col.distinct,
    )


def _narrow_range(ctx, col, relative_range, min_rows) -> Finding | None:
    if col.kind != "numeric" or col.storage == "boolean" or col.n_present < min_rows:
        return None
    if col.distinct < 10:
        return None
    values = col.sorted_finite
    if values.size == 0:
        return None
    q05, median, q95 = quantiles(values, [0.05, 0.5, 0.95])
    if median == 0 or (q95 - q05) / abs(median) >= relative_range:
        return None
    return _finding(
        ctx, col, "info",
        f"Column {col.name!r} varies only between {fmt_num(q05)} and {fmt_num(q95)} "
        f"around {fmt_num(median)} for 90% of rows: too narrow to tell rows apart.",
        "narrow_range", q05=q05, q95=q95, median=median,
    )
