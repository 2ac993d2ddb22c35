"""The village roster (村民 sheet): 60 villagers in 15 households, imported all or nothing."""

from __future__ import annotations

import zipfile

import pendulum
import pytest
from test_import import counts, problems_of, run, write_book

from models import Person
from tracker.importer import import_workbook

HEAD = ["姓名*", "组*", "户*", "户主", "党员", "联户党员", "电话", "性别", "出生日期", "备注"]
SURNAMES = "刘王李张陈杨赵黄周吴徐孙马朱胡"
GIVEN = ["大山", "秀英", "建国", "小红"]


def roster_rows() -> list[list]:
    """15 households of 4 in two groups; the head of each of the first three is a party member,
    and every household is linked to one of them (a member is not linked to anyone)."""
    rows = []
    for h, surname in enumerate(SURNAMES):
        group = "石门组" if h < 8 else "桐梓组"
        household = f"{group}{h + 1:02d}户"
        member = f"{SURNAMES[h % 3]}大山"
        for i, given in enumerate(GIVEN):
            head = i == 0
            party = head and h < 3
            rows.append(
                [
                    surname + given,
                    group,
                    household,
                    "是" if head else "否",
                    "是" if party else "否",
                    "" if party else member,
                    f"1380000{h:02d}{i:02d}",
                    "男" if i % 2 == 0 else "女",
                    pendulum.date(1960 + h, i + 1, 1) if i < 2 else None,
                    "",
                ]
            )
    return rows


def book(tmp_path, rows, name="名册.xlsx"):
    return write_book(tmp_path / name, {"村民": rows}, {"村民": HEAD})


def test_sixty_villagers_in_fifteen_households_import_once(db, tmp_path, capsys):
    path = book(tmp_path, roster_rows())
    before = counts()
    code, out, _ = run(capsys, "--db", str(db.database), "import", str(path), "--dry-run")
    assert code == 0 and counts() == before
    assert "村民" in out and " 60 " in f" {out} "

    result = import_workbook(path)
    assert result.sheets[0].sheet == "村民" and result.sheets[0].added == 60
    assert Person.select().count() == 60
    assert Person.select(Person.household).distinct().count() == 15
    assert Person.select().where(Person.is_household_head).count() == 15
    assert Person.select().where(Person.is_party_member).count() == 3
    wang = Person.get(Person.name == "王秀英")
    assert (
        wang.mobiliser.name == "王大山" and wang.sex == "女" and wang.birth_date == pendulum.date(1961, 2, 1)
    )
    assert Person.select().where(Person.mobiliser.is_null(False)).count() == 57

    again = import_workbook(path)
    assert (again.added, again.updated, again.sheets[0].skipped) == (0, 0, 60)
    assert Person.select().count() == 60


def test_a_changed_row_updates_the_villager_it_names(db, tmp_path):
    rows = roster_rows()
    import_workbook(book(tmp_path, rows))
    rows[5][6] = "13912345678"
    result = import_workbook(book(tmp_path, rows, "改.xlsx"))
    assert (result.added, result.updated) == (0, 1)
    assert Person.get(Person.name == rows[5][0]).phone == "13912345678"


@pytest.mark.parametrize(
    "change, column, words",
    [
        (lambda r: r.__setitem__(1, None), "组", "必填"),
        (lambda r: r.__setitem__(5, "王秀英"), "联户党员", "不是党员"),
        (lambda r: r.__setitem__(3, "也许"), "户主", "是 或 否"),
    ],
)
def test_a_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_written(
    db, tmp_path, change, column, words
):
    rows = roster_rows()
    change(rows[6])  # Excel row 8
    before = counts()
    (problem,) = problems_of(book(tmp_path, rows))
    assert (problem.sheet, problem.row, problem.column) == ("村民", 8, column)
    assert words in problem.message()
    assert counts() == before


def test_phones_are_never_exported(db, tmp_path):
    from tracker import records
    from tracker.exports import FORMATS, ExportRequest, write_export

    import_workbook(book(tmp_path, roster_rows()))
    project = records.add_project("石门屋场", "石门组")
    for person in Person.select().limit(5):  # villagers the documents name
        records.add_labour(person, project, pendulum.date(2026, 11, 2), 2)
        records.add_receipt(
            project, records.contributor_of(person), "self_raised", 10_000, pendulum.date(2026, 11, 2)
        )
    out = tmp_path / "out"
    out.mkdir()
    for fmt in FORMATS:
        if fmt.kind == "receipt":
            continue
        exported = write_export(
            ExportRequest(
                fmt.kind, fmt.name, out, "zh", output=str(out / f"{fmt.kind}-{fmt.name}.{fmt.extension}")
            )
        )
        files = [exported.path] if exported.path.is_file() else list(exported.path.iterdir())
        for file in files:
            data = file.read_bytes()
            if zipfile.is_zipfile(file):  # xlsx, a csv report's zip: read what is inside
                with zipfile.ZipFile(file) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            assert b"13800000" not in data, fmt


def test_a_roster_import_undone_puts_the_villagers_back(db, tmp_path):
    from tracker.importer import batches

    rows = roster_rows()
    first = import_workbook(book(tmp_path, rows))
    rows[5][6] = "13912345678"
    second = import_workbook(book(tmp_path, rows, "改.xlsx"))
    batches.undo(second.number)
    assert Person.get(Person.name == rows[5][0]).phone == "1380000010" + "1"
    batches.undo(first.number)
    assert Person.select().count() == 0
