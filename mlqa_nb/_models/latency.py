"""mq.latency: how long a fitted model takes to answer one row and a batch (latency)."""

from __future__ import annotations

import time as _time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.figures import histogram
from .._core.finding import Finding
from .._core.params import NONE, POSITIVE, OneOf, Param, check_params, ints_from
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num
from .modeling import as_xy, model_name, model_report_provenance, predict

#: Single-row calls timed (after ``warmup`` untimed ones) and the batch size timed
#: ``batch_repeats`` times; ``budget_ms`` (p95 of one row) is the user's, none by default.
LATENCY = register(
    "latency", family="models", entries=("latency",), module=__name__,
    summary="Single-row and batch prediction latency (p50/p95/p99), rows per second, against a budget.",
    repeats=Param(200, ints_from(10)), warmup=Param(10, ints_from(0)), batch_size=Param(1000, ints_from(1)),
    batch_repeats=Param(5, ints_from(1)), budget_ms=Param(None, (NONE, POSITIVE)),
)


def latency(
    model: Any,
    X: Any,
    *,
    budget_ms: float | None = None,
    method: str = "predict",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str = "model",
) -> Report:
    """Time a fitted model's predictions: one row at a time and in batches.

    Parameters
    ----------
    model : fitted estimator
    X : DataFrame or 2-D array
        Rows like those the model will see; single-row calls cycle through them.
    budget_ms : float, optional
        What one row may take (live models: often 20-50 ms). A finding is a
        warning when the 95th percentile of single-row latency exceeds it.
    method : {"predict", "predict_proba"}
        The method the service calls.
    options : dict, optional
        ``{"latency": {"repeats": 200, "warmup": 10, "batch_size": 1000, ...}}``.

    Returns
    -------
    Report
        A ``latency`` finding (p50/p95/p99 of one row in milliseconds, rows per
        second in batches; a warning over budget), table ``latency`` with every
        figure, and the single-row timings drawn with the budget marked.
    """
    check_params("latency", method=(method, OneOf(("predict", "predict_proba"))))
    opts = options_for("latency", options, families=("models",), budget_ms=budget_ms)["latency"]
    frame, _ = as_xy(X, None)
    if not hasattr(model, method):
        raise TypeError(f"model {model_name(model)} has no {method} method")
    call = getattr(model, method)
    predict(model, frame.iloc[:1])  # fails early, naming the model, when it cannot predict
    rows = [frame.iloc[[i % len(frame)]] for i in range(opts["warmup"] + opts["repeats"])]
    single = np.empty(opts["repeats"])
    for i, row in enumerate(rows):
        started = _time.perf_counter()
        call(row)
        if i >= opts["warmup"]:
            single[i - opts["warmup"]] = (_time.perf_counter() - started) * 1000
    batch = frame.iloc[np.arange(opts["batch_size"]) % len(frame)]
    call(batch)
    batch_ms = np.empty(opts["batch_repeats"])
    for i in range(opts["batch_repeats"]):
        started = _time.perf_counter()
        call(batch)
        batch_ms[i] = (_time.perf_counter() - started) * 1000
    p50, p95, p99 = (float(v) for v in np.percentile(single, [50, 95, 99]))
    per_second = opts["batch_size"] / (np.median(batch_ms) / 1000)
    figures = {"single_row_p50_ms": p50, "single_row_p95_ms": p95, "single_row_p99_ms": p99,
               "single_row_max_ms": float(single.max()), "batch_size": opts["batch_size"],
               "batch_p50_ms": float(np.median(batch_ms)), "batch_rows_per_second": float(per_second)}
    budget = opts["budget_ms"]
    over = budget is not None and p95 > budget
    message = (f"One row takes {fmt_num(p50)} ms (p50), {fmt_num(p95)} ms (p95), {fmt_num(p99)} ms (p99) over "
               f"{opts['repeats']} calls; in batches of {opts['batch_size']:,} the model answers "
               f"{fmt_num(per_second)} rows per second.")
    if budget is not None:
        message += (f" The p95 is over the budget of {fmt_num(budget)} ms." if over
                    else f" Within the budget of {fmt_num(budget)} ms.")
    slow = single[single > budget] if budget is not None else np.array([])
    finding = Finding(
        "latency", "warning" if over else "info", message,
        details={**figures, "budget_ms": budget, "count": int(slow.size) if budget is not None else None,
                 "rate": float(slow.size / single.size) if budget is not None else None, "method": method},
        figure=histogram(single, slow, bounds=(budget,), column="milliseconds per single-row call", show_bounds=True),
    )
    return Report(
        [finding], title=f"latency of {name} ({model_name(model)}), {method} on {frame.shape[1]} columns",
        kind="latency", tables={"latency": pd.DataFrame([figures])},
        notes=["timed in this process, on this machine: a service adds its own overhead (network, parsing)."],
        provenance=model_report_provenance(None, {"model": model}, {k: figures[k] for k in ("single_row_p95_ms", "batch_rows_per_second")}),
    )
