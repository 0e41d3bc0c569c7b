"""Cuts: which values of a column a finding concerns, written as JSON in
``finding.details["cut"]``, so that the engine holding a frame (Spark, polars, DuckDB)
can count those rows over the whole frame when the finding was made on a sample.
``engine.cut_condition`` turns a cut into the engine's expression."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def value_cut(low: float | None = None, high: float | None = None, *, strict: bool = True,
              equals: float | None = None, inner: tuple[float | None, float | None] | None = None,
              between: tuple[float, float] | None = None, among: Iterable[Any] | None = None,
              skip: Iterable[float] = ()) -> dict:
    """Which values of a column a finding counts, as JSON: the values listed in
    ``among`` (spellings); or numbers equal to ``equals``; from ``between[0]`` to
    ``between[1]``; or below ``low`` or above ``high`` (or at them, unless
    ``strict``), strictly between the two ``inner`` values when given. Never one of
    ``skip``; None is no bound; missing and infinite numbers never count."""
    finite = lambda v: None if v is None or not np.isfinite(v) else float(v)  # noqa: E731
    if among is not None:
        return {"among": list(among)}
    if equals is not None:
        return {"equals": float(equals)}
    if between is not None:
        return {"between": [float(between[0]), float(between[1])], "skip": [float(v) for v in skip]}
    cut = {"low": finite(low), "high": finite(high), "strict": strict, "skip": [float(v) for v in skip]}
    if inner is not None:
        cut["inner"] = [finite(inner[0]), finite(inner[1])]
    return cut
