"""Cheap keys that tell whether a data frame changed, without reading all of it.

The panel and watch mode look at every frame of the namespace after each cell;
these keys make that cost microseconds per frame whatever its size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .validation import is_polars_frame

#: Frames up to this many rows are fingerprinted from every value at each refresh;
#: larger ones from their identity, memory blocks and a sample of rows, unless
#: the user asks for a full refresh.
FULL_HASH_ROWS = 200_000
#: Rows spread over the frame whose values enter the quick fingerprint.
SAMPLED_ROWS_IN_KEY = 64


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
    from .provenance import shorten_for_hash

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
    from .provenance import fingerprint as content_hash

    key = quick_key(frame)
    if is_polars_frame(frame) or not (full or frame.shape[0] <= FULL_HASH_ROWS):
        return key
    try:
        return (*key, content_hash(frame))
    except Exception:  # cells that cannot be hashed: the quick key is all there is
        return key
