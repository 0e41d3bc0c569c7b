"""class_imbalance: a target whose rarest class is too rare to learn or measure well."""

from __future__ import annotations

import numpy as np

from .._core.context import FrameContext
from .._core.figures import Bars
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.task import MAX_CLASSES, target_task
from .._core.text import fmt_pct, shorten


@register(
    "class_imbalance", family="data", needs=("target",), info_share=Param(0.1, SHARE), warning_share=Param(0.05, SHARE), min_class_rows=10
)
def class_imbalance(
    ctx: FrameContext, *, info_share: float, warning_share: float, min_class_rows: int
) -> list[Finding]:
    """The rarest class's share of the target, and which metrics and splits suit it."""
    target = ctx.target
    if target is None or target.kind in ("empty", "text", "id", "other"):
        return []
    numeric = target.kind == "numeric"
    task = target_task(numeric=numeric, integer=numeric and target.is_integer, distinct=target.distinct)
    if task == "regression" or target.distinct > MAX_CLASSES:
        return []
    counts = target.value_counts
    if len(counts) < 2:
        return []
    rarest, rarest_rows = counts.index[-1], int(counts.iloc[-1])
    share = rarest_rows / target.n_present
    if rarest_rows < min_class_rows:
        severity = "critical"
        advice = "too few to learn from or to validate on: collect more or merge classes"
    elif share < warning_share:
        severity = "warning"
        advice = "judge models by PR-AUC or balanced accuracy, not accuracy, and split stratified"
    elif share < info_share:
        severity = "info"
        advice = "prefer PR-AUC or balanced accuracy to accuracy, and stratified splits"
    else:
        return []
    shown = counts.iloc[:15]
    positions = np.flatnonzero(target.hashable.eq(rarest).to_numpy(dtype=bool, na_value=False))
    return [
        Finding(
            "class_imbalance",
            severity,
            f"Target {target.name!r}: class {shorten(rarest)} has only {rarest_rows:,} rows "
            f"({fmt_pct(share)}); {advice}.",
            columns=(target.label,),
            details={
                "count": rarest_rows,
                "rate": share,
                "classes": {str(k): int(v) for k, v in counts.items()},
                "ratio": float(counts.iloc[0] / rarest_rows),
            },
            rows=ctx.row_labels(positions),
            figure=Bars(tuple(shorten(k, 30) for k in shown.index), tuple(float(v) for v in shown),
                        highlight=len(shown) - 1),
        )
    ]
