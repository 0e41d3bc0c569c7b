"""The built-in checks; importing this package registers them."""

from . import (  # noqa: F401
    _class_imbalance,
    _duplicates,
    _inconsistent_categories,
    _leakage,
    _low_information,
    _missing_values,
    _outliers,
    _range_violation,
    _text_encoding,
    _type_mismatch,
    _unit_scale,
)
