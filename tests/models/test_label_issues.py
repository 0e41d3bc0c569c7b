"""mq.label_issues (label_noise)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


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



def test_a_class_rarer_than_the_folds_reduces_them_and_a_single_row_class_is_named():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=100)})
    report = mq.label_issues(X, np.array(["x"] * 97 + ["y"] * 3))
    assert report.notes == ["3 folds instead of 5: class 'y' has only 3 rows."]
    with pytest.raises(ValueError, match="class 'y' of y has a single row"):
        mq.label_issues(X, np.array(["x"] * 99 + ["y"]))
