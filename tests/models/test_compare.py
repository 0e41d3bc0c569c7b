"""mq.compare_models (model_change)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import linear_data
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

import mlqa_nb as mq


def test_a_planted_30_percent_change_is_measured_as_30_percent():
    X, y = linear_data(5000)
    old = LogisticRegression().fit(X, y)

    class Changed(BaseEstimator, ClassifierMixin):
        def predict(self, X):
            pred = old.predict(X)
            flip = np.arange(len(X)) % 10 < 3
            return np.where(flip, np.where(pred == "yes", "no", "yes"), pred)

    report = mq.compare_models(old, Changed(), X, y)
    change = report.findings[0]
    assert change.details["rate"] == pytest.approx(0.3, abs=0.001)
    assert change.severity == "critical"
    winners = report.filter(check="model_change")[1]
    assert winners.details["winner"] == "old"
    same = mq.compare_models(old, old, X)
    assert same.findings[0].details["rate"] == 0 and same.findings[0].severity == "info"

