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
    "profile": "._data.profile",
    "outliers": "._data.outliers_api",
    "check_mapping": "._data.mapping",
    "checks": "._core.catalog",
    "drift": "._monitoring.drift",
    "volume": "._monitoring.volume",
    "snapshot": "._monitoring.snapshot",
    "trace": "._monitoring.snapshot",
    "Snapshot": "._monitoring.snapshot",
    "baseline": "._monitoring.baseline",
    "Baseline": "._monitoring.baseline_store",
    "baselines": "._models.baselines",
    "evaluate": "._models.evaluate",
    "compare_models": "._models.compare",
    "agreement": "._models.agreement",
    "label_issues": "._models.label_issues",
    "latency": "._models.latency",
    "expect": "._models.expectations",
    "importance": "._models.importance",
    "sufficiency": "._models.sufficiency",
    "representation": "._data.representation",
    "watch": "._frontends.watch",
    "explore": "._frontends.explore",
    "Report": "._core.report",
    "Finding": "._core.finding",
}

__all__ = ["__version__", *_PUBLIC]

if TYPE_CHECKING:  # pragma: no cover
    from ._core.catalog import checks
    from ._core.finding import Finding
    from ._core.report import Report
    from ._data.mapping import check_mapping
    from ._data.outliers_api import outliers
    from ._data.profile import profile
    from ._data.representation import representation
    from ._frontends.explore import explore
    from ._frontends.watch import watch
    from ._models.agreement import agreement
    from ._models.baselines import baselines
    from ._models.compare import compare_models
    from ._models.evaluate import evaluate
    from ._models.expectations import expect
    from ._models.importance import importance
    from ._models.label_issues import label_issues
    from ._models.latency import latency
    from ._models.sufficiency import sufficiency
    from ._monitoring.baseline import baseline
    from ._monitoring.baseline_store import Baseline
    from ._monitoring.drift import drift
    from ._monitoring.snapshot import Snapshot, snapshot, trace
    from ._monitoring.volume import volume


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
    from ._frontends.magics import register_magics

    register_magics(ipython)
