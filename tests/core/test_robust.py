import numpy as np
import pytest

from mlqa_nb._core.robust import distinct_and_top, median_abs_deviation, quantiles


@pytest.mark.parametrize("seed", range(40))
def test_median_abs_deviation_matches_numpy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    values = np.sort(rng.normal(size=n) if seed % 2 else rng.integers(0, 5, n).astype(float))
    center = float(np.median(values)) if seed % 3 else float(rng.normal())
    assert median_abs_deviation(values, center) == pytest.approx(np.median(np.abs(values - center)))


def test_quantiles_and_distinct_on_sorted_values():
    values = np.sort(np.random.default_rng(0).normal(size=1001))
    assert np.allclose(quantiles(values, [0, 0.1, 0.5, 0.99, 1]), np.quantile(values, [0, 0.1, 0.5, 0.99, 1]))
    assert distinct_and_top(np.array([1.0, 2.0, 2.0, 3.0])) == (3, 2.0, 2)
