"""What a report was made from: library versions, a data fingerprint, the time."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import sys
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

_LIBRARIES = ("mlqa_nb", "pandas", "numpy", "scipy", "scikit-learn", "pyarrow")


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries whose behaviour shapes the results."""
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def fingerprint(df: pd.DataFrame) -> str:
    """A short hash of the frame's shape, column names, dtypes and every value.

    Values are hashed from their memory (numpy and Arrow buffers) where they
    have one, so fingerprinting a million rows takes a fraction of a second.
    """
    digest = hashlib.sha256()  # hardware-accelerated on most processors
    digest.update(repr(df.shape).encode())
    digest.update(repr([(str(c), str(t)) for c, t in zip(df.columns, df.dtypes)]).encode())
    for position in range(df.shape[1]):
        _hash_column(digest, df.iloc[:, position])
    return digest.hexdigest()[:16]


def _hash_column(digest, column: pd.Series) -> None:
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
        digest.update(np.ascontiguousarray(column.to_numpy()).view(np.uint8))
        return
    if not isinstance(dtype, pd.CategoricalDtype) and hasattr(column.array, "__arrow_array__"):
        import pyarrow as pa

        array = pa.array(column.array)
        if isinstance(array, pa.ChunkedArray):
            # chunks read from parquet can be slices of one shared buffer: hash it once
            array = array.combine_chunks()
        for buffer in array.buffers():
            if buffer is not None:
                digest.update(buffer)
        return
    try:
        hashed = pd.util.hash_pandas_object(column, index=False)
    except (TypeError, ValueError, ArithmeticError):  # unhashable cells, bad UTF-8, Decimal('sNaN')
        hashed = pd.util.hash_pandas_object(column.map(shorten_for_hash).astype(object), index=False)
    digest.update(hashed.to_numpy().view(np.uint8))


def shorten_for_hash(value) -> str:
    """A stable text for any cell, even an int too long for str()."""
    try:
        return ascii(value)
    except ValueError:
        return f"int:{value.bit_length()}:{hash(value)}"


def provenance(df: pd.DataFrame | None = None) -> dict:
    """The provenance block every report carries."""
    block = {
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
        "platform": f"{platform.system()} {platform.machine()}",
        "argv0": sys.argv[0] if sys.argv else "",
    }
    if df is not None:
        block["data"] = {"rows": len(df), "columns": df.shape[1], "fingerprint": fingerprint(df)}
    return block


def model_provenance(model: Any, *, score: Mapping[str, Any] | None = None) -> dict:
    """What identifies a model in a report: its class (every step of a pipeline),
    a hash of its parameters, whether it was fitted, and the score measured, so that
    "which test score does the production model have?" has an answer on disk."""
    steps = getattr(model, "steps", None)
    kind = " > ".join(type(step).__name__ for _, step in steps) if steps else type(model).__name__
    try:
        params = model.get_params(deep=True)
    except Exception:  # not a scikit-learn estimator: its attributes stand in
        params = {k: v for k, v in vars(model).items() if not k.endswith("_")} if hasattr(model, "__dict__") else {}
    digest = hashlib.sha256()
    for key in sorted(params):
        value = params[key]
        shown = f"{type(value).__name__}()" if hasattr(value, "get_params") else shorten_for_hash(value)
        digest.update(f"{key}={shown};".encode())
    block = {
        "class": kind,
        "module": type(model).__module__.split(".")[0],
        "params_hash": digest.hexdigest()[:16],
        "fitted": is_fitted(model),
    }
    if score:
        block["score"] = dict(score)
    return block


def is_fitted(model: Any) -> bool:
    """Whether a (scikit-learn style) model has been fitted: it holds learned
    attributes, named with a trailing underscore."""
    last = model.steps[-1][1] if getattr(model, "steps", None) else model
    return any(k.endswith("_") and not k.startswith("_") for k in getattr(last, "__dict__", {}))
