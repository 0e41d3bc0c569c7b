import json

from conftest import clean_frame

from mlqa_nb._frontends.cli import main


def test_cli_profiles_a_csv_and_writes_the_report(tmp_path, capsys):
    df = clean_frame(300)
    df.loc[[3], "age"] = -4
    path = tmp_path / "orders.csv"
    df.to_csv(path, index=False)
    out = tmp_path / "report.json"
    code = main(["profile", str(path), "--target", "label", "-o", str(out)])
    assert code == 0
    assert "range_violation" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert any(f["check"] == "range_violation" and f["rows"] == [3] for f in data["findings"])


def test_cli_reports_a_bad_target(tmp_path, capsys):
    path = tmp_path / "d.csv"
    clean_frame(50).to_csv(path, index=False)
    assert main(["profile", str(path), "--target", "nope"]) == 2
    assert "target='nope'" in capsys.readouterr().err
