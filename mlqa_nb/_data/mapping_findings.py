"""The findings and reference of mq.check_mapping, built the same way whether pandas
or another engine counted the rows."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from .._core.context import FrameContext
from .._core.finding import Finding
from .._core.text import fmt_pct, plural, quote_list, shorten


def mapping_title(key_text: str, attribute: str, name: str | None, total: int) -> str:
    """The title of a mapping report."""
    return f"mapping {key_text} -> {attribute!r} in {name or 'df'} ({total:,} rows with both)"


def conflict_finding(key_text: str, attribute: str, conflicted: int, count: int, total: int, first_key: Any,
                     first_values: list, *, columns: tuple, keys: int, examples: dict[str, list],
                     rows: tuple = (), **details: Any) -> Finding:
    """Keys mapping to more than one value: ``count`` rows disagree with their key's usual value."""
    return _finding(
        "warning",
        f"{conflicted:,} values of {key_text} map to more than one {attribute!r}; "
        f"{plural(count, 'row')} ({fmt_pct(count / max(total, 1))}) disagree with their key's usual "
        f"value, e.g. {shorten(first_key)} -> {quote_list(first_values)}.",
        count, total, columns, rows, keys_in_conflict=conflicted, keys=keys, examples=examples, **details)


def reference_finding(key_text: str, attribute: str, count: int, total: int, key: Any, value: Any, expected: Any,
                      *, columns: tuple, rows: tuple = (), **details: Any) -> Finding:
    """Rows whose value differs from the reference mapping's."""
    return _finding(
        "warning",
        f"{plural(count, 'row')} ({fmt_pct(count / max(total, 1))}) give {key_text} a different "
        f"{attribute!r} than the reference, e.g. {shorten(key)} -> {shorten(value)} instead of {shorten(expected)}.",
        count, total, columns, rows, kind="reference", **details)


def unknown_key_finding(key_text: str, keys: int, count: int, total: int, example: Any, *, columns: tuple,
                        rows: tuple = (), **details: Any) -> Finding:
    """Rows whose key the reference does not know."""
    return _finding(
        "info",
        f"{plural(keys, 'value')} of {key_text} ({plural(count, 'row')}) are not in the reference, "
        f"e.g. {shorten(example)}.",
        count, total, columns, rows, kind="unknown_key", **details)


def _finding(severity: str, message: str, count: int, total: int, columns: tuple, rows: tuple,
             **details: Any) -> Finding:
    """An inconsistent_mapping finding: ``count`` of the ``total`` rows with key and value."""
    return Finding("inconsistent_mapping", severity, message, columns=columns,
                   details={"count": count, "rate": count / max(total, 1), **details}, rows=rows)


def reference_mapping(reference: Any, key_labels: list, attribute: Hashable) -> pd.Series:
    """The reference as a Series from key (a tuple for several key columns) to value."""
    if isinstance(reference, Mapping):
        return pd.Series(dict(reference))
    if isinstance(reference, pd.Series):
        return reference[~reference.index.duplicated()]
    if isinstance(reference, pd.DataFrame):
        ref = FrameContext(reference)
        ref_keys = [ref.column(k, "reference (key)").hashable for k in key_labels]
        ref_attr = ref.column(attribute, "reference (attribute)").hashable
        index = pd.MultiIndex.from_arrays(ref_keys).to_flat_index() if len(ref_keys) > 1 else pd.Index(ref_keys[0])
        mapping = pd.Series(ref_attr.to_numpy(), index=index)
        return mapping[~mapping.index.duplicated()]
    raise TypeError(
        f"reference must be a DataFrame, a Series or a dict, got {type(reference).__name__}"
    )
