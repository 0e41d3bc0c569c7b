"""unit_scale: values that sit at a unit ratio (10, 1000, 2.54, ...) from the bulk."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._context import ColumnData, FrameContext
from .._finding import Finding
from .._registry import register
from .._robust import SENTINELS, robust_center_scale
from .._text import fmt_num, fmt_pct, plural

#: Ratios between units that people confuse, with what usually causes them.
UNIT_FACTORS: dict[float, str] = {
    10.0: "e.g. centimetres vs millimetres",
    100.0: "e.g. metres vs centimetres, or a percentage vs a fraction",
    1000.0: "e.g. kilograms vs grams, or kilometres vs metres",
    1e6: "e.g. millions vs units",
    2.54: "inches vs centimetres",
    12.0: "feet vs inches, or years vs months",
    2.20462: "kilograms vs pounds",
    3.28084: "metres vs feet",
    1.60934: "miles vs kilometres",
    60.0: "hours vs minutes, or minutes vs seconds",
}


@dataclass(frozen=True)
class UnitError:
    """Rows of one column that look recorded in another unit."""

    factor: float  # value / factor lands in the bulk
    positions: np.ndarray  # row positions in the frame
    suspects: int  # values outside the bulk on the same side


def find_unit_error(
    values: np.ndarray,
    positions: np.ndarray,
    *,
    outside: float,
    inside: float,
    min_count: int,
    min_share: float,
    min_gap: float,
) -> UnitError | None:
    """The unit factor explaining most values far from the bulk, if any.

    Works on log10 values: a unit error shifts a value by log10(factor). A value
    is a suspect when it lies more than ``outside`` robust SDs from the median,
    and explained by a factor when rescaling puts it within ``inside`` SDs. The
    explained values must stand apart from the bulk by ``min_gap`` SDs: an
    ordinary tail (which the log scale stretches) runs continuously into it.
    Factors closer to 1 than the bulk's own width are not tried.
    """
    keep = np.isfinite(values) & (values > 0) & ~np.isin(values, list(SENTINELS))
    if keep.sum() < 3 * min_count or (values < 0).mean() > 0.01:
        return None
    logs = np.log10(values[keep])
    positions = positions[keep]
    center, scale = robust_center_scale(logs)
    if not scale > 0:
        return None
    z = (logs - center) / scale
    best = None
    for factor in UNIT_FACTORS:
        shift = np.log10(factor) / scale
        if shift < outside + inside:
            continue  # the bulk is too wide to tell this factor from spread
        for sign in (1, -1):
            side = z * sign
            suspects = side > outside
            explained = suspects & (np.abs(z - sign * shift) <= inside)
            count = int(explained.sum())
            if count < min_count or count < min_share * suspects.sum():
                continue
            innermost = side[explained].min()
            closer = side[~explained & (side < innermost)]
            if closer.size and innermost - closer.max() < min_gap:
                continue  # a continuous tail, not a group recorded in another unit
            closeness = float(np.abs(z[explained] - sign * shift).mean())
            key = (count, -closeness)
            if best is None or key > best[0]:
                best = (key, factor**sign, explained, int(suspects.sum()))
    if best is None:
        return None
    _, factor, explained, suspects = best
    return UnitError(factor=factor, positions=positions[explained], suspects=suspects)


def column_unit_error(ctx: FrameContext, col: ColumnData, **options) -> UnitError | None:
    """The unit error of a column, computed once per context."""
    if col.kind != "numeric" or col.storage == "boolean":
        return None
    return ctx.memo(
        ("unit_scale", col.position),
        lambda: find_unit_error(col.floats, col.present_positions, **options),
    )


@register("unit_scale", outside=5.0, inside=2.5, min_count=3, min_share=0.5, min_gap=2.0)
def unit_scale(
    ctx: FrameContext,
    *,
    outside: float,
    inside: float,
    min_count: int,
    min_share: float,
    min_gap: float,
) -> list[Finding]:
    """Values recorded in another unit: ten, a thousand or 2.54 times off."""
    findings = []
    for col in ctx.columns:
        error = column_unit_error(
            ctx, col, outside=outside, inside=inside, min_count=min_count, min_share=min_share,
            min_gap=min_gap,
        )
        if error is None:
            continue
        factor = error.factor
        base = factor if factor > 1 else 1 / factor
        direction = "too large" if factor > 1 else "too small"
        count = int(error.positions.size)
        typical = float(np.median(col.floats[np.isfinite(col.floats)]))
        findings.append(
            Finding(
                "unit_scale",
                "warning",
                f"{plural(count, 'value')} of {col.name!r} ({fmt_pct(count / ctx.n_rows)}) are about "
                f"{fmt_num(base)} times {direction} ({UNIT_FACTORS[base]}): "
                f"{'divided' if factor > 1 else 'multiplied'} by {fmt_num(base)} they fall among "
                f"the typical values (median {fmt_num(typical)}).",
                columns=(col.label,),
                details={
                    "count": count,
                    "rate": count / ctx.n_rows,
                    "factor": factor,
                    "unit_hint": UNIT_FACTORS[base],
                    "median": typical,
                    "outside_sd": outside,
                    "inside_sd": inside,
                },
                rows=ctx.row_labels(error.positions),
            )
        )
    return findings
