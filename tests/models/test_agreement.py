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



def test_krippendorffs_alpha_matches_the_textbook_and_free_text_labels_stay_fast():
    import time

    from mlqa_nb._models.agreement import krippendorff_alpha

    # Krippendorff (2011), nominal data, 4 coders x 12 units: alpha = 0.743
    data = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
            [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]]
    counts = np.array([[sum(v == c for v in row if v is not None) for c in range(1, 6)] for row in data], dtype=float)
    assert krippendorff_alpha(counts) == pytest.approx(0.743, abs=0.001)
    rng = np.random.default_rng(0)
    texts = [f"free text label number {i}" for i in range(3000)]
    labels = pd.DataFrame({a: rng.choice(texts, 1500) for a in "abc"})
    started = time.perf_counter()
    report = mq.agreement(labels)
    assert time.perf_counter() - started < 5
    assert report.tables["annotators"]["kappa_with_others"].abs().max() < 0.1  # random labels agree by chance only
