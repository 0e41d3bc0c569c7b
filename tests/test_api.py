"""mq.profile arguments, mq.outliers with groups, mq.check_mapping, mq.checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame

import mlqa_nb as mq


def test_wrong_arguments_name_the_argument(clean):
    with pytest.raises(TypeError, match="df must be a pandas or polars DataFrame, got list"):
        mq.profile([1, 2, 3])
    with pytest.raises(KeyError, match="target='lable' is not a column"):
        mq.profile(clean, target="lable")
    with pytest.raises(KeyError, match="important='nope'"):
        mq.profile(clean, important=["nope"])
    with pytest.raises(ValueError, match="unknown check id"):
        mq.profile(clean, checks=["outlier"])
    with pytest.raises(TypeError, match="checks must be a list"):
        mq.profile(clean, checks="outliers")
    with pytest.raises(ValueError, match="has no option 'z'"):
        mq.profile(clean, options={"outliers": {"z": 3}})
    with pytest.raises(ValueError, match="names 2 columns"):
        mq.profile(pd.DataFrame([[1, 2]], columns=["a", "a"]), target="a")


def test_checks_skip_and_options_change_what_runs():
    df = clean_frame(2000)
    df.loc[[1, 2], "weight_kg"] = [300.0, 310.0]
    assert {f.check for f in mq.profile(df, checks=["outliers"]).findings} == {"outliers"}
    assert not mq.profile(df, skip=["outliers"]).filter(check="outliers")
    strict = mq.profile(df, checks=["outliers"], options={"outliers": {"z_threshold": 50.0}})
    assert not strict.findings


def test_checks_lists_registered_ids_with_defaults():
    table = mq.checks()
    assert {"missing_values", "duplicates", "type_mismatch", "low_information", "outliers",
            "unit_scale", "range_violation", "text_encoding", "inconsistent_categories",
            "class_imbalance", "leakage"} <= set(table["check"])
    assert table.set_index("check").loc["outliers", "options"]["z_threshold"] == 5.0


def test_polars_frames_are_accepted():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"a": [1.0, 2.0, 3.0] * 20 + [1e6], "y": [0, 1, 0] * 20 + [1]})
    report = mq.profile(df, target="y")
    assert report.filter(check="outliers")[0].rows == (60,)


def test_outliers_within_groups():
    rng = np.random.default_rng(0)
    cities = {"Paris": 10_000, "Lyon": 4_000, "Nantes": 3_000}
    rows = [(c, rng.normal(m, m * 0.1)) for c, m in cities.items() for _ in range(300)]
    df = pd.DataFrame(rows, columns=["city", "price_m2"])
    # normal for Paris, absurd for Nantes
    df.loc[[700, 750], "price_m2"] = [10_500.0, 9_800.0]
    report = mq.outliers(df, by="city")
    finding = report.findings[0]
    assert set(finding.rows) == {700, 750}
    assert finding.columns == ("price_m2", "city")
    # the same values are ordinary for the whole column
    assert not any(set(f.rows) & {700, 750} for f in mq.outliers(df).findings)


def test_outliers_errors_and_column_selection(clean):
    with pytest.raises(TypeError, match="not numeric: 'city'"):
        mq.outliers(clean, columns=["city"])
    with pytest.raises(KeyError, match="by='town'"):
        mq.outliers(clean, by="town")
    assert mq.outliers(clean, columns="height_cm").findings == []


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


def test_time_column_is_validated_and_its_span_noted(clean):
    report = mq.profile(clean, time="signup")
    assert any("rows span 2022-01-01" in note for note in report.notes)
    with pytest.raises(KeyError, match="time='when'"):
        mq.profile(clean, time="when")


def test_a_time_column_without_times_is_named(clean):
    with pytest.raises(TypeError, match="time='city' must hold dates or times"):
        mq.profile(clean, time="city")
