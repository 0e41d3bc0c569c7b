"""mq.profile: the whole-frame health check."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Hashable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd

from .._core.checkpoint import checkpoint
from .._core.context import FrameContext
from .._core.figures import with_distribution
from .._core.finding import Finding
from .._core.provenance import fingerprint, provenance
from .._core.registry import PROFILE_FAMILIES, options_for, select
from .._core.report import Report
from .._core.silences import SILENCE_FILE, load_silences, split_silenced
from .._core.text import fmt_time, plural, quote_list
from .._core.validation import as_frame, as_label_list, is_engine_frame
from .summary import summarize, summary_table


def profile(
    df: pd.DataFrame,
    *,
    target: Hashable | None = None,
    time: Hashable | None = None,
    rules: Mapping[Hashable, Any] | Sequence[str] | None = None,
    important: Sequence[Hashable] | Hashable | None = None,
    groups: Sequence[Hashable] | Hashable | None = None,
    sensitive: Sequence[Hashable] | Hashable | None = None,
    checks: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
    silences: str | os.PathLike | None = SILENCE_FILE,
) -> Report:
    """Profile a frame and run the data checks on it.

    Parameters
    ----------
    df : pandas.DataFrame, or a polars (eager or lazy), Spark, DuckDB or Arrow frame
        The data. It is never modified. A frame of another engine is counted where
        it lives (rows, empty cells, repeated rows, constant columns) and its other
        checks run on an even sample of 100,000 rows, which the report says.
    target : column label, optional
        The column a model will predict: enables ``class_imbalance``, ``leakage``
        and missingness-by-class.
    time : column label, optional
        The column that orders rows in time: enables ``volume_anomaly`` (rows per
        day against each weekday's norm) and notes the time span.
    rules : dict or list, optional
        Domain rules: ``{"height_cm": (100, 230)}`` (None for an open end) and/or
        expressions that must hold, ``["end >= start"]``.
    important : column label or list, optional
        Columns a row cannot do without; rows lacking one are flagged.
    groups, sensitive : column label or list, optional
        Columns whose groups a model must serve (regions, age bands, sex):
        enables ``representation``, groups with too few rows to learn or
        evaluate. ``sensitive`` is the same, for protected attributes.
    checks, skip : list of str, optional
        Run only these check ids, or all but these. ``mq.checks()`` lists them.
    options : dict, optional
        Threshold overrides per check, e.g. ``{"outliers": {"z_threshold": 6}}``.
    name : str, optional
        The frame's variable name (``%mlqa`` and the panel pass it): the report then
        shows code that selects the affected rows, ``name.loc[[...]]``; without it
        the rows are listed.
    silences : path, optional
        The project file whose ``[[silence]]`` entries set findings aside
        (``mlqa.toml`` in the working directory by default; None reads none).
        Silenced findings are not counted; ``report.silenced`` holds them.

    Returns
    -------
    Report
        Findings most severe first, a column summary, and the tables behind them.
        Display it in a notebook, or ``report.save("report.html")``.
    """
    if is_engine_frame(df):
        from .profile_engine import profile_engine

        return profile_engine(df, profile, name=name, options=options, profile_args=dict(
            target=target, time=time, rules=rules, important=important, groups=groups, sensitive=sensitive,
            checks=checks, skip=skip, silences=silences))
    frame = as_frame(df)
    silence_entries = load_silences(silences)
    ctx = FrameContext(
        frame,
        target=target,
        time=time,
        rules=rules,
        important=as_label_list(important, "important", frame.columns),
        groups=[*(as_label_list(groups, "groups", frame.columns) or []),
                *(as_label_list(sensitive, "sensitive", frame.columns) or [])],
    )
    specs = select(checks, skip)
    chosen = options_for("profile", options, families=PROFILE_FAMILIES)
    skipped = sorted(set(options or {}) - {s.id for s in specs})
    if skipped:
        raise ValueError(f"options names checks that profile does not run: {skipped} (see checks= and skip=)")
    ctx.options = {s.id: chosen[s.id] for s in specs}
    with ThreadPoolExecutor(max_workers=1) as background:
        fingerprinted = background.submit(fingerprint, frame)
        ctx.prepare()
        findings, silenced = split_silenced(one_finding_per_problem(_run_checks(ctx, specs)), name, silence_entries)
        checkpoint()
        summaries = summarize(ctx)
        block = provenance()
        block["data"] = {"rows": ctx.n_rows, "columns": frame.shape[1], "fingerprint": fingerprinted.result()}
    shape = f"{ctx.n_rows:,} rows x {frame.shape[1]:,} columns"
    notes = list(ctx.notes)
    if ctx.time is not None and ctx.time.kind == "datetime" and ctx.time.sorted_finite.size:
        first, last = (fmt_time(v) for v in ctx.time.sorted_finite[[0, -1]])
        notes.append(f"rows span {first} to {last} in {ctx.time.name!r}.")
    if silenced:
        notes.append(f"{plural(len(silenced), 'finding')} silenced in {silences}: "
                     + ", ".join(sorted({f.check for f in silenced})) + ".")
    ctx.close()
    return Report(
        findings,
        title=f"profile of {name or 'df'} ({shape})",
        kind="profile",
        tables={"columns": summary_table(summaries)},
        columns=summaries,
        notes=notes,
        provenance=block,
        name=name,
        silenced=silenced,
    )


def _specificity(finding: Finding) -> int | None:
    """How specific a row-level diagnosis is (lower is more specific): a broken rule or a
    swap, a code for "unknown", a unit mix-up, an impossible value, a value far from the
    bulk, an order between columns broken some other way, a long tail."""
    kind = finding.details.get("kind")
    if finding.check == "range_violation":
        return 0 if kind in ("swap", "rule") else 5 if kind == "relation" else 3
    if finding.check == "outliers":
        return 1 if finding.details.get("sentinel") else 4 if finding.severity == "warning" else 6
    if finding.check == "unit_scale":
        return 2
    return None


def one_finding_per_problem(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose rows a more specific finding on its column already names
    (a swapped value that is also an outlier, a negative length that is also far from
    the bulk), and say on the one kept that the other check agrees."""
    claims: list[tuple[int, set, set]] = []  # (index in out, column keys, rows)
    out = list(findings)
    dropped = set()
    ranked = sorted((rank, i) for i, f in enumerate(out) if f.rows and f.columns
                    and (rank := _specificity(f)) is not None)
    for _, i in ranked:
        f = out[i]
        columns, rows = {repr(c) for c in f.columns}, set(f.rows)
        owner = next((k for k, cols, claimed in claims if cols & columns and rows <= claimed), None)
        if owner is not None:
            kept = out[owner]
            also = sorted({*kept.details.get("also_flagged_by", []), f.check})
            message = kept.message.split(" Also flagged by ")[0] + f" Also flagged by {quote_list(also)}."
            out[owner] = dataclasses.replace(kept, message=message, details={**kept.details, "also_flagged_by": also})
            dropped.add(i)
        else:
            claims.append((i, columns, rows))
    return [f for i, f in enumerate(out) if i not in dropped]


#: Checks whose findings are drawn as their column's distribution with the rows marked.
DISTRIBUTION_CHECKS = ("outliers", "unit_scale", "range_violation")


def _run_checks(ctx: FrameContext, specs) -> list:
    findings = []
    for spec in specs:
        checkpoint()
        if (("target" in spec.needs and ctx.target is None) or ("time" in spec.needs and ctx.time is None)
                or ("groups" in spec.needs and not ctx.groups)):
            continue
        found = spec.func(ctx, **ctx.options[spec.id])
        if spec.id in DISTRIBUTION_CHECKS:
            found = [with_distribution(ctx, f) for f in found]
        findings += found
    return findings


def run_check(ctx: FrameContext, check_id: str, options: Mapping[str, Any] | None = None) -> list[Finding]:
    """The findings of one profile check on a context kept from an earlier run,
    with ``options`` over its defaults: what the explorer calls when a threshold
    changes, so that nothing else is computed again."""
    (spec,) = select([check_id], None)
    chosen = options_for("profile", {check_id: dict(options or {})}, families=PROFILE_FAMILIES)[check_id]
    ctx.options = {**(getattr(ctx, "options", None) or {}), check_id: chosen}
    return one_finding_per_problem(_run_checks(ctx, [spec]))
