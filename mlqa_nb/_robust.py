"""Robust location and scale: the yardstick for outliers and unit errors."""

from __future__ import annotations

import numpy as np

#: Scale factor that turns a MAD into a standard deviation for normal data.
MAD_TO_SD = 1.4826
#: Values people type for "unknown" that then pass as numbers.
SENTINELS = frozenset({-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0})
#: Turns an interquartile range into a standard deviation for normal data.
IQR_TO_SD = 1.349


def robust_center_scale(values: np.ndarray) -> tuple[float, float]:
    """Median and a robust standard deviation (MAD, else IQR); scale 0 when
    more than half the values are identical."""
    if values.size == 0:
        return float("nan"), 0.0
    center = float(np.median(values))
    mad = float(np.median(np.abs(values - center)))
    if mad > 0:
        return center, MAD_TO_SD * mad
    q25, q75 = np.quantile(values, [0.25, 0.75])
    return center, float(q75 - q25) / IQR_TO_SD


def robust_z(values: np.ndarray) -> np.ndarray | None:
    """Distance of each value from the median in robust standard deviations,
    or None when the scale is zero (the column is mostly one value)."""
    center, scale = robust_center_scale(values)
    if not scale > 0:
        return None
    return (values - center) / scale


def bowley_skew(values: np.ndarray) -> float:
    """Quartile skewness in [-1, 1]: 0 for symmetric data."""
    q25, q50, q75 = np.quantile(values, [0.25, 0.5, 0.75])
    spread = q75 - q25
    return float((q75 + q25 - 2 * q50) / spread) if spread > 0 else 0.0


def prefers_log_scale(values: np.ndarray, *, skew: float = 0.2) -> bool:
    """Whether a positive, right-skewed column is better judged on a log scale."""
    if values.size < 3 or values.min() <= 0:
        return False
    return bowley_skew(values) > skew and abs(bowley_skew(np.log(values))) < bowley_skew(values)
