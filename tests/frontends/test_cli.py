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


# -- mlqa baseline / mlqa check, run as a user runs them ---------------------
import subprocess  # noqa: E402
import sys  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

import pytest  # noqa: E402


def mlqa(*words, cwd):
    """Run the installed command line in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "mlqa_nb", *map(str, words)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def orders(days=70, seed=0, lost_day=None, scale=1.0):
    rng = np.random.default_rng(seed)
    parts = []
    for day in pd.date_range("2024-01-01", periods=days, freq="D"):
        for shop, size in (("north", 200), ("south", 80)):
            if lost_day is not None and str(day.date()) == lost_day and shop == "south":
                continue
            n = rng.poisson(size)
            parts.append(pd.DataFrame({
                "ordered": (day + pd.to_timedelta(rng.integers(0, 86400, n), unit="s")).strftime("%Y-%m-%d %H:%M:%S"),
                "shop": shop, "amount": np.round(rng.gamma(2.0, 15.0, n) * scale, 2),
                "pay": rng.choice(["card", "cash"], n)}))
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A semicolon-separated history and its baseline, made by `mlqa baseline`."""
    folder = tmp_path_factory.mktemp("cli")
    orders().to_csv(folder / "history.csv", sep=";", index=False)
    code, out, err = mlqa("baseline", "history.csv", "--time", "ordered", "--by", "shop", "-o", "base.json", cwd=folder)
    assert code == 0, err
    assert "separator ';'" in out and "dates parsed in 'ordered'" in out
    return folder


def batch(folder, name, **kwargs):
    frame = orders(days=77, seed=3, **kwargs)
    frame[frame["ordered"] >= "2024-03-11"].to_csv(folder / name, index=False)
    return name


def test_check_of_a_clean_batch_exits_0_and_writes_every_format(saved):
    name = batch(saved, "clean.csv")
    code, out, err = mlqa("check", name, "--baseline", "base.json", "--fail-on", "warning",
                          "-o", "r.html", "-o", "r.json", "-o", "junit.xml", cwd=saved)
    assert code == 0, out + err
    report = json.loads((saved / "r.json").read_text())
    assert report["kind"] == "check" and not [f for f in report["findings"] if f["severity"] != "info"]
    assert "against the baseline &#39;history&#39;" in (saved / "r.html").read_text()
    suite = ET.parse(saved / "junit.xml").getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests")) >= 10
    assert {c.get("name") for c in suite} >= {"drift", "volume_anomaly", "missing_values"}


def test_check_of_a_bad_batch_exits_1_and_names_the_problems(saved):
    name = batch(saved, "bad.csv", lost_day="2024-03-13", scale=100.0)
    code, out, err = mlqa("check", name, "--baseline", "base.json", "-o", "junit.xml", cwd=saved)
    assert code == 1, out + err
    assert "No rows for 'shop' = 'south'" in out and "2024-03-13" in out
    assert "Column 'amount' drifted" in out
    suite = ET.parse(saved / "junit.xml").getroot()
    failed = {c.get("name") for c in suite if c.find("failure") is not None}
    assert failed == {"drift", "volume_anomaly"}
    assert mlqa("check", name, "--baseline", "base.json", "--fail-on", "never", cwd=saved)[0] == 0


@pytest.mark.parametrize("words, message", [
    (["check", "nope.csv", "--baseline", "base.json"], "no data file at 'nope.csv'"),
    (["check", ".", "--baseline", "base.json"], "'.' is a directory, not a data file"),
    (["check", "history.csv", "--baseline", "nope.json"], "no baseline file at 'nope.json'"),
    (["check", "history.csv", "--baseline", "history.csv"], "history.csv is not a saved mlqa_nb baseline"),
    (["check", "history.csv", "--baseline", "base.json", "-o", "r.pdf"], "cannot write 'r.pdf'"),
    (["check", "history.csv", "--baseline", "base.json", "-o", "missing/r.html"], "output folder 'missing' does not exist"),
    (["check", "history.csv"], "the following arguments are required: --baseline"),
    (["profile", "history.csv", "--fail-on", "often"], "invalid choice: 'often'"),
    (["baseline", "history.csv", "-o", "base.html"], "use .json"),
    (["profile", "notes.md"], "the suffix '.md' is not one of"),
])
def test_wrong_arguments_exit_2_with_one_line_before_any_work(saved, words, message):
    (saved / "notes.md").write_text("# notes\n")
    code, out, err = mlqa(*words, cwd=saved)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert "read " not in out  # nothing was profiled


def test_an_internal_error_is_not_a_finding(saved, monkeypatch, capsys):
    from mlqa_nb._frontends import batch as batch_module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch_module, "check_batch", broken)
    monkeypatch.chdir(saved)
    assert main(["check", "history.csv", "--baseline", "base.json"]) == 3
    assert "internal error (RuntimeError: boom)" in capsys.readouterr().err


def test_semicolons_dates_and_the_version(tmp_path):
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=200, freq="D").strftime("%d/%m/%Y"),
                          "price": np.arange(200) * 1.5, "city": ["Lyon", "Nice"] * 100})
    frame.to_csv(tmp_path / "prices.csv", sep=";", index=False)
    code, out, _ = mlqa("profile", "prices.csv", "-o", "p.json", cwd=tmp_path)
    assert code == 0 and "3 columns" in out and "dates parsed in 'day'" in out
    columns = {c["name"]: c for c in json.loads((tmp_path / "p.json").read_text())["columns"]}
    assert set(columns) == {"day", "price", "city"} and columns["day"]["kind"] == "datetime"
    assert "stored as text" not in out
    assert "200 rows x 1 columns" in mlqa("profile", "prices.csv", "--sep", ",", cwd=tmp_path)[1]
    frame.to_excel(tmp_path / "prices.xlsx", index=False)
    code, out, _ = mlqa("profile", "prices.xlsx", cwd=tmp_path)
    assert code == 0 and "200 rows x 3 columns" in out and "dates parsed in 'day'" in out
    frame.to_json(tmp_path / "prices.json", orient="records", lines=True)
    assert "200 rows x 3 columns" in mlqa("profile", "prices.json", cwd=tmp_path)[1]
    code, out, _ = mlqa("--version", cwd=tmp_path)
    assert code == 0 and out.startswith("mlqa_nb ")
