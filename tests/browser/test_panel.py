"""The JupyterLab panel in a real browser: frames, counts and findings, following the kernel."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(os.environ.get("MLQA_SCREENSHOTS", Path(__file__).parent / "screenshots"))

CREATE = """import numpy as np, pandas as pd
rng = np.random.default_rng(0)
messy = pd.DataFrame({"height_cm": rng.normal(170, 9, 800).round(1), "city": rng.choice(["Paris", "Lyon", "Nice"], 800)})
messy.loc[[3, 40, 77], "height_cm"] = (messy.loc[[3, 40, 77], "height_cm"] / 2.54).round(1)
messy.loc[[5, 6], "city"] = ["paris", "PARIS "]
clean = pd.DataFrame({"weight_kg": rng.normal(72, 9, 800).round(1), "<b>label</b>": rng.choice(["a", "b"], 800)})"""
CHANGE = """clean.loc[[1, 2, 3], "weight_kg"] = clean.loc[[1, 2, 3], "weight_kg"] * 1000"""
# makes the kernel behave as one without mlqa_nb installed
UNINSTALL = """import sys; sys.modules["mlqa_nb._frontends.lab"] = None"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed for the browser test and was not found at {CHROMIUM}")
    root = tmp_path_factory.mktemp("lab")
    settings = root / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (CREATE, CHANGE, UNINSTALL)],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, root / "quality.ipynb")
    # a kernel that says it runs another language (it is ipykernel underneath)
    spec = root / "data" / "kernels" / "not-python"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Not Python", "language": "R"}))
    other = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "not-python", "display_name": "Not Python", "language": "R"}})
    nbformat.write(other, root / "other.ipynb")
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
           "JUPYTER_PATH": str(root / "data")}
    log = open(root / "server.log", "w")  # noqa: SIM115  (open while the server runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root", f"--ServerApp.root_dir={root}"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("jupyter lab did not start: " + (root / "server.log").read_text()[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_panel_lists_frames_counts_and_findings_and_follows_the_kernel(lab):
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        try:
            _drive(page, lab, expect)
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / "failure.png"))
            raise
        finally:
            browser.close()


def _drive(page, lab, expect) -> None:
    page.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    page.goto(f"{lab}/lab/tree/quality.ipynb")
    tab = page.locator('.jp-SideBar .lm-TabBar-tab[data-id="mlqa-panel"]')
    expect(tab).to_be_visible()
    tab.click()
    panel = page.locator("#mlqa-panel")
    expect(panel).to_be_visible()
    # the kernel is up and answered: no frames yet
    expect(panel.locator(".mlqa-panel-status")).to_have_attribute("data-status", "ready")
    expect(panel.locator(".mlqa-panel-empty")).to_be_visible()

    page.locator(".jp-Cell").first.click()
    page.keyboard.press("Shift+Enter")
    rows = panel.locator(".mlqa-frame-row")
    expect(rows).to_have_count(2)
    messy = panel.locator('.mlqa-frame-row[data-name="messy"]')
    clean = panel.locator('.mlqa-frame-row[data-name="clean"]')
    expect(messy).to_have_attribute("data-warning", "2")
    expect(messy).to_have_attribute("data-critical", "0")
    expect(clean).to_have_attribute("data-warning", "0")
    expect(clean).to_have_attribute("data-critical", "0")

    messy.locator(".mlqa-frame-line").click()
    expect(messy.locator(".mlqa-finding-warning")).to_have_count(2)
    expect(messy).to_contain_text("unit_scale")
    expect(messy).to_contain_text("inconsistent_categories")
    page.screenshot(path=str(SCREENSHOTS / "panel.png"))

    page.locator(".jp-Cell").nth(1).click()
    page.keyboard.press("Shift+Enter")
    expect(clean).to_have_attribute("data-warning", "1")
    clean.locator(".mlqa-frame-line").click()
    expect(clean).to_contain_text("1,000 times too large")
    # user data is text, never markup
    assert panel.locator("b").count() == 0
    # the panel's own requests leave the notebook's execution counter alone
    expect(page.locator(".jp-InputPrompt").nth(1)).to_have_text("[2]:")
    expect(page.locator(".jp-OutputArea-output")).to_have_count(0)

    clean.locator(".mlqa-insert").click()
    expect(page.locator(".jp-Cell", has_text="%mlqa profile clean")).to_have_count(1)
    clean.locator(".mlqa-open").click()
    report = page.frame_locator(".mlqa-report-frame")
    expect(report.locator(".mlqa-report")).to_contain_text("unit_scale")
    page.screenshot(path=str(SCREENSHOTS / "panel-after-change.png"))

    # a kernel without mlqa_nb gets a clear message, not a broken panel
    page.locator(".lm-TabBar-tab", has_text="quality.ipynb").click()
    page.locator(".jp-Cell").nth(2).click()
    page.keyboard.press("Shift+Enter")
    status = panel.locator(".mlqa-panel-status")
    expect(status).to_have_attribute("data-status", "error")
    expect(status).to_contain_text("mlqa_nb is not installed in this kernel")
    expect(rows).to_have_count(0)

    # after a restart the kernel has no frames, and the panel says so
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel…").first.click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    expect(status).to_have_attribute("data-status", "ready")
    expect(panel.locator(".mlqa-panel-empty")).to_be_visible()
    expect(rows).to_have_count(0)

    # the panel follows JupyterLab's theme
    light = panel.evaluate("node => getComputedStyle(node).backgroundColor")
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel", has_text="Theme").first.hover()
    page.get_by_text("JupyterLab Dark", exact=True).click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
    dark = panel.evaluate("node => getComputedStyle(node).backgroundColor")
    assert dark != light
    assert sum(int(v) for v in dark[dark.index("(") + 1 : -1].split(",")[:3]) < 3 * 100
    expect(page.locator("#jupyterlab-splash")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "panel-dark.png"))


def test_a_kernel_that_does_not_run_python_gets_a_clear_message(lab):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        try:
            page.goto(f"{lab}/lab/tree/other.ipynb")
            page.locator('.jp-SideBar .lm-TabBar-tab[data-id="mlqa-panel"]').click()
            status = page.locator("#mlqa-panel .mlqa-panel-status")
            expect(status).to_have_attribute("data-status", "not-python")
            expect(status).to_contain_text("does not run Python")
        finally:
            browser.close()
