"""mq.outliers: robust outliers per column, or within groups."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.figures import grouped_values, with_distribution
from .._core.finding import Finding
from .._core.params import check_params, ints_from
from .._core.provenance import provenance
from .._core.registry import options_for
from .._core.report import Report
from .._core.robust import group_robust_z
from .._core.text import as_text, fmt_num, fmt_pct, plural, quote_list
from .._core.validation import as_frame, as_label_list, stays_in_engine
from .outliers import (
    fence_cut,
    find_outliers,
    outlier_columns,
    outlier_finding,
    repeated_exactly,
    worth_reporting,
)

#: Groups smaller than this are not judged: their median says too little.
MIN_GROUP_ROWS = 8


def outliers(
    df: pd.DataFrame,
    *,
    columns: Sequence[Hashable] | Hashable | None = None,
    by: Sequence[Hashable] | Hashable | None = None,
    z_threshold: float | None = None,
    gap: float | None = None,
    max_rate: float | None = None,
    min_group_rows: int = MIN_GROUP_ROWS,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
) -> Report:
    """Find values far from the bulk of their column, or of their group.

    Parameters
    ----------
    df : pandas.DataFrame, or a polars, Spark, DuckDB or Arrow frame
        On Spark, lazy polars, DuckDB and Arrow frames the cut-offs come from an even
        sample of 100,000 rows and the engine counts the values beyond them in every
        row (``details["first_rows"]`` holds the first of them); ``by`` needs pandas.
    columns : column label or list, optional
        Numeric columns to test; all numeric columns by default.
    by : column label or list, optional
        Group columns: a value is judged against the median and MAD of its own
        group (a price normal for the country but absurd for its city).
    z_threshold : float, default 5.0
        How many robust standard deviations make an outlier.
    gap : float, default 3.0
        Whole-column mode only: outliers separated from the bulk by this many
        SDs are warnings; a continuous long tail is reported as info.
    max_rate : float, default 0.01
        More outliers than this share of rows make a second group of values or
        a long tail (info), not errors; with ``by``, long tails within the groups.
    min_group_rows : int
        Groups with fewer rows are skipped.
    options : dict, optional
        ``{"outliers": {...}}``: the same thresholds by name, as for ``mq.profile``;
        arguments given explicitly take precedence.

    Returns
    -------
    Report
        One finding per column (per column and grouping with ``by``) whose
        ``rows`` are the outlying rows, most extreme first.
    """
    check_params("outliers", min_group_rows=(min_group_rows, ints_from(1)))
    chosen = options_for("outliers", options, families=("data",), z_threshold=z_threshold, gap=gap, max_rate=max_rate)["outliers"]
    z_threshold, gap, max_rate = chosen["z_threshold"], chosen["gap"], chosen["max_rate"]
    if stays_in_engine(df):
        if by is not None:
            raise ValueError(f"by= judges each group on all of its rows, which a {type(df).__module__.split('.')[0]} "
                             f"{type(df).__name__} does "
                             "not bring to Python: pass a pandas frame (or a sample), or use mq.profile")
        from .profile_engine import on_engine_sample

        return on_engine_sample(df, lambda sample: outliers(
            sample, columns=columns, z_threshold=z_threshold, gap=gap, max_rate=max_rate, name=name))
    frame = as_frame(df)
    ctx = FrameContext(frame)
    chosen = None
    if columns is not None:
        chosen = [ctx.column(c, "columns") for c in as_label_list(columns, "columns", frame.columns)]
        wrong = [c.name for c in chosen if c.kind != "numeric" or c.storage == "boolean"]
        if wrong:
            raise TypeError(f"columns must be numeric; not numeric: {quote_list(wrong)}")
    group_cols = [ctx.column(c, "by") for c in as_label_list(by, "by", frame.columns) or []]
    tested = [c for c in outlier_columns(ctx, chosen) if all(c is not g for g in group_cols)]
    findings: list[Finding] = []
    tables = {}
    if group_cols:
        keys = [g.hashable for g in group_cols]
        codes = frame.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        for col in tested:
            finding, table = _within_groups(ctx, col, group_cols, codes, z_threshold, min_group_rows, max_rate)
            if finding is not None:
                findings.append(finding)
                tables[f"outliers_{col.name}"] = table
    else:
        for col in tested:
            found = find_outliers(col.floats, col.present_positions, z_threshold=z_threshold, gap=gap)
            if worth_reporting(found, ctx.n_rows, z_threshold):
                findings.append(
                    outlier_finding(ctx, col, found, z_threshold=z_threshold, max_rate=max_rate,
                                    cut=fence_cut(found, gap))
                )
    grouping = f" within {quote_list([g.name for g in group_cols])}" if group_cols else ""
    findings = [with_distribution(ctx, f) for f in findings]
    return Report(
        findings,
        title=f"outliers in {name or 'df'}{grouping} ({ctx.n_rows:,} rows, {len(tested)} columns tested)",
        kind="outliers",
        tables=tables,
        provenance=provenance(frame),
        name=name,
    )


def _within_groups(ctx, col, group_cols, codes, z_threshold, min_group_rows, max_rate):
    positions = col.present_positions
    values = col.floats
    finite = np.isfinite(values)
    positions, values = positions[finite], values[finite]
    groups = codes[positions]
    median, _, z = group_robust_z(values, groups)
    size = pd.Series(groups).groupby(groups).transform("size").to_numpy()
    flagged = (np.abs(z) > z_threshold) & (size >= min_group_rows)
    beyond = int(flagged.sum())  # a tail is judged on every far value, repeated or not
    flagged &= ~repeated_exactly(values, groups)  # one long route of a carrier is no error
    if not flagged.any():
        return None, None
    order = np.argsort(-np.abs(z[flagged]), kind="stable")
    hit_positions = positions[flagged][order]
    count = int(hit_positions.size)
    labels = [g.name for g in group_cols]
    frame = ctx.df
    examples = pd.DataFrame(
        {
            **{g.name: g.series.iloc[hit_positions[:20]].to_numpy() for g in group_cols},
            col.name: values[flagged][order][:20],
            "group_median": median[flagged][order][:20],
            "robust_z": z[flagged][order][:20],
        },
        index=frame.index[hit_positions[:20]],
    )
    first = examples.iloc[0]
    group_text = ", ".join(f"{g}={first[g]!r}" for g in labels)
    example = f"e.g. {fmt_num(first[col.name])} where the median for {group_text} is {fmt_num(first['group_median'])}"
    tail = beyond / ctx.n_rows > max_rate
    if tail:
        message = (f"{col.name!r} has long tails within its {quote_list(labels)} groups: {plural(beyond, 'value')} "
                   f"({fmt_pct(beyond / ctx.n_rows)}) beyond {fmt_num(z_threshold)} robust SDs of their group, {example}; "
                   "too many to be errors.")
    else:
        message = (
            f"{plural(count, 'value')} of {col.name!r} ({fmt_pct(count / ctx.n_rows)}) {'is' if count == 1 else 'are'} "
            f"extreme for their {quote_list(labels)} though not necessarily overall, {example}."
        )
    finding = Finding(
        "outliers",
        "info" if tail else "warning",
        message,
        columns=(col.label, *(g.label for g in group_cols)),
        details={
            "count": count,
            "rate": count / ctx.n_rows,
            "by": labels,
            "z_threshold": z_threshold,
            "method": "median/MAD robust z within each group",
            "min_group_rows": min_group_rows,
            "groups_with_outliers": int(np.unique(groups[flagged]).size),
            "max_rate": max_rate,
            "beyond_threshold": beyond,
        },
        rows=ctx.row_labels(hit_positions),
        figure=grouped_values(values, groups, flagged, lambda g: _group_name(group_cols, positions[groups == g][0]),
                              column=col.name, by=", ".join(labels)),
    )
    return finding, examples.reset_index(names="row")


def _group_name(group_cols, position: int) -> str:
    return ", ".join(as_text(g.series.iloc[position])[:30] for g in group_cols)
