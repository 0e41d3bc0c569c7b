"""mq.evaluate (error_tail, weak_segments, fairness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

import mlqa_nb as mq


def zones(n=6000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"size": rng.uniform(30, 200, n), "zone": rng.choice(["center", "north", "south", "east"], n),
                      "rooms": rng.integers(1, 6, n)})
    price = X["size"] * 3000 + rng.normal(0, 15000, n)
    y = price + np.where(X.zone == "east", rng.normal(0, 150_000, n), 0)
    model = make_pipeline(make_column_transformer((OneHotEncoder(), ["zone"]), remainder="passthrough"),
                          RandomForestRegressor(n_estimators=30, random_state=0))
    model.fit(X[: n // 2], y[: n // 2])
    return model, X[n // 2 :], y[n // 2 :]


def test_the_weak_zone_is_named_and_the_error_tail_measured():
    model, X, y = zones()
    report = mq.evaluate(model, X, y)
    weak = report.filter(check="weak_segments")
    assert [f.details["slice"] for f in weak] == [{"zone": "east"}]
    assert set(X.loc[list(weak[0].rows), "zone"]) == {"east"}
    tail = report.filter(check="error_tail")[0]
    assert tail.details["within_tolerance"] == pytest.approx(report.tables["metrics"].within_tolerance[0])


def test_fairness_gaps_and_concentration():
    rng = np.random.default_rng(0)
    n = 4000
    X = pd.DataFrame({"score": rng.normal(size=n), "group": rng.choice(["a", "b"], n),
                      "person": rng.integers(0, 400, n)})
    y = (X.score > 0).astype(int)

    class Biased(BaseEstimator, ClassifierMixin):
        def fit(self, X, y):
            self.classes_ = np.array([0, 1])
            return self

        def predict(self, X):
            return ((X["score"] > 0) & ((X["group"] == "a") | (X["person"] < 20))).astype(int).to_numpy()

    report = mq.evaluate(Biased().fit(X, y), X, y, sensitive="group", individual="person", slices=[])
    kinds = {f.details["kind"] for f in report.filter(check="fairness")}
    assert {"selection_rate", "metric_gap"} <= kinds
    fair = mq.evaluate(LogisticRegression().fit(X[["score"]], y), X[["score"]], y, sensitive=X.group, slices=[])
    assert fair.filter(check="fairness") == []



def test_a_classifier_s_evaluation_has_its_confusion_matrix_as_table_and_figure():
    from sklearn.datasets import load_wine
    from sklearn.metrics import confusion_matrix

    X, y = load_wine(return_X_y=True, as_frame=True)
    y = y.map({0: "<b>barolo</b>", 1: "grignolino", 2: "barbera"})
    model = LogisticRegression(max_iter=200).fit(X.iloc[::2], y.iloc[::2])  # too few iterations: some mistakes
    report = mq.evaluate(model, X.iloc[1::2], y.iloc[1::2])
    classes = sorted(y.unique())
    counts = confusion_matrix(y.iloc[1::2], model.predict(X.iloc[1::2]), labels=classes)
    assert report.tables["confusion"].to_numpy().tolist() == counts.tolist()
    figure = report.figures["confusion"]
    assert figure.rows == tuple(classes) and figure.columns == tuple(classes)
    shares = np.asarray(figure.values)
    assert np.allclose(shares.sum(axis=1), 1) and np.allclose(shares, counts / counts.sum(axis=1, keepdims=True))
    html = report.to_html()
    assert "&lt;b&gt;barolo&lt;/b&gt;" in html and "<b>barolo" not in html
    assert 'report.plot("confusion")' in html and html.count('aria-label="heatmap"') == 1


def test_a_regressor_s_evaluation_has_no_confusion_matrix():
    model, X, y = zones(800)
    report = mq.evaluate(model, X, y)
    assert "confusion" not in report.figures and "confusion" not in report.tables
    with pytest.raises(KeyError, match="no figure 'confusion'"):
        report.plot("confusion")
