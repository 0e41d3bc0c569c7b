"""mq.check_mapping on a frame held by another engine (Spark, lazy polars, DuckDB, Arrow).

The engine counts rows per key and value; only per-key summaries of the keys in
conflict (at most :data:`MAX_CONFLICT_KEYS`) and the first :data:`FIRST_ROWS`
disagreeing rows come back, so every count is exact and no frame is collected.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable
from functools import reduce
from typing import Any

import pandas as pd

from .._core.engine import FIRST_ROWS, EngineFrame, records
from .._core.finding import Finding
from .._core.provenance import provenance
from .._core.report import Report
from .._core.text import quote_list
from .mapping_findings import (
    conflict_finding,
    mapping_title,
    reference_finding,
    reference_mapping,
    unknown_key_finding,
)

#: Keys in conflict whose values come back (the conflicts table); counts cover them all.
MAX_CONFLICT_KEYS = 1_000

_N, _VALUES, _ROWS, _TOP, _REF = "_mlqa_n", "_mlqa_values", "_mlqa_rows", "_mlqa_top", "_mlqa_reference"


def check_mapping_engine(native: Any, key_labels: list[Hashable], attribute: Hashable, *, reference: Any,
                         name: str | None) -> Report:
    """``key -> attribute`` counted where ``native`` lives (see the module's text)."""
    import narwhals as nw

    engine = EngineFrame(native)
    for argument, label in [*(("key", k) for k in key_labels), ("attribute", attribute)]:
        if label not in engine.columns:
            raise KeyError(f"{argument}={label!r} is not a column; columns: {quote_list(engine.columns[:10])}")
        if argument == "attribute" and label in key_labels:
            raise ValueError(f"attribute={attribute!r} is also part of key")
        if engine.schema[label].is_nested():
            raise TypeError(f"{argument}={label!r} holds {engine.schema[label]} values; a mapping in a "
                            f"{engine.engine} frame is checked on single values (numbers, text, dates)")
    keys = [str(k) for k in key_labels]
    attr = str(attribute)
    usable = engine.frame.filter(*[~nw.col(c).is_null() for c in [*keys, attr]])
    pairs = usable.group_by([*keys, attr]).agg(nw.len().alias(_N))
    key_text = quote_list(keys)
    columns = (*key_labels, attribute)
    tables: dict[str, pd.DataFrame] = {}
    if reference is None:
        findings, total = _conflicts(engine, pairs, keys, attr, key_text, columns, tables)
    else:
        findings, total = _against_reference(engine, pairs, keys, attr, key_text, columns, tables,
                                             reference_mapping(reference, list(key_labels), attribute))
    block = provenance()
    block["data"] = {"rows_with_both": total, "engine": engine.engine}
    return Report(findings, title=mapping_title(key_text, attr, name, total), kind="mapping", tables=tables,
                  notes=[f"counted by {engine.engine}; a frame of another engine has no row labels, so each "
                         f"finding lists its first {FIRST_ROWS} rows in details['first_rows']."],
                  provenance=block, name=name)


def _conflicts(engine: EngineFrame, pairs: Any, keys: list[str], attr: str, key_text: str,
               columns: tuple, tables: dict) -> tuple[list[Finding], int]:
    import narwhals as nw

    per_key = pairs.group_by(keys).agg(nw.len().alias(_VALUES), nw.col(_N).sum().alias(_ROWS),
                                       nw.col(_N).max().alias(_TOP))
    conflicted = nw.col(_VALUES) > 1
    totals = engine.collect(per_key.select(
        nw.len().alias("keys"), nw.col(_ROWS).sum().alias("total"),
        nw.when(conflicted).then(1).otherwise(0).sum().alias("conflicted"),
        nw.when(conflicted).then(nw.col(_ROWS) - nw.col(_TOP)).otherwise(0).sum().alias("wrong"))).iloc[0]
    total, conflicted_keys = _int(totals["total"]), _int(totals["conflicted"])
    if not conflicted_keys:
        return [], total
    worst = _largest_first(per_key.filter(conflicted), _ROWS, keys).head(MAX_CONFLICT_KEYS).select(*keys, _ROWS)
    table = engine.collect(pairs.join(worst, on=keys)).sort_values(
        [_ROWS, *keys, _N], ascending=[False, *[True] * len(keys), False], kind="stable")
    table["key"] = _key_values(table, keys)
    table = table.rename(columns={attr: "value", _N: "rows"})[["key", "value", "rows"]].reset_index(drop=True)
    tables["conflicts"] = table
    majority = table.drop_duplicates("key")  # rows sorted by count within each key: the first is the usual value
    order = list(dict.fromkeys(table["key"]))
    examples = {str(k): table.loc[table["key"] == k, "value"].tolist() for k in order[:5]}
    off = [_matches(keys, key) & (nw.col(attr) != _scalar(value))
           for key, value in zip(majority["key"][:FIRST_ROWS], majority["value"][:FIRST_ROWS])]
    first = engine.first_rows(reduce(operator.or_, off), FIRST_ROWS)
    return [conflict_finding(key_text, attr, conflicted_keys, _int(totals["wrong"]), total, order[0],
                             examples[str(order[0])], columns=columns, keys=_int(totals["keys"]),
                             examples=examples, first_rows=records(first))], total


def _against_reference(engine: EngineFrame, pairs: Any, keys: list[str], attr: str, key_text: str,
                       columns: tuple, tables: dict, mapping: pd.Series) -> tuple[list[Finding], int]:
    import narwhals as nw

    ref = pd.DataFrame(list(mapping.index) if len(keys) > 1 else {keys[0]: list(mapping.index)},
                       columns=keys if len(keys) > 1 else None)
    ref[_REF] = list(mapping.to_numpy())
    types = {**{c: engine.schema[c] for c in keys}, _REF: engine.schema[attr]}
    try:  # the reference's keys and values as the frame holds them (2.0 in a dict for an integer column)
        ref_frame = engine.small_frame(ref).with_columns(*[nw.col(c).cast(t) for c, t in types.items()])
    except Exception as error:
        raise TypeError(f"reference: its keys or values cannot be read as the frame's types "
                        f"({', '.join(f'{c}: {t}' for c, t in types.items())}): {error}") from None
    joined = pairs.join(ref_frame, on=keys, how="left")
    known, wrong = ~nw.col(_REF).is_null(), ~nw.col(_REF).is_null() & (nw.col(attr) != nw.col(_REF))
    totals = engine.collect(joined.select(
        nw.col(_N).sum().alias("total"),
        nw.when(wrong).then(nw.col(_N)).otherwise(0).sum().alias("wrong"),
        nw.when(~known).then(nw.col(_N)).otherwise(0).sum().alias("unknown"))).iloc[0]
    total, findings = _int(totals["total"]), []
    if _int(totals["wrong"]):
        table = engine.collect(_largest_first(joined.filter(wrong), _N, keys).head(MAX_CONFLICT_KEYS))
        table["key"] = _key_values(table, keys)
        table = table.rename(columns={attr: "value", _REF: "reference", _N: "rows"})
        tables["conflicts"] = table[["key", "value", "reference", "rows"]].reset_index(drop=True)
        off = [_matches(keys, key) & (nw.col(attr) == _scalar(value))  # the pairs the reference refutes
               for key, value in zip(table["key"][:FIRST_ROWS], table["value"][:FIRST_ROWS])]
        first = engine.first_rows(reduce(operator.or_, off), FIRST_ROWS)
        top = table.iloc[0]
        findings.append(reference_finding(key_text, attr, _int(totals["wrong"]), total, top["key"], top["value"],
                                          top["reference"], columns=columns, first_rows=records(first)))
    if _int(totals["unknown"]):
        unknown = joined.filter(~known).group_by(keys).agg(nw.col(_N).sum().alias(_ROWS))
        count = engine.collect(unknown.select(nw.len().alias("n"))).iloc[0, 0]
        example = engine.collect(_largest_first(unknown, _ROWS, keys).head(1))
        first = engine.first_rows(_matches(keys, _key_values(example, keys)[0]) & ~nw.col(attr).is_null(), FIRST_ROWS)
        findings.append(unknown_key_finding(key_text, _int(count), _int(totals["unknown"]), total,
                                            _key_values(example, keys)[0], columns=columns[:-1],
                                            first_rows=records(first)))
    return findings, total


def _largest_first(frame: Any, count: str, keys: list[str]) -> Any:
    """Rows of a narwhals frame by ``count``, largest first, ties by key (a stable order)."""
    return frame.sort([count, *keys], descending=[True, *[False] * len(keys)])


def _matches(keys: list[str], key: Any) -> Any:
    """The engine expression for rows holding ``key`` (a tuple for several key columns)."""
    import narwhals as nw

    parts = key if len(keys) > 1 else (key,)
    return reduce(operator.and_, [nw.col(c) == _scalar(v) for c, v in zip(keys, parts)])


def _key_values(table: pd.DataFrame, keys: list[str]) -> list:
    """Each row's key: the value, or a tuple of values for several key columns."""
    if len(keys) == 1:
        return table[keys[0]].tolist()
    return list(zip(*(table[c].tolist() for c in keys)))


def _scalar(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _int(value: Any) -> int:
    return 0 if pd.isna(value) else int(value)
