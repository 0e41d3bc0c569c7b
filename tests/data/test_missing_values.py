"""missing_values: rates and rows, important columns, columns missing together or by target."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import clean_frame, only

import mlqa_nb as mq


def test_missing_values_rates_and_rows():
    df = clean_frame(1000)
    df.loc[df.index[:400], "price"] = np.nan
    df["empty"] = np.nan
    report = mq.profile(df)
    by_column = {f.columns[0]: f for f in only(report, "missing_values") if f.details["kind"] == "column"}
    assert by_column["price"].severity == "warning"
    assert by_column["price"].details["count"] == 400
    assert set(by_column["price"].rows) == set(range(400))
    assert by_column["empty"].severity == "critical"
    assert "height_cm" not in by_column


def test_missing_values_important_columns_flag_rows():
    df = clean_frame(500)
    df.loc[[3, 7], "city"] = None
    df.loc[[7, 9], "age"] = np.nan
    finding = [f for f in only(mq.profile(df, important=["city", "age"]), "missing_values")
               if f.details["kind"] == "important"][0]
    assert set(finding.rows) == {3, 7, 9}
    assert finding.severity == "warning"


def test_missing_values_together_and_by_target():
    rng = np.random.default_rng(0)
    df = clean_frame(4000)
    gone = rng.random(4000) < 0.08
    df.loc[gone, ["height_cm", "weight_kg"]] = np.nan
    informative = (df["label"] == "yes") & (rng.random(4000) < 0.5)
    df.loc[informative, "price"] = np.nan
    report = mq.profile(df, target="label")
    together = [f for f in only(report, "missing_values") if f.details["kind"] == "together"]
    assert together and set(together[0].columns) == {"height_cm", "weight_kg"}
    by_target = [f for f in only(report, "missing_values") if f.details["kind"] == "by_target"]
    assert [f.columns[0] for f in by_target] == ["price"]
    assert by_target[0].details["p_value"] < 0.001



def test_a_few_missing_cells_are_counted_and_shared_gaps_are_one_finding():
    df = clean_frame(344)
    df.loc[[3, 8, 9, 10, 11, 47, 178, 218, 256, 268, 271], "city"] = None
    df.loc[[5, 300], ["height_cm", "weight_kg"]] = np.nan
    findings = sorted(only(mq.profile(df), "missing_values"), key=lambda f: -f.details["count"])
    assert [(f.severity, f.details["kind"], f.details["count"]) for f in findings] == [
        ("info", "column", 11), ("info", "together", 2)]
    assert findings[0].columns == ("city",) and "11 of 344" in findings[0].message
    assert set(findings[1].rows) == {5, 300} and set(findings[1].columns) == {"height_cm", "weight_kg"}
    assert only(mq.profile(clean_frame(344)), "missing_values") == []


def test_columns_missing_together_come_with_a_co_missing_heatmap():
    from palmerpenguins import load_penguins

    penguins = load_penguins()
    found = {f.columns: f for f in only(mq.profile(penguins), "missing_values")}
    body = found[("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")].figure
    sex = found[("sex",)].figure
    assert body.rows == ("bill_length_mm (+3 same)", "sex") and body.rows == body.columns
    # where the measurements are missing, sex is too (2 of 2); of sex's 11 missing rows, 2 lack them
    assert body.values == ((1.0, 1.0), (pytest.approx(2 / 11), 1.0))
    assert sex.rows == ("sex", "bill_length_mm (+3 same)") and sex.values[0] == (1.0, pytest.approx(2 / 11))


def test_columns_missing_in_different_rows_get_no_heatmap():
    df = clean_frame(1000)
    df.loc[df.index[:100], "price"] = np.nan
    df.loc[df.index[500:600], "city"] = None
    assert [f.figure for f in only(mq.profile(df), "missing_values")] == [None, None]
    alone = clean_frame(1000)
    alone.loc[alone.index[:100], "price"] = np.nan
    assert only(mq.profile(alone), "missing_values")[0].figure is None
