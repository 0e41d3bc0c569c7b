"""The registry: every catalog id listed with its family and defaults, options checked by name and value."""

from __future__ import annotations

import importlib
import inspect

import pandas as pd
import pytest

import mlqa_nb as mq


def test_checks_lists_registered_ids_with_defaults():
    table = mq.checks()
    assert {"missing_values", "duplicates", "type_mismatch", "low_information", "outliers",
            "unit_scale", "range_violation", "text_encoding", "inconsistent_categories",
            "class_imbalance", "leakage"} <= set(table["check"])
    assert table.set_index("check").loc["outliers", "options"]["z_threshold"] == 5.0



#: Every catalog id that has an implementation, by family.
IMPLEMENTED = {
    "data": {"missing_values", "duplicates", "type_mismatch", "low_information", "outliers", "unit_scale",
             "range_violation", "text_encoding", "inconsistent_categories", "class_imbalance", "leakage",
             "inconsistent_mapping", "representation"},
    "monitoring": {"volume_anomaly", "drift", "label_drift", "pipeline_trace"},
    "models": {"baseline_comparison", "error_tail", "weak_segments", "fairness", "model_change",
               "label_disagreement", "label_noise", "latency", "expectation", "feature_importance",
               "data_sufficiency"},
}


def test_every_implemented_catalog_id_is_listed_with_its_family_module_and_defaults():
    table = mq.checks().set_index("check")
    assert table.index.is_unique
    assert {i: f for f, ids in IMPLEMENTED.items() for i in ids} == table["family"].to_dict()
    for check_id, row in table.iterrows():
        assert row["finds"], check_id
        assert row["run_by"].startswith("mq."), check_id
        assert row["module"].startswith(f"mlqa_nb._{row['family']}."), check_id
        module = importlib.import_module(row["module"])
        assert check_id in inspect.getsource(module)  # the id lives where the table says
    assert table.loc["drift", "options"]["frame_critical_auc"] == 0.9
    assert table.loc["model_change", "options"] == {"change_warning": 0.1, "change_critical": 0.3,
                                                     "regression_change": 0.05}
    assert table.loc["volume_anomaly", "run_by"] == "mq.profile, mq.volume"


def test_option_names_and_values_are_checked_with_errors_that_name_them(clean):
    with pytest.raises(ValueError, match="check 'outliers' has no option 'z'"):
        mq.profile(clean, options={"outliers": {"z": 6}})
    with pytest.raises(ValueError, match=r"The 'z_threshold' parameter of check 'outliers' must be a float > 0\. "
                                         r"Got -1 instead\."):
        mq.profile(clean, options={"outliers": {"z_threshold": -1}})
    with pytest.raises(TypeError, match="The 'warning_rate' parameter of check 'missing_values' must be a float in "
                                        r"the range \(0, 1\)\. Got '30%' instead\."):
        mq.profile(clean, options={"missing_values": {"warning_rate": "30%"}})
    with pytest.raises(ValueError, match="options names checks that drift does not run: .'outliers'."):
        mq.drift(clean, clean, options={"outliers": {"z_threshold": 6}})
    with pytest.raises(TypeError, match="options must be a dict"):
        mq.evaluate(None, clean, clean["label"], options=["fairness"])
    with pytest.raises(ValueError, match="The 'min_common' parameter of check 'label_disagreement' must be an int >= 1"):
        mq.agreement(clean[["city", "city"]].set_axis(["a", "b"], axis=1),
                     options={"label_disagreement": {"min_common": 0}})


def test_options_reach_each_entry_point(clean):
    shifted = clean.assign(price=clean["price"] * 1.5)
    assert mq.drift(clean, shifted, frame_classifier=False).filter(check="drift")
    quiet = mq.drift(clean, shifted, frame_classifier=False,
                     options={"drift": {"numeric_warning": 0.9, "numeric_critical": 0.95}})
    assert quiet.filter(check="drift") == []

    before = mq.snapshot(clean, name="before")
    after = mq.snapshot(clean.assign(height_cm=clean["height_cm"] + 5), name="after")
    assert mq.trace(before, after).filter(check="pipeline_trace", severity="warning")
    relaxed = mq.trace(before, after, options={"pipeline_trace": {"mean_shift_sd": 1.0}})
    assert relaxed.filter(check="pipeline_trace", severity="warning") == []

    log = pd.DataFrame({"ts": pd.date_range("2024-01-01", periods=60 * 24, freq="h")})
    log = log[~log["ts"].dt.date.astype(str).eq("2024-02-01")]
    assert mq.volume(log, time="ts").findings
    assert mq.volume(log, time="ts", options={"volume_anomaly": {"freq": "W"}}).findings == []


def test_entry_point_arguments_are_checked_with_errors_that_name_them(clean):
    X, y = clean[["height_cm", "weight_kg"]], clean["label"]
    with pytest.raises(ValueError, match=r"The 'cv' parameter of label_issues must be an int >= 2\. Got 1 instead\."):
        mq.label_issues(X, y, cv=1)
    with pytest.raises(TypeError, match=r"The 'cv' parameter of baselines must be an int >= 2\. Got '5' instead\."):
        mq.baselines(None, X, y, cv="5")
    with pytest.raises(ValueError, match=r"The 'tolerance' parameter of evaluate must be None or a float > 0\."):
        mq.evaluate(None, X, y, tolerance=0)
    with pytest.raises(ValueError, match=r"The 'alpha' parameter of drift must be a float in the range \(0, 1\)\."):
        mq.drift(clean, clean, alpha=1.5)
