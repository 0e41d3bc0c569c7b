"""Files for the ``mlqa`` command: data read the way a person would read it (the
delimiter sniffed, dates parsed, the encoding guessed), and outputs checked before
any work starts. Every problem is an :class:`InputError` with a one-line message."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._core.text import DATE_TEXT

#: Readable data files, by suffix (compressed CSV and JSON lines too: ".csv.gz").
READERS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".feather": "feather", ".arrow": "feather",
    ".xlsx": "excel", ".xls": "excel",
}
COMPRESSION = (".gz", ".bz2", ".zip", ".xz", ".zst")
#: Report formats, by the output's suffix.
OUTPUTS = {".html": "HTML", ".htm": "HTML", ".json": "JSON", ".xml": "JUnit XML"}
#: Delimiters the sniffer chooses among.
DELIMITERS = ",;\t|"
#: Text columns whose values look like dates (ISO, day/month/year, with times) are parsed.
DATE_LIKE = re.compile(DATE_TEXT)
#: Share of a column's values that must parse as dates for it to be read as dates.
DATE_SHARE = 0.99


class InputError(Exception):
    """A wrong argument or an unreadable file: printed as one line, exit code 2."""


@dataclass
class Table:
    """A data file read: the frame and what was decided while reading it."""

    frame: pd.DataFrame
    path: Path
    notes: list[str] = field(default_factory=list)


def data_kind(path: str | Path) -> str:
    """The reader for a data file, from its suffix; an :class:`InputError` names what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a directory, not a data file")
    if not path.exists():
        raise InputError(f"no data file at {str(path)!r}")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSION:
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in READERS:
        raise InputError(f"cannot read {str(path)!r}: the suffix {suffix or '(none)'!r} is not one of "
                         f"{', '.join(sorted(READERS))}")
    return READERS[suffix]


def check_output(path: str | Path, allowed: tuple[str, ...] = tuple(OUTPUTS)) -> Path:
    """An output path whose folder exists and whose suffix names a format we write."""
    path = Path(path)
    if path.suffix.lower() not in allowed:
        shown = ", ".join(f"{s} ({OUTPUTS.get(s, 'baseline')})" for s in allowed if s != ".htm")
        raise InputError(f"cannot write {str(path)!r}: use {shown}")
    if path.is_dir():
        raise InputError(f"{str(path)!r} is a directory; give a file name such as report{allowed[0]}")
    if not path.parent.is_dir():
        raise InputError(f"the output folder {str(path.parent)!r} does not exist")
    return path


def read_table(path: str | Path, *, sep: str | None = None) -> Table:
    """Read a data file: CSV (delimiter sniffed unless ``sep``), parquet, JSON or
    JSON lines, feather, Excel; text columns holding dates are parsed as dates."""
    path = Path(path)
    kind = data_kind(path)
    notes: list[str] = []
    try:
        if kind == "csv":
            frame = _read_csv(path, sep, notes)
        elif kind in ("json", "jsonl"):
            frame = _read_json(path, kind == "jsonl")
        elif kind == "excel":
            frame = pd.read_excel(path)
        else:
            frame = getattr(pd, f"read_{kind}")(path)
    except InputError:
        raise
    except ImportError as error:
        raise InputError(f"reading {str(path)!r} needs a package that is not installed: {error}") from None
    except Exception as error:  # pandas' and pyarrow's own errors: one line naming the file
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"cannot read {str(path)!r} as {kind}: {message}") from None
    if kind in ("csv", "json", "jsonl", "excel"):  # formats that carry no date type of their own
        parsed = parse_dates(frame)
        if parsed:
            notes.append(f"dates parsed in {', '.join(map(repr, parsed))}")
    return Table(frame, path, notes)


def _read_csv(path: Path, sep: str | None, notes: list[str]) -> pd.DataFrame:
    encoding = "utf-8"
    try:
        head = _head(path, encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        head = _head(path, encoding)
        notes.append("read as Windows-1252 (not valid UTF-8)")
    if sep is None:
        sep = "\t" if path.suffix.lower() == ".tsv" else _sniff(head)
        if sep != ",":
            notes.append(f"separator {sep!r}")
    if not head.strip():
        raise InputError(f"{str(path)!r} is empty")
    return pd.read_csv(path, sep=sep, encoding=encoding, low_memory=False)


def _head(path: Path, encoding: str) -> str:
    import io

    with pd.io.common.get_handle(path, "rb", compression="infer", is_text=False) as handle:
        raw = handle.handle.read(65536)
    text = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, errors="strict").read() if raw else ""
    return text if len(raw) < 65536 else text.rsplit("\n", 1)[0]


def _sniff(head: str) -> str:
    """The delimiter of a CSV head: the sniffer's choice among ``DELIMITERS``, else a comma."""
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _read_json(path: Path, lines: bool) -> pd.DataFrame:
    """JSON, or JSON lines when the first line is a whole object of its own."""
    if not lines:
        with pd.io.common.get_handle(path, "r", compression="infer", encoding="utf-8") as handle:
            first_line = handle.handle.readline().strip()
        lines = first_line.startswith("{") and first_line.endswith("}")
    return pd.read_json(path, lines=lines)


def parse_dates(frame: pd.DataFrame) -> list[str]:
    """Parse, in place, text columns whose values look like dates (at least
    ``DATE_SHARE`` of them); returns the names of the columns parsed."""
    parsed = []
    for position, label in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
            continue
        present = column.dropna()
        if present.empty:
            continue
        sample = present.iloc[:: max(1, len(present) // 200)].astype(str)
        if sample.str.match(DATE_LIKE).mean() < DATE_SHARE:
            continue
        dates = _to_datetime(column.astype(object).where(column.notna(), None))
        if dates is None:  # fewer than DATE_SHARE of the present values parse
            continue
        frame.isetitem(position, dates)
        parsed.append(str(label))
    return parsed


def _to_datetime(values: pd.Series) -> pd.Series | None:
    """The values as dates, or None when fewer than DATE_SHARE of the present ones parse."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # ISO first; offsets that differ between rows are brought to UTC
        for options in ({"format": "ISO8601"}, {"format": "ISO8601", "utc": True}, {"dayfirst": False},
                        {"dayfirst": True}):
            try:
                out = pd.to_datetime(values, errors="coerce", **options)
            except (ValueError, TypeError):
                continue
            if out.notna().sum() >= DATE_SHARE * values.notna().sum():
                return out
    return None
