"""The inline SVG drawn beside a finding, chosen by the kind of figure data it carries."""

from __future__ import annotations

from markupsafe import Markup

from .._core.figures import (
    Bars,
    Curves,
    GroupedValues,
    Histogram,
    Intervals,
    Matrix,
    OverlaidHistograms,
    PairedBars,
    Reliability,
    TimeSeries,
)
from .svg import (
    bars,
    curves,
    grouped_values,
    histogram_with_flags,
    intervals,
    matrix,
    overlaid_histograms,
    paired_bars,
    reliability_curves,
    time_series,
)

_DRAW = {
    Histogram: histogram_with_flags,
    Bars: lambda f: bars(f.labels, f.values, highlight=f.highlight),
    TimeSeries: lambda f: time_series(f.labels, f.values, f.baseline, f.flagged),
    OverlaidHistograms: overlaid_histograms,
    PairedBars: lambda f: paired_bars(f.labels, f.reference, f.current),
    Intervals: lambda f: intervals(f.labels, f.means, f.lows, f.highs, highlight=f.highlight, label=f.label),
    Matrix: matrix,
    GroupedValues: grouped_values,
    Reliability: reliability_curves,
    Curves: curves,
}


def svg_for(figure: object) -> Markup | None:
    """The SVG for figure data (a finding's or a whole report's), or None; never raises."""
    draw = _DRAW.get(type(figure))
    if draw is None:
        return None
    try:
        return draw(figure)
    except Exception:  # a figure must never cost the user the report
        return None
