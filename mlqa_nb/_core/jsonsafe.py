"""Turn numbers, labels and timestamps from pandas and numpy into JSON values."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np

from .text import as_text, safe_text, shorten


def json_safe(value: Any) -> Any:
    """Return ``value`` with every part made JSON-serialisable.

    NaN and infinities become ``None``; numpy scalars become Python numbers;
    timestamps become ISO strings; anything unknown becomes its ``str``.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        value = int(value)
        # JSON readers lose precision past 2**53 and Python cannot print 4,300 digits
        return value if value.bit_length() <= 63 else shorten(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, dict):
        return {_key(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [json_safe(v) for v in value]
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value)
    if isinstance(value, (_dt.timedelta, np.timedelta64)):
        return str(value)
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
        if isinstance(value, pd.Interval):
            return str(value)
    except ImportError:  # pragma: no cover
        pass
    return as_text(value)


def _key(key: Any) -> str:
    return key if isinstance(key, str) else str(json_safe(key))
