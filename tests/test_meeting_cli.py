"""The meeting, levy, rules and villager commands: what a cadre types and reads."""

from __future__ import annotations

import json

from tracker import records
from tracker.cli import main


def run(capsys, db_path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_meeting_and_its_levy_from_the_command_line(db, db_path, capsys):
    records.add_project("上屋场", "一组")
    for i in range(3):
        records.add_person(f"户主{i}", "一组", f"{i}号", is_household_head=True)
        records.add_person(f"家人{i}", "一组", f"{i}号")
    assert run(capsys, db_path, "villager", "户主0", "--gender", "男", "--born", "1980-01-01")[0] == 0
    assert run(capsys, db_path, "villager", "家人0", "--category", "低保户", "--from", "2025-01-01")[0] == 0

    # Two of three households and a vote of 2 of 2 present: valid; 20 元 is over the 15 元 cap.
    base = ["meeting", "--date", "2026-05-10", "--kind", "一事一议", "--topic", "修路", "--project", "上屋场"]
    code, _, err = run(
        capsys, db_path, *base, "--households", "0号,1号", "--votes", "2,0,0", "--levy-money", "20"
    )
    assert code == 2 and "每人每年不超过 15.00 元" in err
    assert "还没有记录会议" in run(capsys, db_path, "meetings")[1]
    code, out, _ = run(
        capsys,
        db_path,
        *base,
        "--households",
        "0号,1号",
        "--votes",
        "2,0,0",
        "--levy-money",
        "10",
        "--levy-days",
        "5",
    )
    assert code == 0 and "2/3 户" in out and "符合议事规则" in out

    code, out, _ = run(capsys, db_path, "levy", "--project", "上屋场", "--json")
    cards = {c["household"]: c for c in json.loads(out)[0]["households"]}
    assert cards["0号"]["money_owed_fen"] == 1000  # 家人0 is 低保户: only 户主0 pays
    assert cards["0号"]["labour_owed_half_days"] == 10  # 户主0, 46, is a labourer
    assert cards["1号"]["labour_owed_half_days"] == 0  # no gender or birth date on the roster

    code, out, _ = run(capsys, db_path, "--lang", "en", "rules", "--money-cap", "20", "--women", "18-55")
    assert code == 0 and "20.00 yuan" in out and "women 18–55" in out
    code, _, err = run(capsys, db_path, "rules", "--men", "60-18")
    assert code == 2 and "18-55" in err
