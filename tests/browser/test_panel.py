"""The JupyterLab panel in a real browser: frames, counts and findings, following the kernel."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from lab_server import CHROMIUM, Browser, kernel_spec, lab_page, notebook, start_lab, stop_lab

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("MLQA_SCREENSHOTS", Path(__file__).parent / "screenshots"))

CREATE = """import numpy as np, pandas as pd
rng = np.random.default_rng(0)
messy = pd.DataFrame({"height_cm": rng.normal(170, 9, 800).round(1), "city": rng.choice(["Paris", "Lyon", "Nice"], 800),
                      "churned": rng.choice(["no", "yes"], 800, p=[0.97, 0.03])})
messy.loc[[3, 40, 77], "height_cm"] = (messy.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
messy.loc[[5, 6], "city"] = ["paris", "PARIS "]
clean = pd.DataFrame({"weight_kg": rng.normal(72, 9, 800).round(1), "<b>label</b>": rng.choice(["a", "b"], 800)})"""
CHANGE = """clean.loc[[1, 2, 3], "weight_kg"] = clean.loc[[1, 2, 3], "weight_kg"] * 1000"""
EIGHT = """for region in range(8):
    globals()[f"quarterly_customer_orders_region_{region}"] = pd.DataFrame(
        {"amount": rng.gamma(2, 30, 500).round(2), "shop": rng.choice(list("ABCD"), 500)})"""
LATE = """late = messy.copy()
import polars as pl
lazy_orders = pl.from_pandas(messy).lazy()"""
SILENCE = """[[silence]]
check = "inconsistent_categories"
column = "city"
frame = "messy"
reason = "the spellings are fixed upstream"
"""
LONG_NAMES = [f"quarterly_customer_orders_region_{region}" for region in range(8)]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed for the browser test and was not found at {CHROMIUM}")
    root = tmp_path_factory.mktemp("lab")
    notebook(root / "quality.ipynb", [CREATE, CHANGE, EIGHT, LATE])
    kernel_spec(root, "not-python", "R")
    notebook(root / "other.ipynb", [], kernel="not-python", language="R")
    # a Python kernel where mlqa_nb cannot be imported, as in an environment without it
    kernel_spec(root, "no-mlqa", "python", prelude="import sys; sys.modules['mlqa_nb'] = None")
    notebook(root / "bare.ipynb", ["x = 1"], kernel="no-mlqa")
    url, server, log = start_lab(root)
    yield url, root
    stop_lab(server, log)


def open_panel(page, expect, url: str, notebook: str):
    page.goto(f"{url}/lab/tree/{notebook}")
    tab = page.locator('.jp-SideBar .lm-TabBar-tab[data-id="mlqa-panel"]')
    expect(tab).to_be_visible()
    tab.click()
    panel = page.locator("#mlqa-panel")
    expect(panel).to_be_visible()
    return tab, panel


def run_cell(page, index: int) -> None:
    page.locator(".jp-Cell").nth(index).click()
    page.keyboard.press("Shift+Enter")


def test_panel_lists_frames_counts_and_findings_and_follows_the_kernel(lab):
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=60_000)
    with sync_playwright() as p:
        browser = Browser(p, lab[0])
        try:
            _drive(browser, *lab, expect)
        except Exception:
            browser.page.screenshot(path=str(SCREENSHOTS / "failure.png"))
            raise
        finally:
            browser.close()


def _drive(browser: Browser, url: str, root: Path, expect) -> None:
    page = browser.page
    tab, panel = open_panel(page, expect, url, "quality.ipynb")
    # the kernel is up and answered: no frames yet
    expect(panel.locator(".mlqa-panel-status")).to_have_attribute("data-status", "ready")
    expect(panel.locator(".mlqa-panel-empty")).to_be_visible()
    # a legend says what each count means
    legend = panel.locator(".mlqa-legend .mlqa-badge")
    expect(legend).to_have_text(["critical", "warning", "info"])
    assert [legend.nth(i).get_attribute("title").split(":")[0] for i in range(3)] == ["critical", "warning", "info"]

    run_cell(page, 0)
    rows = panel.locator(".mlqa-frame-row")
    expect(rows).to_have_count(2)
    messy = panel.locator('.mlqa-frame-row[data-name="messy"]')
    clean = panel.locator('.mlqa-frame-row[data-name="clean"]')
    expect(messy).to_have_attribute("data-warning", "2")
    expect(messy).to_have_attribute("data-critical", "0")
    expect(messy).to_have_attribute("data-info", "2")
    expect(clean).to_have_attribute("data-warning", "0")
    expect(clean).to_have_attribute("data-critical", "0")
    expect(messy.locator(".mlqa-frame-badges .mlqa-badge")).to_have_text(["0", "2", "2"])
    assert messy.locator(".mlqa-frame-badges .mlqa-warning").get_attribute("title") == "2 warning findings"

    messy.locator(".mlqa-frame-line").click()
    expect(messy.locator(".mlqa-finding-warning")).to_have_count(2)
    expect(messy).to_contain_text("unit_scale")
    expect(messy).to_contain_text("inconsistent_categories")
    # a target chosen in the panel brings the target checks
    messy.locator("select.mlqa-target").select_option(label="churned")
    expect(messy).to_have_attribute("data-warning", "3")
    expect(messy).to_contain_text("class_imbalance")
    expect(messy.locator(".mlqa-frame-target")).to_have_text("target churned")
    expect(messy.locator("select.mlqa-target option:checked")).to_have_text("churned")
    page.screenshot(path=str(SCREENSHOTS / "panel.png"))

    run_cell(page, 1)
    expect(clean).to_have_attribute("data-warning", "1")
    clean.locator(".mlqa-frame-line").click()
    expect(clean).to_contain_text("1,000 times too large")
    expect(messy).to_have_attribute("data-warning", "3")  # the target is remembered
    # user data is text, never markup
    assert panel.locator("b").count() == 0
    # the panel's own requests leave the notebook's execution counter alone
    expect(page.locator(".jp-InputPrompt").nth(1)).to_have_text("[2]:")
    expect(page.locator(".jp-OutputArea-output")).to_have_count(0)

    # eight frames of one shape are told apart by their whole names
    run_cell(page, 2)
    expect(rows).to_have_count(10)
    expect(panel.locator(".mlqa-panel-status")).to_have_attribute("data-status", "ready")
    for name in LONG_NAMES:
        row = panel.locator(f'.mlqa-frame-row[data-name="{name}"]')
        expect(row.locator(".mlqa-frame-name")).to_have_text(name)
        layout = row.evaluate("""row => {
            const name = row.querySelector('.mlqa-frame-name'), badges = row.querySelector('.mlqa-frame-badges');
            return {fits: name.scrollWidth <= name.clientWidth + 1,
                    below: name.getBoundingClientRect().bottom <= badges.getBoundingClientRect().top + 1};
        }""")
        assert layout == {"fits": True, "below": True}, name  # the counts never cover the name
    page.screenshot(path=str(SCREENSHOTS / "panel-long-names.png"))

    # a finding silenced in mlqa.toml is not counted, and the row says so
    (root / "mlqa.toml").write_text(SILENCE)
    panel.locator(".mlqa-refresh").click()
    expect(messy).to_have_attribute("data-warning", "2")
    expect(messy).to_have_attribute("data-silenced", "1")
    expect(messy.locator(".mlqa-frame-silenced")).to_have_text("1 silenced")
    expect(messy.locator(".mlqa-finding", has_text="inconsistent_categories")).to_have_count(0)
    (root / "mlqa.toml").unlink()

    # after "Insert %mlqa profile" the keyboard is in the notebook: Shift+Enter runs the new cell
    clean.locator(".mlqa-insert").click()
    inserted = page.locator(".jp-Cell", has_text="%mlqa profile clean")
    expect(inserted).to_have_count(1)
    assert page.evaluate("() => !!document.activeElement.closest('.jp-Notebook')")
    page.keyboard.press("Shift+Enter")
    expect(inserted.locator(".jp-OutputArea-output")).to_contain_text("unit_scale")
    # the report's styles in the notebook stay inside the report: the panel's badges keep their colour
    badge = clean.locator(".mlqa-frame-badges .mlqa-warning")
    assert badge.evaluate("node => getComputedStyle(node).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")

    # the full report follows the dark theme (and uses the panel's target)
    light = panel.evaluate("node => getComputedStyle(node).backgroundColor")
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel", has_text="Theme").first.hover()
    page.get_by_text("JupyterLab Dark", exact=True).click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
    dark = panel.evaluate("node => getComputedStyle(node).backgroundColor")
    assert dark != light and _brightness(dark) < 100
    messy.locator(".mlqa-frame-line").click()  # its details (only one frame's are open at a time)
    messy.locator(".mlqa-open").click()
    report = page.frame_locator(".mlqa-report-frame")
    expect(report.locator(".mlqa-report")).to_contain_text("class_imbalance")
    assert _brightness(report.locator("body").evaluate("node => getComputedStyle(node).backgroundColor")) < 100
    assert _brightness(report.locator("body").evaluate("node => getComputedStyle(node).color")) > 150
    expect(page.locator("#jupyterlab-splash")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "panel-dark.png"))
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel", has_text="Theme").first.hover()
    page.get_by_text("JupyterLab Light", exact=True).click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "true")
    _until(lambda: _brightness(report.locator("body").evaluate("node => getComputedStyle(node).backgroundColor")) > 200)

    # a hidden panel asks the kernel nothing; showing it catches up
    page.locator(".lm-TabBar-tab", has_text="quality.ipynb").click()
    tab.click()
    expect(panel).to_be_hidden()
    asked = browser.comm_messages
    late = page.locator(".jp-Cell", has_text="late = messy.copy()")
    late.click()
    page.keyboard.press("Shift+Enter")
    expect(late.locator(".jp-InputPrompt")).to_have_text("[5]:")
    page.wait_for_timeout(1500)
    assert browser.comm_messages == asked
    tab.click()
    expect(panel.locator('.mlqa-frame-row[data-name="late"]')).to_have_count(1)
    assert browser.comm_messages > asked

    # a lazy frame is listed from its schema and profiled only when its report is asked for
    lazy = panel.locator('.mlqa-frame-row[data-name="lazy_orders"]')
    expect(lazy.locator(".mlqa-on-request")).to_have_text("polars lazy")
    expect(lazy.locator(".mlqa-frame-shape")).to_have_text("? × 3")
    lazy.locator(".mlqa-frame-line").click()
    expect(lazy.locator(".mlqa-on-request-note")).to_contain_text("not profiled in the background")
    lazy.locator(".mlqa-open").click()
    lazy_report = page.frame_locator(".mlqa-report-frame >> nth=-1")
    expect(lazy_report.locator(".mlqa-report")).to_contain_text("profile of lazy_orders")
    expect(lazy_report.locator(".mlqa-report")).to_contain_text("unit_scale")
    expect(lazy_report.locator(".mlqa-look").first).to_contain_text("row numbers")  # no .loc on a lazy frame
    page.screenshot(path=str(SCREENSHOTS / "panel-lazy.png"))

    # after a restart the kernel has no frames, and the panel says so
    page.locator(".lm-TabBar-tab", has_text="quality.ipynb").click()
    status = panel.locator(".mlqa-panel-status")
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel…").first.click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    expect(status).to_have_attribute("data-status", "ready")
    expect(panel.locator(".mlqa-panel-empty")).to_be_visible()
    expect(rows).to_have_count(0)


def _brightness(css_colour: str) -> float:
    """Mean of the red, green and blue of an ``rgb(...)`` or ``rgba(...)`` value."""
    values = [float(v) for v in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    return sum(values) / 3


def _until(condition, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)


def test_a_kernel_without_mlqa_nb_or_without_python_gets_a_clear_message(lab):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    with sync_playwright() as p:
        browser = Browser(p, lab[0], viewport=(1200, 800))
        try:
            _, panel = open_panel(browser.page, expect, lab[0], "other.ipynb")
            status = panel.locator(".mlqa-panel-status")
            expect(status).to_have_attribute("data-status", "not-python")
            expect(status).to_contain_text("does not run Python")
            _, panel = open_panel(browser.page, expect, lab[0], "bare.ipynb")
            expect(status).to_have_attribute("data-status", "error")
            expect(status).to_contain_text("mlqa_nb is not installed in this kernel")
            expect(panel.locator(".mlqa-frame-row")).to_have_count(0)
        finally:
            browser.close()


def test_with_automatic_refresh_off_only_the_button_refreshes(tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
    notebook(tmp_path / "quality.ipynb", [CREATE])
    with lab_page(tmp_path, panel_settings={"autoRefresh": False}) as (browser, url):
        page = browser.page
        _, panel = open_panel(page, expect, url, "quality.ipynb")
        expect(panel.locator(".mlqa-panel-status")).to_have_attribute("data-status", "ready")
        expect(panel.locator(".mlqa-manual")).to_contain_text("Automatic refresh is off")
        asked = browser.comm_messages
        run_cell(page, 0)
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:")
        page.wait_for_timeout(1500)
        assert browser.comm_messages == asked
        expect(panel.locator(".mlqa-frame-row")).to_have_count(0)
        panel.locator(".mlqa-refresh").click()
        expect(panel.locator(".mlqa-frame-row")).to_have_count(2)
