"""mq.latency (latency): single-row and batch timings against a budget."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq

FAST = {"latency": {"repeats": 30, "warmup": 2, "batch_size": 200, "batch_repeats": 2}}


class SlowPerRow:
    """Takes ``ms`` milliseconds per call, whatever the number of rows."""

    def __init__(self, ms):
        self.ms, self.coef_ = ms, np.ones(1)

    def predict(self, X):
        time.sleep(self.ms / 1000)
        return np.zeros(len(X))


def frame(n=50):
    return pd.DataFrame({"a": np.arange(n, dtype=float), "b": np.arange(n) % 3})


def test_a_model_over_its_budget_is_a_warning_with_the_slow_calls_marked():
    report = mq.latency(SlowPerRow(6), frame(), budget_ms=2, options=FAST)
    (finding,) = report.findings
    assert finding.check == "latency" and finding.severity == "warning"
    assert finding.details["single_row_p50_ms"] >= 6 and finding.details["single_row_p95_ms"] > 2
    assert finding.details["count"] == 30 and finding.details["rate"] == 1.0  # every call over budget
    assert "over the budget of 2 ms" in finding.message
    assert finding.figure.bounds and finding.figure.flagged  # the budget line and the slow calls
    table = report.tables["latency"].iloc[0]
    # 200 rows per call of about 6 ms: a few tens of thousands of rows per second, not millions
    assert 5_000 < table["batch_rows_per_second"] < 40_000
    assert report.provenance["model"]["class"] == "SlowPerRow"


def test_a_fast_model_within_budget_is_information_only():
    from sklearn.linear_model import LogisticRegression

    X = frame(200)
    model = LogisticRegression().fit(X, X["b"] == 1)
    (finding,) = mq.latency(model, X, budget_ms=1000, options=FAST).findings
    assert finding.severity == "info" and "Within the budget of 1,000 ms" in finding.message
    assert finding.details["count"] == 0
    assert mq.latency(model, X, method="predict_proba", options=FAST).findings[0].details["budget_ms"] is None


def test_latency_errors_name_the_argument():
    with pytest.raises(ValueError, match="'budget_ms' parameter of check 'latency' must be"):
        mq.latency(SlowPerRow(0), frame(), budget_ms=-5)
    with pytest.raises(TypeError, match="has no predict_proba method"):
        mq.latency(SlowPerRow(0), frame(), method="predict_proba")
    with pytest.raises(TypeError, match="'method' parameter of latency must be one of"):
        mq.latency(SlowPerRow(0), frame(), method="score")
    with pytest.raises(ValueError, match="X has no rows"):
        mq.latency(SlowPerRow(0), frame().iloc[:0])
