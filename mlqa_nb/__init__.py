"""mlqa_nb: tells you, while you explore in a notebook, what is wrong with your data and model.

>>> import mlqa_nb as mq
>>> report = mq.profile(df, target="label")   # doctest: +SKIP

Submodules load on first use, so ``import mlqa_nb`` stays fast and never
imports IPython, ipywidgets or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

_PUBLIC = {
    "profile": "._profile",
    "outliers": "._outliers_api",
    "check_mapping": "._mapping",
    "checks": "._catalog",
    "drift": "._drift",
    "volume": "._volume",
    "snapshot": "._snapshot",
    "trace": "._snapshot",
    "Snapshot": "._snapshot",
    "baselines": "._baselines",
    "evaluate": "._evaluate",
    "compare_models": "._compare",
    "agreement": "._agreement",
    "label_issues": "._label_issues",
    "Report": "._report",
    "Finding": "._finding",
}

__all__ = ["__version__", *_PUBLIC]

if TYPE_CHECKING:  # pragma: no cover
    from ._agreement import agreement
    from ._baselines import baselines
    from ._catalog import checks
    from ._compare import compare_models
    from ._drift import drift
    from ._evaluate import evaluate
    from ._finding import Finding
    from ._label_issues import label_issues
    from ._mapping import check_mapping
    from ._outliers_api import outliers
    from ._profile import profile
    from ._report import Report
    from ._snapshot import Snapshot, snapshot, trace
    from ._volume import volume


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mlqa_nb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where JupyterLab finds the sidebar extension built into this package."""
    return [{"src": "labextension", "dest": "mlqa-nb"}]


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%mlqa`` and ``%%mlqa`` (``%load_ext mlqa_nb``)."""
    from ._magics import register_magics

    register_magics(ipython)
