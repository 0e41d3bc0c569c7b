"""The figure drawn beside each kind of finding, one function per check id."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from markupsafe import Markup

from .._finding import Finding
from ._svg import bars, histogram_with_flags

_FIGURES: dict[str, Callable[[pd.DataFrame, Finding], Markup | None]] = {}


def figure(*check_ids: str):
    """Register a figure for the findings of ``check_ids``."""

    def decorator(func):
        for check_id in check_ids:
            _FIGURES[check_id] = func
        return func

    return decorator


def figure_for(frame: pd.DataFrame | None, finding: Finding) -> Markup | None:
    """The figure for a finding, or None; never raises on odd data."""
    draw = _FIGURES.get(finding.check)
    if draw is None or frame is None:
        return None
    try:
        return draw(frame, finding)
    except Exception:  # a figure must never cost the user the report
        return None


def _numeric_column(frame: pd.DataFrame, label) -> pd.Series | None:
    matches = [i for i, c in enumerate(frame.columns) if _equal(c, label)]
    if len(matches) != 1:
        return None
    column = frame.iloc[:, matches[0]]
    if not pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return None
    return column


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


@figure("outliers", "unit_scale", "range_violation")
def _distribution(frame: pd.DataFrame, finding: Finding) -> Markup | None:
    if not finding.columns or not finding.rows:
        return None
    column = _numeric_column(frame, finding.columns[0])
    if column is None:
        return None
    values = column.to_numpy(dtype="float64", na_value=np.nan)
    rows = list(finding.rows)
    if frame.index.is_unique:
        flagged = column.loc[rows].to_numpy(dtype="float64", na_value=np.nan)
    else:
        flagged = column[frame.index.isin(rows)].to_numpy(dtype="float64", na_value=np.nan)
    finite = values[np.isfinite(values)]
    positive = finite[finite > 0]
    log = positive.size == finite.size and positive.size > 0 and positive.max() / positive.min() > 1e3
    bounds = (finding.details.get("low"), finding.details.get("high"))
    return histogram_with_flags(finite, flagged, log=log, bounds=bounds)


@figure("class_imbalance")
def _classes(frame: pd.DataFrame, finding: Finding) -> Markup | None:
    classes = finding.details.get("classes") or {}
    labels = list(classes)[:15]
    counts = [classes[k] for k in labels]
    rarest = labels.index(labels[-1]) if labels else None
    return bars(labels, counts, highlight=rarest)
