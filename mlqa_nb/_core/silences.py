"""Findings a user has looked at and decided to leave: read from ``mlqa.toml``.

The file sits beside the notebook (the kernel's working directory)::

    [[silence]]
    check = "outliers"          # required: a check id (mq.checks())
    column = "fare"             # optional: only this column's findings
    frame = "titanic"           # optional: only this frame's reports
    reason = "fares are skewed" # why (shown when the finding is listed as silenced)

Silenced findings are kept aside on the report (``report.silenced``), never
counted, and the report says how many there were.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .finding import Finding

#: The project file read by default, relative to the working directory.
SILENCE_FILE = "mlqa.toml"
_FIELDS = ("check", "column", "frame", "reason")


@dataclass(frozen=True)
class Silence:
    """One entry of ``[[silence]]``: a check, optionally narrowed to a column and a frame."""

    check: str
    column: str | None = None
    frame: str | None = None
    reason: str = ""

    def matches(self, finding: Finding, frame: str | None) -> bool:
        """Whether this entry silences ``finding`` in a report on the frame named ``frame``."""
        if finding.check != self.check:
            return False
        if self.frame is not None and self.frame != frame:
            return False
        return self.column is None or self.column in {str(c) for c in finding.columns}


_cache: dict[str, tuple[float, tuple[Silence, ...]]] = {}


def silences_stamp(path: str | os.PathLike | None = SILENCE_FILE) -> int | None:
    """When the silence file last changed (None when there is none): a cache of
    findings keyed on it is dropped when the user edits the file."""
    try:
        return Path(path).stat().st_mtime_ns if path is not None else None
    except OSError:
        return None


def load_silences(path: str | os.PathLike | None = SILENCE_FILE) -> tuple[Silence, ...]:
    """The silences in ``path`` (none when the file does not exist, or path is None).

    Raises
    ------
    ValueError
        When the file is not valid TOML or an entry lacks ``check`` or has unknown
        keys; the message names the file and the entry.
    """
    if path is None:
        return ()
    file = Path(path)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        return ()
    key = str(file.resolve())
    if key in _cache and _cache[key][0] == stamp:
        return _cache[key][1]
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{file} is not valid TOML: {error}") from None
    entries = data.get("silence", [])
    if not isinstance(entries, list):
        raise ValueError(f"{file}: 'silence' must be a list of tables ([[silence]]), got {type(entries).__name__}")
    silences = tuple(_entry(file, i, entry) for i, entry in enumerate(entries, start=1))
    _cache[key] = (stamp, silences)
    return silences


def _entry(file: Path, number: int, entry: Any) -> Silence:
    where = f"{file}: silence entry {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a table, got {entry!r}")
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise ValueError(f"{where} has unknown keys {unknown}; allowed: {list(_FIELDS)}")
    if not isinstance(entry.get("check"), str) or not entry["check"]:
        raise ValueError(f"{where} needs a 'check' (a check id such as 'outliers')")
    for field in ("column", "frame", "reason"):
        if field in entry and not isinstance(entry[field], str):
            raise ValueError(f"{where}: {field!r} must be text, got {entry[field]!r}")
    return Silence(**entry)


def add_silence(
    check: str,
    *,
    column: str | None = None,
    frame: str | None = None,
    reason: str = "",
    path: str | os.PathLike = SILENCE_FILE,
) -> Silence:
    """Append a ``[[silence]]`` entry to ``path`` (created if missing) and return it.

    The rest of the file is left as it is; the entry is checked by reading the
    whole file back, so a file that was already broken is reported, not hidden.
    """
    entry = Silence(check=check, column=column, frame=frame, reason=reason)
    lines = ["", "[[silence]]"]
    for field in _FIELDS:
        value = getattr(entry, field)
        if value is not None and (value or field == "check"):
            lines.append(f"{field} = {json.dumps(str(value), ensure_ascii=False)}")
    file = Path(path)
    existing = file.read_text(encoding="utf-8") if file.exists() else "# findings mlqa_nb leaves out\n"
    file.write_text(existing.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    _cache.pop(str(file.resolve()), None)
    load_silences(file)
    return entry


def split_silenced(
    findings: Iterable[Finding], frame: str | None, silences: Iterable[Silence]
) -> tuple[list[Finding], list[Finding]]:
    """The findings no entry silences, and those some entry does."""
    silences = tuple(silences)
    kept, silenced = [], []
    for finding in findings:
        (silenced if any(s.matches(finding, frame) for s in silences) else kept).append(finding)
    return kept, silenced
