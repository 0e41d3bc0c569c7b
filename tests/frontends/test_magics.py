from __future__ import annotations

import pandas as pd
import pytest

IPython = pytest.importorskip("IPython")
from conftest import clean_frame  # noqa: E402
from IPython.core.error import UsageError  # noqa: E402


@pytest.fixture(scope="module")
def ip(ipython_shell):
    return ipython_shell


def test_profile_magic_returns_report(ip):
    df = clean_frame(500)
    df.loc[[1, 2], "weight_kg"] = [700.0, 720.0]
    ip.user_ns["orders"] = df
    report = ip.run_line_magic("mlqa", "profile orders --target label")
    assert report.title.startswith("profile of orders")
    assert set(report.filter(check="outliers")[0].rows) == {1, 2}
    # code that runs in the notebook and selects exactly the flagged rows
    assert "<code>orders.loc[[2, 1]]</code>" in report.to_html()  # most extreme first


def test_outliers_and_mapping_magics(ip):
    ip.user_ns["m"] = pd.DataFrame({"k": [1, 1, 1, 2] * 10, "v": ["a", "a", "b", "c"] * 10})
    report = ip.run_line_magic("mlqa", "mapping m k v")
    assert report.findings[0].check == "inconsistent_mapping"
    ip.user_ns["g"] = pd.DataFrame({"city": ["a"] * 50 + ["b"] * 50, "x": [1.0, 1.1] * 25 + [100.0, 101.0] * 25})
    assert ip.run_line_magic("mlqa", "outliers g --by city").findings == []


def test_magic_errors_name_the_bad_argument(ip):
    ip.user_ns["orders"] = clean_frame(100)
    with pytest.raises(UsageError, match="no variable named 'ordrs'"):
        ip.run_line_magic("mlqa", "profile ordrs")
    with pytest.raises(UsageError, match="target='nope' is not a column"):
        ip.run_line_magic("mlqa", "profile orders --target nope")
    with pytest.raises(UsageError, match="invalid choice"):
        ip.run_line_magic("mlqa", "profiel orders")
    with pytest.raises(UsageError, match="unrecognized arguments"):
        ip.run_line_magic("mlqa", "profile orders --frobnicate")


def test_help_prints_usage(ip, capsys):
    ip.run_line_magic("mlqa", "help")
    assert "%mlqa profile DF" in capsys.readouterr().out


def test_drift_and_volume_magics(ip):
    import numpy as np

    rng = np.random.default_rng(0)
    ip.user_ns["ref"] = pd.DataFrame({"x": rng.normal(0, 1, 2000)})
    ip.user_ns["cur"] = pd.DataFrame({"x": rng.normal(1, 1, 2000)})
    report = ip.run_line_magic("mlqa", "drift ref cur")
    assert report.filter(check="drift")[0].columns == ("x",)
    days = pd.date_range("2024-01-01", periods=120, freq="D")
    ip.user_ns["log"] = pd.DataFrame({"ts": np.repeat(days, 50)})
    assert ip.run_line_magic("mlqa", "volume log --time ts").findings == []
    with pytest.raises(UsageError, match="the following arguments are required: --time"):
        ip.run_line_magic("mlqa", "volume log")
    with pytest.raises(UsageError, match="time='when'"):
        ip.run_line_magic("mlqa", "volume log --time when")


def test_trace_cell_magic_reports_what_the_cell_did(ip):
    import numpy as np

    rng = np.random.default_rng(0)
    ip.user_ns["people"] = pd.DataFrame({"height": rng.normal(170, 10, 500), "city": rng.choice(["a", "b"], 500)})
    report = ip.run_cell_magic("mlqa", "trace", "people['height'] = people['height'] - 10\nsmall = people.head(5)")
    messages = [f.message for f in report.findings]
    assert any("mean of 'height' moved from" in m for m in messages)
    assert any("created 'small'" in m for m in messages)
    assert ip.user_ns["people"].shape == (500, 2)
    quiet = ip.run_cell_magic("mlqa", "trace", "x = 1")
    assert quiet.findings == []
    with pytest.raises(UsageError, match="one subcommand, trace"):
        ip.run_cell_magic("mlqa", "profile", "x = 1")


def test_model_magics(ip):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=600), "zone": rng.choice(["n", "s"], 600)})
    y = (X.a > 0).astype(int)
    model = LogisticRegression().fit(X[["a"]], y)
    ip.user_ns.update(model=model, X=X[["a"]], y=y, labels=pd.DataFrame({"p": y, "q": y, "r": 1 - y}))
    assert ip.run_line_magic("mlqa", "baselines model X y --cv 3").findings[0].check == "baseline_comparison"
    assert ip.run_line_magic("mlqa", "evaluate model X y").title.startswith("evaluation of model")
    assert [f.details["rate"] for f in ip.run_line_magic("mlqa", "compare model model X y").findings] == [0]
    assert ip.run_line_magic("mlqa", "agreement labels").filter(check="label_disagreement")
    with pytest.raises(UsageError, match="%mlqa baselines: .*Broken|must have a fit method"):
        ip.user_ns["broken"] = "no model"
        ip.run_line_magic("mlqa", "baselines broken X y")


def test_magics_for_behaviour_importance_data_latency_and_representation(ip):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=2000), "b": rng.normal(size=2000)})
    y = (X.a > 0).astype(int)
    groups = pd.DataFrame({"region": ["north"] * 20 + ["south"] * 980})
    ip.user_ns.update(model=LogisticRegression().fit(X, y), X=X, y=y, groups=groups,
                      rules=[{"monotonic": "a"}], census={"north": 0.5, "south": 0.5})
    assert ip.run_line_magic("mlqa", "latency model X --budget 1000").findings[0].details["budget_ms"] == 1000
    assert ip.run_line_magic("mlqa", "expect model X rules").findings == []  # the probability rises with a
    importance = ip.run_line_magic("mlqa", "importance model X y --expected b")
    assert [f.columns for f in importance.findings if f.severity == "warning"] == [("b",)]
    assert ip.run_line_magic("mlqa", "sufficiency model X y --cv 2").findings[0].check == "data_sufficiency"
    found = ip.run_line_magic("mlqa", "representation groups --by region --reference census").findings
    assert [f.details["kind"] for f in found] == ["too_few", "reference"]
    assert ip.run_line_magic("mlqa", "profile groups --groups region").filter(check="representation")
    with pytest.raises(UsageError, match="rulez"):
        ip.run_line_magic("mlqa", "expect model X rulez")


@pytest.mark.filterwarnings("error")  # polars warns when a lazy frame's columns are read the slow way
def test_magics_take_lazy_polars_and_arrow_frames_as_they_are(ip):
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    df = pd.DataFrame({"k": [1, 1, 1, 2] * 10, "v": ["a", "a", "b", "c"] * 10, "x": [1.0, 2.0] * 20})
    ip.user_ns.update(lazy=pl.from_pandas(df).lazy(), table=pa.Table.from_pandas(df))
    for name in ("lazy", "table"):
        (found,) = ip.run_line_magic("mlqa", f"mapping {name} k v").findings
        assert found.details["count"] == 10 and all(row["v"] == "b" for row in found.details["first_rows"])
        assert ip.run_line_magic("mlqa", f"profile {name} --target v").title == f"profile of {name} (40 rows x 3 columns)"
    with pytest.raises(UsageError, match="target='nope' is not a column"):
        ip.run_line_magic("mlqa", "profile lazy --target nope")
    with pytest.raises(UsageError, match="by= judges each group on all of its rows, which a polars LazyFrame"):
        ip.run_line_magic("mlqa", "outliers lazy --by k")
