"""low_information: constant, identifier and hair-thin columns."""

from __future__ import annotations

import numpy as np
from conftest import clean_frame, only

import mlqa_nb as mq


def test_low_information_constant_identifier_narrow():
    df = clean_frame(1000)
    df["const"] = 7
    df["row_id"] = np.arange(1000)
    df["sensor"] = 0.5 + np.random.default_rng(0).normal(0, 1e-6, 1000)
    findings = {f.columns[0]: f for f in only(mq.profile(df), "low_information")}
    assert findings["const"].severity == "warning"
    assert findings["row_id"].details["kind"] == "identifier"
    assert findings["sensor"].details["kind"] == "narrow_range"
    assert set(findings) == {"const", "row_id", "sensor"}

