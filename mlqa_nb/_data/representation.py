"""representation: groups with too few rows to learn or evaluate, and shares that
differ from a reference population (in ``mq.profile`` with ``groups=``, and as
``mq.representation``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.figures import Bars, PairedBars
from .._core.finding import Finding
from .._core.params import SHARE, Param, ints_from
from .._core.provenance import provenance
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import as_text, fmt_pct, plural, quote_list
from .._core.validation import as_frame, as_label_list

#: Groups shown in a figure at most.
SHOWN = 20


@register(
    "representation", family="data", entries=("profile", "representation"), needs=("groups",),
    min_rows=Param(30, ints_from(1)), share_gap=Param(0.05, SHARE), alpha=Param(0.01, SHARE),
)
def representation_check(ctx: FrameContext, *, min_rows: int, share_gap: float, alpha: float) -> list[Finding]:
    """Groups of each ``groups`` column with fewer than ``min_rows`` rows (too few to
    learn or to evaluate a model on); with a reference (``mq.representation``), shares
    that differ from it by ``share_gap`` or more and significantly (chi-square at ``alpha``)."""
    findings = []
    for col in ctx.groups:
        findings += judge(ctx, [col], None, min_rows=min_rows, share_gap=share_gap, alpha=alpha)[0]
    return findings


def representation(
    df: Any,
    by: Hashable | Sequence[Hashable],
    *,
    reference: Mapping[Any, float] | pd.Series | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
) -> Report:
    """Who is in the data: rows per group, against a reference population when given.

    Parameters
    ----------
    df : DataFrame
    by : column label or list
        The group columns (with several, their combinations are the groups).
    reference : dict or Series, optional
        Each group's expected share or count in the population the model will
        serve (census shares, last year's customers); shares are normalised.
        With several ``by`` columns, keys are tuples.
    options : dict, optional
        ``{"representation": {"min_rows": 30, "share_gap": 0.05, "alpha": 0.01}}``.

    Returns
    -------
    Report
        ``representation`` findings: groups too small to learn or evaluate, and
        groups whose share differs from the reference (chi-square goodness of fit);
        table ``representation`` (rows, share, reference share, difference per group).
    """
    opts = options_for("representation", options, families=("data",))["representation"]
    frame = as_frame(df)
    labels = as_label_list(by, "by", frame.columns)
    if not labels:
        raise ValueError("by must name at least one group column")
    if reference is not None and not isinstance(reference, (Mapping, pd.Series)):
        raise TypeError(f"reference must map each group to its share or count, got {type(reference).__name__}")
    ctx = FrameContext(frame)
    cols = [ctx.column(label, "by") for label in labels]
    findings, table, figure = judge(ctx, cols, reference, **opts)
    missing = int((~np.logical_and.reduce([c.notna for c in cols])).sum()) if len(frame) else 0
    ctx.close()
    notes = [f"{plural(missing, 'row')} without a value in {quote_list(labels)} belong to no group and are left out."] if missing else []
    return Report(
        findings, notes=notes,
        title=f"representation of {quote_list(labels)} in {name or 'df'} ({len(frame):,} rows, {plural(len(table), 'group')})",
        kind="representation", tables={"representation": table}, figures={"groups": figure},
        provenance=provenance(frame), name=name,
    )


def _group_text(key: Any) -> str:
    return ", ".join(as_text(k) for k in key) if isinstance(key, tuple) else as_text(key)


def judge(ctx: FrameContext, cols: list, reference: Mapping | pd.Series | None, *, min_rows: int,
          share_gap: float, alpha: float) -> tuple[list[Finding], pd.DataFrame, Any]:
    """The findings, the per-group table and the figure for the groups of the columns ``cols``."""
    frame, labels = ctx.df, [c.label for c in cols]
    present = np.logical_and.reduce([c.notna for c in cols])  # a missing group value is no group to serve
    # object arrays: no string dtype is inferred, so any text (lone surrogates) passes
    keys = [c.hashable.to_numpy(dtype=object)[present] for c in cols]
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays(keys) if len(labels) > 1 else keys[0])
    counts = np.bincount(codes, minlength=len(uniques)) if present.any() else np.zeros(0, dtype=int)
    groups = list(uniques)
    n = int(counts.sum())
    table = pd.DataFrame({"group": [_group_text(g) for g in groups], "rows": counts,
                          "share": counts / n if n else np.zeros(len(groups))})
    findings: list[Finding] = []
    column_names = tuple(labels)
    small = [i for i in np.argsort(counts, kind="stable") if counts[i] < min_rows]
    if small and n:
        names = [table["group"][i] for i in small]
        rows = np.flatnonzero(present)[np.isin(codes, small)]
        findings.append(Finding(
            "representation", "warning",
            f"{plural(len(small), 'group')} of {quote_list(labels)} {'has' if len(small) == 1 else 'have'} fewer than "
            f"{min_rows} rows ({', '.join(f'{g!r}: {counts[i]}' for g, i in zip(names[:5], small[:5]))}"
            f"{' and more' if len(small) > 5 else ''}): too few to learn them or to judge a model on them.",
            columns=column_names,
            details={"count": int(rows.size), "rate": rows.size / n, "groups": names[:50], "min_rows": min_rows,
                     "kind": "too_few"},
            rows=tuple(frame.index[rows]),
        ))
    figure: Any = Bars(tuple(table["group"].head(SHOWN)), tuple(float(c) for c in counts[:SHOWN]),
                       highlight=int(np.argmin(counts[:SHOWN])) if len(groups) else None, title="rows per group")
    if reference is not None:
        finding, table, figure = _against_reference(table, groups, counts, reference, labels, share_gap, alpha)
        if finding is not None:
            findings.append(finding)
    return [dataclasses.replace(f, figure=figure) for f in findings], table, figure


def _against_reference(table, groups, counts, reference, labels, share_gap, alpha):
    from scipy import stats

    items = dict(reference.items())
    bad = [k for k, v in items.items() if not isinstance(v, (int, float, np.number)) or isinstance(v, bool) or v < 0]
    if bad:
        raise ValueError(f"reference values must be shares or counts (numbers >= 0); not for {quote_list(bad)}")
    total = float(sum(items.values()))
    if total <= 0:
        raise ValueError("reference holds no positive share or count")
    ref_share = {k: float(v) / total for k, v in items.items()}
    n = int(counts.sum())
    position = {g: i for i, g in enumerate(groups)}
    names = sorted(set(groups) | set(ref_share),  # largest reference share first, then most rows, then by name
                   key=lambda g: (-ref_share.get(g, 0), -(counts[position[g]] if g in position else 0), _group_text(g)))
    observed = np.array([counts[position[g]] if g in position else 0 for g in names], dtype=float)
    expected = np.array([ref_share.get(g, 0.0) for g in names])
    table = pd.DataFrame({"group": [_group_text(g) for g in names], "rows": observed.astype(int),
                          "share": observed / n if n else observed, "reference_share": expected})
    table["difference"] = table["share"] - table["reference_share"]
    unknown = [g for g in groups if g not in ref_share]
    in_ref = expected > 0
    p_value = None
    if n and in_ref.sum() >= 2 and observed[in_ref].sum() > 0:
        kept = observed[in_ref]
        p_value = float(stats.chisquare(kept, expected[in_ref] / expected[in_ref].sum() * kept.sum()).pvalue)
    figure = PairedBars(tuple(table["group"].head(SHOWN)), tuple(table["reference_share"].head(SHOWN)),
                        tuple(table["share"].head(SHOWN)))
    worst = table.reindex(table["difference"].abs().sort_values(ascending=False).index)
    gap = float(worst["difference"].abs().iloc[0]) if len(worst) else 0.0
    absent = table[(table["rows"] == 0) & (table["reference_share"] >= share_gap)]
    if n == 0 or gap < share_gap or (p_value is not None and p_value >= alpha):
        return None, table, figure
    shown = "; ".join(f"{r.group!r} {fmt_pct(r.share)} against {fmt_pct(r.reference_share)}"
                      for r in worst.head(3).itertuples())
    message = (f"The groups of {quote_list(labels)} are not represented as in the reference: {shown}"
               + (f"; {len(absent)} reference {'group has' if len(absent) == 1 else 'groups have'} no rows at all"
                  if len(absent) else "")
               + (f" (chi-square p={p_value:.2g})" if p_value is not None else "") + ".")
    if unknown:
        message += f" {plural(len(unknown), 'group')} of the data {'is' if len(unknown) == 1 else 'are'} not in the reference."
    return Finding(
        "representation", "critical" if len(absent) else "warning", message, columns=tuple(labels),
        details={"kind": "reference", "p_value": p_value, "largest_gap": gap, "share_gap": share_gap, "alpha": alpha,
                 "absent": [str(g) for g in absent["group"]], "not_in_reference": [_group_text(g) for g in unknown][:50]},
    ), table, figure
