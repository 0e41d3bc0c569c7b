"""mq.snapshot and mq.trace: small statistical summaries of a frame over its steps,
and which step moved which statistic (pipeline_trace)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.finding import Finding
from .._core.jsonsafe import json_safe
from .._core.params import SHARE, Interval, Param
from .._core.provenance import provenance
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.robust import quantiles
from .._core.text import fmt_num, fmt_pct, plural, quote_list, shorten
from .._core.units import unit_hint
from .._core.validation import as_frame, stays_in_engine
from .sketch import sketch_engine

#: How many most frequent values a snapshot keeps per column.
TOP_VALUES = 20
#: Thresholds of mq.trace: a mean moving ``mean_shift_sd`` reference SDs, a spread
#: changing by ``spread_factor``, a missing rate moving ``missing_jump``, a new or
#: vanished category at least ``category_share`` common, rows dropping or growing.
PIPELINE_TRACE = register(
    "pipeline_trace", family="monitoring", entries=("trace",), module=__name__,
    summary="Rows dropped, means shifted, missing rates jumped, values appeared between pipeline steps.",
    mean_shift_sd=0.5, spread_factor=Param(2.0, Interval(float, 1, None, "neither")),
    missing_jump=Param(0.05, SHARE), category_share=Param(0.01, SHARE),
    row_drop_warning=Param(0.5, SHARE), row_growth_warning=0.1,
)


@dataclass
class Snapshot:
    """A frame's statistics at one step: shape, and per column its missing rate,
    quantiles and most frequent values. It holds no rows."""

    name: str
    rows: int
    columns: dict[str, dict[str, Any]]
    created: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def to_dict(self) -> dict[str, Any]:
        """The snapshot as a JSON-safe dict."""
        return json_safe({"name": self.name, "rows": self.rows, "created": self.created, "columns": self.columns})

    def save(self, path: str | Path) -> Path:
        """Write the snapshot as JSON, so that history survives the kernel."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=1, allow_nan=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Snapshot:
        """Read a snapshot written by :meth:`save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        try:
            return cls(name=data["name"], rows=int(data["rows"]), columns=data["columns"], created=data["created"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path} is not a saved mlqa_nb snapshot: {error}") from None

    def __repr__(self) -> str:
        return f"Snapshot({self.name!r}: {self.rows:,} rows x {len(self.columns)} columns, {self.created})"


def snapshot(df: pd.DataFrame, *, name: str) -> Snapshot:
    """Summarise a frame for later comparison with :func:`trace`.

    Parameters
    ----------
    df : pandas or polars DataFrame, or a Spark, DuckDB or Arrow frame
        Frames of other engines are summarised there (Spark's quantiles are
        approximate); only the statistics come back.
    name : str
        The step, e.g. ``"raw"``, ``"after dedup"``.

    Returns
    -------
    Snapshot
        Per column: kind, dtype, missing count, distinct count, mean, SD and
        quantiles (numeric and datetime), top values with their shares. No rows.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    if stays_in_engine(df):
        return _engine_snapshot(df, name)
    ctx = FrameContext(as_frame(df))
    columns: dict[str, dict[str, Any]] = {}
    for col in ctx.columns:
        stats: dict[str, Any] = {"kind": col.kind, "dtype": str(col.dtype), "missing": col.n_missing}
        if col.kind != "empty":
            stats["distinct"] = col.distinct
        if col.kind in ("numeric", "datetime") and col.storage != "boolean":
            finite = col.sorted_finite
            if finite.size:
                q = quantiles(finite, [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1])
                stats.update(dict(zip(["min", "q05", "q25", "median", "q75", "q95", "max"], q.tolist())))
                stats["mean"] = float(finite.mean())
                stats["std"] = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
        elif col.kind not in ("empty", "other", "id", "text") and col.distinct <= 0.5 * col.n_present:
            top = col.value_counts.head(TOP_VALUES)
            top = top[top >= 2]  # a value held by one row would identify that row
            stats["top"] = {str(k): int(v) / col.n_present for k, v in top.items()}
        columns[col.name] = stats
    result = Snapshot(name=name, rows=ctx.n_rows, columns=json_safe(columns))
    ctx.close()
    return result


#: The quantiles a snapshot keeps, by name.
SNAPSHOT_QUANTILES = {"min": 0, "q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95, "max": 1}


def _engine_snapshot(native: Any, name: str) -> Snapshot:
    """The snapshot of a frame held by another engine, from its sketches and exact
    distinct counts."""
    from .._core.engine import ColumnStats, EngineFrame

    engine = EngineFrame(native)
    rows, sketches, _, _ = sketch_engine(native, kinds={c: "numeric" for c in engine.columns})
    counted = {c: ColumnStats(c, sk["dtype"], sk["missing"], sk["kind"] == "numeric") for c, sk in sketches.items()}
    distinct = {c: s.distinct for c, s in engine.with_distinct(counted).items()}  # nulls: the sketches' own
    columns: dict[str, dict[str, Any]] = {}
    for column, sk in sketches.items():
        kind = sk["kind"]
        stats: dict[str, Any] = {"kind": kind, "dtype": sk["dtype"], "missing": sk["missing"]}
        if kind != "empty":
            stats["distinct"] = distinct.get(column)
        quantiles = sk.get("quantiles")
        if kind == "numeric" and quantiles:
            points = np.asarray(quantiles)
            stats.update({k: float(points[round(p * (points.size - 1))]) for k, p in SNAPSHOT_QUANTILES.items()})
            stats.update(mean=sk["mean"], std=sk["std"])
        elif "levels" in sk and sk.get("present") and distinct.get(column, 0) <= 0.5 * sk["present"]:
            top = {k: v for k, v in list(sk["levels"].items())[:TOP_VALUES] if v >= 2}
            stats["top"] = {k: v / sk["present"] for k, v in top.items()}
        columns[column] = stats
    return Snapshot(name=name, rows=rows, columns=json_safe(columns))


def trace(
    *snapshots: Snapshot | Iterable[Snapshot], options: Mapping[str, Mapping[str, Any]] | None = None
) -> Report:
    """Compare successive snapshots and name the step where each statistic moved.

    Parameters
    ----------
    *snapshots : Snapshot
        In the order of the steps (or one list of them); at least two.
    options : dict, optional
        ``{"pipeline_trace": {...}}``: thresholds by name (``mq.checks()`` lists them).

    Returns
    -------
    Report
        ``pipeline_trace`` findings such as "step 'clean -> convert': mean of
        'height' moved from 170 to 160 (-1.1 SD)", and a ``steps`` table.
    """
    if len(snapshots) == 1 and not isinstance(snapshots[0], Snapshot):
        snapshots = tuple(snapshots[0])
    for s in snapshots:
        if not isinstance(s, Snapshot):
            raise TypeError(f"trace takes Snapshot objects (from mq.snapshot), got {type(s).__name__}")
    if len(snapshots) < 2:
        raise ValueError(f"trace needs at least two snapshots, got {len(snapshots)}")
    chosen = options_for("trace", options, families=("monitoring",))["pipeline_trace"]
    findings: list[Finding] = []
    steps = []
    for before, after in zip(snapshots, snapshots[1:]):
        found = compare_snapshots(before, after, options=chosen)
        findings += found
        steps.append({"step": f"{before.name} -> {after.name}", "rows_before": before.rows,
                      "rows_after": after.rows, "findings": len(found)})
    names = " -> ".join(s.name for s in snapshots)
    return Report(findings, title=f"trace of {names}", kind="trace",
                  tables={"steps": pd.DataFrame(steps)},
                  provenance={**provenance(), "snapshots": [{"name": s.name, "created": s.created} for s in snapshots]})


def compare_snapshots(
    before: Snapshot, after: Snapshot, *, step: str | None = None, options: Mapping[str, Any] | None = None
) -> list[Finding]:
    """The statistics that moved between two snapshots (thresholds: ``pipeline_trace``'s options)."""
    step = step or f"{before.name} -> {after.name}"
    opts = dict(options or PIPELINE_TRACE.defaults)
    findings = []

    def add(severity, message, columns=(), **details):
        findings.append(Finding("pipeline_trace", severity, f"Step {step!r}: {message}",
                                columns=columns, details={"step": step, **details}))

    if after.rows != before.rows and before.rows:
        change = after.rows / before.rows - 1
        if change < 0:
            severity = "warning" if -change >= opts["row_drop_warning"] else "info"
            add(severity, f"{plural(before.rows - after.rows, 'row')} dropped ({fmt_pct(-change)}).",
                kind="rows", before=before.rows, after=after.rows, count=before.rows - after.rows, rate=-change)
        else:
            severity = "warning" if change >= opts["row_growth_warning"] else "info"
            add(severity, f"{plural(after.rows - before.rows, 'row')} added (+{fmt_pct(change)})"
                + (": a join that multiplied rows?" if severity == "warning" else "."),
                kind="rows", before=before.rows, after=after.rows, count=after.rows - before.rows, rate=change)
    gone = [c for c in before.columns if c not in after.columns]
    new = [c for c in after.columns if c not in before.columns]
    if gone:
        add("info", f"columns removed: {quote_list(gone)}.", tuple(gone), kind="columns_removed")
    if new:
        add("info", f"columns added: {quote_list(new)}.", tuple(new), kind="columns_added")
    for name in (c for c in before.columns if c in after.columns):
        _compare_column(name, before, after, add, opts)
    return findings


def _compare_column(name: str, before: Snapshot, after: Snapshot, add, opts: Mapping[str, Any]) -> None:
    a, b = before.columns[name], after.columns[name]
    if a.get("dtype") != b.get("dtype"):
        add("info", f"{name!r} changed dtype from {a.get('dtype')} to {b.get('dtype')}.", (name,), kind="dtype")
    rate_a = a["missing"] / before.rows if before.rows else 0.0
    rate_b = b["missing"] / after.rows if after.rows else 0.0
    if abs(rate_b - rate_a) >= opts["missing_jump"]:
        add("warning", f"missing rate of {name!r} moved from {fmt_pct(rate_a)} to {fmt_pct(rate_b)}.",
            (name,), kind="missing", before=rate_a, after=rate_b)
    if "mean" in a and "mean" in b and a.get("kind") == b.get("kind"):
        spread = a.get("std") or 0.0
        shift = (b["mean"] - a["mean"]) / spread if spread > 0 else (np.inf if b["mean"] != a["mean"] else 0.0)
        if abs(shift) >= opts["mean_shift_sd"]:
            hint = _unit_hint(b["median"] / a["median"]) if a.get("median") else ""
            add("warning", f"mean of {name!r} moved from {fmt_num(a['mean'])} to {fmt_num(b['mean'])} "
                f"({'+' if shift > 0 else ''}{fmt_num(shift)} SD){hint}.",
                (name,), kind="mean", before=a["mean"], after=b["mean"], shift_sd=shift)
        elif spread > 0 and b.get("std") is not None:
            factor = (b["std"] or 0.0) / spread
            if factor >= opts["spread_factor"] or factor <= 1 / opts["spread_factor"]:
                add("warning", f"spread of {name!r} changed x{fmt_num(factor)} (SD {fmt_num(spread)} -> "
                    f"{fmt_num(b['std'])}).", (name,), kind="spread", before=spread, after=b["std"])
    if "top" in a and "top" in b:
        appeared = {k: v for k, v in b["top"].items() if k not in a["top"] and v >= opts["category_share"]}
        vanished = {k: v for k, v in a["top"].items() if k not in b["top"] and v >= opts["category_share"]}
        if appeared:
            add("warning", f"{name!r} gained values: " + ", ".join(f"{shorten(k, 30)} ({fmt_pct(v)})" for k, v in list(appeared.items())[:5]) + ".",
                (name,), kind="categories_appeared", values=appeared)
        if vanished:
            add("info", f"{name!r} lost values: " + ", ".join(f"{shorten(k, 30)} ({fmt_pct(v)})" for k, v in list(vanished.items())[:5]) + ".",
                (name,), kind="categories_vanished", values=vanished)
    if a.get("distinct", 0) > 1 and b.get("distinct") == 1:
        add("warning", f"{name!r} became constant.", (name,), kind="constant")


def _unit_hint(ratio: float) -> str:
    """' (x0.0167: hours vs minutes?)' when a ratio matches a unit factor."""
    hint = unit_hint(ratio)
    return f" (x{fmt_num(ratio)}: {hint}?)" if hint else ""


def trace_namespace(before: dict[str, Snapshot], after_frames: dict[str, pd.DataFrame], cell: str = "cell") -> Report:
    """Compare snapshots taken before a cell with the frames after it (%%mlqa trace)."""
    findings: list[Finding] = []
    for name, frame in after_frames.items():
        after = snapshot(frame, name=f"{name} after")
        if name not in before:
            findings.append(Finding("pipeline_trace", "info",
                                    f"The {cell} created {name!r} ({frame.shape[0]:,} rows x {frame.shape[1]} columns).",
                                    details={"kind": "created", "frame": name}))
            continue
        previous = before[name]
        if _same_stats(previous, after):
            continue
        findings += compare_snapshots(previous, after, step=f"{name}: {cell}")
    for name in before:
        if name not in after_frames:
            findings.append(Finding("pipeline_trace", "info", f"The {cell} removed {name!r}.",
                                    details={"kind": "removed", "frame": name}))
    changed = len({f.details.get("step", f.details.get("frame")) for f in findings})
    return Report(findings, title=f"trace of the {cell}: {plural(changed, 'frame')} changed", kind="trace")


def _same_stats(a: Snapshot, b: Snapshot) -> bool:
    return a.rows == b.rows and a.columns == b.columns


__all__ = ["Snapshot", "snapshot", "trace"]
