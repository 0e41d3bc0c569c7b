"""Checks on what the user passed, with errors that name the wrong argument."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd


def as_frame(data: Any, argument: str = "df") -> pd.DataFrame:
    """Return ``data`` as a pandas DataFrame without copying pandas input.

    polars frames (and anything with ``to_pandas``) are converted; a Series
    becomes a one-column frame.
    """
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame()
    module = type(data).__module__.split(".")[0]
    if module == "polars" and hasattr(data, "to_pandas"):
        return polars_to_pandas(data)
    raise TypeError(
        f"{argument} must be a pandas or polars DataFrame, got {type(data).__name__}"
    )


def polars_to_pandas(frame: Any) -> pd.DataFrame:
    """A polars frame as pandas; 128-bit integers, which Arrow cannot carry, as floats."""
    try:
        return frame.to_pandas()
    except Exception:
        import polars as pl

        wide = [c for c, t in zip(frame.columns, frame.dtypes) if t in (pl.Int128, getattr(pl, "UInt128", pl.Int128))]
        return frame.with_columns([pl.col(c).cast(pl.Float64) for c in wide]).to_pandas()


def sample_as_pandas(frame: Any, rows: int | None) -> tuple[pd.DataFrame, bool]:
    """A pandas copy of ``frame`` (pandas or polars), a random sample of ``rows`` rows
    when it has more (None: every row), and whether it was sampled. A copy, so that
    background work never sees the user's frame change under it."""
    sampled = rows is not None and frame.shape[0] > rows
    if is_polars_frame(frame):
        return polars_to_pandas(frame.sample(rows, seed=0) if sampled else frame), sampled
    return (frame.sample(rows, random_state=0) if sampled else frame.copy()), sampled


def is_polars_frame(value: Any) -> bool:
    """Whether ``value`` is a polars DataFrame (without importing polars)."""
    kind = type(value)
    return kind.__module__.split(".")[0] == "polars" and kind.__name__ == "DataFrame"


#: Engines whose frames are profiled where they live (the module a frame's class comes from).
ENGINES = ("polars", "pyspark", "duckdb", "pyarrow", "sqlframe")


def is_engine_frame(value: Any) -> bool:
    """Whether ``value`` is a data frame of another engine (never a pandas one)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return False
    root = type(value).__module__.split(".")[0]
    if root not in ENGINES:
        return False
    if root == "pyarrow":
        return type(value).__name__ == "Table"
    return type(value).__name__ in ("DataFrame", "LazyFrame", "DuckDBPyRelation")


def stays_in_engine(value: Any) -> bool:
    """Whether a frame is checked where it lives (Spark, lazy polars, DuckDB, Arrow)
    rather than as pandas (pandas itself, and eager polars, which converts cheaply)."""
    return is_engine_frame(value) and not is_polars_frame(value)


def column_names(frame: Any) -> list:
    """A frame's column labels without computing anything: pandas' labels, or the
    schema's names for frames of other engines (a lazy frame's plan is resolved, not run)."""
    if isinstance(frame, pd.DataFrame):
        return list(frame.columns)
    if is_engine_frame(frame):
        import narwhals as nw

        return list(nw.from_native(frame).collect_schema().names())
    return list(frame.columns)


def frames_in(namespace: dict[str, Any], *, engines: bool = False) -> dict[str, Any]:
    """Public names bound to pandas (or eager polars) data frames, in namespace order;
    with ``engines``, frames of Spark, lazy polars, DuckDB and Arrow too. Nothing is
    copied or computed."""
    out = {}
    for name, value in list(namespace.items()):
        if not isinstance(name, str) or name.startswith("_") or not name.isidentifier():
            continue
        if isinstance(value, pd.DataFrame) or is_polars_frame(value) or (engines and is_engine_frame(value)):
            out[name] = value
    return out


def as_label_list(value: Any, argument: str, columns: Any = None) -> list[Hashable] | None:
    """A column label or a list of them, as a list (None stays None). A tuple that is
    itself one of ``columns`` (a MultiIndex label) is one label, not a list of levels."""
    if value is None:
        return None
    if isinstance(value, tuple) and columns is not None and value in list(columns):
        return [value]
    if isinstance(value, (Sequence, pd.Index)) and not isinstance(value, str):
        return list(value)
    return [value]
