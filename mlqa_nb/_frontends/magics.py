"""%mlqa: the notebook front end. Parses arguments, calls the core, returns the Report."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

HELP = """\
%mlqa profile DF [--target COL] [--time COL] [--important COL ...] [--checks ID ...] [--skip ID ...]
    Profile the data frame DF and run the data checks; shows the report inline.
%mlqa outliers DF [--columns COL ...] [--by COL ...] [--z Z]
    Robust outliers per column, or within groups with --by.
%mlqa mapping DF KEY ATTRIBUTE [--reference REF]
    Check that each KEY maps to one ATTRIBUTE (optionally against the frame REF).
%mlqa drift REF CUR [--columns COL ...] [--target COL]
    How the frame CUR differs from the reference frame REF.
%mlqa volume DF --time COL [--by COL ...] [--freq D]
    Rows per period (and group) against a season-aware baseline.
%%mlqa trace
    Run the cell, then report how each data frame it created or changed differs.
%mlqa baselines MODEL X Y [--text COL ...] [--cv 5]
    MODEL against simple baselines on the same folds.
%mlqa evaluate MODEL X Y [--slices COL ...] [--sensitive COL]
    Metrics, error tail, weakest slices and group gaps of a fitted MODEL.
%mlqa compare OLD NEW X [Y]
    How much the NEW model version changes the answers of OLD, and where.
%mlqa agreement LABELS
    Agreement between annotators (one column each).
%mlqa checks
    List the checks with their thresholds.
%mlqa help
    This text.

DF and REF are names of variables in the notebook; COL are column names
(quote names with spaces: --target "sale price").
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit the kernel
        raise UsageError(f"%mlqa {self.prog.split()[-1]}: {message}\n\n{HELP}")


#: Each subcommand's arguments: (name, argparse options). Variables and columns are names.
LIST = {"nargs": "+"}
SUBCOMMANDS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "profile": [("frame", {}), ("--target", {}), ("--time", {}), ("--important", LIST),
                ("--checks", LIST), ("--skip", LIST)],
    "outliers": [("frame", {}), ("--columns", LIST), ("--by", LIST), ("--z", {"type": float, "default": 5.0})],
    "mapping": [("frame", {}), ("key", {}), ("attribute", {}), ("--reference", {})],
    "drift": [("reference", {}), ("current", {}), ("--columns", LIST), ("--target", {})],
    "volume": [("frame", {}), ("--time", {"required": True}), ("--by", LIST), ("--freq", {"default": "D"})],
    "baselines": [("model", {}), ("X", {}), ("y", {}), ("--text", LIST), ("--cv", {"type": int, "default": 5})],
    "evaluate": [("model", {}), ("X", {}), ("y", {}), ("--slices", LIST), ("--sensitive", {})],
    "compare": [("old", {}), ("new", {}), ("X", {}), ("y", {"nargs": "?"})],
    "agreement": [("labels", {})],
    "checks": [],
    "help": [],
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="%mlqa", add_help=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command, arguments in SUBCOMMANDS.items():
        command_parser = sub.add_parser(command, add_help=False)
        for name, options in arguments:
            command_parser.add_argument(name, **options)
    return parser


def _column(frame: Any, text: str | None) -> Any:
    """A column label from its text: a string label as is, else a matching int or float."""
    if text is None:
        return None
    columns = list(frame.columns)
    if text in columns:
        return text
    for label in columns:
        if not isinstance(label, str) and str(label) == text:
            return label
    return text  # the core names it in its error


def _columns(frame: Any, texts: list[str] | None) -> list | None:
    return None if texts is None else [_column(frame, t) for t in texts]


@magics_class
class MlqaMagics(Magics):
    """``%mlqa``: quality checks on the notebook's variables."""

    def _variable(self, name: str, role: str = "data frame") -> Any:
        namespace = self.shell.user_ns
        if name not in namespace:
            raise UsageError(f"%mlqa: no variable named {name!r} in the notebook (expected a {role})")
        return namespace[name]

    def _call(self, command: str, run: Any) -> Any:
        try:
            return run()
        except (KeyError, ValueError, TypeError, RuntimeError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else error
            raise UsageError(f"%mlqa {command}: {message}") from None

    def _cell(self, line: str, cell: str) -> Any:
        words = line.split()
        if words != ["trace"]:
            raise UsageError(f"%%mlqa: the cell magic takes one subcommand, trace; got {line!r}\n\n{HELP}")
        from .._monitoring.snapshot import frames_in, snapshot, trace_namespace

        namespace = self.shell.user_ns
        before = {name: snapshot(frame, name=name) for name, frame in frames_in(namespace).items()}
        result = self.shell.run_cell(cell, store_history=False)
        report = trace_namespace(before, frames_in(namespace), cell="cell")
        if not result.success:
            report.notes.append("the cell raised an error; frames are compared as it left them.")
        return report

    def _models(self, args: argparse.Namespace, mq: Any) -> Any:
        get = self._variable
        if args.command == "agreement":
            labels = get(args.labels, "data frame of labels")
            return self._call("agreement", lambda: mq.agreement(labels, name=args.labels))
        if args.command == "compare":
            old, new, X = get(args.old, "model"), get(args.new, "model"), get(args.X, "feature frame")
            y = get(args.y, "target") if args.y else None
            return self._call("compare", lambda: mq.compare_models(old, new, X, y, name=args.new))
        model, X, y = get(args.model, "model"), get(args.X, "feature frame"), get(args.y, "target")
        if args.command == "baselines":
            return self._call("baselines", lambda: mq.baselines(
                model, X, y, text=_columns(X, args.text), cv=args.cv, name=args.model))
        return self._call("evaluate", lambda: mq.evaluate(
            model, X, y, slices=_columns(X, args.slices), sensitive=_column(X, args.sensitive), name=args.model))

    @line_cell_magic
    def mlqa(self, line: str, cell: str | None = None) -> Any:
        """Run ``%mlqa help`` for the subcommands."""
        if cell is not None:
            return self._cell(line, cell)
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise UsageError(f"%mlqa: cannot parse the arguments: {error}") from None
        if not words or words[0] in ("help", "-h", "--help"):
            print(HELP)
            return None
        args = _parser().parse_args(words)
        import mlqa_nb as mq

        if args.command == "checks":
            return mq.checks()
        if args.command == "help":
            print(HELP)
            return None
        if args.command in ("baselines", "evaluate", "compare", "agreement"):
            return self._models(args, mq)
        if args.command == "drift":
            reference = self._variable(args.reference, "reference data frame")
            current = self._variable(args.current, "current data frame")
            return self._call(args.command, lambda: mq.drift(
                reference, current, columns=_columns(reference, args.columns),
                target=_column(reference, args.target), name=args.current))
        frame = self._variable(args.frame)
        if args.command == "volume":
            return self._call(args.command, lambda: mq.volume(
                frame, time=_column(frame, args.time), by=_columns(frame, args.by), freq=args.freq,
                name=args.frame))
        if args.command == "profile":
            return self._call(args.command, lambda: mq.profile(
                frame, target=_column(frame, args.target), time=_column(frame, args.time),
                important=_columns(frame, args.important), checks=args.checks, skip=args.skip,
                name=args.frame))
        if args.command == "outliers":
            return self._call(args.command, lambda: mq.outliers(
                frame, columns=_columns(frame, args.columns), by=_columns(frame, args.by),
                z_threshold=args.z, name=args.frame))
        if args.command == "mapping":
            reference = self._variable(args.reference, "reference mapping") if args.reference else None
            return self._call(args.command, lambda: mq.check_mapping(
                frame, _column(frame, args.key), _column(frame, args.attribute), reference=reference,
                name=args.frame))
        raise UsageError(f"%mlqa: unknown subcommand {args.command!r}\n\n{HELP}")


def register_magics(ipython: Any) -> None:
    """Register ``%mlqa`` with an IPython shell."""
    ipython.register_magics(MlqaMagics)
