"""mq.profile as a whole: clean data stays quiet, arguments are checked, options and engines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import alarms, clean_frame

import mlqa_nb as mq


def test_clean_data_raises_no_alarm(clean):
    report = mq.profile(clean, target="label")
    assert alarms(report) == [], repr(report)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clean_data_stays_quiet_across_seeds(seed):
    df = clean_frame(n=20_000, seed=seed)
    assert alarms(mq.profile(df, target="label")) == []


def test_many_normal_columns_stay_quiet():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.normal(size=(10_000, 200)), columns=[f"c{i}" for i in range(200)])
    assert mq.profile(df).findings == []


def test_wrong_arguments_name_the_argument(clean):
    with pytest.raises(TypeError, match="df must be a pandas or polars DataFrame, got list"):
        mq.profile([1, 2, 3])
    with pytest.raises(KeyError, match="target='lable' is not a column"):
        mq.profile(clean, target="lable")
    with pytest.raises(KeyError, match="important='nope'"):
        mq.profile(clean, important=["nope"])
    with pytest.raises(ValueError, match="unknown check id"):
        mq.profile(clean, checks=["outlier"])
    with pytest.raises(TypeError, match="checks must be a list"):
        mq.profile(clean, checks="outliers")
    with pytest.raises(ValueError, match="has no option 'z'"):
        mq.profile(clean, options={"outliers": {"z": 3}})
    with pytest.raises(ValueError, match="names 2 columns"):
        mq.profile(pd.DataFrame([[1, 2]], columns=["a", "a"]), target="a")


def test_checks_skip_and_options_change_what_runs():
    df = clean_frame(2000)
    df.loc[[1, 2], "weight_kg"] = [300.0, 310.0]
    assert {f.check for f in mq.profile(df, checks=["outliers"]).findings} == {"outliers"}
    assert not mq.profile(df, skip=["outliers"]).filter(check="outliers")
    strict = mq.profile(df, checks=["outliers"], options={"outliers": {"z_threshold": 50.0}})
    assert not strict.findings


def test_polars_frames_are_accepted():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"a": [1.0, 2.0, 3.0] * 20 + [1e6], "y": [0, 1, 0] * 20 + [1]})
    report = mq.profile(df, target="y")
    assert report.filter(check="outliers")[0].rows == (60,)


def test_time_column_is_validated_and_its_span_noted(clean):
    report = mq.profile(clean, time="signup")
    assert any("rows span 2022-01-01" in note for note in report.notes)
    with pytest.raises(KeyError, match="time='when'"):
        mq.profile(clean, time="when")


def test_a_time_column_without_times_is_named(clean):
    with pytest.raises(TypeError, match="time='city' must hold dates or times"):
        mq.profile(clean, time="city")



def test_polars_128_bit_integers_are_profiled():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"big": pl.Series([2**100, 1, 2] * 20, dtype=pl.Int128), "v": list(range(60))})
    report = mq.profile(df)
    assert report.title.startswith("profile of df (60 rows x 2 columns)")
    assert mq.drift(df, df).filter(severity="warning") == []
