"""The figure drawn beside each kind of finding, one function per check id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from .._core.context import same_label
from .._core.finding import Finding
from .svg import (
    bars,
    histogram_with_flags,
    intervals,
    overlaid_histograms,
    paired_bars,
    time_series,
)

#: Values a distribution figure draws its bars from at most.
FIGURE_VALUES = 100_000

_FIGURES: dict[str, Callable[[Any, Finding], Markup | None]] = {}


def figure(*check_ids: str):
    """Register a figure for the findings of ``check_ids``."""

    def decorator(func):
        for check_id in check_ids:
            _FIGURES[check_id] = func
        return func

    return decorator


def figure_for(report: Any, finding: Finding) -> Markup | None:
    """The figure for a finding of ``report``, or None; never raises on odd data."""
    draw = _FIGURES.get(finding.check)
    if draw is None:
        return None
    try:
        return draw(report, finding)
    except Exception:  # a figure must never cost the user the report
        return None


def _column(frame: pd.DataFrame, label) -> pd.Series | None:
    """The column called ``label``, or None when there is not exactly one."""
    matches = [i for i, c in enumerate(frame.columns) if same_label(c, label)]
    return frame.iloc[:, matches[0]] if len(matches) == 1 else None


def _numeric_column(frame: pd.DataFrame, label) -> pd.Series | None:
    column = _column(frame, label)
    if column is None or not pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return None
    return column


@figure("outliers", "unit_scale", "range_violation")
def _distribution(report: Any, finding: Finding) -> Markup | None:
    frame = report._context.get("frame")
    if frame is None or not finding.columns or not finding.rows:
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
    if finite.size > FIGURE_VALUES:  # the bars from a spread sample; flagged marks stay exact
        finite = finite[:: finite.size // FIGURE_VALUES]
    positive = finite[finite > 0]
    log = positive.size == finite.size and positive.size > 0 and positive.max() / positive.min() > 1e3
    bounds = (finding.details.get("low"), finding.details.get("high"))
    return histogram_with_flags(finite, flagged, log=log, bounds=bounds)


@figure("class_imbalance")
def _classes(report: Any, finding: Finding) -> Markup | None:
    classes = finding.details.get("classes") or {}
    labels = list(classes)[:15]
    counts = [classes[k] for k in labels]
    rarest = labels.index(labels[-1]) if labels else None
    return bars(labels, counts, highlight=rarest)


@figure("volume_anomaly")
def _volume(report: Any, finding: Finding) -> Markup | None:
    labels, matrix, baseline, flagged = report._context["series"]
    group = finding.details.get("group")
    groups = [None] if matrix.shape[0] == 1 else None
    row = 0 if groups else _group_row(report, group)
    if row is None:
        return None
    return time_series(
        [str(p) for p in labels], matrix[row], baseline[row], flagged[row]
    )


def _group_row(report: Any, group) -> int | None:
    names = report._context.get("groups") or []
    for i, name in enumerate(names):
        if same_label(name, group):
            return i
    return None


@figure("drift", "label_drift")
def _drift(report: Any, finding: Finding) -> Markup | None:
    kind = finding.details.get("kind")
    reference, current = report._context.get("reference"), report._context.get("current")
    if reference is None or len(finding.columns) != 1:
        return None
    label = finding.columns[0]
    ref, cur = _column(reference, label), _column(current, label)
    if ref is None or cur is None:
        return None
    if kind == "numeric":
        return overlaid_histograms(
            ref.to_numpy(dtype="float64", na_value=np.nan), cur.to_numpy(dtype="float64", na_value=np.nan)
        )
    if kind in ("categorical", "boolean"):
        a = ref.astype(object).value_counts(normalize=True)
        b = cur.astype(object).value_counts(normalize=True)
        levels = list(dict.fromkeys(list(a.index[:8]) + list(b.index[:8])))[:12]
        return paired_bars([str(v) for v in levels], a.reindex(levels, fill_value=0).tolist(),
                           b.reindex(levels, fill_value=0).tolist())
    return None


@figure("baseline_comparison")
def _scores(report: Any, finding: Finding) -> Markup | None:
    table = report._context.get("scores")
    metric = report._context.get("metric")
    if table is None or metric not in table:
        return None
    return intervals(
        [str(m) for m in table["model"]], table[metric].tolist(), table[f"{metric}_low"].tolist(),
        table[f"{metric}_high"].tolist(), highlight=str(report._context.get("model")), label=str(metric),
    )
