"""mq.baselines (baseline_comparison): the model against simple baselines on the same folds."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import interaction_data, linear_data
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

import mlqa_nb as mq


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



def test_a_classifier_s_baselines_come_with_out_of_fold_reliability_curves():
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    report = mq.baselines(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=3)
    figure = report.figures["reliability"]
    # the majority class gives one probability, the stratified guess only 0 or 1: no curve to draw
    assert figure.labels == ("model", "logistic regression") and figure.highlight == "model"
    assert figure.what == "class '1'"
    for predicted, observed, counts in zip(figure.predicted, figure.observed, figure.counts):
        assert len(predicted) == len(observed) == len(counts) >= 2 and sum(counts) == len(y)
        assert all(0 <= v <= 1 for v in (*predicted, *observed))
    # a well-separated, regularised logistic regression is close to calibrated at the ends
    assert figure.observed[0][0] < 0.1 and figure.observed[0][-1] > 0.9
    ax = report.plot("reliability")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["model", "logistic regression"]


def test_reliability_of_more_than_two_classes_is_of_the_predicted_class():
    from mlqa_nb._models.reliability import outcome_and_probability

    classes = np.array(["a", "b", "c"])
    proba = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]])
    outcome, probability = outcome_and_probability(np.array(["a", "b", "b"]), proba, classes)
    assert outcome.tolist() == [1.0, 0.0, 1.0] and probability.tolist() == [0.7, 0.6, 0.5]


def test_a_regressor_s_baselines_have_no_reliability_figure():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True, as_frame=True)
    assert mq.baselines(RandomForestRegressor(n_estimators=10, random_state=0), X, y, cv=3).figures == {}
