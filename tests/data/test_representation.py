"""representation: groups too small to learn or evaluate, shares against a reference population."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq


@pytest.fixture(scope="module")
def penguins():
    from palmerpenguins import load_penguins

    return load_penguins()


def test_shares_that_match_the_reference_stay_quiet_and_missing_values_are_no_group(penguins):
    report = mq.representation(penguins, "sex", reference={"male": 0.5, "female": 0.5})
    assert report.findings == []
    table = report.tables["representation"].set_index("group")
    assert table.loc["male", "rows"] == 168 and set(table.index) == {"male", "female"}
    assert report.notes == ["11 rows without a value in 'sex' belong to no group and are left out."]
    assert mq.profile(penguins, groups=["species", "island"]).filter(check="representation") == []


def test_a_population_unlike_the_reference_is_named_group_by_group(penguins):
    reference = {"Adelie": 100, "Gentoo": 100, "Chinstrap": 100, "Emperor": 100}  # counts are fine too
    (finding,) = mq.representation(penguins, "species", reference=reference).findings
    assert finding.severity == "critical"  # a group of the reference has no rows at all
    assert finding.details["absent"] == ["Emperor"] and finding.details["p_value"] < 1e-10
    assert "'Emperor' 0% against 25%" in finding.message
    shifted = mq.representation(penguins, "island", reference={"Biscoe": 0.2, "Dream": 0.4, "Torgersen": 0.4})
    assert [f.severity for f in shifted.findings] == ["warning"]
    figure = shifted.figures["groups"]
    assert figure.labels[0] in ("Dream", "Torgersen") and sum(figure.reference) == pytest.approx(1)


def test_groups_too_small_to_learn_are_flagged_with_their_rows(penguins):
    site = np.where(np.arange(len(penguins)) < 12, "north", "south")
    frame = penguins.assign(site=site)
    for report in (mq.profile(frame, sensitive="site"), mq.representation(frame, "site")):
        (finding,) = report.filter(check="representation")
        assert finding.severity == "warning" and finding.details["groups"] == ["north"]
        assert finding.rows == tuple(range(12))
    combos = mq.representation(penguins, ["species", "island"])
    assert combos.findings == [] and len(combos.tables["representation"]) == 5


def test_representation_errors(penguins):
    with pytest.raises(KeyError, match="by='colour' is not a column"):
        mq.representation(penguins, "colour")
    with pytest.raises(ValueError, match="reference values must be shares or counts"):
        mq.representation(penguins, "sex", reference={"male": "half"})
    with pytest.raises(TypeError, match="reference must map each group"):
        mq.representation(penguins, "sex", reference=[0.5, 0.5])
    pd.testing.assert_frame_equal(penguins, __import__("palmerpenguins").load_penguins())
