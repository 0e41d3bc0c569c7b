from __future__ import annotations

import pandas as pd
import pytest

IPython = pytest.importorskip("IPython")
from conftest import clean_frame  # noqa: E402
from IPython.core.error import UsageError  # noqa: E402
from IPython.testing.globalipapp import get_ipython  # noqa: E402


@pytest.fixture(scope="module")
def ip():
    shell = get_ipython()
    shell.run_line_magic("load_ext", "mlqa_nb")
    return shell


def test_profile_magic_returns_report(ip):
    df = clean_frame(500)
    df.loc[[1, 2], "weight_kg"] = [700.0, 720.0]
    ip.user_ns["orders"] = df
    report = ip.run_line_magic("mlqa", "profile orders --target label")
    assert report.title.startswith("profile of orders")
    assert set(report.filter(check="outliers")[0].rows) == {1, 2}
    assert "orders.loc[list(report.findings[0].rows)]" in report.to_html()


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
