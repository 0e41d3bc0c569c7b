"""type_mismatch: numbers, dates or booleans stored as text, and columns mixing types."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from .._core.context import LEADING_ZERO, NUMBER_TEXT, ColumnData, FrameContext, arrow_strings
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.text import DATE_TEXT, fmt_pct, plural, quote_list, shorten

_NUMBER = NUMBER_TEXT.pattern
_LEADING_ZERO = LEADING_ZERO.pattern
_DATE = DATE_TEXT
#: Distinct values probed before a full pass over a high-cardinality column.
_SAMPLE = 2000
_BOOLEAN_WORDS = {"true", "false", "yes", "no", "y", "n", "t", "f"}


@register(
    "type_mismatch", family="data", parse_share=Param(0.9, SHARE))
def type_mismatch(ctx: FrameContext, *, parse_share: float) -> list[Finding]:
    """Columns whose values are stored with the wrong type."""
    findings: list[Finding] = []
    for col in ctx.columns:
        if col.storage == "mixed":
            findings += _mixed_types(ctx, col)
        elif (col.storage == "string" and col.kind in ("categorical", "id", "text")) or col.numbers_as_text:
            finding = _text_holding(ctx, col, parse_share)
            if finding is not None:
                findings.append(finding)
    return findings


def _mixed_types(ctx: FrameContext, col: ColumnData) -> list[Finding]:
    present = col.series.iloc[col.present_positions]
    type_names = present.map(lambda v: type(v).__name__)
    shares = type_names.value_counts()
    if len(shares) < 2:
        return []
    main = shares.index[0]
    odd = np.flatnonzero((type_names != main).to_numpy())
    count = int(odd.size)
    breakdown = ", ".join(f"{t} ({fmt_pct(c / col.n_present)})" for t, c in shares.head(4).items())
    return [
        Finding(
            "type_mismatch",
            "warning",
            f"Column {col.name!r} mixes value types: {breakdown}; "
            f"{plural(count, 'row')} are not {main}.",
            columns=(col.label,),
            details={
                "count": count,
                "rate": count / ctx.n_rows,
                "kind": "mixed",
                "types": {str(k): int(v) for k, v in shares.items()},
                "examples": [shorten(v) for v in present.iloc[odd[:3]].tolist()],
            },
            rows=ctx.row_labels(col.present_positions[odd]),
        )
    ]


def _text_holding(ctx: FrameContext, col: ColumnData, parse_share: float) -> Finding | None:
    """Numbers, dates or booleans written as text (judged on distinct values)."""
    counts = col.value_counts
    values = arrow_strings(counts.index)
    weights = counts.to_numpy()
    total = weights.sum()
    lowered = {str(v).strip().lower() for v in counts.index[:10]}
    if len(counts) <= 8 and len(counts) >= 2 and lowered <= _BOOLEAN_WORDS:
        return Finding(
            "type_mismatch",
            "info",
            f"Column {col.name!r} holds booleans as text ({quote_list(counts.index)}).",
            columns=(col.label,),
            details={"count": int(total), "rate": total / ctx.n_rows, "kind": "boolean_text"},
        )
    for kind, pattern in (("number", _NUMBER), ("date", _DATE)):
        if len(values) > _SAMPLE:
            probe = values.take(np.linspace(0, len(values) - 1, _SAMPLE).astype(np.int64))
            if pc.mean(pc.cast(pc.match_substring_regex(probe, pattern), "int8")).as_py() < parse_share / 2:
                continue  # most distinct values do not look like it: skip the full pass
        matches = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
        share = weights[matches].sum() / total
        if share < parse_share:
            continue
        if kind == "number" and pc.any(pc.match_substring_regex(values, _LEADING_ZERO)).as_py():
            return None  # codes with leading zeros (zip codes, phone numbers) are text
        bad_values = counts.index[~matches]
        bad_positions = np.flatnonzero(col.hashable.isin(bad_values).to_numpy())
        count = int(bad_positions.size)
        if count:
            message = (
                f"Column {col.name!r} holds {kind}s stored as text; {plural(count, 'row')} "
                f"({fmt_pct(count / ctx.n_rows)}) do not parse, e.g. {quote_list(bad_values[:3])}."
            )
        else:
            message = f"Column {col.name!r} holds {kind}s stored as text: convert it."
        return Finding(
            "type_mismatch",
            "warning" if count else "info",
            message,
            columns=(col.label,),
            details={
                "count": count,
                "rate": count / ctx.n_rows,
                "kind": f"{kind}_text",
                "parse_share": share,
                "examples": [str(v) for v in bad_values[:5]],
            },
            rows=ctx.row_labels(bad_positions),
        )
    return None
