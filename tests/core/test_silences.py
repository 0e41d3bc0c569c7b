"""Silences in mlqa.toml: the findings a user decided to leave are set aside, not counted."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mlqa_nb as mq
from mlqa_nb._core.silences import load_silences


def planted():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"height_cm": rng.normal(170, 10, 500).round(1), "city": rng.choice(["Paris", "Lyon"], 500)})
    df.loc[[1, 2, 3], "height_cm"] = (df.loc[[1, 2, 3], "height_cm"] / 2.54).round(1)
    df.loc[[4, 5], "city"] = ["paris", "PARIS "]
    return df


def write(folder, text):
    (folder / "mlqa.toml").write_text(text, encoding="utf-8")


def test_no_file_silences_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_silences() == ()
    report = mq.profile(planted())
    assert report.silenced == [] and {"unit_scale", "inconsistent_categories"} <= {f.check for f in report.findings}


def test_a_silenced_finding_is_set_aside_and_the_report_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = mq.profile(planted())
    write(tmp_path, '[[silence]]\ncheck = "unit_scale"\ncolumn = "height_cm"\nreason = "measured in inches on purpose"\n')
    after = mq.profile(planted())
    assert [f.check for f in after.silenced] == ["unit_scale"]
    assert "unit_scale" not in {f.check for f in after.findings}
    assert after.counts()["warning"] == before.counts()["warning"] - 1
    assert any("1 finding silenced in mlqa.toml: unit_scale" in note for note in after.notes)
    assert "1 finding silenced" in after.to_html()
    data = json.loads(after.to_json())
    assert [f["check"] for f in data["silenced"]] == ["unit_scale"]
    assert data["counts"] == after.counts()
    # silences=None reads no file
    assert "unit_scale" in {f.check for f in mq.profile(planted(), silences=None).findings}


def test_column_and_frame_narrow_a_silence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[[silence]]\ncheck = "unit_scale"\ncolumn = "weight"\n'
                    '[[silence]]\ncheck = "inconsistent_categories"\nframe = "orders"\n')
    other = mq.profile(planted(), name="customers")
    assert other.silenced == []  # another column, another frame
    orders = mq.profile(planted(), name="orders")
    assert [f.check for f in orders.silenced] == ["inconsistent_categories"]


def test_a_silence_file_elsewhere(tmp_path):
    path = tmp_path / "project.toml"
    path.write_text('[[silence]]\ncheck = "unit_scale"\n')
    assert [f.check for f in mq.profile(planted(), silences=path).silenced] == ["unit_scale"]


@pytest.mark.parametrize(("text", "message"), [
    ("[[silence]\ncheck = 'x'", "is not valid TOML"),
    ("[[silence]]\ncolumn = 'a'\n", "needs a 'check'"),
    ("[[silence]]\ncheck = 'outliers'\ncolum = 'a'\n", "unknown keys ['colum']"),
    ("[[silence]]\ncheck = 'outliers'\ncolumn = 3\n", "'column' must be text"),
    ("silence = 'all'\n", "must be a list of tables"),
])
def test_a_wrong_file_gets_an_error_that_names_it(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text)
    with pytest.raises(ValueError, match="mlqa.toml") as error:
        mq.profile(planted())
    assert message in str(error.value)


def test_an_edited_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[[silence]]\ncheck = "unit_scale"\n')
    assert len(load_silences()) == 1
    write(tmp_path, '[[silence]]\ncheck = "unit_scale"\n[[silence]]\ncheck = "outliers"\n')
    import os

    os.utime(tmp_path / "mlqa.toml", ns=(1, 10**18))  # a new time even on a coarse clock
    assert [s.check for s in load_silences()] == ["unit_scale", "outliers"]


def test_the_text_form_and_the_command_line_say_how_many_were_silenced(tmp_path, monkeypatch, capsys):
    from mlqa_nb._frontends.cli import main

    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[[silence]]\ncheck = "unit_scale"\n')
    assert "(1 silenced in mlqa.toml)" in repr(mq.profile(planted()))
    planted().to_csv(tmp_path / "people.csv", index=False)
    main(["profile", "people.csv"])
    out = capsys.readouterr().out
    assert "1 silenced" in out and "unit_scale" not in out.split("\n", 1)[1]
