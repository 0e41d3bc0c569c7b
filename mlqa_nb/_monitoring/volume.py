"""mq.volume: rows per period against a robust, season-aware baseline (volume_anomaly)."""

from __future__ import annotations

import dataclasses
import functools
import operator
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._core.context import FrameContext
from .._core.engine import FIRST_ROWS, EngineFrame, records
from .._core.figures import TimeSeries
from .._core.finding import Finding
from .._core.params import SHARE, Param
from .._core.provenance import provenance
from .._core.registry import options_for, register
from .._core.report import Report
from .._core.robust import MAD_TO_SD
from .._core.text import fmt_pct, plural, quote_list
from .._core.validation import as_frame, as_label_list, stays_in_engine
from .baseline_store import Baseline, merge_options

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


@dataclasses.dataclass
class PeriodCounts:
    """Rows per period and group: ``matrix`` is (groups, periods), NaN where a
    period is not known (between a baseline and a new batch)."""

    base: str
    step: int
    first: int
    matrix: np.ndarray
    groups: list
    by: list[str]
    row_period: np.ndarray | None = None
    row_group: np.ndarray | None = None

    @property
    def freq_name(self) -> str:
        return self.base if self.step == 1 else f"{self.step}{self.base}"

    @property
    def labels(self) -> pd.PeriodIndex:
        start = pd.Period(ordinal=int(self.first * self.step), freq=self.base)
        return pd.period_range(start=start, periods=self.matrix.shape[1], freq=self.freq_name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form (rows are not kept)."""
        return {"freq": self.freq_name, "first": str(self.labels[0]), "by": [str(b) for b in self.by],
                "groups": [list(g) if isinstance(g, tuple) else g for g in self.groups],
                "counts": [[None if np.isnan(v) else int(v) for v in row] for row in self.matrix]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PeriodCounts:
        base, step, _ = _parse_freq(data["freq"])
        first = pd.Period(data["first"], freq=base).ordinal // step
        groups = [tuple(g) if isinstance(g, list) else g for g in data["groups"]]
        matrix = np.array([[np.nan if v is None else v for v in row] for row in data["counts"]], dtype=float)
        return cls(base, step, int(first), matrix.reshape(len(groups), -1), groups, list(data["by"]))


def _limit_periods(ordinals: np.ndarray, time: Hashable, freq_name: str) -> None:
    if ordinals.size and ordinals.max() - ordinals.min() + 1 > MAX_PERIODS:
        raise ValueError(f"time={time!r} spans {ordinals.max() - ordinals.min() + 1:,} periods of freq={freq_name!r}, "
                         f"more than {MAX_PERIODS:,}: choose a longer freq such as 'W' or 'MS'")


def _largest_groups(matrix: np.ndarray, notes: list[str]) -> np.ndarray:
    order = np.argsort(-matrix.sum(axis=1), kind="stable")
    if order.size > MAX_GROUPS:
        notes.append(f"only the {MAX_GROUPS} largest of {order.size:,} groups are judged.")
        order = order[:MAX_GROUPS]
    return order


def _frame_counts(ctx: FrameContext, time: Hashable, group_cols: list, base: str, step: int,
                  notes: list[str]) -> PeriodCounts | None:
    """Rows per period and group of a pandas frame, with each row's period and group."""
    periods = _times(ctx, time).dt.to_period(base)
    valid = periods.notna().to_numpy()
    if (~valid).any():
        notes.append(f"{plural(int((~valid).sum()), 'row')} without a time are not counted.")
    if not valid.any():
        return None
    valid = _near_the_bulk(periods, valid, notes)
    ordinals = periods[valid].array.asi8 // step  # periods of several base units: '2D', '12h'
    keys = None
    if group_cols:
        keys = (pd.MultiIndex.from_arrays([g.hashable[valid] for g in group_cols]) if len(group_cols) > 1
                else pd.Index(group_cols[0].hashable[valid]))
    counts, index, codes, order = _count_matrix(ordinals, keys, None, time, base, step, notes)
    counts.by, counts.row_period = [g.label for g in group_cols], np.full(ctx.n_rows, -1)
    counts.row_period[np.flatnonzero(valid)] = index
    if group_cols:
        remap = np.full(int(codes.max()) + 1 if codes.size else 0, -1)
        remap[order] = np.arange(order.size)
        counts.row_group = np.full(ctx.n_rows, -1)
        counts.row_group[np.flatnonzero(valid)] = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    return counts


def _count_matrix(ordinals: np.ndarray, keys: pd.Index | None, weights: np.ndarray | None, time: Hashable,
                  base: str, step: int, notes: list[str]) -> tuple[PeriodCounts, np.ndarray, np.ndarray, np.ndarray]:
    """Rows per period (and group) from each row's (or each count's) period ordinal
    and group key, weighted by ``weights`` (counts from an engine) or one each.
    Returns the counts, each entry's period column, group code and the groups kept
    (the largest, in order)."""
    _limit_periods(ordinals, time, base if step == 1 else f"{step}{base}")
    first = ordinals.min()
    index = ordinals - first
    n_periods = int(ordinals.max() - first + 1)
    if keys is None:
        matrix = np.bincount(index, weights=weights, minlength=n_periods)[None, :].astype(float)
        return PeriodCounts(base, step, int(first), matrix, [None], []), index, np.zeros(0, dtype=int), np.zeros(1, dtype=int)
    codes, uniques = pd.factorize(keys)
    present = codes >= 0
    matrix = np.zeros((len(uniques), n_periods))
    np.add.at(matrix, (codes[present], index[present]), 1 if weights is None else weights[present])
    order = _largest_groups(matrix, notes)
    return PeriodCounts(base, step, int(first), matrix[order], [uniques[i] for i in order], []), index, codes, order


#: How each period is cut in an engine (narwhals' truncation), by pandas period code.
ENGINE_UNITS = {"D": "1d", "h": "1h", "min": "1m", "W-SUN": "1w", "M": "1mo", "Q": "1q", "Y": "1y", "Y-DEC": "1y",
                "Q-DEC": "1q"}


def _engine_counts(engine: EngineFrame, time: Hashable, by: list, base: str, step: int,
                   notes: list[str]) -> PeriodCounts | None:
    """Rows per period and group of a Spark, lazy polars, DuckDB or Arrow frame,
    counted by the engine; only the counts come back."""
    for label, argument in [(time, "time"), *((b, "by") for b in by)]:
        if label not in engine.columns:
            raise KeyError(f"{argument}={label!r} is not a column; columns: {quote_list(engine.columns[:10])}")
    if not engine.schema[time].is_temporal():
        raise TypeError(f"time={time!r} must be a date or datetime column in a {engine.engine} frame, "
                        f"got {engine.schema[time]}")
    if base not in ENGINE_UNITS:
        raise ValueError(f"freq={base!r} cannot be counted in {engine.engine}: use 'h', 'D', 'W', 'MS', 'QS' or 'YS'")
    table = engine.period_counts(time, list(by), ENGINE_UNITS[base])
    if table.empty:
        return None
    starts = pd.DatetimeIndex(pd.to_datetime(table["_mlqa_period"]))
    if starts.tz is not None:
        starts = starts.tz_localize(None)
    ordinals = pd.PeriodIndex(starts, freq=base).asi8 // step
    keys = None
    if by:
        keys = pd.MultiIndex.from_frame(table[list(by)]) if len(by) > 1 else pd.Index(table[by[0]])
    counts = _count_matrix(ordinals, keys, table["_mlqa_n"].to_numpy(dtype=float), time, base, step, notes)[0]
    counts.by = [str(b) for b in by]
    return counts


def _with_history(history: PeriodCounts, current: PeriodCounts) -> tuple[PeriodCounts, int]:
    """The baseline's counts followed by the batch's, on one period axis (periods in
    neither are unknown, NaN), and the column where the batch begins."""
    if (history.base, history.step) != (current.base, current.step):
        raise ValueError(f"the baseline counts rows per {history.freq_name!r}, not {current.freq_name!r}")
    groups = list(history.groups) + [g for g in current.groups if g not in history.groups]
    first = min(history.first, current.first)
    last = max(history.first + history.matrix.shape[1], current.first + current.matrix.shape[1])
    matrix = np.full((len(groups), last - first), np.nan)
    for part in (history, current):
        rows = [groups.index(g) for g in part.groups]
        start = part.first - first
        block = np.zeros((len(groups), part.matrix.shape[1]))  # a group absent from a part counts 0 rows there
        block[rows] = np.nan_to_num(part.matrix)
        matrix[:, start:start + part.matrix.shape[1]] = block
    begin = current.first - first
    row_group = None
    if current.row_group is not None:
        remap = np.array([groups.index(g) for g in current.groups] + [-1])
        row_group = remap[current.row_group]  # -1 stays -1 through the appended entry
    row_period = None if current.row_period is None else np.where(current.row_period >= 0, current.row_period + begin, -1)
    merged = PeriodCounts(current.base, current.step, first, matrix, groups, current.by or history.by, row_period, row_group)
    return merged, begin


def volume(
    df: Any,
    *,
    time: Hashable | None = None,
    by: Sequence[Hashable] | Hashable | None = None,
    freq: str | None = None,
    z_threshold: float | None = None,
    min_drop: float | None = None,
    min_spike: float | None = None,
    min_baseline: float | None = None,
    baseline: Any = None,
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
    df : pandas or polars DataFrame, or a Spark, DuckDB or Arrow frame
        Frames of other engines are counted there; only the counts come back.
    time : column label
        The timestamp of each row (the baseline's time column by default).
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
    baseline : Baseline, optional
        A saved baseline (:func:`mlqa_nb.baseline` with ``time=``): the periods of
        ``df`` (a new batch) are judged against the rows per period it recorded,
        with its time column, groups, frequency and thresholds. As without a
        baseline, the batch's first and last periods are judged only for gaps
        (an extract often cuts them short), unless the batch is one period.
    options : dict, optional
        ``{"volume_anomaly": {...}}``: the same thresholds by name; arguments
        given explicitly take precedence. ``mq.checks()`` lists them.

    Returns
    -------
    Report
        ``volume_anomaly`` findings naming the periods (and groups); tables
        ``counts`` (per period) and ``anomalies`` (every flagged period).
    """
    history = None
    if baseline is not None:
        if not isinstance(baseline, Baseline):
            raise TypeError(f"baseline must be a Baseline (from mq.baseline), got {type(baseline).__name__}")
        if baseline.volume is None:
            raise ValueError("baseline holds no rows per period: make it with mq.baseline(df, time=...)")
        history = PeriodCounts.from_dict(baseline.volume)
        saved_time = baseline.volume["time"]
        if time is not None and str(time) != saved_time:
            raise ValueError(f"time={time!r} differs from the baseline's time column {saved_time!r}")
        if freq is not None and _parse_freq(freq)[:2] != (history.base, history.step):
            raise ValueError(f"freq={freq!r} differs from the baseline's {history.freq_name!r}")
        if by is not None and [str(b) for b in as_label_list(by, "by")] != history.by:
            raise ValueError(f"by={by!r} differs from the baseline's groups {history.by!r}")
        time, by, freq = saved_time, history.by or None, history.freq_name
        options = merge_options({"volume_anomaly": baseline.options.get("volume_anomaly", {})}, options)
    if time is None:
        raise TypeError("volume() needs time=, the column holding each row's timestamp (or a baseline=)")
    chosen = options_for("volume", options, families=("monitoring",), freq=freq, z_threshold=z_threshold, min_drop=min_drop,
                         min_spike=min_spike, min_baseline=min_baseline)["volume_anomaly"]
    freq, z_threshold, min_drop, min_spike, min_baseline, alpha = (
        chosen[k] for k in ("freq", "z_threshold", "min_drop", "min_spike", "min_baseline", "alpha"))
    base, step, season = _parse_freq(freq)
    notes: list[str] = []
    ctx = None
    engine = None
    if stays_in_engine(df):
        engine = EngineFrame(df)
        counts = _engine_counts(engine, time, as_label_list(by, "by") or [], base, step, notes)
        block = provenance()
        notes.append("rows per period counted by the engine; a drop or spike lists its first rows in "
                     "details['first_rows'] (such frames have no row labels).")
    else:
        frame = as_frame(df)
        ctx = FrameContext(frame)
        group_cols = [ctx.column(c, "by") for c in as_label_list(by, "by", frame.columns) or []]
        counts = _frame_counts(ctx, time, group_cols, base, step, notes)
        block = provenance(frame)
    if counts is None:
        return Report([], title=f"volume of {name or 'df'}: no times", kind="volume", notes=notes,
                      provenance=block)
    begin = 0
    if history is not None:
        counts, begin = _with_history(history, counts)
        notes.append(f"judged against the baseline's {history.matrix.shape[1]:,} periods "
                     f"({history.labels[0]} to {history.labels[-1]}).")
    # the first and last periods are often cut short by the extract: judge only gaps
    # there, unless a batch checked against a baseline is a single period
    edges = [] if history is not None and counts.matrix.shape[1] - begin == 1 else [begin, -1]
    findings, anomalies, baseline_rows = _judge(counts, season, begin, edges, ctx, time, chosen)
    if engine is not None:  # no row labels: the first rows of each drop or spike, by a limited query
        findings = [_with_first_rows(engine, f, time, counts) for f in findings]
    labels = counts.labels[begin:]
    matrix = counts.matrix[:, begin:]
    tables = {
        "counts": pd.DataFrame({"period": labels.astype(str), "rows": np.nansum(matrix, axis=0).astype(int),
                                "baseline": np.nansum(baseline_rows, axis=0) if counts.by else baseline_rows[0]}),
        "anomalies": pd.DataFrame(anomalies, columns=["group", "period", "kind", "rows", "baseline"]),
    }
    grouping = f" by {quote_list([str(b) for b in counts.by])}" if counts.by else ""
    title = (f"volume of {name or 'df'} per {counts.freq_name}{grouping} ({plural(len(labels), 'period')}, "
             f"{labels[0]} to {labels[-1]})")
    return Report(findings, title=title, kind="volume", tables=tables, notes=notes, provenance=block, name=name)


def _judge(counts: PeriodCounts, season: int, begin: int, edges: list[int], ctx: FrameContext | None,
           time: Hashable, chosen: Mapping[str, Any]) -> tuple[list[Finding], list[dict], np.ndarray]:
    """Findings for the periods from ``begin`` on, the anomalies table's rows, and the
    baseline of each judged period. In the ``edges`` periods only gaps are judged."""
    z_threshold, min_drop, min_spike, min_baseline, alpha = (
        chosen[k] for k in ("z_threshold", "min_drop", "min_spike", "min_baseline", "alpha"))
    matrix = counts.matrix
    baseline, spread = volume_table(matrix, season)
    noise = np.maximum(spread, np.sqrt(np.maximum(baseline, 1.0)))  # Poisson floor
    with np.errstate(all="ignore"):
        z = (matrix - baseline) / noise
    known = np.isfinite(matrix)
    judged = (baseline >= min_baseline) & known
    # a regular series (the same count every period, e.g. one reading an hour) has
    # gaps worth naming even when its counts are small
    regular = (baseline >= 1) & (spread == 0) & _regular_series(matrix)[:, None] & known
    # a count this low (high) must also be improbable under the period's count model,
    # after a Bonferroni correction for every period and group judged
    low_p, high_p = count_tail_probabilities(np.nan_to_num(matrix), baseline, spread)
    cutoff = alpha / max(int((np.isfinite(baseline) & known)[:, begin:].sum()), 1)
    missing = (judged | regular) & (matrix == 0) & (regular | (low_p < cutoff))
    drop = judged & ~missing & (z < -z_threshold) & (matrix < (1 - min_drop) * baseline) & (low_p < cutoff)
    spike = judged & (z > z_threshold) & (matrix > (1 + min_spike) * baseline) & (high_p < cutoff)
    drop[:, edges] = False
    for mask in (missing, drop, spike):
        mask[:, :begin] = False
    labels = counts.labels
    findings, anomalies = [], []
    flagged_any = missing | drop | spike
    group_label = quote_list([str(b) for b in counts.by]) if counts.by else ""
    for g, group in enumerate(counts.groups):
        for kind, mask, severity in (("missing", missing, "critical"), ("drop", drop, "warning"), ("spike", spike, "warning")):
            flagged = np.flatnonzero(mask[g])
            if flagged.size == 0:
                continue
            for p in flagged:
                anomalies.append({
                    "group": group, "period": str(labels[p]), "kind": kind,
                    "rows": int(matrix[g, p]), "baseline": float(baseline[g, p]),
                })
            finding = _finding(ctx, kind, severity, flagged, labels, matrix[g], baseline[g], group, group_label,
                               counts, time, g)
            shown = slice(max(begin - 4 * max(season, 7), 0), None) if begin else slice(None)
            series = TimeSeries(tuple(str(p) for p in labels[shown]), tuple(float(v) for v in np.nan_to_num(matrix[g, shown])),
                                tuple(float(v) for v in baseline[g, shown]), tuple(bool(v) for v in flagged_any[g, shown]))
            findings.append(dataclasses.replace(finding, figure=series))
    return findings, anomalies, baseline[:, begin:]


def _with_first_rows(engine: EngineFrame, finding: Finding, time: Hashable, counts: PeriodCounts) -> Finding:
    """A drop or spike of an engine frame with the first rows of its periods and group."""
    import narwhals as nw

    if finding.details["kind"] == "missing":
        return finding
    dtype = engine.schema[str(time)]
    zone = getattr(dtype, "time_zone", None)

    def moment(stamp: pd.Timestamp) -> Any:
        stamp = stamp.tz_localize(zone) if zone else stamp
        return stamp.date() if dtype == nw.Date else stamp.to_pydatetime()

    spans = []
    for label in finding.details["periods"]:
        period = pd.Period(label, freq=counts.freq_name)
        spans.append((nw.col(str(time)) >= moment(period.start_time)) & (nw.col(str(time)) < moment((period + 1).start_time)))
    condition = functools.reduce(operator.or_, spans)
    if counts.by:
        group = finding.details["group"]
        for column, value in zip(counts.by, group if len(counts.by) > 1 else (group,)):
            condition = condition & (nw.col(column) == value)
    first = records(engine.first_rows(condition, FIRST_ROWS))
    return dataclasses.replace(finding, details={**finding.details, "first_rows": first})


def _ranges(flagged: np.ndarray, labels: pd.PeriodIndex) -> list[str]:
    """Consecutive periods merged: '2013-03-04 to 2013-03-07'."""
    out, start = [], flagged[0]
    for previous, current in zip(flagged, list(flagged[1:]) + [None]):
        if current is None or current != previous + 1:
            out.append(str(labels[start]) if start == previous else f"{labels[start]} to {labels[previous]}")
            start = current
    return out


def _finding(ctx, kind, severity, flagged, labels, counts, baseline, group, group_label, period_counts, time,
             g) -> Finding:
    where = f" for {group_label} = {group!r}" if period_counts.by else ""
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
    details = {
        "count": int(flagged.size), "kind": kind, "periods": [str(labels[p]) for p in flagged],
        "group": group, "observed": counts[flagged].tolist(), "baseline": baseline[flagged].tolist(),
        "rows_in_periods": int(np.nansum(counts[flagged])),
    }
    rows: tuple = ()
    columns: tuple = (time, *period_counts.by)
    if ctx is not None and period_counts.row_period is not None:
        in_flagged = np.isin(period_counts.row_period, flagged)
        if period_counts.row_group is not None:
            in_flagged &= period_counts.row_group == g
        rows = ctx.row_labels(np.flatnonzero(in_flagged))
    return Finding("volume_anomaly", severity, message, columns=columns, details=details, rows=rows)


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
