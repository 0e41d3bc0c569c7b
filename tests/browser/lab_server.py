"""A JupyterLab server and headless Chromium for the browser tests and the panel's benchmark."""

from __future__ import annotations

import contextlib
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

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook(path: Path, cells: list[str], kernel: str = "python3", language: str = "python") -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells],
                                  metadata={"kernelspec": {"name": kernel, "display_name": kernel, "language": language}})
    nbformat.write(nb, path)


def kernel_spec(root: Path, name: str, language: str, prelude: str | None = None) -> None:
    """A kernel spec (ipykernel underneath) that says it runs ``language`` and runs ``prelude`` first."""
    spec = root / "data" / "kernels" / name
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if prelude:
        argv = [sys.executable, "-c", f"{prelude}; from ipykernel import kernelapp; kernelapp.launch_new_instance()",
                "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": language}))


def start_lab(root: Path, panel_settings: dict | None = None, extra: tuple[str, ...] = (),
              environment: dict[str, str] | None = None):
    """A JupyterLab server on a free port serving ``root``; returns (url, server, log)."""
    settings = root / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    if panel_settings is not None:
        ours = root / "settings" / "mlqa-nb"
        ours.mkdir(parents=True, exist_ok=True)
        (ours / "panel.jupyterlab-settings").write_text(json.dumps(panel_settings))
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
           "JUPYTER_PATH": str(root / "data"), **(environment or {})}
    log = open(root / "server.log", "w")  # noqa: SIM115  (open while the server runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root", f"--ServerApp.root_dir={root}", *extra],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            return url, server, log
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("jupyter lab did not start: " + (root / "server.log").read_text()[-2000:])


def stop_lab(server, log) -> None:
    server.terminate()
    server.wait(timeout=30)
    log.close()


class Browser:
    """Chromium on a JupyterLab page, counting the comm messages the page sends to kernels."""

    def __init__(self, playwright, url: str, viewport=(1400, 850)):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        self.page = self.browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.set_default_timeout(60_000)
        self.comm_messages = 0
        self.page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        def sent(payload):
            data = payload if isinstance(payload, bytes) else payload.encode()
            if b'"comm_msg"' in data:
                self.comm_messages += 1
        socket.on("framesent", sent)

    def close(self) -> None:
        self.browser.close()


@contextlib.contextmanager
def lab_page(root: Path, **lab_options):
    """A JupyterLab serving ``root`` and a Chromium page for it: yields (browser, url)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is needed for the browser tests and was not found at {CHROMIUM}")
    url, server, log = start_lab(root, **lab_options)
    try:
        with sync_playwright() as p:
            browser = Browser(p, url)
            try:
                yield browser, url
            finally:
                browser.close()
    finally:
        stop_lab(server, log)


def wait_for_idle_kernel(page) -> None:
    """Wait until the open notebook's kernel has started and is idle: a cell run
    while the kernel is still starting can be dropped."""
    from playwright.sync_api import expect

    expect(page.locator("#jp-main-statusbar", has_text="| Idle")).to_be_visible()
