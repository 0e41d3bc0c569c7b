"""mq.compare_models: how much a new model version changes the answers, and where (model_change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num, fmt_pct, plural
from .modeling import as_xy, model_name, model_report_provenance, predict, scores
from .slices import slice_labels, slice_note, worst_slices

#: Share of changed predictions that makes a warning / critical finding; a
#: regression prediction has changed when it moves by ``regression_change`` (relative).
MODEL_CHANGE = register(
    "model_change", family="models", entries=("compare_models",), module=__name__,
    summary="Share of predictions a new model version changes, rank agreement, where changes concentrate, who wins.",
    change_warning=Param(0.1, SHARE), change_critical=Param(0.3, SHARE), regression_change=0.05,
)


def compare_models(
    old: Any, new: Any, X: Any, y: Any = None, *, options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "new",
) -> Report:
    """Compare two fitted versions of a model on the same rows.

    Parameters
    ----------
    old, new : fitted estimators
    X : DataFrame or 2-D array
    y : array-like, optional
        With the truth, each model's wins and losses, overall and per slice.
    options : dict, optional
        ``{"model_change": {...}}``: thresholds by name (``mq.checks()`` lists them).

    Returns
    -------
    Report
        A ``model_change`` finding with the share of predictions that change,
        how the prediction distribution moved, rank agreement of the scores and
        the slices where the changes concentrate; with ``y``, who wins where.
    """
    opts = options_for("compare_models", options, families=("models",))["model_change"]
    frame, target = as_xy(X, y)
    before, after = predict(old, frame, role="old model"), predict(new, frame, role="new model")
    classification = before.dtype.kind not in "fc" or after.dtype.kind not in "fc"
    findings: list[Finding] = []
    tables: dict[str, pd.DataFrame] = {}
    if classification:
        changed = before != after
        classes = np.sort(pd.unique(np.concatenate([before, after])))
        mix = pd.DataFrame({"old": pd.Series(before).value_counts(normalize=True),
                            "new": pd.Series(after).value_counts(normalize=True)}).fillna(0)
        tables["prediction_mix"] = mix.reset_index(names="prediction")
        old_scores, new_scores = scores(old, frame, classes), scores(new, frame, classes)
        ranked = (old_scores[:, -1], new_scores[:, -1]) if old_scores is not None and new_scores is not None else None
        moved = "; ".join(f"{k!r} {fmt_pct(r.old)} -> {fmt_pct(r.new)}" for k, r in mix.iterrows() if abs(r.new - r.old) >= 0.01)
    else:
        changed = np.abs(after - before) > opts["regression_change"] * np.maximum(np.abs(before), 1e-12)
        ranked = (before.astype(float), after.astype(float))
        moved = f"mean prediction {fmt_num(float(np.mean(before)))} -> {fmt_num(float(np.mean(after)))}"
    rate = float(changed.mean())
    rank = None
    if ranked is not None:
        rank = float(pd.DataFrame({"a": ranked[0], "b": ranked[1]}).corr(method="spearman").iloc[0, 1])
    hotspots = worst_slices(changed.astype(float), slice_labels(frame, None), min_size=max(30, int(0.01 * len(frame))))
    tables["change_by_slice"] = hotspots
    top = hotspots.iloc[0] if len(hotspots) and hotspots.iloc[0]["mean"] >= 1.5 * max(rate, 1e-9) else None
    where = (f"; changes concentrate where {top['column']!s} = {top['value']} ({fmt_pct(top['mean'])} of its rows)"
             if top is not None else "")
    severity = "critical" if rate >= opts["change_critical"] else "warning" if rate >= opts["change_warning"] else "info"
    what = "predictions change" if classification else f"predictions move by more than {fmt_pct(opts['regression_change'])}"
    findings.append(Finding(
        "model_change", severity,
        f"{fmt_pct(rate)} of {what} ({plural(int(changed.sum()), 'row')} of {len(frame):,}); {moved or 'same prediction mix'}"
        + (f"; rank agreement of scores (Spearman) {fmt_num(rank)}" if rank is not None else "") + f"{where}.",
        details={"count": int(changed.sum()), "rate": rate, "rank_agreement": rank,
                 "warning_rate": opts["change_warning"], "critical_rate": opts["change_critical"],
                 "hotspot": None if top is None else {str(top["column"]): str(top["value"])}},
        rows=tuple(frame.index[changed]),
    ))
    if target is not None:
        findings += _winners(frame, target, before, after, changed, classification, tables)
    return Report(findings, title=f"{model_name(new)} ({name}) against {model_name(old)} on {len(frame):,} rows",
                  kind="compare", tables=tables, notes=slice_note(frame, None),
                  provenance=model_report_provenance(frame, {"new": new, "old": old}, {"changed_rate": rate}))


def _winners(frame, target, before, after, changed, classification, tables) -> list[Finding]:
    truth = target.to_numpy()
    if classification:
        old_ok, new_ok = before == truth, after == truth
    else:  # among the rows whose prediction changed, which version is closer
        old_err = np.abs(before - truth.astype(float))
        new_err = np.abs(after - truth.astype(float))
        old_ok, new_ok = changed & (old_err < new_err), changed & (new_err < old_err)
    only_new, only_old = int((new_ok & ~old_ok).sum()), int((old_ok & ~new_ok).sum())
    if only_new == only_old == 0:
        return []
    per_slice = worst_slices((old_ok & ~new_ok).astype(float) - (new_ok & ~old_ok).astype(float),
                             slice_labels(frame, None), min_size=max(30, int(0.01 * len(frame))))
    tables["old_wins_by_slice"] = per_slice
    worse = per_slice[(per_slice["mean"] >= 0.05) & (per_slice["mean"] * per_slice["rows"] >= 10)].head(3)
    where = "; the old one wins where " + ", ".join(f"{r.column!s} = {r.value}" for r in worse.itertuples()) if len(worse) else ""
    winner = "new" if only_new > only_old else "old" if only_old > only_new else "neither"
    return [Finding(
        "model_change", "warning" if winner == "old" else "info",
        f"Where the versions disagree, the new model is {'right' if classification else 'closer'} on "
        f"{plural(only_new, 'row')} and the old one on {only_old:,}{where}.",
        details={"new_wins": only_new, "old_wins": only_old, "winner": winner, "kind": "winners"},
    )]
