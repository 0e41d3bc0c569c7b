"""The statistical tests behind mq.drift: one small spec and one pure function per test.

Each test returns an effect size (what severity follows) and, where the test
has one, a p-value (which must also be small). A tiny shift on a huge sample
is significant but negligible; a large one on a small sample is both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class DriftResult:
    effect: float
    p_value: float | None
    extra: dict[str, Any]


@dataclass(frozen=True)
class DriftTest:
    """A test: its name, the effect size it reports and that effect's thresholds."""

    name: str
    effect_name: str
    warning: float
    critical: float
    func: Callable[[pd.Series, pd.Series], DriftResult]
    #: The same test on two column sketches (see :mod:`.sketch`).
    on_sketches: Callable[[dict, dict], DriftResult]


def _ks(reference: pd.Series, current: pd.Series) -> DriftResult:
    from scipy.stats import ks_2samp

    ref = reference.to_numpy(dtype=float)
    cur = current.to_numpy(dtype=float)
    result = ks_2samp(ref, cur, method="asymp")
    spread = np.std(ref) or 1.0
    return DriftResult(
        float(result.statistic),
        float(result.pvalue),
        {
            "reference_mean": float(np.mean(ref)),
            "current_mean": float(np.mean(cur)),
            "mean_shift_in_sd": float((np.mean(cur) - np.mean(ref)) / spread),
        },
    )


def _ks_sketches(reference: dict, current: dict) -> DriftResult:
    """KS on quantile sketches: the largest gap between the two distribution
    functions at every kept quantile, within half a percent of the exact D."""
    from scipy.stats import kstwo

    from .sketch import sketch_cdf

    ref_q, cur_q = np.asarray(reference["quantiles"]), np.asarray(current["quantiles"])
    points = np.union1d(ref_q, cur_q)
    statistic = float(np.max(np.abs(sketch_cdf(ref_q, points) - sketch_cdf(cur_q, points))))
    n, m = reference["present"], current["present"]
    p_value = float(kstwo.sf(statistic, round(n * m / (n + m))))
    spread = reference.get("std") or 1.0
    return DriftResult(statistic, p_value, {
        "reference_mean": reference["mean"], "current_mean": current["mean"],
        "mean_shift_in_sd": (current["mean"] - reference["mean"]) / spread,
    })


def _categories(reference: pd.Series, current: pd.Series) -> DriftResult:
    return categories_from_counts(reference.value_counts(), current.value_counts())


def _categories_sketches(reference: dict, current: dict) -> DriftResult:
    ref = pd.Series(reference["levels"], dtype=float)
    cur = pd.Series(current["levels"], dtype=float)
    if reference.get("other") or current.get("other"):
        # levels a sketch did not keep one by one join the other rarer levels, never called new
        kept = ref.index.intersection(cur.index)
        ref = pd.concat([ref[kept], pd.Series({OTHER: ref.drop(kept).sum() + reference.get("other", 0)})])
        cur = pd.concat([cur[kept], pd.Series({OTHER: cur.drop(kept).sum() + current.get("other", 0)})])
    return categories_from_counts(ref[ref > 0], cur[cur > 0])


def categories_from_counts(ref: pd.Series, cur: pd.Series) -> DriftResult:
    """Chi-square and Jensen-Shannon distance between two sets of level counts."""
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import chi2_contingency

    new = cur[~cur.index.isin(ref.index)].sort_values(ascending=False) / cur.sum()
    gone = ref[~ref.index.isin(cur.index)].sort_values(ascending=False) / ref.sum()
    ref, cur = _top_levels(ref, cur)
    levels = ref.index.union(cur.index, sort=False)
    table = np.array([ref.reindex(levels, fill_value=0).to_numpy(), cur.reindex(levels, fill_value=0).to_numpy()], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    p_value = float(chi2_contingency(table)[1]) if table.shape[1] > 1 else 1.0
    p, q = table[0] / table[0].sum(), table[1] / table[1].sum()
    effect = float(jensenshannon(p, q, base=2))
    return DriftResult(
        effect if np.isfinite(effect) else 0.0,
        p_value,
        {
            "new_levels": {str(k): float(v) for k, v in new.head(10).items()},
            "vanished_levels": {str(k): float(v) for k, v in gone.head(10).items()},
            "largest_changes": _largest_changes(levels, p, q),
        },
    )


#: Levels compared one by one; rarer ones are pooled, since the distance between
#: two samples of a many-levelled variable is inflated by sampling noise alone.
MAX_LEVELS = 30
OTHER = "(other levels)"


def _top_levels(ref: pd.Series, cur: pd.Series) -> tuple[pd.Series, pd.Series]:
    pooled = ref.add(cur, fill_value=0).drop(OTHER, errors="ignore").sort_values(ascending=False)
    if len(pooled) <= MAX_LEVELS:
        return ref, cur
    keep = pooled.index[:MAX_LEVELS]  # the rarer levels of a sketch (OTHER) are folded in below

    def fold(counts: pd.Series) -> pd.Series:
        kept = counts[counts.index.isin(keep)]
        rest = counts[~counts.index.isin(keep)].sum()
        return pd.concat([kept, pd.Series({OTHER: rest})])

    return fold(ref), fold(cur)


def _largest_changes(levels, p, q) -> dict[str, list[float]]:
    diff = np.abs(q - p)
    top = np.argsort(-diff)[:5]
    return {str(levels[i]): [float(p[i]), float(q[i])] for i in top if diff[i] > 0}


def _vocabulary(reference: pd.Series, current: pd.Series) -> DriftResult:
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b\w\w+\b", max_features=20_000)
    try:
        counts = vectorizer.fit_transform(pd.concat([reference, current], ignore_index=True).astype(str))
    except ValueError:  # not one word in either frame
        return DriftResult(0.0, None, {})
    ref = np.asarray(counts[: len(reference)].sum(axis=0)).ravel().astype(float)
    cur = np.asarray(counts[len(reference) :].sum(axis=0)).ravel().astype(float)
    return vocabulary_from_counts(ref, cur, vectorizer.get_feature_names_out())


def _vocabulary_sketches(reference: dict, current: dict) -> DriftResult:
    ref = pd.Series(reference["words"], dtype=float)
    cur = pd.Series(current["words"], dtype=float)
    words = ref.index.union(cur.index)
    return vocabulary_from_counts(ref.reindex(words, fill_value=0).to_numpy(),
                                  cur.reindex(words, fill_value=0).to_numpy(), np.asarray(words))


def vocabulary_from_counts(ref: np.ndarray, cur: np.ndarray, words: np.ndarray) -> DriftResult:
    """Jensen-Shannon distance of word frequencies, the share of current words the
    reference never uses, and the words that rose most."""
    from scipy.spatial.distance import jensenshannon

    if ref.sum() == 0 or cur.sum() == 0:
        return DriftResult(0.0, None, {})
    p, q = ref / ref.sum(), cur / cur.sum()
    unseen = float(q[ref == 0].sum())
    lift = (q + 1e-6) / (p + 1e-6)
    rising = np.argsort(-(q * np.log(lift)))[:8]
    return DriftResult(
        float(jensenshannon(p, q, base=2)),
        None,
        {
            "unseen_word_share": unseen,
            "new_frequent_terms": [str(words[i]) for i in rising if q[i] > p[i]],
        },
    )


#: The test used for each column kind.
TESTS: dict[str, DriftTest] = {
    "numeric": DriftTest("two-sample Kolmogorov-Smirnov", "KS statistic D", 0.1, 0.25, _ks, _ks_sketches),
    "categorical": DriftTest("chi-square test of homogeneity", "Jensen-Shannon distance", 0.1, 0.2, _categories,
                             _categories_sketches),
    "text": DriftTest("vocabulary comparison", "Jensen-Shannon distance of word frequencies", 0.15, 0.3, _vocabulary,
                      _vocabulary_sketches),
}
TESTS["boolean"] = TESTS["categorical"]
