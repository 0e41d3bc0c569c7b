"""inconsistent_categories: one category spelt several ways."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import clean_frame, only

import mlqa_nb as mq


def test_spelling_variants_are_grouped():
    df = clean_frame(2000)
    df.loc[[1, 2, 3, 4], "city"] = ["paris", "PARIS ", "Marseile", "Lyon."]
    finding = only(mq.profile(df), "inconsistent_categories")[0]
    assert finding.details["mapping"] == {"paris": "Paris", "PARIS ": "Paris", "Lyon.": "Lyon", "Marseile": "Marseille"}
    assert set(finding.rows) == {1, 2, 3, 4}


def test_distinct_codes_are_not_merged():
    df = pd.DataFrame({"model": ["model 2", "model 3", "Model 20"] * 50 + ["model 2b"]})
    assert only(mq.profile(df), "inconsistent_categories") == []



def test_typing_slips_in_a_short_list_are_merged_but_other_words_are_not():
    rng = np.random.default_rng(0)
    n = 2000
    df = pd.DataFrame({
        "class": rng.choice(["compact", "pickup", "suv", "midsize"], n),
        "finish": rng.choice(["Finished", "Unfinished", "Rough Finished"], n, p=[0.5, 0.45, 0.05]),
        "side": rng.choice(["North Side", "South Side", "West End"], n, p=[0.9, 0.06, 0.04]),
        "kind": rng.choice(["Type A", "Type B"], n, p=[0.95, 0.05]),
    })
    df.loc[[4, 8], "class"] = "compcat"
    df.loc[[15], "class"] = "picukp"
    findings = only(mq.profile(df), "inconsistent_categories")
    assert [f.columns for f in findings] == [("class",)]
    assert findings[0].details["mapping"] == {"compcat": "compact", "picukp": "pickup"}
    assert set(findings[0].rows) == {4, 8, 15}
