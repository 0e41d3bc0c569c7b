"""Slices of a frame: categorical values and binned numbers, and the search for
the slices where a per-row quantity (an error, a change) is worst."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from .._core.context import hashable

#: Numeric columns are cut into this many quantile bins.
BINS = 4
#: Categorical columns with more values than this are not sliced.
MAX_LEVELS = 50


#: Columns searched for slices when the user names none (the first ones of a wide X).
MAX_SLICE_COLUMNS = 50


def slice_note(X: pd.DataFrame, columns) -> list[str]:
    """What a report should say when slices were searched in part of a wide X."""
    if columns is not None or X.shape[1] <= MAX_SLICE_COLUMNS:
        return []
    return [f"slices were searched in the first {MAX_SLICE_COLUMNS} of {X.shape[1]:,} columns; "
            "pass slices= to choose them."]


def slice_labels(X: pd.DataFrame, columns: Sequence[Hashable] | None) -> dict[Hashable, pd.Series]:
    """For each sliceable column, the slice each row falls in (as text); without
    ``columns``, the first MAX_SLICE_COLUMNS columns of X."""
    chosen = list(X.columns[:MAX_SLICE_COLUMNS]) if columns is None else list(columns)
    out = {}
    for column in chosen:
        if column not in X.columns:
            raise KeyError(f"slices={column!r} is not a column of X")
        series = hashable(X[column])
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series) or series.nunique() <= 10:
            if series.nunique() > MAX_LEVELS:
                if columns is not None:
                    raise ValueError(f"slices={column!r} has {series.nunique():,} values; bin it first")
                continue
            out[column] = series.astype(object).where(series.notna(), "(missing)").astype(str)
        else:
            try:
                binned = pd.qcut(series, BINS, duplicates="drop")
            except ValueError:
                continue
            out[column] = binned.astype(str).where(series.notna(), "(missing)")
    return out


def worst_slices(
    per_row: np.ndarray,
    labels: dict[Hashable, pd.Series],
    *,
    higher_is_worse: bool = True,
    min_size: int = 30,
) -> pd.DataFrame:
    """Mean of ``per_row`` in every slice, with its size and its gap to the
    rest of the rows, worst first."""
    per_row = np.asarray(per_row, dtype=float)
    overall = float(np.nanmean(per_row))
    rows = []
    for column, values in labels.items():
        table = pd.DataFrame({"slice": values.to_numpy(), "v": per_row})
        stats = table.groupby("slice", sort=False)["v"].agg(["mean", "size", "sum"])
        for value, (mean, size, total) in stats.iterrows():
            if size < min_size or size == len(per_row):
                continue
            rest = (np.nansum(per_row) - total) / (len(per_row) - size)
            rows.append({"column": column, "value": value, "rows": int(size), "mean": float(mean),
                         "rest": float(rest), "overall": overall})
    frame = pd.DataFrame(rows, columns=["column", "value", "rows", "mean", "rest", "overall"])
    gap = (frame["mean"] - frame["rest"]) * (1 if higher_is_worse else -1)
    return frame.assign(gap=gap).sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)
