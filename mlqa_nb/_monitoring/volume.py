"""mq.volume: rows per period against a robust, season-aware baseline (volume_anomaly)."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.figures import TimeSeries
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.provenance import provenance
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.robust import MAD_TO_SD
from .._core.text import fmt_pct, plural, quote_list
from .._core.validation import as_frame, as_label_list

#: Periods in one season: same weekday for daily data, same hour for hourly data.
SEASONS = {"D": 7, "h": 24, "H": 24}
#: Seasons on each side that form a period's baseline.
NEIGHBOURS = 4
#: How many groups are judged; the rest are summed into the note.
MAX_GROUPS = 500
#: Periods a series may span; beyond, a longer frequency is needed.
MAX_PERIODS = 100_000
#: Times further from the central 98% of rows than this many times its span are not
#: counted (a 0001-01-01 placeholder must not stretch the series over two thousand years).
FAR_SPANS = 1.0


#: A series is regular (one reading an hour) when this share of its periods hold the same count.
REGULAR_SHARE = 0.9


def _regular_series(matrix: np.ndarray) -> np.ndarray:
    """Per group, whether almost every period holds the same positive count: then a
    gap is certain news however small the counts."""
    out = np.zeros(matrix.shape[0], dtype=bool)
    for g, row in enumerate(matrix):
        values, counts = np.unique(row, return_counts=True)
        top = counts.argmax()
        out[g] = values[top] >= 1 and counts[top] >= REGULAR_SHARE * row.size
    return out


def _near_the_bulk(periods: pd.Series, valid: np.ndarray, notes: list[str]) -> np.ndarray:
    """The rows to count: those with a time, less the few far outside the rest."""
    ordinals = periods[valid].array.asi8
    low, high = np.quantile(ordinals, [0.01, 0.99])
    span = max(high - low, 1)
    near = (ordinals >= low - FAR_SPANS * span) & (ordinals <= high + FAR_SPANS * span)
    if near.all():
        return valid
    far = periods[valid][~near]
    count = int((~near).sum())
    notes.append(f"{plural(count, 'row')} with times far outside the rest (e.g. {far.iloc[0]}) "
                 f"{'is' if count == 1 else 'are'} not counted.")
    kept = valid.copy()
    kept[np.flatnonzero(valid)[~near]] = False
    return kept


#: Offsets that name a period by its start or end ('MS', 'QE', 'YS'), as the period they count.
PERIOD_OF = {"MS": "M", "ME": "M", "M": "M", "QS": "Q", "QE": "Q", "Q": "Q", "YS": "Y", "YE": "Y", "Y": "Y",
             "AS": "Y", "A": "Y", "BMS": "M", "BME": "M"}


#: Spellings of a period that pandas offsets do not (or no longer) accept.
FREQ_WORDS = {"hourly": "h", "daily": "D", "weekly": "W", "monthly": "MS", "quarterly": "QS", "yearly": "YS",
              "annual": "YS", "annually": "YS", "M": "MS", "Q": "QS", "Y": "YS", "A": "YS", "H": "h"}


def _parse_freq(freq: str) -> tuple[str, int, int]:
    """The base period frequency ('D', 'h', 'M', 'W-SUN', ...), how many of them make
    one period ('2D' -> 2) and the periods in a season (7 days, 24 hours; 1 if none)."""
    if isinstance(freq, str):
        freq = FREQ_WORDS.get(freq.strip().lower() if freq.strip().lower() in FREQ_WORDS else freq.strip(), freq)
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError) as error:
        raise ValueError(f"freq={freq!r} is not a pandas frequency such as 'D', 'h', 'W' or 'MS'") from error
    code = offset.rule_code
    base = PERIOD_OF.get(code.split("-")[0], code) if not code.startswith("W") else code
    try:
        pd.Period("2024-01-01", freq=base)
    except (ValueError, TypeError) as error:
        raise ValueError(f"freq={freq!r} cannot count rows per period; use 'h', 'D', 'W', 'MS' or 'YS'") from error
    step = max(int(offset.n), 1)
    season = SEASONS.get(base, 1)
    # a season of whole periods survives a multiple: 12h periods, two a day
    return base, step, season // step if season % step == 0 and season // step > 1 else 1


def _times(ctx: FrameContext, label: Hashable) -> pd.Series:
    col = ctx.column(label, "time")
    series = col.series
    if col.storage not in ("datetime", "empty"):
        parsed = pd.to_datetime(series, errors="coerce", format="mixed")
        if parsed.notna().sum() < 0.9 * series.notna().sum() or parsed.notna().sum() == 0:
            raise TypeError(f"time={label!r} must hold dates or times; got {series.dtype} values")
        series = parsed
    series = pd.Series(pd.DatetimeIndex(series), index=series.index)  # numpy-backed, Arrow too
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)  # periods in the zone's own wall-clock time
    return series


def volume_table(
    counts: np.ndarray, season: int, *, neighbours: int = NEIGHBOURS
) -> tuple[np.ndarray, np.ndarray]:
    """Baseline (median of the same point in the neighbouring seasons) and its
    robust spread, per group and period. ``counts`` is (groups, periods)."""
    groups, periods = counts.shape
    shifts = [season * k for k in range(1, neighbours + 1)]
    padded = np.full((groups, periods + 2 * shifts[-1]), np.nan)
    padded[:, shifts[-1] : shifts[-1] + periods] = counts
    stack = [padded[:, shifts[-1] + s : shifts[-1] + s + periods] for s in shifts]
    stack += [padded[:, shifts[-1] - s : shifts[-1] - s + periods] for s in shifts]
    around = np.stack(stack, axis=-1)
    with warnings.catch_warnings():  # all-NaN windows at the edges of short series
        warnings.simplefilter("ignore", RuntimeWarning)
        baseline = np.nanmedian(around, axis=-1)
        spread = MAD_TO_SD * np.nanmedian(np.abs(around - baseline[..., None]), axis=-1)
    return baseline, spread


def count_tail_probabilities(counts: np.ndarray, mean: np.ndarray, spread: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X <= count) and P(X >= count) for rows per period: Poisson with the baseline
    as its mean, or a negative binomial with the observed spread when the counts vary
    more than Poisson's (busy days, quiet days). NaN baselines give probability 1."""
    from scipy import stats

    mean = np.where(np.isfinite(mean), np.maximum(mean, 1e-9), np.nan)
    variance = np.maximum(np.nan_to_num(spread) ** 2, np.nan_to_num(mean))
    over = variance > 1.05 * np.nan_to_num(mean)
    with np.errstate(all="ignore"):
        size = np.where(over, mean**2 / (variance - mean), 1.0)
        prob = np.where(over, size / (size + mean), 0.5)
        low = np.where(over, stats.nbinom.cdf(counts, size, prob), stats.poisson.cdf(counts, mean))
        high = np.where(over, stats.nbinom.sf(counts - 1, size, prob), stats.poisson.sf(counts - 1, mean))
    return np.nan_to_num(low, nan=1.0), np.nan_to_num(high, nan=1.0)


def volume(
    df: pd.DataFrame,
    *,
    time: Hashable,
    by: Sequence[Hashable] | Hashable | None = None,
    freq: str | None = None,
    z_threshold: float | None = None,
    min_drop: float | None = None,
    min_spike: float | None = None,
    min_baseline: float | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
) -> Report:
    """Count rows per period (and per group) and flag missing periods, drops and spikes.

    Each period is compared with the same point of the neighbouring seasons
    (the same weekday four weeks either side for daily data, the same hour for
    hourly data; the neighbouring periods otherwise): their median is the
    baseline and their MAD the spread, so an ordinary weekly rhythm stays quiet.

    Parameters
    ----------
    df : pandas.DataFrame
    time : column label
        The timestamp of each row.
    by : column label or list, optional
        Group columns (e.g. a shop): each group's volume is judged on its own.
    freq : str, default "D"
        Period length, a pandas frequency: ``"D"``, ``"h"``, ``"W"``, ``"MS"``.
    z_threshold : float, default 4.0
        How many robust SDs from the baseline make an anomaly.
    min_drop, min_spike : float, default 0.3 and 0.5
        The relative change that must also be reached: a drop below
        ``(1 - min_drop) x baseline``, a spike above ``(1 + min_spike) x baseline``.
    min_baseline : float, default 5.0
        Periods whose baseline is below this many rows are not judged, except
        for gaps in a regular series (one row per hour, say). Every gap, drop and
        spike must also be improbable under a count model of the period (Poisson,
        or negative binomial when counts vary more), at level ``alpha`` (0.01)
        divided by the number of periods judged.
    options : dict, optional
        ``{"volume_anomaly": {...}}``: the same thresholds by name; arguments
        given explicitly take precedence. ``mq.checks()`` lists them.

    Returns
    -------
    Report
        ``volume_anomaly`` findings naming the periods (and groups); tables
        ``counts`` (per period) and ``anomalies`` (every flagged period).
    """
    chosen = options_for("volume", options, families=("monitoring",), freq=freq, z_threshold=z_threshold, min_drop=min_drop,
                         min_spike=min_spike, min_baseline=min_baseline)["volume_anomaly"]
    freq, z_threshold, min_drop, min_spike, min_baseline, alpha = (
        chosen[k] for k in ("freq", "z_threshold", "min_drop", "min_spike", "min_baseline", "alpha"))
    frame = as_frame(df)
    ctx = FrameContext(frame)
    times = _times(ctx, time)
    base, step, season = _parse_freq(freq)
    freq_name = base if step == 1 else f"{step}{base}"
    group_cols = [ctx.column(c, "by") for c in as_label_list(by, "by", frame.columns) or []]
    periods = times.dt.to_period(base)
    valid = periods.notna().to_numpy()
    notes = []
    if (~valid).any():
        notes.append(f"{plural(int((~valid).sum()), 'row')} without a time are not counted.")
    if not valid.any():
        return Report([], title=f"volume of {name or 'df'}: no times", kind="volume", notes=notes,
                      provenance=provenance(frame))
    valid = _near_the_bulk(periods, valid, notes)
    ordinals = periods[valid].array.asi8 // step  # periods of several base units: '2D', '12h'
    first, last = ordinals.min(), ordinals.max()
    if last - first + 1 > MAX_PERIODS:
        raise ValueError(f"time={time!r} spans {last - first + 1:,} periods of freq={freq_name!r}, more than "
                         f"{MAX_PERIODS:,}: choose a longer freq such as 'W' or 'MS'")
    index = ordinals - first
    n_periods = int(last - first + 1)
    start = pd.Period(ordinal=int(first * step), freq=base)
    labels = pd.period_range(start=start, periods=n_periods, freq=freq_name)
    if group_cols:
        keys = pd.MultiIndex.from_arrays([g.hashable[valid] for g in group_cols]) if len(group_cols) > 1 else pd.Index(group_cols[0].hashable[valid])
        codes, uniques = pd.factorize(keys)
        present = codes >= 0
        matrix = np.zeros((len(uniques), n_periods))
        np.add.at(matrix, (codes[present], index[present]), 1)
        order = np.argsort(-matrix.sum(axis=1), kind="stable")
        if order.size > MAX_GROUPS:
            notes.append(f"only the {MAX_GROUPS} largest of {order.size:,} groups are judged.")
            order = order[:MAX_GROUPS]
        matrix = matrix[order]
        group_names = [uniques[i] for i in order]
    else:
        matrix = np.bincount(index, minlength=n_periods)[None, :].astype(float)
        group_names = [None]
    baseline, spread = volume_table(matrix, season)
    noise = np.maximum(spread, np.sqrt(np.maximum(baseline, 1.0)))  # Poisson floor
    with np.errstate(all="ignore"):
        z = (matrix - baseline) / noise
    judged = baseline >= min_baseline
    # a regular series (the same count every period, e.g. one reading an hour) has
    # gaps worth naming even when its counts are small
    regular = (baseline >= 1) & (spread == 0) & _regular_series(matrix)[:, None]
    # a count this low (high) must also be improbable under the period's count model,
    # after a Bonferroni correction for every period and group judged
    low_p, high_p = count_tail_probabilities(matrix, baseline, spread)
    cutoff = alpha / max(int(np.isfinite(baseline).sum()), 1)
    missing = (judged | regular) & (matrix == 0) & (regular | (low_p < cutoff))
    drop = judged & ~missing & (z < -z_threshold) & (matrix < (1 - min_drop) * baseline) & (low_p < cutoff)
    spike = judged & (z > z_threshold) & (matrix > (1 + min_spike) * baseline) & (high_p < cutoff)
    # the first and last periods are often cut short by the extract: judge only gaps there
    drop[:, [0, -1]] = False
    row_period = np.full(ctx.n_rows, -1)
    row_period[np.flatnonzero(valid)] = index
    row_group = None
    if group_cols:
        remap = np.full(len(uniques), -1)
        remap[order] = np.arange(order.size)
        row_group = np.full(ctx.n_rows, -1)
        row_group[np.flatnonzero(valid)] = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    findings, anomalies = [], []
    flagged_any = missing | drop | spike
    group_label = quote_list([g.name for g in group_cols]) if group_cols else ""
    for g, group in enumerate(group_names):
        for kind, mask, severity in (("missing", missing, "critical"), ("drop", drop, "warning"), ("spike", spike, "warning")):
            flagged = np.flatnonzero(mask[g])
            if flagged.size == 0:
                continue
            for p in flagged:
                anomalies.append({
                    "group": group, "period": str(labels[p]), "kind": kind,
                    "rows": int(matrix[g, p]), "baseline": float(baseline[g, p]),
                })
            finding = _finding(ctx, kind, severity, flagged, labels, matrix[g], baseline[g],
                               group, group_label, group_cols, time, row_period, row_group, g)
            series = TimeSeries(tuple(str(p) for p in labels), tuple(float(v) for v in matrix[g]),
                                tuple(float(v) for v in baseline[g]), tuple(bool(v) for v in flagged_any[g]))
            findings.append(dataclasses.replace(finding, figure=series))
    tables = {
        "counts": pd.DataFrame({"period": labels.astype(str), "rows": matrix.sum(axis=0).astype(int),
                                "baseline": np.nansum(baseline, axis=0) if group_cols else baseline[0]}),
        "anomalies": pd.DataFrame(anomalies, columns=["group", "period", "kind", "rows", "baseline"]),
    }
    grouping = f" by {group_label}" if group_cols else ""
    title = (f"volume of {name or 'df'} per {freq_name}{grouping} ({plural(n_periods, 'period')}, "
             f"{labels[0]} to {labels[-1]})")
    return Report(findings, title=title, kind="volume", tables=tables, notes=notes,
                  provenance=provenance(frame), name=name)


def _ranges(flagged: np.ndarray, labels: pd.PeriodIndex) -> list[str]:
    """Consecutive periods merged: '2013-03-04 to 2013-03-07'."""
    out, start = [], flagged[0]
    for previous, current in zip(flagged, list(flagged[1:]) + [None]):
        if current is None or current != previous + 1:
            out.append(str(labels[start]) if start == previous else f"{labels[start]} to {labels[previous]}")
            start = current
    return out


def _finding(ctx, kind, severity, flagged, labels, counts, baseline, group, group_label, group_cols,
             time, row_period, row_group, g) -> Finding:
    where = f" for {group_label} = {group!r}" if group_cols else ""
    spans = _ranges(flagged, labels)
    shown = ", ".join(spans[:6]) + (f" and {len(spans) - 6} more" if len(spans) > 6 else "")
    typical = float(np.nanmedian(baseline[flagged]))
    if kind == "missing":
        usual = f"{typical:,.0f} {'is' if round(typical) == 1 else 'are'}"
        message = f"No rows{where} in {plural(flagged.size, 'period')} where {usual} usual: {shown}."
    else:
        observed = counts[flagged]
        change = float(np.median(observed / np.maximum(baseline[flagged], 1e-9)) - 1)
        message = (f"Row count{where} {'drops' if kind == 'drop' else 'jumps'} "
                   f"({'-' if change < 0 else '+'}{fmt_pct(abs(change))} against the usual {typical:,.0f}) "
                   f"in {plural(flagged.size, 'period')}: {shown}.")
    in_flagged = np.isin(row_period, flagged)
    if row_group is not None:
        in_flagged &= row_group == g
    positions = np.flatnonzero(in_flagged)
    columns = (time, *(c.label for c in group_cols))
    return Finding(
        "volume_anomaly", severity, message, columns=columns,
        details={
            "count": int(flagged.size), "kind": kind, "periods": [str(labels[p]) for p in flagged],
            "group": group, "observed": counts[flagged].tolist(), "baseline": baseline[flagged].tolist(),
            "rows_in_periods": int(positions.size),
        },
        rows=ctx.row_labels(positions),
    )


@register(
    "volume_anomaly", family="monitoring", entries=("profile", "volume"), needs=("time",),
    freq="D", z_threshold=4.0, min_drop=Param(0.3, SHARE), min_spike=0.5, min_baseline=5.0,
    alpha=Param(0.01, SHARE),
)
def volume_anomaly(
    ctx: FrameContext, *, freq: str, z_threshold: float, min_drop: float, min_spike: float, min_baseline: float,
    alpha: float,
) -> list[Finding]:
    """Missing periods, drops and spikes in rows per period (mq.volume for groups and plots)."""
    if ctx.time.storage not in ("datetime", "string", "mixed", "empty"):
        return []
    try:
        report = volume(ctx.df, time=ctx.time.label, freq=freq, z_threshold=z_threshold, min_drop=min_drop,
                        min_spike=min_spike, min_baseline=min_baseline, options={"volume_anomaly": {"alpha": alpha}})
    except ValueError as error:  # a span too long for the frequency: the profile says so and goes on
        ctx.notes.append(f"volume_anomaly was not run: {error}.")
        return []
    ctx.notes.extend(report.notes)
    return list(report.findings)
