"""inconsistent_categories: one category spelt several ways."""

from __future__ import annotations

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

