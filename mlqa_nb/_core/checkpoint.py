"""Points in long computations where a background caller may pause or stop them.

The panel profiles frames on a background thread of the kernel; while the user's
cell runs it must wait. ``checkpoint()`` calls the hook installed for the current
thread (none by default: a call from the user's own code costs a dictionary lookup).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()


def checkpoint() -> None:
    """Let the current thread's hook pause (or stop, by raising) the work here."""
    hook = getattr(_local, "hook", None)
    if hook is not None:
        hook()


@contextmanager
def checkpoints(hook: Callable[[], None]) -> Iterator[None]:
    """Call ``hook`` at every checkpoint reached by this thread inside the block."""
    previous = getattr(_local, "hook", None)
    _local.hook = hook
    try:
        yield
    finally:
        _local.hook = previous
