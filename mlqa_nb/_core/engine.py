"""Statistics computed where a frame lives: polars (eager or lazy), Spark, DuckDB or
Arrow, through narwhals. Only aggregates and small samples come back to Python, so a
frame larger than memory (or than the driver) is never collected.

pandas frames never come here: their checks run on the data itself, the fast path.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .validation import is_polars_frame, polars_to_pandas

#: Relative error of the quantiles Spark computes (``approxQuantile``).
SPARK_QUANTILE_ERROR = 0.001
#: Rows a finding on such a frame brings back as evidence, in ``details["first_rows"]``
#: (these frames have no row labels).
FIRST_ROWS = 20


@dataclass
class ColumnStats:
    """Exact counts of one column, and for numbers its range and moments."""

    name: str
    dtype: str
    nulls: int
    numeric: bool
    distinct: int | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    std: float | None = None


class EngineFrame:
    """A frame of another engine, queried through narwhals.

    Parameters
    ----------
    native : polars DataFrame or LazyFrame, Spark DataFrame, DuckDB relation, Arrow table
    """

    def __init__(self, native: Any) -> None:
        import narwhals as nw

        self.native = native
        self.frame = nw.from_native(native)
        self.engine = type(native).__module__.split(".")[0]
        self.schema = dict(self.frame.collect_schema())
        self.columns = list(self.schema)

    def collect(self, query: Any) -> pd.DataFrame:
        """A narwhals query on this frame, run by the engine, as pandas (keep it small)."""
        import narwhals as nw

        if isinstance(query, nw.LazyFrame):
            query = query.collect()
        native = query.to_native()
        if is_polars_frame(native):
            return polars_to_pandas(native)  # 128-bit integers, which Arrow cannot carry, as floats
        return query.to_pandas()

    def small_frame(self, table: pd.DataFrame) -> Any:
        """A small pandas table as a narwhals frame of this engine, to join with this one."""
        import narwhals as nw

        native = self.native
        if self.engine == "pyspark":
            made = native.sparkSession.createDataFrame(table)
        elif self.engine == "polars":
            import polars as pl

            made = pl.from_pandas(table)
            made = made.lazy() if type(native).__name__ == "LazyFrame" else made
        elif self.engine == "duckdb":
            import duckdb

            made = duckdb.from_df(table)
        else:
            import pyarrow as pa

            made = pa.Table.from_pandas(table, preserve_index=False)
        return nw.from_native(made)

    def column_stats(self) -> tuple[int, dict[str, ColumnStats]]:
        """The number of rows; nulls of every column, range and moments of the numeric
        ones: one query. Distinct values are :meth:`with_distinct`'s."""
        import narwhals as nw

        exprs = [nw.len().alias("rows")]
        numeric = {c: t.is_numeric() and t != nw.Boolean for c, t in self.schema.items()}
        for i, name in enumerate(self.columns):
            col = nw.col(name)
            exprs.append(col.null_count().alias(f"{i}_nulls"))
            if numeric[name]:
                as_float = col.cast(nw.Float64)
                exprs += [as_float.min().alias(f"{i}_min"), as_float.max().alias(f"{i}_max"),
                          as_float.mean().alias(f"{i}_mean"), as_float.std().alias(f"{i}_std")]
        row = self.collect(self.frame.select(exprs)).iloc[0]
        out = {}
        for i, name in enumerate(self.columns):
            values = {k: number_or_none(row.get(f"{i}_{k}")) for k in ("min", "max", "mean", "std")} if numeric[name] else {}
            out[name] = ColumnStats(name, str(self.schema[name]), int(row[f"{i}_nulls"]), numeric[name], **values)
        return int(row["rows"]), out

    def with_distinct(self, stats: dict[str, ColumnStats]) -> dict[str, ColumnStats]:
        """``stats`` with each column's distinct values counted exactly (null not
        counted). Apart from the other aggregates: Spark computes several distinct
        counts in one query by copying every row once per count, which costs more
        than a query per column."""
        import narwhals as nw

        if self.engine == "pyspark":
            queries = [[nw.col(name).n_unique().alias("0")] for name in self.columns]
        else:
            queries = [[nw.col(name).n_unique().alias(str(i)) for i, name in enumerate(self.columns)]]
        counts = []
        for exprs in queries:
            counts += [int(v) for v in self.collect(self.frame.select(exprs)).iloc[0]]
        # n_unique counts null as a value where there is one; ours does not
        return {name: dataclasses.replace(stats[name], distinct=count - (1 if stats[name].nulls else 0))
                for name, count in zip(self.columns, counts)}

    def row_count(self) -> int:
        """The number of rows, counted by the engine."""
        import narwhals as nw

        return int(self.collect(self.frame.select(nw.len().alias("n"))).iloc[0, 0])

    def aggregate(self, expressions: list[Any]) -> pd.Series:
        """Aliased narwhals aggregations (sums, minima, ...) computed in one pass, as one row."""
        return self.collect(self.frame.select(*expressions)).iloc[0]

    def first_rows(self, condition: Any, rows: int) -> pd.DataFrame:
        """The first ``rows`` rows meeting a narwhals condition (a limited query)."""
        return self.collect(self.frame.filter(condition).head(rows))

    def same_nulls(self, a: str, b: str) -> bool:
        """Whether two columns are missing in exactly the same rows."""
        import narwhals as nw

        differ = self.frame.filter(nw.col(a).is_null() != nw.col(b).is_null()).select(nw.len().alias("n"))
        return int(self.collect(differ).iloc[0, 0]) == 0

    def repeated_rows(self) -> int:
        """Rows equal to an earlier row, exactly, counted by the engine."""
        import narwhals as nw

        groups = self.frame.group_by(self.columns, drop_null_keys=False).agg(nw.len().alias("_mlqa_n"))
        extra = groups.filter(nw.col("_mlqa_n") > 1).select((nw.col("_mlqa_n") - 1).sum().alias("n"))
        value = self.collect(extra).iloc[0, 0]
        return 0 if pd.isna(value) else int(value)

    def quantiles(self, columns: list[str], probabilities: Any) -> dict[str, list[float]]:
        """Quantiles of numeric columns at ``probabilities``, missing values left out:
        Spark's approximate quantiles (relative error :data:`SPARK_QUANTILE_ERROR`),
        exact elsewhere (each column is brought over on its own)."""
        import narwhals as nw
        import numpy as np

        probabilities = [float(p) for p in probabilities]
        if not columns:
            return {}
        if self.engine == "pyspark":
            values = self.native.approxQuantile(columns, probabilities, SPARK_QUANTILE_ERROR)
            return {c: [float(v) for v in q] for c, q in zip(columns, values) if q}
        out = {}
        for name in columns:
            col = nw.col(name).cast(nw.Float64)
            values = self.collect(self.frame.select(col).filter(~col.is_null() & ~col.is_nan()))
            array = values.iloc[:, 0].to_numpy(dtype=float)
            if array.size:
                out[name] = np.quantile(array, probabilities).tolist()
        return out

    def level_counts(self, column: str, limit: int) -> pd.Series:
        """Rows per value of ``column`` (missing left out), the ``limit`` most frequent, largest first."""
        import narwhals as nw

        counts = (self.frame.group_by(column, drop_null_keys=True).agg(nw.len().alias("_mlqa_n"))
                  .sort("_mlqa_n", descending=True).head(limit))
        table = self.collect(counts)
        return pd.Series(table["_mlqa_n"].to_numpy(), index=table[column].to_numpy())

    def period_counts(self, time: str, by: list[str], unit: str) -> pd.DataFrame:
        """Rows per period start (``unit``: narwhals' truncation such as '1d', '1h',
        '1mo') and group: columns ``_mlqa_period``, the group columns and ``_mlqa_n``."""
        import narwhals as nw

        period = nw.col(time).dt.truncate(unit).alias("_mlqa_period")
        keyed = self.frame.filter(~nw.col(time).is_null()).with_columns(period)
        counts = keyed.group_by(["_mlqa_period", *by], drop_null_keys=False).agg(nw.len().alias("_mlqa_n"))
        return self.collect(counts)

    def sample(self, rows: int, total: int, seed: int = 0) -> pd.DataFrame:
        """About ``rows`` rows spread over the frame, as pandas (the whole frame when smaller)."""
        native = self.native
        if total <= rows:
            return self.collect(self.frame)
        fraction = min(1.0, rows / total * 1.05)
        if self.engine == "pyspark":
            return native.sample(fraction=fraction, seed=seed).limit(rows).toPandas()
        if self.engine == "polars" and hasattr(native, "sample"):  # eager; a lazy frame has no sample
            return polars_to_pandas(native.sample(rows, seed=seed))
        if self.engine == "duckdb":  # a relation has no row order to take every k-th row from
            return native.query("_mlqa_rows", f"SELECT * FROM _mlqa_rows USING SAMPLE reservoir({int(rows)} ROWS) "
                                              f"REPEATABLE ({int(seed)})").df()
        return self.collect(self.frame.gather_every(max(1, total // rows)).head(rows))


def records(rows: pd.DataFrame) -> list[dict]:
    """Rows brought back from an engine as JSON-ready records, column names as text."""
    return [{str(k): v for k, v in row.items()} for row in rows.to_dict(orient="records")]


def cut_condition(column: str, cut: dict) -> Any:
    """The narwhals condition for the values of ``column`` that a finding's ``cut``
    counts (see :mod:`.cuts`): the spellings listed in ``among``, else finite numbers."""
    import narwhals as nw

    if "among" in cut:
        return nw.col(column).is_in(list(cut["among"]))
    value, usable = _usable_number(column, cut)
    if "equals" in cut:
        return usable & (value == cut["equals"])
    if "between" in cut:
        return usable & (value >= cut["between"][0]) & (value <= cut["between"][1])
    low, high, strict = cut.get("low"), cut.get("high"), cut.get("strict", True)
    sides = [(value < low) if strict else (value <= low)] if low is not None else []
    sides += [(value > high) if strict else (value >= high)] if high is not None else []
    if not sides:
        return usable & nw.lit(False)
    hit = functools.reduce(operator.or_, sides)
    inner_low, inner_high = cut.get("inner") or (None, None)
    hit = hit & (value > inner_low) if inner_low is not None else hit
    hit = hit & (value < inner_high) if inner_high is not None else hit
    return usable & hit


def fence_sides(column: str, cut: dict, prefix: str) -> list[Any]:
    """Aggregations around a fence cut (``low``/``high``), aliased ``prefix`` + name:
    the bulk's smallest and largest value inside it (``bulk_min``, ``bulk_max``) and
    the nearest values beyond it (``below``, ``above``), so that a gap between
    outliers and bulk can be judged on every row (null where there is none)."""
    import narwhals as nw

    value, usable = _usable_number(column, cut)
    low, high = cut.get("low"), cut.get("high")
    inside = usable
    inside = inside & (value >= low) if low is not None else inside
    inside = inside & (value <= high) if high is not None else inside
    parts = [nw.when(inside).then(value).min().alias(f"{prefix}bulk_min"),
             nw.when(inside).then(value).max().alias(f"{prefix}bulk_max")]
    if low is not None:
        parts.append(nw.when(usable & (value < low)).then(value).max().alias(f"{prefix}below"))
    if high is not None:
        parts.append(nw.when(usable & (value > high)).then(value).min().alias(f"{prefix}above"))
    return parts


def _usable_number(column: str, cut: dict) -> tuple[Any, Any]:
    """A column as numbers, and the condition for its finite values that are not one of
    the cut's ``skip`` codes."""
    import narwhals as nw

    value = nw.col(column).cast(nw.Float64)
    usable = ~value.is_null() & value.is_finite()
    for code in cut.get("skip", ()):
        usable = usable & (value != code)
    return value, usable


def number_or_none(value: Any) -> float | None:
    """A value an engine returned as a float; None for null, NaN or not a number."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if value == value else None
