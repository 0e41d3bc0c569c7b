"""text_encoding: damaged characters per kind."""

from __future__ import annotations

from conftest import clean_frame, only

import mlqa_nb as mq


def test_text_damage_found_per_kind():
    df = clean_frame(2000)
    df.loc[[1, 2], "comment"] = ["caf\u00c3\u00a9 was nice", "it\u00e2\u20ac\u2122s late"]
    df.loc[[3], "comment"] = ["bad\\nline"]
    df.loc[[4], "comment"] = ["lost \ufffd byte"]
    df.loc[[5], "comment"] = ["bell\x07 inside"]
    df.loc[[6], "comment"] = ["fish &amp; chips"]
    kinds = {f.details["kind"]: f for f in only(mq.profile(df), "text_encoding")}
    assert set(kinds["mojibake"].rows) == {1, 2}
    assert kinds["literal_escape"].rows == (3,)
    assert kinds["replacement_character"].rows == (4,)
    assert kinds["control_character"].rows == (5,)
    # both destroy the text a reader sees, so both are warnings
    assert kinds["html_entity"].rows == (6,)
    assert kinds["html_entity"].severity == kinds["replacement_character"].severity == "warning"

