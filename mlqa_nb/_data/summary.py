"""Per-column summary: what each column holds, computed once from the context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .._core.context import ColumnData, FrameContext, arrow_strings
from .._core.jsonsafe import json_safe
from .._core.robust import quantiles

#: How many most frequent values a summary lists.
TOP_VALUES = 5
#: Bars in a column's histogram.
HISTOGRAM_BINS = 20
_QUANTILES = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
_QUANTILE_NAMES = ("min", "q05", "q25", "median", "q75", "q95", "max")


@dataclass
class ColumnSummary:
    """What one column holds: the figures a person reads before any finding."""

    name: str
    kind: str
    dtype: str
    rows: int
    missing: int
    distinct: int | None
    top_values: list[tuple[Any, int]] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    histogram: dict[str, list[float]] | None = None
    text_length: dict[str, float] | None = None

    @property
    def missing_rate(self) -> float:
        return self.missing / self.rows if self.rows else 0.0

    def to_dict(self) -> dict[str, Any]:
        return json_safe(
            {
                "name": self.name,
                "kind": self.kind,
                "dtype": self.dtype,
                "rows": self.rows,
                "missing": self.missing,
                "missing_rate": self.missing_rate,
                "distinct": self.distinct,
                "top_values": [[v, c] for v, c in self.top_values],
                "stats": self.stats,
                "histogram": self.histogram,
                "text_length": self.text_length,
            }
        )


def summarize_column(col: ColumnData) -> ColumnSummary:
    """Return the summary of one column."""
    summary = ColumnSummary(
        name=col.name,
        kind=col.kind,
        dtype=str(col.dtype),
        rows=col.ctx.n_rows,
        missing=col.n_missing,
        distinct=None,
    )
    if col.kind == "empty":
        return summary
    summary.distinct = col.distinct
    if col.kind in ("numeric", "datetime") and col.storage != "boolean":
        ordered = col.sorted_floats
        finite = ordered[np.isfinite(ordered)]
        if finite.size:
            summary.stats = dict(zip(_QUANTILE_NAMES, quantiles(finite, _QUANTILES).tolist()))
            summary.stats["mean"] = float(finite.mean())
            summary.stats["std"] = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
            edges = np.linspace(finite[0], finite[-1], HISTOGRAM_BINS + 1)
            if edges[0] == edges[-1]:
                edges = np.linspace(edges[0] - 0.5, edges[0] + 0.5, HISTOGRAM_BINS + 1)
            # counts from the sorted values: one binary search per edge
            cuts = np.searchsorted(finite, edges[1:-1], side="left")
            counts = np.diff(np.concatenate(([0], cuts, [finite.size])))
            summary.histogram = {"counts": counts.tolist(), "edges": edges.tolist()}
            if col.kind == "datetime":
                summary.stats = {k: v for k, v in summary.stats.items() if k != "std"}
    if col.kind not in ("numeric", "datetime", "empty") or col.distinct <= TOP_VALUES * 4:
        top = col.value_counts.head(TOP_VALUES)
        summary.top_values = list(zip(top.index.tolist(), top.tolist()))
    if col.is_stringlike:
        values = col.series.astype(object) if col.storage == "categorical" else col.series
        lengths = pc.utf8_length(arrow_strings(values))  # missing values stay missing
        bounds = pc.min_max(lengths)
        summary.text_length = {
            "min": float(bounds["min"].as_py()),
            "mean": float(pc.mean(lengths).as_py()),
            "max": float(bounds["max"].as_py()),
        }
    return summary


def summarize(ctx: FrameContext) -> list[ColumnSummary]:
    """Return one summary per column, in the frame's order."""
    return [summarize_column(col) for col in ctx.columns]


def summary_table(summaries: list[ColumnSummary]) -> pd.DataFrame:
    """The summaries as a frame, one row per column."""
    rows = []
    for s in summaries:
        rows.append(
            {
                "column": s.name,
                "kind": s.kind,
                "dtype": s.dtype,
                "missing": s.missing,
                "missing_rate": round(s.missing_rate, 4),
                "distinct": s.distinct,
                "mean": s.stats.get("mean"),
                "min": s.stats.get("min"),
                "median": s.stats.get("median"),
                "max": s.stats.get("max"),
                "top_value": s.top_values[0][0] if s.top_values else None,
            }
        )
    return pd.DataFrame(rows)
