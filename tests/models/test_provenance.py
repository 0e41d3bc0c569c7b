"""Reports made from a model say which model, with which parameters, scored what."""

from __future__ import annotations

import json

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import mlqa_nb as mq


def test_the_test_score_of_a_model_is_saved_beside_its_report(tmp_path):
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0)).fit(X[::2], y[::2])
    report = mq.evaluate(model, X[1::2], y[1::2])
    block = report.provenance["model"]
    assert block["class"] == "StandardScaler > LogisticRegression" and block["fitted"] is True
    assert block["score"] == report.tables["metrics"].iloc[0].to_dict()
    saved = json.loads(report.to_json())["provenance"]["model"]
    assert saved["params_hash"] == block["params_hash"] and saved["score"]["roc_auc"] > 0.9
    same = make_pipeline(StandardScaler(), LogisticRegression(C=1.0))
    other = make_pipeline(StandardScaler(), LogisticRegression(C=0.01))
    assert mq.baselines(same, X, y, cv=3).provenance["model"]["params_hash"] == block["params_hash"]
    assert mq.baselines(other, X, y, cv=3).provenance["model"]["params_hash"] != block["params_hash"]
    changed = mq.compare_models(model, other.fit(X[::2], y[::2]), X[1::2])
    assert changed.provenance["old"]["params_hash"] == block["params_hash"]
    assert changed.provenance["new"]["score"]["changed_rate"] == changed.findings[0].details["rate"]
