"""Ratios between units that people confuse, shared by the unit-error check and traces."""

from __future__ import annotations

#: Ratio between two units -> what usually causes it.
UNIT_FACTORS: dict[float, str] = {
    10.0: "e.g. centimetres vs millimetres",
    100.0: "e.g. metres vs centimetres, or a percentage vs a fraction",
    1000.0: "e.g. kilograms vs grams, or kilometres vs metres",
    1e6: "e.g. millions vs units",
    2.54: "inches vs centimetres",
    12.0: "feet vs inches, or years vs months",
    2.20462: "kilograms vs pounds",
    3.28084: "metres vs feet",
    1.60934: "miles vs kilometres",
    60.0: "hours vs minutes, or minutes vs seconds",
}


def unit_hint(ratio: float, tolerance: float = 0.02) -> str | None:
    """What a ratio between two values suggests ("inches vs centimetres"), or None."""
    for factor, hint in UNIT_FACTORS.items():
        for value in (factor, 1 / factor):
            if abs(ratio / value - 1) < tolerance:
                return hint
    return None
