"""mq.expect: behavioural tests of a fitted model, written as plain rules (expectation).

Rules (a list of dicts, one rule each):

- ``{"monotonic": "weight", "direction": "increasing"}``: raising the column (by
  ``"step"``, one standard deviation by default) never lowers the prediction (for a
  classifier, the probability of ``"target_class"``, the second class by default);
- ``{"invariant": "name", "values": [...]}``: putting any of these values in the
  column changes no prediction;
- ``{"fixed": X_rows, "expected": [...]}``: these rows give these predictions; an
  expected item is a value, a ``(low, high)`` range (a classifier's probability of
  ``"target_class"`` when the rule names one), or ``{"in_top": c, "k": 3}`` (class
  ``c`` among the ``k`` most probable);
- ``{"spread": {"min_share": 0.01}}``: every class the model knows is predicted for
  at least this share of rows; for a regressor, no single value takes more than
  ``max_share`` of the predictions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import Bars
from .._core.finding import Finding
from .._core.params import SHARE, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num, fmt_pct, plural, shorten
from .modeling import as_xy, model_name, model_report_provenance, predict

#: A rule broken on ``critical_rate`` of the rows checked is critical (any breach is a
#: warning); predictions closer than ``tolerance`` (relative) count as unchanged.
EXPECTATION = register(
    "expectation", family="models", entries=("expect",), module=__name__,
    summary="Behavioural tests of a fitted model: monotonicity, invariance, fixed expected outputs, output spread.",
    critical_rate=Param(0.1, SHARE), tolerance=1e-6, max_rows=Param(10_000, ints_from(10)),
    min_share=Param(0.01, SHARE), max_share=Param(0.5, SHARE),
)
KINDS = ("monotonic", "invariant", "fixed", "spread")
KEYS = {"monotonic": {"monotonic", "direction", "target_class", "step"},
        "invariant": {"invariant", "values", "target_class"},
        "fixed": {"fixed", "expected", "target_class"},
        "spread": {"spread"}}


def expect(
    model: Any,
    X: Any,
    rules: Sequence[Mapping[str, Any]],
    *,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "model",
) -> Report:
    """Check that a fitted model behaves as its domain says it must.

    Parameters
    ----------
    model : fitted estimator
    X : DataFrame
        Rows to perturb (a sample of ``max_rows`` when larger).
    rules : list of dict
        One rule each; see the module's documentation (and the README) for the
        four kinds: ``monotonic``, ``invariant``, ``fixed``, ``spread``.
    options : dict, optional
        ``{"expectation": {"critical_rate": 0.1, "tolerance": 1e-6, ...}}``.

    Returns
    -------
    Report
        One ``expectation`` finding per broken rule, naming the rule, the rows
        that break it and an example before and after; table ``rules`` (every
        rule, rows checked, breaches) and figure ``rules``.
    """
    check_params("expect", seed=(seed, ints_from(0)))
    opts = options_for("expect", options, families=("models",))["expectation"]
    frame, _ = as_xy(X, None)
    checked = [_validated(rule, i, frame) for i, rule in enumerate(_as_rule_list(rules))]
    if len(frame) > opts["max_rows"]:
        frame = frame.sample(opts["max_rows"], random_state=seed)
    base = predict(model, frame)
    findings, rows = [], []
    for index, rule in checked:
        kind = next(k for k in KINDS if k in rule)
        finding, row = _RUNNERS[kind](model, frame, base, rule, index, opts)
        rows.append({"rule": index, "kind": kind, "text": _describe(rule), **row})
        if finding is not None:
            findings.append(finding)
    table = pd.DataFrame(rows)
    figure = Bars(tuple(f"{r['rule']}: {shorten(r['text'], 40)}" for r in rows),
                  tuple(float(r["rate"]) for r in rows),
                  highlight=int(np.argmax(table["rate"])) if len(table) and table["rate"].max() > 0 else None,
                  title="share of rows that break each rule")
    findings = [dataclasses.replace(f, figure=figure) if i == 0 else f for i, f in enumerate(findings)]
    return Report(
        findings, title=f"expectations of {name} ({model_name(model)}): {plural(len(rows), 'rule')} on {len(frame):,} rows",
        kind="expect", tables={"rules": table}, figures={"rules": figure},
        notes=[] if findings else ["every rule holds."],
        provenance=model_report_provenance(frame, {"model": model},
                                           {"rules": len(rows), "broken": len(findings)}),
    )


def _as_rule_list(rules: Any) -> list:
    if isinstance(rules, Mapping):
        return [rules]
    if not isinstance(rules, Sequence) or isinstance(rules, str):
        raise TypeError(f"rules must be a list of dicts (one rule each), got {type(rules).__name__}")
    if not rules:
        raise ValueError("rules is empty: give at least one rule")
    return list(rules)


def _validated(rule: Any, index: int, frame: pd.DataFrame) -> tuple[int, Mapping]:
    if not isinstance(rule, Mapping):
        raise TypeError(f"rule {index} must be a dict, got {type(rule).__name__}")
    kinds = [k for k in KINDS if k in rule]
    if len(kinds) != 1:
        raise ValueError(f"rule {index} must have exactly one of the keys {list(KINDS)}; it has {sorted(map(str, rule))}")
    kind = kinds[0]
    unknown = set(rule) - KEYS[kind]
    if unknown:
        raise ValueError(f"rule {index} ({kind}) has unknown keys {sorted(map(str, unknown))}; "
                         f"it may have {sorted(KEYS[kind])}")
    if kind in ("monotonic", "invariant") and rule[kind] not in frame.columns:
        raise KeyError(f"rule {index} names {rule[kind]!r}, not a column of X")
    if kind == "monotonic":
        if rule.get("direction", "increasing") not in ("increasing", "decreasing"):
            raise ValueError(f"rule {index}: direction must be 'increasing' or 'decreasing', got {rule['direction']!r}")
        if not pd.api.types.is_numeric_dtype(frame[rule[kind]]) or pd.api.types.is_bool_dtype(frame[rule[kind]]):
            raise TypeError(f"rule {index}: {rule[kind]!r} must be numeric to be raised")
    if kind == "invariant" and (not isinstance(rule.get("values"), Sequence) or isinstance(rule.get("values"), str)
                                or not rule.get("values")):
        raise ValueError(f"rule {index} (invariant) needs 'values': a list of values to put in {rule[kind]!r}")
    if kind == "fixed":
        rows, expected = rule["fixed"], rule.get("expected")
        if not isinstance(rows, pd.DataFrame):
            raise TypeError(f"rule {index}: 'fixed' must be a DataFrame of rows, got {type(rows).__name__}")
        if not isinstance(expected, Sequence) or isinstance(expected, str) or len(expected) != len(rows):
            raise ValueError(f"rule {index}: 'expected' must be a list with one item per row of 'fixed' ({len(rows)})")
    if kind == "spread" and not isinstance(rule["spread"], Mapping):
        raise TypeError(f"rule {index}: 'spread' must be a dict such as {{'min_share': 0.01}}")
    return index, rule


def _describe(rule: Mapping) -> str:
    if "monotonic" in rule:
        return f"raising {rule['monotonic']!r} never {'lowers' if rule.get('direction', 'increasing') == 'increasing' else 'raises'} the prediction"
    if "invariant" in rule:
        return f"{rule['invariant']!r} set to {shorten(list(rule['values']), 40)} changes nothing"
    if "fixed" in rule:
        return f"{len(rule['fixed'])} fixed rows give their expected outputs"
    return "predictions spread over the classes" if rule["spread"].get("min_share") else "predictions do not collapse"


def _output(model: Any, frame: pd.DataFrame, rule: Mapping) -> np.ndarray:
    """What a rule watches: the prediction, or a classifier's probability of one class."""
    classes = getattr(model, "classes_", None)
    if classes is None or not hasattr(model, "predict_proba"):
        return np.asarray(predict(model, frame), dtype=float)
    wanted = rule.get("target_class", classes[-1] if len(classes) == 2 else None)
    if wanted is None:
        raise ValueError(f"rule {_describe(rule)!r}: name the class whose probability to watch with 'target_class' "
                         f"(the model has {len(classes)} classes)")
    if wanted not in list(classes):
        raise ValueError(f"target_class={wanted!r} is not a class of the model; its classes are {list(classes)}")
    return np.asarray(model.predict_proba(frame))[:, list(classes).index(wanted)]


def _example(frame, positions, column, after_values, before, after) -> dict:
    i = int(positions[0])
    return {"row": frame.index[i], "column": column, "value_before": frame[column].iloc[i],
            "value_after": after_values[i], "prediction_before": float(before[i]), "prediction_after": float(after[i])}


def _breach(rule: Mapping, index: int, broken: np.ndarray, frame: pd.DataFrame, opts: dict, what: str,
            example: dict, columns: tuple) -> tuple[Finding | None, dict]:
    count, rate = int(broken.sum()), float(broken.mean()) if broken.size else 0.0
    row = {"rows": int(broken.size), "count": count, "rate": rate}
    if count == 0:
        return None, row
    severity = "critical" if rate >= opts["critical_rate"] else "warning"
    return Finding(
        "expectation", severity,
        f"Rule {index} ({_describe(rule)}) breaks on {plural(count, 'row')} of {broken.size:,} ({fmt_pct(rate)}): {what}",
        columns=columns, details={"rule": index, "kind": next(k for k in KINDS if k in rule), **row,
                                  "example": example, "critical_rate": opts["critical_rate"]},
        rows=tuple(frame.index[broken]),
    ), row


def _monotonic(model, frame, base, rule, index, opts):
    column = rule["monotonic"]
    values = frame[column].astype(float)
    step = float(rule.get("step", values.std()) or 1.0)
    up = frame.copy()
    up[column] = values + step
    before, after = _output(model, frame, rule), _output(model, up, rule)
    sign = 1 if rule.get("direction", "increasing") == "increasing" else -1
    broken = (sign * (after - before) < -opts["tolerance"] * np.maximum(np.abs(before), 1)) & values.notna().to_numpy()
    positions = np.flatnonzero(broken)
    example = _example(frame, positions, column, up[column].to_numpy(), before, after) if positions.size else {}
    what = (f"e.g. row {shorten(example['row'])}: {column} {fmt_num(example['value_before'])} -> "
            f"{fmt_num(example['value_after'])} moves the prediction {fmt_num(example['prediction_before'])} -> "
            f"{fmt_num(example['prediction_after'])}. Gradient boosting in scikit-learn can enforce it "
            "(monotonic_cst)." if positions.size else "")
    return _breach(rule, index, broken, frame, opts, what, example, (column,))


def _invariant(model, frame, base, rule, index, opts):
    column = rule["invariant"]
    before = _output(model, frame, rule) if "target_class" in rule else base
    broken = np.zeros(len(frame), dtype=bool)
    example = {}
    for value in rule["values"]:
        changed = frame.copy()
        changed[column] = value
        after = _output(model, changed, rule) if "target_class" in rule else predict(model, changed)
        moved = _moved(before, after, opts["tolerance"])
        if moved.any() and not example:
            i = int(np.flatnonzero(moved)[0])
            example = {"row": frame.index[i], "column": column, "value_before": frame[column].iloc[i], "value_after": value,
                       "prediction_before": before[i], "prediction_after": after[i]}
        broken |= moved
    what = (f"e.g. row {shorten(example['row'])}: {column} {_show(example['value_before'])} -> "
            f"{_show(example['value_after'])} turns the prediction {_show(example['prediction_before'])} into "
            f"{_show(example['prediction_after'])}." if example else "")
    return _breach(rule, index, broken, frame, opts, what, example, (column,))


def _show(value: Any) -> str:
    """A number as people read it, anything else as its short repr."""
    if isinstance(value, (float, np.floating)):
        return fmt_num(float(value))
    return shorten(value)


def _moved(before: np.ndarray, after: np.ndarray, tolerance: float) -> np.ndarray:
    if before.dtype.kind in "fc" and after.dtype.kind in "fc":
        return np.abs(after - before) > tolerance * np.maximum(np.abs(before), 1)
    return before != after


def _fixed(model, frame, base, rule, index, opts):
    rows = rule["fixed"]
    pred = predict(model, rows)
    classes = list(getattr(model, "classes_", []))
    proba = np.asarray(model.predict_proba(rows)) if classes and hasattr(model, "predict_proba") else None
    broken = np.zeros(len(rows), dtype=bool)
    got = []
    for i, item in enumerate(rule["expected"]):
        if isinstance(item, Mapping) and "in_top" in item:
            if proba is None:
                raise ValueError(f"rule {index}: 'in_top' needs a classifier with predict_proba")
            k = int(item.get("k", 3))
            top = [classes[j] for j in np.argsort(-proba[i])[:k]]
            broken[i], shown = item["in_top"] not in top, f"top {k}: {top}"
        elif isinstance(item, tuple) and len(item) == 2:
            value = (proba[i, classes.index(rule["target_class"])] if proba is not None and "target_class" in rule
                     else float(pred[i]))
            broken[i], shown = not (item[0] <= value <= item[1]), value
        else:
            same = (np.isclose(float(pred[i]), float(item), rtol=opts["tolerance"])
                    if isinstance(item, (int, float)) and not isinstance(item, bool) and pred.dtype.kind in "fiu"
                    else pred[i] == item)
            broken[i], shown = not same, pred[i]
        got.append(shown)
    first = int(np.flatnonzero(broken)[0]) if broken.any() else None
    example = {} if first is None else {"row": rows.index[first], "expected": rule["expected"][first], "got": got[first]}
    what = "" if first is None else f"e.g. row {shorten(example['row'])} expected {_show(example['expected'])}, got {_show(example['got'])}."
    finding, row = _breach(rule, index, broken, rows, opts, what, example, ())
    return finding, row


def _spread(model, frame, base, rule, index, opts):
    wanted = {**{"min_share": opts["min_share"], "max_share": opts["max_share"]}, **rule["spread"]}
    classes = getattr(model, "classes_", None)
    shares = pd.Series(base).value_counts(normalize=True)
    if classes is not None and base.dtype.kind not in "fc":
        rare = [c for c in classes if shares.get(c, 0.0) < wanted["min_share"]]
        broken = np.isin(np.arange(len(classes)), [list(classes).index(c) for c in rare])
        example = {"shares": {str(c): float(shares.get(c, 0.0)) for c in classes}}
        what = (f"{plural(len(rare), 'class')} ({', '.join(shorten(c) for c in rare[:5])}) "
                f"{'is' if len(rare) == 1 else 'are'} predicted for fewer than {fmt_pct(wanted['min_share'])} of rows; "
                f"the model collapses onto {shorten(shares.index[0])} ({fmt_pct(shares.iloc[0])}).")
        finding, row = _breach(rule, index, broken, pd.DataFrame(index=pd.RangeIndex(len(classes))), opts, what,
                               example, ())
        return (dataclasses.replace(finding, rows=()) if finding else None), row
    top = float(shares.iloc[0]) if len(shares) else 1.0
    broken = np.array([top > wanted["max_share"]])
    what = f"one value, {shorten(shares.index[0])}, is {fmt_pct(top)} of the predictions."
    finding, row = _breach(rule, index, broken, pd.DataFrame(index=pd.RangeIndex(1)), opts, what,
                           {"top_value": shares.index[0] if len(shares) else None, "share": top}, ())
    return (dataclasses.replace(finding, rows=()) if finding else None), row


_RUNNERS = {"monotonic": _monotonic, "invariant": _invariant, "fixed": _fixed, "spread": _spread}
