"""Watch mode in an IPython shell: a line for a frame that gained a problem, nothing otherwise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

IPython = pytest.importorskip("IPython")
from mlqa_nb._frontends import watch as _watch  # noqa: E402


@pytest.fixture
def ip(ipython_shell, capsys):
    shell = ipython_shell
    for name in [n for n in shell.user_ns if not n.startswith("_")]:
        if isinstance(shell.user_ns[name], pd.DataFrame):
            del shell.user_ns[name]
    rng = np.random.default_rng(0)
    shell.user_ns.update(np=np, pd=pd, clean=pd.DataFrame({"weight_kg": rng.normal(72, 9, 600).round(2),
                                                           "shop": rng.choice(["A", "B", "C"], 600)}))
    yield shell
    shell.run_line_magic("mlqa", "watch off")
    capsys.readouterr()


def cell(shell, code: str, capsys) -> str:
    shell.run_cell(code, store_history=False)
    return capsys.readouterr().out


def test_a_planted_problem_gets_a_line_and_clean_changes_stay_quiet(ip, capsys):
    assert "watch mode on: watching 1 data frame" in cell(ip, "%mlqa watch on", capsys)
    assert cell(ip, "x = 1", capsys) == ""
    assert cell(ip, "copy = clean.copy()", capsys) == ""  # a new frame, but a clean one
    assert cell(ip, "clean['weight_kg'] = clean['weight_kg'].round(1)", capsys) == ""  # changed, still clean
    out = cell(ip, "clean.loc[[1, 2, 3], 'weight_kg'] = clean.loc[[1, 2, 3], 'weight_kg'] * 1000", capsys)
    assert out.count("mlqa watch:") == 1
    assert "clean gained 1 warning: unit_scale on 'weight_kg'" in out and "mq.explore(clean)" in out
    assert cell(ip, "y = 2", capsys) == ""  # nothing new
    assert cell(ip, "clean = clean.sort_values('weight_kg')", capsys) == ""  # changed, but nothing gained
    out = cell(ip, "messy = clean.assign(shop=clean['shop'].where(clean.index > 5, 'a '))", capsys)
    assert "messy new frame with" in out and "inconsistent_categories on 'shop'" in out
    assert "watch mode off" in cell(ip, "%mlqa watch off", capsys)
    assert cell(ip, "clean.loc[[7, 8], 'weight_kg'] = -1e9", capsys) == ""


def test_large_frames_are_judged_on_a_sample_and_said_so(ip, capsys, monkeypatch):
    monkeypatch.setattr(_watch, "SAMPLE_ROWS", 300)
    cell(ip, "%mlqa watch on", capsys)
    out = cell(ip, "big = clean.copy(); big.loc[:60, 'weight_kg'] = big.loc[:60, 'weight_kg'] * 1000", capsys)
    assert "big new frame with" in out and "judged on a 300-row sample" in out


def test_silenced_findings_do_not_ring(ip, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mlqa.toml").write_text('[[silence]]\ncheck = "unit_scale"\n')
    cell(ip, "%mlqa watch on", capsys)
    assert cell(ip, "clean.loc[[1, 2, 3], 'weight_kg'] = clean.loc[[1, 2, 3], 'weight_kg'] * 1000", capsys) == ""


def test_the_banner_escapes_names_and_wrong_arguments_are_named(ip, capsys):
    banner = _watch.Banner([_watch.Gain("df", [("inconsistent_categories", ("<b>x</b>",), "warning")], False, True)])
    assert "<b>x</b>" not in banner._repr_html_() and "&lt;b&gt;" in banner._repr_html_()
    import mlqa_nb as mq

    with pytest.raises(ValueError, match="'maybe'"):
        mq.watch("maybe")
    with pytest.raises(TypeError, match="on must be"):
        mq.watch(3)


def test_in_a_kernel_the_banner_has_an_explore_button_per_frame(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"w": rng.normal(72, 9, 500).round(2)})
    frame.loc[[1, 2, 3], "w"] *= 1000
    banner = _watch.Banner([_watch.Gain("orders", [("unit_scale", ("w",), "warning")], False, False)])
    box = _watch.explore_buttons(banner, {"orders": frame})
    (button,) = box.children[0].children
    assert button.description == "Explore orders"
    button.click()
    explorer = box.explorers["orders"]
    assert explorer.name == "orders" and "unit_scale" in {f.check for f in explorer.findings}
