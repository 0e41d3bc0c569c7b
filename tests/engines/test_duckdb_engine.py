"""DuckDB relations: profiled, mapped, sketched and compared where they live (narwhals),
with a reservoir sample for the checks the engine does not count itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq

duckdb = pytest.importorskip("duckdb")


def outlets(n=30_000, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    outlet = rng.integers(0, 300, n)
    df = pd.DataFrame({"outlet": outlet, "brand": (outlet // 10).astype(str), "height": rng.normal(170, 9, n)})
    df.loc[rng.choice(n, 300, replace=False), "height"] = -1.0
    df.loc[rng.choice(n, 200, replace=False), "brand"] = "x"
    return df


def test_a_relation_larger_than_the_sample_is_profiled_with_exact_counts(monkeypatch):
    from mlqa_nb._data import profile_engine

    monkeypatch.setattr(profile_engine, "ENGINE_SAMPLE_ROWS", 2000)
    df = outlets()
    report = mq.profile(duckdb.from_df(df))
    assert report.provenance["data"] == {"rows": 30_000, "columns": 3, "engine": "duckdb", "sample_rows": 2000}
    (code,) = report.filter(check="outliers")
    assert code.details["count"] == 300 and {r["height"] for r in code.details["first_rows"]} == {-1.0}
    assert "counted by duckdb" in report.to_html()


def test_mapping_against_a_reference_outliers_and_drift_of_relations():
    df = outlets()
    rel = duckdb.from_df(df)
    ref = {k: str(k // 10) for k in range(250)}
    got = {f.details["kind"]: f.details["count"] for f in mq.check_mapping(rel, "outlet", "brand", reference=ref).findings}
    want = {f.details["kind"]: f.details["count"] for f in mq.check_mapping(df, "outlet", "brand", reference=ref).findings}
    assert got == want and got["unknown_key"] == int((df["outlet"] >= 250).sum())
    (found,) = mq.outliers(rel, columns="height").findings
    assert found.details["count"] == 300
    assert mq.drift(rel, duckdb.from_df(df.sample(frac=1, random_state=1))).findings == []
    shifted = mq.drift(rel, duckdb.from_df(df.assign(height=df["height"] * 1.5)))
    assert {f.columns for f in shifted.findings} == {("height",)}
