"""``clearance risk train|score|evaluate|profiles|record`` on small fictional declaration files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearance.cli import app
from tests.risk.synthetic import records

RUNNER = CliRunner()


def _csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.DictWriter(sink, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "train": _csv(tmp_path / "train.csv", records(600, seed=1)),
        "valid": _csv(tmp_path / "valid.csv", records(300, seed=2, start=__import__("datetime").date(2020, 6, 1))),
        "model": tmp_path / "model",
        "data": tmp_path / "data",
    }


def _env(files: dict[str, Path]) -> dict[str, str]:
    return {"CLEARANCE_DATA_DIR": str(files["data"])}


def test_train_then_evaluate_then_score(files: dict[str, Path], tmp_path: Path) -> None:
    trained = RUNNER.invoke(app, ["risk", "train", "--data", str(files["train"]), "--valid", str(files["valid"]),
                                  "--model", str(files["model"]), "--json"], env=_env(files))
    assert trained.exit_code == 0, trained.output
    summary = json.loads(trained.stdout)
    assert summary["training"]["rows"] == 600 and summary["valid"]["auc"] > 0.8
    assert (files["model"] / "model.txt").is_file()

    evaluated = RUNNER.invoke(app, ["risk", "evaluate", str(files["valid"]), "--model", str(files["model"])],
                              env=_env(files))
    assert evaluated.exit_code == 0 and "precision" in evaluated.output and "AUC" in evaluated.output

    output = tmp_path / "lanes.csv"
    scored = RUNNER.invoke(app, ["risk", "score", str(files["valid"]), "--model", str(files["model"]),
                                 "--output", str(output), "--batch-by", "week"], env=_env(files))
    assert scored.exit_code == 0, scored.output
    with open(output, encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert len(rows) == 300
    lanes = [r["lane"] for r in rows]
    assert 5 <= lanes.count("red") <= 25 and lanes.count("green") > 200
    assert all(r["reasons"] for r in rows if r["lane"] != "green")
    assert "largest deviation" in scored.output


def test_score_with_profiles_only_writes_jsonl(files: dict[str, Path], tmp_path: Path) -> None:
    output = tmp_path / "lanes.jsonl"
    result = RUNNER.invoke(app, ["risk", "score", str(files["valid"]), "--no-model", "--output", str(output),
                                 "--red", "2", "--yellow", "0", "--blue", "0", "--random", "1"], env=_env(files))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert sum(r["lane"] == "red" for r in rows) == 6 and sum(r["random_selection"] for r in rows) == 3
    assert "profiles only" in result.output


def test_bad_input_gets_a_clear_message(files: dict[str, Path], tmp_path: Path) -> None:
    missing = RUNNER.invoke(app, ["risk", "score", str(files["valid"]), "--model", str(tmp_path / "none")],
                            env=_env(files))
    assert missing.exit_code == 3 and "risk train" in missing.output
    quotas = RUNNER.invoke(app, ["risk", "score", str(files["valid"]), "--no-model", "--red", "60", "--yellow",
                                 "60"], env=_env(files))
    assert quotas.exit_code == 2 and "exceed" in quotas.output
    unlabelled = _csv(tmp_path / "u.csv", [{k: v for k, v in r.items() if k not in ("fraud", "critical_fraud")}
                                           for r in records(60)])
    train = RUNNER.invoke(app, ["risk", "train", "--data", str(unlabelled), "--model", str(files["model"])],
                          env=_env(files))
    assert train.exit_code == 3 and "label" in train.output
    bad = tmp_path / "bad.csv"
    bad.write_text("declaration_id,date,hs_code\nA,yesterday,12\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["risk", "score", str(bad), "--no-model"], env=_env(files))
    assert result.exit_code == 2 and "line 2" in result.output and "date" in result.output


def test_profiles_lists_and_validates(files: dict[str, Path], tmp_path: Path) -> None:
    listed = RUNNER.invoke(app, ["risk", "profiles", "--as-of", "2020-06-01"], env=_env(files))
    assert listed.exit_code == 0 and "RP-UNDERVALUE-01" in listed.output
    assert "RP-CAMPAIGN-PLASTICS-2021" not in listed.output
    broken = tmp_path / "profiles.csv"
    broken.write_text("id,condition,weight,reason,valid_from,valid_to,lane,source\n"
                      "X,orgin_country = CN,0.5,r,,,,me\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["risk", "profiles", "--profiles", str(broken)], env=_env(files))
    assert result.exit_code == 2 and "orgin_country" in result.output


def test_record_results_then_retrain_with_feedback(files: dict[str, Path], tmp_path: Path) -> None:
    inspected = _csv(tmp_path / "inspected.csv", records(80, seed=7))
    recorded = RUNNER.invoke(app, ["risk", "record", str(inspected), "--inspector", "officer.kim"],
                             env=_env(files))
    assert recorded.exit_code == 0 and "80 inspection result(s)" in recorded.output
    trained = RUNNER.invoke(app, ["risk", "train", "--data", str(files["train"]), "--with-feedback", "--model",
                                  str(files["model"]), "--json"], env=_env(files))
    assert trained.exit_code == 0, trained.output
    assert json.loads(trained.stdout)["training"]["rows"] == 680
