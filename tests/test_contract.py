"""Every registered check, and the whole report, on awkward frames: no crash, no
change to the input, JSON-safe output, escaped HTML."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import mlqa_nb as mq
from mlqa_nb._core.context import FrameContext
from mlqa_nb._core.finding import SEVERITIES, Finding
from mlqa_nb._core.registry import registered, resolve_options

CHECK_IDS = sorted(i for i, s in registered().items() if s.in_profile)


def _snapshot(df: pd.DataFrame):
    return df.copy(deep=True), list(df.columns), list(df.dtypes), df.index.copy()


def _unchanged(df: pd.DataFrame, before) -> None:
    copy, columns, dtypes, index = before
    assert list(df.columns) == columns
    assert list(df.dtypes) == dtypes
    assert df.index.equals(index)
    pd.testing.assert_frame_equal(df, copy)


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_each_check_survives_awkward_frames(check_id, awkward):
    name, df = awkward
    spec = registered()[check_id]
    label = df.columns[0] if spec.needs and df.shape[1] and df.columns.is_unique else None
    if "time" in spec.needs:  # a time column must hold times; awkward data, not a wrong argument
        times = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])] if df.columns.is_unique else []
        label = times[0] if times else None
    if spec.needs and label is None:
        pytest.skip("needs a target or time column with a unique name")
    before = _snapshot(df)
    ctx = FrameContext(df, target=label if "target" in spec.needs else None,
                       time=label if "time" in spec.needs else None)
    ctx.options = {check_id: resolve_options(spec, None)}
    findings = spec.func(ctx, **ctx.options[check_id])
    _unchanged(df, before)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.check == check_id
        assert finding.severity in SEVERITIES
        assert finding.message
        json.dumps(finding.to_dict(), allow_nan=False)


def test_whole_report_on_awkward_frames(awkward):
    name, df = awkward
    before = _snapshot(df)
    report = mq.profile(df)
    _unchanged(df, before)
    text = json.dumps(report.to_dict(), allow_nan=False)
    html = report.to_html()
    assert "<script" not in html.lower()
    assert "<img" not in html
    assert "http://" not in html and "https://" not in html
    assert repr(report).startswith("mlqa_nb profile of df")
    assert json.loads(text)["title"] == report.title


def test_script_in_names_and_values_is_escaped():
    df = pd.DataFrame({"<script>alert(1)</script>": ["<b>x</b>", "<b>x</b> ", "y"] * 30})
    html = mq.profile(df).to_html()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html


def test_report_json_is_strict_json(tmp_path):
    df = pd.DataFrame({"v": [1.0, float("inf"), float("nan"), 3.0] * 10, "t": pd.date_range("2024", periods=40, tz="UTC")})
    path = tmp_path / "r.json"
    mq.profile(df).save(path)
    loaded = json.loads(path.read_text())
    assert loaded["kind"] == "profile"
    assert loaded["provenance"]["data"]["rows"] == 40


def test_drift_snapshot_and_outliers_survive_awkward_frames(awkward):
    name, df = awkward
    before = _snapshot(df)
    reports = [mq.drift(df, df, frame_classifier=df.shape[0] >= 20), mq.outliers(df)]
    if df.columns.is_unique:
        snap = mq.snapshot(df, name="a")
        json.dumps(snap.to_dict(), allow_nan=False)
        reports.append(mq.trace(snap, mq.snapshot(df, name="b")))
    _unchanged(df, before)
    for report in reports:
        json.dumps(report.to_dict(), allow_nan=False)
        assert "<script" not in report.to_html().lower()
    assert reports[0].filter(severity="warning") == []  # a frame does not drift from itself


def test_volume_survives_awkward_times():
    frames = [
        pd.DataFrame({"t": pd.Series([], dtype="datetime64[ns]")}),
        pd.DataFrame({"t": [pd.NaT] * 5}),
        pd.DataFrame({"t": pd.date_range("2024-01-01", periods=3, tz="Asia/Tokyo")}),
        pd.DataFrame({"t": ["2024-01-01", "2024-01-02", None, "2024-01-05"]}),
        pd.DataFrame({"t": pd.array(pd.date_range("2024-01-01", periods=50), dtype="timestamp[ns][pyarrow]")}),
    ]
    for df in frames:
        report = mq.volume(df, time="t")
        json.dumps(report.to_dict(), allow_nan=False)
        report.to_html()
