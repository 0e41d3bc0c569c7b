"""mq.checks(): what checks exist and their thresholds."""

from __future__ import annotations

import pandas as pd

from ._registry import registered


def checks() -> pd.DataFrame:
    """List the registered checks with their one-line purpose and named defaults.

    Returns
    -------
    pandas.DataFrame
        One row per check id: what it finds, whether it needs a target, and the
        options you can override through ``mq.profile(..., options={id: {...}})``.
    """
    return pd.DataFrame(
        [
            {
                "check": spec.id,
                "finds": spec.summary,
                "needs": ", ".join(spec.needs),
                "options": dict(spec.defaults),
            }
            for spec in registered().values()
        ]
    )
