"""What a report was made from: library versions, a data fingerprint, the time."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import sys
from importlib import metadata

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


def row_hashes(df: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row, from every cell; unhashable cells by their repr."""
    if df.shape[1] == 0:
        return np.zeros(len(df), dtype=np.uint64)
    combined = np.zeros(len(df), dtype=np.uint64)
    for position in range(df.shape[1]):
        column = df.iloc[:, position]
        try:
            hashed = pd.util.hash_pandas_object(column, index=False).to_numpy()
        except TypeError:
            hashed = pd.util.hash_pandas_object(column.map(repr), index=False).to_numpy()
        # order-dependent combination, as in boost::hash_combine
        combined ^= hashed + np.uint64(0x9E3779B97F4A7C15) + (combined << np.uint64(6)) + (
            combined >> np.uint64(2)
        )
    return combined


def fingerprint(df: pd.DataFrame, hashes: np.ndarray | None = None) -> str:
    """A short hash of the frame's shape, column names, dtypes and values."""
    digest = hashlib.sha256()
    digest.update(repr(df.shape).encode())
    digest.update(repr([(str(c), str(t)) for c, t in zip(df.columns, df.dtypes)]).encode())
    if hashes is None:
        hashes = row_hashes(df)
    digest.update(np.ascontiguousarray(hashes).tobytes())
    return digest.hexdigest()[:16]


def provenance(df: pd.DataFrame | None = None, hashes: np.ndarray | None = None) -> dict:
    """The provenance block every report carries."""
    block = {
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
        "platform": f"{platform.system()} {platform.machine()}",
        "argv0": sys.argv[0] if sys.argv else "",
    }
    if df is not None:
        block["data"] = {"rows": len(df), "columns": df.shape[1], "fingerprint": fingerprint(df, hashes)}
    return block
