import json

import numpy as np
import pandas as pd
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


def test_cli_runs_the_notebook_subcommands_on_files(tmp_path, capsys):
    rng = np.random.default_rng(0)
    ref = pd.DataFrame({"price": rng.normal(10, 1, 500), "city": rng.choice(["a", "b"], 500)})
    ref.to_csv(tmp_path / "ref.csv", index=False)
    ref.assign(price=ref["price"] * 3).to_parquet(tmp_path / "today.parquet")
    out = tmp_path / "drift.json"
    assert main(["drift", str(tmp_path / "ref.csv"), str(tmp_path / "today.parquet"), "-o", str(out)]) == 1
    report = json.loads(out.read_text())
    assert report["title"].startswith("drift of today ")
    assert any(f["check"] == "drift" and f["columns"] == ["price"] and f["severity"] == "critical"
               for f in report["findings"])
    assert main(["drift", str(tmp_path / "ref.csv"), str(tmp_path / "ref.csv")]) == 0
    assert main(["outliers", str(tmp_path / "ref.csv"), "--columns", "price", "--z", "6"]) == 0
    capsys.readouterr()
    assert main(["checks"]) == 0
    assert "baseline_comparison" in capsys.readouterr().out


def test_cli_names_a_missing_file_and_a_wrong_column(tmp_path, capsys):
    assert main(["profile", str(tmp_path / "nope.csv")]) == 2
    assert "no data file at" in capsys.readouterr().err
    path = tmp_path / "d.csv"
    clean_frame(50).to_csv(path, index=False)
    assert main(["volume", str(path), "--time", "when"]) == 2
    assert "time='when'" in capsys.readouterr().err
