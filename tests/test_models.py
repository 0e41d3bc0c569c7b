"""Models and labels: baselines, evaluation, version changes, annotators, noisy labels."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

import mlqa_nb as mq


def linear_data(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n), "c": rng.normal(size=n)})
    y = (X.a + 0.5 * X.b + rng.normal(size=n) > 0).map({True: "yes", False: "no"})
    return X, y


def interaction_data(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = ((X.a > 0) ^ (X.b > 0)).astype(int)  # XOR: invisible to a linear model
    return X, y


def test_a_model_no_better_than_logistic_regression_is_called_out():
    X, y = linear_data()
    finding = mq.baselines(HistGradientBoostingClassifier(max_iter=50, random_state=0), X, y).findings[0]
    assert finding.check == "baseline_comparison"
    assert finding.details["verdict"] in ("negligible", "negative")
    assert finding.details["best_baseline"] == "logistic regression"
    assert finding.severity in ("warning", "critical")


def test_a_model_that_clearly_wins_is_not_called_out():
    X, y = interaction_data()
    report = mq.baselines(HistGradientBoostingClassifier(max_iter=50, random_state=0), X, y, cv=3)
    finding = report.findings[0]
    assert finding.details["verdict"] == "real" and finding.severity == "info"
    scores = report.tables["scores"].set_index("model")
    assert scores.loc["majority class", "roc_auc"] == pytest.approx(0.5)
    assert {"pr_auc", "roc_auc_low", "roc_auc_high", "fit_seconds"} <= set(scores.columns)
    json.dumps(report.to_dict(), allow_nan=False)
    assert "<svg" in report.to_html()


def test_regression_multiclass_numpy_and_pipelines():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 3))
    y = X[:, 0] * 3 + rng.normal(size=600)
    report = mq.baselines(RandomForestRegressor(n_estimators=20, random_state=0), X, y, cv=3)
    assert set(report.tables["scores"]["model"]) == {"model", "mean", "median", "linear (ridge)"}
    assert report.findings[0].details["metric"] == "mae"
    frame = pd.DataFrame({"zone": rng.choice(["n", "s", "e"], 600), "x": rng.normal(size=600)})
    classes = np.where(frame.x > 0.5, "high", np.where(frame.x < -0.5, "low", "mid"))
    pipe = make_pipeline(make_column_transformer((OneHotEncoder(), ["zone"]), remainder="passthrough"),
                         DecisionTreeClassifier(max_depth=3, random_state=0))
    multi = mq.baselines(pipe, frame, classes, cv=3)
    assert multi.findings[0].details["metric"] == "balanced_accuracy"


def test_text_baselines_and_ranking():
    rng = np.random.default_rng(0)
    words = {"sport": "match goal team score", "food": "pizza pasta cheese oven"}
    labels = rng.choice(list(words), 400)
    docs = [" ".join(rng.choice(words[label].split(), 3)) + " today" for label in labels]
    X = pd.DataFrame({"doc": docs, "length": [len(d) for d in docs]})
    pipe = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["doc"])), LogisticRegression())
    report = mq.baselines(pipe, X, labels, text="doc", cv=3)
    assert {"keywords", "tf-idf + logistic regression"} <= set(report.tables["scores"]["model"])
    users, items = rng.integers(0, 60, 3000), rng.integers(0, 40, 3000)
    inter = pd.DataFrame({"user": users, "item": items})
    liked = (rng.random(3000) < np.where(items < 5, 0.8, 0.05)).astype(int)  # five items everyone likes
    ranked = mq.baselines(LogisticRegression(), inter, liked, task="ranking", user="user", item="item", k=5, cv=3)
    scores = ranked.tables["scores"].set_index("model")
    assert scores.loc["most popular", "ndcg"] > scores.loc["random", "ndcg"]
    with pytest.raises(KeyError, match="needs user="):
        mq.baselines(LogisticRegression(), inter, liked, task="ranking", item="item")


class Broken(BaseEstimator, ClassifierMixin):
    def fit(self, X, y):
        raise ValueError("no convergence on purpose")


def test_errors_name_the_model_and_the_reason():
    X, y = linear_data(200)
    with pytest.raises(RuntimeError, match=r"model 'model' Broken failed to fit: ValueError: no convergence on purpose"):
        mq.baselines(Broken(), X, y)
    with pytest.raises(ValueError, match="X has 200 rows but y has 3"):
        mq.baselines(LogisticRegression(), X, [1, 0, 1])
    with pytest.raises(TypeError, match="must have a fit method"):
        mq.baselines("not a model", X, y)
    with pytest.raises(ValueError, match="The 'cv' parameter of baselines must be an int >= 2. Got 1 instead."):
        mq.baselines(LogisticRegression(), X, y, cv=1)


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


def test_the_inconsistent_annotator_is_named():
    rng = np.random.default_rng(0)
    truth = rng.choice(["sharp", "blurry", "ok"], 400)
    labels = pd.DataFrame({a: np.where(rng.random(400) < 0.92, truth, rng.choice(["sharp", "blurry", "ok"], 400))
                           for a in ["ana", "ben", "cho", "dev"]})
    labels["eve"] = np.where(rng.random(400) < 0.35, truth, rng.choice(["sharp", "blurry", "ok"], 400))
    labels.loc[labels.index[:50], "ben"] = None  # not every item is labelled by everyone
    report = mq.agreement(labels)
    named = [f for f in report.findings if f.details.get("annotator")]
    assert [f.details["annotator"] for f in named] == ["eve"]
    good = mq.agreement(labels.drop(columns="eve"))
    assert not [f for f in good.findings if f.severity != "info"]
    assert len(report.tables["pairs"]) == 10
    with pytest.raises(ValueError, match="at least two"):
        mq.agreement(labels[["ana"]])


def test_flipped_labels_are_mostly_recovered_with_few_false_alarms():
    rng = np.random.default_rng(0)
    n = 2000
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = np.where(X.a + X.b > 0, "cat", "dog")
    flipped = rng.choice(n, 60, replace=False)
    noisy = y.copy()
    noisy[flipped] = np.where(y[flipped] == "cat", "dog", "cat")
    finding = mq.label_issues(X, noisy).findings[0]
    found = set(finding.rows)
    # flips right at the class boundary cannot be told from honest labels
    assert len(found & set(flipped)) >= 0.6 * len(flipped)
    assert len(found - set(flipped)) <= len(flipped) / 3


def test_regression_label_issues_within_groups():
    rng = np.random.default_rng(0)
    n = 1500
    X = pd.DataFrame({"size": rng.uniform(30, 150, n), "city": rng.choice(["x", "y"], n)})
    y = X["size"] * 100 + rng.normal(0, 200, n)
    y[[5, 50, 500]] *= 3  # asking price typed in place of the sale price
    finding = mq.label_issues(X, y, by="city").findings[0]
    assert {5, 50, 500} <= set(finding.rows)
    assert len(finding.rows) <= 10
