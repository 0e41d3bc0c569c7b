"""Small inline SVG charts: fast to draw, crisp, and coloured by the page's theme.

Only numbers computed here go into the markup; every label from user data is
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from markupsafe import Markup, escape

from .._text import fmt_num

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
    values: np.ndarray,
    flagged: np.ndarray,
    *,
    log: bool = False,
    bounds: Sequence[float | None] = (),
    width: int = 420,
    height: int = 120,
    bins: int = 40,
) -> Markup:
    """Distribution of a column with the flagged values marked in red below it."""
    values = values[np.isfinite(values)]
    flagged = flagged[np.isfinite(flagged)]
    if values.size == 0:
        return Markup("")
    transform = np.log10 if log else (lambda v: v)
    if log:
        values, flagged = values[values > 0], flagged[flagged > 0]
        if values.size == 0:
            return Markup("")
    tv, tf = transform(values), transform(flagged)
    low = float(min(tv.min(), tf.min() if tf.size else tv.min()))
    high = float(max(tv.max(), tf.max() if tf.size else tv.max()))
    if high == low:
        high = low + 1
    pad_left, pad_bottom, rug = 6, 22, 10
    plot_w, plot_h = width - 2 * pad_left, height - pad_bottom - rug
    counts, edges = np.histogram(tv, bins=bins, range=(low, high))
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
    for v in np.unique(tf)[:500]:
        x = x_of(float(v))
        parts.append(f'<line x1="{_number(x)}" x2="{_number(x)}" y1="{plot_h + 2}" y2="{plot_h + rug}"/>')
    parts.append("</g>")
    for bound in bounds:
        if bound is None or (log and bound <= 0):
            continue
        b = float(transform(bound))
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
