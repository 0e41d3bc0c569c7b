from __future__ import annotations

import gc
import json
import weakref

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
    suite = report.save(tmp_path / "r.xml").read_text()
    assert suite.startswith('<?xml version="1.0"') and "<testsuite" in suite
    with pytest.raises(ValueError, match=r"\.html, \.json or \.xml"):
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


def _frame_of_trouble() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 3000
    df = pd.DataFrame({
        "height": np.r_[rng.normal(170, 9, n - 6), [1700, 1710, 1690, 1720, 1705, 1698]],
        "label": rng.choice(["a", "b"], n, p=[0.97, 0.03]),
        "ts": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 120, n)), unit="D"),
    })
    return df[~df["ts"].between("2024-02-01", "2024-02-03")]


@pytest.mark.parametrize("entry", ["profile", "outliers", "volume", "drift"])
def test_a_report_keeps_no_frame_and_still_renders_after_the_frame_is_gone(entry):
    df = _frame_of_trouble()
    run = {
        "profile": lambda frame: mq.profile(frame, target="label", time="ts"),
        "outliers": lambda frame: mq.outliers(frame),
        "volume": lambda frame: mq.volume(frame, time="ts"),
        "drift": lambda frame: mq.drift(frame, frame.assign(height=frame["height"] * 1.2), frame_classifier=False),
    }[entry]
    report = run(df)
    assert any(f.figure is not None for f in report.findings)  # figures are drawn from the findings
    html_before = report.to_html()
    alive = weakref.ref(df)
    del df
    gc.collect()
    assert alive() is None, "the report (or something it holds) keeps the frame alive"
    assert report.to_html() == html_before
    assert html_before.count('class="mlqa-figure"') >= 1
    assert json.loads(report.to_json())["findings"]
