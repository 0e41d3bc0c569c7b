"""mq.checks(): every catalog check, where it runs and its thresholds."""

from __future__ import annotations

import pandas as pd

from .registry import fix_for, registered


def checks() -> pd.DataFrame:
    """List every registered check with its purpose, family and named defaults.

    Returns
    -------
    pandas.DataFrame
        One row per catalog id: what it finds, its family (data, monitoring,
        models), the entry points that run it (``mq.profile``, ``mq.drift``, ...),
        what a profile check needs (a target, a time column), the options you can
        override with ``options={id: {...}}`` on any of those entry points,
        whether its findings can write fix code (``finding.fix_code(name)``), and
        the module that holds it.
    """
    return pd.DataFrame(
        [
            {
                "check": spec.id,
                "family": spec.family,
                "run_by": ", ".join(f"mq.{e}" for e in spec.entries),
                "finds": spec.summary,
                "needs": ", ".join(spec.needs),
                "options": dict(spec.defaults),
                "fixable": fix_for(spec.id) is not None,
                "module": spec.module,
            }
            for spec in registered().values()
        ],
        columns=["check", "family", "run_by", "finds", "needs", "options", "fixable", "module"],
    )
