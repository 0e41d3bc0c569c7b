"""leakage: a feature that alone predicts the target."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import only

import mlqa_nb as mq


def test_leaky_feature_named_and_honest_ones_not():
    rng = np.random.default_rng(0)
    n = 5000
    y = rng.random(n) < 0.2
    df = pd.DataFrame({
        "honest": rng.normal(size=n) + y * 0.8,
        "refund_issued": np.where(y, "yes", "no"),
        "label": y,
    })
    findings = only(mq.profile(df, target="label"), "leakage")
    assert [f.columns[0] for f in findings] == ["refund_issued"]
    assert findings[0].severity == "critical"


def test_leakage_for_regression_and_ids_do_not_leak():
    rng = np.random.default_rng(0)
    n = 5000
    price = rng.lognormal(10, 0.5, n)
    df = pd.DataFrame({"price": price, "price_per_100": price / 100 + rng.normal(0, 1e-3, n),
                       "listing_id": [f"L{i}" for i in range(n)], "rooms": rng.integers(1, 6, n)})
    findings = only(mq.profile(df, target="price"), "leakage")
    assert [f.columns[0] for f in findings] == ["price_per_100"]



def test_a_strong_but_imperfect_feature_is_info_not_a_leak():
    from sklearn.datasets import load_breast_cancer

    df = load_breast_cancer(as_frame=True).frame
    findings = only(mq.profile(df, target="target"), "leakage")
    assert findings and {f.severity for f in findings} == {"info"}
    assert "strong single predictor" in findings[0].message
    assert findings[0].details["score"] < 0.99
