"""Pieces of the pandas code that fixes write: labels and row lists as Python literals."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd


def literal(value: Any) -> str:
    """A label or value as Python source (numpy scalars as plain numbers, timestamps as pd.Timestamp)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return f"pd.Timestamp({str(value)!r})"
    if isinstance(value, float) and not np.isfinite(value):
        return f"float({str(value)!r})"
    return repr(value)


def column(name: str, label: Hashable) -> str:
    """``name[label]``: one column of the frame called ``name``."""
    return f"{name}[{literal(label)}]"


def row_list(rows: Iterable[Hashable]) -> str:
    """The row labels as a list literal."""
    return "[" + ", ".join(literal(r) for r in rows) + "]"
