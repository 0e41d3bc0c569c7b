"""range_violation: the user's rules, and values no measurement can take."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import ColumnData, FrameContext
from .._core.finding import Finding
from .._core.fixcode import literal, row_list
from .._core.params import SHARE, Param
from .._core.registry import fixes, register
from .._core.text import fmt_num, fmt_pct, fmt_time, name_words, plural
from .range_relations import broken_relations

#: Words in a column name that announce a quantity that cannot be negative.
NON_NEGATIVE_WORDS = frozenset(
    ["price", "prices", "cost", "costs", "amount", "amounts", "fee", "fees", "salary", "income", "revenue", "weight", "weights", "mass", "height", "heights", "length", "width", "depth", "area", "distance", "duration", "count", "counts", "qty", "quantity", "quantities", "age", "ages", "size"]
)
#: Upper bounds implied by a word in a column name.
UPPER_BOUNDS = {"age": 130.0, "ages": 130.0}
#: When this share of a column breaks the bounds its name implies, it does not hold the
#: quantity in its unit (standardised or shifted features): its name says nothing then.
RESCALED_SHARE = 0.25


@register(
    "range_violation", family="data", future_tolerance_days=1.0, future_warning_rate=Param(0.05, SHARE),
    relation_holds=Param(0.99, SHARE), relation_min_rows=30, relation_correlation=Param(0.5, SHARE),
)
def range_violation(
    ctx: FrameContext, *, future_tolerance_days: float, future_warning_rate: float, relation_holds: float,
    relation_min_rows: int, relation_correlation: float,
) -> list[Finding]:
    """Values outside the user's rules, outside what the quantity allows, or breaking an
    order between two columns that holds in almost every row (swapped values)."""
    findings = list(_user_rules(ctx))
    findings += broken_relations(ctx, min_holds=relation_holds, min_rows=relation_min_rows,
                                 min_correlation=relation_correlation)
    ruled = {f.columns[0] for f in findings if f.details.get("kind") == "rule"}
    for col in ctx.columns:
        if col.kind == "numeric" and col.storage != "boolean" and col.label not in ruled:
            findings += _implausible_numbers(ctx, col)
        elif col.kind == "datetime":
            findings += _future_dates(ctx, col, future_tolerance_days, future_warning_rate)
    return findings


def validate_rules(ctx: FrameContext, rules: Any) -> list[tuple[str, Any, Any]]:
    """Normalise ``rules`` into (kind, subject, bound) triples, naming what is wrong."""
    if rules is None:
        return []
    if isinstance(rules, str):
        rules = [rules]
    out = []
    if isinstance(rules, Mapping):
        for column, bounds in rules.items():
            if isinstance(bounds, str):
                out.append(("expression", bounds, column))
                continue
            col = ctx.column(column, "rules")
            if not (isinstance(bounds, (tuple, list)) and len(bounds) == 2):
                raise ValueError(
                    f"rules[{column!r}] must be a (low, high) pair, with None for an open end; "
                    f"got {bounds!r}"
                )
            for bound in bounds:
                if bound is not None and not isinstance(bound, (int, float, np.number, pd.Timestamp)):
                    raise TypeError(f"rules[{column!r}] bounds must be numbers or None; got {bound!r}")
            out.append(("range", col, tuple(bounds)))
    elif isinstance(rules, (list, tuple)):
        for rule in rules:
            if not isinstance(rule, str):
                raise TypeError(f"each rule in a list must be an expression string; got {rule!r}")
            out.append(("expression", rule, rule))
    else:
        raise TypeError(
            "rules must be a dict {column: (low, high)} or a list of expressions such as "
            f"'height > 0'; got {type(rules).__name__}"
        )
    return out


def _user_rules(ctx: FrameContext):
    for kind, subject, bound in validate_rules(ctx, ctx.rules):
        if kind == "range":
            col: ColumnData = subject
            low, high = bound
            values = pd.to_numeric(col.series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            bad = np.zeros(ctx.n_rows, dtype=bool)
            if low is not None:
                bad |= values < low
            if high is not None:
                bad |= values > high
            described = f"[{'-inf' if low is None else fmt_num(low)}, {'inf' if high is None else fmt_num(high)}]"
            yield from _violation(ctx, bad, f"of {col.name!r} lie outside the rule {described}",
                                  (col.label,), kind="rule", low=low, high=high)
        else:
            expression, name = subject, bound
            try:
                holds = ctx.df.eval(expression)
            except Exception as error:
                raise ValueError(f"rule {expression!r} could not be evaluated: {error}") from error
            if not isinstance(holds, pd.Series) or not pd.api.types.is_bool_dtype(holds.dtype):
                raise ValueError(
                    f"rule {expression!r} must give one true/false value per row; "
                    f"got {type(holds).__name__}"
                )
            bad = holds.eq(False).to_numpy(dtype=bool, na_value=False)
            yield from _violation(ctx, bad, f"break the rule {expression!r}", (), kind="expression",
                                  rule=str(name))


def _violation(ctx, bad, what, columns, **details):
    count = int(bad.sum())
    if count == 0:
        return
    yield Finding(
        "range_violation",
        "warning",
        f"{plural(count, 'row')} ({fmt_pct(count / ctx.n_rows)}) {what}.",
        columns=columns,
        details={"count": count, "rate": count / ctx.n_rows, **details},
        rows=ctx.row_labels(np.flatnonzero(bad)),
    )


def _implausible_numbers(ctx: FrameContext, col: ColumnData) -> list[Finding]:
    words = name_words(col.name)
    if not words & NON_NEGATIVE_WORDS:
        return []
    values = col.floats
    upper = min((UPPER_BOUNDS[w] for w in words if w in UPPER_BOUNDS), default=np.inf)
    bad = (values < 0) | (values > upper)
    if not bad.any() or bad.mean() >= RESCALED_SHARE:
        return []
    word = sorted(words & NON_NEGATIVE_WORDS)[0]
    limit = "negative" if np.isinf(upper) else f"negative or above {fmt_num(upper)}"
    count = int(bad.sum())
    return [
        Finding(
            "range_violation",
            "warning",
            f"{plural(count, 'value')} of {col.name!r} ({fmt_pct(count / ctx.n_rows)}) {'is' if count == 1 else 'are'} {limit}, "
            f"impossible for a quantity named {word!r}; e.g. {fmt_num(values[bad][0])}.",
            columns=(col.label,),
            details={"count": count, "rate": count / ctx.n_rows, "kind": "implausible",
                     "low": 0.0, "high": upper, "examples": values[bad][:5].tolist()},
            rows=ctx.row_labels(col.present_positions[bad]),
        )
    ]


def _future_dates(ctx, col, tolerance_days, warning_rate) -> list[Finding]:
    now = pd.Timestamp.now(tz="UTC").timestamp() + tolerance_days * 86400
    values = col.floats
    future = values > now
    count = int(future.sum())
    if count == 0:
        return []
    rate = count / ctx.n_rows
    latest = float(values[future].max())
    return [
        Finding(
            "range_violation",
            "warning" if rate <= warning_rate else "info",
            f"{count:,} dates in {col.name!r} ({fmt_pct(rate)}) lie in the future, up to "
            f"{fmt_time(latest, 'day')}.",
            columns=(col.label,),
            details={"count": count, "rate": rate, "kind": "future", "latest": fmt_time(latest, "second")},
            rows=ctx.row_labels(col.present_positions[future]),
        )
    ]


@fixes("range_violation")
def fix_range_violation(finding: Finding, name: str) -> str | None:
    """Put back values entered in each other's column (a swap); other violations need a person."""
    if finding.details.get("kind") != "swap" or not finding.rows or len(finding.columns) != 2:
        return None
    first, second = (literal(c) for c in finding.columns)
    rows = row_list(finding.rows)
    return (f"{name}.loc[{rows}, [{first}, {second}]] = "
            f"{name}.loc[{rows}, [{second}, {first}]].to_numpy()")
