"""Reliability (calibration) curves: does a predicted 80% come true 80% of the time?"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._core.figures import Reliability, float_tuple

#: Bins with rows a curve needs to be drawn.
MIN_POINTS = 3


def outcome_and_probability(truth: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What a reliability curve compares: for two classes, whether the row is the
    second class and its predicted probability; for more, whether the predicted
    class is right and the probability given to it."""
    if len(classes) == 2:
        return (truth == classes[1]).astype(float), proba[:, 1]
    top = proba.argmax(axis=1)
    return (classes[top] == truth).astype(float), proba[np.arange(len(top)), top]


def reliability(
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]], *, highlight: str | None = None, what: str = "", bins: int = 10,
) -> Reliability | None:
    """Reliability curves from ``{model: (outcome 0/1, predicted probability)}``
    (scikit-learn's ``calibration_curve`` on equal-width bins); None when no model
    has probabilities."""
    from sklearn.calibration import calibration_curve

    labels, predicted, observed, counts = [], [], [], []
    for label, (outcome, probability) in curves.items():
        outcome, probability = np.asarray(outcome, dtype=float), np.asarray(probability, dtype=float)
        keep = np.isfinite(probability)
        if keep.sum() == 0 or np.unique(outcome[keep]).size < 2:
            continue
        probability = np.clip(probability[keep], 0, 1)
        frequency, mean = calibration_curve(outcome[keep], probability, n_bins=bins, strategy="uniform")
        if mean.size < MIN_POINTS:  # a constant or a 0/1 guess (the dummy baselines): no curve
            continue
        # the bins calibration_curve uses, to say how many rows stand behind each point
        filled = np.bincount(np.searchsorted(np.linspace(0, 1, bins + 1)[1:-1], probability), minlength=bins)
        labels.append(str(label))
        predicted.append(float_tuple(mean))
        observed.append(float_tuple(frequency))
        counts.append(tuple(int(c) for c in filled[filled > 0]))
    if not labels:
        return None
    return Reliability(tuple(labels), tuple(predicted), tuple(observed), tuple(counts), highlight=highlight, what=what)
