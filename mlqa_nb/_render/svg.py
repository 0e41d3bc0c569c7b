"""Small inline SVG charts: fast to draw, crisp, and coloured by the page's theme.

Only numbers computed here go into the markup; every label from user data is
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from markupsafe import Markup, escape

from .._core.figures import Histogram, OverlaidHistograms
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
