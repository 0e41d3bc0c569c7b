"""The kernel side of the JupyterLab panel."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mlqa_nb._frontends import lab as _lab


@pytest.fixture(autouse=True)
def fresh_cache():
    _lab._cache.clear()
    yield
    _lab._cache.clear()


def planted():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"height_cm": rng.normal(170, 10, 500), "city": rng.choice(["Paris", "Lyon"], 500)})
    df.loc[[1, 2, 3], "height_cm"] /= 2.54
    df.loc[[4, 5], "city"] = ["paris", "PARIS "]
    return df


def test_state_lists_frames_with_counts_and_is_json():
    ns = {"orders": planted(), "clean": pd.DataFrame({"a": range(100)}), "_hidden": planted(), "x": 3}
    state = _lab.state(ns)
    json.dumps(state, allow_nan=False)
    by_name = {f["name"]: f for f in state["frames"]}
    assert set(by_name) == {"orders", "clean"}
    assert by_name["orders"]["warning"] >= 2 and by_name["orders"]["rows"] == 500
    assert {f["check"] for f in by_name["orders"]["findings"]} >= {"unit_scale", "inconsistent_categories"}
    assert by_name["clean"]["critical"] == by_name["clean"]["warning"] == 0


def test_unchanged_frames_are_not_profiled_again(monkeypatch):
    ns = {"orders": planted()}
    _lab.state(ns)
    calls = []
    monkeypatch.setattr(_lab, "summarize_frame", lambda name, frame: calls.append(name) or {})
    _lab.state(ns)
    assert calls == []
    ns["orders"].loc[250, "height_cm"] = 9999.0  # a sampled row changes
    ns["orders"] = ns["orders"].copy()
    _lab.state(ns)
    assert calls == ["orders"]


def test_large_frames_are_sampled_and_the_budget_defers_the_rest(monkeypatch):
    monkeypatch.setattr(_lab, "SAMPLE_ROWS", 1000)
    big = pd.DataFrame({"v": np.arange(5000.0)})
    state = _lab.state({"big": big, "other": planted()}, budget=0.0)
    first, second = state["frames"]
    assert first["sampled"] and first["rows"] == 5000
    assert second["pending"]
    again = _lab.state({"big": big, "other": planted()})
    assert not again["frames"][1]["pending"]


def test_report_by_index_and_polars_frames():
    pl = pytest.importorskip("polars")
    ns = {"a": planted(), "p": pl.DataFrame({"x": [1.0, 2.0, 3.0] * 20})}
    state = _lab.state(ns)
    assert [f["kind"] for f in state["frames"]] == ["pandas", "polars"]
    report = _lab.report_html(ns, 0)
    assert report["name"] == "a" and report["html"].startswith("<!DOCTYPE html>")
    assert "That frame is gone" in _lab.report_html(ns, 7)["html"]


def test_show_state_sends_a_display_message_of_the_panel_mime(monkeypatch):
    sent = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: sent.append(obj))
    monkeypatch.setattr(_lab, "_user_namespace", lambda: {"t": planted()})
    _lab.show_state()
    assert list(sent[0]) == [_lab.STATE_MIME]
    assert sent[0][_lab.STATE_MIME]["frames"][0]["name"] == "t"


def test_in_place_edits_are_seen(monkeypatch):
    frame = planted()
    ns = {"orders": frame}
    _lab.state(ns)
    frame.loc[[1, 2], "height_cm"] = 0.0  # the same object, edited in place
    calls = []
    monkeypatch.setattr(_lab, "summarize_frame", lambda name, f: calls.append(name) or {})
    _lab.state(ns)
    assert calls == ["orders"]
    big = pd.DataFrame({"v": np.arange(300_000.0)})
    key = _lab.fingerprint(big)
    big.loc[7, "v"] = -1.0
    assert _lab.fingerprint(big) != key


def test_a_fingerprint_equals_itself_whatever_the_frame_holds():
    import polars as pl

    big = pd.DataFrame({"v": np.r_[np.arange(300_000, dtype=float), [np.inf, -np.inf]], "n": np.nan})
    assert _lab.fingerprint(big) == _lab.fingerprint(big)  # the sum is NaN: still the same frame
    objects = pl.DataFrame({"o": pl.Series([object(), object()], dtype=pl.Object), "v": [1.0, float("nan")]})
    assert _lab.fingerprint(objects) == _lab.fingerprint(objects)  # polars cannot hash Object columns
    state = _lab.state({"objects": objects, "big": big})
    assert [f["name"] for f in state["frames"]] == ["objects", "big"]
    json.dumps(state, allow_nan=False)
