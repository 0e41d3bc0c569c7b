"""mq.drift: severity follows effect size; every column type and awkward input is handled."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


def frames(n_ref=4000, n_cur=4000, seed=0, shift=0.0, mix=None):
    rng = np.random.default_rng(seed)

    def make(n, shift, mix):
        return pd.DataFrame({
            "price": rng.lognormal(3, 0.5, n) * (1 + shift),
            "age": rng.normal(40, 10, n) + 10 * shift,
            "city": rng.choice(["Paris", "Lyon", "Nice"], n, p=mix or [0.5, 0.3, 0.2]),
            "member": rng.random(n) < 0.3,
            "rating": rng.integers(1, 6, n),
        })

    return make(n_ref, 0.0, None), make(n_cur, shift, mix)


def test_identical_distributions_stay_quiet():
    ref, cur = frames(20_000, 20_000)
    report = mq.drift(ref, cur)
    assert report.findings == []
    assert set(report.tables["drift"]["verdict"]) <= {"stable", "negligible"}


def test_negligible_shift_on_large_data_is_not_an_alarm():
    ref, cur = frames(200_000, 200_000, shift=0.02)
    report = mq.drift(ref, cur, frame_classifier=False)
    assert report.filter(severity="warning") == []
    verdicts = report.tables["drift"].set_index("column")["verdict"]
    assert verdicts["age"] == "negligible"


def test_large_shift_on_small_data_is_found_with_its_test():
    ref, cur = frames(300, 300, shift=0.5)
    report = mq.drift(ref, cur)
    by_column = {f.columns[0]: f for f in report.findings if f.details.get("kind") == "numeric"}
    assert {"price", "age"} <= set(by_column)
    assert by_column["age"].details["test"] == "two-sample Kolmogorov-Smirnov"
    assert by_column["age"].details["p_value"] < 0.01


def test_categorical_mix_and_new_levels():
    ref, cur = frames(mix=[0.2, 0.3, 0.5])
    cur.loc[:300, "city"] = "Marseille"
    finding = [f for f in mq.drift(ref, cur).findings if f.columns == ("city",)][0]
    assert "Marseille" in finding.details["new_levels"]
    assert finding.severity in ("warning", "critical")


def test_label_drift_and_whole_frame_classifier():
    ref, cur = frames(shift=0.6)
    ref["label"] = np.random.default_rng(1).random(len(ref)) < 0.1
    cur["label"] = np.random.default_rng(2).random(len(cur)) < 0.4
    report = mq.drift(ref, cur, target="label")
    assert report.filter(check="label_drift")[0].columns == ("label",)
    frame = [f for f in report.findings if f.details.get("kind") == "frame"][0]
    assert frame.details["roc_auc"] > 0.75 and "age" in frame.columns


def test_text_vocabulary_drift_names_new_terms():
    rng = np.random.default_rng(0)
    old = ["my summer holiday at the beach", "a trip to the mountains", "school starts again"]
    new = ["online classes during lockdown", "the pandemic changed school", "lockdown at home again"]
    ref = pd.DataFrame({"essay": rng.choice(old, 3000)})
    cur = pd.DataFrame({"essay": rng.choice(old + new, 3000, p=[0.1, 0.1, 0.1, 0.25, 0.2, 0.25])})
    finding = mq.drift(ref, cur).findings[0]
    assert finding.details["kind"] == "text"
    assert "lockdown" in finding.details["new_frequent_terms"]
    assert finding.details["unseen_word_share"] > 0.2


def test_disjoint_all_nan_tz_aware_and_type_changes():
    ref = pd.DataFrame({"a": [1.0, 2.0] * 50, "gone": 1, "empty": np.nan,
                        "t": pd.date_range("2024-01-01", periods=100, tz="UTC"), "code": ["1", "2"] * 50})
    cur = pd.DataFrame({"a": [1.0, 2.0] * 50, "new": 1, "empty": np.nan,
                        "t": pd.date_range("2024-06-01", periods=100, tz="UTC"), "code": [1.5, 2.5] * 50})
    report = mq.drift(ref, cur)
    kinds = {f.details.get("kind"): f for f in report.findings}
    assert kinds["schema"].severity == "warning"
    assert {f.details.get("only_in") for f in report.findings if f.details.get("kind") == "schema"} == {"reference", "current"}
    assert kinds["type"].columns == ("code",)
    json.dumps(report.to_dict(), allow_nan=False)
    assert "<script" not in report.to_html()


def test_bad_arguments_are_named():
    ref, cur = frames(100, 100)
    with pytest.raises(KeyError, match="target='y' is not a column of either frame"):
        mq.drift(ref, cur, target="y")
    with pytest.raises(TypeError, match="current must be a pandas or polars DataFrame"):
        mq.drift(ref, [1, 2])
    with pytest.raises(KeyError, match="columns='zzz'"):
        mq.drift(ref, cur, columns=["zzz"])


def test_a_rare_class_growing_is_label_drift_but_a_wobble_is_not():
    rng = np.random.default_rng(0)
    n = 100_000
    ref = pd.DataFrame({"x": rng.normal(size=n), "y": rng.random(n) < 0.05})
    grown = pd.DataFrame({"x": rng.normal(size=n), "y": rng.random(n) < 0.08})
    wobble = pd.DataFrame({"x": rng.normal(size=n), "y": rng.random(n) < 0.051})
    found = mq.drift(ref, grown, target="y", frame_classifier=False).filter(check="label_drift")
    assert found and found[0].severity == "warning"
    assert mq.drift(ref, wobble, target="y", frame_classifier=False).findings == []


def test_row_identifiers_are_not_drift():
    ref, cur = frames(seed=3)
    ref["order_id"] = np.arange(len(ref))
    cur["order_id"] = np.arange(len(ref), len(ref) + len(cur))
    ref["row"], cur["row"] = np.arange(len(ref)), np.arange(len(cur)) + 10_000
    report = mq.drift(ref, cur)
    assert report.filter(severity="warning") == []
    verdicts = report.tables["drift"].set_index("column")["verdict"]
    assert verdicts["order_id"] == verdicts["row"] == "identifier"
    cur["price"] = cur["price"] * 2
    assert [f.columns for f in mq.drift(ref, cur).filter(check="drift", severity="critical")][0] == ("price",)
