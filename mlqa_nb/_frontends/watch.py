"""Watch mode: after each cell, one line per data frame that the cell created or
changed and that gained warning or critical findings.

A cell that touches no frame costs a change key per frame (identity, memory
blocks, a few sampled rows: microseconds, whatever the size; small frames are
hashed whole so that in-place edits are seen). Changed frames larger than
SAMPLE_ROWS are judged on a sample, and the line says so.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from .._core.frame_key import fingerprint
from .._core.text import plural
from .._core.validation import frames_in, sample_as_pandas

#: Changed frames with more rows are profiled on a random sample of this many rows.
SAMPLE_ROWS = 100_000
#: The severities a banner reports.
LOUD = ("critical", "warning")


def _problems(name: str, frame: Any) -> tuple[set[tuple], bool]:
    """The (check, columns) of the frame's warning and critical findings, and whether
    they come from a sample."""
    from .._data.profile import profile

    data, sampled = sample_as_pandas(frame, SAMPLE_ROWS)
    report = profile(data, name=name)
    return {(f.check, tuple(map(str, f.columns)), f.severity) for f in report.findings if f.severity in LOUD}, sampled


@dataclass
class Gain:
    """What one frame gained in one cell."""

    name: str
    new: list[tuple]  # (check, columns, severity)
    sampled: bool
    created: bool

    def counts(self) -> str:
        critical = sum(1 for *_, s in self.new if s == "critical")
        warning = len(self.new) - critical
        parts = [plural(critical, "critical finding")] if critical else []
        if warning:
            parts.append(plural(warning, "warning"))
        return " and ".join(parts)

    def what(self) -> str:
        return "; ".join(f"{check}" + (f" on {', '.join(map(repr, columns))}" if columns else "")
                         for check, columns, _ in self.new)

    def line(self) -> str:
        verb = "new frame with" if self.created else "gained"
        sample = f" (judged on a {SAMPLE_ROWS:,}-row sample)" if self.sampled else ""
        return f"mlqa watch: {self.name} {verb} {self.counts()}: {self.what()}{sample}. mq.explore({self.name})"


class Banner:
    """The lines shown after a cell (text in a terminal, HTML with inline styles in a notebook)."""

    def __init__(self, gains: list[Gain]) -> None:
        self.gains = gains

    def __repr__(self) -> str:
        return "\n".join(g.line() for g in self.gains)

    def _repr_html_(self) -> str:
        rows = []
        for g in self.gains:
            colour = "#d1242f" if any(s == "critical" for *_, s in g.new) else "#b35900"
            sample = f" <i>(judged on a {SAMPLE_ROWS:,}-row sample)</i>" if g.sampled else ""
            rows.append(
                f'<div style="border-left:3px solid {colour};padding:2px 8px;margin:2px 0;font-size:12px">'
                f'<b>mlqa watch</b>: <code>{html.escape(g.name)}</code> '
                f'{"new frame with" if g.created else "gained"} {html.escape(g.counts())}: '
                f"{html.escape(g.what())}{sample}. Explore: <code>mq.explore({html.escape(g.name)})</code></div>"
            )
        return "".join(rows)


class Watcher:
    """Keeps a change key and the loud findings of every frame of a shell's namespace."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.keys: dict[str, tuple] = {}
        self.known: dict[str, set[tuple]] = {}
        for name, frame in frames_in(shell.user_ns).items():  # the frames as they are now: the baseline
            self.keys[name] = self._key(frame)
            self.known[name] = self._judge(name, frame)[0]

    @staticmethod
    def _key(frame: Any) -> tuple:
        try:
            return fingerprint(frame)
        except Exception:  # a frame whose sampled rows cannot be hashed: its identity must do
            return (id(frame), tuple(frame.shape))

    @staticmethod
    def _judge(name: str, frame: Any) -> tuple[set[tuple], bool]:
        try:
            return _problems(name, frame)
        except Exception:  # one odd frame must not break the user's cells
            return set(), False

    def after_cell(self, result: Any = None) -> Banner | None:
        """Compare the namespace with what was seen after the last cell; a banner when a
        created or changed frame gained warning or critical findings."""
        frames = frames_in(self.shell.user_ns)
        gains = []
        for name, frame in frames.items():
            key = self._key(frame)
            if self.keys.get(name) == key:
                continue
            created = name not in self.keys
            self.keys[name] = key
            problems, sampled = self._judge(name, frame)
            new = sorted(problems - self.known.get(name, set()), key=lambda p: (p[2] != "critical", p[0], p[1]))
            self.known[name] = problems
            if new:
                gains.append(Gain(name, new, sampled, created))
        for gone in set(self.keys) - set(frames):
            del self.keys[gone]
            self.known.pop(gone, None)
        return Banner(gains) if gains else None

    def show(self, result: Any = None) -> None:
        """post_run_cell callback: display the banner, if any, under the cell (with an
        Explore button per frame in a Jupyter kernel)."""
        banner = self.after_cell(result)
        if banner is not None:
            from IPython.display import display

            display(banner)  # plain HTML and text: a saved notebook keeps it
            if getattr(self.shell, "kernel", None) is not None:
                buttons = explore_buttons(banner, self.shell.user_ns)
                if buttons is not None:
                    display(buttons)


def explore_buttons(banner: Banner, namespace: dict[str, Any]) -> Any:
    """An Explore button per frame of the banner, opening ``mq.explore`` on the frame
    (as it is when the button is pressed) below them; None without ipywidgets."""
    try:
        import ipywidgets as w
    except ImportError:
        return None
    from IPython.display import display

    from .explore import explore

    out = w.Output()
    box = w.VBox()
    box.explorers = {}

    def opener(name: str):
        def open_explorer(_: Any = None) -> None:
            frame = namespace.get(name)
            if frame is None:
                return
            box.explorers[name] = explorer = explore(frame, name=name)
            out.clear_output()
            with out:
                display(explorer.widget)
        return open_explorer

    buttons = []
    for gain in banner.gains:
        button = w.Button(description=f"Explore {gain.name}", icon="search", layout=w.Layout(width="auto"))
        button.on_click(opener(gain.name))
        buttons.append(button)
    box.children = (w.HBox(buttons), out)
    return box


_watchers: dict[int, Watcher] = {}


def watch(on: bool | str = True) -> None:
    """Turn watch mode on or off in this IPython session.

    Parameters
    ----------
    on : bool or "on" / "off"
        On: after each cell, a short banner names the data frames that the cell
        created or changed and that gained warning or critical findings (frames
        of more than 100,000 rows are judged on a sample). Cells that change no
        frame, or only leave clean frames, show nothing.

    It prints what it did, e.g. "watch mode on: watching 3 data frames".
    """
    if isinstance(on, str):
        if on.lower() not in ("on", "off"):
            raise ValueError(f"watch takes 'on' or 'off', got {on!r}")
        on = on.lower() == "on"
    if not isinstance(on, bool):
        raise TypeError(f"on must be True, False, 'on' or 'off', got {on!r}")
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("watch mode needs IPython or Jupyter (it runs after each cell)")
    current = _watchers.pop(id(shell), None)
    if current is not None:
        shell.events.unregister("post_run_cell", current.show)
    if not on:
        print("watch mode off")
        return
    watcher = Watcher(shell)
    shell.events.register("post_run_cell", watcher.show)
    _watchers[id(shell)] = watcher
    print(f"watch mode on: watching {plural(len(watcher.keys), 'data frame')}")
