"""inconsistent_mapping in a profile: a key that almost always determines another
column, except in a few rows (an outlet filed under the wrong brand)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._core.context import KEY_NAME, ColumnData, FrameContext
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.text import plural, shorten


def _codes(col: ColumnData, rows: np.ndarray | None = None) -> np.ndarray:
    """Integer codes of the column's values (of the given rows; all rows when None)."""
    codes, _ = pd.factorize(col.hashable if rows is None else col.hashable.iloc[rows])
    return codes


def agreement_with_majority(keys: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    """Share of rows whose value is their key's most common value, and a mask of
    the rows that disagree (rows with a missing key or value, code -1, never disagree).

    ``keys`` and ``values`` are integer codes (``pandas.factorize``)."""
    usable = (keys >= 0) & (values >= 0)
    k, v = keys[usable].astype(np.int64), values[usable].astype(np.int64)
    disagree = np.zeros(len(keys), dtype=bool)
    if k.size:
        width = int(v.max()) + 1
        pairs, first, counts = np.unique(k * width + v, return_index=True, return_counts=True)
        pair_key, pair_value = pairs // width, pairs % width
        # per key, the most common value; ties go to the value seen first
        order = np.lexsort((first, -counts, pair_key))
        best = order[np.r_[True, pair_key[order][1:] != pair_key[order][:-1]]]
        majority = np.full(int(pair_key.max()) + 1, -1, dtype=np.int64)
        majority[pair_key[best]] = pair_value[best]
        disagree[np.flatnonzero(usable)] = v != majority[k]
    share = 1 - disagree.sum() / max(usable.sum(), 1)
    return float(share), disagree


def _coarser(key: ColumnData, value: ColumnData) -> bool:
    """Whether ``value`` groups ``key``'s values (fewer distinct values; numbers only as codes)."""
    if value is key:
        return False
    limit = key.distinct / 2 if value.kind != "numeric" else min(50, key.distinct / 2)
    return 2 <= value.distinct <= limit


def _named(key: ColumnData, value: ColumnData) -> bool:
    """Whether ``value`` spells out ``key`` one to one (an airport code and its name):
    text with about as many distinct values as the key, and longer."""
    if value is key or not value.is_stringlike or value.kind not in ("categorical", "id", "text"):
        return False
    if not 0.8 * key.distinct <= value.distinct <= 1.25 * key.distinct:
        return False
    key_length = key.sample_lengths.mean() if key.is_stringlike and key.sample_lengths.size else 0.0
    return bool(value.sample_lengths.size) and value.sample_lengths.mean() > key_length


@register(
    "inconsistent_mapping", family="data", entries=("profile", "check_mapping"),
    min_agreement=Param(0.97, SHARE),
    min_keys=20,
    min_rows_per_key=3,
    min_explained=0.9,
    max_candidates=20,
    sample_rows=50_000,
)
def inconsistent_mapping(
    ctx: FrameContext,
    *,
    min_agreement: float,
    min_keys: int,
    min_rows_per_key: float,
    min_explained: float,
    max_candidates: int,
    sample_rows: int,
) -> list[Finding]:
    """Column pairs where each key maps to one value in almost every row, and the rows that break it.

    ``min_agreement``: share of rows that must follow their key's usual value;
    ``min_explained``: share of the value column's variation (beyond its most
    common value) that the key must account for.
    """
    eligible = [c for c in ctx.features if c.kind in ("categorical", "id", "numeric") and c.n_present
                and not (c.kind == "numeric" and (c.storage == "boolean" or not c.is_integer))]
    keys = [c for c in eligible if c.distinct >= min_keys and c.n_present >= min_rows_per_key * c.distinct
            and (c.kind != "numeric" or KEY_NAME.search(c.name))]  # numbers are keys only when named so
    names = [c for c in ctx.features if c.kind == "text" and c.is_stringlike and c.n_present]
    pairs = [(k, v) for k in keys for v in eligible if _coarser(k, v)]
    pairs += [(k, v) for k in keys for v in eligible + names if _named(k, v)]
    pairs = sorted(pairs, key=lambda kv: -kv[0].distinct)[:max_candidates]
    if not pairs:
        return []
    rows = np.arange(ctx.n_rows)
    if ctx.n_rows > sample_rows:
        rows = np.sort(np.random.default_rng(0).choice(ctx.n_rows, sample_rows, replace=False))
    codes: dict[int, np.ndarray] = {}

    def code(col: ColumnData) -> np.ndarray:
        if col.position not in codes:
            codes[col.position] = _codes(col, rows)
        return codes[col.position]

    findings = []
    for key, value in pairs:
        share, _ = agreement_with_majority(code(key), code(value))
        if not (min_agreement - 0.01 <= share < 1):  # the sample shortlists; all rows decide
            continue
        # a near-constant column "depends" on anything: the key must explain what varies
        if (share - value.top_share) / max(1 - value.top_share, 1e-12) < min_explained:
            continue
        share, disagree = agreement_with_majority(_codes(key), _codes(value))
        count = int(disagree.sum())
        if count == 0 or share < min_agreement:
            continue
        example = int(np.flatnonzero(disagree)[0])
        findings.append(Finding(
            "inconsistent_mapping", "warning",
            f"{key.name!r} determines {value.name!r} in {min(100 * share, 99.9):.1f}% of rows, but {plural(count, 'row')} "
            f"disagree with their key's usual value, e.g. {shorten(key.series.iloc[example])} -> "
            f"{shorten(value.series.iloc[example])}: a key filed under the wrong parent?",
            columns=(key.label, value.label),
            details={"count": count, "rate": count / ctx.n_rows, "agreement": share,
                     "min_agreement": min_agreement, "key": key.name, "attribute": value.name},
            rows=ctx.row_labels(np.flatnonzero(disagree)),
        ))
    return findings
