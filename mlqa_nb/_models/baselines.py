"""mq.baselines: the user's model against simple baselines on the same folds (baseline_comparison)."""

from __future__ import annotations

import contextlib
import time as _time
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.params import SHARE, OneOf, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import as_text
from .._core.validation import as_label_list
from .modeling import (
    as_xy,
    classification_metrics,
    detect_task,
    fit,
    folds,
    fresh,
    model_name,
    model_report_provenance,
    predict,
    preprocessing,
    primary_metric,
    regression_metrics,
    scores,
)
from .reliability import outcome_and_probability, reliability
from .scoring import score_table, verdict

#: The smallest lead worth having: ``min_gain`` on scores in [0, 1] (ROC AUC, PR-AUC,
#: balanced accuracy, hit rate, NDCG), ``min_relative_gain`` of the baseline's error
#: for errors (MAE).
BASELINE_COMPARISON = register(
    "baseline_comparison", family="models", entries=("baselines",), module=__name__,
    summary="The model against simple baselines on the same folds, with a paired interval on its lead.",
    min_gain=Param(0.01, SHARE), min_relative_gain=Param(0.02, SHARE),
)


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


def _cv_score(table: pd.DataFrame, name: str, metric: str, n_folds: int) -> dict[str, Any]:
    row = table[table["model"] == name].iloc[0]
    return {"metric": metric, "mean": float(row[metric]), "low": float(row[f"{metric}_low"]),
            "high": float(row[f"{metric}_high"]), "folds": n_folds, "how": "cross-validation"}


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
    options: Mapping[str, Mapping[str, Any]] | None = None,
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
    options : dict, optional
        ``{"baseline_comparison": {"min_gain": 0.02}}``: the smallest lead worth
        having (``mq.checks()`` lists the options).

    Returns
    -------
    Report
        A ``baseline_comparison`` finding saying whether the model's lead over the
        best simple baseline is real, negligible or negative, with a paired
        confidence interval across folds; table ``scores`` (every model, every
        metric, mean and interval) and ``folds``; for classifiers with
        probabilities, figure ``reliability`` (``report.plot("reliability")``: the
        out-of-fold calibration of the model and of each baseline).
    """
    check_params("baselines", cv=(cv, ints_from(2)), k=(k, ints_from(1)),
                 task=(task, OneOf(("auto", "classification", "regression", "ranking"))))
    chosen = options_for("baselines", options, families=("models",))["baseline_comparison"]
    frame, target = as_xy(X, y)
    text_columns = as_label_list(text, "text", frame.columns) or []
    for column in text_columns:
        if column not in frame.columns:
            raise KeyError(f"text={column!r} is not a column of X")
    if task == "ranking":
        from .ranking import ranking_baselines

        return ranking_baselines(model, frame, target, user=user, item=item, k=k, cv=cv, seed=seed, name=name,
                                 options=chosen)
    task = detect_task(target, task)
    splits = folds(task, target, cv, seed)
    classes = np.sort(target.unique()) if task != "regression" else None
    candidates = {name: model}
    candidates.update(
        _regression_baselines(frame, text_columns) if task == "regression" else _classification_baselines(frame, text_columns)
    )
    rows, seconds = [], {}
    calibration: dict[str, list] = {}
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
                proba = scores(fitted, X_test, classes)
                metrics = classification_metrics(y_test.to_numpy(), pred, proba, classes)
                if proba is not None:
                    calibration.setdefault(label, []).append(outcome_and_probability(y_test.to_numpy(), proba, classes))
            rows.append({"fold": fold, "model": label, **metrics})
    per_fold = pd.DataFrame(rows)
    metric = primary_metric(task, target)
    if metric not in per_fold or per_fold[metric].isna().any():
        metric = "balanced_accuracy" if task != "regression" else "mae"
    table = score_table(per_fold, len(splits))
    table["fit_seconds"] = table["model"].map(seconds)
    finding = verdict(per_fold, name, metric, splits, len(frame), chosen, table)
    title = f"baselines for {name} ({model_name(model)}), {task}, {len(splits)}-fold cross-validation on {len(frame):,} rows"
    curves = {label: tuple(np.concatenate(part) for part in zip(*parts)) for label, parts in calibration.items()}
    what = f"class {as_text(classes[-1])[:30]!r}" if classes is not None and len(classes) == 2 else "the predicted class"
    return Report(
        [finding], title=title, kind="baselines", tables={"scores": table, "folds": per_fold},
        figures={"reliability": reliability(curves, highlight=name, what=what)},
        provenance=model_report_provenance(frame, {"model": model}, _cv_score(table, name, metric, len(splits))),
        notes=[f"verdicts compare {metric} fold by fold (Nadeau-Bengio corrected t interval, 95%)."],

    )
