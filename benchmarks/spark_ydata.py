"""ydata-profiling's Spark mode on the frame of ``spark_profile.py``, in its own
environment (``benchmarks/setup_envs.sh`` makes ``envs/ydata-spark``):

    benchmarks/envs/ydata-spark/bin/python benchmarks/spark_ydata.py --rows 1000000

Under Spark 4's default ANSI mode ydata-profiling 4.18.4 fails on this frame (a NaN cast to an
integer in its numeric description); the script turns ANSI mode off unless ``--ansi`` is given.
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
    parser.add_argument("--ansi", action="store_true",
                        help="keep Spark 4's ANSI mode on (ydata-profiling 4.18's Spark mode fails under it)")
    args = parser.parse_args()
    spark = session()
    if not args.ansi:
        spark.conf.set("spark.sql.ansi.enabled", "false")
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
