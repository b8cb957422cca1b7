"""`bodesk users ...` and the one resolver of `--by NAME` behind every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bodesk.cli import main


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_users_add_list_away_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    assert main(["--home", home, "users", "add", "Ana Ruiz", "--role", "approver", "--role", "office_manager",
                 "--limit", "1000", "--email", "ana@example.com", "--by", "Founder"]) == 0
    assert main(["--home", home, "users", "add", "Ben", "--role", "approver,staff", "--manager", "ana ruiz"]) == 0
    assert main(["--home", home, "users", "away", "Ana Ruiz", "--until", "2099-01-31", "--delegate", "Ben"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "users", "list", "--json"]) == 0
    rows = {r["name"]: r for r in _records(capsys.readouterr().out)}
    assert rows["Ana Ruiz"]["roles"] == ["office_manager", "approver"] and rows["Ana Ruiz"]["limit"] == "1000.00"
    assert (rows["Ana Ruiz"]["away_until"], rows["Ana Ruiz"]["delegate"]) == ("2099-01-31", "Ben")
    assert rows["Ben"]["manager"] == "Ana Ruiz" and rows["Founder"]["roles"] == ["founder", "admin"]
    assert main(["--home", home, "users", "away", "Ana Ruiz", "--back"]) == 0
    assert main(["--home", home, "users", "remove", "Ben"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "users", "list", "--json"]) == 0
    assert [r["name"] for r in _records(capsys.readouterr().out)] == ["Founder", "Ana Ruiz"]


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["users", "add", "Sam", "--role", "approver", "--limit", "lots"], "The limit “lots” is not a number"),
        (["users", "add", "Sam", "--role", "chief"], "“chief” is not a role"),
        (["users", "add", "bodesk", "--role", "staff"], "a person cannot use it"),
        (["users", "add", "Sam", "--role", "staff", "--by", "Nobody"], "“Nobody” is not one of the office's people"),
        (["users", "away", "Founder", "--until", "2099-01-01", "--delegate", "Ghost"], "“Ghost” is not one of"),
        (["users", "remove", "Ghost"], "“Ghost” is not one of"),
        (["approve", "1", "--by", "bodesk"], "act under your own name"),
        (["approve", "1", "--by", "Founder\u200b Smith"], "“Founder Smith” is not one of"),
    ],
)
def test_bad_people_input_exits_1_with_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   argv: list[str], sentence: str) -> None:
    home = str(tmp_path / "ws")
    assert main(["--home", home, *argv]) == 1
    err = capsys.readouterr().err
    assert sentence in err and "Traceback" not in err
    assert main(["--home", home, "users", "list", "--json"]) == 0
    assert [r["name"] for r in _records(capsys.readouterr().out)] == ["Founder"]  # nothing half-saved


def test_every_by_must_name_one_of_the_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("name,tax_id,iban,payment_terms_days\nAcme Ltd,,,30\n", encoding="utf-8")
    assert main(["--home", home, "vendors", "import", str(vendors), "--by", "Intern Joe"]) == 1
    assert "“Intern Joe” is not one of the office's people (Founder)" in capsys.readouterr().err
    assert main(["--home", home, "vendors", "import", str(vendors), "--by", "founder"]) == 0
