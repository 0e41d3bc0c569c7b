"""mq.profile on a frame held by another engine (polars, Spark, DuckDB, Arrow).

Exact where the engine can count: rows, empty cells (and columns empty in the same
rows), rows repeated exactly, columns holding one value. Every other check runs on an
even sample of ``ENGINE_SAMPLE_ROWS`` rows brought to pandas, and the report says so.
Frames no larger than the sample are simply profiled whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .._core.engine import ColumnStats, EngineFrame
from .._core.finding import Finding
from .._core.provenance import provenance
from .._core.registry import PROFILE_FAMILIES, options_for, select
from .._core.report import Report
from .._core.silences import SILENCE_FILE, load_silences, split_silenced
from .._core.text import plural
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
        report = profile(sample, name=name, options=options, **profile_args)
        report.notes.append(f"computed from a {engine.engine} frame, whole ({n:,} rows).")
        return report
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
    kept = [_said_on_sample(f, len(sample), stats, n) for f in sampled.findings
            if f.check not in EXACT and _still_true(f, stats)]
    columns = [_exact_summary(s, stats.get(s.name), n) for s in sampled.columns]
    notes = [f"computed by {engine.engine} where exact (rows, empty cells, repeated rows, constant columns); the "
             f"other checks ran on an even sample of {len(sample):,} of {n:,} rows, and their counts are the "
             "sample's.", *sampled.notes]
    block = provenance()
    block["data"] = {"rows": n, "columns": len(engine.columns), "engine": engine.engine,
                     "sample_rows": len(sample)}
    return Report(kept + exact, title=f"profile of {name or 'df'} ({n:,} rows x {len(engine.columns):,} columns)",
                  kind="profile", tables={"columns": sampled.tables["columns"]}, columns=columns, notes=notes,
                  provenance=block, name=name, silenced=silenced)


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
    return dataclasses.replace(finding, message=f"{finding.message} (in a sample of {plural(rows, 'row')})",
                               details={**finding.details, "sample_rows": rows}, rows=())


def _exact_summary(summary: Any, stats: ColumnStats | None, n: int) -> Any:
    if stats is None:
        return summary
    summary = dataclasses.replace(summary, rows=n, missing=stats.nulls, distinct=stats.distinct)
    if stats.numeric and summary.stats:
        exact = {"mean": stats.mean, "std": stats.std, "min": stats.min, "max": stats.max}
        summary.stats = {**summary.stats, **{k: v for k, v in exact.items() if v is not None and k in summary.stats}}
    return summary
