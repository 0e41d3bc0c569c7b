"""Small inline SVG charts: fast to draw, crisp, and coloured by the page's theme.

Only numbers computed here go into the markup; every label from user data is
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from markupsafe import Markup, escape

from .._core.figures import (
    Curves,
    GroupedValues,
    Histogram,
    Matrix,
    OverlaidHistograms,
    Reliability,
)
from .._core.text import fmt_num

FLAG = "#d1242f"


def _number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def sparkline_histogram(counts: Sequence[int], *, width: int = 180, height: int = 44) -> Markup:
    """Bars of a column's histogram, in the text colour at half strength."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0 or counts.max() <= 0:
        return Markup("")
    bar = width / counts.size
    rects = []
    for i, c in enumerate(counts):
        h = 0 if c == 0 else max(1.0, (height - 2) * c / counts.max())
        rects.append(
            f'<rect x="{_number(i * bar + 0.5)}" y="{_number(height - h)}" '
            f'width="{_number(max(bar - 1, 0.5))}" height="{_number(h)}"/>'
        )
    return Markup(
        f'<svg class="mlqa-spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="histogram"><g fill="currentColor" fill-opacity="0.55">'
        + "".join(rects)
        + "</g></svg>"
    )


def histogram_with_flags(
    figure: Histogram,
    *,
    width: int = 420,
    height: int = 120,
) -> Markup:
    """Distribution of a column with the flagged values marked in red below it."""
    counts, edges, log = np.asarray(figure.counts), np.asarray(figure.edges), figure.log
    bins = counts.size
    if bins == 0:
        return Markup("")
    low, high = float(edges[0]), float(edges[-1])
    pad_left, pad_bottom, rug = 6, 22, 10
    plot_w, plot_h = width - 2 * pad_left, height - pad_bottom - rug
    scale = plot_h / max(counts.max(), 1)
    bar = plot_w / bins
    parts = ['<g fill="currentColor" fill-opacity="0.5">']
    for i, c in enumerate(counts):
        if c:
            h = max(1.0, c * scale)
            parts.append(
                f'<rect x="{_number(pad_left + i * bar)}" y="{_number(plot_h - h)}" '
                f'width="{_number(max(bar - 1, 0.5))}" height="{_number(h)}"/>'
            )
    parts.append("</g>")

    def x_of(v: float) -> float:
        return pad_left + (v - low) / (high - low) * plot_w

    parts.append(f'<g stroke="{FLAG}" stroke-width="1.5">')
    for v in figure.flagged:
        x = x_of(float(v))
        parts.append(f'<line x1="{_number(x)}" x2="{_number(x)}" y1="{plot_h + 2}" y2="{plot_h + rug}"/>')
    parts.append("</g>")
    for b in figure.bounds:
        if low <= b <= high:
            x = x_of(b)
            parts.append(
                f'<line x1="{_number(x)}" x2="{_number(x)}" y1="0" y2="{plot_h}" '
                f'stroke="{FLAG}" stroke-dasharray="4 3"/>'
            )
    axis_y = height - 6
    left, right = (10**low, 10**high) if log else (low, high)
    parts.append(
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{pad_left}" y="{axis_y}">{escape(fmt_num(left))}</text>'
        f'<text x="{width - pad_left}" y="{axis_y}" text-anchor="end">{escape(fmt_num(right))}</text>'
        + (f'<text x="{width / 2}" y="{axis_y}" text-anchor="middle">log scale</text>' if log else "")
        + "</g>"
    )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="distribution with flagged values">' + "".join(parts) + "</svg>"
    )


def bars(
    labels: Sequence[str], counts: Sequence[float], *, highlight: int | None = None, width: int = 420
) -> Markup:
    """Horizontal bars with labels (escaped) and counts."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return Markup("")
    row, label_w = 18, 130
    height = row * counts.size + 4
    top = max(counts.max(), 1)
    parts = []
    for i, (label, c) in enumerate(zip(labels, counts)):
        y = i * row + 2
        w = (width - label_w - 70) * c / top
        colour = f'fill="{FLAG}"' if i == highlight else 'fill="currentColor" fill-opacity="0.5"'
        text = str(label)
        text = text if len(text) <= 20 else text[:19] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" fill="currentColor" '
            f'font-size="11">{escape(text)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{_number(max(w, 1))}" height="{row - 6}" {colour}/>'
            f'<text x="{_number(label_w + w + 4)}" y="{y + 12}" fill="currentColor" font-size="11" '
            f'fill-opacity="0.8">{escape(fmt_num(c))}</text>'
        )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="bar chart">' + "".join(parts) + "</svg>"
    )


CURRENT = "#0969da"


def time_series(
    labels: Sequence[str],
    counts: Sequence[float],
    baseline: Sequence[float],
    flagged: Sequence[bool],
    *,
    width: int = 520,
    height: int = 130,
) -> Markup:
    """Counts per period (line), the baseline (dashed) and flagged periods (red dots)."""
    counts = np.asarray(counts, dtype=float)
    baseline = np.asarray(baseline, dtype=float)
    if counts.size < 2:
        return Markup("")
    top = max(np.nanmax(counts), np.nanmax(np.nan_to_num(baseline)), 1.0)
    pad, bottom = 6, 18
    plot_h = height - bottom - pad

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / (counts.size - 1)

    def y(v: float) -> float:
        return pad + plot_h - v / top * plot_h

    line = " ".join(f"{_number(x(i))},{_number(y(v))}" for i, v in enumerate(counts))
    base = " ".join(f"{_number(x(i))},{_number(y(v))}" for i, v in enumerate(baseline) if np.isfinite(v))
    dots = "".join(
        f'<circle cx="{_number(x(i))}" cy="{_number(y(counts[i]))}" r="3" fill="{FLAG}"/>'
        for i in np.flatnonzero(np.asarray(flagged, dtype=bool))
    )
    axis = (
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{pad}" y="{height - 4}">{escape(labels[0])}</text>'
        f'<text x="{width - pad}" y="{height - 4}" text-anchor="end">{escape(labels[-1])}</text>'
        f'<text x="{pad + 2}" y="{pad + 9}">{escape(fmt_num(top))}</text></g>'
    )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="rows per period">'
        f'<polyline points="{base}" fill="none" stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="3 3"/>'
        f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-opacity="0.85" stroke-width="1.2"/>'
        f"{dots}{axis}</svg>"
    )


def overlaid_histograms(figure: OverlaidHistograms, *, width: int = 420, height: int = 110) -> Markup:
    """Reference (grey) and current (blue) distributions on shared bins, as shares."""
    a, b = np.asarray(figure.reference), np.asarray(figure.current)
    bins = a.size
    if bins == 0:
        return Markup("")
    low, high = figure.edges[0], figure.edges[-1]
    top = max(a.max(), b.max(), 1e-9)
    pad, bottom = 6, 18
    plot_h = height - bottom - pad
    bar = (width - 2 * pad) / bins
    parts = []
    for shares, colour, opacity in ((a, "currentColor", 0.45), (b, CURRENT, 0.55)):
        parts.append(f'<g fill="{colour}" fill-opacity="{opacity}">')
        for i, share in enumerate(shares):
            if share:
                h = max(1.0, share / top * plot_h)
                parts.append(f'<rect x="{_number(pad + i * bar)}" y="{_number(pad + plot_h - h)}" '
                             f'width="{_number(max(bar - 1, 0.5))}" height="{_number(h)}"/>')
        parts.append("</g>")
    parts.append(
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{pad}" y="{height - 4}">{escape(fmt_num(low))}</text>'
        f'<text x="{width - pad}" y="{height - 4}" text-anchor="end">{escape(fmt_num(high))}</text>'
        f'<text x="{width / 2}" y="{height - 4}" text-anchor="middle">grey: reference · blue: current</text></g>'
    )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="reference and current distributions">' + "".join(parts) + "</svg>"
    )


def paired_bars(labels: Sequence[str], reference: Sequence[float], current: Sequence[float], *, width: int = 420) -> Markup:
    """Per level, the reference share (grey) above the current share (blue)."""
    row, label_w = 22, 130
    height = row * len(labels) + 4
    top = max(max(reference, default=0), max(current, default=0), 1e-9)
    parts = []
    for i, (label, a, b) in enumerate(zip(labels, reference, current)):
        y = i * row + 2
        text = label if len(label) <= 20 else label[:19] + "…"
        wa, wb = (width - label_w - 60) * a / top, (width - label_w - 60) * b / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="currentColor" font-size="11">{escape(text)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{_number(max(wa, 0.5))}" height="8" fill="currentColor" fill-opacity="0.45"/>'
            f'<rect x="{label_w}" y="{y + 11}" width="{_number(max(wb, 0.5))}" height="8" fill="{CURRENT}" fill-opacity="0.7"/>'
            f'<text x="{_number(label_w + max(wa, wb) + 4)}" y="{y + 14}" fill="currentColor" font-size="10" fill-opacity="0.8">'
            f'{escape(f"{100 * a:.0f}% → {100 * b:.0f}%")}</text>'
        )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="reference and current shares">' + "".join(parts) + "</svg>"
    )


def intervals(
    labels: Sequence[str],
    means: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    highlight: str | None = None,
    label: str = "",
    width: int = 460,
) -> Markup:
    """One row per model: its mean score (dot) and interval (line); the user's model in blue."""
    values = np.array([v for v in list(lows) + list(highs) + list(means) if v is not None and np.isfinite(v)])
    if values.size == 0:
        return Markup("")
    low, high = float(values.min()), float(values.max())
    if high == low:
        high = low + 1
    row, label_w, pad = 20, 170, 10
    height = row * len(labels) + 22
    plot_w = width - label_w - 2 * pad

    def x(v: float) -> float:
        return label_w + pad + (v - low) / (high - low) * plot_w

    parts = []
    for i, (name, mean, lo, hi) in enumerate(zip(labels, means, lows, highs)):
        y = i * row + 12
        colour = CURRENT if name == highlight else "currentColor"
        text = name if len(name) <= 26 else name[:25] + "…"
        parts.append(f'<text x="{label_w - 4}" y="{y + 4}" text-anchor="end" fill="currentColor" font-size="11">{escape(text)}</text>')
        if lo is not None and hi is not None and np.isfinite(lo) and np.isfinite(hi):
            parts.append(f'<line x1="{_number(x(lo))}" x2="{_number(x(hi))}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2" stroke-opacity="0.7"/>')
        if mean is not None and np.isfinite(mean):
            parts.append(f'<circle cx="{_number(x(mean))}" cy="{y}" r="4" fill="{colour}"/>')
    axis_y = height - 4
    parts.append(
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{label_w + pad}" y="{axis_y}">{escape(fmt_num(low))}</text>'
        f'<text x="{width - pad}" y="{axis_y}" text-anchor="end">{escape(fmt_num(high))}</text>'
        f'<text x="{label_w + pad + plot_w / 2}" y="{axis_y}" text-anchor="middle">{escape(label)} (95% interval)</text></g>'
    )
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="scores with intervals">' + "".join(parts) + "</svg>"
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(parts: list[str], width: float, height: float, label: str) -> Markup:
    return Markup(
        f'<svg class="mlqa-figure" viewBox="0 0 {_number(width)} {_number(height)}" width="{_number(width)}" '
        f'height="{_number(height)}" role="img" aria-label="{escape(label)}">' + "".join(parts) + "</svg>"
    )


def matrix(figure: Matrix, *, cell: int = 34) -> Markup:
    """A heatmap of shares: the darker a cell, the larger its share (written in it)."""
    values = np.asarray(figure.values, dtype=float)
    if values.size == 0:
        return Markup("")
    longest = max(len(_cut(name, 18)) for name in figure.columns)
    label_w, top = 150, 24 + 5 * longest
    width = max(label_w + cell * len(figure.columns) + 4, 380)
    height = top + cell * len(figure.rows) + 18
    parts = [f'<g fill="currentColor" font-size="10" fill-opacity="0.8">'
             f'<text x="4" y="12">{escape(_cut(figure.title, 70))}</text>']
    for j, name in enumerate(figure.columns):
        x = label_w + j * cell + cell / 2
        parts.append(f'<text transform="translate({_number(x + 3)},{top - 4}) rotate(-60)">{escape(_cut(name, 18))}</text>')
    for i, name in enumerate(figure.rows):
        parts.append(f'<text x="{label_w - 6}" y="{_number(top + i * cell + cell / 2 + 4)}" text-anchor="end">'
                     f'{escape(_cut(name, 24))}</text>')
    parts.append("</g>")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = float(np.clip(values[i, j], 0, 1))
            x, y = label_w + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{CURRENT}" '
                         f'fill-opacity="{_number(0.06 + 0.84 * v)}"/>'
                         f'<text x="{_number(x + cell / 2 - 1)}" y="{_number(y + cell / 2 + 3)}" text-anchor="middle" '
                         f'font-size="9" fill="{"#ffffff" if v > 0.55 else "currentColor"}">{100 * v:.0f}%</text>')
    parts.append(f'<g fill="currentColor" font-size="10" fill-opacity="0.75">'
                 f'<text x="4" y="{height - 4}">rows: {escape(figure.row_title)} · columns: '
                 f'{escape(figure.column_title)}</text></g>')
    return _svg(parts, width, height, "heatmap")


def grouped_values(figure: GroupedValues, *, width: int = 460) -> Markup:
    """Per group, its middle half (box), 5th to 95th percentile (line), median (tick)
    and the values flagged within it (red dots)."""
    every = [v for vs in (*figure.values, *figure.flagged) for v in vs if np.isfinite(v)]
    if not every:
        return Markup("")
    low, high = float(min(every)), float(max(every))
    high = high if high > low else low + 1
    row, label_w, pad = 20, 130, 8
    height = row * len(figure.groups) + 22
    plot_w = width - label_w - 2 * pad

    def x(v: float) -> str:
        return _number(label_w + pad + (v - low) / (high - low) * plot_w)

    parts = []
    for i, (name, values, flagged) in enumerate(zip(figure.groups, figure.values, figure.flagged)):
        y = i * row + 10
        parts.append(f'<text x="{label_w - 4}" y="{y + 4}" text-anchor="end" fill="currentColor" font-size="11">'
                     f'{escape(_cut(name, 20))}</text>')
        if values:
            p5, q1, q2, q3, p95 = np.percentile(values, [5, 25, 50, 75, 95])
            parts.append(
                f'<line x1="{x(p5)}" x2="{x(p95)}" y1="{y}" y2="{y}" stroke="currentColor" stroke-opacity="0.5"/>'
                f'<rect x="{x(q1)}" y="{y - 5}" width="{_number(max(float(x(q3)) - float(x(q1)), 1))}" height="10" '
                f'fill="currentColor" fill-opacity="0.25"/>'
                f'<line x1="{x(q2)}" x2="{x(q2)}" y1="{y - 5}" y2="{y + 5}" stroke="currentColor"/>'
            )
        parts += [f'<circle cx="{x(v)}" cy="{y}" r="3" fill="{FLAG}"/>' for v in flagged]
    parts.append(
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{label_w + pad}" y="{height - 4}">{escape(fmt_num(low))}</text>'
        f'<text x="{width - pad}" y="{height - 4}" text-anchor="end">{escape(fmt_num(high))}</text>'
        f'<text x="{label_w + pad + plot_w / 2}" y="{height - 4}" text-anchor="middle">'
        f'{escape(_cut(f"{figure.column} by {figure.by}", 50))}</text></g>'
    )
    return _svg(parts, width, height, "values by group with flagged values")


def reliability_curves(figure: Reliability, *, size: int = 220) -> Markup:
    """Observed frequency against predicted probability per model; the diagonal is
    perfect calibration, the user's model in blue."""
    pad, legend_w = 24, 170
    width, height = size + pad + legend_w, size + pad + 8

    def point(p: float, o: float) -> str:
        return f"{_number(pad + p * size)},{_number(8 + (1 - o) * size)}"

    parts = [f'<rect x="{pad}" y="8" width="{size}" height="{size}" fill="none" stroke="currentColor" stroke-opacity="0.3"/>',
             f'<polyline points="{point(0, 0)} {point(1, 1)}" fill="none" stroke="currentColor" stroke-opacity="0.35" '
             'stroke-dasharray="3 3"/>']
    for k, (label, predicted, observed) in enumerate(zip(figure.labels, figure.predicted, figure.observed)):
        own = label == figure.highlight
        colour, opacity = (CURRENT, 1) if own else ("currentColor", 0.45)
        points = " ".join(point(p, o) for p, o in zip(predicted, observed))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" '
                     f'stroke-width="{2 if own else 1}"/>')
        parts.append(f'<text x="{pad + size + 10}" y="{20 + 14 * k}" font-size="10" fill="{colour}" '
                     f'fill-opacity="{max(opacity, 0.7)}">{escape(_cut(label, 26))}</text>')
    parts.append(f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
                 f'<text x="{pad}" y="{height + 0}">0</text>'
                 f'<text x="{pad + size}" y="{height}" text-anchor="end">1: predicted</text>'
                 f'<text transform="translate(12,{8 + size / 2}) rotate(-90)" text-anchor="middle">observed</text></g>')
    return _svg(parts, width, height + 4, f"reliability of {figure.what}")


def curves(figure: Curves, *, width: int = 460, height: int = 150) -> Markup:
    """Lines over a shared x (log scale when asked) on one shared y scale from 0 to
    at least 1 (scores and shares of answers)."""
    x = np.asarray(figure.x, dtype=float)
    if x.size < 2:
        return Markup("")
    xs = np.log10(x) if figure.log_x and (x > 0).all() else x
    values = [np.asarray(v, dtype=float) for v in figure.series.values()]
    every = np.concatenate(values)
    every = every[np.isfinite(every)]
    low, high = min(0.0, float(every.min(initial=0))), max(1.0, float(every.max(initial=1)))
    pad, legend_w, bottom = 8, 150, 18
    plot_w, plot_h = width - 2 * pad - legend_w, height - bottom - pad

    def point(a: float, b: float) -> str:
        return (f"{_number(pad + (a - xs[0]) / (xs[-1] - xs[0]) * plot_w)},"
                f"{_number(pad + plot_h - (b - low) / (high - low) * plot_h)}")

    parts = []
    for k, (label, series) in enumerate(zip(figure.series, values)):
        colour, opacity = (CURRENT, 1) if k == 0 else ("currentColor", 0.55)
        shown = " ".join(point(a, b) for a, b in zip(xs, series) if np.isfinite(b))
        parts.append(f'<polyline points="{shown}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" stroke-width="1.5"/>')
        parts.append(f'<text x="{width - legend_w + 6}" y="{16 + 14 * k}" font-size="10" fill="{colour}">{escape(_cut(label, 24))}</text>')
    parts.append(
        f'<g fill="currentColor" fill-opacity="0.75" font-size="10">'
        f'<text x="{pad}" y="{height - 4}">{escape(fmt_num(x[0]))}</text>'
        f'<text x="{pad + plot_w}" y="{height - 4}" text-anchor="end">{escape(fmt_num(x[-1]))}</text>'
        f'<text x="{pad + plot_w / 2}" y="{height - 4}" text-anchor="middle">{escape(_cut(figure.x_label, 40))}</text></g>'
    )
    return _svg(parts, width, height, "curves")
