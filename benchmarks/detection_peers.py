"""The detection benchmark's cases through ydata-profiling or deepchecks.

Runs inside that tool's own environment (``setup_envs.sh``) on the files that
``detection.py --export`` wrote, so every tool sees the same inputs:

    benchmarks/envs/ydata/bin/python benchmarks/detection_peers.py ydata benchmarks/out/cases
    benchmarks/envs/deepchecks/bin/python benchmarks/detection_peers.py deepchecks benchmarks/out/cases

A case counts as found when the tool says something about the planted column that
names that kind of problem (the tables below); a label flip or a swap that a tool has
no notion of counts as missed. On the clean tables every alert (ydata-profiling) or
failed condition (deepchecks) is listed. Writes ``peers_<tool>.json`` beside the cases.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

#: ydata-profiling alert types that name each kind of problem on the planted column.
YDATA = {
    "unit": {"SKEWED"}, "sentinel": {"SKEWED", "ZEROS"}, "outlier": {"SKEWED"},
    "duplicates": {"DUPLICATES"}, "missingness by target": {"MISSING"},
}
#: deepchecks data-integrity checks that name each kind of problem.
DEEPCHECKS = {
    "numbers as text": {"Mixed Data Types"}, "category variant": {"String Mismatch"},
    "duplicates": {"Data Duplicates"}, "encoding": {"Special Characters"},
    "unit": {"Outlier Sample Detection"}, "sentinel": {"Outlier Sample Detection"},
    "outlier": {"Outlier Sample Detection"}, "missingness by target": {"Percent Of Nulls"},
}


def ydata_alerts(df: pd.DataFrame) -> list[tuple[str, str | None]]:
    from ydata_profiling import ProfileReport

    # minimal mode, as for large tables, with its duplicate-row count switched back on
    report = ProfileReport(df, minimal=True, progress_bar=False, duplicates={"head": 10})
    return [(a.alert_type.name, a.column_name) for a in report.description_set.alerts]


def ydata_found(case: dict, df: pd.DataFrame) -> bool:
    wanted = YDATA.get(case["kind"], set())
    if not wanted:
        return False
    return any(kind in wanted and (column == case["column"] or kind == "DUPLICATES")
               for kind, column in ydata_alerts(df))


def _dataset(df: pd.DataFrame, target: str | None):
    from deepchecks.tabular import Dataset

    categorical = [c for c in df.columns if df[c].dtype == object and c != target]
    return Dataset(df, label=target, cat_features=categorical)


def _deepchecks_results(df: pd.DataFrame, target: str | None):
    from deepchecks.tabular.suites import data_integrity

    return data_integrity().run(_dataset(df, target), with_display=False).results


def _names_column(value, column: str) -> bool:
    """Whether a check's result holds something (a count, a list, a table) for the column."""
    if isinstance(value, pd.DataFrame):
        rows = value[[str(i) == column for i in value.index]]
        return bool(len(rows)) and bool((rows.select_dtypes("number") > 0).any().any())
    if not isinstance(value, dict):
        return False
    entries = value.get("columns", value) if isinstance(value.get("columns"), dict) else value
    entry = next((v for k, v in entries.items() if str(k) == column), None)
    if isinstance(entry, dict):
        return any(bool(v) for v in entry.values()) if entry else False
    return bool(entry)


def deepchecks_found(case: dict, df: pd.DataFrame) -> bool:
    from deepchecks.tabular import checks

    wanted = DEEPCHECKS.get(case["kind"], set())
    if not wanted:
        return False
    dataset = _dataset(df, case["target"])
    for name in wanted:
        if name == "Outlier Sample Detection":  # the rows it shows as most outlying
            shown = max(10, 2 * len(case["rows"]))
            result = checks.OutlierSampleDetection(n_to_show=shown).run(dataset)
            tables = [d for d in result.display if isinstance(d, pd.DataFrame)]
            if tables and set(tables[0].index) & set(case["rows"]):
                return True
            continue
        check = {"Mixed Data Types": checks.MixedDataTypes, "String Mismatch": checks.StringMismatch,
                 "Data Duplicates": checks.DataDuplicates, "Special Characters": checks.SpecialCharacters,
                 "Percent Of Nulls": checks.PercentOfNulls}[name]()
        value = check.run(dataset, with_display=False).value
        if (name == "Data Duplicates" and value) or _names_column(value, case["column"]):
            return True
    return False


def clean_alarms(tool: str, df: pd.DataFrame, target: str | None) -> list[str]:
    if tool == "ydata":
        return [f"{kind} {column}" for kind, column in ydata_alerts(df)]
    return [getattr(r, "get_header", lambda: "?")() for r in _deepchecks_results(df, target)
            if hasattr(r, "passed_conditions") and not r.passed_conditions()]


def main() -> None:
    tool, folder = sys.argv[1], Path(sys.argv[2])
    warnings.simplefilter("ignore")
    manifest = json.loads((folder / "manifest.json").read_text())
    found_by = {"ydata": ydata_found, "deepchecks": deepchecks_found}[tool]
    results = []
    for case in manifest["cases"]:
        if case["entry"] != "profile":
            results.append({**case, "rows": len(case["rows"]), "found": False, "note": "no label-noise check"})
            continue
        df = pd.read_parquet(folder / case["file"])
        started = time.perf_counter()
        try:
            found, note = found_by(case, df), ""
        except Exception as error:  # a tool that crashes on an input finds nothing there
            found, note = False, f"crashed: {type(error).__name__}: {str(error)[:120]}"
        results.append({**case, "rows": len(case["rows"]), "found": found, "note": note,
                        "seconds": time.perf_counter() - started})
    clean = []
    for table in manifest["clean"]:
        df = pd.read_parquet(folder / table["file"])
        try:
            alarms = clean_alarms(tool, df, table["target"])
        except Exception as error:
            alarms = [f"crashed: {type(error).__name__}"]
        clean.append({"table": table["table"], "alarms": alarms})
    (folder / f"peers_{tool}.json").write_text(json.dumps({"cases": results, "clean": clean}, indent=1))
    print(f"{sum(r['found'] for r in results)} of {len(results)} cases found by {tool}")


if __name__ == "__main__":
    main()
