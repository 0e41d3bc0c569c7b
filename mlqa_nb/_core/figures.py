"""The small data behind each finding's figure, computed when the finding is made.

A finding carries one of these (``finding.figure``), so a report can be drawn at
any time without the frames it was made from: the renderer only draws. Every
field is a tuple of plain numbers or strings, a few hundred at most.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .context import as_floats, same_label

if TYPE_CHECKING:  # pragma: no cover
    from .context import FrameContext
    from .finding import Finding

#: Values a distribution is binned from at most (a spread sample beyond; flagged marks stay exact).
FIGURE_VALUES = 100_000
#: Flagged values marked under a distribution at most.
MAX_MARKS = 500
BINS = 40


@dataclass(frozen=True)
class Histogram:
    """A column's distribution with flagged values marked (outliers, unit errors,
    range violations). ``edges``, ``flagged`` and ``bounds`` are on the display
    scale: log10 of the values when ``log``."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    flagged: tuple[float, ...]
    log: bool = False
    bounds: tuple[float, ...] = ()
    column: str = ""


@dataclass(frozen=True)
class Bars:
    """A count per label (class counts), one bar highlighted."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    highlight: int | None = None
    title: str = ""


@dataclass(frozen=True)
class TimeSeries:
    """Rows per period with the baseline and the flagged periods."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    baseline: tuple[float, ...]
    flagged: tuple[bool, ...]


@dataclass(frozen=True)
class OverlaidHistograms:
    """Reference and current distributions as shares on shared bins."""

    edges: tuple[float, ...]
    reference: tuple[float, ...]
    current: tuple[float, ...]
    column: str = ""


@dataclass(frozen=True)
class PairedBars:
    """Per level, its share in the reference and in the current frame."""

    labels: tuple[str, ...]
    reference: tuple[float, ...]
    current: tuple[float, ...]


@dataclass(frozen=True)
class Intervals:
    """One row per model: mean score and interval; ``highlight`` is the user's model."""

    labels: tuple[str, ...]
    means: tuple[float, ...]
    lows: tuple[float, ...]
    highs: tuple[float, ...]
    highlight: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Matrix:
    """A grid of shares between 0 and 1, one row per ``rows`` label: columns missing
    together (the share of a row's missing cells where a column is missing too),
    a confusion matrix (the share of each true class given each prediction)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    title: str = ""
    row_title: str = ""
    column_title: str = ""


@dataclass(frozen=True)
class GroupedValues:
    """A column's values per group (a spread sample of each, for box and strip
    plots) with the values flagged within their group."""

    groups: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    flagged: tuple[tuple[float, ...], ...]
    column: str = ""
    by: str = ""


@dataclass(frozen=True)
class Reliability:
    """Mean predicted probability against the observed frequency, per bin and per
    model: a calibrated model lies on the diagonal."""

    labels: tuple[str, ...]
    predicted: tuple[tuple[float, ...], ...]
    observed: tuple[tuple[float, ...], ...]
    counts: tuple[tuple[int, ...], ...]
    highlight: str | None = None
    what: str = ""


@dataclass(frozen=True)
class Curves:
    """Lines over a shared x: a learning curve's score and changed answers by size."""

    x: tuple[float, ...]
    series: dict[str, tuple[float, ...]]
    x_label: str = ""
    y_label: str = ""
    log_x: bool = False


FigureData = (
    Histogram | Bars | TimeSeries | OverlaidHistograms | PairedBars | Intervals | Matrix | GroupedValues | Reliability
    | Curves
)


def float_tuple(values: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values, dtype=float))


def histogram(
    values: np.ndarray, flagged: np.ndarray, *, bounds: Sequence[float | None] = (), column: str = "",
    bins: int = BINS, show_bounds: bool = False,
) -> Histogram | None:
    """Bin ``values`` (log scale when they are positive and span three decades)
    and keep the flagged values to mark; None when there is nothing to draw.
    ``show_bounds`` widens the range to the bounds when they lie outside it."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    flagged = np.asarray(flagged, dtype=float)
    flagged = flagged[np.isfinite(flagged)]
    if values.size == 0:
        return None
    if values.size > FIGURE_VALUES:
        values = values[:: values.size // FIGURE_VALUES]
    positive = values[values > 0]
    log = positive.size == values.size and bool(positive.max() / positive.min() > 1e3)
    if log:
        values, flagged = np.log10(values), np.log10(flagged[flagged > 0])
    low = float(min(values.min(), flagged.min() if flagged.size else values.min()))
    high = float(max(values.max(), flagged.max() if flagged.size else values.max()))
    if show_bounds:  # the range reaches the bounds (a latency budget far from every call)
        shown = [float(np.log10(b)) if log else float(b) for b in bounds if b is not None and (not log or b > 0)]
        low, high = min([low, *shown]), max([high, *shown])
    if high == low:
        high = low + 1
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    shown_bounds = []
    for bound in bounds:
        if bound is None or (log and bound <= 0):
            continue
        b = float(np.log10(bound)) if log else float(bound)
        if low <= b <= high:
            shown_bounds.append(b)
    return Histogram(
        edges=float_tuple(edges), counts=tuple(int(c) for c in counts),
        flagged=float_tuple(np.unique(flagged)[:MAX_MARKS]), log=log, bounds=tuple(shown_bounds), column=column,
    )


def with_distribution(ctx: FrameContext, finding: Finding) -> Finding:
    """The finding with a histogram of its (numeric) column and its rows marked,
    unless it carries a figure already."""
    if not finding.columns or not finding.rows or finding.figure is not None:
        return finding
    matches = [c for c in ctx.columns if same_label(c.label, finding.columns[0])]
    if len(matches) != 1 or matches[0].storage != "numeric" or matches[0].kind != "numeric":
        return finding
    col = matches[0]
    try:
        values = col.floats
    except TypeError:
        return finding
    flagged = as_floats(col.series[ctx.df.index.isin(list(finding.rows))])
    figure = histogram(values, flagged, bounds=(finding.details.get("low"), finding.details.get("high")),
                       column=col.name)
    return dataclasses.replace(finding, figure=figure) if figure is not None else finding


def overlaid(reference: np.ndarray, current: np.ndarray, *, column: str = "", bins: int = BINS) -> OverlaidHistograms | None:
    """Reference and current values as shares on shared bins (0.5% tails clipped)."""
    reference = reference[np.isfinite(reference)]
    current = current[np.isfinite(current)]
    if reference.size == 0 or current.size == 0:
        return None
    both = np.concatenate([reference, current])
    low, high = np.quantile(both, [0.005, 0.995])
    if high <= low:
        low, high = both.min(), both.max() + 1
    edges = np.linspace(low, high, bins + 1)
    a = np.histogram(np.clip(reference, low, high), edges)[0] / reference.size
    b = np.histogram(np.clip(current, low, high), edges)[0] / current.size
    return OverlaidHistograms(float_tuple(edges), float_tuple(a), float_tuple(b), column=column)


#: Groups a per-group figure shows at most (those with the most flagged values).
MAX_GROUPS = 12
#: Groups without flagged values shown beside the flagged ones, up to this many in all.
CONTEXT_GROUPS = 6
#: Values kept per group for a box and strip plot.
GROUP_VALUES = 200


def grouped_values(
    values: np.ndarray, groups: np.ndarray, flagged: np.ndarray, name_of: Callable[[int], str], *, column: str = "",
    by: str = "",
) -> GroupedValues | None:
    """Per group (integer codes in ``groups``, labelled by ``name_of(code)``), a spread sample
    of its values and its flagged values: the groups with the most flagged values first,
    then the largest others for comparison."""
    hit_groups, hits = np.unique(groups[flagged], return_counts=True)
    if hit_groups.size == 0:
        return None
    shown = list(hit_groups[np.argsort(-hits, kind="stable")][:MAX_GROUPS])
    if len(shown) < CONTEXT_GROUPS:  # the largest other groups, to compare with
        codes, sizes = np.unique(groups, return_counts=True)
        others = [g for g in codes[np.argsort(-sizes, kind="stable")] if g not in set(shown)]
        shown += others[: CONTEXT_GROUPS - len(shown)]
    kept, marked = [], []
    for g in shown:
        own = values[groups == g]
        if own.size > GROUP_VALUES:
            own = np.sort(own)[np.linspace(0, own.size - 1, GROUP_VALUES).astype(int)]
        kept.append(float_tuple(own))
        marked.append(float_tuple(values[(groups == g) & flagged][:MAX_MARKS]))
    return GroupedValues(tuple(str(name_of(int(g))) for g in shown), tuple(kept), tuple(marked), column=column, by=by)
