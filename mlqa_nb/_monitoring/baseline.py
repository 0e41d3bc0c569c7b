"""mq.baseline: what "normal" looks like, saved as small JSON with no rows, so that a
scheduled job can check every new batch against it (``mlqa check``)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .._core.context import FrameContext
from .._core.engine import EngineFrame
from .._core.provenance import provenance
from .._core.registry import PROFILE_FAMILIES, options_for, registered, resolve_options
from .._core.silences import SILENCE_FILE, load_silences
from .._core.validation import as_frame, as_label_list, stays_in_engine
from .baseline_store import Baseline, finding_key
from .sketch import follows_time, sketch_engine, sketch_frame
from .volume import _engine_counts, _frame_counts, _parse_freq


def _kept_options(options: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Every threshold of drift and label drift, and the user's thresholds of any
    profile check, validated now rather than when a batch is checked."""
    specs = registered(PROFILE_FAMILIES)
    if options is not None and not isinstance(options, Mapping):
        raise TypeError(f"options must be a dict of check id -> dict, got {type(options).__name__}")
    unknown = [c for c in (options or {}) if c not in specs]
    if unknown:
        raise ValueError(f"options names unknown checks: {unknown}; mq.checks() lists them")
    kept = {c: resolve_options(specs[c], (options or {}).get(c)) for c in ("drift", "label_drift")}
    kept.update({c: resolve_options(specs[c], v) for c, v in (options or {}).items() if c not in kept})
    return kept


def baseline(
    df: Any,
    *,
    target: Hashable | None = None,
    time: Hashable | None = None,
    by: Sequence[Hashable] | Hashable | None = None,
    freq: str | None = None,
    name: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    silences: str | Path | None = SILENCE_FILE,
    accepted: Any = None,
    seed: int = 0,
) -> Baseline:
    """Save what "normal" looks like, to check later batches against it without
    keeping any row.

    Parameters
    ----------
    df : pandas or polars DataFrame, or a Spark, DuckDB or Arrow frame
        The data as it should be (after the cleaning done in the notebook).
    target : column label, optional
        The label: later drift of it is reported as ``label_drift``.
    time : column label, optional
        The timestamp of each row: rows per period (and per ``by`` group) are
        kept, so ``mq.volume(batch, baseline=b)`` can judge a new batch's volume.
    by : column label or list, optional
        Groups whose volume is judged each on its own (a shop, a sensor).
    freq : str, default "D"
        Period of the row counts, a pandas frequency.
    name : str, optional
        What the data is called (the file stem, the variable).
    options : dict, optional
        Thresholds accepted for this data, ``{"drift": {...}, "volume_anomaly": {...}}``;
        kept with the baseline and used by every check against it.
    silences : path or None, default "mlqa.toml"
        Silences that apply to this data are kept with the baseline.
    accepted : Report or list of Finding, optional
        Findings the data has and you accept (its profile, say): a later batch
        with the same finding (check, columns and kind) reports it as info,
        "as in the baseline", so that only what is new can fail a job.

    Returns
    -------
    Baseline
        Per column a sketch (201 quantiles, the 500 most frequent levels, the
        2,000 most frequent words, missing counts), rows per period, thresholds
        and silences; ``.save(path)`` writes it as JSON (tens of kilobytes).
    """
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    kept = _kept_options(options)
    notes: list[str] = []
    engine = stays_in_engine(df)
    if engine:
        rows, sketches, sample, notes = sketch_engine(df, seed)
        block = {**provenance(), "data": {"rows": rows, "columns": len(sketches)}}
        columns = list(sketches)
    else:
        frame = as_frame(df)
        ctx = FrameContext(frame)
        sketches, rows, block = sketch_frame(ctx, seed), ctx.n_rows, provenance(frame)
        columns = [c.name for c in ctx.columns]
    if target is not None and str(target) not in sketches:
        raise KeyError(f"target={target!r} is not a column; columns: {', '.join(map(repr, columns[:10]))}")
    volume, timed = None, []
    if time is not None:
        chosen = options_for("volume", options, families=("monitoring",), freq=freq)["volume_anomaly"]
        kept["volume_anomaly"] = {k: v for k, v in chosen.items() if k != "freq"}  # the counts fix freq
        base, step, _ = _parse_freq(chosen["freq"])
        group_labels = as_label_list(by, "by") or []
        if engine:
            counts = _engine_counts(EngineFrame(df), time, group_labels, base, step, notes)
            ctx = FrameContext(sample)  # which columns follow the time: judged on the sample
            in_sample = _frame_counts(ctx, time, [], base, step, [])
            row_period = None if in_sample is None else in_sample.row_period
        else:
            groups = [ctx.column(c, "by") for c in group_labels]
            counts = _frame_counts(ctx, time, groups, base, step, notes)
            row_period = None if counts is None else counts.row_period
        if counts is None:
            raise ValueError(f"time={time!r} holds no dates: a baseline of rows per period needs some")
        volume = {"time": str(time), **counts.to_dict()}
        timed = [] if row_period is None else [c for c in follows_time(ctx, row_period) if c != str(time)]
        for column in timed:
            sketches[column]["follows_time"] = True
    elif by is not None or freq is not None:
        raise TypeError("by= and freq= describe rows per period: give time= as well")
    kept_silences = [
        {"check": s.check, "column": s.column, "reason": s.reason}
        for s in load_silences(silences) if s.frame is None or s.frame == name
    ]
    if timed:
        notes.append(f"{', '.join(map(repr, timed))} hold one value per period: later batches are not compared "
                     "on them.")
    if accepted is not None and not hasattr(accepted, "findings") and not isinstance(accepted, (list, tuple)):
        raise TypeError(f"accepted must be a Report or a list of findings, got {type(accepted).__name__}")
    kept_findings = list(getattr(accepted, "findings", accepted) or [])
    accepted_keys = [dict(zip(("check", "columns", "kind"), finding_key(f))) for f in kept_findings]
    block["notes"] = notes
    return Baseline(name=name or "baseline", rows=rows, columns=sketches,
                    target=None if target is None else str(target), volume=volume, options=kept,
                    silences=kept_silences, accepted=accepted_keys, provenance=block)


__all__ = ["Baseline", "baseline"]
