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

