"""One pass of shared work over a frame: column kinds, masks and counts, computed once.

Checks and the column summary read the same :class:`FrameContext`, so a
column's missing mask, numeric values or value counts are computed at most
once per report whichever checks ask for them.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api import types as ptypes

from .finding import MAX_ROWS
from .robust import count_distinct, distinct_and_top
from .text import safe_text

#: A string column with at most this many distinct values (or this share of
#: its rows) is categorical; beyond, it is free text or an identifier.
CATEGORICAL_MAX_DISTINCT = 200
CATEGORICAL_MAX_RATIO = 0.5
#: Free text: values this long on average, mostly with spaces.
TEXT_MIN_MEAN_LENGTH = 20
#: How many values type inference and other per-value Python work look at.
INSPECT_SAMPLE = 5000

_UNHASHABLE = (list, dict, set, np.ndarray, bytearray)


#: Text that is a number, and numbers written with a leading zero (codes, not quantities).
NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
LEADING_ZERO = re.compile(r"^\s*0\d")
#: Share of a text column's values that must be numbers for it to be numbers as text.
NUMBER_TEXT_SHARE = 0.95

#: Column names that announce an identifier or key.
KEY_NAME = re.compile(r"(?i:(^|[_\W])(id|key|uuid|guid)$)|[a-z](Id|ID|Key)$")


class cached_property:  # noqa: N801  (a drop-in for functools.cached_property)
    """Compute once per instance, without the class-wide lock that
    ``functools.cached_property`` takes before Python 3.12, so that columns can
    be prepared in parallel threads."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


def display_name(label: Hashable) -> str:
    """Return a column label as text for messages."""
    return label if isinstance(label, str) else str(label)


class ColumnData:
    """Lazily computed facts about one column, shared by every check."""

    def __init__(self, ctx: FrameContext, position: int, label: Hashable) -> None:
        self.ctx = ctx
        self.position = position
        self.label = label
        self.name = display_name(label)
        self.series: pd.Series = sanitized(ctx.df.iloc[:, position])
        self.dtype = self.series.dtype

    # -- presence ---------------------------------------------------------
    @cached_property
    def notna(self) -> np.ndarray:
        if self.dtype.kind == "f" and isinstance(self.dtype, np.dtype):
            return ~np.isnan(self.series.to_numpy())
        return self.series.notna().to_numpy(dtype=bool)

    @cached_property
    def n_present(self) -> int:
        return int(self.notna.sum())

    @property
    def n_missing(self) -> int:
        return self.ctx.n_rows - self.n_present

    # -- type -------------------------------------------------------------
    @cached_property
    def storage(self) -> str:
        """What the values are: numeric, boolean, datetime, timedelta, string,
        categorical, mixed, other or empty."""
        dtype = self.dtype
        if self.n_present == 0:
            return "empty"
        if ptypes.is_bool_dtype(dtype):
            return "boolean"
        if isinstance(dtype, pd.ArrowDtype) and pa.types.is_nested(dtype.pyarrow_dtype):
            return "other"  # lists, structs and maps: counted by their text
        if isinstance(dtype, pd.CategoricalDtype):
            return "categorical"
        if ptypes.is_datetime64_any_dtype(dtype) or _is_arrow_kind(dtype, "mM"):
            return "timedelta" if _is_arrow_kind(dtype, "m") else "datetime"
        if ptypes.is_timedelta64_dtype(dtype):
            return "timedelta"
        if ptypes.is_numeric_dtype(dtype):
            return "numeric"
        if ptypes.is_string_dtype(dtype) and not ptypes.is_object_dtype(dtype):
            base = "string"
        else:
            base = self._object_storage
        return "numeric" if base == "string" and self.numbers_as_text else base

    @cached_property
    def numbers_as_text(self) -> bool:
        """Whether text cells are numbers written out ('12.5'), bar a few odd ones
        ('12 kg'): the numeric checks then run on the values that parse."""
        sample = [v for v in self.present_sample if isinstance(v, str)]
        if len(sample) < 10 or len(sample) < 0.9 * len(self.present_sample):
            return False
        numbers = sum(bool(NUMBER_TEXT.match(v)) for v in sample)
        codes = sum(bool(LEADING_ZERO.match(v)) for v in sample)  # zip codes, phone numbers
        return numbers >= NUMBER_TEXT_SHARE * len(sample) and codes == 0

    @cached_property
    def _object_storage(self) -> str:
        sample = self.present_sample
        if any(isinstance(v, _UNHASHABLE) for v in sample):
            return "other"
        inferred = ptypes.infer_dtype(sample, skipna=True)
        return {
            "string": "string",
            "boolean": "boolean",
            "integer": "numeric",
            "floating": "numeric",
            "mixed-integer-float": "numeric",
            "decimal": "numeric",
            "datetime": "datetime",
            "datetime64": "datetime",
            "date": "datetime",
        }.get(inferred, "mixed")

    @cached_property
    def kind(self) -> str:
        """The column's role for profiling: numeric, boolean, datetime,
        timedelta, categorical, text, id, mixed, other or empty."""
        storage = self.storage
        if storage != "string":
            return storage
        lengths = self.sample_lengths
        if lengths.size and lengths.mean() >= TEXT_MIN_MEAN_LENGTH:
            spaced = np.mean([" " in v for v in self.present_sample if isinstance(v, str)])
            if spaced >= 0.5:
                return "text"
        distinct = self.distinct
        if distinct <= CATEGORICAL_MAX_DISTINCT or distinct <= CATEGORICAL_MAX_RATIO * self.n_present:
            return "categorical"
        return "id" if distinct >= 0.95 * self.n_present else "text"

    @cached_property
    def is_identifier(self) -> bool:
        """Whether the column names rows rather than describing them: text that is
        almost unique per row, or distinct integers that are consecutive or
        carry an id-like name."""
        if self.kind == "id":
            return True
        if self.kind != "numeric" or self.storage == "boolean" or self.distinct != self.n_present:
            return False
        if not self.is_integer or self.n_present == 0:
            return False
        values = self.sorted_floats
        return bool(values[-1] - values[0] + 1 == values.size) or bool(KEY_NAME.search(self.name))

    @property
    def is_stringlike(self) -> bool:
        return self.storage == "string" or (
            self.storage == "categorical" and self.category_storage == "string"
        )

    @cached_property
    def category_storage(self) -> str:
        cats = self.series.cat.categories if self.storage == "categorical" else None
        if cats is None or len(cats) == 0:
            return "empty"
        return "string" if ptypes.infer_dtype(cats, skipna=True) == "string" else "other"

    # -- values -----------------------------------------------------------
    @cached_property
    def present_positions(self) -> np.ndarray:
        if self.n_present == self.ctx.n_rows:
            return self.ctx.memo("all_positions", lambda: np.arange(self.ctx.n_rows))
        return np.flatnonzero(self.notna)

    @cached_property
    def present_sample(self) -> list:
        """Up to INSPECT_SAMPLE present values, spread over the column."""
        positions = self.present_positions
        if positions.size > INSPECT_SAMPLE:
            positions = positions[:: positions.size // INSPECT_SAMPLE][:INSPECT_SAMPLE]
        return self.series.iloc[positions].tolist()

    @cached_property
    def sample_lengths(self) -> np.ndarray:
        return np.array([len(v) for v in self.present_sample if isinstance(v, str)], dtype=float)

    @cached_property
    def floats(self) -> np.ndarray:
        """Present values as float64 (numeric and boolean columns; datetimes as
        seconds since the epoch)."""
        s = self.series
        if self.storage == "datetime":
            values = _datetime_seconds(s)
        elif self.storage in ("numeric", "boolean"):
            values = as_floats(s.astype(object) if self.numbers_as_text else s)
        else:
            raise TypeError(f"column {self.name!r} is not numeric")
        values = values if self.n_present == self.ctx.n_rows else values[self.notna]
        values = values.view()
        values.flags.writeable = False  # may share memory with the user's frame
        return values

    def floats_at(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Values as float64 at the given row positions (every row when None), NaN
        where missing: aligned with the frame's rows, unlike ``floats``."""
        if rows is None and self.n_present == self.ctx.n_rows:
            return np.asarray(self.floats)
        full = np.full(self.ctx.n_rows, np.nan)
        full[self.present_positions] = self.floats
        return full if rows is None else full[rows]

    @cached_property
    def sorted_floats(self) -> np.ndarray:
        """Present, non-NaN values sorted ascending (infinities at the ends)."""
        values = self.floats
        return np.sort(values[~np.isnan(values)])

    @cached_property
    def sorted_finite(self) -> np.ndarray:
        """The finite part of ``sorted_floats`` (a view: infinities sort to the ends)."""
        ordered = self.sorted_floats
        start = int(np.searchsorted(ordered, -np.inf, side="right"))
        stop = int(np.searchsorted(ordered, np.inf, side="left"))
        return ordered[start:stop]

    @cached_property
    def sorted_logs(self) -> np.ndarray:
        """Natural logs of the positive finite sorted values (still sorted)."""
        finite = self.sorted_finite
        return np.log(finite[int(np.searchsorted(finite, 0.0, side="right")) :])

    @cached_property
    def _numeric_counts(self) -> tuple[int, Any, int]:
        return distinct_and_top(self.sorted_floats)

    @property
    def sorted_counts_usable(self) -> bool:
        """Whether distinct values can be counted on the sorted floats (plain
        numeric storage, not object or boolean)."""
        return self.storage in ("numeric", "datetime") and not ptypes.is_object_dtype(self.dtype)

    @cached_property
    def top_share(self) -> float:
        """Share of present values taken by the most frequent value."""
        if self.n_present == 0:
            return 0.0
        if self.sorted_counts_usable:
            return self._numeric_counts[2] / self.n_present
        return float(self.value_counts.iloc[0]) / self.n_present

    @cached_property
    def is_integer(self) -> bool:
        if ptypes.is_integer_dtype(self.dtype):
            return True
        values = self.floats
        spread = values[:: max(1, values.size // 1000)]
        if not np.all(np.mod(spread[np.isfinite(spread)], 1) == 0):
            return False  # a spread sample already has fractions
        return bool(values.size) and bool(np.all(np.mod(values[np.isfinite(values)], 1) == 0))

    @cached_property
    def hashable(self) -> pd.Series:
        """The column with unhashable cells (lists, dicts, arrays) as their repr."""
        if self.storage in ("other", "mixed"):
            return repr_unhashable(self.series)  # the series is already sanitized
        return self.series

    @cached_property
    def value_counts(self) -> pd.Series:
        """Counts of present values, most frequent first."""
        counts = self.hashable.value_counts(dropna=True, sort=True)
        if self.storage == "categorical":
            counts = counts[counts > 0]  # unused categories
        return counts

    @cached_property
    def distinct(self) -> int:
        if self.sorted_counts_usable:
            return count_distinct(self.sorted_floats)
        return int(len(self.value_counts))

    @cached_property
    def strings(self) -> pd.Series:
        """Present values as a string series indexed by row position."""
        s = self.series
        if self.storage == "categorical":
            s = s.astype(object)
        present = s.iloc[self.present_positions]
        if not isinstance(present.dtype, pd.StringDtype):
            try:
                present = present.astype(pd.StringDtype("pyarrow"))
            except UnicodeEncodeError:
                present = present.map(safe_text).astype(pd.StringDtype("pyarrow"))
        return present.set_axis(self.present_positions)


class FrameContext:
    """A frame and the user's choices, with per-column facts computed on demand.

    The frame is never modified nor copied; columns are reached by position so
    that duplicate and non-string labels work.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        target: Hashable | None = None,
        time: Hashable | None = None,
        rules: Any = None,
        important: Sequence[Hashable] | None = None,
        groups: Sequence[Hashable] | None = None,
    ) -> None:
        self.df = df
        self.n_rows = len(df)
        self.columns = [ColumnData(self, i, label) for i, label in enumerate(df.columns)]
        self.target = self.column(target, "target") if target is not None else None
        self.time = self.column(time, "time") if time is not None else None
        self.rules = rules
        self.important = [self.column(c, "important") for c in (important or ())]
        self.groups = [self.column(c, "groups") for c in (groups or ())]
        #: resolved options of the checks being run, by check id
        self.options: dict[str, dict[str, Any]] = {}
        #: how results were obtained where a person should know (sampling)
        self.notes: list[str] = []
        self._memo: dict[Hashable, Any] = {}

    def column(self, label: Hashable, argument: str) -> ColumnData:
        """Return the column called ``label``, or raise an error naming ``argument``."""
        matches = [c for c in self.columns if same_label(c.label, label)]
        if not matches:
            shown = ", ".join(repr(c.label) for c in self.columns[:20])
            more = " ..." if len(self.columns) > 20 else ""
            raise KeyError(
                f"{argument}={label!r} is not a column of the frame; its columns are: "
                f"{shown}{more}"
            )
        if len(matches) > 1:
            raise ValueError(
                f"{argument}={label!r} names {len(matches)} columns; rename the duplicates first"
            )
        return matches[0]

    @property
    def features(self) -> list[ColumnData]:
        """Every column except the target."""
        return [c for c in self.columns if c is not self.target]

    def row_labels(self, positions: np.ndarray | Sequence[int]) -> tuple:
        """Index labels of the rows at ``positions`` (first MAX_ROWS of them)."""
        positions = np.asarray(positions, dtype=np.int64)[:MAX_ROWS]
        return tuple(self.df.index[positions].tolist())

    def prepare(self, workers: int = 2) -> None:
        """Compute the per-column facts most checks need, columns in parallel
        (sorting, hashing and Arrow kernels release the GIL)."""
        if self.n_rows < 50_000 or len(self.columns) < 2:
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_prepare_column, self.columns))

    def close(self) -> None:
        """Drop the per-column caches now (columns and context refer to each
        other, so they would otherwise wait for the cyclic garbage collector)."""
        self.columns = []
        self.target = self.time = None
        self.important = []
        self.groups = []
        self._memo.clear()

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute a value shared between checks once per context."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def sanitized(series: pd.Series) -> pd.Series:
    """The column itself, or a copy without the cells pandas and Arrow cannot handle:
    text with lone surrogates (file names read with the wrong encoding) written as
    escapes, and signalling-NaN decimals as missing. Only object columns can hold them."""
    if not ptypes.is_object_dtype(series.dtype):
        return series
    values = series.to_numpy()
    try:
        text = pa.array(values, type=pa.large_string(), from_pandas=True)
        # Arrow reads a signalling-NaN decimal as a null: only the null cells need a look
        nulls = values[text.is_null().to_numpy(zero_copy_only=False)] if text.null_count else ()
        if all(_clean_cell(v) is v for v in nulls):
            return series
    except UnicodeEncodeError:
        pass
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):  # not all text: look at each cell
        if all(_clean_cell(v) is v for v in values):
            return series
    return series.map(_clean_cell)


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, decimal.Decimal) and value.is_snan():
        return None
    return value


def arrow_strings(values: pd.Index | pd.Series) -> pa.Array:
    """Text values as a pyarrow string array, for vectorised regular expressions."""
    try:
        return pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        return pa.array([safe_text(v if isinstance(v, str) else str(v)) for v in values], type=pa.large_string())


def _prepare_column(col: ColumnData) -> None:
    if col.kind in ("numeric", "datetime") and col.sorted_counts_usable:
        col.distinct  # noqa: B018  (sorts the values)
        if col.kind == "numeric" and col.sorted_finite.size and col.sorted_finite[0] > 0:
            col.sorted_logs  # noqa: B018
    elif col.kind not in ("empty", "other"):
        col.value_counts  # noqa: B018


def same_label(a: Hashable, b: Hashable) -> bool:
    """Whether two column labels are the same (1 and True are not; odd labels never raise)."""
    if isinstance(a, (bool, np.bool_)) != isinstance(b, (bool, np.bool_)):
        return False
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # a column labelled NaN is named by NaN
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def as_floats(series: pd.Series) -> np.ndarray:
    """A column as float64, NaN where missing or unreadable: nullable, Arrow and
    object columns alike, ints past float range as infinities, text that is not a
    number (in an object column) as NaN."""
    if not ptypes.is_object_dtype(series.dtype):
        try:
            return series.to_numpy(dtype="float64", na_value=np.nan)
        except (TypeError, ValueError):
            pass
    try:
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    except (OverflowError, ValueError, TypeError, ArithmeticError):  # 10**400, Decimal('sNaN')
        return np.array([_to_float(v) for v in series.to_numpy()], dtype="float64")


def _to_float(value: Any) -> float:
    """A cell as a float: too large for one is infinite, unreadable is NaN."""
    try:
        return float(value)
    except OverflowError:
        return np.inf if value > 0 else -np.inf
    except (ValueError, TypeError, ArithmeticError):
        return np.nan


def hashable_value(value: Any) -> Any:
    """The value, or its repr when it cannot be hashed (a list, dict, set or array)."""
    if isinstance(value, _UNHASHABLE):
        return repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return value


def hashable(series: pd.Series) -> pd.Series:
    """The series with unhashable cells (and Arrow lists, structs, maps) as their repr,
    so it can be counted and grouped; cells pandas cannot handle are cleaned first."""
    return repr_unhashable(sanitized(series))


def repr_unhashable(series: pd.Series) -> pd.Series:
    """``hashable`` for a series that is already sanitized."""
    nested = isinstance(series.dtype, pd.ArrowDtype) and pa.types.is_nested(series.dtype.pyarrow_dtype)
    if not (ptypes.is_object_dtype(series.dtype) or nested):
        return series
    return series.astype(object).map(hashable_value, na_action="ignore")


def _is_arrow_kind(dtype: Any, kinds: str) -> bool:
    if not isinstance(dtype, pd.ArrowDtype):
        return False
    return np.dtype(dtype.numpy_dtype).kind in kinds


def _datetime_seconds(s: pd.Series) -> np.ndarray:
    """Seconds since the epoch (UTC for tz-aware columns), NaN where missing."""
    if ptypes.is_object_dtype(s.dtype) or isinstance(s.dtype, pd.ArrowDtype):
        s = pd.to_datetime(s, errors="coerce", utc=True, format="mixed")
    index = pd.DatetimeIndex(s)
    ticks = index.asi8.astype("float64")
    ticks[index.isna()] = np.nan
    per_second = {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9}[index.unit]
    return ticks / per_second
