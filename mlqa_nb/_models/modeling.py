"""What the model-facing entry points share: task detection, folds, fitting a
user's model with errors that name it, a preprocessing for baselines, and metrics."""

from __future__ import annotations

import copy
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import as_floats, sanitized
from .._core.task import target_task
from .._core.validation import polars_to_pandas

#: Regression predictions within this relative distance of the truth count as "close".
TOLERANCE = 0.10


def as_xy(X: Any, y: Any) -> tuple[pd.DataFrame, pd.Series]:
    """X as a DataFrame and y as a Series of the same length, naming what is wrong."""
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, np.ndarray) and X.ndim == 2:
        frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    elif type(X).__module__.split(".")[0] == "polars":
        frame = polars_to_pandas(X)
    else:
        raise TypeError(f"X must be a DataFrame or a 2-D array, got {type(X).__name__}")
    if len(frame) == 0:
        raise ValueError("X has no rows")
    if not frame.columns.is_unique:
        repeated = frame.columns[frame.columns.duplicated()].unique().tolist()
        raise ValueError(f"X has duplicate column names {repeated}; rename them first (models cannot tell them apart)")
    if y is None:
        return frame, None
    target = y if isinstance(y, pd.Series) else pd.Series(np.asarray(y))
    if len(target) != len(frame):
        raise ValueError(f"X has {len(frame):,} rows but y has {len(target):,}")
    if target.isna().any():
        raise ValueError(f"y has {int(target.isna().sum()):,} missing values; drop those rows first")
    target = target.set_axis(frame.index)
    return frame, target


def detect_task(y: pd.Series, task: str = "auto") -> str:
    """'binary', 'multiclass' or 'regression'."""
    if task not in ("auto", "classification", "regression", "binary", "multiclass"):
        raise ValueError(f"task must be 'auto', 'classification' or 'regression', got {task!r}")
    distinct = y.nunique()
    if task == "regression":
        return "regression"
    numeric = pd.api.types.is_numeric_dtype(y) and not pd.api.types.is_bool_dtype(y)
    if task == "auto" and numeric:
        integer = pd.api.types.is_integer_dtype(y) or bool(np.all(np.mod(y.to_numpy(dtype=float), 1) == 0))
        if target_task(numeric=True, integer=integer, distinct=distinct) == "regression":
            return "regression"
    if distinct < 2:
        raise ValueError("y holds a single class: there is nothing to predict")
    return "binary" if distinct == 2 else "multiclass"


def folds(task: str, y: pd.Series, cv: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """The same train/test splits for every model."""
    from sklearn.model_selection import KFold, StratifiedKFold

    if not isinstance(cv, (int, np.integer)) or cv < 2:
        raise ValueError(f"cv must be an integer of at least 2, got {cv!r}")
    if task == "regression":
        splitter = KFold(n_splits=cv, shuffle=True, random_state=seed)
        return list(splitter.split(np.zeros(len(y))))
    smallest = int(y.value_counts().min())
    if smallest < cv:
        raise ValueError(f"the rarest class of y has {smallest} rows, fewer than cv={cv} folds")
    splitter = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y))


def model_name(model: Any) -> str:
    if hasattr(model, "steps"):
        return " > ".join(type(step).__name__ for _, step in model.steps)
    return type(model).__name__


def fresh(model: Any) -> Any:
    """An unfitted copy of the user's model."""
    try:
        from sklearn.base import clone

        return clone(model)
    except Exception:
        return copy.deepcopy(model)


def fit(model: Any, X: pd.DataFrame, y: pd.Series, *, role: str = "model") -> Any:
    """Fit, turning any failure into an error that names the model and the reason."""
    if not hasattr(model, "fit"):
        raise TypeError(f"{role} must have a fit method (a scikit-learn estimator), got {type(model).__name__}")
    try:
        return model.fit(X, y)
    except Exception as error:
        raise RuntimeError(f"{role} {model_name(model)} failed to fit: {type(error).__name__}: {error}") from error


def predict(model: Any, X: pd.DataFrame, *, role: str = "model") -> np.ndarray:
    try:
        return np.asarray(model.predict(X))
    except Exception as error:
        raise RuntimeError(f"{role} {model_name(model)} failed to predict: {type(error).__name__}: {error}") from error


def scores(model: Any, X: pd.DataFrame, classes: np.ndarray) -> np.ndarray | None:
    """Class probabilities in the order of ``classes`` (None when the model has none)."""
    if not hasattr(model, "predict_proba"):
        return None
    try:
        proba = np.asarray(model.predict_proba(X))
    except Exception:
        return None
    model_classes = list(getattr(model, "classes_", classes))
    out = np.zeros((len(X), len(classes)))
    for i, c in enumerate(classes):
        if c in model_classes:
            out[:, i] = proba[:, model_classes.index(c)]
    return out


def feature_kinds(X: pd.DataFrame, drop: tuple[Hashable, ...] = ()) -> list[str]:
    """Per column position: "numeric", "categorical" or "skip" (dates, free text,
    empty columns, nested values, the ``drop`` labels), as the baselines use them."""
    from .._core.context import same_label

    kinds = []
    for position in range(X.shape[1]):
        series = sanitized(X.iloc[:, position])
        dtype = series.dtype
        present = series.notna()
        if any(same_label(X.columns[position], d) for d in drop) or not present.any():
            kinds.append("skip")
        elif pd.api.types.is_bool_dtype(dtype) or (
            pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype)
            and not pd.api.types.is_complex_dtype(dtype)
        ):
            kinds.append("numeric")
        elif isinstance(dtype, pd.CategoricalDtype) or (
            (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))
            and _as_text(series[present]).nunique() <= max(50, 0.05 * len(series))
        ):
            kinds.append("categorical")
        else:
            kinds.append("skip")
    return kinds


def _as_text(series: pd.Series) -> pd.Series:
    from .._core.text import as_text

    return series.astype(object).map(as_text)


def feature_table(X: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    """The usable columns as a plain table with names ``f0, f1, ...``: numbers as
    float64 (infinities and pandas' NA missing), categories as text."""
    out = {}
    for position, kind in enumerate(kinds):
        if kind == "skip":
            continue
        series = sanitized(X.iloc[:, position])
        if kind == "numeric":
            values = as_floats(series).copy()
            values[~np.isfinite(values)] = np.nan
            out[f"f{position}"] = values
        else:
            out[f"f{position}"] = _as_text(series).where(series.notna().to_numpy(), "(missing)").to_numpy(dtype=object)
    return pd.DataFrame(out, index=X.index)


def preprocessing(X: pd.DataFrame, *, drop: tuple[Hashable, ...] = ()) -> Any:
    """Impute-and-scale numbers, one-hot encode categories (rare ones pooled);
    dates, free text and nested values are left out. For the baselines, not the
    user's model. Columns are taken by position, so any labels and dtypes work."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    kinds = feature_kinds(X, drop)
    numeric = [f"f{i}" for i, k in enumerate(kinds) if k == "numeric"]
    categorical = [f"f{i}" for i, k in enumerate(kinds) if k == "categorical"]
    transformers = []
    if numeric:
        transformers.append(("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric))
    if categorical:
        transformers.append((
            "categorical",
            OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=5, sparse_output=True),
            categorical,
        ))
    if not transformers:
        raise ValueError("X has no numeric or categorical column a baseline could use")
    return make_pipeline(
        FunctionTransformer(feature_table, kw_args={"kinds": kinds}), ColumnTransformer(transformers)
    )


def classification_metrics(y_true: np.ndarray, pred: np.ndarray, proba: np.ndarray | None, classes) -> dict[str, float]:
    from sklearn.metrics import (
        accuracy_score,
        average_precision_score,
        balanced_accuracy_score,
        roc_auc_score,
    )

    out = {
        "accuracy": float(accuracy_score(y_true, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, pred)),
    }
    if proba is not None and len(np.unique(y_true)) == len(classes):
        if len(classes) == 2:
            positive = (y_true == classes[1]).astype(int)
            out["roc_auc"] = float(roc_auc_score(positive, proba[:, 1]))
            out["pr_auc"] = float(average_precision_score(positive, proba[:, 1]))
        else:
            onehot = (np.asarray(y_true)[:, None] == np.asarray(classes)[None, :]).astype(int)
            out["roc_auc"] = float(roc_auc_score(onehot, proba, average="macro", multi_class="ovr"))
            out["pr_auc"] = float(average_precision_score(onehot, proba, average="macro"))
    return out


def regression_metrics(y_true: np.ndarray, pred: np.ndarray, tolerance: float = TOLERANCE) -> dict[str, float]:
    from sklearn.metrics import mean_absolute_error, r2_score, root_mean_squared_error

    y_true = np.asarray(y_true, dtype=float)
    pred = np.asarray(pred, dtype=float)
    scale = np.maximum(np.abs(y_true), 1e-12)
    return {
        "mae": float(mean_absolute_error(y_true, pred)),
        "rmse": float(root_mean_squared_error(y_true, pred)),
        "r2": float(r2_score(y_true, pred)),
        "within_tolerance": float(np.mean(np.abs(pred - y_true) / scale <= tolerance)),
    }


#: Metrics where lower is better.
LOWER_IS_BETTER = {"mae", "rmse"}


def primary_metric(task: str, y: pd.Series) -> str:
    """The metric a verdict is based on: PR-AUC for a rare positive class, ROC AUC
    otherwise, balanced accuracy for many classes, MAE for regression."""
    if task == "regression":
        return "mae"
    if task == "binary":
        return "pr_auc" if y.value_counts(normalize=True).min() < 0.2 else "roc_auc"
    return "balanced_accuracy"


def model_report_provenance(frame: pd.DataFrame | None, models: dict[str, Any], score: dict[str, Any] | None = None) -> dict:
    """The provenance of a report made from models: versions, time, the data's
    fingerprint and, per model (``{"model": m}`` or ``{"old": a, "new": b}``), its
    class, parameter hash and (for the first) the score measured."""
    from .._core.provenance import model_provenance, provenance

    block = provenance(frame)
    for i, (key, model) in enumerate(models.items()):
        block[key] = model_provenance(model, score=score if i == 0 else None)
    return block
