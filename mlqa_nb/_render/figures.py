"""The inline SVG drawn beside a finding, chosen by the kind of figure data it carries."""

from __future__ import annotations

from markupsafe import Markup

from .._core.figures import (
    Bars,
    Histogram,
    Intervals,
    OverlaidHistograms,
    PairedBars,
    TimeSeries,
)
from .._core.finding import Finding
from .svg import (
    bars,
    histogram_with_flags,
    intervals,
    overlaid_histograms,
    paired_bars,
    time_series,
)

_DRAW = {
    Histogram: histogram_with_flags,
    Bars: lambda f: bars(f.labels, f.values, highlight=f.highlight),
    TimeSeries: lambda f: time_series(f.labels, f.values, f.baseline, f.flagged),
    OverlaidHistograms: overlaid_histograms,
    PairedBars: lambda f: paired_bars(f.labels, f.reference, f.current),
    Intervals: lambda f: intervals(f.labels, f.means, f.lows, f.highs, highlight=f.highlight, label=f.label),
}


def figure_for(finding: Finding) -> Markup | None:
    """The SVG for a finding's figure data, or None; never raises on odd data."""
    draw = _DRAW.get(type(finding.figure))
    if draw is None:
        return None
    try:
        return draw(finding.figure)
    except Exception:  # a figure must never cost the user the report
        return None
