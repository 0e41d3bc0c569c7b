"""text_encoding: characters damaged on the way in (mojibake, escapes, controls)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._core.context import ColumnData, FrameContext, arrow_strings
from .._core.finding import Finding
from .._core.fixcode import literal, row_list
from .._core.params import SHARE, Param
from .._core.registry import fixes, register
from .._core.text import fmt_pct, plural, shorten

_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
    "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)

#: Damage patterns: id -> (regular expression (RE2), severity, what it means).
PATTERNS: dict[str, tuple[str, str, str]] = {
    "mojibake": (
        f"[\u00c2-\u00df][{_CP1252_CONTINUATION}]|\u00e2\u20ac|[\u00e0-\u00ef][{_CP1252_CONTINUATION}]{{2}}",
        "warning",
        "mojibake (UTF-8 read as Latin-1/cp1252, e.g. 'Ã©' for 'é')",
    ),
    "replacement_character": ("\ufffd", "warning", "replacement characters '\ufffd' (bytes lost in decoding)"),
    "literal_escape": (
        r"(^|[^\\])\\[nrt]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|" "[\u21b5\u23ce]",
        "warning",
        "literal escape sequences or newline symbols (e.g. '\\n' typed out, '\u21b5')",
    ),
    "control_character": (
        "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]",
        "warning",
        "control characters",
    ),
    "html_entity": (
        r"&(amp|lt|gt|quot|apos|nbsp|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});",
        "warning",
        "HTML entities (e.g. '&amp;' for '&': the text was escaped twice)",
    ),
    "invisible_character": (
        "[\u200b-\u200d\u2060\ufeff\u00ad]",
        "info",
        "invisible characters (zero-width spaces, byte-order marks, soft hyphens)",
    ),
}
#: Style mixtures: id -> (pattern A, pattern B, what).
MIXTURES: dict[str, tuple[str, str, str]] = {
    "mixed_newlines": ("\r\n", "(^|[^\r])\n", "both Windows (\\r\\n) and Unix (\\n) line breaks"),
    "mixed_quotes": ("['\"]", "[\u2018\u2019\u201c\u201d]", "both straight and curly quotes"),
}
#: Any damage, or any character a style mixture involves: one pass over the
#: column shortlists the values every other pattern is tried on.
_SHORTLIST = "|".join(f"({p})" for p, _, _ in PATTERNS.values()) + "|[\r\n'\"\u2018\u2019\u201c\u201d]"
#: Plain printable ASCII without quotes, '&' or backslash can match none of the
#: patterns; this cheap class finds the values worth the full shortlist.
_NOT_PLAIN = r"[^ !#-%(-\[\]-~]"


def _targets(col: ColumnData) -> tuple[pa.Array, np.ndarray, pa.Array | None]:
    """Values to scan, how many rows each stands for, and its row positions.

    Low-cardinality columns are scanned once per distinct value.
    """
    if col.storage == "categorical" or col.distinct <= 0.5 * col.n_present:
        counts = col.value_counts
        return arrow_strings(counts.index), counts.to_numpy(), None
    strings = col.strings
    return arrow_strings(strings), np.ones(len(strings), dtype=np.int64), strings.index.to_numpy()


@register(
    "text_encoding", family="data", min_share_minority_style=Param(0.01, SHARE))
def text_encoding(ctx: FrameContext, *, min_share_minority_style: float) -> list[Finding]:
    """Text with damaged characters, per column, with counts and examples."""
    findings = []
    for col in ctx.columns:
        if not col.is_stringlike or col.n_present == 0:
            continue
        values, weights, positions = _targets(col)
        plain = ~_matches(values, _NOT_PLAIN)
        if plain.all():
            continue
        if plain.any():
            values, weights = values.filter(pa.array(~plain)), weights[~plain]
            positions = positions[~plain] if positions is not None else None
        shortlisted = _matches(values, _SHORTLIST)
        if not shortlisted.any():
            continue
        values = values.filter(pa.array(shortlisted))
        weights = weights[shortlisted]
        positions = positions[shortlisted] if positions is not None else None
        findings += _damage(ctx, col, values, weights, positions)
        findings += _mixtures(ctx, col, values, weights, positions, min_share_minority_style)
    return findings


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)


def _damage(ctx, col, values, weights, positions) -> list[Finding]:
    findings = []
    for name, (pattern, severity, what) in PATTERNS.items():
        hit = _matches(values, pattern)
        if hit.any():
            findings.append(_finding(ctx, col, name, severity, what, values, weights, positions, hit))
    return findings


def _mixtures(ctx, col, values, weights, positions, min_share) -> list[Finding]:
    findings = []
    for name, (first, second, what) in MIXTURES.items():
        a, b = _matches(values, first), _matches(values, second)
        a_total, b_total = int(weights[a].sum()), int(weights[b].sum())
        if min(a_total, b_total) >= max(1, min_share * col.n_present):
            minority = a if a_total < b_total else b
            findings.append(_finding(ctx, col, name, "info", what, values, weights, positions, minority))
    return findings


def _finding(ctx, col, name, severity, what, candidates, weights, where, hit) -> Finding:
    count = int(weights[hit].sum())
    examples = [shorten(v) for v in candidates.filter(pa.array(hit)).slice(0, 3).to_pylist()]
    if where is not None:
        positions = where[hit]
    else:
        bad_values = candidates.filter(pa.array(hit)).to_pylist()
        positions = np.flatnonzero(col.hashable.isin(bad_values).to_numpy())
    return Finding(
        "text_encoding",
        severity,
        f"{plural(count, 'value')} of {col.name!r} ({fmt_pct(count / ctx.n_rows)}) contain {what}, "
        f"e.g. {examples[0]}.",
        columns=(col.label,),
        details={"count": count, "rate": count / ctx.n_rows, "kind": name, "examples": examples},
        rows=ctx.row_labels(positions),
    )


#: Repairs UTF-8 text that was decoded as Windows-1252 ("JosÃ©" -> "José").
_REPAIR = '''def repair_mojibake(text):
    try:
        return text.encode("cp1252").decode("utf-8")
    except (AttributeError, UnicodeEncodeError, UnicodeDecodeError):
        return text
'''


@fixes("text_encoding")
def fix_text_encoding(finding: Finding, name: str) -> str | None:
    """Decode garbled text (UTF-8 read as Windows-1252) again."""
    if finding.details.get("kind") != "mojibake" or not finding.rows or len(finding.columns) != 1:
        return None
    rows = f"{name}.loc[{row_list(finding.rows)}, {literal(finding.columns[0])}]"
    return f"{_REPAIR}\n{rows} = {rows}.map(repair_mojibake)"
