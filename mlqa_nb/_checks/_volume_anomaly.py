"""volume_anomaly in a profile: with ``time=``, rows per day against each weekday's norm."""

from __future__ import annotations

from .._context import FrameContext
from .._finding import Finding
from .._registry import register


@register("volume_anomaly", needs=("time",), freq="D", z_threshold=4.0, min_drop=0.3, min_spike=0.5)
def volume_anomaly(
    ctx: FrameContext, *, freq: str, z_threshold: float, min_drop: float, min_spike: float
) -> list[Finding]:
    """Missing periods, drops and spikes in rows per period (mq.volume for groups and plots)."""
    from .._volume import volume

    if ctx.time.storage not in ("datetime", "string", "mixed", "empty"):
        return []
    report = volume(ctx.df, time=ctx.time.label, freq=freq, z_threshold=z_threshold,
                    min_drop=min_drop, min_spike=min_spike)
    ctx.notes.extend(report.notes)
    return list(report.findings)
