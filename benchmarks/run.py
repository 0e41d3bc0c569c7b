"""Time mlqa_nb's profile against skrub's TableReport, ydata-profiling and a polars floor.

Each tool runs as a whole process (start-up, imports, reading the parquet file,
profiling, writing HTML) in its own virtual environment made by
``setup_envs.sh``. Peak memory is the process's maximum resident set size.

    bash benchmarks/setup_envs.sh
    python benchmarks/make_data.py 10000 100000 1000000
    python benchmarks/run.py 10000 100000 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ENVS = HERE / "envs"
DATA = HERE / "data"
OUT = HERE / "out"

SCRIPTS = {
    "mlqa_nb": ("mlqa", """
import pandas as pd, mlqa_nb as mq
df = pd.read_parquet(DATA)
mq.profile(df).save(OUT + ".html")
"""),
    "mlqa_nb (target)": ("mlqa", """
import pandas as pd, mlqa_nb as mq
df = pd.read_parquet(DATA)
mq.profile(df, target="target").save(OUT + ".html")
"""),
    "skrub TableReport": ("skrub", """
import pandas as pd
from skrub import TableReport
df = pd.read_parquet(DATA)
TableReport(df).write_html(OUT + ".html")
"""),
    "ydata-profiling minimal": ("ydata", """
import pandas as pd
from ydata_profiling import ProfileReport
df = pd.read_parquet(DATA)
ProfileReport(df, minimal=True, progress_bar=False).to_file(OUT + ".html")
"""),
    "polars floor": ("polars", """
import polars as pl
df = pl.read_parquet(DATA)
df.describe(); df.null_count(); df.select(pl.all().n_unique())
"""),
    "import mlqa_nb": ("mlqa", "import mlqa_nb"),
}


def run_once(env: str, code: str, data: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process."""
    python = ENVS / env / "bin" / "python"
    source = f"DATA = {str(data)!r}\nOUT = {str(out)!r}\n" + code
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, str(python), "-c", source],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    seconds, peak = result.stdout.split()[-2:]
    return float(seconds), float(peak)


def time_tools(scripts: dict[str, tuple[str, str]], tools: list[str], repeat: int, prefix: str) -> None:
    """Run each tool's script ``repeat`` times as a whole process and print the best time.
    Scripts refer to the data folder as ``DATA + "/name"``."""
    OUT.mkdir(exist_ok=True)
    for number, tool in enumerate(tools):
        env, code = scripts[tool]
        code = code.replace("DATA + ", repr(str(DATA)) + " + ")
        runs = [run_once(env, code, DATA, OUT / f"{prefix}_{number}") for _ in range(repeat)]
        print(json.dumps({"tool": tool, "best_s": round(min(r[0] for r in runs), 2),
                          "peak_mb": round(max(r[1] for r in runs))}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", nargs="*", default=list(SCRIPTS))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    results = []
    for n in args.sizes:
        data = DATA / f"frame_{n}.parquet"
        for tool in args.tools:
            env, code = SCRIPTS[tool]
            if tool == "import mlqa_nb" and n != args.sizes[0]:
                continue
            runs = []
            for _ in range(args.repeat):
                try:
                    runs.append(run_once(env, code, data, OUT / f"{env}_{n}"))
                except RuntimeError as error:
                    print(f"{tool} failed at {n}: {error}", file=sys.stderr)
                    break
            if not runs:
                continue
            best = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            row = {"rows": n, "tool": tool, "best_s": round(best, 2), "peak_mb": round(peak)}
            results.append(row)
            print(json.dumps(row), flush=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
