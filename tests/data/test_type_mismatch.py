"""type_mismatch: numbers, dates and booleans stored as text, mixed types."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import clean_frame, only

import mlqa_nb as mq


def test_numbers_stored_as_text_with_bad_rows():
    df = clean_frame(500)
    df["amount"] = df["price"].astype(str)
    df.loc[[12, 40], "amount"] = ["n/a", "12,5"]
    finding = only(mq.profile(df), "type_mismatch")[0]
    assert finding.columns == ("amount",) and finding.severity == "warning"
    assert set(finding.rows) == {12, 40}


def test_dates_as_text_mixed_types_and_zip_codes():
    df = pd.DataFrame({
        "when": [f"2024-01-{d:02d}" for d in range(1, 29)] * 5,
        "mixed": [1, 2, "three", 4] * 35,
        "zip": ["02134", "10001", "94105", "00501"] * 35,
    })
    findings = {f.columns[0]: f for f in only(mq.profile(df), "type_mismatch")}
    assert findings["when"].details["kind"] == "date_text"
    assert findings["mixed"].details["kind"] == "mixed"
    assert findings["mixed"].details["count"] == 35
    assert "zip" not in findings



def test_a_few_odd_cells_in_numbers_typed_as_text_are_named():
    rng = np.random.default_rng(0)
    values = pd.Series(rng.normal(0.1, 0.02, 600).round(4)).map(lambda v: f"{v:g}").astype(object)
    values[[17, 401]] = ["0.1068 kg", "12,552"]
    df = pd.DataFrame({"smoothness": values, "notes": [f"visit {i} went fine, see the chart" for i in range(600)]})
    findings = only(mq.profile(df), "type_mismatch")
    assert [(f.columns, f.severity, set(f.rows)) for f in findings] == [(("smoothness",), "warning", {17, 401})]
    assert "'0.1068 kg'" in findings[0].message


def test_numeric_checks_run_on_the_values_that_parse():
    rng = np.random.default_rng(1)
    weight = pd.Series(rng.normal(72, 9, 800).round(1))
    weight[[5, 6, 7]] = weight[[5, 6, 7]] * 1000  # grams among kilograms
    text = weight.map(lambda v: f"{v:g}").astype("string")
    text[[40, 41]] = ["71 kg", "n/a"]
    report = mq.profile(pd.DataFrame({"weight": text}))
    mismatch = only(report, "type_mismatch")
    assert [set(f.rows) for f in mismatch] == [{40, 41}]
    assert [set(f.rows) for f in only(report, "unit_scale")] == [{5, 6, 7}]
    assert report.columns[0].kind == "numeric"
    zips = pd.DataFrame({"zip": [f"{z:05d}" for z in rng.integers(1000, 99999, 500)]})
    assert only(mq.profile(zips), "unit_scale") == [] and only(mq.profile(zips), "outliers") == []
