"""mq.snapshot / mq.trace: the step that moved a statistic is named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


def people(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"height": rng.normal(170, 10, n), "weight": rng.normal(70, 8, n),
                         "city": rng.choice(["Paris", "Lyon"], n)})


def test_the_step_that_made_everyone_shorter_is_named(tmp_path):
    raw = people()
    steps = [mq.snapshot(raw, name="raw")]
    deduped = raw.drop_duplicates()
    steps.append(mq.snapshot(deduped, name="dedup"))
    converted = deduped.assign(height=deduped.height - 10)
    steps.append(mq.snapshot(converted, name="convert"))
    path = steps[2].save(tmp_path / "convert.json")
    steps[2] = mq.Snapshot.load(path)
    report = mq.trace(*steps)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.details["step"] == "dedup -> convert" and finding.columns == ("height",)
    assert finding.details["shift_sd"] == pytest.approx(-1.0, abs=0.1)


def test_rows_missing_rates_and_categories():
    raw = people()
    step = raw[raw.city == "Paris"].copy()
    step.loc[step.index[:300], "weight"] = np.nan
    step["city"] = step["city"].str.upper()
    report = mq.trace([mq.snapshot(raw, name="a"), mq.snapshot(step, name="b")])
    kinds = {f.details["kind"] for f in report.findings}
    assert {"rows", "missing", "categories_appeared", "categories_vanished"} <= kinds
    assert report.tables["steps"].loc[0, "rows_after"] == len(step)


def test_unchanged_data_is_quiet_and_bad_input_is_named():
    raw = people()
    assert mq.trace(mq.snapshot(raw, name="a"), mq.snapshot(raw.copy(), name="b")).findings == []
    with pytest.raises(ValueError, match="at least two"):
        mq.trace(mq.snapshot(raw, name="a"))
    with pytest.raises(TypeError, match="Snapshot objects"):
        mq.trace(raw, raw)
    with pytest.raises(TypeError, match="name must be"):
        mq.snapshot(raw, name="")


def test_snapshot_holds_no_rows(tmp_path):
    raw = people(50)
    raw["secret"] = [f"person-{i}" for i in range(50)]
    text = mq.snapshot(raw, name="x").save(tmp_path / "s.json").read_text()
    assert "person-7" not in text
