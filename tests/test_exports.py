"""``tracker.exports``: the one path from a request to a file, shared by the CLI and the export screen."""

from __future__ import annotations

import pendulum
import pytest

from models import close_database, open_database
from tracker import exports
from tracker.cli import main
from tracker.errors import UserError
from tracker.exports import FORMATS, KINDS, ExportRequest, write_export

TODAY = pendulum.date(2026, 11, 28)


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    return folder


def request_for(kind: str, fmt: str, folder, **extra) -> ExportRequest:
    extra = {"as_of": TODAY} | extra if kind == "report" else extra
    if kind == "receipt":
        extra.setdefault("voucher", "TB2026-100")
    return ExportRequest(kind, fmt, folder, "zh", **extra)


def test_every_kind_has_formats_and_every_format_a_writer():
    assert {f.kind for f in FORMATS} == set(KINDS)
    assert exports.REPORT_FORMATS == ("xlsx", "html", "csv", "md")  # --format's choices, default first
    assert exports.NOTICE_FORMATS == ("html", "xlsx", "text")
    for f in FORMATS:
        module, function = f.writer.split(":")
        assert callable(getattr(__import__(f"tracker.reports.{module}", fromlist=[function]), function))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f"{f.kind}-{f.name}")
def test_each_format_lands_in_the_folder_under_its_default_name(demo_db, out, fmt):
    exported = write_export(request_for(fmt.kind, fmt.name, out))
    assert list(out.iterdir()) == [exported.path]
    assert exported.path.suffix == f".{fmt.extension}" and exported.path.stat().st_size > 0
    assert "桐柏村" in exported.path.name or fmt.kind == "receipt"


def test_the_screen_and_the_cli_write_the_same_bytes(demo_db, db_path, out, monkeypatch):
    screen = write_export(request_for("notice", "html", out / "screen", date_from=pendulum.date(2026, 3, 1)))
    close_database()
    monkeypatch.chdir(out)
    assert main(["--db", str(db_path), "notice", "--from", "2026-03-01"]) == 0
    assert (out / screen.path.name).read_bytes() == screen.path.read_bytes()
    open_database(db_path)


def test_a_csv_report_into_a_folder_lists_its_files(demo_db, out):
    exported = write_export(request_for("report", "csv", out, output=str(out)))
    assert exported.path == out and exported.files[0] == "1-进度汇总.csv"
    assert sorted(exported.files) == sorted(p.name for p in out.iterdir())


def test_a_reversed_receipt_is_written_with_a_note(demo_db, out):
    assert write_export(request_for("receipt", "html", out, voucher="TB2026-W1")).notes == [
        "注意：这张收据所记款项已冲销，收据上已标明“已冲销”。"
    ]
    assert write_export(request_for("receipt", "html", out)).notes == []


def test_a_file_the_system_refuses_is_a_user_error_naming_it(demo_db, out):
    path = write_export(request_for("report", "md", out)).path
    path.unlink()
    path.mkdir()  # a folder where the file goes: refused like a workbook open in Excel
    with pytest.raises(UserError) as caught:
        write_export(request_for("report", "md", out))
    assert caught.value.key == "rep.cannot_write" and path.name in caught.value.message()


def test_an_unknown_voucher_writes_nothing(demo_db, out):
    with pytest.raises(UserError) as caught:
        write_export(request_for("receipt", "html", out, voucher="NO-SUCH-1"))
    assert caught.value.key == "receipt.unknown"
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(("days", "until"), [([], "2026年12月4日"), (["--days", "3"], "2026年11月30日")])
def test_cli_notice_is_posted_for_seven_days_unless_told(demo_db, db_path, capsys, days, until):
    close_database()
    assert main(["--db", str(db_path), "notice", "--format", "text", *days]) == 0
    assert f"公示期：2026年11月28日至{until}。" in capsys.readouterr().out


def test_cli_csv_report_into_a_folder_names_each_file(demo_db, db_path, out, capsys):
    close_database()
    assert main(["--db", str(db_path), "report", "--format", "csv", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"已写入：{out}"
    assert printed[1:] == [
        f"  {p.name}" for p in sorted(out.iterdir(), key=lambda p: int(p.name.split("-")[0]))
    ]


@pytest.mark.parametrize("command", [["report"], ["notice"]])
def test_report_and_notice_do_not_replace_an_existing_file_without_force(
    demo_db, db_path, tmp_path, capsys, command
):
    target = tmp_path / "已有.html"
    target.write_text("签过字的公示", encoding="utf-8")
    args = [*command, "--db", str(db_path), "--format", "html", "-o", str(target)]
    close_database()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "已经存在" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "签过字的公示"
    assert main([*args, "--force"]) == 0
    assert "已替换" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") != "签过字的公示"
