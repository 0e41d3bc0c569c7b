"""Robust location and scale on sorted values: the yardstick for outliers and unit errors.

Columns are sorted once (see ``ColumnData.sorted_floats``); every quantile,
median, tail count and distinct count afterwards is an index lookup or a
binary search instead of another pass over the data.
"""

from __future__ import annotations

import numpy as np

#: Scale factor that turns a MAD into a standard deviation for normal data.
MAD_TO_SD = 1.4826
#: Values people type for "unknown" that then pass as numbers.
SENTINELS = frozenset({-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0})
#: Turns an interquartile range into a standard deviation for normal data.
IQR_TO_SD = 1.349


def quantiles(sorted_values: np.ndarray, qs) -> np.ndarray:
    """Quantiles of already sorted values (numpy's default 'linear' method)."""
    n = sorted_values.size
    position = np.asarray(qs, dtype=float) * (n - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, n - 1)
    frac = position - low
    return sorted_values[low] + frac * (sorted_values[high] - sorted_values[low])


def robust_center_scale(sorted_values: np.ndarray) -> tuple[float, float]:
    """Median and a robust standard deviation (MAD, else IQR) of sorted values;
    scale 0 when more than half the values are identical."""
    if sorted_values.size == 0:
        return float("nan"), 0.0
    q25, center, q75 = quantiles(sorted_values, (0.25, 0.5, 0.75))
    mad = median_abs_deviation(sorted_values, float(center))
    if mad > 0:
        return float(center), MAD_TO_SD * mad
    return float(center), float(q75 - q25) / IQR_TO_SD


def without_values(sorted_values: np.ndarray, drop) -> np.ndarray:
    """Sorted values minus every occurrence of the values in ``drop``."""
    keep = np.ones(sorted_values.size, dtype=bool)
    for value in drop:
        start = np.searchsorted(sorted_values, value, side="left")
        stop = np.searchsorted(sorted_values, value, side="right")
        keep[start:stop] = False
    return sorted_values if keep.all() else sorted_values[keep]


def median_abs_deviation(sorted_values: np.ndarray, center: float) -> float:
    """Median of |x - center| for sorted x, exactly, in O(log n).

    The deviations below and above ``center`` are two sorted sequences; their
    median is found by selection in two sorted arrays, without materialising
    (or partitioning) a million deviations.
    """
    x = sorted_values
    n = x.size
    split = int(np.searchsorted(x, center, side="left"))
    below, above = split, n - split

    def low(i: int) -> float:  # i-th smallest deviation among values below center
        return center - x[split - 1 - i]

    def high(j: int) -> float:  # j-th smallest deviation among values at or above it
        return x[split + j] - center

    def kth(k: int) -> float:
        lo, hi = max(0, k + 1 - above), min(k + 1, below)
        while lo < hi:
            i = (lo + hi) // 2
            j = k + 1 - i
            if i < below and j > 0 and high(j - 1) > low(i):
                lo = i + 1
            else:
                hi = i
        i, j = lo, k + 1 - lo
        return max(low(i - 1) if i > 0 else -np.inf, high(j - 1) if j > 0 else -np.inf)

    if n % 2:
        return float(kth(n // 2))
    return float((kth(n // 2 - 1) + kth(n // 2)) / 2)


def _quartile_skew(q25: float, q50: float, q75: float) -> float:
    spread = q75 - q25
    return float((q75 + q25 - 2 * q50) / spread) if spread > 0 else 0.0


def bowley_skew(sorted_values: np.ndarray) -> float:
    """Quartile skewness in [-1, 1] of sorted values: 0 for symmetric data."""
    return _quartile_skew(*quantiles(sorted_values, (0.25, 0.5, 0.75)))


def prefers_log_scale(sorted_values: np.ndarray, *, skew: float = 0.2) -> bool:
    """Whether a positive, right-skewed column is better judged on a log scale."""
    if sorted_values.size < 3 or sorted_values[0] <= 0:
        return False
    quartiles = quantiles(sorted_values, (0.25, 0.5, 0.75))
    raw = _quartile_skew(*quartiles)
    # quantiles commute with log, so the logs' quartiles are the quartiles' logs
    return raw > skew and abs(_quartile_skew(*np.log(quartiles))) < raw


def count_distinct(sorted_values: np.ndarray) -> int:
    """Number of distinct values among sorted values."""
    if sorted_values.size == 0:
        return 0
    return int(np.count_nonzero(sorted_values[1:] != sorted_values[:-1])) + 1


def distinct_and_top(sorted_values: np.ndarray) -> tuple[int, float | None, int]:
    """Number of distinct values, the most frequent one and its count."""
    if sorted_values.size == 0:
        return 0, None, 0
    change = np.flatnonzero(sorted_values[1:] != sorted_values[:-1])
    starts = np.concatenate(([0], change + 1))
    lengths = np.diff(np.concatenate((starts, [sorted_values.size])))
    best = int(lengths.argmax())
    return int(starts.size), float(sorted_values[starts[best]]), int(lengths[best])


def group_robust_z(values: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each value's group median, group robust SD (MAD x 1.4826) and robust z.

    ``z`` is 0 where the group's MAD is 0 (most of the group holds one value).
    """
    import pandas as pd

    median = pd.Series(values).groupby(groups).transform("median").to_numpy()
    spread = pd.Series(np.abs(values - median)).groupby(groups).transform("median").to_numpy() * MAD_TO_SD
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (values - median) / spread, 0.0)
    return median, spread, z
