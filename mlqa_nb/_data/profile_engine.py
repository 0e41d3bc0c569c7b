"""mq.profile on a frame held by another engine (polars, Spark, DuckDB, Arrow).

Exact where the engine can count: rows, empty cells (and columns empty in the same
rows), rows repeated exactly, columns holding one value. Every other check runs on an
even sample of ``ENGINE_SAMPLE_ROWS`` rows brought to pandas, and the report says so.
Where a sampled finding names the values it concerns (an outlier fence, a placeholder
code, a unit's window, spelling variants: ``details["cut"]``) or a key filed under two
parents, the engine counts those rows over the whole frame and brings back the first
few as evidence; an outlier fence is judged again on every row. Frames no larger than
the sample are simply profiled whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .._core.engine import (
    FIRST_ROWS,
    ColumnStats,
    EngineFrame,
    cut_condition,
    fence_sides,
    number_or_none,
    records,
)
from .._core.finding import Finding
from .._core.provenance import provenance
from .._core.registry import PROFILE_FAMILIES, options_for, select
from .._core.report import Report
from .._core.silences import SILENCE_FILE, load_silences, split_silenced
from .._core.text import fmt_pct, plural
from .duplicates import repeated_rows_finding
from .missing_values import empty_column_finding, missing_cells_finding

#: Rows brought to pandas for the checks the engine does not count itself.
ENGINE_SAMPLE_ROWS = 100_000
#: Checks the engine answers exactly; the sample's answers to them are left out.
EXACT = ("missing_values", "duplicates")


def profile_engine(native: Any, profile: Callable[..., Report], *, name: str | None, options: Any,
                   profile_args: dict[str, Any]) -> Report:
    """The profile of a polars, Spark, DuckDB or Arrow frame (see the module's text);
    ``profile`` is the pandas profile, run on the sample."""
    engine = EngineFrame(native)
    n, stats = engine.column_stats()  # one pass over the frame for the row count and nulls
    sample = engine.sample(ENGINE_SAMPLE_ROWS, n)
    if n <= ENGINE_SAMPLE_ROWS:
        return _whole(profile(sample, name=name, options=options, **profile_args), engine, n)
    stats = engine.with_distinct(stats)
    chosen = options_for("profile", options, families=PROFILE_FAMILIES)
    sampled = profile(sample, name=name, options=options, **profile_args)
    exact: list[Finding] = []
    wanted = {s.id for s in select(profile_args.get("checks"), profile_args.get("skip"))}
    if "missing_values" in wanted:
        exact += _missing(engine, stats, n, chosen["missing_values"]["warning_rate"])
    if "duplicates" in wanted and engine.columns:
        repeated = engine.repeated_rows()
        if repeated:
            exact.append(repeated_rows_finding(repeated, n, [s.distinct for s in stats.values() if s.nulls < n],
                                               chosen["duplicates"]["expected_combinations_factor"]))
    exact, silenced = split_silenced(exact, name, load_silences(profile_args.get("silences", SILENCE_FILE)))
    silenced += [f for f in sampled.silenced if f.check not in EXACT]
    kept = [_said_on_sample(f, len(sample), stats, n)
            for f in _recounted(engine, [f for f in sampled.findings if f.check not in EXACT and _still_true(f, stats)], n)]
    columns = [_exact_summary(s, stats.get(s.name), n) for s in sampled.columns]
    notes = [f"computed by {engine.engine} where exact (rows, empty cells, repeated rows, constant columns); the "
             f"other checks ran on an even sample of {len(sample):,} of {n:,} rows, and their counts are the "
             f"sample's, except outliers, unit mix-ups, spelling variants and keys filed under two parents: their "
             f"cut-offs, spellings and keys come from the sample, and {engine.engine} counts the rows they concern "
             f"in every row and brings back the first {FIRST_ROWS} (details['first_rows']).",
             *sampled.notes]
    block = provenance()
    block["data"] = {"rows": n, "columns": len(engine.columns), "engine": engine.engine,
                     "sample_rows": len(sample)}
    return Report(kept + exact, title=f"profile of {name or 'df'} ({n:,} rows x {len(engine.columns):,} columns)",
                  kind="profile", tables={"columns": sampled.tables["columns"]}, columns=columns, notes=notes,
                  provenance=block, name=name, silenced=silenced)


def on_engine_sample(native: Any, run: Callable[[Any], Report]) -> Report:
    """``run`` (a pandas entry point) on an even sample of a frame of another engine,
    findings with a cut counted again over every row (see :func:`_recounted`)."""
    engine = EngineFrame(native)
    n = engine.row_count()
    sample = engine.sample(ENGINE_SAMPLE_ROWS, n)
    report = run(sample)
    if n <= ENGINE_SAMPLE_ROWS:
        return _whole(report, engine, n)
    report.findings = [_said_on_sample(f, len(sample), {}, n) for f in _recounted(engine, report.findings, n)]
    report.title = report.title.replace(f"({len(sample):,} rows", f"({n:,} rows", 1)
    report.notes.insert(0, f"the cut-offs come from an even sample of {len(sample):,} of {n:,} rows; {engine.engine} "
                        f"counted the values beyond them in every row (the first {FIRST_ROWS} in "
                        "details['first_rows']).")
    report.provenance["data"] = {"rows": n, "columns": len(engine.columns), "engine": engine.engine,
                                 "sample_rows": len(sample)}
    return report


def _whole(report: Report, engine: EngineFrame, n: int) -> Report:
    """A report of a small frame of another engine, brought over whole: its rows are
    row numbers in the frame's order (such frames have no labels)."""
    report.notes.append(f"computed from a {engine.engine} frame, whole ({n:,} rows); finding.rows are row "
                        "numbers from 0 in the frame's order.")
    report.provenance["data"] = {**report.provenance.get("data", {}), "engine": engine.engine}
    return report


def _missing(engine: EngineFrame, stats: dict[str, ColumnStats], n: int, warning_rate: float) -> list[Finding]:
    findings = []
    partial: dict[int, list[str]] = {}
    for name, s in stats.items():
        if s.nulls == n:
            findings.append(empty_column_finding(name, name, n))
        elif s.nulls:
            partial.setdefault(s.nulls, []).append(name)
    for count, names in partial.items():
        groups: list[list[str]] = []
        for name in names:  # columns with as many empty cells: empty in the same rows?
            home = next((g for g in groups if engine.same_nulls(g[0], name)), None)
            (home.append(name) if home is not None else groups.append([name]))
        findings += [missing_cells_finding(g, g, count, n, warning_rate) for g in groups]
    return findings


#: What a finding counted over every row counts, in its message.
RECOUNTED = {"outliers": "beyond the same cut-offs", "unit_scale": "in the same range",
             "inconsistent_categories": "spelt these ways", "inconsistent_mapping": "disagreeing"}


def _recounted(engine: EngineFrame, findings: list[Finding], n: int) -> list[Finding]:
    """Findings whose values the sample cut off (details["cut"]), counted over every
    row by the engine, with their first rows as evidence. One pass counts them all and
    finds, around each outlier fence, the values an every-row judgement needs."""
    import narwhals as nw

    todo = [i for i, f in enumerate(findings) if "cut" in f.details and len(f.columns) == 1
            and str(f.columns[0]) in engine.schema  # numbers written as text are not cut as numbers there
            and ("among" in f.details["cut"] or engine.schema[str(f.columns[0])].is_numeric())]
    conditions = {i: cut_condition(str(findings[i].columns[0]), findings[i].details["cut"]) for i in todo}
    expressions = [nw.when(c).then(1).otherwise(0).sum().alias(f"{i}_count") for i, c in conditions.items()]
    for i in todo:
        if "gap" in findings[i].details["cut"]:
            expressions += fence_sides(str(findings[i].columns[0]), findings[i].details["cut"], f"{i}_")
    figures = engine.aggregate(expressions) if expressions else None
    out = [_mapping_recounted(engine, f, n) if f.check == "inconsistent_mapping" else f for f in findings]
    for i, condition in conditions.items():
        f, count = findings[i], int(number_or_none(figures[f"{i}_count"]) or 0)
        first = engine.first_rows(condition, FIRST_ROWS) if count else None
        details = {**f.details, "sample_count": f.details.get("count"), "count": count, "rate": count / max(n, 1),
                   "first_rows": [] if first is None else records(first)}
        out[i] = dataclasses.replace(f, details=details)
        if "gap" in details["cut"] and count:
            sides = {k: number_or_none(figures.get(f"{i}_{k}")) for k in ("bulk_min", "bulk_max", "below", "above")}
            out[i] = _fence_judged_again(out[i], count, n, sides)
    return out


def _fence_judged_again(finding: Finding, count: int, n: int, sides: dict[str, float | None]) -> Finding:
    """An outlier finding whose fence came from the sample, judged on every row: its
    count and rate, and whether the values beyond the fence stand apart from the bulk
    (a sample can leave an empty gap that the whole frame fills); ``sides`` are the
    engine's :func:`fence_sides`."""
    import math

    from .outliers import outlier_text

    details, gap = finding.details, finding.details["cut"]["gap"]
    scaled = (lambda v: math.log(v) if v > 0 else -math.inf) if gap["log"] else float  # noqa: E731
    separated = any(
        outer is not None and inner is not None and abs(scaled(outer) - scaled(inner)) / gap["scale"] >= gap["sd"]
        for outer, inner in ((sides["above"], sides["bulk_max"]), (sides["below"], sides["bulk_min"])))
    severity, message = outlier_text(
        str(finding.columns[0]), count=count, rate=count / max(n, 1), examples=details["examples"],
        z_threshold=details["z_threshold"], max_rate=details["max_rate"], separated=separated,
        sentinel=details["sentinel"], bulk=tuple(details["bulk"]))
    return dataclasses.replace(finding, severity=severity, message=message,
                               details={**details, "separated": separated, "sample_separated": details["separated"]})


def _mapping_recounted(engine: EngineFrame, finding: Finding, n: int) -> Finding:
    """A key the sample found filed under two parents, its rows counted over every row."""
    from .mapping_engine import check_mapping_engine

    key, attribute = finding.details.get("key"), finding.details.get("attribute")
    if key not in engine.schema or attribute not in engine.schema:
        return finding
    exact = check_mapping_engine(engine.native, [key], attribute, reference=None, name=None).findings
    count = exact[0].details["count"] if exact else 0
    return dataclasses.replace(finding, details={
        **finding.details, "sample_count": finding.details.get("count"), "count": count, "rate": count / max(n, 1),
        "first_rows": exact[0].details["first_rows"] if exact else []})


CONSTANT = ("constant", "constant_or_missing")


def _still_true(finding: Finding, stats: dict[str, ColumnStats]) -> bool:
    """A column that holds one value in the sample may hold more in the frame (or
    have missing cells the sample missed)."""
    if finding.check == "low_information" and finding.details.get("kind") in CONSTANT and finding.columns:
        s = stats.get(str(finding.columns[0]))
        return s is None or (s.distinct <= 1 and (s.nulls == 0) == (finding.details["kind"] == "constant"))
    return True


def _said_on_sample(finding: Finding, rows: int, stats: dict[str, ColumnStats], n: int) -> Finding:
    if finding.check == "low_information" and finding.details.get("kind") in CONSTANT:
        present = n - stats[str(finding.columns[0])].nulls  # confirmed on every row by the engine
        return dataclasses.replace(finding, rows=(), details={**finding.details, "count": present, "rate": present / n})
    said = f"in a sample of {plural(rows, 'row')}"
    if "gap" in finding.details.get("cut", {}) and finding.details.get("count"):  # its sentence is every row's
        said = f"cut-offs from a sample of {plural(rows, 'row')}, counted in all {n:,} rows"
    elif "sample_count" in finding.details:  # counted again over every row
        count = finding.details["count"]
        said += f"; {RECOUNTED.get(finding.check, 'the same')} in all {n:,} rows: {plural(count, 'row')}, " \
                f"{fmt_pct(count / max(n, 1))}"
    return dataclasses.replace(finding, message=f"{finding.message} ({said})",
                               details={**finding.details, "sample_rows": rows}, rows=())


def _exact_summary(summary: Any, stats: ColumnStats | None, n: int) -> Any:
    if stats is None:
        return summary
    summary = dataclasses.replace(summary, rows=n, missing=stats.nulls, distinct=stats.distinct)
    if stats.numeric and summary.stats:
        exact = {"mean": stats.mean, "std": stats.std, "min": stats.min, "max": stats.max}
        summary.stats = {**summary.stats, **{k: v for k, v in exact.items() if v is not None and k in summary.stats}}
    return summary
