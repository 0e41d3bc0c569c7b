"""The kernel side of the JupyterLab panel: summaries, fingerprints, and the
service that answers the panel's comm from a background thread."""

from __future__ import annotations

import json
import queue
import time

import numpy as np
import pandas as pd
import pytest
from IPython.core.events import EventManager, available_events

from mlqa_nb._core.frame_key import fingerprint, quick_key
from mlqa_nb._frontends import lab as _lab
from mlqa_nb._frontends import lab_service


def planted():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"height_cm": rng.normal(170, 10, 500), "city": rng.choice(["Paris", "Lyon"], 500),
                       "label": rng.choice(["yes", "no"], 500, p=[0.97, 0.03])})
    df.loc[[1, 2, 3], "height_cm"] /= 2.54
    df.loc[[4, 5], "city"] = ["paris", "PARIS "]
    return df


@pytest.fixture
def summaries():
    return _lab.FrameSummaries()


def test_state_lists_frames_with_counts_and_is_json(summaries):
    ns = {"orders": planted(), "clean": pd.DataFrame(np.random.default_rng(3).normal(50, 5, (300, 2)).round(2), columns=["a", "b"]), "_hidden": planted(), "x": 3}
    state = _lab.state(ns, summaries=summaries)
    json.dumps(state, allow_nan=False)
    by_name = {f["name"]: f for f in state["frames"]}
    assert set(by_name) == {"orders", "clean"}
    assert by_name["orders"]["warning"] >= 2 and by_name["orders"]["rows"] == 500
    assert by_name["orders"]["column_names"] == ["height_cm", "city", "label"]
    assert {f["check"] for f in by_name["orders"]["findings"]} >= {"unit_scale", "inconsistent_categories"}
    assert by_name["clean"]["critical"] == by_name["clean"]["warning"] == by_name["clean"]["info"] == 0


def test_unchanged_frames_are_not_profiled_again(monkeypatch, summaries):
    ns = {"orders": planted()}
    _lab.state(ns, summaries=summaries)
    calls = []
    monkeypatch.setattr(_lab, "summarize_frame", lambda name, frame, target=None: calls.append(name) or {})
    _lab.state(ns, summaries=summaries)
    assert calls == []
    ns["orders"] = ns["orders"].copy()  # another object with the same values: its key differs
    _lab.state(ns, summaries=summaries)
    assert calls == ["orders"]


def test_a_target_adds_the_target_checks_and_is_remembered(summaries):
    ns = {"orders": planted()}
    before = _lab.state(ns, summaries=summaries)["frames"][0]
    assert before["target"] is None
    assert "class_imbalance" not in {f["check"] for f in before["findings"]}
    summaries.targets["orders"] = "label"
    after = _lab.state(ns, summaries=summaries)["frames"][0]
    assert after["target"] == "label"
    assert "class_imbalance" in {f["check"] for f in after["findings"]}
    summaries.targets["orders"] = "no such column"  # a column that went away: no target, no error
    assert _lab.state(ns, summaries=summaries)["frames"][0]["target"] is None


def test_a_non_text_column_name_can_be_the_target(summaries):
    rng = np.random.default_rng(1)
    df = pd.DataFrame({0: rng.normal(size=400), 1: rng.choice(["a", "b"], 400, p=[0.98, 0.02])})
    summaries.targets["df"] = "1"  # the panel sends text
    frame = _lab.state({"df": df}, summaries=summaries)["frames"][0]
    assert frame["target"] == "1" and "class_imbalance" in {f["check"] for f in frame["findings"]}


def test_large_frames_are_profiled_on_a_sample(monkeypatch, summaries):
    monkeypatch.setattr(_lab, "SAMPLE_ROWS", 1000)
    big = pd.DataFrame({"v": np.arange(5000.0)})
    frame = _lab.state({"big": big}, summaries=summaries)["frames"][0]
    assert frame["sampled"] and frame["rows"] == 5000


def test_report_by_name_and_polars_frames(summaries):
    pl = pytest.importorskip("polars")
    ns = {"a": planted(), "p": pl.DataFrame({"x": [1.0, 2.0, 3.0] * 20})}
    state = _lab.state(ns, summaries=summaries)
    assert [f["kind"] for f in state["frames"]] == ["pandas", "polars"]
    report = _lab.report_html(ns, "a", summaries)
    assert report["name"] == "a" and report["html"].startswith("<!DOCTYPE html>")
    assert "That frame is gone" in _lab.report_html(ns, "nothing", summaries)["html"]


def test_lazy_and_arrow_frames_are_listed_and_profiled_only_when_asked(monkeypatch, summaries):
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    ns = {"lazy": pl.from_pandas(planted()).lazy(), "table": pa.Table.from_pandas(planted())}
    monkeypatch.setattr(pl.LazyFrame, "collect", lambda self, *a, **k: pytest.fail("the listing ran the plan"))
    monkeypatch.setattr(_lab, "summarize_frame", lambda *a, **k: pytest.fail("the listing profiled an engine frame"))
    state = _lab.state(ns, summaries=summaries)
    json.dumps(state, allow_nan=False)
    by_name = {f["name"]: f for f in state["frames"]}
    assert by_name["lazy"]["on_request"] and by_name["lazy"]["kind"] == "polars lazy"
    assert by_name["lazy"]["rows"] is None and by_name["table"]["rows"] == 500  # an Arrow table knows its length
    assert by_name["lazy"]["column_names"] == ["height_cm", "city", "label"] and by_name["table"]["kind"] == "arrow"
    monkeypatch.undo()
    summaries.targets["lazy"] = "label"
    page = _lab.report_html(ns, "lazy", summaries)["html"]  # the full report: counted where the frame lives
    assert "unit_scale" in page and "class_imbalance" in page


def test_the_full_report_uses_the_panel_target(summaries):
    summaries.targets["a"] = "label"
    assert "class_imbalance" in _lab.report_html({"a": planted()}, "a", summaries)["html"]


def test_in_place_edits_are_seen(monkeypatch, summaries):
    frame = planted()
    ns = {"orders": frame}
    _lab.state(ns, summaries=summaries)
    frame.loc[[1, 2], "height_cm"] = 0.0  # the same object, edited in place
    calls = []
    monkeypatch.setattr(_lab, "summarize_frame", lambda name, f, target=None: calls.append(name) or {})
    _lab.state(ns, summaries=summaries)
    assert calls == ["orders"]
    # a large frame: a cell outside the sampled rows is seen by a full refresh only
    big = pd.DataFrame({"v": np.arange(300_000.0)})
    quick, full = fingerprint(big), fingerprint(big, full=True)
    big.loc[7, "v"] = -1.0
    assert fingerprint(big) == quick
    assert fingerprint(big, full=True) != full
    big["w"] = 1.0  # a new column: seen at once
    assert fingerprint(big) != quick


def test_the_quick_key_reads_only_sampled_rows(monkeypatch):
    """Whatever the frame's size, the key hashes SAMPLED_ROWS_IN_KEY rows, never all of them."""
    from mlqa_nb._core import frame_key

    big = pd.DataFrame(np.random.default_rng(0).normal(size=(2_000_000, 10)), columns=[f"c{i}" for i in range(10)])
    hashed = []
    real = pd.util.hash_pandas_object
    monkeypatch.setattr(pd.util, "hash_pandas_object", lambda part, **kw: hashed.append(len(part)) or real(part, **kw))
    key = quick_key(big)
    assert hashed == [frame_key.SAMPLED_ROWS_IN_KEY]
    assert quick_key(big) == key


def test_a_fingerprint_equals_itself_whatever_the_frame_holds(summaries):
    import polars as pl

    big = pd.DataFrame({"v": np.r_[np.arange(300_000, dtype=float), [np.inf, -np.inf]], "n": np.nan})
    assert fingerprint(big, full=True) == fingerprint(big, full=True)
    objects = pl.DataFrame({"o": pl.Series([object(), object()], dtype=pl.Object), "v": [1.0, float("nan")]})
    assert fingerprint(objects) == fingerprint(objects)  # polars cannot hash Object columns
    listed = pd.DataFrame({"l": [[1, 2], [3]] * 100})
    assert fingerprint(listed) == fingerprint(listed)
    state = _lab.state({"objects": objects, "big": big, "listed": listed}, summaries=summaries)
    assert [f["name"] for f in state["frames"]] == ["objects", "big", "listed"]
    json.dumps(state, allow_nan=False)


def test_silenced_findings_are_not_counted(tmp_path, monkeypatch, summaries):
    monkeypatch.chdir(tmp_path)
    ns = {"orders": planted()}
    before = _lab.state(ns, summaries=summaries)["frames"][0]
    (tmp_path / "mlqa.toml").write_text('[[silence]]\ncheck = "unit_scale"\ncolumn = "height_cm"\nreason = "known"\n')
    after = _lab.state(ns, summaries=summaries)["frames"][0]  # the same frame: the file changed
    assert after["silenced"] == 1
    assert after["warning"] == before["warning"] - 1
    assert "unit_scale" not in {f["check"] for f in after["findings"]}


# -- the service: a comm and a background thread ---------------------------------


class FakeShell:
    def __init__(self, namespace):
        self.user_ns = namespace
        self.events = EventManager(self, available_events)

    def run_cell(self, code):
        """What IPython does around a cell: pre_execute, the code, post_execute."""
        self.events.trigger("pre_execute")
        try:
            exec(code, self.user_ns)
        finally:
            self.events.trigger("post_execute")


class FakeComm:
    def __init__(self):
        self.sent = queue.Queue()
        self.handler = None

    def on_msg(self, handler):
        self.handler = handler

    def on_close(self, handler):
        pass

    def send(self, data):
        json.dumps(data, allow_nan=False)  # what travels is strict JSON
        self.sent.put(data)

    def request(self, **data):
        self.handler({"content": {"data": data}})

    def next(self, kind, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            message = self.sent.get(timeout=max(0.01, deadline - time.monotonic()))
            if message["kind"] == kind and (kind != "state" or message["done"]):
                return message


@pytest.fixture
def service():
    shell = FakeShell({"orders": planted(), "x": 1})
    running = lab_service.PanelService(shell)
    comm = FakeComm()
    running.open(comm)
    yield running, shell, comm
    running.stop()


def test_the_service_answers_a_listing_over_the_comm(service, monkeypatch):
    import threading

    running, shell, comm = service
    release, released = threading.Event(), []
    real = _lab.summarize_frame

    def blocked(*args):
        released.append(release.wait(5))  # False if nobody releases it meanwhile
        return real(*args)

    monkeypatch.setattr(_lab, "summarize_frame", blocked)
    comm.request(request="state", full=False)  # returns while the profile still waits,
    release.set()                              # so the kernel's thread only handed it over
    state = comm.next("state")
    assert released == [True]
    assert [f["name"] for f in state["frames"]] == ["orders"]
    assert state["frames"][0]["warning"] >= 2


def test_the_service_waits_while_a_cell_runs(service):
    running, shell, comm = service
    shell.events.trigger("pre_execute")  # a cell starts and is still running
    running.submit({"orders": shell.user_ns["orders"]}, comm=comm)
    time.sleep(0.5)
    messages = []
    while not comm.sent.empty():
        messages.append(comm.sent.get())
    assert all(not m.get("done") for m in messages)  # nothing profiled while the cell runs
    shell.events.trigger("post_execute")
    assert comm.next("state")["frames"][0]["name"] == "orders"


def test_a_newer_request_replaces_an_older_one(service, monkeypatch):
    running, shell, comm = service
    shell.user_ns.update({f"f{i}": planted().assign(k=i) for i in range(6)})
    profiled = []
    real = _lab.summarize_frame

    def slow(name, frame, target=None):
        profiled.append(name)
        time.sleep(0.05)
        return real(name, frame, target)

    monkeypatch.setattr(_lab, "summarize_frame", slow)
    comm.request(request="state", full=False)
    comm.request(request="state", full=False)  # before the first got far
    state = comm.next("state")
    assert len(state["frames"]) == 7
    assert len(profiled) == len(set(profiled)) == 7  # no frame profiled twice


def test_target_and_report_requests(service):
    running, shell, comm = service
    comm.request(request="target", name="orders", column="label")
    frame = comm.next("state")["frames"][0]
    assert frame["target"] == "label"
    assert "class_imbalance" in {f["check"] for f in frame["findings"]}
    comm.request(request="report", name="orders")
    report = comm.next("report")
    assert report["name"] == "orders" and "class_imbalance" in report["html"]
    comm.request(request="target", name="orders", column=None)
    assert comm.next("state")["frames"][0]["target"] is None
    comm.request(request="nonsense")
    assert "unknown request" in comm.next("error")["message"]


def test_a_frame_that_changes_during_a_cell_is_profiled_again(service):
    running, shell, comm = service
    comm.request(request="state", full=False)
    first = comm.next("state")["frames"][0]
    shell.run_cell("orders = orders.assign(extra=orders['height_cm'] * 1000)")
    comm.request(request="state", full=False)
    second = comm.next("state")["frames"][0]
    assert second["columns"] == first["columns"] + 1


def test_start_registers_the_comm_target_once(monkeypatch):
    registered = []

    class Manager:
        def register_target(self, name, callback):
            registered.append(name)

    shell = FakeShell({})
    shown = []
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    monkeypatch.setattr("comm.get_comm_manager", lambda: Manager())
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    monkeypatch.setattr(lab_service, "_service", None)
    first = lab_service.start()
    second = lab_service.start()
    try:
        assert first is second and registered == [lab_service.COMM_TARGET]
        assert shown[0][lab_service.READY_MIME]["ready"] is True
    finally:
        first.stop()


def test_the_switch_interval_is_shortened_only_while_the_panel_works():
    import sys

    before = sys.getswitchinterval()
    with lab_service._quick_handover():
        assert sys.getswitchinterval() == lab_service.HANDOVER_SECONDS
    assert sys.getswitchinterval() == before
    with lab_service._quick_handover():
        sys.setswitchinterval(0.01)  # the user's own choice, made meanwhile, is kept
    assert sys.getswitchinterval() == 0.01
    sys.setswitchinterval(before)


def test_the_service_lets_go_of_a_replaced_frame(service):
    import gc
    import weakref

    running, shell, comm = service
    comm.request(request="state", full=False)
    comm.next("state")
    gone = weakref.ref(shell.user_ns["orders"])
    shell.run_cell("orders = orders.copy()")
    time.sleep(0.2)
    gc.collect()
    assert gone() is None  # the thread holds no reference between requests
