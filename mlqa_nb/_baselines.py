"""mq.baselines: the user's model against simple baselines on the same folds (baseline_comparison)."""

from __future__ import annotations

import contextlib
import time as _time
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._finding import Finding
from ._modeling import (
    LOWER_IS_BETTER,
    as_xy,
    classification_metrics,
    detect_task,
    fit,
    folds,
    fresh,
    model_name,
    predict,
    preprocessing,
    primary_metric,
    regression_metrics,
    scores,
)
from ._report import Report
from ._text import fmt_num, quote_list
from ._validation import as_label_list

#: The smallest lead worth having, per primary metric (MAE: relative to the baseline's).
MIN_GAIN = {"roc_auc": 0.01, "pr_auc": 0.01, "balanced_accuracy": 0.01, "mae": 0.02, "hit_rate": 0.01, "ndcg": 0.01}


#: Metrics that live in [0, 1]; their intervals are clipped there.
BOUNDED = {"accuracy", "balanced_accuracy", "roc_auc", "pr_auc", "within_tolerance", "hit_rate", "ndcg"}


def _classification_baselines(X: pd.DataFrame, text: list) -> dict[str, Any]:
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    out = {
        "majority class": DummyClassifier(strategy="most_frequent"),
        "stratified random": DummyClassifier(strategy="stratified", random_state=0),
    }
    with contextlib.suppress(ValueError):  # no usable column: no logistic baseline
        out["logistic regression"] = make_pipeline(preprocessing(X, drop=tuple(text)), LogisticRegression(max_iter=1000))
    if text:
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.feature_selection import SelectPercentile, chi2
        from sklearn.naive_bayes import MultinomialNB

        def words(vectorizer):
            return ColumnTransformer([(f"text{i}", vectorizer(), column) for i, column in enumerate(text)])

        out["keywords"] = make_pipeline(
            words(lambda: CountVectorizer(binary=True, min_df=2)),
            SelectPercentile(chi2, percentile=20),  # each class's most telling words
            MultinomialNB(),
        )
        out["tf-idf + logistic regression"] = make_pipeline(
            words(lambda: TfidfVectorizer(min_df=2, sublinear_tf=True)), LogisticRegression(max_iter=1000)
        )
    return out


def _regression_baselines(X: pd.DataFrame, text: list) -> dict[str, Any]:
    from sklearn.dummy import DummyRegressor
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline

    out = {"mean": DummyRegressor(strategy="mean"), "median": DummyRegressor(strategy="median")}
    with contextlib.suppress(ValueError):
        out["linear (ridge)"] = make_pipeline(preprocessing(X, drop=tuple(text)), Ridge(alpha=1.0))
    return out


def baselines(
    model: Any,
    X: Any,
    y: Any,
    *,
    task: str = "auto",
    text: Sequence[Hashable] | Hashable | None = None,
    cv: int = 5,
    seed: int = 0,
    user: Hashable | None = None,
    item: Hashable | None = None,
    k: int = 10,
    name: str = "model",
) -> Report:
    """Score ``model`` and simple baselines on the same cross-validation folds.

    Parameters
    ----------
    model : scikit-learn compatible estimator (fitted or not; it is cloned)
    X : DataFrame or 2-D array
    y : array-like
    task : {"auto", "classification", "regression", "ranking"}
    text : column label or list, optional
        Free-text columns: adds a keyword baseline and TF-IDF + logistic regression.
    cv : int
        Number of folds, shared by every model.
    user, item, k : ranking only
        The user and item columns of X; hit rate and NDCG are taken at ``k``.

    Returns
    -------
    Report
        A ``baseline_comparison`` finding saying whether the model's lead over the
        best simple baseline is real, negligible or negative, with a paired
        confidence interval across folds; table ``scores`` (every model, every
        metric, mean and interval) and ``folds``.
    """
    frame, target = as_xy(X, y)
    text_columns = as_label_list(text, "text") or []
    for column in text_columns:
        if column not in frame.columns:
            raise KeyError(f"text={column!r} is not a column of X")
    if task == "ranking":
        from ._ranking import ranking_baselines

        return ranking_baselines(model, frame, target, user=user, item=item, k=k, cv=cv, seed=seed, name=name)
    task = detect_task(target, task)
    splits = folds(task, target, cv, seed)
    classes = np.sort(target.unique()) if task != "regression" else None
    candidates = {name: model}
    candidates.update(
        _regression_baselines(frame, text_columns) if task == "regression" else _classification_baselines(frame, text_columns)
    )
    rows, seconds = [], {}
    for fold, (train, test) in enumerate(splits):
        X_train, X_test = frame.iloc[train], frame.iloc[test]
        y_train, y_test = target.iloc[train], target.iloc[test]
        for label, estimator in candidates.items():
            role = f"model {name!r}" if label == name else f"baseline {label!r}"
            started = _time.perf_counter()
            fitted = fit(fresh(estimator), X_train, y_train, role=role)
            seconds[label] = seconds.get(label, 0.0) + _time.perf_counter() - started
            pred = predict(fitted, X_test, role=role)
            if task == "regression":
                metrics = regression_metrics(y_test.to_numpy(), pred)
            else:
                metrics = classification_metrics(y_test.to_numpy(), pred, scores(fitted, X_test, classes), classes)
            rows.append({"fold": fold, "model": label, **metrics})
    per_fold = pd.DataFrame(rows)
    metric = primary_metric(task, target)
    if metric not in per_fold or per_fold[metric].isna().any():
        metric = "balanced_accuracy" if task != "regression" else "mae"
    table = _score_table(per_fold, len(splits))
    table["fit_seconds"] = table["model"].map(seconds)
    finding = _verdict(per_fold, name, metric, splits, len(frame))
    title = f"baselines for {name} ({model_name(model)}), {task}, {len(splits)}-fold cross-validation on {len(frame):,} rows"
    return Report(
        [finding], title=title, kind="baselines", tables={"scores": table, "folds": per_fold},
        notes=[f"verdicts compare {metric} fold by fold (Nadeau-Bengio corrected t interval, 95%)."],
        context={"scores": table, "metric": metric, "model": name},
    )


def _score_table(per_fold: pd.DataFrame, n_folds: int) -> pd.DataFrame:
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


def _verdict(per_fold: pd.DataFrame, name: str, metric: str, splits, n_rows: int) -> Finding:
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
    needed = MIN_GAIN.get(metric, 0.01) * (abs(float(means[best])) if metric in LOWER_IS_BETTER else 1.0)
    better = "lower" if metric in LOWER_IS_BETTER else "higher"
    shown = f"{metric} {fmt_num(float(means[name]))} against {fmt_num(float(means[best]))} for {best!r}"
    if high < 0:
        verdict, severity = "negative", "critical"
        message = f"The model does worse than the simple baseline {best!r}: {shown} ({better} is better)."
    elif low > 0 and lead >= needed:
        verdict, severity = "real", "info"
        message = f"The model's lead over the best simple baseline is real: {shown}."
    else:
        verdict, severity = "negligible", "warning"
        message = (f"The model is no clearly better than the simple baseline {best!r}: {shown}; the lead "
                   f"{fmt_num(lead)} (95% interval {fmt_num(low)} to {fmt_num(high)}) is within noise or "
                   f"below {fmt_num(needed)}.").replace("is no clearly", "is not clearly")
    return Finding(
        "baseline_comparison", severity, message,
        details={
            "verdict": verdict, "metric": metric, "best_baseline": best, "lead": lead,
            "lead_low": low, "lead_high": high, "min_gain": needed,
            "model_score": float(means[name]), "baseline_score": float(means[best]),
            "others": quote_list(others.index),
        },
    )
