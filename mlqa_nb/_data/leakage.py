"""leakage: a single feature that predicts the target almost perfectly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._core.context import ColumnData, FrameContext
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import register
from .._core.task import MAX_CLASSES, target_task
from .._core.text import fmt_num

#: Numeric features are cut into this many quantile bins.
BINS = 20


@register(
    "leakage", family="data",
    needs=("target",),
    info_score=Param(0.95, SHARE),
    warning_score=Param(0.99, SHARE),
    critical_score=Param(0.995, SHARE),
    sample_rows=200_000,
    seed=0,
)
def leakage(
    ctx: FrameContext,
    *,
    info_score: float,
    warning_score: float,
    critical_score: float,
    sample_rows: int,
    seed: int,
) -> list[Finding]:
    """Features that alone predict the target on held-out rows almost perfectly."""
    target = ctx.target
    if target is None or target.kind in ("empty", "text", "id", "other"):
        return []
    present = np.flatnonzero(target.notna)
    # mixed with a constant so the split never mirrors data a user drew with the same seed
    rng = np.random.default_rng((seed, 0x1EA4))
    if present.size > sample_rows:
        present = np.sort(rng.choice(present, sample_rows, replace=False))
        ctx.notes.append(
            f"leakage was measured on a random sample of {sample_rows:,} of "
            f"{target.n_present:,} rows with a target."
        )
    if present.size < 20:
        return []
    task = _task(target)
    if task is None:
        return []
    y = _encode_target(target, present, task)
    if y is None:
        return []
    train = rng.random(present.size) < 0.5
    scored = []
    for col in ctx.features:
        if col.kind in ("empty", "text", "id", "other") or col.n_present == 0:
            continue  # an identifier cannot be looked up on rows it has not seen
        if task == "regression" and _is_continuous(col):
            score, metric = _rank_correlation(col, present, y), "|Spearman rho|"
        else:
            codes = _feature_codes(col, present, train)
            score, metric = _held_out_score(codes, y, train, task), _METRICS[task]
        if score is not None and score >= info_score:
            scored.append((col, score, metric))
    return [
        Finding(
            "leakage",
            "critical" if score >= critical_score else "warning" if score >= warning_score else "info",
            f"Feature {col.name!r} alone predicts {target.name!r} with held-out {metric} "
            f"{fmt_num(score)}: check that it is not derived from the target or recorded after it."
            if score >= warning_score else
            f"Feature {col.name!r} is a strong single predictor of {target.name!r} (held-out {metric} "
            f"{fmt_num(score)}); not a near-perfect one, so probably a real signal, but worth knowing.",
            columns=(col.label, target.label),
            details={
                "score": score,
                "metric": metric,
                "method": (
                    "rank correlation" if metric.startswith("|Spearman")
                    else f"per-value (or {BINS}-bin) lookup learnt on half the rows, scored on the other half"
                ),
                "info_score": info_score,
                "warning_score": warning_score,
                "critical_score": critical_score,
            },
        )
        for col, score, metric in sorted(scored, key=lambda cs: -cs[1])
    ]


_METRICS = {"binary": "ROC AUC", "multiclass": "balanced accuracy", "regression": "R²"}


def _is_continuous(col: ColumnData) -> bool:
    return col.kind in ("numeric", "datetime") and col.storage != "boolean" and col.distinct > BINS


def _rank_correlation(col: ColumnData, present: np.ndarray, y: np.ndarray) -> float | None:
    """How close a numeric feature comes to a monotone function of the target."""
    pair = pd.DataFrame({"x": col.floats_at(present), "y": y}).dropna()
    if len(pair) < 20:
        return None
    rho = pair.corr(method="spearman").iloc[0, 1]
    return None if pd.isna(rho) else float(abs(rho))


def _task(target: ColumnData) -> str | None:
    """The target's task, or None for one class or classes too many to judge one by one."""
    if target.distinct < 2:
        return None
    numeric = target.kind == "numeric"
    task = target_task(numeric=numeric, integer=numeric and target.is_integer, distinct=target.distinct)
    return None if task == "multiclass" and target.distinct > MAX_CLASSES else task


def _encode_target(target: ColumnData, present: np.ndarray, task: str) -> np.ndarray | None:
    if task == "regression":
        if target.kind != "numeric":
            return None
        values = target.series.iloc[present]
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    codes, _ = pd.factorize(target.hashable.iloc[present])
    return codes


def _feature_codes(col: ColumnData, present: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Integer group codes per row: the value itself, or a quantile bin learnt on
    the training half; missing values form their own group."""
    if _is_continuous(col):
        values = col.floats_at(present)
        fit = values[train & np.isfinite(values)]
        if fit.size == 0:
            return np.zeros(present.size, dtype=np.int64)
        edges = np.unique(np.quantile(fit, np.linspace(0, 1, BINS + 1)[1:-1]))
        codes = np.searchsorted(edges, values, side="right")
        codes[~np.isfinite(values)] = edges.size + 1
        return codes
    codes, _ = pd.factorize(col.hashable.iloc[present])
    return np.where(codes < 0, codes.max() + 1, codes)


def _held_out_score(codes, y, train, task) -> float | None:
    test = ~train
    groups = int(codes.max()) + 1
    if task == "regression":
        ok = np.isfinite(y)
        tr, te = train & ok, test & ok
        if te.sum() < 10:
            return None
        sums = np.bincount(codes[tr], weights=y[tr], minlength=groups)
        sizes = np.bincount(codes[tr], minlength=groups)
        fallback = y[tr].mean()
        means = np.where(sizes > 0, sums / np.maximum(sizes, 1), fallback)
        pred = means[codes[te]]
        total = ((y[te] - y[te].mean()) ** 2).sum()
        return float(1 - ((y[te] - pred) ** 2).sum() / total) if total > 0 else None
    classes = int(y.max()) + 1
    table = np.bincount(codes[train] * classes + y[train], minlength=groups * classes)
    table = table.reshape(groups, classes).astype(float)
    prior = np.bincount(y[train], minlength=classes).astype(float)
    seen = table.sum(axis=1) > 0
    if task == "binary":
        rate = np.where(seen, table[:, 1] / np.maximum(table.sum(axis=1), 1), prior[1] / prior.sum())
        return _auc(rate[codes[test]], y[test])
    majority = np.where(seen, table.argmax(axis=1), prior.argmax())
    pred, truth = majority[codes[test]], y[test]
    recalls = [np.mean(pred[truth == k] == k) for k in range(classes) if (truth == k).any()]
    return float(np.mean(recalls)) if len(recalls) > 1 else None


def _auc(scores: np.ndarray, truth: np.ndarray) -> float | None:
    """ROC AUC of scores that take few distinct values (ties count half).

    Counted from the score/label table rather than with scikit-learn so that a
    profile never pays for importing scikit-learn and scipy.stats.
    """
    positives, negatives = truth == 1, truth == 0
    if not positives.any() or not negatives.any():
        return None
    values, inverse = np.unique(scores, return_inverse=True)
    pos = np.bincount(inverse[positives], minlength=values.size)
    neg = np.bincount(inverse[negatives], minlength=values.size)
    below = np.cumsum(neg) - neg
    wins = (pos * below).sum() + 0.5 * (pos * neg).sum()
    return float(wins / (positives.sum() * negatives.sum()))
