"""mq.label_issues: rows whose label disagrees with confident out-of-fold predictions (label_noise)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.finding import Finding
from .._core.params import SHARE, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.robust import group_robust_z
from .._core.text import fmt_pct, plural, shorten
from .modeling import as_xy, detect_task, fresh, model_name, preprocessing

#: Regression residuals this many robust SDs from their group's are label issues.
LABEL_NOISE = register(
    "label_noise", family="models", entries=("label_issues",), module=__name__,
    summary="Labels that confident out-of-fold predictions contradict (regression: extreme residuals).",
    residual_z=4.0, warning_rate=Param(0.01, SHARE),
)


def label_issues(
    X: Any, y: Any, *, model: Any = None, cv: int = 5, by: Hashable | None = None, seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Report:
    """Find rows whose given label is probably wrong.

    Classification follows confident learning: out-of-fold probabilities give
    each class a threshold (its average self-confidence); a row is an issue when
    another class clears its threshold and beats the given label. Regression
    flags residuals extreme within their group (``by``) or overall.

    Parameters
    ----------
    X, y : the labelled data
    model : estimator, optional
        Used out-of-fold; logistic (or ridge) regression on a standard
        preprocessing by default.
    cv : int
    by : column label, optional
        Regression: judge residuals within the groups of this column.
    options : dict, optional
        ``{"label_noise": {"residual_z": 5}}``: thresholds by name (``mq.checks()`` lists them).

    Returns
    -------
    Report
        A ``label_noise`` finding whose rows are the suspects, least credible
        first, and a ``suspects`` table with the suggested label.
    """
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict

    check_params("label_issues", cv=(cv, ints_from(2)))
    opts = options_for("label_issues", options, families=("models",))["label_noise"]
    frame, target = as_xy(X, y)
    task = detect_task(target)
    if model is None:
        from sklearn.linear_model import LogisticRegression, Ridge
        from sklearn.pipeline import make_pipeline

        model = make_pipeline(preprocessing(frame), Ridge() if task == "regression" else LogisticRegression(max_iter=1000))
    if task == "regression":
        splitter = KFold(cv, shuffle=True, random_state=seed)
        try:
            pred = cross_val_predict(fresh(model), frame, target, cv=splitter)
        except Exception as error:
            raise RuntimeError(f"model {model_name(model)} failed: {type(error).__name__}: {error}") from error
        return _regression_issues(frame, target, pred, by, model, opts)
    notes = []
    rarest = target.value_counts()
    if rarest.min() < 2:
        raise ValueError(f"class {shorten(rarest.index[-1])} of y has a single row: every class needs at least two "
                         "to be predicted out of fold; drop or merge it")
    if rarest.min() < cv:
        notes.append(f"{rarest.min()} folds instead of {cv}: class {shorten(rarest.index[-1])} has only "
                     f"{rarest.min()} rows.")
        cv = int(rarest.min())
    splitter = StratifiedKFold(cv, shuffle=True, random_state=seed)
    try:
        proba = cross_val_predict(fresh(model), frame, target, cv=splitter, method="predict_proba")
    except Exception as error:
        raise RuntimeError(f"model {model_name(model)} failed: {type(error).__name__}: {error}") from error
    classes = np.sort(target.unique())
    given = np.searchsorted(classes, target.to_numpy())
    self_confidence = proba[np.arange(len(frame)), given]
    thresholds = np.array([proba[given == k, k].mean() for k in range(len(classes))])
    clears = proba >= thresholds[None, :]
    clears[np.arange(len(frame)), given] = False
    candidate = np.where(clears, proba, -1).argmax(axis=1)
    issue = clears.any(axis=1) & (proba[np.arange(len(frame)), candidate] > self_confidence)
    order = np.flatnonzero(issue)[np.argsort(self_confidence[issue], kind="stable")]
    suspects = pd.DataFrame({"row": frame.index[order], "given": target.to_numpy()[order],
                             "suggested": classes[candidate[order]], "given_probability": self_confidence[order]})
    count = int(issue.sum())
    findings = []
    if count:
        findings.append(Finding(
            "label_noise", "warning" if count / len(frame) >= opts["warning_rate"] else "info",
            f"{plural(count, 'row')} ({fmt_pct(count / len(frame))}) carry a label the out-of-fold model confidently "
            f"contradicts, e.g. row {shorten(frame.index[order[0]])}: {shorten(target.to_numpy()[order[0]])}, likely "
            f"{shorten(classes[candidate[order[0]]])}.",
            details={"count": count, "rate": count / len(frame), "method": "confident learning (per-class thresholds)",
                     "thresholds": dict(zip(map(str, classes), thresholds))},
            rows=tuple(frame.index[order]),
        ))
    return Report(findings, title=f"label issues in {len(frame):,} rows ({model_name(model)}, {cv} folds)", notes=notes,
                  kind="label_issues", tables={"suspects": suspects})


def _regression_issues(frame, target, pred, by, model, opts) -> Report:
    residual = target.to_numpy(dtype=float) - pred
    if by is not None:
        if by not in frame.columns:
            raise KeyError(f"by={by!r} is not a column of X")
        groups = frame[by].astype(object).to_numpy()
    else:
        groups = np.zeros(len(frame))
    _, _, z = group_robust_z(residual, groups)
    issue = np.abs(z) > opts["residual_z"]
    order = np.flatnonzero(issue)[np.argsort(-np.abs(z[issue]), kind="stable")]
    suspects = pd.DataFrame({"row": frame.index[order], "given": target.to_numpy()[order],
                             "predicted": pred[order], "robust_z": z[order]})
    findings = []
    count = int(issue.sum())
    if count:
        within = f" within their {by!s}" if by is not None else ""
        findings.append(Finding(
            "label_noise", "warning" if count / len(frame) >= opts["warning_rate"] else "info",
            f"{plural(count, 'row')} ({fmt_pct(count / len(frame))}) have targets far from what the out-of-fold "
            f"model predicts{within} (beyond {opts['residual_z']:g} robust SDs of the residuals).",
            details={"count": count, "rate": count / len(frame), "z_threshold": opts["residual_z"]},
            rows=tuple(frame.index[order]),
        ))
    return Report(findings, title=f"label issues in {len(frame):,} rows ({model_name(model)}, regression)",
                  kind="label_issues", tables={"suspects": suspects})
