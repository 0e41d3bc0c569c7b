"""mlqa: the command line. ``mlqa profile data.csv --target y -o report.html``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_READERS = {
    ".csv": "read_csv",
    ".tsv": "read_csv",
    ".parquet": "read_parquet",
    ".json": "read_json",
    ".jsonl": "read_json",
    ".feather": "read_feather",
    ".xlsx": "read_excel",
}


def read_table(path: str):
    """Read a data file by its suffix."""
    import pandas as pd

    suffix = Path(path).suffix.lower()
    if suffix not in _READERS:
        raise SystemExit(f"mlqa: cannot read {path!r}: use one of {', '.join(sorted(_READERS))}")
    kwargs = {"sep": "\t"} if suffix == ".tsv" else {"lines": True} if suffix == ".jsonl" else {}
    return getattr(pd, _READERS[suffix])(path, **kwargs)


def main(argv: list[str] | None = None) -> int:
    """Profile a data file and write the report; exit 1 when a critical finding is made."""
    parser = argparse.ArgumentParser(prog="mlqa", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("profile", help="profile a data file")
    p.add_argument("path")
    p.add_argument("--target")
    p.add_argument("--time")
    p.add_argument("--important", nargs="+")
    p.add_argument("-o", "--output", help="write the report here (.html or .json)")
    args = parser.parse_args(argv)

    import mlqa_nb as mq

    frame = read_table(args.path)
    try:
        report = mq.profile(
            frame, target=args.target, time=args.time, important=args.important,
            name=Path(args.path).stem,
        )
    except (KeyError, ValueError, TypeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"mlqa: {message}", file=sys.stderr)
        return 2
    print(repr(report))
    if args.output:
        print(f"report written to {report.save(args.output)}")
    return 1 if report.counts()["critical"] else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
