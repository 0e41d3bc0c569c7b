"""report.plot: matplotlib figures drawn from a finding's figure data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


def test_plot_draws_the_flagged_rows_with_matplotlib():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    df = pd.DataFrame({"v": np.r_[np.random.default_rng(1).normal(10, 1, 500), [500.0, 800.0]]})
    report = mq.profile(df, checks=["outliers"])
    ax = report.plot(0)
    assert {round(line.get_xdata()[0]) for line in ax.get_lines()} == {500, 800}
    with pytest.raises(IndexError, match="index must be in 0..0"):
        report.plot(3)



def test_every_kind_of_figure_is_drawn_from_the_finding_alone():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    ref = pd.DataFrame({"price": rng.normal(10, 1, 800), "city": rng.choice(["a", "b"], 800, p=[0.8, 0.2])})
    cur = pd.DataFrame({"price": rng.normal(14, 1, 800), "city": rng.choice(["a", "b"], 800, p=[0.3, 0.7])})
    drift = mq.drift(ref, cur, frame_classifier=False)
    kinds = {type(f.figure).__name__: f for f in drift.findings}
    assert set(kinds) == {"OverlaidHistograms", "PairedBars"}
    log = pd.DataFrame({"ts": pd.date_range("2024-01-01", periods=24 * 60, freq="h")})
    volume = mq.volume(log[~log["ts"].dt.strftime("%m-%d").eq("02-01")], time="ts")
    X = pd.DataFrame({"a": rng.normal(size=300)})
    baselines = mq.baselines(LogisticRegression(), X, (X["a"] > 0).astype(int), cv=3)
    labels = pd.Series(rng.choice(["yes", "no"], 400, p=[0.97, 0.03]))
    imbalance = mq.profile(pd.DataFrame({"y": labels}), target="y", checks=["class_imbalance"])
    for report, expected in ((drift, 2), (volume, 1), (baselines, 1), (imbalance, 1)):
        drawn = [report.plot(i) for i, f in enumerate(report.findings) if f.figure is not None]
        assert len(drawn) == expected
        for ax in drawn:
            assert ax.has_data()
    ax = baselines.plot(0)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "model"
    with pytest.raises(ValueError, match="has no figure to draw"):
        mq.drift(ref, ref.assign(price=np.nan), frame_classifier=False).plot(0)


def test_finding_plot_is_a_seaborn_figure_with_the_flagged_values_marked():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"height_cm": rng.normal(170, 9, 600).round(1)})
    df.loc[[3, 40, 77], "height_cm"] = (df.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
    finding = mq.profile(df, checks=["unit_scale"]).findings[0]
    ax = finding.plot()
    flagged = sorted(round(line.get_xdata()[0], 1) for line in ax.get_lines())
    assert flagged == sorted(df.loc[[3, 40, 77], "height_cm"].round(1).tolist())
    assert len(ax.collections) >= 1  # the rug of flagged values
    assert sum(p.get_height() for p in ax.patches) == len(df)  # every row in the histogram
    assert not ax.spines["top"].get_visible()  # drawn in seaborn's style, despined
    import matplotlib.pyplot as plt

    assert plt.rcParams["axes.spines.top"]  # the user's own style is left alone


def test_heatmaps_boxes_per_group_and_reliability_are_drawn_in_both_forms():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from palmerpenguins import load_penguins
    from sklearn.linear_model import LogisticRegression

    from mlqa_nb._render.figures import svg_for

    penguins = load_penguins()
    missing = next(f for f in mq.profile(penguins).findings if f.check == "missing_values")
    ax = missing.plot()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(missing.figure.rows)
    assert ax.texts[1].get_text() == "100%"  # shares written in the cells
    grouped = penguins.assign(body_mass_g=penguins["body_mass_g"].where(penguins.index != 7, 9_000.0))
    finding = mq.outliers(grouped, columns="body_mass_g", by="species").findings[0]
    assert set(finding.rows) == {7}
    ax = finding.plot()
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Adelie"  # the flagged group first
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=600)})
    report = mq.baselines(LogisticRegression(), X, (X["a"] + rng.normal(size=600) > 0).astype(int), cv=3)
    for figure in (missing.figure, finding.figure, report.figures["reliability"]):
        svg = svg_for(figure)
        assert svg.startswith('<svg class="mlqa-figure"') and "nan" not in svg
    evil = penguins.assign(species=penguins["species"].replace("Adelie", "<script>x</script>"))
    evil.loc[7, "body_mass_g"] = 9_000.0
    html = mq.outliers(evil, columns="body_mass_g", by="species").to_html()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_the_model_checks_figures_are_drawn_in_both_forms():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from sklearn.linear_model import LogisticRegression

    from mlqa_nb._render.figures import svg_for

    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(2000, 2)), columns=["a", "b"])
    y = (X["a"] + rng.normal(size=2000) > 0).astype(int)
    model = LogisticRegression().fit(X, y)
    learning = mq.sufficiency(LogisticRegression(), X, y).findings[0]
    ax = learning.plot()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["roc_auc", "answers changed"]
    assert ax.get_xscale() == "log"
    importance = mq.importance(model, X, y)
    ax = importance.plot("importance")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    rules = mq.expect(model, X, [{"monotonic": "a", "direction": "decreasing"}])
    assert rules.findings[0].severity == "critical"  # the probability rises with a, for every row
    for figure in (learning.figure, importance.figures["importance"], rules.figures["rules"]):
        assert svg_for(figure).startswith('<svg class="mlqa-figure"')
