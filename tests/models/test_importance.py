"""mq.importance (feature_importance): permutation importance, expected leaders, unused features."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

import mlqa_nb as mq


def signal_and_noise(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 6)), columns=["price", "visits", "age", "noise_a", "noise_b", "noise_c"])
    y = (2 * X["price"] - X["visits"] + 0.5 * X["age"] + rng.normal(size=n) > 0).astype(int)
    return X, y


def test_the_features_that_matter_lead_and_the_noise_is_a_candidate_for_removal():
    X, y = signal_and_noise()
    model = LogisticRegression().fit(X[:3000], y[:3000])
    report = mq.importance(model, X[3000:], y[3000:], expected_top=["price", "visits"],
                           costs={"noise_a": 2.0, "noise_b": 1.5})
    table = report.tables["importance"]
    assert table["feature"].head(3).tolist() == ["price", "visits", "age"]
    assert (table["low"] <= table["mean"]).all() and (table["mean"] <= table["high"]).all()
    (unused,) = report.findings
    assert unused.severity == "info" and set(unused.columns) == {"noise_a", "noise_b", "noise_c"}
    assert unused.details["cost_ms"] == 3.5 and "3.5 ms per row" in unused.message
    assert report.figures["importance"].labels[0] == "price"
    assert report.provenance["model"]["class"] == "LogisticRegression"


def test_an_expected_feature_the_model_ignores_is_a_warning():
    X, y = signal_and_noise()
    report = mq.importance(LogisticRegression(), X, y, expected_top=["noise_a"])  # unfitted: fitted on 75%
    warning = [f for f in report.findings if f.severity == "warning"]
    assert [f.columns for f in warning] == [("noise_a",)]
    assert warning[0].details["rank"] > 3 and "'price'" in warning[0].message
    assert "noise_a" not in report.findings[-1].columns  # expected features are not called unused
    assert any("held out" in note for note in report.notes)
    assert report.figures["importance"].highlight == "noise_a"


def test_importance_errors():
    X, y = signal_and_noise(300)
    with pytest.raises(KeyError, match="expected_top names 'height', not columns of X"):
        mq.importance(LogisticRegression(), X, y, expected_top="height")
    with pytest.raises(ValueError, match="'n_repeats' parameter of check 'feature_importance' must be an int >= 2"):
        mq.importance(LogisticRegression(), X, y, options={"feature_importance": {"n_repeats": 1}})
