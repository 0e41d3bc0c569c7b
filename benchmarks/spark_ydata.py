"""ydata-profiling's Spark mode on the frame of ``spark_profile.py``, in its own
environment (``benchmarks/setup_envs.sh`` makes ``envs/ydata-spark``):

    benchmarks/envs/ydata-spark/bin/python benchmarks/spark_ydata.py --rows 1000000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from spark_frame import frame, session


def main() -> None:
    from ydata_profiling import ProfileReport

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    args = parser.parse_args()
    spark = session()
    print("| rows | ydata-profiling Spark, minimal, to HTML (s) | alerts |\n|---:|---:|---|")
    for rows in args.rows:
        df = frame(spark, rows).cache()
        df.count()
        started = time.perf_counter()
        report = ProfileReport(df, minimal=True, progress_bar=False)
        with tempfile.TemporaryDirectory() as folder:
            report.to_file(Path(folder) / "report.html")
        seconds = time.perf_counter() - started
        alerts = sorted({str(a.alert_type).split(".")[-1] for a in report.description_set.alerts})
        print(f"| {rows:,} | {seconds:.1f} | {', '.join(alerts)} |")
        df.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
