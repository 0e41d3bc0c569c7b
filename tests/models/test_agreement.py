"""mq.agreement (label_disagreement)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


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

