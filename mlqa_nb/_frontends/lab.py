"""What the JupyterLab panel shows about each data frame of the kernel: a short
summary of its profile (a sample of a large frame), cached under a fingerprint
so that a frame that did not change is never profiled twice.

``lab_service`` runs this on a background thread and talks to the panel; the
functions here are plain and synchronous, so they are tested directly.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from .._core.frame_key import fingerprint
from .._core.silences import silences_stamp
from .._core.validation import (
    column_names,
    frames_in,
    is_polars_frame,
    sample_as_pandas,
    stays_in_engine,
)
from .commands import column_label

#: Frames with more rows are profiled on a random sample of this many rows.
SAMPLE_ROWS = 100_000
#: Findings per frame sent to the panel.
TOP_FINDINGS = 8
#: Column names sent for the target menu.
MAX_TARGET_CHOICES = 2_000


def resolve_target(frame: Any, target: str | None) -> Hashable | None:
    """The column of ``frame`` whose name reads ``target`` (the panel sends text), or None."""
    if target is None:
        return None
    label = column_label(frame, target)
    return label if label in column_names(frame) else None


def summarize_frame(name: str, frame: Any, target: str | None = None) -> dict[str, Any]:
    """Profile one frame (a sample of a large one) into the panel's JSON."""
    from .._data.profile import profile

    data, sampled = sample_as_pandas(frame, SAMPLE_ROWS)
    column = resolve_target(data, target)
    report = profile(data, name=name, target=column)
    counts = report.counts()
    return {
        **_head(name, frame, target if column is not None else None),
        **counts,
        "silenced": len(report.silenced),
        "sampled": sampled,
        "pending": False,
        "findings": [
            {"check": f.check, "severity": f.severity, "message": f.message, "columns": [str(c) for c in f.columns]}
            for f in report.findings[:TOP_FINDINGS]
        ],
    }


def _head(name: str, frame: Any, target: str | None) -> dict[str, Any]:
    if stays_in_engine(frame):
        names = column_names(frame)
        rows = frame.num_rows if type(frame).__name__ == "Table" else None  # Arrow knows; others would count
        return {"name": name, "kind": engine_kind(frame), "rows": rows, "columns": len(names),
                "column_names": [str(c) for c in names[:MAX_TARGET_CHOICES]], "target": target}
    return {
        "name": name,
        "kind": "polars" if is_polars_frame(frame) else "pandas",
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
        "column_names": [str(c) for c in list(frame.columns)[:MAX_TARGET_CHOICES]],
        "target": target,
    }


def engine_kind(frame: Any) -> str:
    """What the panel calls a frame of another engine: "spark", "polars lazy", "duckdb", "arrow"."""
    root = type(frame).__module__.split(".")[0]
    return {"pyspark": "spark", "pyarrow": "arrow", "polars": "polars lazy"}.get(root, root)


def on_request(name: str, frame: Any, target: str | None = None) -> dict[str, Any]:
    """The summary of a frame the panel does not profile by itself (Spark, lazy polars,
    DuckDB, Arrow): every look would be a job in the engine, so it runs when asked
    (the full report, or ``%mlqa profile``)."""
    return {**_head(name, frame, target), "critical": 0, "warning": 0, "info": 0, "silenced": 0,
            "sampled": False, "pending": False, "on_request": True, "findings": []}


def pending(name: str, frame: Any, target: str | None = None) -> dict[str, Any]:
    """The summary of a frame not profiled yet."""
    return {**_head(name, frame, target), "critical": 0, "warning": 0, "info": 0, "silenced": 0,
            "sampled": False, "pending": True, "findings": []}


def failed(name: str, frame: Any, error: Exception) -> dict[str, Any]:
    """The summary of a frame the profile failed on: one odd frame must not blank the panel."""
    return {**pending(name, frame), "pending": False,
            "findings": [{"check": "error", "severity": "info",
                          "message": f"could not profile: {type(error).__name__}: {error}", "columns": []}]}


@dataclass
class _Entry:
    fingerprint: tuple
    summary: dict[str, Any]


@dataclass
class FrameSummaries:
    """Summaries of a kernel's frames, each cached under its frame's fingerprint and
    target; the targets chosen in the panel, remembered while the kernel lives."""

    cache: dict[str, _Entry] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)

    def known(self, name: str, frame: Any) -> dict[str, Any]:
        """The last summary of ``name`` (possibly out of date), or a pending one."""
        entry = self.cache.get(name)
        return entry.summary if entry is not None else pending(name, frame, self.targets.get(name))

    def summary(self, name: str, frame: Any, *, full: bool = False) -> dict[str, Any]:
        """The summary of ``name``, profiled again only when its content or target changed."""
        target = self.targets.get(name)
        if stays_in_engine(frame):  # never profiled in the background; its schema read once per object
            key = (id(frame), target)
            entry = self.cache.get(name)
            if entry is None or entry.fingerprint != key:
                self.cache[name] = entry = _Entry(key, on_request(name, frame, target))
            return entry.summary
        key = (fingerprint(frame, full=full), target, silences_stamp())
        entry = self.cache.get(name)
        if entry is not None and entry.fingerprint == key:
            return entry.summary
        try:
            summary = summarize_frame(name, frame, target)
        except Exception as error:
            summary = failed(name, frame, error)
        self.cache[name] = _Entry(key, summary)
        return summary

    def forget_missing(self, names) -> None:
        """Drop what is cached for frames no longer in the namespace."""
        for gone in set(self.cache) - set(names):
            del self.cache[gone]


def state(namespace: dict[str, Any], *, full: bool = False,
          summaries: FrameSummaries | None = None) -> dict[str, Any]:
    """Every frame of ``namespace`` with its finding counts, as JSON-safe data
    (all profiled now, on the calling thread; ``summaries`` keeps what was profiled
    and the targets between calls)."""
    summaries = summaries if summaries is not None else FrameSummaries()
    frames = frames_in(namespace, engines=True)
    summaries.forget_missing(frames)
    return {"frames": [summaries.summary(name, frame, full=full) for name, frame in frames.items()]}


def report_html(namespace: dict[str, Any], name: str,
                summaries: FrameSummaries | None = None) -> dict[str, Any]:
    """The full report page of the frame called ``name`` (every row, its panel target)."""
    from .._data.profile import profile
    from .._render import render_page

    frame = frames_in(namespace, engines=True).get(name)
    if frame is None:
        return {"name": name, "html": "<p>That frame is gone; refresh the panel.</p>"}
    if stays_in_engine(frame):  # counted where it lives
        target = resolve_target(frame, summaries.targets.get(name) if summaries else None)
        return {"name": name, "html": render_page(profile(frame, name=name, target=target))}
    data, _ = sample_as_pandas(frame, None)
    target = resolve_target(data, summaries.targets.get(name) if summaries else None)
    return {"name": name, "html": render_page(profile(data, name=name, target=target))}
