"""The subcommands of ``%mlqa`` and ``mlqa``, declared once: their arguments,
help and the entry point each one calls.

A front end turns words into values (a notebook variable, a file read from
disk) with its own resolver; everything else, the argparse parser, the help
text and the call, comes from this table.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Argument kinds. Values are looked up by the front end; columns are labels
#: of the frame argument named by ``of``; "ids" are check ids.
VALUE_KINDS = ("frame", "model", "data")


@dataclass(frozen=True)
class Arg:
    """One argument: positional unless ``flag``; ``keyword`` is the entry
    point's parameter when it differs from ``name``."""

    name: str
    kind: str  # frame, model, data, column, columns, ids, int, float, text
    metavar: str = ""
    flag: bool = False
    required: bool = True
    of: str = ""
    default: Any = None
    keyword: str = ""
    role: str = ""  # what a looked-up value should be, for errors
    help: str = ""

    @property
    def option(self) -> str:
        return f"--{self.name}"

    @property
    def target(self) -> str:
        return self.keyword or self.name


@dataclass(frozen=True)
class Command:
    """A subcommand: ``call`` is the ``mlqa_nb`` function it runs; the variable
    (or file) named by the ``name_from`` argument becomes the report's name."""

    name: str
    call: str
    help: str
    args: tuple[Arg, ...] = ()
    name_from: str = ""
    cli: bool = True

    def usage(self, prefix: str) -> str:
        words = [prefix, self.name]
        for a in self.args:
            shown = a.metavar or a.name.upper()
            if a.kind in ("columns", "ids"):
                shown = f"{shown} ..."
            if a.flag:
                words.append(f"{a.option} {shown}" if a.required else f"[{a.option} {shown}]")
            else:
                words.append(shown if a.required else f"[{shown}]")
        return " ".join(words)


def _frame(name: str, metavar: str = "DF", role: str = "data frame") -> Arg:
    return Arg(name, "frame", metavar=metavar, role=role)


def _col(name: str, of: str = "frame", **kwargs: Any) -> Arg:
    return Arg(name, "column", metavar=kwargs.pop("metavar", "COL"), flag=kwargs.pop("flag", True),
               required=kwargs.pop("required", False), of=of, **kwargs)


def _cols(name: str, of: str = "frame", **kwargs: Any) -> Arg:
    return Arg(name, "columns", metavar="COL", flag=True, required=False, of=of, **kwargs)


COMMANDS: tuple[Command, ...] = (
    Command("profile", "profile", "Profile the data frame DF and run the data checks; shows the report inline.", (
        _frame("frame"), _col("target", help="the label column: class balance, leakage, label checks"),
        _col("time", help="timestamps: rows per period, dates in the future"),
        _cols("important", help="columns whose problems are raised a severity"),
        _cols("groups", help="columns whose groups must be large enough to learn and evaluate"),
        Arg("checks", "ids", metavar="ID", flag=True, required=False, help="run only these checks (mlqa checks)"),
        Arg("skip", "ids", metavar="ID", flag=True, required=False, help="leave these checks out"),
    ), name_from="frame"),
    Command("outliers", "outliers", "Robust outliers per column, or within groups with --by.", (
        _frame("frame"), _cols("columns", help="columns to check (default: every numeric one)"),
        _cols("by", help="judge each value within its group"),
        Arg("z", "float", metavar="Z", flag=True, required=False, keyword="z_threshold",
            help="robust SDs from the median that make an outlier"),
    ), name_from="frame"),
    Command("mapping", "check_mapping",
            "Check that each KEY maps to one ATTRIBUTE (optionally against the frame REF).", (
        _frame("frame"), _col("key", flag=False, required=True, metavar="KEY"),
        _col("attribute", flag=False, required=True, metavar="ATTRIBUTE"),
        Arg("reference", "frame", metavar="REF", flag=True, required=False, role="reference mapping"),
    ), name_from="frame"),
    Command("drift", "drift", "How the frame CUR differs from the reference frame REF.", (
        _frame("reference", "REF", "reference data frame"), _frame("current", "CUR", "current data frame"),
        _cols("columns", of="reference", help="columns to compare (default: all shared)"),
        _col("target", of="reference", help="the label column: its drift is label drift"),
    ), name_from="current"),
    Command("volume", "volume", "Rows per period (and group) against a season-aware baseline.", (
        _frame("frame"), _col("time", required=True, help="the timestamp of each row"),
        _cols("by", help="groups whose volume is judged each on its own"),
        Arg("freq", "text", metavar="D", flag=True, required=False, help="period: h, D (default), W, MS"),
    ), name_from="frame"),
    Command("baselines", "baselines", "MODEL against simple baselines on the same folds.", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("y", "data", metavar="Y", role="target"), _cols("text", of="X"),
        Arg("cv", "int", metavar="5", flag=True, required=False),
    ), name_from="model", cli=False),
    Command("evaluate", "evaluate", "Metrics, error tail, weakest slices and group gaps of a fitted MODEL.", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("y", "data", metavar="Y", role="target"), _cols("slices", of="X"), _col("sensitive", of="X"),
    ), name_from="model", cli=False),
    Command("compare", "compare_models", "How much the NEW model version changes the answers of OLD, and where.", (
        Arg("old", "model", metavar="OLD", role="model"), Arg("new", "model", metavar="NEW", role="model"),
        _frame("X", "X", "feature frame"), Arg("y", "data", metavar="Y", required=False, role="target"),
    ), name_from="new", cli=False),
    Command("latency", "latency", "Single-row and batch prediction latency of a fitted MODEL (p50/p95/p99).", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("budget", "float", metavar="MS", flag=True, required=False, keyword="budget_ms"),
    ), name_from="model", cli=False),
    Command("expect", "expect", "Behavioural tests of a fitted MODEL: monotonic, invariant, fixed and spread RULES.", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("rules", "data", metavar="RULES", role="list of rules"),
    ), name_from="model", cli=False),
    Command("importance", "importance", "Permutation importance of MODEL's features on held-out rows.", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("y", "data", metavar="Y", role="target"), _cols("expected", of="X", keyword="expected_top"),
    ), name_from="model", cli=False),
    Command("sufficiency", "sufficiency", "Learning curve: does more data still change MODEL's score and answers?", (
        Arg("model", "model", metavar="MODEL", role="model"), _frame("X", "X", "feature frame"),
        Arg("y", "data", metavar="Y", role="target"), Arg("cv", "int", metavar="3", flag=True, required=False),
    ), name_from="model", cli=False),
    Command("representation", "representation", "Rows per group of DF (too few to learn?), against a REF population.", (
        _frame("frame"), Arg("by", "columns", metavar="COL", flag=True, required=True, of="frame"),
        Arg("reference", "data", metavar="REF", flag=True, required=False, role="reference shares"),
    ), name_from="frame", cli=False),
    Command("agreement", "agreement", "Agreement between annotators (one column each).", (
        _frame("labels", "LABELS", "data frame of labels"),
    ), name_from="labels"),
    Command("checks", "checks", "List the checks with their thresholds.", ()),
    Command("explore", "explore", "Explore the findings of DF: filter, see rows and figures, change thresholds, "
            "silence, insert fixes (ipywidgets); --by adds outliers within groups.",
            (_frame("frame"), _col("target"), _col("time"), _cols("by")),
            name_from="frame", cli=False),
    Command("watch", "watch", "After each cell, a line for each frame the cell created or changed that gained "
            "warning or critical findings (on|off).", (Arg("on", "text", metavar="on|off"),), cli=False),
)

BY_NAME = {c.name: c for c in COMMANDS}

_TYPES = {"int": int, "float": float}


def help_text(prefix: str, *, cli: bool = False, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """Every command's usage line and purpose, for ``%mlqa help`` or ``mlqa --help``."""
    lines = []
    for command in COMMANDS:
        if cli and not command.cli:
            continue
        lines += [command.usage(prefix), f"    {command.help}"]
    for usage, purpose in extra:
        lines += [usage, f"    {purpose}"]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser, command: Command, *, files: bool = False) -> None:
    """The command's arguments on an argparse (sub)parser; ``files``: frames are
    named by data files (the command line)."""
    for a in command.args:
        options: dict[str, Any] = {"help": a.help or None}
        if a.kind == "frame" and files:
            options.update(metavar=a.metavar if a.metavar not in ("DF", "") else "DATA",
                           help=f"{a.role}: a CSV, parquet, JSON (lines), feather or Excel file")
        elif a.kind in ("column", "columns", "ids"):
            options["metavar"] = a.metavar or "COL"
        if a.kind in ("columns", "ids"):
            options["nargs"] = "+"
        if a.kind in _TYPES:
            options["type"] = _TYPES[a.kind]
        if a.flag:
            options["required"] = a.required
            options["dest"] = a.name
            parser.add_argument(a.option, **options)
        else:
            if not a.required:
                options["nargs"] = "?"
            parser.add_argument(a.name, **options)


def column_label(frame: Any, text: str | None) -> Any:
    """A column label from its text: a string label as is, else a matching int or float."""
    from .._core.validation import column_names

    if text is None:
        return None
    columns = column_names(frame)
    if text in columns:
        return text
    for label in columns:
        if not isinstance(label, str) and str(label) == text:
            return label
    return text  # the entry point names it in its error


def call(
    command: Command, parsed: argparse.Namespace, lookup: Callable[[Arg, str], Any],
    name: Callable[[str], str] = str,
) -> Any:
    """Run ``command`` with the parsed words; ``lookup(arg, word)`` turns a word
    naming a frame, model or data into its value, ``name(word)`` the word naming
    the main frame or model into the report's name."""
    import mlqa_nb as mq

    values: dict[str, Any] = {}
    for a in command.args:
        word = getattr(parsed, a.name)
        if a.kind in VALUE_KINDS:
            values[a.name] = lookup(a, word) if word is not None else None
    positional, keywords = [], {}
    for a in command.args:
        word = getattr(parsed, a.name)
        if a.kind in VALUE_KINDS:
            value = values[a.name]
        elif a.kind == "column":
            value = column_label(values[a.of], word)
        elif a.kind == "columns":
            value = None if word is None else [column_label(values[a.of], w) for w in word]
        else:
            value = word
        if a.flag:
            if value is not None:
                keywords[a.target] = value
        elif a.required or value is not None:
            positional.append(value)
    if command.name_from:
        keywords["name"] = name(getattr(parsed, command.name_from))
    return getattr(mq, command.call)(*positional, **keywords)
