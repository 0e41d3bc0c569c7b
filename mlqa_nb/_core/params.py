"""What an argument or a check option may be, and errors that name the wrong one.

Messages follow scikit-learn's form: "The 'cv' parameter of label_issues must be
an int >= 2. Got 1 instead."
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Interval:
    """A real (or integer) number between ``low`` and ``high``; None is an open end."""

    kind: type  # int or float
    low: float | None = None
    high: float | None = None
    closed: str = "both"  # which ends belong: "both", "left", "right", "neither"

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        if self.kind is int and not isinstance(value, numbers.Integral):
            return False
        if not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or (value == self.low and self.closed in ("right", "neither"))):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and self.closed in ("left", "neither")))
        )

    def __str__(self) -> str:
        noun = "an int" if self.kind is int else "a float"
        low_in, high_in = self.closed in ("both", "left"), self.closed in ("both", "right")
        if self.low is not None and self.high is not None:
            return f"{noun} in the range {'[' if low_in else '('}{self.low}, {self.high}{']' if high_in else ')'}"
        if self.low is not None:
            return f"{noun} {'>=' if low_in else '>'} {self.low}"
        if self.high is not None:
            return f"{noun} {'<=' if high_in else '<'} {self.high}"
        return noun


@dataclass(frozen=True)
class OneOf:
    """One of a few fixed values."""

    values: tuple

    def accepts(self, value: Any) -> bool:
        return any(value == v and type(value) is type(v) for v in self.values)

    def __str__(self) -> str:
        if len(self.values) == 1:
            return repr(self.values[0])
        return "one of " + ", ".join(repr(v) for v in self.values)


@dataclass(frozen=True)
class InstanceOf:
    """A value of a given type (bool is not an int here)."""

    kind: type
    label: str

    def accepts(self, value: Any) -> bool:
        if self.kind is not bool and isinstance(value, bool):
            return False
        return isinstance(value, self.kind)

    def __str__(self) -> str:
        return self.label


NONE = OneOf((None,))
BOOL = InstanceOf(bool, "a bool")
TEXT = InstanceOf(str, "a str")
#: Shares and probabilities.
SHARE = Interval(float, 0, 1, "neither")
POSITIVE = Interval(float, 0, None, "neither")
NON_NEGATIVE = Interval(float, 0, None)


def ints_from(low: int) -> Interval:
    return Interval(int, low, None)


@dataclass(frozen=True)
class Param:
    """A check option's default with what values it accepts."""

    default: Any
    accepts: Any  # a constraint, or a tuple of them (any may match)


def constraint_for(default: Any) -> Any:
    """The constraint a plain default implies: its type, and for a positive number
    (every threshold here) that it stays positive."""
    if isinstance(default, bool):
        return BOOL
    if isinstance(default, numbers.Integral):
        return ints_from(1) if default > 0 else Interval(int, 0, None) if default == 0 else Interval(int)
    if isinstance(default, numbers.Real):
        return POSITIVE if default > 0 else NON_NEGATIVE if default == 0 else Interval(float)
    if isinstance(default, str):
        return TEXT
    if default is None:
        return NONE
    return InstanceOf(type(default), f"a {type(default).__name__}")


def describe(constraints: Any) -> str:
    options = constraints if isinstance(constraints, tuple) else (constraints,)
    shown = [str(c) for c in options]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def check_value(owner: str, name: str, value: Any, constraints: Any) -> Any:
    """Return ``value`` when one of ``constraints`` accepts it, else raise an error
    naming the parameter, what it must be and what was given.

    A wrong type raises TypeError, a value of the right type out of range ValueError.
    """
    options = constraints if isinstance(constraints, tuple) else (constraints,)
    if any(c.accepts(value) for c in options):
        return value
    right_type = any(
        isinstance(c, Interval) and isinstance(value, numbers.Real) and not isinstance(value, bool)
        for c in options
    )
    error = ValueError if right_type else TypeError
    raise error(f"The {name!r} parameter of {owner} must be {describe(options)}. Got {value!r} instead.")


def check_params(owner: str, **values: tuple[Any, Any]) -> None:
    """Check several public arguments at once: ``name=(value, constraints)``."""
    for name, (value, constraints) in values.items():
        check_value(owner, name, value, constraints)
