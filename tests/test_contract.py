"""Every registered check and every public entry point on awkward frames: a report
or a clear ValueError/TypeError/KeyError, never another exception; the input is
never changed; JSON is strict; HTML is escaped; rows point back into the frame."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq
from mlqa_nb._core.context import FrameContext
from mlqa_nb._core.finding import SEVERITIES, Finding
from mlqa_nb._core.registry import registered, resolve_options

CHECK_IDS = sorted(i for i, s in registered().items() if s.in_profile)


def _token(value) -> str:
    """A cell as text that compares like the cell, for any cell (Decimal('sNaN') and
    ints past str()'s limit included)."""
    try:
        return f"{type(value).__name__}:{ascii(value)}"
    except ValueError:
        return f"int:{value.bit_length()}:{hash(value)}"


def _cells(df: pd.DataFrame) -> list[list[str]]:
    return [[_token(v) for v in df.iloc[:, i].tolist()] for i in range(df.shape[1])]


def _snapshot(df: pd.DataFrame):
    return _cells(df), [_token(c) for c in df.columns], list(df.dtypes), df.index.copy()


def _unchanged(df: pd.DataFrame, before) -> None:
    cells, columns, dtypes, index = before
    assert [_token(c) for c in df.columns] == columns
    assert list(df.dtypes) == dtypes
    assert df.index.equals(index)
    assert _cells(df) == cells


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
                       time=label if "time" in spec.needs else None,
                       groups=[label] if "groups" in spec.needs else None)
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
    report = mq.profile(df)
    for html in (report.to_html(), report._repr_html_()):  # the page, and what a notebook shows
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


class ConstantModel:
    """A fitted model that takes any X: predicts the first class everywhere."""

    def __init__(self, classes=(0, 1)):
        self.classes_ = np.asarray(classes)

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def predict_proba(self, X):
        proba = np.zeros((len(X), len(self.classes_)))
        proba[:, 0] = 1.0
        return proba


def _entry_points(df: pd.DataFrame) -> dict:
    from sklearn.dummy import DummyClassifier

    y = pd.Series(np.arange(len(df)) % 2, index=df.index)
    first_two = list(df.columns[:2]) if df.shape[1] >= 2 and df.columns.is_unique else None
    times = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])] if df.columns.is_unique else []
    calls = {
        "profile": lambda: mq.profile(df, target=df.columns[0] if first_two else None),
        "outliers": lambda: mq.outliers(df),
        "drift": lambda: mq.drift(df, df, frame_classifier=len(df) >= 20),
        "baselines": lambda: mq.baselines(DummyClassifier(), df, y, cv=2),
        "evaluate": lambda: mq.evaluate(ConstantModel(), df, y),
        "compare_models": lambda: mq.compare_models(ConstantModel(), ConstantModel((1, 0)), df, y),
        "label_issues": lambda: mq.label_issues(df, y, cv=2),
        "agreement": lambda: mq.agreement(df),
        "latency": lambda: mq.latency(ConstantModel(), df, options={"latency": {"repeats": 10, "batch_size": 50}}),
        "expect": lambda: mq.expect(ConstantModel(), df, [{"spread": {"min_share": 0.01}}]),
        "importance": lambda: mq.importance(DummyClassifier(), df, y, options={"feature_importance": {"n_repeats": 2}}),
        "sufficiency": lambda: mq.sufficiency(DummyClassifier(), df, y, cv=2),
    }
    if df.shape[1] and df.columns.is_unique:
        calls["representation"] = lambda: mq.representation(df, df.columns[0], reference={"x": 1.0, "y": 1.0})
    if first_two:
        calls["check_mapping"] = lambda: mq.check_mapping(df, *first_two)
    if times:
        calls["volume"] = lambda: mq.volume(df, time=times[0])
    if df.columns.is_unique:
        calls["trace"] = lambda: mq.trace(mq.snapshot(df, name="a"), mq.snapshot(df, name="b"))
    calls["panel"] = lambda: _panel(df)
    return calls


def _panel(df: pd.DataFrame) -> mq.Report:
    """The panel's kernel side: a listing that is strict JSON, a fingerprint equal to
    itself, and the full report."""
    from mlqa_nb._core.frame_key import fingerprint, quick_key
    from mlqa_nb._frontends import lab

    assert fingerprint(df, full=True) == fingerprint(df, full=True)
    assert quick_key(df) == quick_key(df)
    state = lab.state({"df": df}, summaries=lab.FrameSummaries())
    json.dumps(state, allow_nan=False)
    assert [f["name"] for f in state["frames"]] == ["df"]
    assert "<script" not in lab.report_html({"df": df}, "df", lab.FrameSummaries())["html"].lower()
    return mq.profile(df, name="df")


ENTRY_POINTS = ["profile", "outliers", "drift", "baselines", "evaluate", "compare_models", "label_issues",
                "agreement", "check_mapping", "volume", "trace", "panel", "latency", "expect", "importance",
                "sufficiency", "representation"]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_entry_point_on_awkward_frames(entry, awkward):
    name, df = awkward
    calls = _entry_points(df)
    if entry not in calls:
        pytest.skip(f"{entry} needs columns this frame lacks")
    before = _snapshot(df)
    started = time.perf_counter()
    try:
        report = calls[entry]()
    except (ValueError, TypeError, KeyError) as error:
        message = str(error.args[0] if isinstance(error, KeyError) and error.args else error)
        assert message and "\n" not in message, f"{entry} on {name}: unclear error {message!r}"
        _unchanged(df, before)
        return
    _unchanged(df, before)
    if df.size <= 10_000:  # an input this small answers at once, whatever it holds
        assert time.perf_counter() - started < 5, f"{entry} on {name} took {time.perf_counter() - started:.1f} s"
    json.loads(report.to_json())
    html = report.to_html()
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    if df.index.is_unique:
        for finding in report.findings:
            if finding.rows:
                df.loc[list(finding.rows)]


def _with_options(entry: str, options: dict):
    from sklearn.linear_model import LogisticRegression

    df = pd.DataFrame({"a": np.arange(60.0), "b": ["x", "y", "z"] * 20, "t": pd.date_range("2024", periods=60)})
    y = pd.Series(np.arange(60) % 2)
    snap = mq.snapshot(df, name="a")
    calls = {
        "profile": lambda: mq.profile(df, options=options),
        "outliers": lambda: mq.outliers(df, options=options),
        "drift": lambda: mq.drift(df, df, options=options),
        "volume": lambda: mq.volume(df, time="t", options=options),
        "trace": lambda: mq.trace(snap, snap, options=options),
        "baselines": lambda: mq.baselines(LogisticRegression(), df[["a"]], y, cv=2, options=options),
        "evaluate": lambda: mq.evaluate(ConstantModel(), df, y, options=options),
        "compare_models": lambda: mq.compare_models(ConstantModel(), ConstantModel(), df, y, options=options),
        "agreement": lambda: mq.agreement(df[["b", "b"]].set_axis(["p", "q"], axis=1), options=options),
        "label_issues": lambda: mq.label_issues(df[["a"]], y, cv=2, options=options),
        "latency": lambda: mq.latency(ConstantModel(), df, options=options),
        "expect": lambda: mq.expect(ConstantModel(), df, [{"spread": {}}], options=options),
        "importance": lambda: mq.importance(LogisticRegression(), df[["a"]], y, options=options),
        "sufficiency": lambda: mq.sufficiency(LogisticRegression(), df[["a"]], y, cv=2, options=options),
        "representation": lambda: mq.representation(df, "b", options=options),
    }
    return calls[entry]()


OPTION_ENTRIES = sorted({e for s in registered().values() for e in s.entries} - {"check_mapping"})


@pytest.mark.parametrize("entry", OPTION_ENTRIES)
def test_every_entry_point_takes_options_for_its_checks_only(entry):
    mine = [s for s in registered().values() if entry in s.entries]
    spec = mine[0]
    name, default = next(iter(spec.defaults.items()))
    assert isinstance(_with_options(entry, {spec.id: {name: default}}), mq.Report)
    with pytest.raises(ValueError, match=f"options names checks that {entry} does not run"):
        _with_options(entry, {"no_such_check": {}})
    with pytest.raises(ValueError, match=f"check {spec.id!r} has no option 'no_such_option'"):
        _with_options(entry, {spec.id: {"no_such_option": 1}})


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


def test_a_column_of_nothing_but_a_signalling_nan_is_empty_not_a_crash():
    from decimal import Decimal

    df = pd.DataFrame({"": pd.Series([Decimal("sNaN")], dtype=object)})  # found by the fuzzer
    report = mq.profile(df)
    assert report.columns[0].kind == "empty"
    json.loads(report.to_json())
