"""duplicates: exact duplicate rows and repeated key values."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import clean_frame, only

import mlqa_nb as mq


def test_duplicate_rows_found_exactly():
    df = clean_frame(1000)
    df = pd.concat([df, df.iloc[[10, 20, 20]]], ignore_index=True)
    finding = only(mq.profile(df), "duplicates")[0]
    assert finding.severity == "warning"
    assert finding.details["count"] == 3
    assert set(finding.rows) == {1000, 1001, 1002}


def test_duplicated_key_values():
    df = clean_frame(1000)
    df.insert(0, "order_id", np.arange(1000))
    df.loc[[5, 6], "order_id"] = 4
    findings = [f for f in only(mq.profile(df), "duplicates") if f.details["kind"] == "key"]
    assert len(findings) == 1 and findings[0].columns == ("order_id",)
    assert set(findings[0].rows) == {4, 5, 6}


def test_duplicates_in_few_combinations_are_only_info():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.choice(["x", "y"], 500), "b": rng.choice([1, 2, 3], 500)})
    finding = only(mq.profile(df), "duplicates")[0]
    assert finding.severity == "info"



def test_a_duplicated_row_is_not_reported_again_as_a_repeated_key():
    df = clean_frame(500).assign(order_id=range(500))
    df = pd.concat([df, df.loc[[4, 9]]], ignore_index=True)
    findings = only(mq.profile(df), "duplicates")
    assert [(f.details["kind"], f.rows) for f in findings] == [("rows", (500, 501))]
    df.loc[17, "order_id"] = 3  # a key repeated in a row that is not a copy
    kinds = {f.details["kind"]: f for f in only(mq.profile(df), "duplicates")}
    assert set(kinds["key"].rows) == {3, 17}
