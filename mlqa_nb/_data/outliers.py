"""outliers: values far from the bulk of their column, judged robustly."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._core.context import ColumnData, FrameContext
from .._core.cuts import value_cut
from .._core.finding import Finding
from .._core.fixcode import column, literal
from .._core.params import SHARE, Param
from .._core.registry import fixes, register
from .._core.robust import SENTINELS, prefers_log_scale, quantiles, robust_center_scale
from .._core.text import fmt_num, fmt_pct, name_words, plural
from .unit_scale import column_unit_error

#: This many outliers or fewer are errors to look at, not a group of their own.
FEW = 3
#: A tail (outliers not set apart from the bulk) is reported when it holds at least
#: this share of rows or reaches twice the threshold; a stray 5-SD value in a
#: large normal column is not news.
TAIL_RATE = 0.001


def worth_reporting(found: Outliers | None, n_rows: int, z_threshold: float) -> bool:
    """Whether outliers deserve a finding (see TAIL_RATE)."""
    if found is None:
        return False
    if found.separated or found.sentinel:
        return True
    return found.positions.size >= TAIL_RATE * n_rows or float(np.abs(found.z).max()) >= 2 * z_threshold


@dataclass(frozen=True)
class Outliers:
    """Values of one column beyond the robust fence."""

    positions: np.ndarray  # row positions, most extreme first
    z: np.ndarray  # their robust z-scores (on the log scale when log_scale)
    separated: bool  # a clear gap parts them from the bulk (not a long tail)
    log_scale: bool
    values: np.ndarray
    low: float = -np.inf  # the fence on the values' own scale: outliers lie below low or above high
    high: float = np.inf
    scale: float = np.nan  # the robust SD (of the logs when log_scale)

    @property
    def sentinel(self) -> bool:
        """Whether every outlier is a code people type for "unknown" (999, -1, ...)."""
        return set(np.unique(self.values).tolist()) <= SENTINELS


def find_outliers(
    values: np.ndarray,
    positions: np.ndarray,
    *,
    z_threshold: float,
    gap: float,
    sorted_values: np.ndarray | None = None,
    sorted_logs: np.ndarray | None = None,
) -> Outliers | None:
    """Values more than ``z_threshold`` robust SDs from the median.

    Positive right-skewed columns are judged on a log scale. The result is
    ``separated`` when, on a side with outliers, the nearest outlier stands at
    least ``gap`` SDs beyond the farthest ordinary value: injected errors do,
    a continuous heavy tail does not. ``sorted_values`` (the finite values,
    sorted) and ``sorted_logs`` (their logs) save work when the caller has them.
    """
    ordered = np.sort(values[np.isfinite(values)]) if sorted_values is None else sorted_values
    if ordered.size < 5:
        return None
    log_scale = prefers_log_scale(ordered)
    if log_scale:
        scaled = np.log(ordered) if sorted_logs is None else sorted_logs
    else:
        scaled = ordered
    center, scale = robust_center_scale(scaled)
    if not scale > 0:
        return None
    low_cut, high_cut = center - z_threshold * scale, center + z_threshold * scale
    n_low = int(np.searchsorted(scaled, low_cut, side="left"))
    n_high = int(scaled.size - np.searchsorted(scaled, high_cut, side="right"))
    if n_low + n_high == 0:
        return None
    separated = False
    if n_high and n_high < scaled.size:
        separated |= bool((scaled[-n_high] - scaled[-n_high - 1]) / scale >= gap)
    if n_low and n_low < scaled.size:
        separated |= bool((scaled[n_low] - scaled[n_low - 1]) / scale >= gap)
    # one pass over the raw values, with the cut-offs mapped back to their scale
    low_raw, high_raw = (np.exp(low_cut), np.exp(high_cut)) if log_scale else (low_cut, high_cut)
    flagged = np.flatnonzero((values < low_raw) | (values > high_raw))
    flagged = flagged[np.isfinite(values[flagged])]
    hits = values[flagged]
    z = ((np.log(hits) if log_scale else hits) - center) / scale
    order = np.argsort(-np.abs(z), kind="stable")
    return Outliers(
        positions=positions[flagged][order],
        z=z[order],
        separated=separated,
        log_scale=log_scale,
        values=hits[order],
        low=float(low_raw),
        high=float(high_raw),
        scale=float(scale),
    )


def outlier_text(name: str, *, count: int, rate: float, examples: np.ndarray | list, z_threshold: float,
                 max_rate: float, separated: bool, sentinel: bool, bulk: tuple[float, float]) -> tuple[str, str]:
    """The severity and sentence of an outlier finding.

    A warning when the outliers are few (at most ``max_rate`` of the rows, or at most
    FEW values) and stand apart from the bulk (whose 1st and 99th percentiles are
    ``bulk``), or are all a sentinel code; otherwise the column has a long tail or a
    second group of values, which is reported as info."""
    # a handful of values is never "a second population", however small the frame
    few = rate <= max_rate or count <= FEW
    low, high = bulk
    if sentinel:
        what = (f"{plural(count, 'value')} of {name!r} are {', '.join(fmt_num(v) for v in np.unique(examples))}, "
                "far from the rest: probably a code for 'unknown'; make it missing.")
    elif separated and not few:
        what = (f"Column {name!r} has a separate group of {plural(count, 'value')} ({fmt_pct(rate)}) far "
                f"from the bulk (1st–99th percentile {fmt_num(low)} to {fmt_num(high)}), "
                f"e.g. {fmt_num(examples[0])}: a second population or a data error.")
    elif separated:
        what = (f"{plural(count, 'value')} of {name!r} ({fmt_pct(rate)}) {'lies' if count == 1 else 'lie'} far "
                f"outside the bulk (1st–99th percentile {fmt_num(low)} to {fmt_num(high)}), "
                f"e.g. {fmt_num(examples[0])}.")
    else:
        what = (f"Column {name!r} has a long tail: {plural(count, 'value')} ({fmt_pct(rate)}) "
                f"beyond {fmt_num(z_threshold)} robust SDs, e.g. {fmt_num(examples[0])}; "
                "consider a transform or a robust model.")
    return ("warning" if sentinel or (separated and few) else "info"), what


def outlier_finding(
    ctx: FrameContext,
    col: ColumnData,
    found: Outliers,
    *,
    z_threshold: float,
    max_rate: float,
    extra: str = "",
    cut: dict | None = None,
) -> Finding:
    """The finding for one column's outliers (see :func:`outlier_text`); ``cut`` (see
    :func:`value_cut`) says which values it counts, so that a frame's engine can
    count them over every row."""
    count = int(found.positions.size)
    low, high = quantiles(col.sorted_finite, [0.01, 0.99])
    severity, what = outlier_text(col.name, count=count, rate=count / ctx.n_rows, examples=found.values,
                                  z_threshold=z_threshold, max_rate=max_rate, separated=found.separated,
                                  sentinel=found.sentinel, bulk=(float(low), float(high)))
    return Finding(
        "outliers",
        severity,
        what + extra,
        columns=(col.label,),
        details={
            "count": count,
            "rate": count / ctx.n_rows,
            "z_threshold": z_threshold,
            "method": "median/MAD robust z" + (" on log scale" if found.log_scale else ""),
            "separated": found.separated,
            "sentinel": found.sentinel,
            "examples": found.values[:5].tolist(),
            "max_abs_z": float(np.abs(found.z).max()),
            "bulk": [float(low), float(high)],
            "max_rate": max_rate,
            **({"cut": cut} if cut is not None else {}),
        },
        rows=ctx.row_labels(found.positions),
    )


#: A zero is a placeholder only this many of the column's steps below its next value.
PLACEHOLDER_STEPS = 5
#: Names of quantities where zero is an ordinary value, not a placeholder.
COUNT_WORDS = frozenset({"count", "counts", "num", "number", "qty", "quantity", "n", "nb"})


def placeholder_code(col: ColumnData, *, max_share: float = 0.5) -> float | None:
    """0 or -1 standing for "unknown" in a positive measurement, or None.

    -1 repeated where every other value is at least 0; 0 repeated (in under half of
    the rows) where every other value is positive, the smallest of them is at least a
    fifth of their median and at least PLACEHOLDER_STEPS of the column's steps above
    zero, so that a count, an amount that is often zero, or a reading below an
    instrument's threshold (calm wind) stays quiet."""
    ordered = col.sorted_finite
    if ordered.size < 10:
        return None
    for code in (-1.0, 0.0):
        lo, hi = np.searchsorted(ordered, code, side="left"), np.searchsorted(ordered, code, side="right")
        count = hi - lo
        others = ordered[hi:]
        if count < 2 or lo > 0 or others.size == 0 or count > max_share * ordered.size:
            continue
        if code < 0 and others[0] >= 0:
            return code
        if code == 0 and others[0] > 0 and not name_words(col.name) & COUNT_WORDS:
            distinct = np.unique(others[: min(others.size, 100_000)])
            step = float(np.diff(distinct).min()) if distinct.size > 1 else float(others[0])
            if others[0] >= 0.2 * float(np.median(others)) and others[0] >= PLACEHOLDER_STEPS * step:
                return code
    return None


def _placeholder_finding(ctx: FrameContext, col: ColumnData, code: float) -> Finding:
    hit = col.floats == code
    positions = col.present_positions[hit]
    count, smallest = int(positions.size), float(col.sorted_finite[col.sorted_finite > code][0])
    return Finding(
        "outliers", "warning",
        f"{plural(count, 'value')} of {col.name!r} ({fmt_pct(count / ctx.n_rows)}) are {fmt_num(code)}, far below "
        f"every other value (the smallest is {fmt_num(smallest)}): probably a code for 'unknown'; make it missing.",
        columns=(col.label,),
        details={"count": count, "rate": count / ctx.n_rows, "sentinel": True, "placeholder": code,
                 "smallest_other": smallest, "examples": [code], "cut": value_cut(equals=code)},
        rows=ctx.row_labels(positions),
    )


#: A value far out that this many rows share exactly, within a group of rows, is a
#: real case (one long route's distance, one big customer), not an error.
ENTITY_REPEATS = 3


def repeated_exactly(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Mask of the values shared exactly by at least ENTITY_REPEATS rows (of the same
    group when ``groups`` is given); codes for "unknown" (999) are never such a case."""
    import pandas as pd

    keys = pd.DataFrame({"v": values, "g": 0 if groups is None else groups})
    counts = keys.groupby(["g", "v"], sort=False)["v"].transform("size").to_numpy()
    return (counts >= ENTITY_REPEATS) & ~np.isin(values, list(SENTINELS))


#: An extreme value is isolated from a long tail when it lies this many times farther
#: from the median than the next value of the tail (a 1,048 mph wind after 42 mph).
ISOLATION = 3.0


def isolated_extremes(found: Outliers, median: float, max_count: int = FEW) -> np.ndarray:
    """Indices into ``found`` of the few values that stand far beyond the rest of a
    continuous tail, on either side (empty when the tail simply thins out)."""
    picked = []
    distance = np.abs(found.values - median)
    for side in (found.values > median, found.values < median):
        order = np.flatnonzero(side)[np.argsort(-distance[side], kind="stable")]
        if order.size < 2:
            continue
        far = distance[order]
        for k in range(min(max_count, order.size - 1)):
            if far[k + 1] > 0 and far[k] / far[k + 1] >= ISOLATION:
                picked.extend(order[: k + 1].tolist())
                break
    return np.asarray(sorted(picked), dtype=np.int64)


def fence_cut(found: Outliers, gap: float, **kwargs: Any) -> dict:
    """The cut of values beyond an outlier fence, with what it takes to check on every
    row that they stand ``gap`` robust SDs apart from the bulk (see :func:`value_cut`)."""
    cut = value_cut(found.low, found.high, **kwargs)
    cut["gap"] = {"sd": float(gap), "scale": float(found.scale), "log": bool(found.log_scale)}
    return cut


def _lone_bounds(lone: Outliers, median: float) -> tuple[float | None, float | None]:
    """The cut of values set apart from a tail: at or below the nearest one under the
    median, at or above the nearest one over it."""
    below, above = lone.values[lone.values < median], lone.values[lone.values > median]
    return (float(below.max()) if below.size else None, float(above.min()) if above.size else None)


def _split(found: Outliers, keep: np.ndarray, **changes) -> Outliers:
    return dataclasses.replace(found, positions=found.positions[keep], z=found.z[keep],
                               values=found.values[keep], **changes)


def outlier_columns(ctx: FrameContext, columns: list[ColumnData] | None = None):
    """Numeric columns worth an outlier test: not booleans, not identifiers."""
    for col in columns if columns is not None else ctx.columns:
        if col.kind == "numeric" and col.storage != "boolean":
            yield col


@register(
    "outliers", family="data", entries=("profile", "outliers"), z_threshold=5.0, gap=3.0, max_rate=Param(0.01, SHARE))
def outliers(
    ctx: FrameContext, *, z_threshold: float, gap: float, max_rate: float
) -> list[Finding]:
    """Values far from the bulk of their column (median and MAD)."""
    findings = []
    for col in outlier_columns(ctx):
        values, positions = col.floats, col.present_positions
        ordered = col.sorted_finite
        logs = col.sorted_logs if ordered.size and ordered[0] > 0 else None
        extra = ""
        code = placeholder_code(col)
        if code is not None:
            findings.append(_placeholder_finding(ctx, col, code))
            keep = values != code
            values, positions, ordered, logs = values[keep], positions[keep], None, None
        unit_options = ctx.options.get("unit_scale")
        unit_error = column_unit_error(ctx, col, **unit_options) if unit_options else None
        if unit_error is not None:
            keep = ~np.isin(positions, unit_error.positions)
            values, positions = values[keep], positions[keep]
            ordered = logs = None
            extra = f" ({unit_error.positions.size:,} more look recorded in another unit: see unit_scale.)"
        found = find_outliers(
            values, positions, z_threshold=z_threshold, gap=gap, sorted_values=ordered,
            sorted_logs=logs,
        )
        skip = () if code is None else (code,)
        # values taken as another unit are not a cut of the column: no cut, no recount
        fence = found if found is not None and unit_error is None else None
        inner = None
        if found is not None and not found.separated and not found.sentinel:
            median = float(np.median(col.sorted_finite))
            isolated = isolated_extremes(found, median)
            if isolated.size:
                lone = _split(found, isolated, separated=True)  # set apart from the tail
                inner = _lone_bounds(lone, median)
                findings.append(outlier_finding(ctx, col, lone, z_threshold=z_threshold, max_rate=max_rate,
                                                cut=value_cut(*inner, strict=False, skip=skip) if fence else None))
                found = _split(found, np.setdiff1d(np.arange(found.values.size), isolated))
                found = found if found.values.size else None
        if worth_reporting(found, ctx.n_rows, z_threshold):
            findings.append(
                outlier_finding(ctx, col, found, z_threshold=z_threshold, max_rate=max_rate, extra=extra,
                                cut=fence_cut(fence, gap, inner=inner, skip=skip) if fence else None)
            )
    return findings



@fixes("outliers")
def fix_outliers(finding: Finding, name: str) -> str | None:
    """Turn a placeholder code (-1, 0, 999...) into a missing value; true outliers have no
    mechanical fix."""
    if not finding.details.get("sentinel") or "placeholder" not in finding.details or len(finding.columns) != 1:
        return None
    target = column(name, finding.columns[0])
    return f"{target} = {target}.mask({target} == {literal(finding.details['placeholder'])})"
