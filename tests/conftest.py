"""Shared data: a clean frame that must stay quiet, and awkward frames that must not crash."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest


def clean_frame(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    """Realistic data with nothing wrong in it."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "height_cm": rng.normal(170, 9, n).round(1),
            "weight_kg": rng.normal(72, 11, n).round(1),
            "price": rng.lognormal(3.5, 0.6, n).round(2),
            "age": rng.integers(18, 90, n),
            "score": rng.standard_t(8, n),
            "city": rng.choice(["Paris", "Lyon", "Marseille", "Toulouse", "Nice"], n),
            "segment": pd.Categorical(rng.choice(["a", "b", "c"], n)),
            "signup": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D"),
            "active": rng.random(n) < 0.4,
            "comment": rng.choice(
                ["arrived on time and warm", "a bit late but fine", "great, will order again",
                 "the driver couldn't find the door", "\u201cexcellent\u201d service"], n),
            "label": rng.choice(["yes", "no"], n, p=[0.3, 0.7]),
        }
    )


def shops_by_day(seed=0, planted=True) -> pd.DataFrame:
    """90 days of 100 rows per shop; shop a has 400 rows on 2024-02-10, shop b 20 on 2024-03-01."""
    rng = np.random.default_rng(seed)
    odd = {("a", "2024-02-10"): 400, ("b", "2024-03-01"): 20} if planted else {}
    parts = []
    for day in pd.date_range("2024-01-01", periods=90, freq="D"):
        for shop in ("a", "b"):
            k = odd.get((shop, str(day.date())), 100)
            parts.append(pd.DataFrame({"ts": day + pd.to_timedelta(rng.integers(0, 86_400, k), unit="s"),
                                       "shop": shop, "v": rng.normal(size=k)}))
    return pd.concat(parts, ignore_index=True)


def only(report, check):
    return report.filter(check=check)


def alarms(report):
    return report.filter(severity="warning")


def linear_data(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n), "c": rng.normal(size=n)})
    y = (X.a + 0.5 * X.b + rng.normal(size=n) > 0).map({True: "yes", False: "no"})
    return X, y


def interaction_data(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = ((X.a > 0) ^ (X.b > 0)).astype(int)  # XOR: invisible to a linear model
    return X, y



@pytest.fixture
def clean() -> pd.DataFrame:
    return clean_frame()


def _awkward() -> dict[str, pd.DataFrame]:
    big = "x" * 200_000
    frames = {
        "empty": pd.DataFrame(),
        "no_rows": pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=object)}),
        "one_row": pd.DataFrame({"a": [1.0], "b": ["x"], "c": [pd.Timestamp("2024-01-01")]}),
        "all_nan": pd.DataFrame({"a": [np.nan] * 50, "b": [None] * 50, "c": pd.Series([pd.NA] * 50, dtype="Int64")}),
        "mixed_objects": pd.DataFrame({"m": [1, "two", 3.0, None, b"bytes", 5] * 10}),
        "lists_in_cells": pd.DataFrame({"l": [[1, 2], [3], [], {"a": 1}, None, np.array([1, 2])] * 10, "k": range(60)}),
        "duplicate_names": pd.DataFrame([[1, 2, "a"], [3, 4, "b"]] * 20, columns=["x", "x", "y"]),
        "non_string_names": pd.DataFrame({0: range(40), 1.5: np.linspace(0, 1, 40), ("a", "b"): ["p", "q"] * 20}),
        "tz_aware": pd.DataFrame({"t": pd.date_range("2024-01-01", periods=60, freq="h", tz="Europe/Paris"), "v": range(60)}),
        "nullable": pd.DataFrame({
            "i": pd.array([1, None, 3] * 20, dtype="Int64"),
            "f": pd.array([1.5, None, 2.5] * 20, dtype="Float64"),
            "b": pd.array([True, None, False] * 20, dtype="boolean"),
            "s": pd.array(["a", None, "c"] * 20, dtype="string"),
        }),
        "arrow": pd.DataFrame({
            "i": pd.array([1, None, 3] * 20, dtype="int64[pyarrow]"),
            "f": pd.array([1.5, None, 2.5] * 20, dtype="double[pyarrow]"),
            "s": pd.array(["a", None, "c"] * 20, dtype="string[pyarrow]"),
            "t": pd.array(pd.date_range("2024-01-01", periods=60), dtype="timestamp[ns][pyarrow]"),
            "b": pd.array([True, False, None] * 20, dtype="bool[pyarrow]"),
        }),
        "huge_strings": pd.DataFrame({"s": [big, big + "y", "short"] * 10}),
        "script_injection": pd.DataFrame({
            "<script>alert(1)</script>": ["<script>alert('x')</script>", "<img src=x onerror=alert(2)>", "&amp;"] * 20,
            "n<b>": [1.0, 2.0, 1e9] * 20,
        }),
        "infinities": pd.DataFrame({"v": [1.0, np.inf, -np.inf, 2.0, np.nan] * 12}),
        "categorical_with_unused": pd.DataFrame({"c": pd.Categorical(["a", "b"] * 30, categories=["a", "b", "zzz"])}),
        "timedelta": pd.DataFrame({"d": pd.to_timedelta(np.arange(60), unit="h")}),
        "duplicate_index": pd.DataFrame({"v": [1.0, 2.0, 3.0, 1e6] * 15}, index=[0, 0, 1, 1] * 15),
        "constant_everything": pd.DataFrame({"a": [1] * 30, "b": ["x"] * 30}),
        # file names read with the wrong encoding, and bytes that are not UTF-8
        "lone_surrogates": pd.DataFrame({"f": pd.Series(["f\udcff.txt", "a.txt", "b\udc80"] * 20, dtype=object),
                                         "v": np.arange(60)}),
        "non_utf8_bytes": pd.DataFrame({"b": [b"caf\xe9", b"ok", b"\xff\xfe"] * 20, "v": np.arange(60)}),
        # dates beyond pandas' nanosecond range
        "far_dates": pd.DataFrame({
            "t": pd.Series(np.array(["9999-12-31T23:59:59.999999", "2263-01-01", "2024-01-01"] * 20,
                                    dtype="datetime64[us]")),
            "o": [_dt.datetime(9999, 12, 31, 23, 59, 59, 999999), _dt.datetime(1, 1, 1), _dt.datetime(2024, 1, 1)] * 20,
        }),
        # numbers Python holds but floats and str() do not
        "huge_ints": pd.DataFrame({"i": [10**400, 1, 2] * 20, "j": [10**5000, 3, 4] * 20}),
        "signalling_nan_decimals": pd.DataFrame({"d": [Decimal("sNaN"), Decimal("1.5"), Decimal("2")] * 20}),
        "arrow_decimal_with_nulls": pd.DataFrame({
            "d": pd.array([Decimal("1.50"), None, Decimal("2.25")] * 20, dtype=pd.ArrowDtype(pa.decimal128(10, 2)))}),
        # nested Arrow columns
        "arrow_nested": pd.DataFrame({
            "l": pd.array([[1, 2], None, [3]] * 20, dtype=pd.ArrowDtype(pa.list_(pa.int64()))),
            "s": pd.array([{"a": 1}, None, {"a": 2}] * 20, dtype=pd.ArrowDtype(pa.struct([("a", pa.int64())]))),
            "m": pd.array([[("k", 1)], None, [("j", 2)]] * 20, dtype=pd.ArrowDtype(pa.map_(pa.string(), pa.int64()))),
            "v": np.arange(60),
        }),
        "tuples_sets_functions": pd.DataFrame({"o": [(1, 2), {1, 2}, b"x", len, frozenset({3})] * 12, "v": range(60)}),
        "multiindex_columns": pd.DataFrame(np.arange(120).reshape(60, 2) % 7,
                                           columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")])),
        "none_and_nan_labels": pd.DataFrame({None: np.arange(60), np.nan: np.arange(60) % 3, "ok": ["a", "b", "c"] * 20}),
        # small in cells, costly if handled carelessly
        "wide_20x400": pd.DataFrame(np.random.default_rng(0).normal(size=(20, 400)), columns=[f"c{i}" for i in range(400)]),
        "free_text_3x1500": pd.DataFrame({a: np.random.default_rng(1).choice([f"note {i} on the case" for i in range(3000)], 1500)
                                          for a in "abc"}),
    }
    return frames


AWKWARD = _awkward()


@pytest.fixture(params=sorted(AWKWARD), ids=sorted(AWKWARD))
def awkward(request) -> tuple[str, pd.DataFrame]:
    return request.param, AWKWARD[request.param]


@pytest.fixture(scope="session")
def ipython_shell():
    """One IPython shell for the tests of the notebook front ends, with %mlqa loaded."""
    pytest.importorskip("IPython")
    from IPython.testing import globalipapp

    shell = globalipapp.start_ipython() or globalipapp.get_ipython()
    shell.run_line_magic("load_ext", "mlqa_nb")
    return shell
