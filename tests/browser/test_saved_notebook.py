"""A report saved in a notebook keeps its look when the notebook is opened from disk,
untrusted, without running it: JupyterLab then strips <style> and <svg>."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from lab_server import lab_page

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("MLQA_SCREENSHOTS", Path(__file__).parent / "screenshots"))

CELLS = ["""import numpy as np, pandas as pd, mlqa_nb as mq
rng = np.random.default_rng(0)
messy = pd.DataFrame({"height_cm": rng.normal(170, 9, 800).round(1), "city": rng.choice(["Paris", "Lyon", "Nice"], 800)})
messy.loc[[3, 40, 77], "height_cm"] = (messy.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
mq.profile(messy, name="messy")""",
         """log = pd.DataFrame({"ts": pd.date_range("2013-01-01", "2013-12-31 23:00", freq="h")})
mq.volume(log[log.ts.dt.month != 6], time="ts")"""]


def test_a_saved_report_keeps_styles_and_figures_untrusted(tmp_path):
    from nbclient import NotebookClient
    from playwright.sync_api import expect

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    nbformat.write(nb, tmp_path / "saved.ipynb")  # unsigned: JupyterLab will not trust it
    expect.set_options(timeout=60_000)
    with lab_page(tmp_path) as (browser, url):
        page = browser.page
        page.goto(f"{url}/lab/tree/saved.ipynb")
        reports = page.locator(".jp-OutputArea-output .mlqa-report")
        expect(reports).to_have_count(2)
        assert page.locator(".jp-OutputArea-output.jp-mod-trusted").count() == 0  # untrusted indeed
        assert page.locator(".jp-OutputArea-output svg").count() == 0  # the sanitizer took any SVG
        badge = reports.first.locator(".mlqa-badge.mlqa-warning").first
        assert badge.evaluate("n => getComputedStyle(n).backgroundColor") == "rgb(179, 89, 0)"
        header = reports.first.locator(".mlqa-head")
        assert header.evaluate("n => getComputedStyle(n).display") == "flex"
        figures = page.locator(".jp-OutputArea-output img.mlqa-figure")
        expect(figures.first).to_be_visible()
        loaded = figures.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
        assert loaded and all(loaded)
        # a time axis drawn as an image, not its labels run together as text
        assert "2013-01-012013" not in reports.nth(1).inner_text()
        page.screenshot(path=str(SCREENSHOTS / "saved-untrusted.png"), full_page=True)
