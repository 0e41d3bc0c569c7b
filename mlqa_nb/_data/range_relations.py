"""Relations between columns that the data itself states (max >= min, end >= start,
remodelled >= built), and the rows that break them: part of ``range_violation``.

A relation is learnt, not declared: ``a >= b`` holds in almost every row where both
are present, with ``a > b`` in most of them. The few rows that break it are swapped
(exchanging the two values puts each inside its own column's range) or mistyped.
"""

from __future__ import annotations

import numpy as np

from .._core.context import ColumnData, FrameContext
from .._core.finding import Finding
from .._core.robust import quantiles
from .._core.text import fmt_num, fmt_time, name_words, plural

#: Columns compared pairwise at most (the most complete ones).
MAX_COLUMNS = 40
#: Rows a relation is shortlisted on; all rows confirm it.
SAMPLE_ROWS = 20_000
#: A relation must be strict (a > b, not a == b) in at least this share of rows.
MIN_STRICT = 0.5
#: The rows breaking a relation must miss it by at least this share of the usual gap
#: between the two columns (a swap misses by the whole gap; chance grazes the boundary).
MIN_DEPTH = 0.25
#: Rows that may break a relation however small the table (three swapped rows in 150).
MIN_ALLOWED = 3
#: Two columns without a name word in common must rank alike this much (end and start,
#: highway and city consumption) before their order counts as a rule.
STRONG_CORRELATION = 0.9
#: Name words that say nothing about what is measured.
GENERIC_WORDS = frozenset(
    ["mean", "avg", "average", "worst", "best", "error", "std", "se", "sd", "min", "max", "minimum", "maximum", "total", "first", "last", "lower", "upper", "low", "high", "from", "to", "of", "the", "in", "per", "and", "num", "number"]
)


def broken_relations(ctx: FrameContext, *, min_holds: float, min_rows: int, min_correlation: float) -> list[Finding]:
    """One finding per learnt relation that a few rows break."""
    cols = [c for c in ctx.columns if c.kind in ("numeric", "datetime") and c.storage != "boolean"
            and c.n_present >= min_rows and not c.is_identifier and c.distinct > 2]
    if len(cols) < 2:
        return []
    cols = sorted(cols, key=lambda c: -c.n_present)[:MAX_COLUMNS]
    rows = None
    if ctx.n_rows > SAMPLE_ROWS:
        rows = np.sort(np.random.default_rng(0).choice(ctx.n_rows, SAMPLE_ROWS, replace=False))
    sample = np.column_stack([c.floats_at(rows) for c in cols])
    sample[~np.isfinite(sample)] = np.nan  # an infinity orders nothing
    findings = []
    for i, j, gap in _shortlist(sample, cols, min_holds, min_rows):
        found = _confirm(ctx, cols[i], cols[j], gap, min_holds, min_rows, min_correlation)
        if found is not None:
            findings.append(found)
    return findings


def _shortlist(
    sample: np.ndarray, cols: list[ColumnData], min_holds: float, min_rows: int
) -> list[tuple[int, int, float]]:
    """Pairs (i, j) where column i >= column j holds on the sample, allowing for the
    few rows a sample may catch breaking it, with the usual gap between them."""
    present = ~np.isnan(sample)
    out = []
    for i in range(len(cols)):
        a = sample[:, i : i + 1]
        both = present[:, i : i + 1] & present
        with np.errstate(invalid="ignore"):
            greater = ((a > sample) & both).sum(axis=0)
            less = ((a < sample) & both).sum(axis=0)
        counted = both.sum(axis=0)
        allowed = np.maximum((1 - min_holds) * counted, MIN_ALLOWED)
        for j in np.flatnonzero((counted >= min_rows) & (less <= allowed)
                                & (greater >= MIN_STRICT * counted)):
            if j != i and cols[i].kind == cols[j].kind:
                holding = both[:, j] & (sample[:, i] >= sample[:, j])
                out.append((i, int(j), float(np.median(sample[holding, i] - sample[holding, j]))))
    return out


def _confirm(ctx: FrameContext, a: ColumnData, b: ColumnData, gap: float, min_holds: float, min_rows: int,
             min_correlation: float) -> Finding | None:
    x, y = (ctx.memo(("row floats", c.position), c.floats_at) for c in (a, b))
    with np.errstate(invalid="ignore"):
        broken = x < y  # False where either is missing
    count = int(np.count_nonzero(broken))
    if count == 0:
        return None  # the common case: settle it before any other pass over the rows
    both = ~(np.isnan(x) | np.isnan(y))
    counted = int(both.sum())
    if counted < min_rows or count > max((1 - min_holds) * counted, MIN_ALLOWED):
        return None
    positions = np.flatnonzero(broken)
    if not gap > 0 or np.median((y - x)[positions]) < MIN_DEPTH * gap:
        return None  # the rows graze the boundary: chance, not an error
    # swapped: exchanging the two values puts each inside the other column's usual range
    a_low, a_bulk_low, a_bulk_high, a_high = quantiles(a.sorted_finite, [0.01, 0.05, 0.95, 0.99])
    b_low, b_bulk_low, b_bulk_high, b_high = quantiles(b.sorted_finite, [0.01, 0.05, 0.95, 0.99])
    swapped = (y[positions] >= a_low) & (y[positions] <= a_high) & (x[positions] >= b_low) & (x[positions] <= b_high)
    # apart: the bulks (which a few swapped rows cannot move) are separated by half a bulk's width
    spread = max(a_bulk_high - a_bulk_low, b_bulk_high - b_bulk_low)
    overlapping = a_bulk_low - b_bulk_high <= 0.5 * spread
    if not overlapping and swapped.mean() < 0.5:
        return None  # disjoint ranges: only a swap breaks such an order
    kin = bool((name_words(a.name) & name_words(b.name)) - GENERIC_WORDS)
    needed = min_correlation if kin else max(min_correlation, STRONG_CORRELATION)
    if overlapping and not _related(x[both], y[both], needed):
        return None  # overlapping values: two unrelated measures that merely tend to be ordered
    holds = 1 - count / counted  # shown to a tenth of a percent: "100%" would hide the break
    first = positions[0]
    label = ctx.row_labels([first])[0]
    show = fmt_num if a.kind == "numeric" else fmt_time
    relation = f"{a.name!r} >= {b.name!r}"
    if swapped.mean() >= 0.5:
        what = (f"{plural(count, 'row')} break{'s' if count == 1 else ''} it with the two values swapped "
                f"(row {label}: {a.name} {show(x[first])}, {b.name} {show(y[first])})")
        kind = "swap"
    else:
        what = (f"{plural(count, 'row')} break{'s' if count == 1 else ''} it, swapped or mistyped "
                f"(row {label}: {a.name} {show(x[first])}, {b.name} {show(y[first])})")
        kind = "relation"
    return Finding(
        "range_violation", "warning",
        f"{relation} holds in {holds:.1%} of rows; {what}.".replace("100.0%", ">99.9%"),
        columns=(a.label, b.label),
        details={"count": count, "rate": count / ctx.n_rows, "kind": kind, "relation": relation,
                 "holds": holds, "swapped": int(swapped.sum())},
        rows=ctx.row_labels(positions),
    )


def _related(x: np.ndarray, y: np.ndarray, min_correlation: float) -> bool:
    """Whether two columns move together (rank correlation on at most 20,000 rows)."""
    if x.size > SAMPLE_ROWS:
        keep = np.random.default_rng(1).choice(x.size, SAMPLE_ROWS, replace=False)
        x, y = x[keep], y[keep]
    rx, ry = x.argsort().argsort().astype(float), y.argsort().argsort().astype(float)
    if rx.std() == 0 or ry.std() == 0:
        return False
    return bool(np.corrcoef(rx, ry)[0, 1] >= min_correlation)

