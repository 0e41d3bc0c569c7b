"""What the JupyterLab panel calls in the kernel: list the data frames, profile
each within a time budget, cache by a cheap fingerprint, answer in JSON.

The panel runs ``show_state()`` or ``show_report(i)`` and reads the JSON from a
display message of a custom MIME type; nothing here is built from user text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._core.validation import frames_in, is_polars_frame, polars_to_pandas

STATE_MIME = "application/vnd.mlqa.panel+json"
REPORT_MIME = "application/vnd.mlqa.report+json"
#: Frames with more rows are profiled on a random sample of this many rows.
SAMPLE_ROWS = 100_000
#: Seconds one refresh may spend profiling (the kernel is busy meanwhile); frames
#: beyond it are marked pending and the panel asks again at once.
TIME_BUDGET = 1.0
#: Findings per frame sent to the panel.
TOP_FINDINGS = 8


@dataclass
class _Entry:
    fingerprint: tuple
    summary: dict[str, Any]


_cache: dict[str, _Entry] = {}
_listing: list[str] = []


#: Frames up to this many rows are fingerprinted from every value; larger ones
#: from their numeric column sums and a sample of rows.
FULL_HASH_ROWS = 200_000


def fingerprint(frame: Any) -> tuple:
    """Cheap identity of a frame's content, to skip profiling what did not change.

    Up to FULL_HASH_ROWS rows every value is hashed (from memory buffers, a few
    milliseconds); beyond, numeric columns are summed and 64 rows spread over
    the frame are hashed, so an in-place edit of a text cell outside that
    sample can go unseen until the panel's Refresh button is pressed.
    """
    from .._core.provenance import fingerprint as content_hash
    from .._core.provenance import shorten_for_hash

    if is_polars_frame(frame):
        import polars as pl

        head = (id(frame), tuple(frame.shape), tuple(frame.columns), tuple(map(str, frame.dtypes)))
        # polars cannot hash Object columns (it panics): they are left to the shape and dtypes
        hashable = frame.select([c for c, t in zip(frame.columns, frame.dtypes) if t != pl.Object])
        sample = hashable.gather_every(max(1, frame.shape[0] // 64)).head(64)
        return (*head, tuple(sample.hash_rows().to_list()) if frame.shape[0] and hashable.width else (),
                _stable(frame.select(_polars_numeric_sums(frame)).row(0)) if frame.shape[0] else ())
    head = (id(frame), tuple(frame.shape), tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)))
    if frame.shape[0] <= FULL_HASH_ROWS:
        try:
            return (*head, content_hash(frame))
        except Exception:  # unhashable cells: fall back to the sample
            pass
    positions = np.unique(np.linspace(0, max(frame.shape[0] - 1, 0), num=min(64, frame.shape[0]), dtype=np.int64))
    try:
        sample = pd.util.hash_pandas_object(frame.iloc[positions], index=True).to_numpy().tobytes()
    except (TypeError, ValueError, ArithmeticError):
        sample = "|".join(shorten_for_hash(v) for v in frame.iloc[positions].to_numpy().ravel().tolist()).encode()
    with np.errstate(invalid="ignore"):  # inf - inf
        sums = [float(np.nansum(frame.iloc[:, i].to_numpy(dtype=float, na_value=np.nan)))
                for i in range(frame.shape[1]) if pd.api.types.is_numeric_dtype(frame.dtypes.iloc[i])]
    return (*head, sample, _stable(sums))


def _stable(values) -> tuple:
    """Numbers as exact text, so that NaN (inf - inf in a sum) equals itself."""
    return tuple(v.hex() if isinstance(v, float) else repr(v) for v in values)


def _polars_numeric_sums(frame: Any) -> list:
    import polars as pl

    return [pl.col(c).sum().alias(c) for c, t in zip(frame.columns, frame.dtypes) if t.is_numeric()] or [pl.lit(0)]


def _as_pandas(frame: Any, sample: bool) -> tuple[pd.DataFrame, bool]:
    rows = frame.shape[0]
    sampled = sample and rows > SAMPLE_ROWS
    if is_polars_frame(frame):
        part = frame.sample(SAMPLE_ROWS, seed=0) if sampled else frame
        return polars_to_pandas(part), sampled
    return (frame.sample(SAMPLE_ROWS, random_state=0) if sampled else frame), sampled


def summarize_frame(name: str, frame: Any) -> dict[str, Any]:
    """Profile one frame (a sample of a large one) into the panel's JSON."""
    from .._data.profile import profile

    data, sampled = _as_pandas(frame, sample=True)
    report = profile(data, name=name)
    counts = report.counts()
    return {
        "name": name,
        "kind": "polars" if is_polars_frame(frame) else "pandas",
        "rows": int(frame.shape[0]),
        "columns": int(frame.shape[1]),
        **counts,
        "sampled": sampled,
        "pending": False,
        "findings": [
            {"check": f.check, "severity": f.severity, "message": f.message, "columns": [str(c) for c in f.columns]}
            for f in report.findings[:TOP_FINDINGS]
        ],
    }


def state(namespace: dict[str, Any], *, budget: float = TIME_BUDGET) -> dict[str, Any]:
    """Every frame of ``namespace`` with its finding counts, as JSON-safe data."""
    started = time.perf_counter()
    frames = frames_in(namespace)
    summaries = []
    profiled = 0
    for name, frame in frames.items():
        key = fingerprint(frame)
        cached = _cache.get(name)
        if cached is not None and cached.fingerprint == key:
            summaries.append(cached.summary)
            continue
        if profiled and time.perf_counter() - started > budget:  # each refresh profiles at least one
            summaries.append(_pending(name, frame))
            continue
        profiled += 1
        try:
            summary = summarize_frame(name, frame)
        except Exception as error:  # one odd frame must not blank the panel
            summary = {**_pending(name, frame), "pending": False,
                       "findings": [{"check": "error", "severity": "info",
                                     "message": f"could not profile: {type(error).__name__}: {error}", "columns": []}]}
        _cache[name] = _Entry(key, summary)
        summaries.append(summary)
    for gone in set(_cache) - set(frames):
        del _cache[gone]
    _listing[:] = list(frames)
    return {"frames": summaries, "seconds": round(time.perf_counter() - started, 3)}


def _pending(name: str, frame: Any) -> dict[str, Any]:
    return {"name": name, "kind": "polars" if is_polars_frame(frame) else "pandas", "rows": int(frame.shape[0]),
            "columns": int(frame.shape[1]), "critical": 0, "warning": 0, "info": 0, "sampled": False,
            "pending": True, "findings": []}


def report_html(namespace: dict[str, Any], index: int) -> dict[str, Any]:
    """The full report page of the frame at ``index`` in the last listing."""
    from .._data.profile import profile
    from .._render import render_page

    if not 0 <= index < len(_listing) or _listing[index] not in namespace:
        return {"name": "", "html": "<p>That frame is gone; refresh the panel.</p>"}
    name = _listing[index]
    data, _ = _as_pandas(namespace[name], sample=False)
    return {"name": name, "html": render_page(profile(data, name=name))}


def _user_namespace() -> dict[str, Any]:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def show_state() -> None:
    """Send the state to the panel as a display message of STATE_MIME."""
    from IPython.display import display

    display({STATE_MIME: state(_user_namespace())}, raw=True)


def show_report(index: int) -> None:
    """Send the full report of one frame as a display message of REPORT_MIME."""
    from IPython.display import display

    display({REPORT_MIME: report_html(_user_namespace(), int(index))}, raw=True)
