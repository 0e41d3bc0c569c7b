"""mq.explore in a real JupyterLab: pick a finding, see its rows, insert its fix below."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lab_server import lab_page, notebook, wait_for_idle_kernel

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("MLQA_SCREENSHOTS", Path(__file__).parent / "screenshots"))

EXPLORE = """import numpy as np, pandas as pd, mlqa_nb as mq
rng = np.random.default_rng(0)
messy = pd.DataFrame({"height_cm": rng.normal(170, 9, 800).round(1), "city": rng.choice(["Paris", "Lyon", "Nice"], 800)})
messy.loc[[3, 40, 77], "height_cm"] = (messy.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
messy.loc[[5, 6], "city"] = ["paris", "PARIS "]
mq.explore(messy, name="messy")"""


def test_explore_shows_rows_and_inserts_the_fix(tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
    notebook(tmp_path / "explore.ipynb", [EXPLORE])
    with lab_page(tmp_path) as (browser, url):
        page = browser.page
        try:
            page.goto(f"{url}/lab/tree/explore.ipynb")
            wait_for_idle_kernel(page)
            page.locator(".jp-Cell").first.click()
            page.keyboard.press("Shift+Enter")
            findings = page.locator(".widget-select select")
            expect(findings.locator("option", has_text="unit_scale")).to_have_count(1)
            expect(findings.locator("option", has_text="inconsistent_categories")).to_have_count(1)
            findings.select_option(label="[warning] unit_scale (height_cm)")
            table = page.locator(".widget-html table")
            expect(table).to_contain_text("height_cm")
            for row in ("3", "40", "77"):
                expect(table.locator("tbody th", has_text=row).first).to_be_visible()
            expect(page.locator(".widget-html pre")).to_contain_text("* 2.54")
            page.get_by_role("button", name="Insert the fix below").click()
            # a new cell right below the explorer's (clicking in its output made it the active one)
            expect(page.locator(".jp-Cell")).to_have_count(3)
            inserted = page.locator(".jp-Cell").nth(1)
            expect(inserted.locator(".jp-InputArea")).to_contain_text("messy.loc[[3, 40, 77], 'height_cm'] =")
            page.screenshot(path=str(SCREENSHOTS / "explore.png"))
            page.keyboard.press("Shift+Enter")  # the keyboard is in the notebook: the fix runs
            expect(inserted.locator(".jp-InputPrompt")).to_have_text("[2]:")
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / "explore-failure.png"))
            raise
