"""Matplotlib figures for findings, for users who want a figure object to
adjust or save (``report.plot(i)``). The inline HTML does not need them."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._core.figures import Bars, Histogram, Intervals, OverlaidHistograms, PairedBars, TimeSeries
from .._core.finding import Finding

FLAG = "#d1242f"
GREY = "#888888"
CURRENT = "#0969da"


def plot_finding(finding: Finding, ax: Any = None) -> Any:
    """Draw a finding's figure data on ``ax`` (a new figure when None) and return the Axes.

    Distributions show the flagged values as red lines; class counts, periods,
    drift and model scores are drawn from what the finding carries.
    """
    figure = finding.figure
    if figure is None:
        raise ValueError(
            f"finding {finding.check!r} has no figure to draw; read finding.details instead"
        )
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.8))
    if isinstance(figure, Histogram):
        edges = np.asarray(figure.edges)
        shown = 10**edges if figure.log else edges
        ax.stairs(figure.counts, shown, fill=True, color=GREY)
        if figure.log:
            ax.set_xscale("log")
        for value in figure.flagged:
            ax.axvline(10**value if figure.log else value, color=FLAG, linewidth=1, alpha=0.8)
        ax.set_xlabel(figure.column or str(finding.columns[0]))
        ax.set_ylabel("rows")
        ax.set_title(f"{finding.check}: {finding.details.get('count', len(finding.rows))} flagged (red)")
    elif isinstance(figure, Bars):
        colours = [FLAG if i == figure.highlight else GREY for i in range(len(figure.labels))]
        ax.barh(list(figure.labels), list(figure.values), color=colours)
        ax.set_xlabel("rows")
        ax.set_title(f"{finding.columns[0]}: class counts" if finding.columns else finding.check)
    elif isinstance(figure, TimeSeries):
        x = np.arange(len(figure.values))
        ax.plot(x, figure.values, color="black", linewidth=1)
        ax.plot(x, figure.baseline, color=GREY, linestyle="--", linewidth=1)
        flagged = np.flatnonzero(figure.flagged)
        ax.scatter(flagged, np.asarray(figure.values)[flagged], color=FLAG, zorder=3)
        ax.set_xticks([0, len(x) - 1], [figure.labels[0], figure.labels[-1]])
        ax.set_ylabel("rows")
    elif isinstance(figure, OverlaidHistograms):
        ax.stairs(figure.reference, figure.edges, fill=True, color=GREY, alpha=0.5, label="reference")
        ax.stairs(figure.current, figure.edges, fill=True, color=CURRENT, alpha=0.5, label="current")
        ax.set_xlabel(figure.column)
        ax.set_ylabel("share of rows")
        ax.legend()
    elif isinstance(figure, PairedBars):
        y = np.arange(len(figure.labels))
        ax.barh(y - 0.2, figure.reference, height=0.4, color=GREY, label="reference")
        ax.barh(y + 0.2, figure.current, height=0.4, color=CURRENT, label="current")
        ax.set_yticks(y, list(figure.labels))
        ax.set_xlabel("share of rows")
        ax.legend()
    elif isinstance(figure, Intervals):
        y = np.arange(len(figure.labels))
        means, lows, highs = (np.asarray(v, dtype=float) for v in (figure.means, figure.lows, figure.highs))
        colours = [CURRENT if label == figure.highlight else GREY for label in figure.labels]
        ax.hlines(y, lows, highs, colors=colours)
        ax.scatter(means, y, color=colours, zorder=3)
        ax.set_yticks(y, list(figure.labels))
        ax.set_xlabel(f"{figure.label} (95% interval)")
    return ax
