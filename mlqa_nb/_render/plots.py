"""Matplotlib figures for findings, for users who want a figure object to
adjust or save (``report.plot(i)``). The inline HTML does not need them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._core.finding import Finding
from .figures import _numeric_column


def plot_finding(frame: pd.DataFrame | None, finding: Finding, ax: Any = None) -> Any:
    """Draw a finding on ``ax`` (a new figure when None) and return the Axes.

    Numeric column findings show the column's distribution with the flagged
    rows marked; ``class_imbalance`` shows the class counts.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.8))
    if finding.check == "class_imbalance":
        classes = finding.details.get("classes", {})
        ax.barh([str(k) for k in classes], list(classes.values()), color="#888888")
        ax.set_xlabel("rows")
        ax.set_title(f"{finding.columns[0]}: class counts")
        return ax
    column = _numeric_column(frame, finding.columns[0]) if frame is not None and finding.columns else None
    if column is None:
        raise ValueError(
            f"finding {finding.check!r} has no numeric column to draw; read finding.details instead"
        )
    values = column.to_numpy(dtype="float64", na_value=np.nan)
    values = values[np.isfinite(values)]
    flagged = column[column.index.isin(list(finding.rows))].to_numpy(dtype="float64", na_value=np.nan)
    positive = values[values > 0]
    log = positive.size == values.size and values.size and positive.max() / positive.min() > 1e3
    bins = np.geomspace(values.min(), values.max(), 50) if log else 50
    ax.hist(values, bins=bins, color="#888888")
    if log:
        ax.set_xscale("log")
    for value in np.unique(flagged[np.isfinite(flagged)])[:500]:
        ax.axvline(value, color="#d1242f", linewidth=1, alpha=0.8)
    ax.set_xlabel(str(finding.columns[0]))
    ax.set_ylabel("rows")
    ax.set_title(f"{finding.check}: {finding.details.get('count', len(finding.rows))} flagged (red)")
    return ax
