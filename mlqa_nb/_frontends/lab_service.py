"""The panel's kernel side at run time: a comm the panel talks to, and one
background thread that does the work, so that the panel never holds up a cell.

The panel runs ``start()`` once per kernel (a silent execute) and then opens a
comm on COMM_TARGET. A request handled on the kernel's execution queue only
takes references to the namespace's frames and hands them to the thread; the
thread fingerprints and profiles them between the user's cells (it pauses at
the next checkpoint when a cell starts, and a newer request replaces an older
one at the next frame) and sends each result back over the comm.

Requests (comm data from the panel)::

    {"request": "state", "full": false}      list the frames, profile what changed
    {"request": "report", "name": "df"}      the full report page of one frame
    {"request": "target", "name": "df", "column": "y" or null}

Replies::

    {"kind": "state", "frames": [...], "done": bool, "seconds": float, "magics": bool}
    {"kind": "report", "name": "df", "html": "..."}
    {"kind": "error", "message": "..."}
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .._core.checkpoint import checkpoints
from .._core.validation import frames_in
from .._version import __version__
from .lab import FrameSummaries, report_html

COMM_TARGET = "mlqa_nb.panel"
READY_MIME = "application/vnd.mlqa.panel+json"


class _Superseded(Exception):
    """A newer listing was asked for: this one stops at the next frame."""


@dataclass
class _StateJob:
    generation: int
    frames: dict[str, Any]
    full: bool
    comm: Any


@dataclass
class _ReportJob:
    name: str
    comm: Any
    frame: dict[str, Any] = field(default_factory=dict)


class PanelService:
    """One per kernel: the comms of the open panels and the thread that answers them."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.summaries = FrameSummaries()
        self.comms: list[Any] = []
        self._lock = threading.Condition()
        self._state: _StateJob | None = None
        self._reports: list[_ReportJob] = []
        self._generation = 0
        self._between_cells = threading.Event()
        self._between_cells.set()
        self._stopped = False
        shell.events.register("pre_execute", self._cell_starts)
        shell.events.register("post_execute", self._cell_ends)
        self._thread = threading.Thread(target=self._work, name="mlqa-panel", daemon=True)
        self._thread.start()

    # -- the kernel's thread: cheap, never blocks ---------------------------
    def open(self, comm: Any, message: dict | None = None) -> None:
        """Comm target callback: a panel connected."""
        self.comms.append(comm)
        comm.on_msg(lambda msg: self.handle(msg["content"]["data"], comm))
        comm.on_close(lambda msg: self.comms.remove(comm) if comm in self.comms else None)

    def handle(self, data: dict[str, Any], comm: Any = None) -> None:
        """Take one request: references to the frames now, the work later on the thread."""
        self._between_cells.set()  # a shell message is handled only between cells
        request = data.get("request") if isinstance(data, dict) else None
        if request == "target":
            name, column = data.get("name"), data.get("column")
            if isinstance(name, str):
                if isinstance(column, str):
                    self.summaries.targets[name] = column
                else:
                    self.summaries.targets.pop(name, None)
            request, data = "state", {}
        if request == "state":
            self.submit(frames_in(self.shell.user_ns, engines=True), full=bool(data.get("full")), comm=comm)
        elif request == "report" and isinstance(data.get("name"), str):
            name = data["name"]
            frame = frames_in(self.shell.user_ns, engines=True).get(name)
            with self._lock:
                self._reports.append(_ReportJob(name, comm, {name: frame} if frame is not None else {}))
                self._lock.notify()
        else:
            self._send(comm, {"kind": "error", "message": f"unknown request {data!r}"})

    def submit(self, frames: dict[str, Any], *, full: bool = False, comm: Any = None) -> None:
        """Queue a listing of ``frames``; it replaces any listing queued or under way."""
        with self._lock:
            self._generation += 1
            self._state = _StateJob(self._generation, frames, full, comm)
            self._lock.notify()

    def _cell_starts(self) -> None:
        self._between_cells.clear()

    def _cell_ends(self) -> None:
        self._between_cells.set()

    def stop(self) -> None:
        """End the thread and stop listening to cells (tests, kernel shutdown)."""
        with self._lock:
            self._stopped = True
            self._lock.notify()
        self._between_cells.set()
        self.shell.events.unregister("pre_execute", self._cell_starts)
        self.shell.events.unregister("post_execute", self._cell_ends)
        self._thread.join(timeout=5)

    # -- the background thread ----------------------------------------------
    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._stopped and self._state is None and not self._reports:
                    self._lock.wait()
                if self._stopped:
                    return
                job = self._reports.pop(0) if self._reports else self._state
                if job is self._state:
                    self._state = None
            try:
                with checkpoints(self._pause), _quick_handover():
                    if isinstance(job, _ReportJob):
                        self._report(job)
                    else:
                        self._listing(job)
            except _Superseded:
                pass
            except Exception as error:  # the thread must outlive any one failure
                self._send(job.comm, {"kind": "error", "message": f"{type(error).__name__}: {error}"})
            # let go of the user's frames before waiting: a frame the user replaced must
            # be freed now, not when the next request comes
            job = None

    def _pause(self) -> None:
        """Checkpoint hook: wait while a cell runs (the wait releases the GIL)."""
        while not self._between_cells.wait(timeout=0.5):
            if self._stopped:
                raise _Superseded

    def _listing(self, job: _StateJob) -> None:
        started = time.perf_counter()
        self.summaries.forget_missing(job.frames)
        current = {name: self.summaries.known(name, frame) for name, frame in job.frames.items()}
        self._broadcast(current, done=False, started=started)
        for name, frame in job.frames.items():
            self._pause()
            with self._lock:
                newer = self._generation != job.generation
                reports = self._reports[:]
                self._reports.clear()
            if newer:
                raise _Superseded
            for report in reports:
                self._report(report)
            summary = self.summaries.summary(name, frame, full=job.full)
            if summary is not current[name]:
                current[name] = summary
                self._broadcast(current, done=False, started=started)
        self._broadcast(current, done=True, started=started)

    def _report(self, job: _ReportJob) -> None:
        self._pause()
        reply = report_html(job.frame, job.name, self.summaries)
        self._send(job.comm, {"kind": "report", **reply})

    def _broadcast(self, current: dict[str, dict], *, done: bool, started: float) -> None:
        message = {"kind": "state", "frames": list(current.values()), "done": done,
                   "seconds": round(time.perf_counter() - started, 3), "magics": self._magics_loaded()}
        for comm in list(self.comms):
            self._send(comm, message)

    def _magics_loaded(self) -> bool:
        """Whether ``%mlqa`` works in this kernel (else the panel inserts ``%load_ext`` first)."""
        manager = getattr(self.shell, "magics_manager", None)
        return manager is not None and "mlqa" in manager.magics.get("line", {})

    @staticmethod
    def _send(comm: Any, message: dict[str, Any]) -> None:
        if comm is None:
            return
        with contextlib.suppress(Exception):  # the panel went away (closed tab, restarted kernel)
            comm.send(message)


#: How often (seconds) Python hands the GIL between threads while the panel works:
#: a tenth of the default, so a cell that arrives meanwhile gets the interpreter
#: within half a millisecond each time it asks, not five.
HANDOVER_SECONDS = 0.0005


@contextlib.contextmanager
def _quick_handover():
    """Shorten the interpreter's switch interval while the background work runs, and
    put the user's value back after (unless the user changed it meanwhile)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, HANDOVER_SECONDS))
    try:
        yield
    finally:
        if sys.getswitchinterval() == min(before, HANDOVER_SECONDS):
            sys.setswitchinterval(before)


_service: PanelService | None = None


def start() -> PanelService:
    """Start the service in this kernel (once) and tell the panel it is ready."""
    global _service
    from comm import get_comm_manager
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("the panel's kernel side runs inside an IPython kernel")
    if _service is None or _service.shell is not shell:
        _service = PanelService(shell)
        get_comm_manager().register_target(COMM_TARGET, _service.open)
    display({READY_MIME: {"ready": True, "version": __version__}}, raw=True)
    return _service
