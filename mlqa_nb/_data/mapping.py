"""mq.check_mapping: each key should map to one attribute value."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.finding import Finding
from .._core.provenance import provenance
from .._core.report import Report
from .._core.text import quote_list
from .._core.validation import as_frame, as_label_list, stays_in_engine
from .inconsistent_mapping import agreement_with_majority
from .mapping_findings import (
    conflict_finding,
    mapping_title,
    reference_finding,
    reference_mapping,
    unknown_key_finding,
)


def check_mapping(
    df: pd.DataFrame,
    key: Hashable | Sequence[Hashable],
    attribute: Hashable,
    *,
    reference: pd.DataFrame | pd.Series | Mapping | None = None,
    name: str | None = None,
) -> Report:
    """Check the functional dependency ``key -> attribute`` (an outlet belongs to one brand).

    Parameters
    ----------
    df : pandas.DataFrame, or a polars, Spark, DuckDB or Arrow frame
        Frames of Spark, lazy polars, DuckDB and Arrow are counted where they live;
        their findings list the first rows that disagree in ``details["first_rows"]``
        (such frames have no row labels).
    key : column label or list of labels
        The identifier, e.g. ``"outlet_id"``.
    attribute : column label
        What each key should determine, e.g. ``"brand_id"``.
    reference : DataFrame, Series or dict, optional
        The authoritative mapping: a frame with the key and attribute columns, a
        Series indexed by key, or a dict. Rows disagreeing with it are flagged,
        and keys it does not know are reported.

    Returns
    -------
    Report
        ``inconsistent_mapping`` findings whose rows disagree with the majority
        value of their key (or with the reference), and a ``conflicts`` table.
    """
    if stays_in_engine(df):
        from .mapping_engine import check_mapping_engine

        return check_mapping_engine(df, as_label_list(key, "key") or [], attribute, reference=reference, name=name)
    frame = as_frame(df)
    ctx = FrameContext(frame)
    key_cols = [ctx.column(k, "key") for k in as_label_list(key, "key", frame.columns)]
    attr = ctx.column(attribute, "attribute")
    if any(k is attr for k in key_cols):
        raise ValueError(f"attribute={attribute!r} is also part of key")
    keys = pd.MultiIndex.from_arrays([k.hashable for k in key_cols]) if len(key_cols) > 1 else pd.Index(key_cols[0].hashable)
    values = pd.Index(attr.hashable)
    usable = ~(pd.isna(values) | _any_missing(key_cols))
    findings: list[Finding] = []
    tables: dict[str, pd.DataFrame] = {}
    key_names = [k.name for k in key_cols]
    key_text = quote_list(key_names)
    table = pd.DataFrame({"key": keys[usable].to_flat_index(), "value": values[usable]})
    total = int(usable.sum())
    if reference is None:
        pairs = table.groupby(["key", "value"], sort=False, dropna=False).size().rename("rows").reset_index()
        try:
            pairs = pairs.sort_values(["key", "rows"], ascending=[True, False], kind="stable")
        except TypeError:  # keys that do not sort together (tuples beside bytes): first seen first
            pairs = pairs.iloc[np.lexsort((-pairs["rows"].to_numpy(), pd.factorize(pairs["key"])[0]))]
        per_key = pairs.groupby("key", sort=False)["value"].nunique()
        conflicted = per_key[per_key > 1].index
        if len(conflicted):
            _, wrong = agreement_with_majority(pd.factorize(table["key"])[0], pd.factorize(table["value"])[0])
            positions = np.flatnonzero(usable)[wrong]
            conflicts = pairs[pairs["key"].isin(conflicted)].reset_index(drop=True)
            tables["conflicts"] = conflicts
            count = int(positions.size)
            example = conflicts[conflicts["key"] == conflicted[0]]
            findings.append(conflict_finding(
                key_text, attr.name, len(conflicted), count, total, conflicted[0], example["value"].tolist(),
                columns=(*(k.label for k in key_cols), attr.label), keys=int(len(per_key)),
                examples={str(k): conflicts.loc[conflicts["key"] == k, "value"].tolist() for k in conflicted[:5]},
                rows=ctx.row_labels(positions)))
    else:
        mapping = reference_mapping(reference, [k.label for k in key_cols], attr.label)
        expected = table["key"].map(mapping)
        known = expected.notna().to_numpy()
        wrong = known & (table["value"].to_numpy() != expected.to_numpy())
        rows = np.flatnonzero(usable)
        if wrong.any():
            count = int(wrong.sum())
            sample = table[wrong].assign(reference=expected[wrong]).drop_duplicates(["key", "value"])
            tables["conflicts"] = sample.reset_index(drop=True)
            first = sample.iloc[0]
            findings.append(reference_finding(
                key_text, attr.name, count, total, first["key"], first["value"], first["reference"],
                columns=(*(k.label for k in key_cols), attr.label), rows=ctx.row_labels(rows[wrong])))
        if (~known).any():
            count = int((~known).sum())
            unknown_keys = table.loc[~known, "key"].unique()
            findings.append(unknown_key_finding(
                key_text, len(unknown_keys), count, total, unknown_keys[0],
                columns=tuple(k.label for k in key_cols), rows=ctx.row_labels(rows[~known])))
    return Report(
        findings,
        title=mapping_title(key_text, attr.name, name, total),
        kind="mapping",
        tables=tables,
        provenance=provenance(frame),
        name=name,
    )


def _any_missing(key_cols) -> np.ndarray:
    missing = np.zeros(key_cols[0].ctx.n_rows, dtype=bool)
    for col in key_cols:
        missing |= ~col.notna
    return missing
