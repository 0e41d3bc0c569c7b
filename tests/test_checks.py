"""Each data check: the planted problem is found (right column, rows, figures) and
clean data stays quiet."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame

import mlqa_nb as mq


def only(report, check):
    return report.filter(check=check)


def alarms(report):
    return report.filter(severity="warning")


def test_clean_data_raises_no_alarm(clean):
    report = mq.profile(clean, target="label")
    assert alarms(report) == [], repr(report)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clean_data_stays_quiet_across_seeds(seed):
    df = clean_frame(n=20_000, seed=seed)
    assert alarms(mq.profile(df, target="label")) == []


# -- missing_values ----------------------------------------------------------
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


# -- duplicates ----------------------------------------------------------------
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


# -- type_mismatch -----------------------------------------------------------
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


# -- low_information -----------------------------------------------------------
def test_low_information_constant_identifier_narrow():
    df = clean_frame(1000)
    df["const"] = 7
    df["row_id"] = np.arange(1000)
    df["sensor"] = 0.5 + np.random.default_rng(0).normal(0, 1e-6, 1000)
    findings = {f.columns[0]: f for f in only(mq.profile(df), "low_information")}
    assert findings["const"].severity == "warning"
    assert findings["row_id"].details["kind"] == "identifier"
    assert findings["sensor"].details["kind"] == "narrow_range"
    assert set(findings) == {"const", "row_id", "sensor"}


# -- outliers and unit_scale -----------------------------------------------------
def test_injected_outliers_are_warnings_with_rows():
    df = clean_frame(5000)
    df.loc[[100, 200, 300], "weight_kg"] = [900.0, 1500.0, -400.0]
    finding = [f for f in only(mq.profile(df), "outliers") if f.columns == ("weight_kg",)][0]
    assert finding.severity == "warning"
    assert set(finding.rows) == {100, 200, 300}


def test_long_tail_is_info_not_warning():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"returns": rng.standard_t(2, 50_000)})
    findings = only(mq.profile(df), "outliers")
    assert findings and all(f.severity == "info" for f in findings)


def test_sentinel_codes_are_named():
    df = clean_frame(2000)
    df.loc[[1, 2, 3, 4], "age"] = 999
    finding = [f for f in only(mq.profile(df), "outliers") if f.columns == ("age",)][0]
    assert finding.details["sentinel"] and "unknown" in finding.message


def test_inches_typed_as_centimetres():
    df = clean_frame(3000)
    rows = [10, 11, 500, 2999]
    df.loc[rows, "height_cm"] = (df.loc[rows, "height_cm"] / 2.54).round(1)
    report = mq.profile(df)
    finding = only(report, "unit_scale")[0]
    assert finding.columns == ("height_cm",)
    assert finding.details["factor"] == pytest.approx(1 / 2.54)
    assert set(finding.rows) == set(rows)
    # the same rows are not reported again as plain outliers
    assert not [f for f in only(report, "outliers") if f.columns == ("height_cm",)]


def test_grams_for_kilograms_and_wide_columns_stay_quiet():
    df = clean_frame(3000)
    df.loc[[5, 6, 7], "weight_kg"] *= 1000
    finding = only(mq.profile(df), "unit_scale")[0]
    assert finding.details["factor"] == pytest.approx(1000)
    wide = pd.DataFrame({"income": np.random.default_rng(0).lognormal(10, 1.5, 20_000)})
    assert only(mq.profile(wide), "unit_scale") == []


# -- range_violation -----------------------------------------------------------
def test_user_rules_and_implausible_values():
    df = clean_frame(1000)
    df.loc[[1, 2], "height_cm"] = [20.0, 300.0]
    df.loc[[3], "price"] = -10.0
    df.loc[[4], "age"] = 150
    report = mq.profile(df, rules={"height_cm": (100, 230)})
    found = {f.columns[0]: f for f in only(report, "range_violation")}
    assert set(found["height_cm"].rows) == {1, 2}
    assert set(found["price"].rows) == {3}
    assert set(found["age"].rows) == {4}


def test_expression_rules_and_future_dates():
    df = pd.DataFrame({"start": [1, 2, 3, 4] * 10, "end": [2, 3, 1, 5] * 10,
                       "when": pd.date_range("2020-01-01", periods=40, freq="D")})
    df.loc[39, "when"] = pd.Timestamp("2099-01-01")
    report = mq.profile(df, rules=["end >= start"])
    expression = [f for f in only(report, "range_violation") if f.details["kind"] == "expression"][0]
    assert set(expression.rows) == set(range(2, 40, 4))
    future = [f for f in only(report, "range_violation") if f.details["kind"] == "future"][0]
    assert future.rows == (39,)


def test_bad_rules_give_clear_errors():
    df = clean_frame(100)
    with pytest.raises(KeyError, match="rules='heigth'"):
        mq.profile(df, rules={"heigth": (0, 1)})
    with pytest.raises(ValueError, match="low, high"):
        mq.profile(df, rules={"height_cm": (0, 1, 2)})
    with pytest.raises(ValueError, match="could not be evaluated"):
        mq.profile(df, rules=["nonsense >>> 3"])


# -- text_encoding -------------------------------------------------------------
def test_text_damage_found_per_kind():
    df = clean_frame(2000)
    df.loc[[1, 2], "comment"] = ["caf\u00c3\u00a9 was nice", "it\u00e2\u20ac\u2122s late"]
    df.loc[[3], "comment"] = ["bad\\nline"]
    df.loc[[4], "comment"] = ["lost \ufffd byte"]
    df.loc[[5], "comment"] = ["bell\x07 inside"]
    df.loc[[6], "comment"] = ["fish &amp; chips"]
    kinds = {f.details["kind"]: f for f in only(mq.profile(df), "text_encoding")}
    assert set(kinds["mojibake"].rows) == {1, 2}
    assert kinds["literal_escape"].rows == (3,)
    assert kinds["replacement_character"].rows == (4,)
    assert kinds["control_character"].rows == (5,)
    assert kinds["html_entity"].severity == "info"


# -- inconsistent_categories ---------------------------------------------------
def test_spelling_variants_are_grouped():
    df = clean_frame(2000)
    df.loc[[1, 2, 3, 4], "city"] = ["paris", "PARIS ", "Marseile", "Lyon."]
    finding = only(mq.profile(df), "inconsistent_categories")[0]
    assert finding.details["mapping"] == {"paris": "Paris", "PARIS ": "Paris", "Lyon.": "Lyon", "Marseile": "Marseille"}
    assert set(finding.rows) == {1, 2, 3, 4}


def test_distinct_codes_are_not_merged():
    df = pd.DataFrame({"model": ["model 2", "model 3", "Model 20"] * 50 + ["model 2b"]})
    assert only(mq.profile(df), "inconsistent_categories") == []


# -- class_imbalance -------------------------------------------------------------
def test_class_imbalance_levels():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=10_000), "y": (rng.random(10_000) < 0.03).astype(int)})
    finding = only(mq.profile(df, target="y"), "class_imbalance")[0]
    assert finding.severity == "warning" and finding.details["rate"] == pytest.approx(df.y.mean())
    df.loc[:, "y"] = 0
    df.loc[[1, 2, 3], "y"] = 1
    assert only(mq.profile(df, target="y"), "class_imbalance")[0].severity == "critical"


def test_balanced_or_regression_targets_are_quiet():
    df = clean_frame(2000)
    assert only(mq.profile(df, target="label"), "class_imbalance") == []
    assert only(mq.profile(df, target="price"), "class_imbalance") == []


# -- leakage ---------------------------------------------------------------------
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


def test_one_absurd_value_in_a_small_frame_is_a_warning():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0] * 30 + [5000.0]})
    finding = only(mq.profile(df), "outliers")[0]
    assert finding.severity == "warning" and finding.rows == (90,)


def test_many_normal_columns_stay_quiet():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.normal(size=(10_000, 200)), columns=[f"c{i}" for i in range(200)])
    assert mq.profile(df).findings == []


# -- inconsistent_mapping ------------------------------------------------------
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
