"""Figure objects for findings, drawn with seaborn on matplotlib, for users who want
a figure to adjust or save (``report.plot(i)``, ``finding.plot()``, the explorer).
The inline HTML report draws its own light SVG and does not need them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Bars, Histogram, Intervals, OverlaidHistograms, PairedBars, TimeSeries
from .._core.finding import Finding

FLAG = "#d1242f"
GREY = "#888888"
CURRENT = "#0969da"
#: The seaborn style the figures are drawn in (set for each figure, never globally).
STYLE = "ticks"


def plot_finding(finding: Finding, ax: Any = None) -> Any:
    """Draw a finding's figure data on ``ax`` (a new figure when None) and return the Axes.

    Distributions show the flagged values as red lines and a red rug; class counts
    highlight the rare class; periods show the expected count dashed and the odd
    periods in red; drift overlays reference and current; model scores show their
    intervals.
    """
    figure = finding.figure
    if figure is None:
        raise ValueError(
            f"finding {finding.check!r} has no figure to draw; read finding.details instead"
        )
    import matplotlib.pyplot as plt
    import seaborn as sns

    with sns.axes_style(STYLE):
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 2.8))
        draw = _DRAWERS[type(figure)]
        draw(sns, ax, figure, finding)
        sns.despine(ax=ax)
    return ax


def _histogram(sns: Any, ax: Any, figure: Histogram, finding: Finding) -> None:
    edges = np.asarray(figure.edges, dtype=float)
    shown = 10**edges if figure.log else edges
    centres = (shown[:-1] + shown[1:]) / 2
    sns.histplot(x=centres, weights=np.asarray(figure.counts, dtype=float), bins=shown.tolist(), color=GREY,
                 edgecolor="none", ax=ax)
    if figure.log:
        ax.set_xscale("log")
    flagged = [10**v if figure.log else v for v in figure.flagged]
    for value in flagged:
        ax.axvline(value, color=FLAG, linewidth=1, alpha=0.8)
    if flagged:
        sns.rugplot(x=flagged, color=FLAG, height=0.06, ax=ax)
    ax.set_xlabel(figure.column or str(finding.columns[0]))
    ax.set_ylabel("rows")
    ax.set_title(f"{finding.check}: {finding.details.get('count', len(finding.rows))} flagged (red)")


def _bars(sns: Any, ax: Any, figure: Bars, finding: Finding) -> None:
    labels = list(figure.labels)
    palette = {label: FLAG if i == figure.highlight else GREY for i, label in enumerate(labels)}
    sns.barplot(x=list(figure.values), y=labels, hue=labels, palette=palette, legend=False, orient="h", ax=ax)
    ax.set_xlabel("rows")
    ax.set_title(figure.title or (f"{finding.columns[0]}: class counts" if finding.columns else finding.check))


def _time_series(sns: Any, ax: Any, figure: TimeSeries, finding: Finding) -> None:
    x = np.arange(len(figure.values))
    sns.lineplot(x=x, y=list(figure.values), color="black", linewidth=1, ax=ax, label="rows")
    sns.lineplot(x=x, y=list(figure.baseline), color=GREY, linestyle="--", linewidth=1, ax=ax, label="expected")
    flagged = np.flatnonzero(figure.flagged)
    sns.scatterplot(x=flagged, y=np.asarray(figure.values)[flagged], color=FLAG, zorder=3, ax=ax, label="odd")
    ax.set_xticks([0, len(x) - 1], [figure.labels[0], figure.labels[-1]])
    ax.set_ylabel("rows")


def _overlaid(sns: Any, ax: Any, figure: OverlaidHistograms, finding: Finding) -> None:
    edges = np.asarray(figure.edges, dtype=float)
    centres = (edges[:-1] + edges[1:]) / 2
    data = pd.DataFrame({"value": np.r_[centres, centres],
                         "share": np.r_[figure.reference, figure.current],
                         "data": ["reference"] * len(centres) + ["current"] * len(centres)})
    sns.histplot(data=data, x="value", weights="share", hue="data", bins=edges.tolist(), element="step",
                 palette={"reference": GREY, "current": CURRENT}, ax=ax)
    ax.set_xlabel(figure.column)
    ax.set_ylabel("share of rows")


def _paired(sns: Any, ax: Any, figure: PairedBars, finding: Finding) -> None:
    labels = list(figure.labels)
    data = pd.DataFrame({"category": labels * 2, "share": [*figure.reference, *figure.current],
                         "data": ["reference"] * len(labels) + ["current"] * len(labels)})
    sns.barplot(data=data, x="share", y="category", hue="data", orient="h",
                palette={"reference": GREY, "current": CURRENT}, ax=ax)
    ax.set_xlabel("share of rows")
    ax.set_ylabel("")


def _intervals(sns: Any, ax: Any, figure: Intervals, finding: Finding) -> None:
    labels = list(figure.labels)
    means, lows, highs = (np.asarray(v, dtype=float) for v in (figure.means, figure.lows, figure.highs))
    palette = {label: CURRENT if label == figure.highlight else GREY for label in labels}
    ax.hlines(labels, lows, highs, colors=[palette[label] for label in labels])
    sns.scatterplot(x=means, y=labels, hue=labels, palette=palette, legend=False, zorder=3, ax=ax)
    ax.set_xlabel(f"{figure.label} (95% interval)")


_DRAWERS = {Histogram: _histogram, Bars: _bars, TimeSeries: _time_series, OverlaidHistograms: _overlaid,
            PairedBars: _paired, Intervals: _intervals}
