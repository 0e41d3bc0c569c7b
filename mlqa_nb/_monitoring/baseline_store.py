"""The Baseline: a frame's sketches, rows per period, thresholds and silences, as
small JSON with no rows (made by :func:`mlqa_nb.baseline`)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._core.jsonsafe import json_safe
from .._core.silences import Silence

#: Written into every baseline file, and checked when one is read.
FORMAT = "mlqa_nb baseline"


@dataclass
class Baseline:
    """What a frame looked like: column sketches (quantiles, level counts, word
    counts, missing counts), rows per period and group, the thresholds in force
    and the findings silenced. It holds no rows.

    ``mq.drift(baseline, df)`` and ``mq.volume(df, baseline=baseline)`` take it in
    place of the reference frame; ``mlqa check DATA --baseline FILE`` does both.
    """

    name: str
    rows: int
    columns: dict[str, dict[str, Any]]
    target: str | None = None
    volume: dict[str, Any] | None = None
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    silences: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    created: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def to_dict(self) -> dict[str, Any]:
        """The baseline as a JSON-safe dict."""
        return json_safe({"format": FORMAT, "name": self.name, "rows": self.rows,
                          "created": self.created, "target": self.target, "columns": self.columns,
                          "volume": self.volume, "options": self.options, "silences": self.silences, "accepted": self.accepted,
                          "provenance": self.provenance})

    def save(self, path: str | Path) -> Path:
        """Write the baseline as JSON; returns the path written."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), allow_nan=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline written by :meth:`save`.

        Raises
        ------
        FileNotFoundError
            When there is no file at ``path``.
        ValueError
            When the file is not a saved baseline; the message names the file.
        """
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no baseline file at {str(path)!r}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path} is not a saved mlqa_nb baseline: {error}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a saved mlqa_nb baseline (make one with mq.baseline or `mlqa baseline`)")
        try:
            return cls(name=data["name"], rows=int(data["rows"]), columns=dict(data["columns"]),
                       target=data.get("target"), volume=data.get("volume"), options=dict(data.get("options") or {}),
                       silences=list(data.get("silences") or []), accepted=list(data.get("accepted") or []),
                       provenance=dict(data.get("provenance") or {}),
                       created=data["created"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path} is not a complete mlqa_nb baseline: {error!r}") from None

    def silence_entries(self) -> tuple[Silence, ...]:
        """The silences kept with the baseline, for any batch checked against it."""
        return tuple(Silence(s["check"], s.get("column"), None, s.get("reason", "")) for s in self.silences)

    def is_accepted(self, finding: Any) -> bool:
        """Whether the data had this finding (same check, columns and kind) when
        the baseline was saved, and it was accepted then."""
        return finding_key(finding) in {(a["check"], tuple(a["columns"]), a.get("kind")) for a in self.accepted}

    def __repr__(self) -> str:
        periods = ""
        if self.volume:
            groups = f" and {', '.join(map(repr, self.volume['by']))}" if self.volume["by"] else ""
            periods = f", rows per {self.volume['freq']} of {self.volume['time']!r}{groups}"
        return f"Baseline({self.name!r}: {self.rows:,} rows x {len(self.columns)} columns{periods}, {self.created})"


def merge_options(base: Mapping[str, Mapping[str, Any]] | None,
                  override: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """``override``'s thresholds over ``base``'s, check by check."""
    out = {k: dict(v) for k, v in (base or {}).items()}
    for check, values in (override or {}).items():
        out[check] = {**out.get(check, {}), **dict(values)}
    return out


def finding_key(finding: Any) -> tuple[str, tuple[str, ...], Any]:
    """What identifies a finding across batches: its check, columns and kind."""
    return finding.check, tuple(str(c) for c in finding.columns), finding.details.get("kind")
