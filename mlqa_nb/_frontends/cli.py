"""mlqa: the command line, for pipelines and scheduled jobs.

    mlqa baseline train.csv --target y --time ts -o base.json
    mlqa check today.csv --baseline base.json -o report.html -o junit.xml
    mlqa profile data.parquet --target y -o report.html

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a wrong argument or an unreadable file (one line on stderr, before any work);
3 an error inside mlqa (with ``--debug``, its traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cli_io import OUTPUTS, InputError, Table, check_output, data_kind, read_table
from .commands import COMMANDS, Arg, add_arguments, call

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = ("info", "warning", "critical", "never")


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _common(parser: argparse.ArgumentParser, *, report: bool = True) -> None:
    if report:
        parser.add_argument("-o", "--output", action="append", default=[], metavar="FILE",
                            help="write the report here: .html, .json or .xml (JUnit); repeat for several")
        parser.add_argument("--fail-on", choices=FAIL_ON, default="critical",
                            help="exit 1 when a finding is at least this severe (default: critical)")
    parser.add_argument("--sep", metavar="SEP", help="CSV delimiter (default: sniffed from the file)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")


def _parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(prog="mlqa", description="Check data files for the problems mlqa_nb finds in notebooks.",
                     epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, "
                            "3 internal error.")
    parser.add_argument("--version", action="version", version=f"mlqa_nb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="Profile a new batch and compare it with a saved baseline "
                                         "(drift, and rows per period when the baseline has them).")
    check.add_argument("data", metavar="DATA", help="the new batch: CSV, parquet, JSON (lines), feather or Excel")
    check.add_argument("--baseline", required=True, metavar="FILE", help="a baseline saved by `mlqa baseline`")
    check.add_argument("--silences", metavar="FILE", default="mlqa.toml",
                       help="silences to apply besides the baseline's (default: mlqa.toml, if present)")
    _common(check)
    base = sub.add_parser("baseline", help="Save what normal looks like (no rows) for `mlqa check`.")
    base.add_argument("data", metavar="DATA", help="the data as it should be")
    base.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the baseline (.json)")
    base.add_argument("--target", metavar="COL", help="the label column (its drift is label drift)")
    base.add_argument("--time", metavar="COL", help="timestamps: keep rows per period to judge volume")
    base.add_argument("--by", nargs="+", metavar="COL", help="groups whose volume is judged each on its own")
    base.add_argument("--freq", metavar="FREQ", help="period of the row counts: h, D (default), W, MS")
    base.add_argument("--silences", metavar="FILE", default="mlqa.toml",
                      help="silences kept with the baseline (default: mlqa.toml, if present)")
    base.add_argument("--no-accept", action="store_true",
                      help="do not accept the data's own findings (by default a batch repeating one reports it as info)")
    _common(base, report=False)
    for command in COMMANDS:
        if command.cli:
            p = sub.add_parser(command.name, help=command.help, description=command.help)
            add_arguments(p, command, files=True)
            _common(p, report=bool(command.args))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``mlqa``; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return int(stop.code or 0)
    try:
        return _run(args)
    except InputError as error:
        print(f"mlqa: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyError, ValueError, TypeError, FileNotFoundError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"mlqa: {message}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # a defect, not the user's input: say so, with a distinct code
        if getattr(args, "debug", False):
            raise
        print(f"mlqa: internal error ({type(error).__name__}: {error}); run again with --debug for the traceback",
              file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.command == "baseline":  # its one output is the baseline file
        return _baseline(args)
    outputs = [check_output(o) for o in getattr(args, "output", None) or []]
    if args.command == "check":
        return _check(args, outputs)
    command = next(c for c in COMMANDS if c.name == args.command)
    for a in command.args:  # every file named, before reading any
        word = getattr(args, a.name)
        if a.kind == "frame" and word is not None:
            data_kind(word)
    tables: dict[str, Table] = {}

    def lookup(arg: Arg, word: str) -> Any:
        tables[word] = read_table(word, sep=args.sep)
        _say_read(tables[word])
        return tables[word].frame

    result = call(command, args, lookup, name=lambda path: Path(path).stem)
    if not hasattr(result, "findings"):
        print(result.to_string())
        return EXIT_CLEAN
    return _finish(result, outputs, args.fail_on, checks=())


def _baseline(args: argparse.Namespace) -> int:
    import mlqa_nb as mq

    output = check_output(args.output, (".json",))
    table = read_table(args.data, sep=args.sep)
    _say_read(table)
    frame = table.frame
    label = _labeller(frame)
    accepted = None
    if not args.no_accept:
        accepted = mq.profile(frame, target=label(args.target), time=label(args.time), name=table.path.stem,
                              silences=args.silences)
    baseline = mq.baseline(frame, target=label(args.target), time=label(args.time),
                           by=[label(b) for b in args.by] if args.by else None, freq=args.freq,
                           name=table.path.stem, silences=args.silences, accepted=accepted)
    baseline.save(output)
    print(repr(baseline))
    if accepted is not None and accepted.findings:
        print(f"{len(accepted.findings)} findings of this data accepted: a batch that repeats one reports it as "
              f"info (--no-accept to keep them at their severity)")
    print(f"baseline written to {output} ({output.stat().st_size / 1024:,.0f} KB)")
    return EXIT_CLEAN


def _check(args: argparse.Namespace, outputs: list[Path]) -> int:
    from .._monitoring.baseline_store import Baseline
    from .batch import check_batch

    data_kind(args.data)
    try:
        baseline = Baseline.load(args.baseline)
    except (FileNotFoundError, ValueError) as error:
        raise InputError(str(error)) from None
    table = read_table(args.data, sep=args.sep)
    _say_read(table)
    report, ran = check_batch(table.frame, baseline, name=table.path.stem, silences=args.silences)
    return _finish(report, outputs, args.fail_on, checks=ran)


def _finish(report: Any, outputs: list[Path], fail_on: str, checks: Any) -> int:
    report.name = None  # a file has no variable: the HTML lists the rows instead of code
    print(repr(report))
    failing = None if fail_on == "never" else fail_on
    for path in outputs:
        if path.suffix.lower() == ".xml":
            path.write_text(report.to_junit(fail_on=failing, checks=checks), encoding="utf-8")
        else:
            report.save(path)
        print(f"{OUTPUTS[path.suffix.lower()]} written to {path}")
    if failing and report.filter(severity=failing):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _say_read(table: Table) -> None:
    rows, cols = table.frame.shape
    extra = f" ({'; '.join(table.notes)})" if table.notes else ""
    print(f"read {table.path}: {rows:,} rows x {cols:,} columns{extra}")


def _labeller(frame: Any) -> Callable[[str | None], Any]:
    from .commands import column_label

    return lambda word: column_label(frame, word)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
