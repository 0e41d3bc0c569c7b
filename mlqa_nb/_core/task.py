"""What a target asks of a model: classes or a number to predict."""

from __future__ import annotations

#: A numeric target with at most this many distinct integers is treated as
#: classes; checks about classes (imbalance, missingness by class, leakage by
#: class) leave targets with more classes than this alone.
MAX_CLASSES = 20


def target_task(*, numeric: bool, integer: bool, distinct: int) -> str:
    """'binary', 'multiclass' or 'regression' for a target with these facts.

    ``numeric`` is False for booleans and text; text targets are always classes.
    """
    if numeric and (not integer or distinct > MAX_CLASSES):
        return "regression"
    return "binary" if distinct <= 2 else "multiclass"
