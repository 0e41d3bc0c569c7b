"""mlqa: the command line. ``mlqa profile data.csv --target y -o report.html``.

The subcommands are those of ``%mlqa`` that take data frames (see
:mod:`.commands`); a frame argument names a data file here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .commands import COMMANDS, Arg, add_arguments, call

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
    if not Path(path).is_file():
        raise ValueError(f"no data file at {path!r}")
    if suffix not in _READERS:
        raise ValueError(f"cannot read {path!r}: use one of {', '.join(sorted(_READERS))}")
    kwargs = {"sep": "\t"} if suffix == ".tsv" else {"lines": True} if suffix == ".jsonl" else {}
    return getattr(pd, _READERS[suffix])(path, **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlqa", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        if not command.cli:
            continue
        p = sub.add_parser(command.name, help=command.help)
        add_arguments(p, command)
        if command.args:
            p.add_argument("-o", "--output", help="write the report here (.html or .json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Check data files and write the report; exit 1 when a critical finding is made."""
    args = _parser().parse_args(argv)
    command = next(c for c in COMMANDS if c.name == args.command)

    def lookup(arg: Arg, word: str) -> Any:
        return read_table(word)

    try:
        result = call(command, args, lookup, name=lambda path: Path(path).stem)
    except (KeyError, ValueError, TypeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"mlqa: {message}", file=sys.stderr)
        return 2
    if not hasattr(result, "findings"):
        print(result.to_string())
        return 0
    result.name = None  # a file has no variable: the HTML lists the rows instead of code
    print(repr(result))
    if getattr(args, "output", None):
        print(f"report written to {result.save(args.output)}")
    return 1 if result.counts()["critical"] else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
