"""The Spark frame and session the Spark benchmarks share (no mlqa_nb import, so that
other tools' environments can use it too)."""

from __future__ import annotations


def session():
    """Spark in local mode on every core, bound to this machine, quiet."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def frame(spark, rows: int):
    """Ten columns made by Spark itself: numbers, codes, text levels, gaps, a constant."""
    from pyspark.sql import functions as F

    return spark.range(rows).select(
        F.randn(1).alias("normal"), (F.rand(2) * 1000).alias("uniform"), (F.col("id") % 97).alias("code"),
        F.when(F.rand(3) < 0.05, None).otherwise(F.randn(4)).alias("gappy"),
        F.concat(F.lit("city_"), (F.col("id") % 50).cast("string")).alias("city"),
        F.exp(F.randn(5)).alias("lognormal"), (F.rand(6) < 0.1).cast("int").alias("flag"),
        F.lit("same").alias("constant"), (F.col("id") * 7919 % rows).alias("key"), F.rand(7).alias("score"))
