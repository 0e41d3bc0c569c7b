"""mq.profile and mq.check_mapping on Spark DataFrames in local mode, 1M to 10M rows,
against Spark floors, in one process:

- profile: describe + null counts + distinct counts, collected;
- mapping: the keys holding more than one value, counted (``groupBy(key)`` with a
  distinct count of the value), for a key with one value per row.

    python benchmarks/spark_profile.py --rows 1000000 10000000

``spark_ydata.py`` times ydata-profiling's Spark mode on the same frame, in its own
environment.
"""

from __future__ import annotations

import argparse
import time

from spark_frame import frame, session

import mlqa_nb as mq


def timed(run) -> tuple[float, object]:
    started = time.perf_counter()
    out = run()
    return time.perf_counter() - started, out


def main() -> None:
    from pyspark.sql import functions as F

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = parser.parse_args()
    spark = session()
    print("| rows | step | Spark floor (s) | mlqa_nb (s) | x floor | findings |\n|---:|---|---:|---:|---:|---|")
    for rows in args.rows:
        df = frame(spark, rows).cache()
        df.count()  # materialised once, so both sides read the same cached rows

        def floor(df=df) -> None:
            df.describe().collect()
            df.select([F.count(F.when(F.col(c).isNull(), 1)).alias(c) for c in df.columns]).collect()
            df.select([F.countDistinct(c).alias(c) for c in df.columns]).collect()

        def mapping_floor(df=df) -> None:
            df.groupBy("key").agg(F.countDistinct("city").alias("n")).filter(F.col("n") > 1).count()

        for step, base, ours in (("profile", floor, lambda df=df: mq.profile(df)),
                                 ("check_mapping key -> city", mapping_floor,
                                  lambda df=df: mq.check_mapping(df, "key", "city"))):
            floor_seconds, _ = timed(base)
            seconds, report = timed(ours)
            found = ", ".join(f"{f.check} {'/'.join(map(str, f.columns))}" for f in report.findings if f.severity != "info")
            print(f"| {rows:,} | {step} | {floor_seconds:.1f} | {seconds:.1f} | {seconds / floor_seconds:.1f} | {found or '-'} |")
        df.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
