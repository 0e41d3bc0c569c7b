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

