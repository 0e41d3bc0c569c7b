"""Ranking baselines: most-popular items and random order, scored with hit rate and NDCG at k."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._core.report import Report
from .modeling import fit, fresh, model_name
from .scoring import score_table, verdict

#: Users scored per fold at most (sampled beyond), since NDCG is computed per user.
MAX_USERS = 3000


def _ranked_metrics(users: np.ndarray, relevance: np.ndarray, score: np.ndarray, k: int, rng) -> dict[str, float]:
    from sklearn.metrics import ndcg_score

    frame = pd.DataFrame({"user": users, "rel": relevance, "score": score})
    groups = [g for _, g in frame.groupby("user", sort=False) if (g.rel > 0).any() and len(g) > 1]
    if len(groups) > MAX_USERS:
        groups = [groups[i] for i in rng.choice(len(groups), MAX_USERS, replace=False)]
    if not groups:
        return {"hit_rate": float("nan"), "ndcg": float("nan")}
    hits, gains = [], []
    for g in groups:
        top = g.nlargest(k, "score")
        hits.append(float((top.rel > 0).any()))
        gains.append(ndcg_score([g.rel.to_numpy()], [g.score.to_numpy()], k=k))
    return {"hit_rate": float(np.mean(hits)), "ndcg": float(np.mean(gains))}


def ranking_baselines(model: Any, X: pd.DataFrame, y: pd.Series, *, user: Hashable, item: Hashable, k: int,
                      cv: int, seed: int, name: str, options: Mapping[str, Any]) -> Report:
    from sklearn.model_selection import KFold

    for argument, column in (("user", user), ("item", item)):
        if column is None or column not in X.columns:
            raise KeyError(f"task='ranking' needs {argument}= naming a column of X; got {column!r}")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    relevance = pd.to_numeric(y, errors="coerce").fillna(0).to_numpy(dtype=float)
    splits = list(KFold(n_splits=cv, shuffle=True, random_state=seed).split(X))
    rng = np.random.default_rng(seed)
    rows = []
    for fold, (train, test) in enumerate(splits):
        fitted = fit(fresh(model), X.iloc[train], y.iloc[train], role=f"model {name!r}")
        X_test = X.iloc[test]
        if hasattr(fitted, "predict_proba"):
            model_scores = np.asarray(fitted.predict_proba(X_test))[:, -1]
        else:
            model_scores = np.asarray(fitted.predict(X_test), dtype=float)
        popularity = pd.Series(relevance[train] > 0, index=X[item].iloc[train].to_numpy()).groupby(level=0).sum()
        candidates = {
            name: model_scores,
            "most popular": X_test[item].map(popularity).fillna(0).to_numpy(dtype=float),
            "random": rng.random(len(test)),
        }
        users = X_test[user].to_numpy()
        for label, score in candidates.items():
            rows.append({"fold": fold, "model": label, **_ranked_metrics(users, relevance[test], score, k, rng)})
    per_fold = pd.DataFrame(rows)
    table = score_table(per_fold, cv)
    finding = verdict(per_fold, name, "ndcg", splits, len(X), options, table)
    return Report(
        [finding], title=f"ranking baselines for {name} ({model_name(model)}), NDCG and hit rate at {k}, {cv} folds",
        kind="baselines", tables={"scores": table, "folds": per_fold},
        notes=[f"metrics are averaged over users with a relevant item in the test fold (at most {MAX_USERS:,} per fold)."],

    )
