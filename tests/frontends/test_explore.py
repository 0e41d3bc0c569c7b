"""mq.explore driven through its Python state: filter, select, thresholds, silence, fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")
import mlqa_nb as mq  # noqa: E402
from mlqa_nb._frontends.explore import ALL  # noqa: E402


def messy() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 800
    df = pd.DataFrame({"height_cm": rng.normal(170, 9, n).round(1), "city": rng.choice(["Paris", "Lyon", "Nice"], n),
                       "age": rng.integers(20, 70, n).astype(float), "<b>x</b>": rng.normal(size=n).round(3)})
    df.loc[[3, 40, 77], "height_cm"] = (df.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
    df.loc[[5, 6], "city"] = ["paris", "PARIS "]
    df.loc[[100], "age"] = 400.0
    df["spend"] = rng.normal(100, 10, n).round(2)
    df.loc[[200, 201], "spend"] = [1000.0, 1100.0]
    return df


@pytest.fixture
def explorer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return mq.explore(messy(), name="people")


def test_the_list_filters_and_a_selection_shows_rows_and_figure(explorer):
    checks = {f.check for f in explorer.findings}
    assert {"unit_scale", "inconsistent_categories", "outliers"} <= checks
    assert {f.check for f in explorer.filter(check="unit_scale")} == {"unit_scale"}
    assert explorer.filter(column="city")[0].check == "inconsistent_categories"
    assert all(f.severity == "warning" for f in explorer.filter(severity="warning"))
    explorer.filter()
    assert len(explorer.visible) == len(explorer.findings) == len(explorer.list.options)
    finding = explorer.select(explorer.visible.index(next(f for f in explorer.findings if f.check == "unit_scale")))
    assert finding.check == "unit_scale" and explorer.selected is finding
    rows = explorer.rows.value
    assert "<th>height_cm</th>" in rows.split("<th>city</th>")[0]  # the involved column comes first
    assert all(f">{label}</th>" in rows for label in (3, 40, 77))
    assert "&lt;b&gt;x&lt;/b&gt;" in rows and "<b>x</b>" not in rows  # user data is escaped
    assert explorer.figure.value[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="severity must be one of"):
        explorer.filter(severity="loud")
    with pytest.raises(IndexError, match="out of range"):
        explorer.select(99)


def test_a_threshold_change_reruns_only_that_check(explorer, monkeypatch):
    from mlqa_nb._data import profile as profile_module

    explorer.select(next(i for i, f in enumerate(explorer.visible) if f.check == "outliers"))
    names = [c.description for c in explorer.thresholds.children]
    assert "z_threshold" in names
    before = {f.check: f for f in explorer.findings}
    ran = []
    real = profile_module._run_checks
    monkeypatch.setattr(profile_module, "_run_checks", lambda ctx, specs: ran.append([s.id for s in specs]) or real(ctx, specs))
    found = explorer.set_threshold("z_threshold", 1000.0)  # nothing is that far out
    assert ran == [["outliers"]]
    assert found == [] and "outliers" not in {f.check for f in explorer.findings}
    assert {c for c in before if c != "outliers"} == {f.check for f in explorer.findings}
    explorer.filter(check=ALL)
    explorer.select(next(i for i, f in enumerate(explorer.visible) if f.check == "unit_scale"))
    with pytest.raises(ValueError, match="has no threshold 'z_threshold'"):
        explorer.set_threshold("z_threshold", 3.0)
    # the controls' values are what the button runs with
    explorer.select(next(i for i, f in enumerate(explorer.visible) if f.check == "unit_scale"))
    control = next(c for c in explorer.thresholds.children if c.description == "min_count")
    control.value = 4  # three rows were rescaled: now too few to claim a unit mix-up
    explorer.rerun.click()
    assert "unit_scale" not in {f.check for f in explorer.findings}
    assert explorer.options["unit_scale"]["min_count"] == 4


def test_silence_writes_the_file_and_profile_honours_it(explorer, tmp_path):
    index = next(i for i, f in enumerate(explorer.visible) if f.check == "inconsistent_categories")
    explorer.select(index)
    with pytest.raises(ValueError, match="say why"):
        explorer.silence("  ")
    explorer.silence("spellings are fixed upstream")
    assert "inconsistent_categories" not in {f.check for f in explorer.findings}
    assert "1 silenced" in explorer.status.value
    text = (tmp_path / "mlqa.toml").read_text()
    assert 'check = "inconsistent_categories"' in text and 'column = "city"' in text and 'frame = "people"' in text
    report = mq.profile(messy(), name="people")
    assert [f.check for f in report.silenced] == ["inconsistent_categories"]
    assert "inconsistent_categories" in {f.check for f in mq.profile(messy(), name="other").findings}


def test_insert_fix_gives_the_code_and_leaves_the_frame_alone(explorer):
    df = explorer.frame
    explorer.select(next(i for i, f in enumerate(explorer.visible) if f.check == "unit_scale"))
    assert "people.loc[[3, 40, 77], &#x27;height_cm&#x27;]" in explorer.code.value  # shown as text
    code = explorer.insert_fix()
    assert explorer.inserted == [code]
    namespace = {"people": df.copy()}
    exec(code, namespace)
    assert namespace["people"].loc[[3, 40, 77], "height_cm"].between(140, 200).all()
    assert df.loc[3, "height_cm"] < 100  # the explorer's frame is untouched
    explorer.select(next(i for i, f in enumerate(explorer.visible) if f.check == "outliers"))
    assert explorer.insert_button.layout.display == "none"
    with pytest.raises(ValueError, match="no fix"):
        explorer.insert_fix()


def test_by_adds_outliers_within_groups_drawn_per_group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    cities = {"Paris": 10_000, "Lyon": 4_000, "<i>Nantes</i>": 3_000}
    df = pd.DataFrame([(c, rng.normal(m, m * 0.1)) for c, m in cities.items() for _ in range(300)],
                      columns=["city", "price_m2"])
    df.loc[[700, 750], "price_m2"] = [10_500.0, 9_800.0]  # ordinary in Paris, absurd in Nantes
    plain = mq.explore(df, name="flats")
    assert not any(f.details.get("by") for f in plain.findings)
    explorer = mq.explore(df, by="city", name="flats")
    labels = [label for label, _ in explorer.list.options]
    index = labels.index("[warning] outliers (price_m2 within city)")
    finding = explorer.select(index)
    assert set(finding.rows) == {700, 750} and finding.figure.groups[0] == "<i>Nantes</i>"
    assert explorer.figure.value[:4] == b"\x89PNG"
    assert "&lt;i&gt;Nantes&lt;/i&gt;" in explorer.rows.value
    # the outlier thresholds apply within groups too
    assert explorer.set_threshold("z_threshold", 1000.0) == []
    assert not any(f.check == "outliers" for f in explorer.findings)
    back = mq.explore(df, by="city", name="flats", options={"outliers": {"z_threshold": 5.0}})
    index = [label for label, _ in back.list.options].index("[warning] outliers (price_m2 within city)")
    back.select(index)
    back.silence("prices in Nantes are checked by hand")  # this column: the finding names two
    assert not any(f.check == "outliers" and f.columns[0] == "price_m2" for f in back.findings)
    assert 'column = "price_m2"' in (tmp_path / "mlqa.toml").read_text()


def test_explore_magic_and_a_clean_frame(ipython_shell, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(2)
    ipython_shell.user_ns["tidy"] = pd.DataFrame(rng.normal(size=(300, 3)).round(4), columns=["a", "b", "c"])
    explorer = ipython_shell.run_line_magic("mlqa", "explore tidy")
    assert explorer.name == "tidy" and explorer.findings == [] and explorer.list.options == ()
    assert "0 critical, 0 warning, 0 info" in explorer.status.value
    ipython_shell.user_ns["tidy"]["group"] = np.repeat(["x", "y", "z"], 100)
    ipython_shell.user_ns["tidy"].loc[7, "a"] = 40.0
    grouped = ipython_shell.run_line_magic("mlqa", "explore tidy --by group")
    assert [(f.columns, f.rows) for f in grouped.findings if f.details.get("by")] == [(("a", "group"), (7,))]
