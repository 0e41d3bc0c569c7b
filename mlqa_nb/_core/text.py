"""Wording helpers shared by the checks' messages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: How many characters of a user's value a message quotes.
QUOTE_CHARS = 60


def fmt_pct(rate: float) -> str:
    """A rate as a percentage with sensible precision: 0.3%, 12%, <0.1%."""
    pct = 100 * rate
    if pct == 0:
        return "0%"
    if pct < 0.1:
        return "<0.1%"
    if pct < 10:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


def fmt_num(value: float) -> str:
    """A number as a person would write it."""
    if value != value:  # NaN
        return "NaN"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if 1000 <= abs(value) < 1e9:
        return f"{value:,.0f}"  # 1,048 rather than 1.05e+03
    if abs(value) >= 1e9 or abs(value) < 0.01:
        return f"{value:.3g}"
    return f"{value:.3f}".rstrip("0").rstrip(".")


#: A date (ISO, year first, or day/month first), with a time and zone or not, written as text.
DATE_TEXT = (
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?)\s*$"
)


def shorten(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of a value, cut to ``limit`` characters."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()  # numpy scalar -> Python: 3, not np.int64(3)
    try:
        text = repr(value)
    except ValueError:  # an int past Python's limit on digits for str()
        text = f"<int of {value.bit_length():,} bits>" if isinstance(value, int) else f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_list(items: Iterable[Any], limit: int = 5) -> str:
    """'a', 'b' and 3 more."""
    items = list(items)
    shown = ", ".join(shorten(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 row', '2,000 rows'."""
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count:,} {word}"


def name_words(name: str) -> set[str]:
    """The lower-case words of a column name (snake, camel and spaced case)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return {w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w}


def fmt_time(seconds: float, unit: str = "minute") -> str:
    """Seconds since the epoch as 'YYYY-MM-DD HH:MM' (or to the 'day' or 'second'),
    for any year a column can hold (0001-01-01 and 9999-12-31 included)."""
    import numpy as np

    if seconds != seconds:  # NaN
        return "NaT"
    text = str(np.datetime64(int(np.floor(seconds)), "s")).replace("T", " ")
    return text[: {"day": 10, "minute": 16, "second": 19}[unit]]


def as_text(value: object) -> str:
    """``str(value)`` for any cell: valid UTF-8, and ints past Python's digit limit
    shown by their size."""
    try:
        return safe_text(str(value))
    except ValueError:
        return shorten(value)


def safe_text(value: object) -> object:
    """A string that can be written as UTF-8: lone surrogates (file names read with
    the wrong encoding) become visible escapes; other values pass unchanged."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value
