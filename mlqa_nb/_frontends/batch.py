"""A new batch checked against a saved baseline: the profile, drift and volume in one
report (what ``mlqa check DATA --baseline FILE`` runs)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .._core.provenance import provenance
from .._core.registry import PROFILE_FAMILIES, registered, select
from .._core.report import Report
from .._core.silences import SILENCE_FILE, load_silences, split_silenced


def check_batch(df: Any, baseline: Any, *, name: str | None = None,
                silences: str | None = SILENCE_FILE) -> tuple[Report, list[str]]:
    """Profile ``df`` and compare it with ``baseline`` (drift, and volume when the
    baseline kept rows per period), with the baseline's thresholds and silences
    and those of ``silences`` (``mlqa.toml``). Findings the baseline accepted are
    info; columns that hold one value per period are not called constant.

    Returns
    -------
    Report, list of str
        One report with every finding, and the ids of the checks that ran.
    """
    import mlqa_nb as mq

    time = baseline.volume["time"] if baseline.volume else None
    profile_ids = {s.id for s in select(None, None)}
    skip = ["volume_anomaly"] if baseline.volume else []  # judged against the baseline below
    options = {c: v for c, v in baseline.options.items() if c in profile_ids and c not in skip}
    target = baseline.target if baseline.target in _names(df) else None
    profile = mq.profile(df, target=target, time=time if time in _names(df) else None, skip=skip or None,
                         options=options, name=name, silences=None)
    drift = mq.drift(baseline, df, name=name)
    parts = [("profile", profile), ("drift", drift)]
    if baseline.volume:
        parts.append(("volume", mq.volume(df, baseline=baseline, name=name)))
    entries = baseline.silence_entries() + load_silences(silences)
    timed = {c for c, sk in baseline.columns.items() if sk.get("follows_time")}
    found = [_as_in_baseline(f) if baseline.is_accepted(f) else f for _, r in parts for f in r.findings
             if not (f.check == "low_information" and {str(c) for c in f.columns} & timed)]
    findings, silenced = split_silenced(found, name, entries)
    ran = [s.id for s in select(None, skip)] + ["drift", "label_drift"] + (["volume_anomaly"] if baseline.volume else [])
    ran = [c for c in dict.fromkeys(ran) if c in registered(PROFILE_FAMILIES)]
    tables = {key if kind == "profile" else f"{kind}_{key}": table for kind, r in parts for key, table in r.tables.items()}
    notes = [f"{kind}: {note}" for kind, r in parts for note in r.notes]
    block = provenance(df) if hasattr(df, "iloc") else provenance()
    block["baseline"] = {"name": baseline.name, "created": baseline.created, "rows": baseline.rows}
    rows = profile.provenance.get("data", {}).get("rows", 0)
    title = f"check of {name or 'df'} ({rows:,} rows) against the baseline {baseline.name!r} ({baseline.rows:,} rows)"
    report = Report(findings, title=title, kind="check", tables=tables, columns=profile.columns, notes=notes,
                    provenance=block, name=name, silenced=silenced + profile.silenced)
    return report, ran


def _as_in_baseline(finding: Any) -> Any:
    """A finding the baseline's data had too, and was accepted with it: info."""
    return dataclasses.replace(finding, severity="info", message=f"{finding.message} (as in the baseline)",
                               details={**finding.details, "accepted_in_baseline": True, "severity": finding.severity})


def _names(df: Any) -> list[str]:
    return [str(c) for c in df.columns]
