"""mq.profile on a Spark DataFrame in local mode: the same findings as pandas, counted
by Spark, and nothing collected beyond the sample."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - .ci/run installs a Java runtime
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

# pyspark 4.3 warns that pandas 3 is not fully supported; what these tests use works
pytestmark = [pytest.mark.filterwarnings("ignore::FutureWarning"), pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:The copy keyword")]

#: Far below the frame's size: collecting the frame fails, aggregates and the sample pass.
MAX_RESULT = "16m"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("mlqa_nb tests")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .config("spark.driver.maxResultSize", MAX_RESULT).getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def planted(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    gone = rng.random(n) < 0.1
    df = pd.DataFrame({"price": rng.normal(100, 10, n), "city": rng.choice(["Paris", "Lyon", "Nice"], n),
                       "shipped": np.ones(n), "weight": np.where(gone, np.nan, rng.normal(5, 1, n)),
                       "height": np.where(gone, np.nan, rng.normal(170, 9, n))})
    return pd.concat([df, df.iloc[:25]], ignore_index=True)


def test_the_same_findings_as_pandas_counted_by_spark(spark, monkeypatch):
    from mlqa_nb._data import profile_engine

    monkeypatch.setattr(profile_engine, "ENGINE_SAMPLE_ROWS", 2000)
    df = planted(6000)
    report = mq.profile(spark.createDataFrame(df))
    reference = mq.profile(df)
    key = lambda f: (f.check, f.columns, f.severity, f.details.get("count"))  # noqa: E731
    exact = {key(f) for f in report.findings if f.check in ("missing_values", "duplicates", "low_information")}
    assert exact == {key(f) for f in reference.findings
                     if f.check in ("missing_values", "duplicates", "low_information")}
    assert report.provenance["data"] == {"rows": 6025, "columns": 5, "engine": "pyspark", "sample_rows": 2000}


def test_millions_of_rows_are_profiled_without_collecting_them(spark):
    from pyspark.sql import functions as F

    rows = 3_000_000  # about 100 MB of doubles, far over spark.driver.maxResultSize
    frame = spark.range(rows).select(
        (F.col("id") % 1000).cast("double").alias("a"), (F.rand(1) * 100).alias("b"),
        F.when(F.col("id") % 10 == 0, None).otherwise(F.col("id")).cast("double").alias("c"),
        F.lit(1.0).alias("one"), (F.col("id") % 7).alias("code"))
    with pytest.raises(Exception, match="maxResultSize"):
        frame.toPandas()  # the proof that the frame cannot reach the driver whole
    report = mq.profile(frame)
    assert report.title == "profile of df (3,000,000 rows x 5 columns)"
    found = {(f.check, f.columns): f for f in report.findings}
    assert found[("missing_values", ("c",))].details["count"] == 300_000
    assert found[("low_information", ("one",))].severity == "warning"
    assert report.columns[2].missing == 300_000 and report.columns[0].distinct == 1000


def test_drift_volume_and_baselines_of_millions_of_rows_stay_in_spark(spark):
    from pyspark.sql import functions as F

    rows = 3_000_000
    day = F.floor(F.col("id") / (rows / 60))  # 60 days, 50,000 rows each
    frame = spark.range(rows).select(
        F.expr("timestamp'2024-01-01 00:00:00'").alias("start"), day.alias("day"),
        (F.randn(2) * 10 + 100).alias("price"), F.when(F.col("id") % 3 == 0, "north").otherwise("south").alias("shop"),
    ).select((F.col("start") + F.make_interval(days=F.col("day").cast("int"), secs=F.lit(3600))).alias("ts"),
             "price", "shop")
    history, batch = frame.filter(F.col("ts") < "2024-02-20"), frame.filter(F.col("ts") >= "2024-02-20")
    broken = batch.filter(~((F.col("shop") == "north") & (F.col("ts") >= "2024-02-24") & (F.col("ts") < "2024-02-25")))
    broken = broken.withColumn("price", F.col("price") * 1.5)
    base = mq.baseline(history, time="ts", by="shop")
    assert base.rows == 50 * 50_000 and base.columns["price"]["present"] == 50 * 50_000
    assert mq.drift(base, batch).findings == []
    assert mq.volume(batch, baseline=base).findings == []
    drifted = mq.drift(base, broken)
    assert [(f.check, f.columns, f.severity) for f in drifted.findings] == [("drift", ("price",), "critical")]
    assert any("approximate" in note for note in drifted.notes)
    gap = mq.volume(broken, baseline=base).findings
    assert [(f.details["kind"], f.details["group"], f.details["periods"]) for f in gap] == [
        ("missing", "north", ["2024-02-24"])]
    shot = mq.snapshot(history, name="history")
    assert shot.rows == 2_500_000 and shot.columns["shop"]["distinct"] == 2
    assert shot.columns["price"]["median"] == pytest.approx(100, abs=0.5)  # approximate quantiles
    same = mq.drift(history, broken, frame_classifier=True)  # two Spark frames: sketches of both, a sampled classifier
    assert {f.columns for f in same.findings} >= {("price",)}


def test_wrong_parents_among_millions_of_rows_are_counted_in_spark(spark):
    from pyspark.sql import functions as F

    rows = 2_000_000
    outlet = F.col("id") % 5000
    frame = spark.range(rows).select(
        outlet.alias("outlet"), F.when(F.col("id").isin(7, 123_456, 1_999_999), 999).otherwise(outlet / 10)
        .cast("int").alias("brand"), (F.rand(3) * 100).alias("sales"))
    with pytest.raises(Exception, match="maxResultSize"):
        frame.toPandas()
    (found,) = mq.check_mapping(frame, "outlet", "brand").findings
    assert (found.details["count"], found.details["keys_in_conflict"], found.details["keys"]) == (3, 3, 5000)
    assert sorted(r["outlet"] for r in found.details["first_rows"]) == [7, 3456, 4999]
    assert all(r["brand"] == 999 for r in found.details["first_rows"])
    ref = spark.range(5000).select(F.col("id").alias("outlet"), (F.col("id") / 10).cast("int").alias("brand")).toPandas()
    by_ref = mq.check_mapping(frame, "outlet", "brand", reference=ref[ref["outlet"] < 4000]).findings
    assert {f.details["kind"]: f.details["count"] for f in by_ref} == {"reference": 2, "unknown_key": 400_000}
    clean = frame.withColumn("brand", (F.col("outlet") / 10).cast("int"))
    assert mq.check_mapping(clean, "outlet", "brand").findings == []


def test_what_the_sample_finds_is_counted_in_every_row_by_spark(spark, monkeypatch):
    from mlqa_nb._data import profile_engine

    monkeypatch.setattr(profile_engine, "ENGINE_SAMPLE_ROWS", 2000)
    rng = np.random.default_rng(1)
    n = 40_000
    outlet = rng.integers(0, 400, n)
    df = pd.DataFrame({"height": rng.normal(170, 9, n), "outlet_id": outlet, "brand": (outlet // 10).astype(str),
                       "as_text": rng.normal(50, 5, n).round(1).astype(str)})
    df.loc[rng.choice(n, 400, replace=False), "height"] = -1.0
    df.loc[rng.choice(n, 200, replace=False), "brand"] = "other"
    report = mq.profile(spark.createDataFrame(df))  # ANSI mode: no cast of text to numbers in a recount
    found = {f.check: f for f in report.findings if f.check in ("outliers", "inconsistent_mapping")}
    assert found["outliers"].details["count"] == 400 and found["inconsistent_mapping"].details["count"] == 200
    assert {row["height"] for row in found["outliers"].details["first_rows"]} == {-1.0}
    assert {row["brand"] for row in found["inconsistent_mapping"].details["first_rows"]} == {"other"}


def test_a_spike_in_a_spark_frame_lists_its_first_rows(spark):
    from conftest import shops_by_day

    df = shops_by_day()
    found = {(f.details["kind"], f.details["group"]): f
             for f in mq.volume(spark.createDataFrame(df), time="ts", by="shop").findings}
    assert set(found) == {("spike", "a"), ("drop", "b")}
    rows = pd.DataFrame(found[("spike", "a")].details["first_rows"])
    assert len(rows) == 20 and set(rows["shop"]) == {"a"}
    assert set(pd.to_datetime(rows["ts"]).dt.strftime("%Y-%m-%d")) == {"2024-02-10"}
