"""Time the model checks (mq.latency, mq.expect, mq.importance, mq.sufficiency) and
mq.representation on 100k rows x 20 features with a HistGradientBoosting model,
against one fit of the model and the scikit-learn calls a user would write instead.

    python benchmarks/model_checks.py            # prints a Markdown table
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

import mlqa_nb as mq

N, SEED = 100_000, 0


def data() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(SEED)
    X = pd.DataFrame(rng.normal(size=(N, 15)), columns=[f"num_{i}" for i in range(15)])
    for i in range(5):
        X[f"code_{i}"] = rng.integers(0, 8 * (i + 1), N)
    logit = 1.5 * X["num_0"] - X["num_1"] + 0.5 * X["num_2"] * X["num_3"] + 0.3 * (X["code_0"] % 3) - 1.5
    y = pd.Series((rng.random(N) < 1 / (1 + np.exp(-logit))).astype(int), name="target")
    return X, y


def timed(label: str, call, rows: list) -> object:
    started = time.perf_counter()
    result = call()
    rows.append((label, time.perf_counter() - started))
    return result


def main() -> None:
    from sklearn.inspection import permutation_importance
    from sklearn.model_selection import learning_curve

    X, y = data()
    model = HistGradientBoostingClassifier(max_iter=100, random_state=0)
    rows: list = []
    timed("fit the model once on 75k rows", lambda: model.fit(X[:75_000], y[:75_000]), rows)
    held_X, held_y = X[75_000:], y[75_000:]
    timed("mq.latency (200 single rows, 5 batches of 1,000)", lambda: mq.latency(model, held_X, budget_ms=20), rows)
    rules = [{"monotonic": "num_0"}, {"invariant": "code_4", "values": [0, 5]}, {"spread": {"min_share": 0.01}}]
    timed("mq.expect (3 rules on 10,000 rows)", lambda: mq.expect(model, held_X, rules), rows)
    timed("mq.importance (5 shuffles x 20 features on 10,000 held-out rows)",
          lambda: mq.importance(model, held_X, held_y, expected_top=["num_0", "num_1"]), rows)
    timed("scikit-learn permutation_importance on all 25,000 held-out rows, 5 repeats",
          lambda: permutation_importance(model, held_X, held_y, scoring="roc_auc", n_repeats=5, random_state=0), rows)
    timed("mq.sufficiency (5 sizes x 3 folds, answers compared)", lambda: mq.sufficiency(model, X, y), rows)
    timed("scikit-learn learning_curve (5 sizes x 3 folds, scores only)",
          lambda: learning_curve(model, X, y, cv=3, scoring="roc_auc",
                                 train_sizes=[1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0]), rows)
    timed("mq.representation (code_2 against a uniform reference)",
          lambda: mq.representation(X, "code_2", reference={k: 1 for k in range(24)}), rows)
    fit_seconds = rows[0][1]
    print("| task | seconds | fits of the model |\n|---|---:|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / fit_seconds:.1f} |")


if __name__ == "__main__":
    main()
