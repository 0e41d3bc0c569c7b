"""mq.sufficiency: does more data still change the model's answers, and from what
size does it stop paying (data_sufficiency)."""

from __future__ import annotations

import dataclasses
import time as _time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Curves
from .._core.finding import Finding
from .._core.params import SHARE, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num, fmt_pct
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
    primary_metric,
    regression_metrics,
    scores,
)

#: Training sizes tried (shares of each fold's training rows, doubling up to all of
#: them); more data "still pays" when the last doubling gains ``min_gain`` of the
#: score or changes ``stable_share`` of the answers.
DATA_SUFFICIENCY = register(
    "data_sufficiency", family="models", entries=("sufficiency",), module=__name__,
    summary="Learning curve of score, prediction stability and fit time against training size.",
    sizes=Param(5, ints_from(2)), min_gain=Param(0.01, SHARE), stable_share=Param(0.05, SHARE),
    smallest=Param(100, ints_from(10)),
)


def sufficiency(
    model: Any,
    X: Any,
    y: Any,
    *,
    cv: int = 3,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "model",
) -> Report:
    """Train on growing shares of the data and watch the score, the answers and the fit time.

    Parameters
    ----------
    model : scikit-learn compatible estimator (cloned; fitted or not)
    X, y : the data
    cv : int, default 3
        Folds: each size is scored on every fold's held-out rows. The whole run
        costs about ``2 * cv`` fits on all the rows.
    options : dict, optional
        ``{"data_sufficiency": {"sizes": 5, "min_gain": 0.01, "stable_share": 0.05}}``.

    Returns
    -------
    Report
        A ``data_sufficiency`` finding: more data still pays (warning: the last
        doubling raised the score or changed the answers), or the size from which
        it stopped paying (info); table ``learning_curve`` (size, score with its
        spread over folds, share of answers that changed since the previous size,
        fit seconds) and its figure.
    """
    check_params("sufficiency", cv=(cv, ints_from(2)), seed=(seed, ints_from(0)))
    opts = options_for("sufficiency", options, families=("models",))["data_sufficiency"]
    frame, target = as_xy(X, y)
    task = detect_task(target)
    # R² for a regressor: like the classifiers' scores, it reads on the same 0-1 scale as the answers changed
    metric = "r2" if task == "regression" else primary_metric(task, target)
    splits = folds(task, target, cv, seed)
    train_rows = min(len(train) for train, _ in splits)
    sizes = _sizes(train_rows, opts["sizes"], opts["smallest"])
    classes = np.sort(target.unique()) if task != "regression" else None
    rng = np.random.default_rng(seed)
    rows = []
    for fold, (train, test) in enumerate(splits):
        order = rng.permutation(train)
        if task != "regression":  # every class present at the smallest size
            order = _classes_first(order, target.to_numpy(), classes)
        X_test, y_test = frame.iloc[test], target.iloc[test].to_numpy()
        previous, previous_error = None, 0.0
        for size in sizes:
            chosen = order[:size]
            started = _time.perf_counter()
            fitted = fit(fresh(model), frame.iloc[chosen], target.iloc[chosen])
            seconds = _time.perf_counter() - started
            pred = predict(fitted, X_test)
            if task == "regression":
                score = regression_metrics(y_test, pred)[metric]
                # an answer changed when it moved by more than half the model's typical error
                changed = None if previous is None else float(np.mean(np.abs(pred - previous) > 0.5 * previous_error))
                previous_error = float(np.mean(np.abs(pred - y_test.astype(float))))
            else:
                score = classification_metrics(y_test, pred, scores(fitted, X_test, classes), classes).get(metric)
                changed = None if previous is None else float(np.mean(pred != previous))
            rows.append({"fold": fold, "size": size, "score": score, "changed": changed, "fit_seconds": seconds})
            previous = pred
    per_fold = pd.DataFrame(rows)
    curve = per_fold.groupby("size", sort=True).agg(
        score=("score", "mean"), score_std=("score", "std"), changed=("changed", "mean"),
        fit_seconds=("fit_seconds", "mean")).reset_index()
    finding = _verdict(curve, metric, opts, len(frame))
    figure = Curves(
        x=tuple(float(s) for s in curve["size"]),
        series={metric: tuple(float(v) for v in curve["score"]),
                "answers changed": tuple(float(v) for v in curve["changed"])},
        x_label="training rows", y_label=f"{metric} / share of answers changed", log_x=True,
    )
    finding = dataclasses.replace(finding, figure=figure)
    return Report(
        [finding], title=f"data sufficiency of {name} ({model_name(model)}), {metric}, {len(sizes)} sizes x "
                         f"{cv} folds on {len(frame):,} rows",
        kind="sufficiency", tables={"learning_curve": curve, "folds": per_fold},
        notes=[f"answers compared on each fold's {len(frame) - train_rows:,} held-out rows"
               + ("; a regression answer changed when it moved by more than half the mean absolute error of the "
                  "smaller model." if task == "regression" else ".")],
        provenance=model_report_provenance(frame, {"model": model}, {metric: float(curve["score"].iloc[-1])}),
    )


def _sizes(train_rows: int, count: int, smallest: int) -> list[int]:
    """``count`` sizes doubling up to ``train_rows`` (none below ``smallest``)."""
    sizes = sorted({int(train_rows / 2**k) for k in range(count)} - {0})
    kept = [s for s in sizes if s >= smallest]
    return kept or [train_rows]


def _classes_first(order: np.ndarray, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    first = [order[np.flatnonzero(y[order] == c)[0]] for c in classes]
    rest = order[~np.isin(order, first)]
    return np.concatenate([first, rest])


def _verdict(curve: pd.DataFrame, metric: str, opts: dict, n_rows: int) -> Finding:
    """Still paying when the last doubling gained ``min_gain`` or changed ``stable_share``
    of the answers; else the smallest size after which no doubling did (every metric
    here grows with quality: R² for regressors)."""
    score = curve["score"].to_numpy(dtype=float)
    changed = curve["changed"].to_numpy(dtype=float)
    sizes = curve["size"].to_numpy()
    details = {"metric": metric, "sizes": sizes.tolist(), "scores": curve["score"].tolist(),
               "min_gain": opts["min_gain"], "stable_share": opts["stable_share"]}
    if len(sizes) < 2:
        return Finding("data_sufficiency", "info",
                       f"Too few rows ({n_rows:,}) to train on growing shares; nothing to compare.", details=details)
    last_gain, last_change = score[-1] - score[-2], changed[-1]
    details.update({"last_gain": float(last_gain), "last_changed": float(last_change)})
    if last_gain >= opts["min_gain"] or last_change >= opts["stable_share"]:
        return Finding(
            "data_sufficiency", "warning",
            f"More data still pays: going from {sizes[-2]:,} to {sizes[-1]:,} training rows moved {metric} by "
            f"{fmt_num(last_gain)} and changed {fmt_pct(last_change)} of the answers; the model has not "
            "settled, so more (or better) rows are likely to change it further.",
            details={**details, "verdict": "still_paying"},
        )
    paying = [i for i in range(1, len(sizes))
              if score[-1] - score[i - 1] >= opts["min_gain"] or changed[i] >= opts["stable_share"]]
    enough = sizes[paying[-1]] if paying else sizes[0]
    return Finding(
        "data_sufficiency", "info",
        f"More data stopped paying at about {enough:,} training rows: beyond it {metric} moves by less than "
        f"{fmt_num(opts['min_gain'])} and fewer than {fmt_pct(opts['stable_share'])} of the answers change "
        f"(the last doubling changed {fmt_pct(last_change)}). Training on {fmt_pct(enough / sizes[-1])} of the rows "
        "gives the same model, for less fit time.",
        details={**details, "verdict": "settled", "enough_rows": int(enough)},
    )
