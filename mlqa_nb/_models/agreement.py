"""mq.agreement: how much annotators agree, who disagrees, which items are disputed (label_disagreement)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import hashable
from .._core.finding import Finding
from .._core.params import Interval, Param
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.text import fmt_num, plural
from .._core.validation import as_frame

#: Krippendorff's alpha below ``alpha_warning`` is unreliable (Krippendorff's own
#: 0.667); an annotator whose kappa with the others' consensus is ``kappa_gap`` below
#: the median annotator's disagrees; kappas need ``min_common`` shared items.
#: Annotators compared pair by pair at most (each one is still compared with the others' consensus).
MAX_PAIRED = 30

LABEL_DISAGREEMENT = register(
    "label_disagreement", family="models", entries=("agreement",), module=__name__,
    summary="Annotator reliability (kappa, alpha), the annotator who disagrees, the most disputed items.",
    alpha_warning=Param(0.667, Interval(float, -1, 1)), kappa_gap=0.2, min_common=10,
)


def krippendorff_alpha(counts: np.ndarray) -> float:
    """Nominal Krippendorff's alpha from an items x categories table of label counts
    (items with fewer than two labels carry no information and are skipped)."""
    counts = counts[counts.sum(axis=1) >= 2]
    if counts.size == 0:
        return float("nan")
    pairs = counts.sum(axis=1) - 1
    # only the coincidence matrix's diagonal and margins are needed, never the matrix itself
    # (categories x categories is too large for free-text labels)
    totals = counts.sum(axis=0)  # each row of the coincidence matrix sums to the category's count
    n = totals.sum()
    agreeing = float(((counts * (counts - 1)).sum(axis=1) / pairs).sum())  # its trace
    observed = n - agreeing
    expected = n**2 - (totals**2).sum()
    return float(1 - (n - 1) * observed / expected) if expected > 0 else 1.0


def _kappa(a: np.ndarray, b: np.ndarray, categories: int) -> float:
    """Cohen's kappa of two label codes (0 .. categories - 1), without a confusion matrix."""
    observed = float(np.mean(a == b))
    expected = float(np.dot(np.bincount(a, minlength=categories), np.bincount(b, minlength=categories))) / a.size**2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa for items that all received the same number of labels."""
    raters = counts.sum(axis=1)[0]
    per_item = ((counts**2).sum(axis=1) - raters) / (raters * (raters - 1))
    shares = counts.sum(axis=0) / counts.sum()
    expected = (shares**2).sum()
    return float((per_item.mean() - expected) / (1 - expected)) if expected < 1 else 1.0


def agreement(
    labels: Any, *, options: Mapping[str, Mapping[str, Any]] | None = None, name: str = "labels"
) -> Report:
    """Agreement between annotators.

    Parameters
    ----------
    labels : DataFrame
        One row per item, one column per annotator, any label type; missing
        where an annotator did not label the item.
    options : dict, optional
        ``{"label_disagreement": {...}}``: thresholds by name (``mq.checks()`` lists them).

    Returns
    -------
    Report
        ``label_disagreement`` findings: overall reliability (Krippendorff's
        alpha, Fleiss' kappa when every item has every label), the annotator
        who disagrees with the others, the most disputed items. Tables
        ``pairs`` (Cohen's kappa per pair), ``annotators`` and ``disputed``.
    """
    from sklearn.metrics import cohen_kappa_score

    opts = options_for("agreement", options, families=("models",))["label_disagreement"]
    frame = as_frame(labels, "labels")
    if frame.shape[1] < 2:
        raise ValueError(f"labels needs one column per annotator, at least two; got {frame.shape[1]}")
    if not frame.columns.is_unique:
        raise ValueError("labels has duplicate annotator names")
    values = frame.astype(object).where(frame.notna(), None).apply(hashable)
    categories = pd.unique(pd.Series(values.to_numpy().ravel()).dropna())
    if len(categories) == 0:
        raise ValueError("labels holds no label at all")
    code = {c: i for i, c in enumerate(categories)}
    counts = np.zeros((len(frame), len(categories)))
    for column in values.columns:
        present = values[column].notna().to_numpy()
        idx = values[column][present].map(code).to_numpy(dtype=int)
        np.add.at(counts, (np.flatnonzero(present), idx), 1)
    alpha = krippendorff_alpha(counts)
    complete = frame.notna().all(axis=1).all()
    fleiss = fleiss_kappa(counts) if complete and len(categories) > 1 else None
    pairs = []
    compared = frame.columns if frame.shape[1] <= MAX_PAIRED else frame.columns[:0]
    for a, b in combinations(compared, 2):
        both = values[a].notna() & values[b].notna()
        if both.sum() >= opts["min_common"]:
            kappa = cohen_kappa_score(values[a][both].astype(str), values[b][both].astype(str))
            pairs.append({"a": a, "b": b, "items": int(both.sum()), "cohen_kappa": float(kappa)})
    pair_table = pd.DataFrame(pairs, columns=["a", "b", "items", "cohen_kappa"])
    annotators = []
    for column in frame.columns:
        others = counts.copy()
        present = values[column].notna().to_numpy()
        idx = values[column][present].map(code).to_numpy(dtype=int)
        np.subtract.at(others, (np.flatnonzero(present), idx), 1)
        has_consensus = present & (others.sum(axis=1) > 0)
        consensus = others.argmax(axis=1)
        mine = np.full(len(frame), -1)
        mine[np.flatnonzero(present)] = idx
        rows = has_consensus
        kappa = _kappa(mine[rows], consensus[rows], counts.shape[1]) if rows.sum() >= opts["min_common"] else np.nan
        annotators.append({"annotator": column, "items": int(present.sum()),
                           "agreement_with_others": float(np.mean(mine[rows] == consensus[rows])) if rows.any() else np.nan,
                           "kappa_with_others": float(kappa)})
    annotator_table = pd.DataFrame(annotators)
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.nansum(np.where(shares > 0, shares * np.log2(shares), 0), axis=1)
    order = np.argsort(-entropy, kind="stable")[:20]
    disputed = pd.DataFrame({"item": frame.index[order], "disagreement": entropy[order],
                             "labels": [{str(categories[c]): int(counts[i, c]) for c in np.flatnonzero(counts[i])}
                                        for i in order]})
    findings = _findings(alpha, fleiss, annotator_table, entropy, frame, opts)
    return Report(
        findings,
        title=f"agreement of {frame.shape[1]} annotators on {len(frame):,} items ({name})",
        kind="agreement",
        tables={"pairs": pair_table, "annotators": annotator_table, "disputed": disputed},
        notes=[] if frame.shape[1] <= MAX_PAIRED else [
            f"{frame.shape[1]:,} annotators: each is compared with the others' consensus, not pair by pair "
            f"(at most {MAX_PAIRED})."],
    )


def _findings(alpha, fleiss, annotators, entropy, frame, opts) -> list[Finding]:
    findings = []
    overall = f"Krippendorff's alpha {fmt_num(alpha)}" + (f", Fleiss' kappa {fmt_num(fleiss)}" if fleiss is not None else "")
    if np.isfinite(alpha) and alpha < opts["alpha_warning"]:
        findings.append(Finding(
            "label_disagreement", "warning",
            f"Annotators agree too little for reliable labels ({overall}; below {opts['alpha_warning']} is unreliable).",
            details={"krippendorff_alpha": alpha, "fleiss_kappa": fleiss, "threshold": opts["alpha_warning"]},
        ))
    kappas = annotators.set_index("annotator")["kappa_with_others"].dropna()
    if len(kappas) >= 3:
        median = float(kappas.median())
        worst = kappas.idxmin()
        if kappas[worst] < median - opts["kappa_gap"]:
            findings.append(Finding(
                "label_disagreement", "warning",
                f"Annotator {worst!r} disagrees with the others: kappa {fmt_num(float(kappas[worst]))} against the "
                f"consensus of the rest, where the median annotator has {fmt_num(median)} ({overall}).",
                columns=(worst,),
                details={"annotator": str(worst), "kappa": float(kappas[worst]), "median_kappa": median,
                         "gap": opts["kappa_gap"]},
            ))
    split = entropy >= 0.99  # at least an even split between two labels
    if split.any():
        findings.append(Finding(
            "label_disagreement", "info",
            f"{plural(int(split.sum()), 'item')} split the annotators evenly or worse: adjudicate them.",
            details={"count": int(split.sum()), "rate": float(split.mean())},
            rows=tuple(frame.index[np.argsort(-entropy, kind="stable")[: int(split.sum())]]),
        ))
    return findings
