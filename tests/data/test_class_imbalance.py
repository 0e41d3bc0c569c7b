"""class_imbalance: a rare target class."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame, only

import mlqa_nb as mq


def test_class_imbalance_levels():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=10_000), "y": (rng.random(10_000) < 0.03).astype(int)})
    finding = only(mq.profile(df, target="y"), "class_imbalance")[0]
    assert finding.severity == "warning" and finding.details["rate"] == pytest.approx(df.y.mean())
    df.loc[:, "y"] = 0
    df.loc[[1, 2, 3], "y"] = 1
    assert only(mq.profile(df, target="y"), "class_imbalance")[0].severity == "critical"


def test_balanced_or_regression_targets_are_quiet():
    df = clean_frame(2000)
    assert only(mq.profile(df, target="label"), "class_imbalance") == []
    assert only(mq.profile(df, target="price"), "class_imbalance") == []

