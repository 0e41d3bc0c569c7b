"""The HTML report: what it tells a reader about each finding."""

from __future__ import annotations

import numpy as np
import pandas as pd

import mlqa_nb as mq


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    values = rng.normal(50, 5, 2000)
    values[[5, 17, 30, 41, 52, 63, 74, 85, 96, 107]] = 5000.0
    return pd.DataFrame({"v": values}, index=pd.RangeIndex(2000) * 10)


def test_row_hint_is_code_for_a_named_frame_and_labels_otherwise():
    named = mq.profile(_frame(), name="orders", checks=["outliers"]).to_html()
    assert "<code>orders.loc[[50, 170, 300, 410, 520, 630, 740, 850]]</code> (first 8 of 10; all in finding.rows)" in named
    anonymous = mq.profile(_frame(), checks=["outliers"]).to_html()
    assert "rows: <code>50, 170, 300, 410, 520, 630, 740, 850</code>" in anonymous
    assert ".loc[" not in anonymous  # no code that would run against another frame


def test_row_labels_that_are_not_literals_are_listed_not_coded():
    df = _frame().set_axis(pd.date_range("2024-01-01", periods=2000, freq="h"))
    html = mq.profile(df, name="log", checks=["outliers"]).to_html()
    assert ".loc[" not in html
    assert "2024-01-01 05:00:00" in html


def test_the_report_styles_only_itself():
    """A report shown in a notebook must not restyle the page around it (JupyterLab's
    own widgets or the Quality panel): every rule is scoped to the report."""
    import re
    from importlib import resources

    css = resources.files("mlqa_nb._render").joinpath("templates/report.css").read_text()
    selectors = [s.strip() for rule in re.findall(r"^([^{}\s][^{]*)\{", css, flags=re.M) for s in rule.split(",")]
    assert selectors
    assert all(s == ".mlqa-report" or s.startswith(".mlqa-report ") for s in selectors), selectors


def test_what_a_notebook_shows_survives_a_sanitizer():
    """An untrusted notebook keeps inline style attributes and <img> data URIs and drops
    <style>, <svg> and CSS variables: the notebook rendering uses only what is kept."""
    import base64
    import re
    import xml.dom.minidom

    import numpy as np
    import pandas as pd

    import mlqa_nb as mq

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"h": rng.normal(170, 9, 800).round(1), "c": rng.choice(["Paris", "Lyon"], 800)})
    df.loc[[3, 40, 77], "h"] = (df.loc[[3, 40, 77], "h"] / 2.54).round(1)
    shown = mq.profile(df)._repr_html_()
    assert "<style" not in shown and "<svg" not in shown and "var(" not in shown
    badge = re.search(r'<span class="mlqa-badge mlqa-warning"[^>]*style="([^"]*)"', shown).group(1)
    assert "background: #b35900" in badge
    images = re.findall(r'<img class="mlqa-figure" src="data:image/svg\+xml;base64,([^"]+)"', shown)
    assert images  # the finding's distribution
    for data in images:
        svg = base64.b64decode(data).decode()
        xml.dom.minidom.parseString(svg)  # well-formed
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg and "currentColor" not in svg
    # the page keeps its stylesheet and inline SVG (it follows the theme)
    page = mq.profile(df).to_html()
    assert "<style>" in page and "<svg" in page
