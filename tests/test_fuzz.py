"""Property-based search for frames that break an entry point: mixed dtypes, odd
values and odd labels drawn by hypothesis. Bounded to about a minute."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contract import _snapshot, _unchanged

import mlqa_nb as mq
from mlqa_nb._frontends import lab

ROWS = st.integers(min_value=0, max_value=40)
CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["999", "-1", "12,552", "12 kg", "Ã©t\u00e9", "&amp;", "f\udcff.txt", "\x07"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from([Decimal("sNaN"), Decimal("1.5"), (1, 2), b"\xff", frozenset({1})]),
    st.lists(st.integers(0, 3), max_size=2),
)
LABELS = st.one_of(st.text(min_size=0, max_size=6), st.integers(-3, 3), st.none(), st.just(("a", "b")))


class Drawn:
    """A drawn frame whose repr never fails (pandas cannot print Decimal('sNaN'))."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df

    def __repr__(self) -> str:
        from test_contract import _cells, _token

        return f"columns={[_token(c) for c in self.df.columns]} dtypes={list(map(str, self.df.dtypes))} cells={_cells(self.df)}"


@st.composite
def frames(draw) -> Drawn:
    n = draw(ROWS)
    columns = {}
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["float", "int", "nullable", "datetime", "category", "object", "string"]))
        if kind == "float":
            values = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=n, max_size=n))
            series = pd.Series(values, dtype="float64")
        elif kind == "int":
            series = pd.Series(draw(st.lists(st.integers(-(2**40), 2**40), min_size=n, max_size=n)), dtype="int64")
        elif kind == "nullable":
            series = pd.Series(draw(st.lists(st.one_of(st.none(), st.integers(-99, 999)), min_size=n, max_size=n)),
                               dtype="Int64")
        elif kind == "datetime":
            days = draw(st.lists(st.integers(-20_000, 20_000), min_size=n, max_size=n))
            series = pd.Series(pd.to_datetime(days, unit="D", origin="unix"))
        elif kind == "category":
            series = pd.Series(draw(st.lists(st.sampled_from(["a", "A", "a ", "b"]), min_size=n, max_size=n)),
                               dtype="category")
        elif kind == "string":
            series = pd.Series(draw(st.lists(st.text(max_size=8), min_size=n, max_size=n)), dtype="string")
        else:
            series = pd.Series(draw(st.lists(CELLS, min_size=n, max_size=n)), dtype=object)
        columns[len(columns)] = series
    df = pd.DataFrame(columns)
    df.columns = draw(st.lists(LABELS, min_size=df.shape[1], max_size=df.shape[1]))
    return Drawn(df)


def _clear(error: Exception) -> bool:
    message = str(error.args[0] if isinstance(error, KeyError) and error.args else error)
    return isinstance(error, (ValueError, TypeError, KeyError)) and bool(message) and "\n" not in message


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(frames())
def test_no_frame_breaks_an_entry_point(drawn):
    df = drawn.df
    started = time.perf_counter()
    before = _snapshot(df)
    runs = {
        "profile": lambda: mq.profile(df),
        "outliers": lambda: mq.outliers(df),
        "drift": lambda: mq.drift(df, df, frame_classifier=False),
        "trace": lambda: mq.trace(mq.snapshot(df, name="a"), mq.snapshot(df, name="b")),
    }
    for entry, run in runs.items():
        try:
            report = run()
        except Exception as error:
            assert _clear(error), f"{entry}: {type(error).__name__}: {error}"
            continue
        json.loads(report.to_json())
        assert "<script" not in report.to_html().lower()
        if entry == "drift":
            assert report.filter(severity="warning") == []  # a frame does not drift from itself
        if df.index.is_unique:
            for finding in report.findings:
                df.loc[list(finding.rows)]
    _unchanged(df, before)
    assert lab.fingerprint(df) == lab.fingerprint(df)
    assert time.perf_counter() - started < 5
