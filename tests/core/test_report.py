from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq
from mlqa_nb import Finding, Report


def test_findings_sorted_most_severe_first():
    report = Report(
        [Finding("a", "info", "i"), Finding("b", "critical", "c"), Finding("c", "warning", "w")],
        title="t", kind="profile",
    )
    assert [f.severity for f in report.findings] == ["critical", "warning", "info"]
    assert report.counts() == {"critical": 1, "warning": 1, "info": 1}
    assert [f.check for f in report.filter(severity="warning")] == ["b", "c"]
    assert [f.check for f in report.filter(check="a")] == ["a"]


def test_finding_rejects_unknown_severity():
    with pytest.raises(ValueError, match="severity must be one of"):
        Finding("x", "fatal", "m")


def test_finding_details_become_json_safe_and_rows_are_capped():
    f = Finding("x", "info", "m", details={"n": np.int64(3), "r": np.float64("nan"), "t": pd.Timestamp("2024-01-01")},
                rows=range(5000))
    assert f.details == {"n": 3, "r": None, "t": "2024-01-01T00:00:00"}
    assert len(f.rows) == 1000
    json.dumps(f.to_dict(), allow_nan=False)


def test_mimebundle_has_plain_text_and_html(clean):
    report = mq.profile(clean)
    bundle = report._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"].startswith("mlqa_nb profile of df")
    assert "mlqa-report" in bundle["text/html"]


def test_save_html_json_and_bad_suffix(tmp_path, clean):
    report = mq.profile(clean.head(200))
    html = report.save(tmp_path / "r.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    data = json.loads(report.save(tmp_path / "r.json").read_text())
    assert data["tables"]["columns"][0]["column"] == "height_cm"
    with pytest.raises(ValueError, match=r"\.html or \.json"):
        report.save(tmp_path / "r.txt")


def test_provenance_records_versions_fingerprint_and_time(clean):
    a = mq.profile(clean).provenance
    b = mq.profile(clean).provenance
    changed = clean.copy()
    changed.iloc[0, 0] += 1
    c = mq.profile(changed).provenance
    assert a["versions"]["pandas"] == pd.__version__
    assert a["data"]["fingerprint"] == b["data"]["fingerprint"] != c["data"]["fingerprint"]
    assert a["created"].endswith("+00:00")


def test_rows_point_back_into_the_frame():
    df = pd.DataFrame({"v": np.r_[np.random.default_rng(1).normal(10, 1, 500), [500.0, 800.0]]},
                      index=[f"r{i}" for i in range(502)])
    finding = mq.profile(df).filter(check="outliers")[0]
    assert set(df.loc[list(finding.rows)].index) == {"r500", "r501"}




def test_every_kind_of_report_records_versions_and_time():
    labels = pd.DataFrame({"a": ["x", "y"] * 10, "b": ["x", "y"] * 10})
    for report in (mq.agreement(labels), Report([], title="t", kind="profile")):
        assert report.provenance["versions"]["pandas"] == pd.__version__
        assert report.provenance["created"]
        assert "made 20" in report.to_html()
