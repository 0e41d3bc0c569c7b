"""mq.profile on a polars frame of 1M rows (eager and lazy), against a polars floor
(describe + null_count + n_unique) and the pandas path, in one process.

    python benchmarks/make_data.py     # once: benchmarks/data/frame_1000000.parquet
    python benchmarks/polars_profile.py --repeat 3
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl

import mlqa_nb as mq

DATA = Path(__file__).parent / "data" / "frame_1000000.parquet"


def best(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    frame = pl.read_parquet(DATA)
    lazy = pl.scan_parquet(DATA)
    pandas_frame = frame.to_pandas()
    mq.profile(frame.head(1000))  # imports

    def floor() -> None:
        frame.describe()
        frame.null_count()
        frame.select(pl.all().n_unique())

    rows = [
        ("polars floor: describe + null_count + n_unique", best(floor, repeat)),
        ("mq.profile(polars DataFrame)", best(lambda: mq.profile(frame), repeat)),
        ("mq.profile(polars LazyFrame from parquet)", best(lambda: mq.profile(lazy), repeat)),
        ("mq.profile(pandas DataFrame), the same rows", best(lambda: mq.profile(pandas_frame), repeat)),
    ]
    print(f"{frame.height:,} rows x {frame.width} columns, best of {repeat}\n")
    print("| task | seconds | x floor |\n|---|---:|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / rows[0][1]:.1f} |")


if __name__ == "__main__":
    main()
