"""mq.importance: which features the model really uses, measured by shuffling each
one on held-out rows (feature_importance)."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Intervals
from .._core.finding import Finding
from .._core.params import NONE, Param, check_params, ints_from
from .._core.provenance import is_fitted
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num, plural, quote_list
from .._core.validation import as_label_list
from .modeling import as_xy, detect_task, fit, fresh, model_name, model_report_provenance

#: Shuffles per feature, rows scored per shuffle at most, how far down the ranking
#: "near the top" reaches (None: two places more than the features expected there),
#: the share held out when the model comes unfitted, and the drop in score below
#: which (for the whole interval) a feature changes nothing worth keeping it for.
FEATURE_IMPORTANCE = register(
    "feature_importance", family="models", entries=("importance",), module=__name__,
    summary="Permutation importance on held-out rows with intervals; expected features missing from the top; "
            "features whose shuffling changes nothing.",
    n_repeats=Param(5, ints_from(2)), max_rows=Param(10_000, ints_from(100)), top_k=Param(None, (NONE, ints_from(1))),
    held_out=0.25, min_drop=0.005,
)
#: Features a figure shows at most.
SHOWN = 15


def importance(
    model: Any,
    X: Any,
    y: Any,
    *,
    expected_top: Sequence[Hashable] | Hashable | None = None,
    costs: Mapping[Hashable, float] | None = None,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "model",
) -> Report:
    """Permutation importance of each feature, with an interval over repeats.

    Parameters
    ----------
    model : estimator
        Fitted: ``X, y`` should be rows it was not trained on. Not fitted: it is
        fitted on 75% of the rows and judged on the other 25%.
    X, y : the data
    expected_top : column label or list, optional
        Features you expect near the top; those that are not are a warning.
    costs : dict, optional
        What each feature costs to compute or fetch (milliseconds per row), said
        beside the features that can go.
    options : dict, optional
        ``{"feature_importance": {"n_repeats": 5, "max_rows": 10000, "top_k": None}}``.

    Returns
    -------
    Report
        ``feature_importance`` findings: expected features not near the top
        (warning), features whose shuffling changes nothing (info, candidates for
        removal); table ``importance`` (every feature: mean drop in score,
        interval, rank) and its figure.
    """
    from scipy import stats
    from sklearn.inspection import permutation_importance

    check_params("importance", seed=(seed, ints_from(0)))
    opts = options_for("importance", options, families=("models",))["feature_importance"]
    frame, target = as_xy(X, y)
    expected = as_label_list(expected_top, "expected_top", frame.columns) or []
    missing = [e for e in expected if e not in frame.columns]
    if missing:
        raise KeyError(f"expected_top names {quote_list(missing)}, not columns of X")
    task = detect_task(target)
    notes = []
    if is_fitted(model):
        fitted, X_eval, y_eval = model, frame, target
        notes.append("the model came fitted: X and y should be rows it did not see in training.")
    else:
        from sklearn.model_selection import train_test_split

        X_fit, X_eval, y_fit, y_eval = train_test_split(
            frame, target, test_size=opts["held_out"], random_state=seed,
            stratify=target if task != "regression" else None)
        fitted = fit(fresh(model), X_fit, y_fit)
        notes.append(f"fitted on {len(X_fit):,} rows, shuffled on the {len(X_eval):,} held out.")
    scoring = _scoring(fitted, task)
    rows = min(opts["max_rows"], len(X_eval))
    if rows < len(X_eval):
        notes.append(f"each shuffle is scored on {rows:,} of the {len(X_eval):,} rows.")
    result = permutation_importance(fitted, X_eval, y_eval, scoring=scoring, n_repeats=opts["n_repeats"],
                                    random_state=seed, max_samples=rows)
    half = stats.t.ppf(0.975, opts["n_repeats"] - 1) * result.importances_std / np.sqrt(opts["n_repeats"])
    table = pd.DataFrame({"feature": list(frame.columns), "mean": result.importances_mean,
                          "std": result.importances_std, "low": result.importances_mean - half,
                          "high": result.importances_mean + half})
    table = table.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    table["expected_top"] = table["feature"].isin(expected)
    top_k = min(opts["top_k"] or max(len(expected) + 2, 3), len(table))
    findings = _misplaced(table, expected, top_k, scoring, opts["min_drop"]) + _unused(table, costs, scoring, opts["min_drop"])
    shown = table.head(SHOWN)
    misplaced = [f.columns[0] for f in findings if f.details.get("kind") == "expected_top"]
    figure = Intervals(tuple(str(f) for f in shown["feature"]), tuple(shown["mean"]), tuple(shown["low"]),
                       tuple(shown["high"]), highlight=str(misplaced[0]) if misplaced else None,
                       label=f"drop in {scoring} when shuffled")
    findings = [f if i else _with_figure(f, figure) for i, f in enumerate(findings)]
    if not findings:
        notes.append("every feature matters and the expected ones lead.")
    baseline = float(result.importances_mean.max()) if len(table) else None
    return Report(
        findings, title=f"feature importance of {name} ({model_name(model)}) by shuffling, {scoring}, "
                        f"{opts['n_repeats']} repeats on {rows:,} rows",
        kind="importance", tables={"importance": table}, notes=notes,
        figures={"importance": figure},
        provenance=model_report_provenance(frame, {"model": fitted}, {"scoring": scoring, "largest_drop": baseline}),
    )


def _scoring(model: Any, task: str) -> str:
    if task == "regression":
        return "r2"
    if task == "binary" and hasattr(model, "predict_proba"):
        return "roc_auc"
    return "balanced_accuracy"


def _with_figure(finding: Finding, figure: Intervals) -> Finding:
    return dataclasses.replace(finding, figure=figure)


def _misplaced(table: pd.DataFrame, expected: list, top_k: int, scoring: str, min_drop: float) -> list[Finding]:
    """Expected features ranked below ``top_k``, or whose shuffling changes nothing
    (however few features there are to rank)."""
    findings = []
    leaders = table["feature"].head(3).tolist()
    for feature in expected:
        row = table[table["feature"] == feature].iloc[0]
        nothing = row["high"] < min_drop
        if row["rank"] <= top_k and not nothing:
            continue
        findings.append(Finding(
            "feature_importance", "warning",
            f"{feature!r}, expected near the top, ranks {int(row['rank'])} of {len(table)}: shuffling it "
            + (f"changes {scoring} by less than {fmt_num(min_drop)}" if nothing
               else f"costs {fmt_num(row['mean'])} of {scoring}")
            + f"; the model leans on {quote_list(leaders)} instead. A leak, a broken join or a feature the "
              "model cannot read (wrong type, constant after preprocessing) are the usual causes.",
            columns=(feature,),
            details={"kind": "expected_top", "rank": int(row["rank"]), "top_k": top_k, "importance": float(row["mean"]),
                     "low": float(row["low"]), "high": float(row["high"]), "scoring": scoring},
        ))
    return findings


def _unused(table: pd.DataFrame, costs: Mapping[Hashable, float] | None, scoring: str, min_drop: float) -> list[Finding]:
    unused = table[(table["high"] < min_drop) & ~table["expected_top"]]
    if unused.empty or len(unused) == len(table):
        return []
    names = unused["feature"].tolist()
    costs = dict(costs or {})
    saved = sum(float(costs[n]) for n in names if n in costs)
    cost_text = f"; together they cost {fmt_num(saved)} ms per row" if saved else ""
    return [Finding(
        "feature_importance", "info",
        f"Shuffling {plural(len(names), 'feature')} ({quote_list(names)}) changes {scoring} by less than "
        f"{fmt_num(min_drop)}: candidates for removal{cost_text}.",
        columns=tuple(names),
        details={"kind": "unused", "count": len(names), "rate": len(names) / len(table),
                 "cost_ms": saved or None, "scoring": scoring, "min_drop": min_drop},
    )]
