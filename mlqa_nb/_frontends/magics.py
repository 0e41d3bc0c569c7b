"""%mlqa: the notebook front end. Parses arguments, calls the core, returns the Report."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from .commands import BY_NAME, COMMANDS, Arg, add_arguments, call, help_text

HELP = help_text("%mlqa", extra=(
    ("%%mlqa trace", "Run the cell, then report how each data frame it created or changed differs."),
    ("%mlqa help", "This text."),
)) + """
DF and REF are names of variables in the notebook; COL are column names
(quote names with spaces: --target "sale price").
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit the kernel
        raise UsageError(f"%mlqa {self.prog.split()[-1]}: {message}\n\n{HELP}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="%mlqa", add_help=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command in COMMANDS:
        add_arguments(sub.add_parser(command.name, add_help=False), command)
    sub.add_parser("help", add_help=False)
    return parser


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
        from .._core.validation import frames_in
        from .._monitoring.snapshot import snapshot, trace_namespace

        namespace = self.shell.user_ns
        before = {name: snapshot(frame, name=name) for name, frame in frames_in(namespace).items()}
        result = self.shell.run_cell(cell, store_history=False)
        report = trace_namespace(before, frames_in(namespace), cell="cell")
        if not result.success:
            report.notes.append("the cell raised an error; frames are compared as it left them.")
        return report

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
        command = BY_NAME[args.command]

        def lookup(arg: Arg, word: str) -> Any:
            return self._variable(word, arg.role or "data frame")

        return self._call(command.name, lambda: call(command, args, lookup))


def register_magics(ipython: Any) -> None:
    """Register ``%mlqa`` with an IPython shell."""
    ipython.register_magics(MlqaMagics)
