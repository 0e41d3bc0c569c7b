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

import numpy as np
import pandas as pd

from .._core.silences import silences_stamp
from .._core.validation import frames_in, is_polars_frame, polars_to_pandas

#: Frames with more rows are profiled on a random sample of this many rows.
SAMPLE_ROWS = 100_000
#: Findings per frame sent to the panel.
TOP_FINDINGS = 8
#: Frames up to this many rows are fingerprinted from every value at each refresh;
#: larger ones from their identity, memory blocks and a sample of rows, unless
#: the user asks for a full refresh.
FULL_HASH_ROWS = 200_000
#: Rows spread over the frame whose values enter the quick fingerprint.
SAMPLED_ROWS_IN_KEY = 64
#: Column names sent for the target menu.
MAX_TARGET_CHOICES = 2_000


def quick_key(frame: Any) -> tuple:
    """What can be read off a frame in well under a millisecond: its identity, shape,
    column names and types, the identity of its memory blocks, and a hash of
    SAMPLED_ROWS_IN_KEY rows spread over it. Replacing a frame or a column changes
    it; an in-place edit of a cell outside the sampled rows does not.
    """
    if is_polars_frame(frame):
        import polars as pl

        head = (id(frame), tuple(frame.shape), tuple(frame.columns), tuple(map(str, frame.dtypes)))
        # polars cannot hash Object columns (it panics): they are left to the shape and dtypes
        hashable = frame.select([c for c, t in zip(frame.columns, frame.dtypes) if t != pl.Object])
        if not frame.shape[0] or not hashable.width:
            return (*head, ())
        sample = hashable.gather_every(max(1, frame.shape[0] // SAMPLED_ROWS_IN_KEY)).head(SAMPLED_ROWS_IN_KEY)
        return (*head, tuple(sample.hash_rows().to_list()))
    head = (id(frame), tuple(frame.shape), tuple(map(repr, frame.columns)), tuple(map(str, frame.dtypes)))
    return (*head, _blocks(frame), _sample_hash(frame))


def _blocks(frame: pd.DataFrame) -> tuple:
    """Identity of the arrays that hold the frame's values (pandas' block manager,
    read defensively: another pandas may lay it out otherwise)."""
    try:
        blocks = frame._mgr.blocks
    except AttributeError:
        return ()
    out = []
    for block in blocks:
        values = block.values
        pointer = values.__array_interface__["data"][0] if isinstance(values, np.ndarray) else None
        out.append((id(values), pointer))
    return tuple(out)


def _sample_hash(frame: pd.DataFrame) -> bytes:
    from .._core.provenance import shorten_for_hash

    rows = frame.shape[0]
    if not rows:
        return b""
    positions = np.unique(np.linspace(0, rows - 1, num=min(SAMPLED_ROWS_IN_KEY, rows), dtype=np.int64))
    part = frame.iloc[positions]
    try:
        return pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes()
    except (TypeError, ValueError, ArithmeticError):
        return "|".join(shorten_for_hash(v) for v in part.to_numpy().ravel().tolist()).encode()


def fingerprint(frame: Any, *, full: bool = False) -> tuple:
    """Identity of a frame's content, to skip profiling what did not change.

    The quick key, plus a hash of every value for frames up to FULL_HASH_ROWS rows
    (a few milliseconds, from memory buffers) or for any frame when ``full`` (the
    panel's Refresh button): an in-place edit of a large frame outside the sampled
    rows is seen only then.
    """
    from .._core.provenance import fingerprint as content_hash

    key = quick_key(frame)
    if is_polars_frame(frame) or not (full or frame.shape[0] <= FULL_HASH_ROWS):
        return key
    try:
        return (*key, content_hash(frame))
    except Exception:  # cells that cannot be hashed: the quick key is all there is
        return key


def _as_pandas(frame: Any, sample: bool) -> tuple[pd.DataFrame, bool]:
    """The frame as pandas, a random sample of a large one, always a copy: the
    user's next cell may change the original while it is being profiled."""
    rows = frame.shape[0]
    sampled = sample and rows > SAMPLE_ROWS
    if is_polars_frame(frame):
        part = frame.sample(SAMPLE_ROWS, seed=0) if sampled else frame
        return polars_to_pandas(part), sampled
    return (frame.sample(SAMPLE_ROWS, random_state=0) if sampled else frame.copy()), sampled


def resolve_target(frame: Any, target: str | None) -> Hashable | None:
    """The column of ``frame`` whose name reads ``target`` (the panel sends text), or None."""
    if target is None:
        return None
    return next((c for c in frame.columns if str(c) == target), None)


def summarize_frame(name: str, frame: Any, target: str | None = None) -> dict[str, Any]:
    """Profile one frame (a sample of a large one) into the panel's JSON."""
    from .._data.profile import profile

    data, sampled = _as_pandas(frame, sample=True)
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
    return {
        "name": name,
        "kind": "polars" if is_polars_frame(frame) else "pandas",
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
        "column_names": [str(c) for c in list(frame.columns)[:MAX_TARGET_CHOICES]],
        "target": target,
    }


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


_default = FrameSummaries()


def state(namespace: dict[str, Any], *, full: bool = False,
          summaries: FrameSummaries | None = None) -> dict[str, Any]:
    """Every frame of ``namespace`` with its finding counts, as JSON-safe data
    (all profiled now, on the calling thread)."""
    summaries = summaries or _default
    frames = frames_in(namespace)
    summaries.forget_missing(frames)
    return {"frames": [summaries.summary(name, frame, full=full) for name, frame in frames.items()]}


def report_html(namespace: dict[str, Any], name: str,
                summaries: FrameSummaries | None = None) -> dict[str, Any]:
    """The full report page of the frame called ``name`` (every row, its panel target)."""
    from .._data.profile import profile
    from .._render import render_page

    frame = frames_in(namespace).get(name)
    if frame is None:
        return {"name": name, "html": "<p>That frame is gone; refresh the panel.</p>"}
    data, _ = _as_pandas(frame, sample=False)
    target = resolve_target(data, (summaries or _default).targets.get(name))
    return {"name": name, "html": render_page(profile(data, name=name, target=target))}
