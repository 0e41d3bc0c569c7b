"""What the Quality panel costs the user's kernel, measured in a real JupyterLab.

Eight data frames of 2,000,000 rows x 10 columns sit in the kernel. After each
trivial cell (``x = 1``, run with Shift+Enter as a user would) the page records
the kernel's busy/idle status for two seconds and sums the busy time (the cell's
own included). In a second round, 300 ms after each such cell (when the panel's
request has gone out) it times another trivial request from the page: what the
user's next cell would wait. Three set-ups:

- ``disabled``: the extension disabled (``jupyter labextension disable mlqa-nb``);
- ``closed``: enabled, the panel never opened;
- ``open``: enabled, the panel open and refreshing after each cell.

Run from the repository root (Chromium and the package installed)::

    python benchmarks/panel_kernel_cost.py [--rows 2000000] [--frames 8] [--cells 10] [--cell CODE]

``--cell 'frame_0 = frame_0 + 0.0'`` makes every cell replace a large frame, so that
the panel profiles it again in the background while the next cell comes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from lab_server import Browser, notebook, start_lab, stop_lab  # noqa: E402

CREATE = """import numpy as np, pandas as pd
rng = np.random.default_rng(0)
for i in range({frames}):
    globals()[f"frame_{{i}}"] = pd.DataFrame(rng.normal(size=({rows}, 10)), columns=[f"c{{j}}" for j in range(10)])"""
TRIVIAL = "x = 1"

KERNEL_IDLE = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session && widget.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""
RECORD = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__mlqa_log = [];
  kernel.statusChanged.connect((_, status) => window.__mlqa_log.push([performance.now(), status]));
  return true;
}"""
BUSY_SINCE = """(since) => {
  let busy = 0, start = null;
  for (const [t, status] of window.__mlqa_log) {
    if (t < since) continue;
    if (status === 'busy' && start === null) start = t;
    if (status === 'idle' && start !== null) { busy += t - start; start = null; }
  }
  return busy;
}"""
NEXT_CELL = """async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const started = performance.now();
  await kernel.requestExecute({code: 'y = 2', silent: true, store_history: false}).done;
  return performance.now() - started;
}"""


def measure(setup: str, rows: int, frames: int, cells: int, cell: str = TRIVIAL) -> dict[str, float]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=300_000)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        notebook(root / "cost.ipynb", [CREATE.format(rows=rows, frames=frames), cell])
        extra = ["--LabApp.expose_app_in_browser=True"]
        environment = {}
        if setup == "disabled":
            config = root / "config" / "labconfig"
            config.mkdir(parents=True)
            (config / "page_config.json").write_text(json.dumps({"disabledExtensions": {"mlqa-nb": True}}))
            environment["JUPYTER_CONFIG_DIR"] = str(root / "config")
        url, server, log = start_lab(root, extra=tuple(extra), environment=environment)
        try:
            with sync_playwright() as p:
                browser = Browser(p, url)
                page = browser.page
                page.set_default_timeout(300_000)
                page.goto(f"{url}/lab/tree/cost.ipynb")
                page.wait_for_function(KERNEL_IDLE)
                panel = page.locator("#mlqa-panel")
                if setup == "open":
                    page.locator('.jp-SideBar .lm-TabBar-tab[data-id="mlqa-panel"]').click()
                    expect(panel).to_be_visible()
                page.locator(".jp-Cell").nth(0).click()
                page.keyboard.press("Shift+Enter")
                expect(page.locator(".jp-InputPrompt").nth(0)).to_have_text("[1]:")
                if setup == "open":  # let the first profile of every frame finish
                    expect(panel.locator(".mlqa-frame-row")).to_have_count(frames)
                    expect(panel.locator(".mlqa-panel-status")).to_have_attribute("data-status", "ready")
                page.wait_for_timeout(2000)
                page.evaluate(RECORD)
                busy, waits = [], []
                for _ in range(cells):
                    since = page.evaluate("() => performance.now()")
                    page.locator(".jp-Cell").nth(1).click()
                    page.keyboard.press("Shift+Enter")
                    page.wait_for_timeout(2000)
                    busy.append(page.evaluate(BUSY_SINCE, since))
                for _ in range(cells):
                    page.locator(".jp-Cell").nth(1).click()
                    page.keyboard.press("Shift+Enter")
                    page.wait_for_timeout(300)
                    waits.append(page.evaluate(NEXT_CELL))
                    page.wait_for_timeout(1700)
                browser.close()
        finally:
            stop_lab(server, log)
    return {"busy_ms": statistics.median(busy), "next_cell_ms": statistics.median(waits),
            "busy_max_ms": max(busy), "next_cell_max_ms": max(waits)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--cells", type=int, default=10)
    parser.add_argument("--setups", nargs="+", default=["disabled", "closed", "open"])
    parser.add_argument("--cell", default=TRIVIAL,
                        help="the cell run each time, e.g. 'frame_0 = frame_0 + 0.0' (a large frame changes)")
    args = parser.parse_args(argv)
    results = {setup: measure(setup, args.rows, args.frames, args.cells, args.cell) for setup in args.setups}
    print(f"{args.frames} frames of {args.rows:,} rows x 10 columns, median (max) over {args.cells} cells {args.cell!r}")
    print(f"{'set-up':<10} {'kernel busy ms':>18} {'next cell waits ms':>22}")
    for setup, r in results.items():
        print(f"{setup:<10} {r['busy_ms']:>8.1f} ({r['busy_max_ms']:>6.1f}) {r['next_cell_ms']:>12.1f} ({r['next_cell_max_ms']:>6.1f})")
    if "disabled" in results:
        for setup in results.keys() - {"disabled"}:
            extra = results[setup]["busy_ms"] - results["disabled"]["busy_ms"]
            wait = results[setup]["next_cell_ms"] - results["disabled"]["next_cell_ms"]
            print(f"{setup}: {extra:+.1f} ms of kernel busy time per cell, {wait:+.1f} ms on the next cell's wait, "
                  "against the extension disabled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
