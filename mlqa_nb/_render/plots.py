"""Figure objects for findings, drawn with seaborn on matplotlib, for users who want
a figure to adjust or save (``report.plot(i)``, ``finding.plot()``, the explorer).
The inline HTML report draws its own light SVG and does not need them."""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np
import pandas as pd

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
    if finding.figure is None:
        raise ValueError(
            f"finding {finding.check!r} has no figure to draw; read finding.details instead"
        )
    return plot_figure(finding.figure, ax=ax, finding=finding)


def plot_figure(figure: Any, ax: Any = None, finding: Finding | None = None) -> Any:
    """Draw figure data (of a finding, or of a whole report) on ``ax`` and return the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    draw = _DRAWERS[type(figure)]
    with sns.axes_style(STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # seaborn's calls into newer matplotlib
        if ax is None:
            _, ax = plt.subplots(figsize=_SIZES.get(type(figure), (6, 2.8)))
        draw(sns, ax, figure, finding)
        if not isinstance(figure, Matrix):
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


def _matrix(sns: Any, ax: Any, figure: Matrix, finding: Finding | None) -> None:
    data = pd.DataFrame(np.asarray(figure.values, dtype=float), index=list(figure.rows), columns=list(figure.columns))
    sns.heatmap(data, vmin=0, vmax=1, cmap="Blues", annot=data.shape[0] <= 12, fmt=".0%", cbar=False, square=True,
                linewidths=0.5, ax=ax)
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_ylabel(figure.row_title)
    ax.set_xlabel(figure.column_title)
    ax.set_title(figure.title, fontsize=10)


def _grouped(sns: Any, ax: Any, figure: GroupedValues, finding: Finding | None) -> None:
    groups = list(figure.groups)
    values = pd.DataFrame({"group": [g for g, vs in zip(groups, figure.values) for _ in vs],
                           "value": [v for vs in figure.values for v in vs]})
    flagged = pd.DataFrame({"group": [g for g, vs in zip(groups, figure.flagged) for _ in vs],
                            "value": [v for vs in figure.flagged for v in vs]})
    sns.boxplot(data=values, x="value", y="group", order=groups, color="#dddddd", fliersize=0, ax=ax)
    sns.stripplot(data=values, x="value", y="group", order=groups, color=GREY, size=2, alpha=0.5, jitter=0.2, ax=ax)
    if len(flagged):
        sns.stripplot(data=flagged, x="value", y="group", order=groups, color=FLAG, size=5, jitter=0, ax=ax)
    ax.set_xlabel(figure.column)
    ax.set_ylabel(figure.by)
    ax.set_title(f"{figure.column} by {figure.by}: flagged within their group (red)")


def _reliability(sns: Any, ax: Any, figure: Reliability, finding: Finding | None) -> None:
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", linewidth=1)
    others = itertools.cycle(sns.color_palette("colorblind")[1:])
    for label, x, y in zip(figure.labels, figure.predicted, figure.observed):
        own = label == figure.highlight
        sns.lineplot(x=list(x), y=list(y), marker="o", label=label, ax=ax, linewidth=2.2 if own else 1,
                     color=CURRENT if own else next(others))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"predicted probability{f' ({figure.what})' if figure.what else ''}")
    ax.set_ylabel("observed frequency")
    ax.set_title("reliability: a calibrated model follows the diagonal", fontsize=10)


def _curves(sns: Any, ax: Any, figure: Curves, finding: Finding | None) -> None:
    colours = itertools.cycle([CURRENT, *sns.color_palette("colorblind")[1:]])
    for (label, values), colour in zip(figure.series.items(), colours):
        sns.lineplot(x=list(figure.x), y=list(values), marker="o", label=label, color=colour, ax=ax)
    if figure.log_x:
        ax.set_xscale("log")
    ax.set_xlabel(figure.x_label)
    ax.set_ylabel(figure.y_label)


_DRAWERS = {Histogram: _histogram, Bars: _bars, TimeSeries: _time_series, OverlaidHistograms: _overlaid,
            PairedBars: _paired, Intervals: _intervals, Matrix: _matrix, GroupedValues: _grouped,
            Reliability: _reliability, Curves: _curves}
_SIZES = {Matrix: (6, 5), Reliability: (5, 4.5), GroupedValues: (6, 3.6)}
