"""mq.expect (expectation): monotonicity, invariance, fixed outputs and spread of a fitted model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestClassifier
from sklearn.pipeline import make_pipeline

import mlqa_nb as mq


@pytest.fixture(scope="module")
def penguins():
    from palmerpenguins import load_penguins

    return load_penguins().dropna().reset_index(drop=True)


MEASURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]


def test_a_boosted_model_breaks_monotonicity_and_a_constrained_one_does_not(penguins):
    X, y = penguins[MEASURES], penguins["body_mass_g"]
    rule = [{"monotonic": "flipper_length_mm", "direction": "increasing"}]
    free = HistGradientBoostingRegressor(random_state=0).fit(X, y)
    (finding,) = mq.expect(free, X, rule).findings
    assert finding.check == "expectation" and finding.columns == ("flipper_length_mm",)
    example = finding.details["example"]
    assert example["value_after"] > example["value_before"]
    assert example["prediction_after"] < example["prediction_before"]  # the wrong way, as the rows say
    up = X.loc[[example["row"]]].assign(flipper_length_mm=example["value_after"])
    assert free.predict(up)[0] == pytest.approx(example["prediction_after"])
    assert finding.details["count"] == len(finding.rows) > 0
    constrained = HistGradientBoostingRegressor(random_state=0, monotonic_cst=[0, 0, 1]).fit(X, y)
    report = mq.expect(constrained, X, rule)
    assert report.findings == [] and report.tables["rules"]["count"].tolist() == [0]


def test_invariance_is_broken_only_by_a_model_that_reads_the_column(penguins):
    X, y = penguins[[*MEASURES, "island"]], penguins["species"]
    rule = [{"invariant": "island", "values": ["Biscoe", "Dream", "Torgersen"]}]
    blind = make_pipeline(make_column_transformer(("passthrough", MEASURES)),
                          RandomForestClassifier(n_estimators=30, random_state=0)).fit(X, y)
    assert mq.expect(blind, X, rule).findings == []
    encoded = X.assign(island=X["island"].map({"Biscoe": 0, "Dream": 1, "Torgersen": 2}))
    reading = RandomForestClassifier(n_estimators=30, random_state=0).fit(encoded, y)
    (finding,) = mq.expect(reading, encoded, [{"invariant": "island", "values": [0, 1, 2]}]).findings
    assert finding.details["example"]["prediction_before"] != finding.details["example"]["prediction_after"]


def test_fixed_outputs_and_spread(penguins):
    X, y = penguins[MEASURES], penguins["species"]
    model = RandomForestClassifier(n_estimators=50, random_state=0).fit(X, y)
    rows = X.iloc[[0, 200, 300]]
    truth = model.predict(rows).tolist()
    good = [{"fixed": rows, "expected": truth},
            {"fixed": rows, "expected": [{"in_top": truth[0], "k": 1}, (0.5, 1.0), truth[2]],
             "target_class": truth[1]},
            {"spread": {"min_share": 0.05}}]
    assert mq.expect(model, X, good).findings == []
    wrong = truth[:2] + ["Adelie" if truth[2] != "Adelie" else "Gentoo"]
    (finding,) = mq.expect(model, X, [{"fixed": rows, "expected": wrong}]).findings
    assert finding.rows == (300,) and finding.details["example"]["got"] == truth[2]

    class Collapsed:
        classes_ = np.array(["Adelie", "Chinstrap", "Gentoo"])

        def predict(self, X):
            return np.full(len(X), "Adelie")

    (spread,) = mq.expect(Collapsed(), X, [{"spread": {"min_share": 0.05}}]).findings
    assert "collapses onto 'Adelie'" in spread.message and spread.details["count"] == 2


def test_rules_are_checked_with_errors_that_name_the_rule(penguins):
    X = penguins[MEASURES]
    model = HistGradientBoostingRegressor(max_iter=5).fit(X, penguins["body_mass_g"])
    with pytest.raises(ValueError, match="rule 0 must have exactly one of the keys"):
        mq.expect(model, X, [{"monotone": "flipper_length_mm"}])
    with pytest.raises(ValueError, match=r"rule 1 \(monotonic\) has unknown keys \['dirction'\]"):
        mq.expect(model, X, [{"spread": {}}, {"monotonic": "flipper_length_mm", "dirction": "up"}])
    with pytest.raises(KeyError, match="rule 0 names 'wing', not a column of X"):
        mq.expect(model, X, [{"invariant": "wing", "values": [1]}])
    with pytest.raises(ValueError, match="one item per row of 'fixed'"):
        mq.expect(model, X, [{"fixed": X.iloc[:2], "expected": [1.0]}])
    with pytest.raises(TypeError, match="rules must be a list of dicts"):
        mq.expect(model, X, "monotonic")
    before = X.copy()
    mq.expect(model, X, [{"monotonic": "flipper_length_mm"}, {"invariant": "bill_depth_mm", "values": [0.0]}])
    pd.testing.assert_frame_equal(X, before)  # perturbed copies only
