"""mq.check_mapping on lazy polars frames and Arrow tables: counted where the frame
lives, the same counts as pandas, and the first disagreeing rows as evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

ENGINES = {"polars lazy": lambda d: pl.from_pandas(d).lazy(), "arrow": lambda d: pa.Table.from_pandas(d)}


def outlets(n=20_000, seed=0) -> pd.DataFrame:
    """500 outlets, each under brand outlet // 10, three rows filed under brand 999."""
    rng = np.random.default_rng(seed)
    outlet = rng.integers(0, 500, n)
    df = pd.DataFrame({"outlet": outlet, "brand": outlet // 10, "sales": rng.normal(size=n)})
    df.loc[[5, 17, 99], "brand"] = 999
    df.loc[[3, 4], "outlet"] = None  # rows without a key are not counted
    return df


@pytest.mark.parametrize("kind", sorted(ENGINES))
def test_wrong_parents_are_counted_by_the_engine_as_by_pandas(kind):
    df = outlets()
    report = mq.check_mapping(ENGINES[kind](df), "outlet", "brand")
    reference = mq.check_mapping(df, "outlet", "brand")
    (found,), (expected,) = report.findings, reference.findings
    assert (found.check, found.columns, found.severity) == (expected.check, expected.columns, expected.severity)
    for figure in ("count", "rate", "keys_in_conflict", "keys"):
        assert found.details[figure] == expected.details[figure]
    assert found.details["count"] == 3 and found.rows == ()
    first = pd.DataFrame(found.details["first_rows"])
    pd.testing.assert_frame_equal(first.sort_values("sales").reset_index(drop=True),
                                  df.loc[[5, 17, 99]].astype({"outlet": "int64"}).sort_values("sales")
                                  .reset_index(drop=True), check_dtype=False)
    conflicts = report.tables["conflicts"]
    assert set(conflicts["key"]) == set(df.loc[[5, 17, 99], "outlet"].astype(int))
    assert conflicts.groupby("key")["rows"].sum().to_dict() == \
        df[df["outlet"].isin(conflicts["key"])].groupby("outlet").size().to_dict()
    assert report.title == reference.title == "mapping 'outlet' -> 'brand' in df (19,998 rows with both)"


@pytest.mark.parametrize("kind", sorted(ENGINES))
def test_a_clean_mapping_is_quiet(kind):
    df = outlets()
    df["brand"] = df["outlet"] // 10
    assert mq.check_mapping(ENGINES[kind](df), "outlet", "brand").findings == []
    (spread,) = mq.check_mapping(ENGINES[kind](df), ["outlet", "brand"], "sales").findings  # floats differ per row
    assert spread.details["count"] == mq.check_mapping(df, ["outlet", "brand"], "sales").findings[0].details["count"]
    ref = {k: k // 10 for k in range(500)}
    assert mq.check_mapping(ENGINES[kind](df), "outlet", "brand", reference=ref).findings == []


def test_against_a_reference_and_with_two_key_columns():
    df = outlets()
    df["region"] = df["outlet"].fillna(0) % 3
    lazy = pl.from_pandas(df).lazy()
    ref = {k: k // 10 for k in range(400)}  # outlets 400-499 are not in the reference
    got = {f.details["kind"]: f for f in mq.check_mapping(lazy, "outlet", "brand", reference=ref).findings}
    want = {f.details["kind"]: f for f in mq.check_mapping(df, "outlet", "brand", reference=ref).findings}
    assert {k: f.details["count"] for k, f in got.items()} == {k: f.details["count"] for k, f in want.items()}
    assert got["unknown_key"].details["count"] == int((df["outlet"] >= 400).sum())
    assert all(row["outlet"] >= 400 for row in got["unknown_key"].details["first_rows"])
    assert all(row["brand"] == 999 for row in got["reference"].details["first_rows"])
    two = mq.check_mapping(lazy, ["outlet", "region"], "brand").findings[0]
    assert two.details["count"] == 3 and two.columns == ("outlet", "region", "brand")


def test_wrong_columns_are_named():
    lazy = pl.from_pandas(outlets()).lazy()
    with pytest.raises(KeyError, match="key='store' is not a column"):
        mq.check_mapping(lazy, "store", "brand")
    with pytest.raises(ValueError, match="also part of key"):
        mq.check_mapping(lazy, "outlet", "outlet")
    listed = pl.DataFrame({"tags": [["a", "b"]] * 30, "brand": ["x"] * 30}).lazy()
    with pytest.raises(TypeError, match="key='tags' holds List"):
        mq.check_mapping(listed, "tags", "brand")


def test_engine_reports_render_their_first_rows_escaped(monkeypatch):
    from mlqa_nb._data import profile_engine

    monkeypatch.setattr(profile_engine, "ENGINE_SAMPLE_ROWS", 2000)
    df = outlets()
    df["brand"] = df["brand"].astype(str)
    df.loc[[5, 17, 99], "brand"] = "<script>alert(1)</script>"
    page = mq.check_mapping(pl.from_pandas(df).lazy(), "outlet", "brand").to_html()
    assert "first rows (all 3 in finding.details" in page and "counted by polars" in page
    assert "<script>alert" not in page and page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    profiled = mq.profile(pl.from_pandas(df).lazy())  # larger than the sample: the engine's profile
    assert profiled.provenance["data"]["engine"] == "polars" and "counted by polars" in profiled.to_html()
