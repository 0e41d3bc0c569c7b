"""range_violation: user rules, implausible values, dates in the future."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame, only

import mlqa_nb as mq


def test_user_rules_and_implausible_values():
    df = clean_frame(1000)
    df.loc[[1, 2], "height_cm"] = [20.0, 300.0]
    df.loc[[3], "price"] = -10.0
    df.loc[[4], "age"] = 150
    report = mq.profile(df, rules={"height_cm": (100, 230)})
    found = {f.columns[0]: f for f in only(report, "range_violation")}
    assert set(found["height_cm"].rows) == {1, 2}
    assert set(found["price"].rows) == {3}
    assert set(found["age"].rows) == {4}


def test_expression_rules_and_future_dates():
    df = pd.DataFrame({"start": [1, 2, 3, 4] * 10, "end": [2, 3, 1, 5] * 10,
                       "when": pd.date_range("2020-01-01", periods=40, freq="D")})
    df.loc[39, "when"] = pd.Timestamp("2099-01-01")
    report = mq.profile(df, rules=["end >= start"])
    expression = [f for f in only(report, "range_violation") if f.details["kind"] == "expression"][0]
    assert set(expression.rows) == set(range(2, 40, 4))
    future = [f for f in only(report, "range_violation") if f.details["kind"] == "future"][0]
    assert future.rows == (39,)


def test_bad_rules_give_clear_errors():
    df = clean_frame(100)
    with pytest.raises(KeyError, match="rules='heigth'"):
        mq.profile(df, rules={"heigth": (0, 1)})
    with pytest.raises(ValueError, match="low, high"):
        mq.profile(df, rules={"height_cm": (0, 1, 2)})
    with pytest.raises(ValueError, match="could not be evaluated"):
        mq.profile(df, rules=["nonsense >>> 3"])



def test_standardised_features_are_not_impossible_ages():
    from sklearn.datasets import load_diabetes

    df = load_diabetes(as_frame=True).frame  # every feature centred and scaled
    assert only(mq.profile(df), "range_violation") == []
    raw = pd.DataFrame({"age": np.r_[np.random.default_rng(0).integers(18, 90, 400), [-1, 150]]})
    assert [f.rows for f in only(mq.profile(raw), "range_violation")] == [(400, 401)]


def test_swapped_values_break_a_relation_the_data_states():
    rng = np.random.default_rng(0)
    n = 400
    low = rng.normal(10, 4, n)
    df = pd.DataFrame({"min_temp": low, "max_temp": low + rng.gamma(4, 2, n),
                       "body_mass_g": rng.normal(4200, 500, n), "flipper_length_mm": rng.normal(200, 12, n)})
    df.loc[[7, 99], ["min_temp", "max_temp"]] = df.loc[[7, 99], ["max_temp", "min_temp"]].to_numpy()
    df.loc[[150, 151], ["body_mass_g", "flipper_length_mm"]] = df.loc[[150, 151], ["flipper_length_mm", "body_mass_g"]].to_numpy()
    swaps = {f.columns: f for f in only(mq.profile(df), "range_violation")}
    assert set(swaps) == {("max_temp", "min_temp"), ("body_mass_g", "flipper_length_mm")}
    assert set(swaps[("max_temp", "min_temp")].rows) == {7, 99}
    assert set(swaps[("body_mass_g", "flipper_length_mm")].rows) == {150, 151}
    assert all(f.details["kind"] == "swap" and "swapped" in f.message for f in swaps.values())
    # the swapped body masses are far outside their column too: one finding says both
    assert not [f for f in only(mq.profile(df), "outliers") if set(f.rows) <= {150, 151}]


def test_orders_that_hold_by_chance_or_only_mostly_are_not_rules():
    from sklearn.datasets import load_breast_cancer, load_wine

    for loader in (load_breast_cancer, load_wine):
        assert only(mq.profile(loader(as_frame=True).frame), "range_violation") == []
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, 500), unit="D")
    df = pd.DataFrame({"start": start, "end": start + pd.to_timedelta(rng.integers(1, 30, 500), unit="D")})
    assert only(mq.profile(df), "range_violation") == []
    df.loc[[3, 4, 5, 6, 8] + list(range(20, 60)), "end"] = df["start"] - pd.Timedelta(days=5)  # 9%: no rule
    assert only(mq.profile(df), "range_violation") == []
    df = df.assign(end=df["start"] + pd.Timedelta(days=3))
    df.loc[[11, 12], "end"] = df.loc[[11, 12], "start"] - pd.Timedelta(days=40)
    assert [f.rows for f in only(mq.profile(df), "range_violation")] == [(11, 12)]
