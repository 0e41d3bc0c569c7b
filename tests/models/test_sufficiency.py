"""mq.sufficiency (data_sufficiency): learning curve, answers that change, where more data stops paying."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

import mlqa_nb as mq


def test_a_simple_problem_settles_early_and_says_from_what_size():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(20_000, 3)), columns=["a", "b", "c"])
    y = (X["a"] + X["b"] + rng.normal(size=len(X)) > 0).astype(int)
    report = mq.sufficiency(LogisticRegression(), X, y)
    (finding,) = report.findings
    curve = report.tables["learning_curve"]
    assert finding.severity == "info" and finding.details["verdict"] == "settled"
    assert finding.details["enough_rows"] < curve["size"].max()
    assert curve["size"].tolist() == sorted(curve["size"]) and curve["size"].iloc[-1] == 13_333
    assert curve["changed"].iloc[1:].max() < 0.05
    assert report.provenance["model"]["score"]["roc_auc"] == pytest.approx(curve["score"].iloc[-1])


def test_a_problem_the_model_has_not_learned_yet_still_pays():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.uniform(-1, 1, size=(6000, 4)), columns=list("abcd"))
    y = (np.sin(4 * X["a"]) * np.cos(4 * X["b"]) + 0.5 * np.sin(5 * X["c"]) > 0).astype(int)
    report = mq.sufficiency(HistGradientBoostingClassifier(random_state=0), X, y)
    (finding,) = report.findings
    assert finding.severity == "warning" and finding.details["verdict"] == "still_paying"
    curve = report.tables["learning_curve"]
    assert curve["score"].is_monotonic_increasing  # every doubling helped
    assert finding.figure.series["roc_auc"] == tuple(curve["score"])


def test_sufficiency_errors():
    X = pd.DataFrame({"a": np.arange(50.0)})
    with pytest.raises(ValueError, match="'cv' parameter of sufficiency must be an int >= 2"):
        mq.sufficiency(LogisticRegression(), X, np.arange(50) % 2, cv=1)
    with pytest.raises(ValueError, match="X has 50 rows but y has 10"):
        mq.sufficiency(LogisticRegression(), X, np.arange(10) % 2)
