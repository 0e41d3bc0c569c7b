"""mq.profile on Spark DataFrames in local mode, 1M to 10M rows, against a Spark floor
(describe + null counts + distinct counts, collected), in one process.

    python benchmarks/spark_profile.py --rows 1000000 10000000
"""

from __future__ import annotations

import argparse
import time

import mlqa_nb as mq


def frame(spark, rows: int):
    """Ten columns made by Spark itself: numbers, codes, text levels, gaps, a constant."""
    from pyspark.sql import functions as F

    return spark.range(rows).select(
        F.randn(1).alias("normal"), (F.rand(2) * 1000).alias("uniform"), (F.col("id") % 97).alias("code"),
        F.when(F.rand(3) < 0.05, None).otherwise(F.randn(4)).alias("gappy"),
        F.concat(F.lit("city_"), (F.col("id") % 50).cast("string")).alias("city"),
        F.exp(F.randn(5)).alias("lognormal"), (F.rand(6) < 0.1).cast("int").alias("flag"),
        F.lit("same").alias("constant"), (F.col("id") * 7919 % rows).alias("key"), F.rand(7).alias("score"))


def main() -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = parser.parse_args()
    spark = (SparkSession.builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print("| rows | Spark floor: describe + nulls + distinct (s) | mq.profile (s) | x floor |\n|---:|---:|---:|---:|")
    for rows in args.rows:
        df = frame(spark, rows).cache()
        df.count()  # materialised once, so both sides read the same cached rows

        def floor(df=df) -> None:
            df.describe().collect()
            df.select([F.count(F.when(F.col(c).isNull(), 1)).alias(c) for c in df.columns]).collect()
            df.select([F.countDistinct(c).alias(c) for c in df.columns]).collect()

        started = time.perf_counter()
        floor()
        floor_seconds = time.perf_counter() - started
        started = time.perf_counter()
        mq.profile(df)
        ours = time.perf_counter() - started
        print(f"| {rows:,} | {floor_seconds:.1f} | {ours:.1f} | {ours / floor_seconds:.1f} |")
        df.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
