"""inconsistent_categories: one category written several ways."""

from __future__ import annotations

import difflib
import re
import unicodedata

import numpy as np

from .._core.context import ColumnData, FrameContext
from .._core.cuts import value_cut
from .._core.finding import Finding
from .._core.fixcode import column, literal
from .._core.registry import fixes, register
from .._core.text import fmt_pct, plural, shorten


def normalise(value: str) -> str:
    """The spelling-independent key of a category: no accents, case, punctuation
    or repeated spaces."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


@register(
    "inconsistent_categories", family="data",
    max_distinct=5000,
    fuzzy_max_distinct=500,
    similarity=0.9,
    min_length=5,
    rare_ratio=0.1,
)
def inconsistent_categories(
    ctx: FrameContext,
    *,
    max_distinct: int,
    fuzzy_max_distinct: int,
    similarity: float,
    min_length: int,
    rare_ratio: float,
) -> list[Finding]:
    """Categories that differ only in case, spacing, accents, punctuation or a typo."""
    findings = []
    for col in ctx.columns:
        if not col.is_stringlike or col.kind not in ("categorical", "id") or col.distinct < 2:
            continue
        if col.distinct > max_distinct:
            continue
        mapping = propose_mapping(
            col.value_counts,
            fuzzy=col.distinct <= fuzzy_max_distinct,
            similarity=similarity,
            min_length=min_length,
            rare_ratio=rare_ratio,
        )
        if mapping:
            findings.append(_finding(ctx, col, mapping))
    return findings


def propose_mapping(
    counts, *, fuzzy: bool, similarity: float, min_length: int, rare_ratio: float
) -> dict[str, str]:
    """Map each variant spelling to the most frequent spelling of its group."""
    canonical: dict[str, str] = {}  # key -> most frequent spelling (counts are sorted)
    key_rows: dict[str, int] = {}
    mapping: dict[str, str] = {}
    # most frequent first, ties by text, so the result does not hang on hash order
    ordered = sorted(counts.items(), key=lambda vc: (-vc[1], str(vc[0])))
    for value, count in ordered:
        if not isinstance(value, str):
            continue
        key = normalise(value)
        if key in canonical:
            mapping[value] = canonical[key]
            key_rows[key] += int(count)
        else:
            canonical[key] = value
            key_rows[key] = int(count)
    if fuzzy:
        keys = sorted(key_rows, key=lambda k: -key_rows[k])
        for position, rare in enumerate(keys):
            if len(rare) < min_length:
                continue
            frequent = [k for k in keys[:position] if key_rows[rare] <= rare_ratio * key_rows[k]]
            close = difflib.get_close_matches(rare, frequent, n=1, cutoff=similarity) or _typed_like(rare, frequent)
            if close and len(close[0]) >= min_length and _looks_like_typo(rare, close[0]):
                target = canonical[close[0]]
                for value, mapped in list(mapping.items()):
                    if mapped == canonical[rare]:
                        mapping[value] = target
                mapping[canonical[rare]] = target
    return mapping


#: Words shorter than this are not corrected: 'type a' and 'type b' are two types.
MIN_WORD = 4


def _typed_like(rare: str, frequent: list[str]) -> list[str]:
    """The frequent key ``rare`` differs from by typing slips alone: in each word that
    differs, one insertion, deletion, substitution or swap of neighbours (two in words of
    eight letters or more), as 'compcat' from 'compact' or 'picukp' from 'pickup'."""
    from rapidfuzz.distance import OSA

    words = rare.split()
    for key in frequent:
        other = key.split()
        if len(other) != len(words) or OSA.distance(rare, key) > 2:
            continue
        changed = [(a, b) for a, b in zip(words, other) if a != b]
        if changed and all(min(len(a), len(b)) >= MIN_WORD and OSA.distance(a, b) <= (2 if len(b) >= 8 else 1)
                           for a, b in changed):
            return [key]
    return []


def _looks_like_typo(a: str, b: str) -> bool:
    """'Marseile' for 'Marseille' is a typo; 'model 2' vs 'model 3' (other digits),
    'model 2' vs 'model 2b' and 'finished' vs 'unfinished' (one extends the other)
    are different things."""
    if re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False
    return not (a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a))


def _finding(ctx: FrameContext, col: ColumnData, mapping: dict[str, str]) -> Finding:
    positions = np.flatnonzero(col.hashable.isin(list(mapping)).to_numpy())
    count = int(positions.size)
    groups = len(set(mapping.values()))
    examples = list(mapping.items())[:3]
    shown = "; ".join(f"{shorten(a)} → {shorten(b)}" for a, b in examples)
    return Finding(
        "inconsistent_categories",
        "warning",
        f"Column {col.name!r} spells {groups:,} categor{'y' if groups == 1 else 'ies'} in several "
        f"ways ({plural(count, 'row')}, {fmt_pct(count / ctx.n_rows)}): {shown}.",
        columns=(col.label,),
        details={"count": count, "rate": count / ctx.n_rows, "mapping": mapping, "cut": value_cut(among=mapping)},
        rows=ctx.row_labels(positions),
    )


@fixes("inconsistent_categories")
def fix_inconsistent_categories(finding: Finding, name: str) -> str | None:
    """Map every spelling onto the one proposed for it."""
    mapping = finding.details.get("mapping")
    if not mapping or len(finding.columns) != 1:
        return None
    target = column(name, finding.columns[0])
    pairs = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in mapping.items())
    return f"{target} = {target}.replace({{{pairs}}})"
