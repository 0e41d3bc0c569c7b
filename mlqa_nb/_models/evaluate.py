"""mq.evaluate: a fitted model's metrics, error tail, weakest slices and group gaps
(error_tail, weak_segments, fairness)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Matrix
from .._core.finding import Finding
from .._core.params import NONE, POSITIVE, SHARE, Interval, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.task import MAX_CLASSES
from .._core.text import as_text, fmt_num, fmt_pct, plural
from .._core.validation import as_label_list
from .modeling import (
    TOLERANCE,
    as_xy,
    classification_metrics,
    detect_task,
    model_name,
    model_report_provenance,
    predict,
    regression_metrics,
    scores,
)
from .slices import slice_labels, slice_note, worst_slices

#: Regression predictions within ``tolerance`` (relative) of the truth are close;
#: a share ``tail_share`` outside it makes the error tail a warning.
ERROR_TAIL = register(
    "error_tail", family="models", entries=("evaluate",), module=__name__,
    summary="Share of predictions within a tolerance, and the worst rows (confident mistakes for classifiers).",
    tolerance=Param(TOLERANCE, POSITIVE), tail_share=Param(1 / 3, SHARE),
)
#: A slice is weak when its error is ``slice_ratio`` times the rest's at level
#: ``slice_alpha``; slices under ``min_slice_rows`` rows (or ``min_slice_share``
#: of the rows, whichever is larger) are not judged.
WEAK_SEGMENTS = register(
    "weak_segments", family="models", entries=("evaluate",), module=__name__,
    summary="Slices of the data where the model fails, tested against the rest.",
    slice_ratio=Param(1.5, Interval(float, 1, None, "neither")), slice_alpha=Param(0.01, SHARE),
    min_slice_rows=30, min_slice_share=Param(0.01, SHARE),
)
#: Four-fifths rule for selection rates; accuracy gap (relative error gap for
#: regression) between groups worth a warning; share of positive decisions going
#: to the top tenth of individuals that is concentration.
FAIRNESS = register(
    "fairness", family="models", entries=("evaluate",), module=__name__,
    summary="Metric and selection-rate gaps between groups, and decisions concentrated on few individuals.",
    selection_ratio=Param(0.8, SHARE), accuracy_gap=Param(0.05, SHARE), error_gap=0.25,
    concentration=Param(0.5, SHARE),
)


def _is_classifier(model: Any, y: pd.Series) -> bool:
    kind = getattr(model, "_estimator_type", None)
    if kind is None and hasattr(model, "__sklearn_tags__"):
        try:
            kind = model.__sklearn_tags__().estimator_type
        except Exception:
            kind = None
    if kind in ("classifier", "regressor"):
        return kind == "classifier"
    return detect_task(y) != "regression"


def evaluate(
    model: Any,
    X: Any,
    y: Any,
    *,
    slices: Sequence[Hashable] | Hashable | None = None,
    sensitive: Hashable | None = None,
    tolerance: float | None = None,
    individual: Hashable | None = None,
    min_slice: int | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "model",
) -> Report:
    """Evaluate a fitted model: metrics, error tail, weakest slices, group gaps.

    Parameters
    ----------
    model : fitted estimator
    X, y : the evaluation data (not the training data)
    slices : column label or list, optional
        Columns to slice by; every categorical and binned numeric column of X by default.
    sensitive : column label or array-like, optional
        A group column of X, or one group per row kept out of X, for fairness:
        metric and selection-rate gaps.
    tolerance : float, optional
        Regression: the relative error that counts as close (default 0.10).
    individual : column label or array-like, optional
        Who a decision is about: reports how concentrated positive decisions are.
    min_slice : int, optional
        Smallest slice judged (default: the larger of 30 rows and 1% of rows).
    options : dict, optional
        ``{"error_tail": {...}, "weak_segments": {...}, "fairness": {...}}``:
        thresholds by name (``mq.checks()`` lists them); explicit arguments take precedence.

    Returns
    -------
    Report
        Findings ``error_tail``, ``weak_segments`` (naming the slice values) and
        ``fairness``; tables ``metrics``, ``slices``, ``worst_rows`` and ``groups``;
        for a classifier, table ``confusion`` (counts, true class by row) and figure
        ``confusion`` (``report.plot("confusion")``: of each true class, the share
        predicted as each class).
    """
    check_params("evaluate", tolerance=(tolerance, (NONE, POSITIVE)), min_slice=(min_slice, (NONE, ints_from(1))))
    chosen = options_for("evaluate", options, families=("models",), tolerance=tolerance)
    tolerance = chosen["error_tail"]["tolerance"]
    frame, target = as_xy(X, y)
    classification = _is_classifier(model, target)
    pred = predict(model, frame)
    slicing = chosen["weak_segments"]
    min_slice = min_slice or max(slicing["min_slice_rows"], int(slicing["min_slice_share"] * len(frame)))
    findings: list[Finding] = []
    tables: dict[str, pd.DataFrame] = {}
    figures: dict[str, Any] = {}
    if classification:
        classes = np.sort(pd.unique(np.concatenate([target.to_numpy(), pred])))
        proba = scores(model, frame, classes)
        metrics = classification_metrics(target.to_numpy(), pred, proba, classes)
        error = (pred != target.to_numpy()).astype(float)
        findings += _confident_mistakes(frame, target, pred, proba, classes, tables)
        tables["confusion"], figures["confusion"] = confusion(target.to_numpy(), pred, classes)
    else:
        metrics = regression_metrics(target.to_numpy(), pred, tolerance)
        error = np.abs(pred - target.to_numpy(dtype=float))
        findings += _error_tail(frame, target, pred, tolerance, tables, chosen["error_tail"])
    tables["metrics"] = pd.DataFrame([metrics])
    labels = slice_labels(frame, as_label_list(slices, "slices", frame.columns))
    findings += _weak_segments(labels, error, classification, min_slice, tables, frame.index, slicing)
    if sensitive is not None:
        findings += _fairness(frame, target, pred, sensitive, individual, classification, tables,
                              chosen["fairness"])
    task = "classification" if classification else "regression"
    shown = ", ".join(f"{k} {fmt_num(v)}" for k, v in metrics.items())
    return Report(
        findings, title=f"evaluation of {name} ({model_name(model)}), {task} on {len(frame):,} rows: {shown}",
        kind="evaluate", tables=tables, notes=slice_note(frame, slices), figures=figures,
        provenance=model_report_provenance(frame, {"model": model}, metrics),
    )


def confusion(truth: np.ndarray, pred: np.ndarray, classes: np.ndarray) -> tuple[pd.DataFrame, Matrix | None]:
    """The confusion matrix as counts (true class by row) and, up to MAX_CLASSES
    classes, as a heatmap of each true class's shares."""
    from sklearn.metrics import confusion_matrix

    counts = confusion_matrix(truth, pred, labels=classes)
    names = [as_text(c)[:30] for c in classes]
    table = pd.DataFrame(counts, index=pd.Index(names, name="true"), columns=pd.Index(names, name="predicted"))
    if len(classes) > MAX_CLASSES:
        return table, None
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    figure = Matrix(tuple(names), tuple(names), tuple(tuple(float(v) for v in row) for row in shares),
                    title="of each true class, the share predicted as each class", row_title="true", column_title="predicted")
    return table, figure


def _error_tail(frame, target, pred, tolerance, tables, opts) -> list[Finding]:
    truth = target.to_numpy(dtype=float)
    absolute = np.abs(pred - truth)
    relative = absolute / np.maximum(np.abs(truth), 1e-12)
    outside = relative > tolerance
    share = float(outside.mean())
    q50, q90, q99 = np.quantile(absolute, [0.5, 0.9, 0.99])
    worst = np.argsort(-absolute)[:20]
    tables["worst_rows"] = pd.DataFrame({"row": frame.index[worst], "truth": truth[worst], "prediction": pred[worst],
                                         "abs_error": absolute[worst]})
    severity = "warning" if share >= opts["tail_share"] else "info"
    return [Finding(
        "error_tail", severity,
        f"{fmt_pct(share)} of predictions miss by more than {fmt_pct(tolerance)} "
        f"(median error {fmt_num(q50)}, 90th percentile {fmt_num(q90)}, 99th {fmt_num(q99)}).",
        details={"count": int(outside.sum()), "rate": share, "tolerance": tolerance,
                 "within_tolerance": 1 - share, "error_q50": q50, "error_q90": q90, "error_q99": q99},
        rows=tuple(frame.index[np.argsort(-absolute)[: int(outside.sum())]]),
    )]


def _confident_mistakes(frame, target, pred, proba, classes, tables) -> list[Finding]:
    if proba is None:
        return []
    confidence = proba.max(axis=1)
    wrong = pred != target.to_numpy()
    confident = wrong & (confidence >= 0.9)
    order = np.argsort(-(confidence * wrong))[: int(wrong.sum())][:20]
    tables["worst_rows"] = pd.DataFrame({"row": frame.index[order], "truth": target.to_numpy()[order],
                                         "prediction": pred[order], "confidence": confidence[order]})
    if not confident.any():
        return []
    count = int(confident.sum())
    positions = np.flatnonzero(confident)[np.argsort(-confidence[confident])]
    return [Finding(
        "error_tail", "info",
        f"{plural(count, 'prediction')} ({fmt_pct(count / len(frame))}) are wrong with 90% confidence or more: "
        "look at them for label errors or missing features.",
        details={"count": count, "rate": count / len(frame), "confidence": 0.9},
        rows=tuple(frame.index[positions]),
    )]


def _weak_segments(labels, error, classification, min_slice, tables, index, opts) -> list[Finding]:
    if not labels:
        return []
    from scipy.stats import mannwhitneyu

    table = worst_slices(error, labels, min_size=min_slice)
    what = "error rate" if classification else "mean absolute error"
    flagged = []
    p_values = []
    explained = np.zeros(len(error), dtype=bool)  # rows of slices already reported
    for _, row in table.iterrows():
        in_slice = labels[row["column"]].to_numpy() == row["value"]
        ratio = row["mean"] / row["rest"] if row["rest"] > 0 else np.inf
        p = float(mannwhitneyu(error[in_slice], error[~in_slice], alternative="greater").pvalue) if row["gap"] > 0 else 1.0
        p_values.append(p)
        if (ratio >= opts["slice_ratio"] and p < opts["slice_alpha"] and len(flagged) < 5
                and not _overlaps(error, in_slice, explained, opts["slice_ratio"])):
            flagged.append((row, ratio, p, in_slice))
            explained |= in_slice
    tables["slices"] = table.assign(p_value=p_values)
    findings = []
    for row, ratio, p, in_slice in flagged:
        findings.append(Finding(
            "weak_segments", "warning",
            f"The model is weak where {row['column']!s} = {row['value']}: {what} {fmt_num(row['mean'])} against "
            f"{fmt_num(row['rest'])} elsewhere (x{fmt_num(ratio)}, {plural(int(row['rows']), 'row')}).",
            columns=(row["column"],),
            details={"count": int(row["rows"]), "slice": {str(row["column"]): str(row["value"])},
                     "metric": what, "slice_value": row["mean"], "rest_value": row["rest"], "ratio": ratio,
                     "test": "one-sided Mann-Whitney U, slice against the rest", "p_value": p},
            rows=tuple(index[in_slice]),
        ))
    return findings


def _overlaps(error: np.ndarray, in_slice: np.ndarray, explained: np.ndarray, slice_ratio: float) -> bool:
    """Whether a slice is weak only through rows of a slice already reported
    (zone_north = 0 is weak because it holds zone = east)."""
    if not explained.any():
        return False
    own = in_slice & ~explained
    rest = ~in_slice & ~explained
    if own.sum() < 10 or rest.sum() < 10:
        return True
    return error[own].mean() < slice_ratio * max(error[rest].mean(), 1e-12)


def _by_row(frame: pd.DataFrame, value: Any, argument: str) -> tuple[Hashable, pd.Series]:
    """A column of X named by ``value``, or ``value`` itself as one entry per row
    (a sensitive attribute the model must not see)."""
    if isinstance(value, (pd.Series, np.ndarray, list)):
        values = pd.Series(np.asarray(value, dtype=object), index=frame.index)
        if len(values) != len(frame):
            raise ValueError(f"{argument} has {len(values):,} entries but X has {len(frame):,} rows")
        return getattr(value, "name", None) or argument, values
    if value not in frame.columns:
        raise KeyError(f"{argument}={value!r} is not a column of X")
    return value, frame[value]


def _fairness(frame, target, pred, sensitive, individual, classification, tables, opts) -> list[Finding]:
    sensitive, column = _by_row(frame, sensitive, "sensitive")
    groups = column.astype(object).where(column.notna(), "(missing)")
    truth = target.to_numpy()
    rows = []
    positive = None
    if classification:
        classes = np.sort(pd.unique(np.concatenate([truth, pred])))
        positive = classes[-1] if len(classes) == 2 else None
    for group, index in groups.groupby(groups, sort=True).groups.items():
        at = frame.index.get_indexer(index)
        row = {"group": group, "rows": len(at)}
        if classification:
            row["accuracy"] = float(np.mean(pred[at] == truth[at]))
            if positive is not None:
                chosen = pred[at] == positive
                actual = truth[at] == positive
                row["selection_rate"] = float(chosen.mean())
                row["true_positive_rate"] = float(chosen[actual].mean()) if actual.any() else np.nan
                row["false_positive_rate"] = float(chosen[~actual].mean()) if (~actual).any() else np.nan
        else:
            row["mae"] = float(np.mean(np.abs(pred[at] - truth[at].astype(float))))
        rows.append(row)
    table = pd.DataFrame(rows)
    tables["groups"] = table
    findings = []
    big = table[table.rows >= 30]
    if len(big) >= 2 and "selection_rate" in big:
        low, high = big.selection_rate.min(), big.selection_rate.max()
        ratio = low / high if high > 0 else 1.0
        if ratio < opts["selection_ratio"]:
            findings.append(Finding(
                "fairness", "warning",
                f"Selection rates differ across {sensitive!s}: {fmt_pct(low)} for "
                f"{big.loc[big.selection_rate.idxmin(), 'group']!r} against {fmt_pct(high)} for "
                f"{big.loc[big.selection_rate.idxmax(), 'group']!r} (ratio {fmt_num(ratio)}, below the four-fifths rule).",
                columns=(sensitive,),
                details={"kind": "selection_rate", "ratio": ratio, "threshold": opts["selection_ratio"],
                         "rates": dict(zip(big.group.astype(str), big.selection_rate))},
            ))
    metric = "accuracy" if classification else "mae"
    if len(big) >= 2:
        best, worst = (big[metric].max(), big[metric].min()) if classification else (big[metric].min(), big[metric].max())
        gap = abs(best - worst)
        relative = gap / best if not classification and best > 0 else gap
        if relative >= (opts["accuracy_gap"] if classification else opts["error_gap"]):
            worst_group = big.loc[big[metric].idxmin() if classification else big[metric].idxmax(), "group"]
            findings.append(Finding(
                "fairness", "warning",
                f"The model serves {sensitive!s} = {worst_group!r} worst: {metric} {fmt_num(worst)} against "
                f"{fmt_num(best)} for the best-served group.",
                columns=(sensitive,),
                details={"kind": "metric_gap", "metric": metric, "gap": gap,
                         "values": dict(zip(big.group.astype(str), big[metric]))},
            ))
    if individual is not None and positive is not None:
        findings += _concentration(frame, pred, positive, individual, opts["concentration"])
    return findings


def _concentration(frame, pred, positive, individual, threshold) -> list[Finding]:
    individual, column = _by_row(frame, individual, "individual")
    chosen = pd.Series(pred == positive, index=frame.index).groupby(column.to_numpy()).sum()
    chosen = chosen.sort_values(ascending=False)
    if chosen.sum() == 0 or len(chosen) < 10:
        return []
    top = max(1, len(chosen) // 10)
    share = float(chosen.iloc[:top].sum() / chosen.sum())
    if share < threshold:
        return []
    return [Finding(
        "fairness", "warning",
        f"{fmt_pct(share)} of positive decisions go to the top tenth of {individual!s} values "
        f"({plural(top, 'individual')} of {len(chosen):,}): the same ones are chosen again and again.",
        columns=(individual,),
        details={"kind": "concentration", "share": share, "threshold": threshold,
                 "top": {str(k): int(v) for k, v in chosen.head(5).items()}},
    )]
