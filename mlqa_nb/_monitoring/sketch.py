"""Column sketches: what drift needs to know of a column, without its rows.

A sketch is a small JSON-safe dict: the column's kind and missing count, and
- numbers: 201 quantiles (every half percent), mean and SD;
- categories: the counts of the ``MAX_LEVELS`` most frequent levels, the rest pooled;
- text: the counts of the ``MAX_WORDS`` most frequent words of up to ``TEXT_SAMPLE`` rows.

Saved baselines hold sketches, and drift against a baseline (or of frames held by
Spark or a lazy engine) compares sketches rather than rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pandas.api.types as ptypes

from .._core.context import ColumnData, FrameContext
from .._core.text import DATE_TEXT, as_text

#: Probabilities at which a numeric column's quantiles are kept.
QUANTILES = np.linspace(0.0, 1.0, 201)
#: Levels of a categorical column kept one by one; rarer ones are pooled.
MAX_LEVELS = 500
#: Words of a text column kept one by one.
MAX_WORDS = 2_000
#: Rows per frame whose words are counted.
TEXT_SAMPLE = 20_000
#: A numeric column with this few distinct integers is compared as levels (ratings, counts).
FEW_LEVELS = 10


def column_kind(col: ColumnData) -> str:
    """The kind drift compares a column as: numeric, categorical, boolean, text,
    datetime, id, empty or other."""
    if col.storage == "boolean":
        return "boolean"
    if col.kind == "numeric" and col.distinct <= FEW_LEVELS and col.is_integer:
        return "categorical"
    return col.kind


def storage_class(col: ColumnData) -> str:
    """What a column's values are stored as, apart from how many there are:
    numeric, numbers as text, boolean, datetime (dates as text too), string, empty
    or other. Only a change of this is a change of type: a batch's few distinct
    values can make a numeric column look categorical, many a categorical one look
    like text, and a CSV reader parse the dates a frame held as text."""
    if col.storage == "numeric" and not ptypes.is_numeric_dtype(col.dtype):
        return "numbers as text"
    if col.storage in ("numeric", "boolean", "datetime", "empty"):
        return col.storage
    if not col.is_stringlike:
        return "other"
    sample = pd.Series([v for v in col.present_sample if isinstance(v, str)], dtype=object)
    return "datetime" if sample.size and sample.str.match(DATE_TEXT).all() else "string"


#: The kinds a column of each storage class can be compared as.
KINDS_OF = {"numeric": ("numeric", "categorical"), "numbers as text": ("numeric", "categorical"),
            "string": ("categorical", "text", "id")}


def compared_kind(col: ColumnData, wanted: str | None) -> str:
    """``wanted`` (the reference's kind) where the column can be compared so,
    else the column's own kind."""
    if wanted is not None and wanted in KINDS_OF.get(storage_class(col), ()):
        return wanted
    return column_kind(col)


def level_key(value: Any) -> str:
    """A level as the text a sketch stores it under: 3 and 3.0 are the same level."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return as_text(value)


def level_counts(values: pd.Series) -> pd.Series:
    """Counts per level (as text), most frequent first."""
    return by_level_key(values.value_counts(dropna=True))


def by_level_key(counts: pd.Series) -> pd.Series:
    """Counts per value as counts per level (as text: 3 and 3.0 merge), most frequent first."""
    counts = counts.copy()
    counts.index = [level_key(v) for v in counts.index]
    return counts.groupby(level=0, sort=False).sum().sort_values(ascending=False, kind="stable")


def word_counts(texts: pd.Series) -> pd.Series:
    """Counts per word (lower case, two letters or more), most frequent first."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b\w\w+\b")
    try:
        counts = vectorizer.fit_transform(texts.astype(str))
    except ValueError:  # no word at all
        return pd.Series(dtype=float)
    totals = np.asarray(counts.sum(axis=0)).ravel()
    return pd.Series(totals, index=vectorizer.get_feature_names_out()).sort_values(ascending=False, kind="stable")


def sketch_counts(counts: pd.Series, limit: int, key: str) -> dict[str, Any]:
    """The ``limit`` largest counts, and the rest pooled (``other``)."""
    kept = counts.iloc[:limit]
    return {key: {str(k): int(v) for k, v in kept.items()}, "other": int(counts.iloc[limit:].sum())}


def numeric_sketch(finite_sorted: np.ndarray) -> dict[str, Any]:
    """Quantiles, mean and SD of sorted finite values."""
    if finite_sorted.size == 0:
        return {"present": 0}
    return {"present": int(finite_sorted.size),
            "quantiles": np.quantile(finite_sorted, QUANTILES).tolist(),
            "mean": float(finite_sorted.mean()),
            "std": float(finite_sorted.std(ddof=1)) if finite_sorted.size > 1 else 0.0}


def sketch_column(col: ColumnData, rng: np.random.Generator, kind: str | None = None) -> dict[str, Any]:
    """The sketch of one pandas column (as ``kind`` where its storage allows)."""
    kind = compared_kind(col, kind)
    out: dict[str, Any] = {"kind": kind, "storage": storage_class(col), "dtype": str(col.dtype),
                           "rows": col.ctx.n_rows, "missing": col.n_missing,
                           "identifier": kind == "id" or (kind != "empty" and bool(col.is_identifier))}
    if kind == "numeric":
        out.update(numeric_sketch(col.sorted_finite))
    elif kind in ("categorical", "boolean"):
        counts = level_counts(col.hashable.iloc[col.present_positions])
        out.update(present=int(counts.sum()), **sketch_counts(counts, MAX_LEVELS, "levels"))
    elif kind == "text":
        texts = col.series.iloc[col.present_positions]
        if len(texts) > TEXT_SAMPLE:
            texts = texts.iloc[np.sort(rng.choice(len(texts), TEXT_SAMPLE, replace=False))]
        out.update(present=col.n_present, texts=len(texts), **sketch_counts(word_counts(texts), MAX_WORDS, "words"))
    elif kind == "datetime" and col.n_present:
        present = col.series.iloc[col.present_positions]
        out.update(present=col.n_present, min=str(present.min()), max=str(present.max()))
    return out


def sketch_frame(ctx: FrameContext, seed: int = 0, kinds: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Sketches of every column of a pandas frame, by column name (``kinds``: the
    kind to sketch each column as where its storage allows, e.g. the reference's)."""
    rng = np.random.default_rng(seed)
    kinds = kinds or {}
    return {col.name: sketch_column(col, rng, kinds.get(col.name)) for col in ctx.columns}


def sketch_cdf(quantiles: Any, at: np.ndarray) -> np.ndarray:
    """The share of values at or below each point of ``at``, read off a quantile
    sketch: exact at the sketch's own points (ties included), linear between them."""
    q = np.asarray(quantiles, dtype=float)
    points, last = np.unique(q[::-1], return_index=True)  # each value's highest probability
    shares = QUANTILES[::-1][last]
    cdf = np.interp(at, points, shares)
    return np.where(at < points[0], 0.0, cdf)


#: Rows of an engine frame brought over to decide column kinds, count words and
#: train the whole-frame classifier.
ENGINE_SAMPLE = 20_000


def sketch_engine(native: Any, seed: int = 0, kinds: dict[str, str] | None = None,
                  ) -> tuple[int, dict[str, dict[str, Any]], pd.DataFrame, list[str]]:
    """Sketches of a frame held by another engine (Spark, lazy polars, DuckDB, Arrow):
    counts, levels and quantiles computed there; kinds and words from an even sample.
    Returns the row count, the sketches, the sample and notes on how they were made."""
    from .._core.engine import SPARK_QUANTILE_ERROR, EngineFrame

    engine = EngineFrame(native)
    n, stats = engine.column_stats()
    sample = engine.sample(ENGINE_SAMPLE, n, seed)
    ctx = FrameContext(sample)
    rng = np.random.default_rng(seed)
    sketches: dict[str, dict[str, Any]] = {}
    numeric = []
    whole = n <= len(sample)
    kinds = kinds or {}
    as_text = []
    for col in ctx.columns:
        kind = compared_kind(col, kinds.get(col.name))
        if not whole and col.name in stats and kind == "numeric" and not stats[col.name].numeric:
            as_text.append(col.name)  # numbers written as text: the engine would have to parse every row
        if whole or col.name not in stats or col.name in as_text:
            sketches[col.name] = sketch_column(col, rng, kinds.get(col.name))
            continue
        s = stats[col.name]
        out: dict[str, Any] = {"kind": kind, "storage": storage_class(col), "dtype": s.dtype, "rows": n,
                               "missing": s.nulls, "identifier": kind == "id" or (kind != "empty" and bool(col.is_identifier)),
                               "present": n - s.nulls}
        if kind == "numeric" and s.numeric:
            out.update(mean=s.mean, std=s.std)
            numeric.append(col.name)
        elif kind in ("categorical", "boolean"):
            counts = by_level_key(engine.level_counts(col.name, MAX_LEVELS))
            out.update(levels={str(k): int(v) for k, v in counts.items()}, other=max(int(n - s.nulls - counts.sum()), 0))
        elif kind == "text":
            words = sketch_column(col, rng, "text")
            out.update(texts=words["texts"], words=words["words"], other=words["other"])
        sketches[col.name] = out
    for name, values in engine.quantiles(numeric, QUANTILES).items():
        sketches[name]["quantiles"] = values
    for name in numeric:
        if "quantiles" not in sketches[name]:
            sketches[name]["present"] = 0
    notes = []
    if not whole:
        notes.append(f"counted by {engine.engine} on all {n:,} rows; column kinds, words and the whole-frame "
                     f"classifier from an even sample of {len(sample):,} rows"
                     + (f"; quantiles approximate (relative error {SPARK_QUANTILE_ERROR})" if engine.engine == "pyspark" and numeric else "")
                     + (f"; numbers written as text ({', '.join(map(repr, as_text))}) sketched from the sample"
                        if as_text else "") + ".")
    return n, sketches, sample, notes


#: A column follows the time when it holds at most this many values per period on
#: average, and at most half of its values (or barely more than one) per period.
PER_PERIOD_VALUES = 2.5


def follows_time(ctx: FrameContext, row_period: np.ndarray) -> list[str]:
    """Columns that hold about one value per period and more overall (the month, a
    day number in another time zone, a batch id): a batch of a few periods differs
    in them by design, and its rows are not independent draws of them."""
    counted = row_period >= 0
    if counted.sum() == 0 or np.unique(row_period[counted]).size < 2:
        return []
    out = []
    for col in ctx.columns:
        if col.n_present < 2 or col.storage in ("empty", "other", "mixed") or col.distinct < 2:
            continue
        present = counted & col.notna
        pairs = pd.DataFrame({"p": row_period[present], "v": col.hashable.to_numpy()[present]}).drop_duplicates()
        per_period = len(pairs) / pairs["p"].nunique()
        if per_period <= min(PER_PERIOD_VALUES, max(1.1, 0.5 * col.distinct)):
            out.append(col.name)
    return out
