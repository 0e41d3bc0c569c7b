"""finding.fix_code(name): pandas code that, run by the user, removes the problem."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


def messy() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 600
    df = pd.DataFrame({
        "height_cm": rng.normal(170, 9, n).round(1),
        "city": rng.choice(["Paris", "Lyon", "Nice"], n),
        "name": rng.choice(["José", "Zoë", "André", "Ann"], n),
        "age": rng.integers(20, 70, n).astype(float),
        "start": pd.date_range("2024-01-01", periods=n, freq="D"),
    })
    df["end"] = df["start"] + pd.to_timedelta(rng.integers(1, 30, n), unit="D")
    df.loc[[3, 40, 77], "height_cm"] = (df.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
    df.loc[[5, 6], "city"] = ["paris", "PARIS "]
    df.loc[[8, 9, 10, 11], "age"] = -1
    df.loc[[12, 13], "name"] = ["JosÃ©", "ZoÃ«"]
    df.loc[[20, 21], ["start", "end"]] = df.loc[[20, 21], ["end", "start"]].to_numpy()
    return pd.concat([df, df.iloc[[30, 31]]], ignore_index=True)


FIXABLE = ["duplicates", "inconsistent_categories", "outliers", "range_violation", "text_encoding", "unit_scale"]


@pytest.mark.parametrize("check", FIXABLE)
def test_running_the_fix_removes_the_finding_and_nothing_else(check):
    df = messy()
    report = mq.profile(df, name="df", silences=None)
    finding = next(f for f in report.findings if f.check == check)
    code = finding.fix_code("df")
    assert code and "df" in code
    namespace = {"df": df.copy(), "pd": pd}
    exec(code, namespace)
    fixed = namespace["df"]
    after = mq.profile(fixed, name="df", silences=None)
    assert check not in {f.check for f in after.findings}, code
    # nothing else changes, but that a placeholder turned missing is now counted as missing
    expected = {f.check for f in report.findings} - {check} | ({"missing_values"} if check == "outliers" else set())
    assert {f.check for f in after.findings} == expected


def test_the_values_are_put_right():
    df = messy()
    report = mq.profile(df, name="orders", silences=None)
    namespace = {"orders": df.copy(), "pd": pd}
    for finding in report.findings:
        if finding.check != "duplicates":
            exec(finding.fix_code("orders") or "", namespace)
    fixed = namespace["orders"]
    assert fixed.loc[5, "city"] == fixed.loc[6, "city"] == "Paris"
    assert fixed.loc[[8, 9, 10, 11], "age"].isna().all()
    assert list(fixed.loc[[12, 13], "name"]) == ["José", "Zoë"]
    assert (fixed["end"] >= fixed["start"]).all()
    assert fixed.loc[[3, 40, 77], "height_cm"].between(140, 200).all()
    assert df.loc[5, "city"] == "paris"  # fix_code never touches the frame


def test_findings_without_a_mechanical_fix_give_none_and_bad_names_are_refused():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"x": np.r_[rng.normal(0, 1, 500), [40.0]], "y": rng.normal(size=501)})
    finding = next(f for f in mq.profile(df, silences=None).findings if f.check == "outliers")
    assert finding.fix_code("df") == ""  # a true outlier may be real: no safe fix
    with pytest.raises(ValueError, match="identifier"):
        finding.fix_code("my frame")


def test_labels_that_are_not_text_are_written_as_literals():
    df = messy().rename(columns={"city": 7})
    finding = next(f for f in mq.profile(df, silences=None).findings if f.check == "inconsistent_categories")
    code = finding.fix_code("df")
    assert code.startswith("df[7] = df[7].replace(")
    namespace = {"df": df.copy()}
    exec(code, namespace)
    assert namespace["df"].loc[6, 7] == "Paris"
