"""mq.volume: missing periods, drops and spikes are named; weekly rhythm stays quiet."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


def daily_log(days=140, seed=0, shops=("north", "south", "east")):
    rng = np.random.default_rng(seed)
    rows = []
    for day in pd.date_range("2024-01-01", periods=days, freq="D"):
        for shop, size in zip(shops, (300, 120, 60)):
            mean = size * (0.5 if day.day_of_week >= 5 else 1.0)  # quiet weekends
            n = rng.poisson(mean)
            seconds = rng.integers(0, 86400, n)
            rows.append(pd.DataFrame({"ts": day + pd.to_timedelta(seconds, unit="s"), "shop": shop}))
    return pd.concat(rows, ignore_index=True)


def test_weekly_rhythm_stays_quiet():
    log = daily_log()
    assert mq.volume(log, time="ts").findings == []
    assert mq.volume(log, time="ts", by="shop").findings == []


def test_missing_days_are_named_and_critical():
    log = daily_log()
    lost = pd.to_datetime(["2024-03-05", "2024-03-06", "2024-03-07"])
    log = log[~log.ts.dt.normalize().isin(lost)]
    finding = mq.volume(log, time="ts").findings[0]
    assert finding.severity == "critical" and finding.details["kind"] == "missing"
    assert finding.details["periods"] == ["2024-03-05", "2024-03-06", "2024-03-07"]
    assert "2024-03-05 to 2024-03-07" in finding.message


def test_drop_and_spike_with_rows():
    log = daily_log()
    day = log.ts.dt.normalize()
    keep = ~((day == "2024-02-14") & (np.arange(len(log)) % 5 != 0))  # keep a fifth of one day
    log = log[keep]
    log = pd.concat([log, log[log.ts.dt.normalize() == "2024-04-02"]] * 2, ignore_index=True)  # triple one day
    findings = {f.details["kind"]: f for f in mq.volume(log, time="ts").findings}
    assert findings["drop"].details["periods"] == ["2024-02-14"]
    assert findings["spike"].details["periods"] == ["2024-04-02"]
    rows = log.loc[list(findings["drop"].rows)]
    assert (rows.ts.dt.normalize() == "2024-02-14").all()


def test_a_shop_that_goes_dark_is_named():
    log = daily_log()
    dark = (log.shop == "east") & log.ts.dt.normalize().isin(pd.to_datetime(["2024-03-11", "2024-03-12"]))
    log = log[~dark]
    findings = mq.volume(log, time="ts", by="shop").findings
    assert len(findings) == 1
    assert findings[0].details["group"] == "east"
    assert findings[0].details["periods"] == ["2024-03-11", "2024-03-12"]
    assert "'shop' = 'east'" in findings[0].message
    # overall the loss is small: the total stays quiet
    assert mq.volume(log, time="ts").findings == []


def test_hourly_data_with_daily_rhythm_and_tz_aware_times():
    rng = np.random.default_rng(1)
    hours = pd.date_range("2024-01-01", periods=24 * 60, freq="h", tz="Europe/Paris")
    counts = rng.poisson(40 + 30 * np.sin(np.arange(hours.size) * 2 * np.pi / 24))
    log = pd.DataFrame({"ts": np.repeat(hours, counts)})
    assert mq.volume(log, time="ts", freq="h").findings == []


def test_errors_name_the_argument_and_report_is_json_safe():
    log = daily_log(days=60)
    with pytest.raises(TypeError, match="time='shop' must hold dates"):
        mq.volume(log, time="shop")
    with pytest.raises(ValueError, match="freq='fortnightly'"):
        mq.volume(log, time="ts", freq="fortnightly")
    with pytest.raises(KeyError, match="by='region'"):
        mq.volume(log, time="ts", by="region")
    report = mq.volume(log.iloc[:0], time="ts")
    assert report.findings == []
    json.dumps(mq.volume(log, time="ts", by="shop").to_dict(), allow_nan=False)
    assert "<svg" in mq.volume(log[log.ts.dt.day != 10], time="ts").to_html()


def test_gaps_in_a_regular_hourly_series():
    hours = pd.date_range("2024-01-01", periods=24 * 40, freq="h")
    readings = pd.DataFrame({"at": hours.delete([100, 101, 500]), "temp": 1.0})
    finding = mq.volume(readings, time="at", freq="h").findings[0]
    assert finding.details["periods"] == ["2024-01-05 04:00", "2024-01-05 05:00", "2024-01-21 20:00"]
    assert "where 1 is usual" in finding.message


def test_profile_with_time_reports_lost_days_and_stays_quiet_without_them():
    log = daily_log(days=90)
    assert mq.profile(log, time="ts").filter(check="volume_anomaly") == []
    lost = log[~log.ts.dt.normalize().isin(pd.to_datetime(["2024-02-07", "2024-02-08"]))]
    found = mq.profile(lost, time="ts").filter(check="volume_anomaly")
    assert [f.details["periods"] for f in found] == [["2024-02-07", "2024-02-08"]]
    assert mq.profile(lost).filter(check="volume_anomaly") == []  # no time, no volume check


def test_empty_days_in_a_sparse_log_happen_by_chance_and_stay_quiet():
    rng = np.random.default_rng(4)
    days = pd.date_range("2024-01-01", periods=365, freq="D")
    per_day = rng.poisson(7, days.size)
    per_day[[40, 200]] = 0  # at 7 rows a day, an empty day comes about once in three years
    log = pd.DataFrame({"ts": np.repeat(days, per_day)})
    assert mq.volume(log, time="ts").filter(check="volume_anomaly", severity="warning") == []
    busy = pd.DataFrame({"ts": np.repeat(days, rng.poisson(60, days.size))})
    busy = busy[busy["ts"] != pd.Timestamp("2024-06-12")]
    findings = mq.volume(busy, time="ts").findings
    assert [(f.severity, f.details["periods"]) for f in findings] == [("critical", ["2024-06-12"])]


def test_a_placeholder_date_does_not_stretch_the_series_and_sparse_shops_stay_quiet():
    import datetime as dt
    import time

    rng = np.random.default_rng(0)
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, 240), unit="D")
    log = pd.DataFrame({"ts": pd.Series(times).astype(object), "shop": rng.choice(list("abcdefghijklmnop"), 240)})
    log.loc[5, "ts"] = dt.datetime(1, 1, 1)
    started = time.perf_counter()
    report = mq.volume(log, time="ts", by="shop")
    assert time.perf_counter() - started < 5
    assert report.findings == []  # a row or two per shop and day: an empty day is no news
    assert report.notes[0] == "1 row with times far outside the rest (e.g. 0001-01-01) is not counted."
    assert len(report.to_json()) < 100_000
    with pytest.raises(ValueError, match="choose a longer freq"):
        mq.volume(pd.DataFrame({"ts": pd.date_range("2000-01-01", "2024-01-01", periods=5000)}), time="ts", freq="min")


@pytest.mark.parametrize(("freq", "gap"), [
    ("2D", ["2024-02-11"]), ("12h", ["2024-02-10 00:00", "2024-02-10 12:00", "2024-02-11 00:00",
                                     "2024-02-11 12:00", "2024-02-12 00:00", "2024-02-12 12:00"]),
    ("6h", None), ("MS", []), ("monthly", []), ("M", []), ("YS", []),
])
def test_every_spelling_and_multiple_of_a_frequency_counts_the_right_periods(freq, gap):
    rng = np.random.default_rng(0)
    hours = pd.date_range("2024-01-01", periods=24 * 120, freq="h")
    log = pd.DataFrame({"ts": np.repeat(hours, rng.poisson(20, hours.size))})
    log = log[~log["ts"].between("2024-02-10", "2024-02-12 23:59")]
    report = mq.volume(log, time="ts", freq=freq)
    counts = report.tables["counts"]
    assert counts["rows"].sum() == len(log)  # every row lands in one period
    missing = [p for f in report.findings if f.details["kind"] == "missing" for p in f.details["periods"]]
    if gap is not None:
        assert missing == gap
    else:
        assert len(missing) == 12 and missing[0] == "2024-02-10 00:00"
