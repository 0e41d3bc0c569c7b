"""Time mq.drift (500k vs 500k rows, 20 columns) against evidently's DataDriftPreset,
mq.volume on 1M rows, and the saved-baseline path (mq.baseline, drift against it,
``mlqa check`` of a 500k-row batch), as whole processes.

    bash benchmarks/setup_envs.sh
    python benchmarks/drift_volume.py --repeat 3
"""

from __future__ import annotations

import argparse

import numpy as np
from make_data import DATA, frame
from run import time_tools

SCRIPTS = {
    "mlqa_nb drift": ("mlqa", """
import pandas as pd, mlqa_nb as mq
ref = pd.read_parquet(DATA + "/drift_reference.parquet")
cur = pd.read_parquet(DATA + "/drift_current.parquet")
mq.drift(ref, cur, target="target").save(OUT + ".html")
"""),
    "evidently DataDriftPreset": ("evidently", """
import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset
ref = pd.read_parquet(DATA + "/drift_reference.parquet")
cur = pd.read_parquet(DATA + "/drift_current.parquet")
Report([DataDriftPreset()]).run(reference_data=ref, current_data=cur).save_html(OUT + ".html")
"""),
    "mlqa_nb volume (1M rows, by cat_50)": ("mlqa", """
import pandas as pd, mlqa_nb as mq
df = pd.read_parquet(DATA + "/frame_1000000.parquet")
mq.volume(df, time="created", by="cat_50").save(OUT + ".html")
"""),
    "mlqa_nb baseline (500k rows, saved)": ("mlqa", """
import pandas as pd, mlqa_nb as mq
ref = pd.read_parquet(DATA + "/drift_reference.parquet")
mq.baseline(ref, target="target", time="created").save(DATA + "/drift_baseline.json")
"""),
    "mlqa_nb drift against the saved baseline": ("mlqa", """
import pandas as pd, mlqa_nb as mq
base = mq.Baseline.load(DATA + "/drift_baseline.json")
cur = pd.read_parquet(DATA + "/drift_current.parquet")
mq.drift(base, cur).save(OUT + ".html")
"""),
    "mlqa check (CLI: profile + drift + volume)": ("mlqa", """
from mlqa_nb._frontends.cli import main
main(["check", DATA + "/drift_current.parquet", "--baseline", DATA + "/drift_baseline.json", "-o", OUT + ".html",
      "-o", OUT + ".xml"])
"""),
}


def make_drift_data(n: int = 500_000) -> None:
    DATA.mkdir(exist_ok=True)
    reference, current = frame(n, seed=0), frame(n, seed=1)
    current["f_normal_nan"] += 0.3
    current["cat_5"] = np.where(np.random.default_rng(2).random(n) < 0.2, "c0", current["cat_5"])
    current["target"] = (np.random.default_rng(3).random(n) < 0.08).astype(int)
    reference.to_parquet(DATA / "drift_reference.parquet")
    current.to_parquet(DATA / "drift_current.parquet")
    if not (DATA / "frame_1000000.parquet").exists():
        frame(1_000_000).to_parquet(DATA / "frame_1000000.parquet")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", nargs="*", default=list(SCRIPTS))
    args = parser.parse_args()
    if not (DATA / "drift_current.parquet").exists():
        make_drift_data()
    time_tools(SCRIPTS, args.tools, args.repeat, "drift")


if __name__ == "__main__":
    main()
