"""Scoring shared by the baseline comparisons: a score table with intervals over
folds, and the verdict on the model's lead over the best baseline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Intervals
from .._core.finding import Finding
from .._core.text import fmt_num, quote_list
from .modeling import LOWER_IS_BETTER

#: Metrics that live in [0, 1]; their intervals are clipped there.
BOUNDED = {"accuracy", "balanced_accuracy", "roc_auc", "pr_auc", "within_tolerance", "hit_rate", "ndcg"}


def score_table(per_fold: pd.DataFrame, n_folds: int) -> pd.DataFrame:
    """Each model's mean of every metric over folds, with a 95% interval."""
    metrics = [c for c in per_fold.columns if c not in ("fold", "model")]
    rows = []
    for label, group in per_fold.groupby("model", sort=False):
        row = {"model": label}
        for metric in metrics:
            values = group[metric].to_numpy(dtype=float)
            half = _half_width(values, n_folds, 1 / (n_folds - 1))
            row[metric] = float(np.mean(values))
            low, high = row[metric] - half, row[metric] + half
            if metric in BOUNDED:
                low, high = max(low, 0.0), min(high, 1.0)
            row[f"{metric}_low"], row[f"{metric}_high"] = low, high
        rows.append(row)
    return pd.DataFrame(rows)


def _half_width(values: np.ndarray, n_folds: int, test_train_ratio: float) -> float:
    """Half-width of a 95% t interval for a cross-validated mean, with the
    Nadeau-Bengio correction for folds that share training rows."""
    from scipy.stats import t

    if len(values) < 2:
        return float("nan")
    variance = np.var(values, ddof=1) * (1 / len(values) + test_train_ratio)
    return float(t.ppf(0.975, len(values) - 1) * np.sqrt(variance))


def verdict(
    per_fold: pd.DataFrame, name: str, metric: str, splits, n_rows: int, options: Mapping[str, Any],
    table: pd.DataFrame,
) -> Finding:
    """Whether the model's lead over the best baseline is real, negligible or negative,
    drawn as every model's score with its interval (``table`` from :func:`score_table`)."""
    means = per_fold.groupby("model", sort=False)[metric].mean()
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    others = means.drop(name)
    best = (others * sign).idxmax()
    mine = per_fold[per_fold.model == name].set_index("fold")[metric]
    theirs = per_fold[per_fold.model == best].set_index("fold")[metric]
    diffs = (mine - theirs).to_numpy() * sign
    n_test = np.mean([len(test) for _, test in splits])
    half = _half_width(diffs, len(splits), n_test / (n_rows - n_test))
    lead = float(np.mean(diffs))
    low, high = lead - half, lead + half
    if metric in LOWER_IS_BETTER:
        needed = options["min_relative_gain"] * abs(float(means[best]))
    else:
        needed = options["min_gain"]
    better = "lower" if metric in LOWER_IS_BETTER else "higher"
    shown = f"{metric} {fmt_num(float(means[name]))} against {fmt_num(float(means[best]))} for {best!r}"
    if high < 0:
        outcome, severity = "negative", "critical"
        message = f"The model does worse than the simple baseline {best!r}: {shown} ({better} is better)."
    elif low > 0 and lead >= needed:
        outcome, severity = "real", "info"
        message = f"The model's lead over the best simple baseline is real: {shown}."
    else:
        outcome, severity = "negligible", "warning"
        message = (f"The model is no clearly better than the simple baseline {best!r}: {shown}; the lead "
                   f"{fmt_num(lead)} (95% interval {fmt_num(low)} to {fmt_num(high)}) is within noise or "
                   f"below {fmt_num(needed)}.").replace("is no clearly", "is not clearly")
    return Finding(
        "baseline_comparison", severity, message,
        details={
            "verdict": outcome, "metric": metric, "best_baseline": best, "lead": lead,
            "lead_low": low, "lead_high": high, "min_gain": needed,
            "model_score": float(means[name]), "baseline_score": float(means[best]),
            "others": quote_list(others.index),
        },
        figure=Intervals(
            tuple(str(m) for m in table["model"]), tuple(table[metric].astype(float)),
            tuple(table[f"{metric}_low"].astype(float)), tuple(table[f"{metric}_high"].astype(float)),
            highlight=str(name), label=str(metric),
        ),
    )
