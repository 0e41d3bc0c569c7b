"""The registry: every catalog id listed with its family and defaults, options checked by name and value."""

from __future__ import annotations

import mlqa_nb as mq


def test_checks_lists_registered_ids_with_defaults():
    table = mq.checks()
    assert {"missing_values", "duplicates", "type_mismatch", "low_information", "outliers",
            "unit_scale", "range_violation", "text_encoding", "inconsistent_categories",
            "class_imbalance", "leakage"} <= set(table["check"])
    assert table.set_index("check").loc["outliers", "options"]["z_threshold"] == 5.0

