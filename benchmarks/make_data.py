"""Generate the benchmark frames: 20 mixed columns, as parquet, at several sizes.

python benchmarks/make_data.py 10000 100000 1000000
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).parent / "data"
WORDS = np.array(
    ["fast", "late", "cold", "warm", "great", "food", "driver", "order", "again", "never", "good", "bad", "slow", "ok", "fine", "tasty", "soggy", "fresh", "spicy", "bland", "friendly", "rude", "quick", "lost", "found"]
)


def frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def with_nan(values, rate):
        values = values.astype(float)
        values[rng.random(n) < rate] = np.nan
        return values

    outliers = rng.normal(50, 5, n)
    hit = rng.random(n) < 0.001
    outliers[hit] *= 1000
    lengths = rng.integers(2, 7, n)
    pool = rng.choice(WORDS, size=(n, 6))
    text = [" ".join(row[:k]) for row, k in zip(pool, lengths)]
    return pd.DataFrame(
        {
            "f_normal_nan": with_nan(rng.normal(0, 1, n), 0.05),
            "f_lognormal_nan": with_nan(rng.lognormal(3, 1, n), 0.2),
            "f_heavy_tail": rng.standard_t(2, n),
            "f_outliers": outliers,
            "f_uniform": rng.uniform(0, 1, n),
            "f_price": rng.gamma(2, 30, n).round(2),
            "i_small": rng.integers(0, 10, n),
            "i_large": rng.integers(0, 1_000_000, n),
            "i_count": rng.poisson(3, n),
            "cat_5": rng.choice([f"c{i}" for i in range(5)], n),
            "cat_50": rng.choice([f"city_{i}" for i in range(50)], n),
            "cat_1000": rng.choice([f"sku_{i:04d}" for i in range(1000)], n),
            "cat_5_nan": pd.Series(rng.choice(["a", "b", "c", "d", None], n)),
            "user_id": [f"U{i:08d}" for i in rng.permutation(n)],
            "created": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), unit="s"),
            "shipped": pd.Timestamp("2024-01-02") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), unit="s"),
            "comment": text,
            "is_member": rng.random(n) < 0.3,
            "f_small_noise": 1.0 + rng.normal(0, 1e-3, n),
            "target": (rng.random(n) < 0.05).astype(int),
        }
    )


def main(sizes: list[int]) -> None:
    DATA.mkdir(exist_ok=True)
    for n in sizes:
        path = DATA / f"frame_{n}.parquet"
        if not path.exists():
            frame(n).to_parquet(path)
        print(path)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
