"""What watch mode adds to a cell, with eight 2,000,000 x 10 data frames in the namespace.

Runs cells in an IPython shell with watch mode off and on and reports the median
time per cell: a trivial cell (``x = 1``, touches no frame), and a cell that
replaces one large frame (judged on a 100,000-row sample).

    python benchmarks/watch_cost.py [--rows 2000000] [--frames 8] [--cells 10]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time


def timed(shell, code: str, cells: int) -> float:
    times = []
    for _ in range(cells):
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            shell.run_cell(code, store_history=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--cells", type=int, default=10)
    args = parser.parse_args(argv)

    import numpy as np
    import pandas as pd
    from IPython.testing import globalipapp

    shell = globalipapp.start_ipython()
    rng = np.random.default_rng(0)
    for i in range(args.frames):
        shell.user_ns[f"frame_{i}"] = pd.DataFrame(rng.normal(size=(args.rows, 10)), columns=[f"c{j}" for j in range(10)])
    cells = {"x = 1": "trivial", "frame_0 = frame_0 + 0.0": "replaces a large frame"}
    off = {code: timed(shell, code, args.cells) for code in cells}
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        shell.run_line_magic("load_ext", "mlqa_nb")
        shell.run_line_magic("mlqa", "watch on")
    switch_on = time.perf_counter() - started
    on = {code: timed(shell, code, args.cells) for code in cells}
    print(f"{args.frames} frames of {args.rows:,} x 10; median of {args.cells} cells, ms")
    print(f"{'cell':<28} {'watch off':>10} {'watch on':>10} {'added':>8}")
    for code, what in cells.items():
        print(f"{code:<28} {off[code]:>10.1f} {on[code]:>10.1f} {on[code] - off[code]:>+8.1f}   ({what})")
    print(f"%mlqa watch on itself (profiles every frame once, as the baseline): {switch_on:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
