"""mq.drift: how a current frame differs from a reference frame, column by column and as a whole."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import ColumnData, FrameContext, same_label
from .._core.figures import PairedBars, overlaid
from .._core.finding import Finding
from .._core.params import SHARE, Param, check_value
from .._core.provenance import provenance
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import as_text, fmt_num, fmt_pct, quote_list, shorten
from .._core.validation import as_frame, as_label_list, stays_in_engine
from .baseline_store import Baseline, merge_options
from .drift_tests import TESTS, DriftResult
from .sketch import (
    TEXT_SAMPLE,
    column_kind,
    compared_kind,
    sketch_engine,
    sketch_frame,
    storage_class,
)

#: Rows per side that the whole-frame classifier uses at most (the text comparison: TEXT_SAMPLE).
CLASSIFIER_SAMPLE = 20_000
#: Effect-size thresholds (warning, critical) of each column kind's test, by option name.
_EFFECTS = {kind: {f"{kind}_warning": test.warning, f"{kind}_critical": test.critical}
            for kind, test in TESTS.items() if kind != "boolean"}
_THRESHOLDS = {name: value for pair in _EFFECTS.values() for name, value in pair.items()}

DRIFT = register(
    "drift", family="monitoring", entries=("drift",), module=__name__,
    summary="Columns whose distribution, missing rate or type changed, and a classifier telling the frames apart.",
    alpha=Param(0.01, SHARE), missing_gap=Param(0.05, SHARE),
    frame_warning_auc=Param(0.75, SHARE), frame_critical_auc=Param(0.9, SHARE), **_THRESHOLDS,
)
#: A class whose share of the label moves by ``label_share_change`` (relative) is
#: label drift even when the distribution distance is small (a rare positive class
#: going from 5% to 8%); by four times that it is critical.
LABEL_DRIFT = register(
    "label_drift", family="monitoring", entries=("drift",), module=__name__,
    summary="The label's distribution changed, including a rare class growing or shrinking by a quarter.",
    alpha=Param(0.01, SHARE), missing_gap=Param(0.05, SHARE), label_share_change=0.25, **_THRESHOLDS,
)


def drift(
    reference: Any,
    current: Any,
    *,
    columns: Sequence[Hashable] | Hashable | None = None,
    target: Hashable | None = None,
    alpha: float | None = None,
    frame_classifier: bool = True,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
) -> Report:
    """Compare ``current`` with ``reference``: per-column drift, label drift, and a
    classifier that tries to tell the two frames apart.

    Parameters
    ----------
    reference : pandas or polars DataFrame, Baseline, or a Spark, DuckDB or Arrow frame
        The frame the model knows (training data, last month), or a baseline saved
        from it with :func:`mlqa_nb.baseline` (its target and thresholds are used).
    current : pandas or polars DataFrame, or a Spark, DuckDB or Arrow frame
        The new frame.
    columns : column label or list, optional
        Columns to compare; all shared columns by default.
    target : column label, optional
        The label column: its drift is reported as ``label_drift``.
    alpha : float, default 0.01
        A difference must be significant at this level *and* have a large
        enough effect size; severity follows the effect size.
    frame_classifier : bool
        Train a classifier to tell reference from current rows (sampled) and
        name the columns that give it away. It needs rows of both frames, so it
        is not run against a baseline.
    options : dict, optional
        ``{"drift": {...}, "label_drift": {...}}``: effect-size thresholds per
        column kind, the missing-rate gap, the classifier's ROC AUC thresholds
        (``mq.checks()`` lists them); an explicit ``alpha`` takes precedence.

    Returns
    -------
    Report
        ``drift`` and ``label_drift`` findings, each naming its test, effect
        size and thresholds; the ``drift`` table has every compared column.

    Notes
    -----
    Against a baseline, and for frames of Spark, DuckDB, Arrow or a polars
    LazyFrame, columns are compared through sketches (:mod:`.sketch`): the KS
    statistic from 201 quantiles per side is within 0.01 of the exact one, and
    levels beyond the 500 most frequent are compared pooled.
    """
    if isinstance(current, Baseline):
        raise TypeError("current must be a data frame; a Baseline can only be the reference")
    if alpha is not None:
        check_value("drift", "alpha", alpha, SHARE)
    if isinstance(reference, Baseline):
        options = merge_options({c: v for c, v in reference.options.items() if c in ("drift", "label_drift")}, options)
        target = reference.target if target is None else target
    chosen = options_for("drift", options, families=("monitoring",), alpha=alpha)
    if isinstance(reference, Baseline) or stays_in_engine(reference) or stays_in_engine(current):
        return _drift_on_sketches(reference, current, columns, target, frame_classifier, seed, chosen, name)
    ref_frame, cur_frame = as_frame(reference, "reference"), as_frame(current, "current")
    ref_ctx, cur_ctx = FrameContext(ref_frame), FrameContext(cur_frame)
    findings: list[Finding] = []
    notes: list[str] = []
    wanted = as_label_list(columns, "columns", ref_frame.columns)
    if wanted is not None:
        for label in wanted:
            _find(ref_ctx, cur_ctx, label, "columns")
    shared, only_ref, only_cur = _align(ref_ctx, cur_ctx, wanted)
    findings += _schema_findings(only_ref, only_cur)
    if target is not None:
        _find(ref_ctx, cur_ctx, target, "target")
    rows = []
    rng = np.random.default_rng(seed)
    for ref_col, cur_col in shared:
        check = "label_drift" if target is not None and same_label(ref_col.label, target) else "drift"
        ref_side = _side(ref_col)
        row, found = _compare(ref_col.name, ref_col.label, ref_side, _side(cur_col, ref_side["kind"]), check, chosen[check],
                              _rows_test(ref_col, cur_col, rng, notes))
        rows.append(row)
        findings += found
    if frame_classifier and len(ref_frame) >= 20 and len(cur_frame) >= 20:
        features = [(r, c) for r, c in shared if not (target is not None and same_label(r.label, target))]
        findings += _frame_classifier(features, rng, notes, chosen["drift"])
    title = (f"drift of {name or 'current'} ({len(cur_frame):,} rows) against the reference "
             f"({len(ref_frame):,} rows), {len(shared)} columns compared")
    return Report(
        findings, title=title, kind="drift", tables={"drift": _table(rows)}, notes=notes,
        provenance={**provenance(cur_frame), "reference": provenance(ref_frame).get("data")},
        name=name,
    )


def _table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["column", "kind", "test", "effect", "p_value", "verdict",
                                       "reference_missing", "current_missing"])


def _schema_findings(only_ref: list, only_cur: list) -> list[Finding]:
    """Columns of one frame only (ColumnData or names)."""
    findings = []
    for side, missing in (("reference", only_ref), ("current", only_cur)):
        if missing:
            names = [getattr(c, "name", c) for c in missing]
            findings.append(Finding(
                "drift", "warning",
                f"{len(missing)} column{'s' if len(missing) > 1 else ''} only in the {side} frame: "
                f"{quote_list(names)}.",
                columns=tuple(getattr(c, "label", c) for c in missing),
                details={"kind": "schema", "only_in": side},
            ))
    return findings


def _sketches_of(data: Any, argument: str, seed: int, kinds: dict[str, str] | None = None,
                 ) -> tuple[int, dict, pd.DataFrame | None, list[str], dict]:
    """Rows, column sketches (as ``kinds`` where the storage allows), a sample of
    rows (None for a baseline), notes, and each column name's label, of a baseline
    or a frame."""
    if isinstance(data, Baseline):
        return data.rows, data.columns, None, [], {}
    if stays_in_engine(data):
        rows, sketches, sample, notes = sketch_engine(data, seed, kinds)
        return rows, sketches, sample, notes, {}
    ctx = FrameContext(as_frame(data, argument))
    return ctx.n_rows, sketch_frame(ctx, seed, kinds), ctx.df, [], {c.name: c.label for c in ctx.columns}


def _drift_on_sketches(reference, current, columns, target, frame_classifier, seed, chosen, name) -> Report:
    """Drift through column sketches: against a baseline, or of frames held by an engine."""
    ref_rows, ref_sk, ref_sample, notes, _ = _sketches_of(reference, "reference", seed)
    kinds = {c: sk["kind"] for c, sk in ref_sk.items()}
    cur_rows, cur_sk, cur_sample, cur_notes, labels = _sketches_of(current, "current", seed, kinds)
    notes += [n for n in cur_notes if n not in notes]
    target_name = None if target is None else str(target)
    names = list(ref_sk) if columns is None else [str(c) for c in as_label_list(columns, "columns")]
    for label in names + ([target_name] if target_name else []):
        if label not in ref_sk or label not in cur_sk:
            where = "either" if label not in ref_sk and label not in cur_sk else (
                "the reference" if label not in ref_sk else "the current frame")
            argument = "target" if label == target_name and label not in names else "columns"
            raise KeyError(f"{argument}={label!r} is not a column of {where}")
    shared = [n for n in names if n in cur_sk]
    findings = _schema_findings([n for n in names if n not in cur_sk],
                                [labels.get(n, n) for n in cur_sk if n not in ref_sk] if columns is None else [])
    rows = []
    for col in shared:
        check = "label_drift" if col == target_name else "drift"
        row, found = _compare(col, labels.get(col, col), ref_sk[col], cur_sk[col], check, chosen[check],
                              _sketch_test(ref_sk[col], cur_sk[col], col))
        rows.append(row)
        findings += found
    if ref_sample is None:
        if frame_classifier:
            notes.append("the whole-frame classifier needs rows of both frames; it is not run against a baseline.")
    elif frame_classifier and len(ref_sample) >= 20 and cur_sample is not None and len(cur_sample) >= 20:
        ref_ctx, cur_ctx = FrameContext(ref_sample), FrameContext(cur_sample)
        pairs, _, _ = _align(ref_ctx, cur_ctx, None)
        features = [(r, c) for r, c in pairs if r.name in shared and r.name != target_name]
        findings += _frame_classifier(features, np.random.default_rng(seed), notes, chosen["drift"])
    what = "the baseline" if ref_sample is None else "the reference"
    title = (f"drift of {name or 'current'} ({cur_rows:,} rows) against {what} "
             f"({ref_rows:,} rows), {len(shared)} columns compared")
    block = provenance(current) if isinstance(current, pd.DataFrame) else provenance()
    block["reference"] = getattr(reference, "provenance", None) or {"rows": ref_rows}
    return Report(findings, title=title, kind="drift", tables={"drift": _table(rows)}, notes=notes,
                  provenance=block, name=name)


def _find(ref_ctx, cur_ctx, label, argument) -> None:
    in_ref = any(same_label(c.label, label) for c in ref_ctx.columns)
    in_cur = any(same_label(c.label, label) for c in cur_ctx.columns)
    if not (in_ref and in_cur):
        where = "either frame" if not (in_ref or in_cur) else ("the current frame" if in_ref else "the reference frame")
        raise KeyError(f"{argument}={label!r} is not a column of {where}")


def _align(ref_ctx, cur_ctx, wanted):
    ref_by = {c.name: c for c in ref_ctx.columns}
    cur_by = {c.name: c for c in cur_ctx.columns}
    names = [n for n in ref_by if wanted is None or any(same_label(ref_by[n].label, w) for w in wanted)]
    shared = [(ref_by[n], cur_by[n]) for n in names if n in cur_by]
    only_ref = [ref_by[n] for n in names if n not in cur_by]
    only_cur = [c for n, c in cur_by.items() if n not in ref_by and (wanted is None)]
    return shared, only_ref, only_cur


def _values(col: ColumnData, kind: str) -> pd.Series:
    """The present values in the form the column's test takes."""
    if kind == "numeric":
        return pd.Series(col.floats[np.isfinite(col.floats)])
    if kind in ("categorical", "boolean"):
        return pd.Series(col.hashable.iloc[col.present_positions].to_numpy())
    return col.series.iloc[col.present_positions].astype(str)


def _side(col: ColumnData, wanted: str | None = None) -> dict[str, Any]:
    """What the comparison reads of a pandas column (as the kind ``wanted`` where its
    storage allows); a sketch holds the same keys."""
    kind = compared_kind(col, wanted)
    return {"kind": kind, "storage": storage_class(col), "dtype": str(col.dtype), "rows": col.ctx.n_rows,
            "missing": col.n_missing, "present": col.n_present,
            "identifier": kind == "id" or (kind != "empty" and bool(col.is_identifier))}


def _rows_test(ref_col: ColumnData, cur_col: ColumnData, rng, notes):
    """The test of two pandas columns on their values, and the figure drawn from them."""
    def run(test, kind):
        ref_values, cur_values = _values(ref_col, kind), _values(cur_col, kind)
        if kind == "text":
            ref_values, cur_values = (_sample(v, TEXT_SAMPLE, rng, notes, ref_col.name) for v in (ref_values, cur_values))
        return test.func(ref_values, cur_values), lambda: _figure(ref_values, cur_values, kind, ref_col.name)
    return run


def _sketch_test(ref: dict, cur: dict, name: str):
    """The test of two column sketches, and a figure drawn from their quantiles or levels."""
    def run(test, kind):
        def figure():
            if kind == "numeric":
                return overlaid(np.asarray(ref["quantiles"]), np.asarray(cur["quantiles"]), column=name)
            if kind in ("categorical", "boolean"):
                return _level_figure(pd.Series(ref["levels"], dtype=float), pd.Series(cur["levels"], dtype=float))
            return None
        return test.on_sketches(ref, cur), figure
    return run


def _compare(name, label, ref, cur, check, opts, run_test):
    """One column's row of the drift table and its findings; ``ref`` and ``cur`` are
    :func:`_side` dicts or sketches, ``run_test(test, kind)`` gives the test's result
    and a function that draws the figure (called for a finding only)."""
    ref_kind, cur_kind = ref["kind"], cur["kind"]
    ref_missing = ref["missing"] / max(ref["rows"], 1)
    cur_missing = cur["missing"] / max(cur["rows"], 1)
    row = {"column": name, "kind": ref_kind, "test": None, "effect": None, "p_value": None,
           "verdict": "not compared", "reference_missing": ref_missing, "current_missing": cur_missing}
    found: list[Finding] = []

    def warn(kind: str, message: str, before, after) -> None:
        found.append(Finding(check, "warning", f"Column {name!r} {message}", columns=(label,),
                             details={"kind": kind, "reference": before, "current": after}))

    if abs(cur_missing - ref_missing) >= opts["missing_gap"]:
        warn("missing_rate", f"is missing in {fmt_pct(cur_missing)} of current rows against "
             f"{fmt_pct(ref_missing)} in the reference.", ref_missing, cur_missing)
    storages = (ref.get("storage", ref_kind), cur.get("storage", cur_kind))
    if storages[0] != storages[1] and "empty" not in (ref_kind, cur_kind, *storages):
        warn("type", f"changed type: {ref_kind} ({ref['dtype']}) in the reference, "
             f"{cur_kind} ({cur['dtype']}) now.", ref_kind, cur_kind)
        row["verdict"] = "type changed"
        return row, found
    if "datetime" in (ref_kind, cur_kind):  # one side may hold its dates as text
        row["verdict"] = "range only"
        return row, found
    if ref.get("follows_time"):
        row["verdict"] = "follows the time"  # one value per period in the baseline: a new period brings a new one
        return row, found
    if ref.get("identifier"):
        row["verdict"] = "identifier"  # ids differ between any two frames by design
        return row, found
    test = TESTS.get(ref_kind)
    if test is None or ref.get("present", 0) < 5 or cur.get("present", 0) < 5:
        return row, found
    result, draw = run_test(test, ref_kind)
    alpha = opts["alpha"]
    kind = "categorical" if ref_kind == "boolean" else ref_kind
    warning, critical = opts[f"{kind}_warning"], opts[f"{kind}_critical"]
    significant = result.p_value is None or result.p_value < alpha
    if significant and result.effect >= critical:
        severity = "critical"
    elif significant and result.effect >= warning:
        severity = "warning"
    else:
        severity = None
    if check == "label_drift" and significant and ref_kind in ("categorical", "boolean"):
        severity = _label_share_severity(result, severity, opts["label_share_change"])
    row.update(test=test.name, effect=result.effect, p_value=result.p_value,
               verdict=severity or ("negligible" if significant and result.p_value is not None else "stable"))
    if severity:
        found.append(Finding(
            check, severity, _message(name, ref_kind, test, result, check),
            columns=(label,), figure=draw(),
            details={
                "kind": ref_kind, "test": test.name, "effect": result.effect,
                "effect_name": test.effect_name, "p_value": result.p_value, "alpha": alpha,
                "warning_threshold": warning, "critical_threshold": critical,
                **result.extra,
            },
        ))
    return row, found


def _figure(ref_values: pd.Series, cur_values: pd.Series, kind: str, name: str):
    """What the drift finding of one column is drawn from."""
    if kind == "numeric":
        return overlaid(ref_values.to_numpy(dtype=float), cur_values.to_numpy(dtype=float), column=name)
    if kind in ("categorical", "boolean"):
        return _level_figure(ref_values.astype(object).value_counts(), cur_values.astype(object).value_counts())
    return None


def _level_figure(ref_counts: pd.Series, cur_counts: pd.Series) -> PairedBars:
    """The most common levels of either side, as shares of each."""
    a, b = ref_counts / max(ref_counts.sum(), 1), cur_counts / max(cur_counts.sum(), 1)
    a, b = a.sort_values(ascending=False), b.sort_values(ascending=False)
    levels = list(dict.fromkeys(list(a.index[:8]) + list(b.index[:8])))[:12]
    return PairedBars(tuple(as_text(v) for v in levels), tuple(float(v) for v in a.reindex(levels, fill_value=0)),
                      tuple(float(v) for v in b.reindex(levels, fill_value=0)))


def _label_share_severity(result: DriftResult, severity: str | None, share_change: float) -> str | None:
    changes = result.extra.get("largest_changes", {})
    moved = [abs(b / a - 1) for a, b in changes.values() if a >= 0.01 and abs(b - a) >= 0.01]
    if moved and max(moved) >= 4 * share_change:
        return "critical"
    if moved and max(moved) >= share_change:
        return severity or "warning"
    return severity


def _sample(values: pd.Series, limit: int, rng, notes, name) -> pd.Series:
    if len(values) <= limit:
        return values
    note = f"column {name!r}: vocabulary compared on {limit:,} sampled rows per frame."
    if note not in notes:
        notes.append(note)
    return values.iloc[np.sort(rng.choice(len(values), limit, replace=False))]


def _message(name, kind, test, result, check) -> str:
    what = "The label" if check == "label_drift" else f"Column {name!r}"
    effect = f"{test.effect_name} {fmt_num(result.effect)}"
    extra = result.extra
    if kind == "numeric":
        return (f"{what} drifted: mean {fmt_num(extra['reference_mean'])} -> {fmt_num(extra['current_mean'])} "
                f"({effect}).")
    if kind == "text":
        terms = quote_list(extra.get("new_frequent_terms", [])[:5])
        return (f"{what} uses different words ({effect}); {fmt_pct(extra.get('unseen_word_share', 0))} of "
                f"current words never occur in the reference; rising terms: {terms}.")
    changes = extra.get("largest_changes", {})
    shown = "; ".join(f"{shorten(k, 30)} {fmt_pct(a)} -> {fmt_pct(b)}" for k, (a, b) in list(changes.items())[:3])
    new = extra.get("new_levels", {})
    new_text = f"; new values: {quote_list(new)}" if new else ""
    return f"{what} changed its mix ({effect}): {shown}{new_text}."


def _frame_classifier(pairs, rng, notes, opts) -> list[Finding]:
    """Can a model tell current rows from reference rows, and from which columns?"""
    usable = [(r, c) for r, c in pairs if column_kind(r) in ("numeric", "categorical", "boolean") and column_kind(r) == column_kind(c)
              and not (r.is_identifier or c.is_identifier)]
    if not usable:
        return []
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    ref_rows = _row_sample(usable[0][0].ctx.n_rows, rng)
    cur_rows = _row_sample(usable[0][1].ctx.n_rows, rng)
    blocks, names, categorical = [], [], []
    for ref_col, cur_col in usable:
        ref_part = ref_col.series.iloc[ref_rows]
        cur_part = cur_col.series.iloc[cur_rows]
        if column_kind(ref_col) == "numeric":
            blocks.append(np.concatenate([ref_col.floats_at(ref_rows), cur_col.floats_at(cur_rows)]))
            categorical.append(False)
        else:
            both = pd.concat([ref_part.astype(object), cur_part.astype(object)], ignore_index=True)
            common = both.value_counts().index[:250]  # the classifier takes at most 255 levels
            codes, _ = pd.factorize(both.where(both.isin(common)))
            blocks.append(np.where(codes < 0, np.nan, codes).astype(float))
            categorical.append(True)
        names.append(ref_col.name)
    X = np.column_stack(blocks)
    y = np.r_[np.zeros(ref_rows.size), np.ones(cur_rows.size)]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    model = HistGradientBoostingClassifier(max_iter=100, categorical_features=np.array(categorical), random_state=0)
    model.fit(X_train, y_train)
    auc = float(roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
    if ref_rows.size < usable[0][0].ctx.n_rows or cur_rows.size < usable[0][1].ctx.n_rows:
        notes.append(f"the whole-frame classifier used {ref_rows.size:,} reference and {cur_rows.size:,} current rows.")
    if auc < opts["frame_warning_auc"]:
        return []
    importance = permutation_importance(model, X_test, y_test, scoring="roc_auc", n_repeats=3, random_state=0)
    order = np.argsort(-importance.importances_mean)
    giveaway = [(names[i], float(importance.importances_mean[i])) for i in order[:5] if importance.importances_mean[i] > 0.01]
    severity = "critical" if auc >= opts["frame_critical_auc"] else "warning"
    return [Finding(
        "drift", severity,
        f"A classifier tells current rows from reference rows with ROC AUC {fmt_num(auc)}; "
        f"the columns that give it away: {quote_list([n for n, _ in giveaway]) or 'several together'}.",
        columns=tuple(usable[names.index(n)][0].label for n, _ in giveaway),
        details={"kind": "frame", "test": "domain classifier (gradient boosting, 30% held out)", "roc_auc": auc,
                 "warning_threshold": opts["frame_warning_auc"], "critical_threshold": opts["frame_critical_auc"],
                 "importance": dict(giveaway)},
    )]


def _row_sample(n: int, rng) -> np.ndarray:
    if n <= CLASSIFIER_SAMPLE:
        return np.arange(n)
    return np.sort(rng.choice(n, CLASSIFIER_SAMPLE, replace=False))
