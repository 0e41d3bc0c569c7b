"""unit_scale: values that sit at a unit ratio (10, 1000, 2.54, ...) from the bulk."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._core.context import ColumnData, FrameContext
from .._core.cuts import value_cut
from .._core.finding import Finding
from .._core.fixcode import literal, row_list
from .._core.params import SHARE, Param
from .._core.registry import fixes, register
from .._core.robust import SENTINELS, quantiles, robust_center_scale, without_values
from .._core.text import fmt_num, fmt_pct, plural
from .._core.units import UNIT_FACTORS


@dataclass(frozen=True)
class UnitError:
    """Rows of one column that look recorded in another unit."""

    factor: float  # value / factor lands in the bulk
    positions: np.ndarray  # row positions in the frame
    suspects: int  # values outside the bulk on the same side
    low: float = 0.0  # the window the factor explains: values from low to high, on other
    high: float = 0.0  # rows of the column too


def find_unit_error(
    values: np.ndarray,
    positions: np.ndarray,
    *,
    outside: float,
    inside: float,
    min_count: int,
    min_share: float,
    min_gap: float,
    sorted_logs: np.ndarray | None = None,
) -> UnitError | None:
    """The unit factor explaining most values far from the bulk, if any.

    Works on log values: a unit error shifts a value by log(factor). A value
    is a suspect when it lies more than ``outside`` robust SDs from the median,
    and explained by a factor when rescaling puts it within ``inside`` SDs. The
    suspects must stand apart from the bulk by ``min_gap`` SDs: an ordinary
    tail (which the log scale stretches) runs continuously into it.
    Factors closer to 1 than the bulk's own width are not tried.
    """
    if sorted_logs is None:
        finite = values[np.isfinite(values)]
        if finite.size == 0 or (finite <= 0).mean() > 0.01:
            return None
        sorted_logs = np.log(np.sort(finite[finite > 0]))
    logs = without_values(sorted_logs, [np.log(s) for s in SENTINELS if s > 0])
    if logs.size < 3 * min_count:
        return None
    center, scale = robust_center_scale(logs)
    if not scale > 0:
        return None
    best = None
    for factor in UNIT_FACTORS:
        shift = np.log(factor) / scale
        if shift < WIDE_MIN_SHIFT:
            continue  # the bulk is too wide to tell this factor from spread
        test = _explained_range if shift >= outside + inside else _shifted_copy
        for sign in (1, -1):
            found = test(logs, center, scale, sign, shift, outside, inside, min_gap)
            if found is None:
                continue
            start, stop, suspects = found
            count = stop - start
            if count < min_count or count < min_share * suspects:
                continue
            closeness = float(np.abs((logs[start:stop] - center) / scale - sign * shift).mean())
            key = (count, -closeness)
            if best is None or key > best[0]:
                best = (key, factor**sign, np.exp(logs[start]), np.exp(logs[stop - 1]), suspects, sign * shift)
    if best is None:
        return None
    _, factor, low, high, suspects, moved = best
    # the window the factor explains, on the suspects' side: what counts on other rows of the column
    near, far = sorted((center + (moved - inside) * scale, center + (moved + inside) * scale))
    near, far = (max(near, center + outside * scale), far) if moved > 0 else (near, min(far, center - outside * scale))
    # widen by a hair: exp(log(v)) need not give v back exactly
    low, high = low * (1 - 1e-9), high * (1 + 1e-9)
    hit = np.flatnonzero((values >= low) & (values <= high))
    hit = hit[~np.isin(values[hit], list(SENTINELS))]
    return UnitError(factor=factor, positions=positions[hit], suspects=suspects, low=float(np.exp(near)),
                     high=float(np.exp(far)))


#: A factor must move a value at least this many robust SDs to be told from spread.
WIDE_MIN_SHIFT = 3.0


def _shifted_copy(logs, center, scale, sign, shift, outside, inside, min_gap):
    """For a bulk too wide for a clean gap (a skewed column): the suspects are a copy
    of the bulk moved by the factor when, rescaled, they sit in the middle of the bulk
    rather than at its edge, and a valley (not a thinning tail) separates them from it."""

    def at(z: float) -> float:
        return center + z * scale

    if sign > 0:
        first = int(np.searchsorted(logs, at(outside), side="right"))
        suspects = logs.size - first
        start, stop = first, int(np.searchsorted(logs, at(shift + inside), side="right"))
        band = first - int(np.searchsorted(logs, at(outside - 2), side="right"))
    else:
        last = int(np.searchsorted(logs, at(-outside), side="left"))
        suspects = last
        start, stop = int(np.searchsorted(logs, at(-shift - inside), side="left")), last
        band = int(np.searchsorted(logs, at(-outside + 2), side="left")) - last
    if stop - start < 3:
        return None
    rescaled = (logs[start:stop] - center) / scale - sign * shift
    if abs(float(np.median(rescaled))) > 1 or band > 0.5 * (stop - start):
        return None
    return start, stop, suspects


def _explained_range(logs, center, scale, sign, shift, outside, inside, min_gap):
    """Sorted-index range [start, stop) of the log values a factor explains on
    one side, and how many suspects that side has; None when nothing qualifies.
    Thresholds in robust SDs are mapped to log values, so nothing is rescaled."""

    def at(z: float) -> float:
        return center + z * scale

    if sign > 0:
        first_suspect = int(np.searchsorted(logs, at(outside), side="right"))
        suspects = logs.size - first_suspect
        start = max(int(np.searchsorted(logs, at(shift - inside), side="left")), first_suspect)
        stop = int(np.searchsorted(logs, at(shift + inside), side="right"))
        if stop <= start:
            return None
        if first_suspect > 0 and (logs[first_suspect] - logs[first_suspect - 1]) / scale < min_gap:
            return None  # a continuous tail, not a group recorded in another unit
    else:
        last_suspect = int(np.searchsorted(logs, at(-outside), side="left"))
        suspects = last_suspect
        start = int(np.searchsorted(logs, at(-shift - inside), side="left"))
        stop = min(int(np.searchsorted(logs, at(-shift + inside), side="right")), last_suspect)
        if stop <= start:
            return None
        if last_suspect < logs.size and (logs[last_suspect] - logs[last_suspect - 1]) / scale < min_gap:
            return None
    return start, stop, suspects


def is_clock(col: ColumnData) -> bool:
    """Whether a column holds clock times written as HHMM numbers (517 for 05:17, 5
    for 00:05): whole numbers from 0 to 2400 whose last two digits never reach 60."""
    if col.kind != "numeric" or not col.is_integer or col.distinct < 100:
        return False
    values = col.sorted_finite
    if values.size == 0 or values[0] < 0 or values[-1] > 2400 or values[-1] < 1000:
        return False
    return bool(np.all(np.mod(values, 100) < 60))


def column_unit_error(ctx: FrameContext, col: ColumnData, **options) -> UnitError | None:
    """The unit error of a column, computed once per context."""
    if col.kind != "numeric" or col.storage == "boolean" or is_clock(col):
        return None  # 00:05 written as 5 is a hundredth of 05:00 by design
    ordered = col.sorted_floats
    if ordered.size == 0 or np.searchsorted(ordered, 0.0, side="right") > 0.01 * ordered.size:
        return None  # negative values: not a positive quantity
    return ctx.memo(
        ("unit_scale", col.position),
        lambda: find_unit_error(
            col.floats, col.present_positions, sorted_logs=col.sorted_logs, **options
        ),
    )


@register(
    "unit_scale", family="data", outside=5.0, inside=4.0, min_count=3, min_share=Param(0.5, SHARE), min_gap=2.0)
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
        typical = float(quantiles(col.sorted_finite, 0.5))
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
                    "cut": value_cut(between=(error.low, error.high), skip=sorted(SENTINELS)),
                },
                rows=ctx.row_labels(error.positions),
            )
        )
    return findings


@fixes("unit_scale")
def fix_unit_scale(finding: Finding, name: str) -> str | None:
    """Rescale the flagged values into the column's unit."""
    factor = finding.details.get("factor")
    if not factor or not finding.rows or len(finding.columns) != 1:
        return None
    rows = f"{name}.loc[{row_list(finding.rows)}, {literal(finding.columns[0])}]"
    return f"{rows} = {rows} * {float(f'{1 / factor:.6g}')!r}"
