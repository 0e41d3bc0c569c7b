"""How quickly mq.explore answers on a large frame: building the explorer against
mq.profile alone, selecting a finding, and re-running one check after a threshold
change (the explorer runs only that check, on the context it keeps).

    python benchmarks/explore_speed.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np
import pandas as pd


def frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({
        "height_cm": rng.normal(170, 9, rows).round(1),
        "weight_kg": rng.normal(72, 9, rows).round(1),
        "income": rng.gamma(3, 10000, rows).round(0),
        "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], rows),
        "age": rng.integers(18, 90, rows).astype(float),
        "segment": rng.choice(list("ABCDEFGH"), rows),
    })
    df.loc[rng.choice(rows, 300, replace=False), "height_cm"] /= 2.54
    df.loc[rng.choice(rows, 50, replace=False), "city"] = "paris"
    df.loc[rng.choice(rows, 40, replace=False), "income"] *= 1000
    return df


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    import os

    import mlqa_nb as mq

    df = frame(args.rows)
    os.chdir(tempfile.mkdtemp())  # no silence file
    mq.profile(df.head(1000))  # imports and registry, as in a warm notebook
    started = time.perf_counter()
    mq.profile(df, name="df")
    profile_s = time.perf_counter() - started
    started = time.perf_counter()
    explorer = mq.explore(df, name="df")
    explore_s = time.perf_counter() - started
    index = next(i for i, f in enumerate(explorer.visible) if f.check == "outliers")
    started = time.perf_counter()
    explorer.select(index)
    select_s = time.perf_counter() - started
    other = next(i for i, f in enumerate(explorer.visible) if f.check == "unit_scale")
    started = time.perf_counter()
    explorer.select(other)
    select_again_s = time.perf_counter() - started
    explorer.select(index)
    started = time.perf_counter()
    explorer.set_threshold("z_threshold", 8.0)
    first_rerun_s = time.perf_counter() - started
    index = next(i for i, f in enumerate(explorer.visible) if f.check == "outliers")
    explorer.select(index)
    started = time.perf_counter()
    explorer.set_threshold("z_threshold", 6.0)
    rerun_s = time.perf_counter() - started
    print(f"{args.rows:,} rows x {df.shape[1]} columns")
    print(f"mq.profile                      {profile_s:6.2f} s")
    print(f"mq.explore (profile + widgets)  {explore_s:6.2f} s")
    print(f"select a finding (rows, figure) {select_s:6.2f} s (the first loads seaborn and matplotlib)")
    print(f"select another finding          {select_again_s:6.2f} s")
    print(f"re-run outliers, first time     {first_rerun_s:6.2f} s (builds the column facts it needs)")
    print(f"re-run outliers again           {rerun_s:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
