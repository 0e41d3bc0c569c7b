"""duplicates: rows repeated exactly, and key columns whose values repeat."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._core.context import KEY_NAME, ColumnData, FrameContext
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import fixes, register
from .._core.text import fmt_pct, plural, shorten


def duplicate_positions(ctx: FrameContext) -> np.ndarray:
    """Positions of rows equal to an earlier row, exactly.

    A row can only repeat where its most distinctive column repeats, so that
    column shortlists the candidates (none at all when it is a unique key) and
    only they are compared in full.
    """
    columns = ctx.columns
    key = max(columns, key=lambda c: c.distinct + (c.n_missing > 0))
    if key.distinct == ctx.n_rows:
        return np.array([], dtype=np.int64)
    candidates = np.flatnonzero(key.hashable.duplicated(keep=False).to_numpy())
    if candidates.size == 0:
        return candidates
    exact = pd.DataFrame(
        {i: col.hashable.iloc[candidates].to_numpy() for i, col in enumerate(columns)}
    )
    repeated = exact.duplicated(keep="first").to_numpy()
    return candidates[repeated]


@register(
    "duplicates", family="data", expected_combinations_factor=10.0, key_max_repeat_rate=Param(0.05, SHARE))
def duplicates(
    ctx: FrameContext, *, expected_combinations_factor: float, key_max_repeat_rate: float
) -> list[Finding]:
    """Exact duplicate rows, and identifier columns with repeated values."""
    findings: list[Finding] = []
    n = ctx.n_rows
    if n < 2 or not ctx.columns:
        return findings
    repeated = duplicate_positions(ctx)
    if repeated.size:
        distinct = [c.distinct for c in ctx.columns if c.kind != "empty"]
        findings.append(repeated_rows_finding(int(repeated.size), n, distinct, expected_combinations_factor,
                                              rows=ctx.row_labels(repeated)))
    for col in ctx.columns:
        if _looks_like_key(col, key_max_repeat_rate):
            findings += _repeated_keys(ctx, col, repeated)
    return findings


def repeated_rows_finding(count: int, n: int, distinct: list[int], expected_combinations_factor: float,
                          rows: tuple = ()) -> Finding:
    """The finding for ``count`` rows repeating an earlier row exactly: expected (info)
    when the columns' distinct values allow fewer combinations than
    ``expected_combinations_factor`` times the rows, else a warning."""
    combinations = np.prod([float(max(d, 1)) + 1 for d in distinct])
    expected = combinations < expected_combinations_factor * n
    message = (
        f"{plural(count, 'row')} ({fmt_pct(count / n)}) {'repeats' if count == 1 else 'repeat'} an earlier row exactly"
        + (
            ", as expected for columns with so few distinct values."
            if expected
            else ": drop them, or they count twice and can leak between train and test."
        )
    )
    return Finding("duplicates", "info" if expected else "warning", message,
                   details={"count": count, "rate": count / n, "kind": "rows"}, rows=rows)


def _looks_like_key(col: ColumnData, max_repeat_rate: float) -> bool:
    if col.kind not in ("id", "numeric", "categorical") or col.n_present < 20:
        return False
    if col.kind == "numeric" and not col.is_integer:
        return False
    repeats = col.n_present - col.distinct
    if repeats == 0 or repeats > max_repeat_rate * col.n_present:
        return False
    return col.kind == "id" or bool(KEY_NAME.search(col.name))


def _repeated_keys(ctx: FrameContext, col: ColumnData, duplicate_rows: np.ndarray) -> list[Finding]:
    """Repeated values of a key column, leaving out rows that repeat whole (those are
    one problem, already reported as duplicate rows)."""
    counts = col.value_counts
    if duplicate_rows.size:
        kept = np.ones(ctx.n_rows, dtype=bool)
        kept[duplicate_rows] = False
        counts = col.hashable[kept].value_counts(dropna=True)
    repeated_values = counts[counts > 1]
    if repeated_values.empty:
        return []
    positions = np.flatnonzero(col.hashable.isin(repeated_values.index).to_numpy())
    count = int(positions.size)
    return [
        Finding(
            "duplicates",
            "warning",
            f"Column {col.name!r} looks like a key but {len(repeated_values):,} of its values "
            f"occur more than once ({plural(count, 'row')}), e.g. {shorten(repeated_values.index[0])}.",
            columns=(col.label,),
            details={
                "count": count,
                "rate": count / ctx.n_rows,
                "kind": "key",
                "repeated_values": len(repeated_values),
                "examples": repeated_values.head(5).index.tolist(),
            },
            rows=ctx.row_labels(positions),
        )
    ]


@fixes("duplicates")
def fix_duplicates(finding: Finding, name: str) -> str | None:
    """Drop rows that repeat an earlier row exactly (a repeated key is left to the user)."""
    if finding.details.get("kind") != "rows":
        return None
    return f"{name} = {name}.drop_duplicates(keep='first')"
