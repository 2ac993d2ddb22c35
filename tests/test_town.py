"""The way up: two villages send, a town receives, the town's figures are each village's own.

Tests marked ``pg`` run the same receive, summary and report against a PostgreSQL server when
``XIUMEI_TEST_PG`` names one (``.ci/run`` starts a throwaway cluster); otherwise they skip.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import threading
import uuid
import zipfile
from pathlib import Path

import pendulum
import pytest

from models import close_database, open_database
from tracker import records
from tracker.cli import main

AS_OF = "2026-11-28"
PG_URL = os.environ.get("XIUMEI_TEST_PG", "")
FIGURES = (
    "budget_fen",
    "pledged_fen",
    "received_fen",
    "received_rate_pct",
    "in_kind_fen",
    "spent_fen",
    "balance_fen",
    "outstanding_pledges_fen",
    "labour_days",
    "labour_entries",
    "labour_value_fen",
    "progress_pct",
    "milestones_done",
    "milestones_total",
    "milestones_overdue",
)
TABLES = (
    "village",
    "person",
    "contributor",
    "project",
    "pledge",
    "receipt",
    "in_kind",
    "expense",
    "labour_entry",
    "milestone",
    "progress_note",
    "received_bundle",
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _second_village(path: Path) -> None:
    """杨家村: another town's cadre typed a little, at a labour rate of 120 元 a day."""
    open_database(path)
    try:
        records.create_village("杨家村", "白马镇", "涟源市", cadre_name="杨书记", labour_rate_fen=12000)
        d = pendulum.date(2026, 10, 8)
        project = records.add_project(
            "杨家屋场", "三组", households=12, budget_fen=30_000_000, status="building"
        )
        person = records.add_person("杨满仓", "三组", "杨满仓", phone="13807381234", is_party_member=True)
        giver = records.add_contributor("杨满仓", person=person, phone="13807381234")
        firm = records.add_contributor("湘中建材", "enterprise", phone="0738-5551234")
        records.add_pledge(project, giver, "self_raised", 500_000, d, due_date=pendulum.date(2026, 11, 1))
        records.add_receipt(project, giver, "self_raised", 300_000, d, voucher="YJ-1")
        wrong = records.add_receipt(project, firm, "donation", 2_000_000, d, voucher="YJ-2")
        records.reverse(wrong, "金额录错", d)
        records.add_receipt(project, firm, "donation", 1_000_000, d, voucher="YJ-3")
        records.add_expense(project, "水泥", 800_000, d, payee="湘中建材")
        for day in range(1, 6):
            records.add_labour(person, project, pendulum.date(2026, 10, day), 1 + day % 2)
        records.add_milestone(
            project, "三清三拆", weight=2, planned_date=pendulum.date(2026, 9, 1), progress_pct=60
        )
    finally:
        close_database()


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """The demo village and 杨家村, each with its bundle and its own summary --json."""
    folder = tmp_path_factory.mktemp("villages")
    mp = pytest.MonkeyPatch()
    mp.setenv("XIUMEI_DATA_DIR", str(folder / "data"))
    mp.setenv("XIUMEI_TODAY", AS_OF)
    try:
        demo, other = folder / "桐柏村.db", folder / "杨家村.db"
        assert main(["--db", str(demo), "demo"]) == 0
        _second_village(other)
        out = {}
        for path in (demo, other):
            bundle = folder / f"{path.stem}.xiumei"
            assert main(["--db", str(path), "send", "-o", str(bundle)]) == 0
            buf = io.StringIO()
            import contextlib

            with contextlib.redirect_stdout(buf):
                assert main(["--db", str(path), "summary", "--as-of", AS_OF, "--json"]) == 0
            out[path.stem] = {"db": path, "bundle": bundle, "summary": json.loads(buf.getvalue())}
        return out
    finally:
        mp.undo()


def _pg_database() -> str:
    """A fresh database on the test server, named for this test; dropped afterwards."""
    import psycopg

    from models.server import connect_params

    name = f"xt_{uuid.uuid4().hex[:12]}"
    params = connect_params(PG_URL)
    with psycopg.connect(**params, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    base, _, query = PG_URL.partition("?")
    base = base.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def _drop_pg(url: str) -> None:
    import psycopg

    from models.server import connect_params

    close_database()
    params = connect_params(PG_URL)
    name = connect_params(url)["dbname"]
    with psycopg.connect(**params, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def town(request, tmp_path, capsys):
    """An empty town database (白马镇, 涟源市) on SQLite or on the PostgreSQL test server."""
    if request.param == "pg":
        if not PG_URL:
            pytest.skip("XIUMEI_TEST_PG is not set")
        location = _pg_database()
    else:
        location = str(tmp_path / "白马镇.db")
    assert run(capsys, "--db", location, "town", "init", "--town", "白马镇", "--county", "涟源市")[0] == 0
    yield location
    close_database()
    if request.param == "pg":
        _drop_pg(location)


def _counts(location: str) -> dict[str, int]:
    db = open_database(location)
    try:
        return {
            t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in (*TABLES, "receive_log")
        }
    finally:
        close_database()


def _receive_both(capsys, town, sent) -> None:
    code, out, err = run(capsys, "--db", town, "receive", sent["桐柏村"]["bundle"], sent["杨家村"]["bundle"])
    assert (code, err) == (0, ""), err
    assert out.count("已收入") == 2


def test_town_summary_is_each_villages_own_summary_and_receiving_again_changes_nothing(capsys, town, sent):
    _receive_both(capsys, town, sent)
    code, out, _ = run(capsys, "--db", town, "town", "summary", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["town"] == {"name": "白马镇", "county": "涟源市", "level": "town"}
    by_name = {v["name"]: v for v in summary["villages"]}
    assert set(by_name) == {"桐柏村", "杨家村"}
    for name, village in sent.items():
        own = village["summary"]["totals"]
        for key in FIGURES:
            assert by_name[name][key] == own[key], (name, key)
        assert by_name[name]["projects"] == len(village["summary"]["projects"])
        assert by_name[name]["bundle_as_of"] == AS_OF
    # Each village's labour at its own day rate: the town adds the values, never re-rates them.
    totals = summary["totals"]
    assert totals["labour_value_fen"] == sum(
        v["summary"]["totals"]["labour_value_fen"] for v in sent.values()
    )
    for key in ("budget_fen", "spent_fen", "outstanding_pledges_fen", "milestones_overdue"):
        assert totals[key] == sum(v["summary"]["totals"][key] for v in sent.values())
    assert totals["received_fen"]["total"] == sum(
        v["summary"]["totals"]["received_fen"]["total"] for v in sent.values()
    )

    # The same figures computed from the received records for a date (the SQL path).
    code, out, err = run(capsys, "--db", town, "town", "summary", "--json", "--as-of", AS_OF)
    assert code == 0, err
    from_records = json.loads(out)
    assert [v["name"] for v in from_records["villages"]] == [v["name"] for v in summary["villages"]]
    for a, b in zip(from_records["villages"], summary["villages"], strict=True):
        assert {k: a[k] for k in FIGURES} == {k: b[k] for k in FIGURES}, a["name"]

    before = _counts(town)
    code, out, err = run(capsys, "--db", town, "receive", sent["桐柏村"]["bundle"], sent["杨家村"]["bundle"])
    assert (code, err) == (0, "")
    assert out.count("已经收过，未作改动") == 2
    after = _counts(town)
    assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}
    assert after["receive_log"] == before["receive_log"] + 2  # every receive is logged
    code, out, _ = run(capsys, "--db", town, "town", "summary", "--json")
    assert json.loads(out)["villages"] == summary["villages"]


def test_a_dry_run_lists_per_village_what_would_be_added_and_writes_nothing(capsys, town, sent):
    before = _counts(town)
    code, out, _ = run(capsys, "--db", town, "receive", "--dry-run", sent["杨家村"]["bundle"])
    assert code == 0
    assert "预演" in out and "“杨家村”" in out and "将新增" in out
    assert "到账：新增 4" in out  # three receipts and the reversal of one
    assert _counts(town) == before


def _rewrite(bundle: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(bundle) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def _send(capsys, db: Path, target: Path, *extra: str) -> Path:
    code, _, err = run(capsys, "--db", db, "send", "-o", target, *extra)
    assert code == 0, err
    return target


def _sqlite(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    try:
        for s in statements:
            con.execute(s)
        con.commit()
    finally:
        con.close()


def _copy_village(sent, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copyfile(sent["杨家村"]["db"], copy)
    return copy


def _one_byte_changed(capsys, sent, tmp_path):
    data = bytearray(sent["杨家村"]["bundle"].read_bytes())
    data[len(data) // 2] ^= 0x01
    target = tmp_path / "坏.xiumei"
    target.write_bytes(bytes(data))
    return target, "已损坏或被改动"


def _other_key(capsys, sent, tmp_path):
    copy = _copy_village(sent, tmp_path)
    _sqlite(copy, "UPDATE site SET private_key = '', public_key = ''")
    return _send(capsys, copy, tmp_path / "新钥.xiumei"), "另一把密钥"


def _older(capsys, sent, tmp_path):
    return _send(
        capsys, _copy_village(sent, tmp_path), tmp_path / "旧.xiumei", "--as-of", "2026-10-31"
    ), "比已收的"


def _copied_database(capsys, sent, tmp_path):
    copy = _copy_village(sent, tmp_path)
    _sqlite(
        copy,
        "UPDATE village SET uuid = 'copied-village', name = '新建村'",
        "UPDATE site SET private_key = '', public_key = ''",
    )
    return _send(capsys, copy, tmp_path / "复制.xiumei"), "已经在“杨家村”村名下"


def _newer_format(capsys, sent, tmp_path):
    def bump(parts):
        manifest = json.loads(parts["manifest.json"])
        manifest["format"], manifest["program"] = 9, "3.0"
        parts["manifest.json"] = json.dumps(manifest).encode()

    return _rewrite(sent["杨家村"]["bundle"], tmp_path / "新格式.xiumei", bump), "升级到 3.0"


@pytest.mark.parametrize(
    "make", [_one_byte_changed, _other_key, _older, _copied_database, _newer_format], ids=lambda f: f.__name__
)
def test_a_bad_bundle_is_refused_with_one_line_and_nothing_written(capsys, town, sent, tmp_path, make):
    _receive_both(capsys, town, sent)
    bad, says = make(capsys, sent, tmp_path)
    before = _counts(town)
    code, out, err = run(capsys, "--db", town, "receive", bad)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and says in err, err
    assert _counts(town) == before


def test_a_new_key_is_taken_only_with_a_reason_and_the_reason_is_logged(capsys, town, sent, tmp_path):
    _receive_both(capsys, town, sent)
    bundle, _ = _other_key(capsys, sent, tmp_path)
    code, out, err = run(capsys, "--db", town, "receive", bundle, "--accept-new-key", "村里换了电脑")
    assert (code, err) == (0, "")
    assert "村里换了电脑" in out
    db = open_database(town)
    try:
        outcome, detail = db.execute_sql(
            "SELECT outcome, detail FROM receive_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        close_database()
    assert outcome == "new_key" and "村里换了电脑" in detail


def test_what_a_newer_bundle_no_longer_holds_is_removed(capsys, town, sent, tmp_path):
    _receive_both(capsys, town, sent)
    copy = _copy_village(sent, tmp_path)
    open_database(copy)
    try:
        from models import LabourEntry

        records.delete(LabourEntry.select().order_by(LabourEntry.uuid).first())
    finally:
        close_database()
    newer = _send(capsys, copy, tmp_path / "新.xiumei")
    code, out, _ = run(capsys, "--db", town, "receive", newer)
    assert code == 0 and "删除 1 条" in out
    code, out, _ = run(capsys, "--db", town, "town", "summary", "--json")
    yang = next(v for v in json.loads(out)["villages"] if v["name"] == "杨家村")
    assert yang["labour_entries"] == sent["杨家村"]["summary"]["totals"]["labour_entries"] - 1


def test_no_phone_number_and_no_personal_category_in_any_bundle(sent):
    for village in sent.values():
        con = sqlite3.connect(village["db"])
        try:
            phones = {
                p for (p,) in con.execute("SELECT phone FROM person UNION SELECT phone FROM contributor") if p
            }
        finally:
            con.close()
        assert phones  # the villages do hold phone numbers
        with zipfile.ZipFile(village["bundle"]) as zf:
            for name in zf.namelist():
                text = zf.read(name).decode("utf-8", errors="replace")
                for phone in phones:
                    assert phone not in text, (name, phone)
                assert "phone" not in text and "is_party_member" not in text, name
                assert "birth" not in text, name
        persons = [
            json.loads(s)
            for s in zipfile.ZipFile(village["bundle"]).read("data/person.jsonl").decode().splitlines()
        ]
        assert all(
            set(p) == {"uuid", "created_at", "updated_at", "version", "name", "group", "household"}
            for p in persons
        )


def test_the_town_reports_first_sheet_has_a_row_per_village_and_totals_that_add_up(
    capsys, town, sent, tmp_path
):
    from openpyxl import load_workbook

    _receive_both(capsys, town, sent)
    target = tmp_path / "白马镇.xlsx"
    code, _, err = run(capsys, "--db", town, "town", "report", "--format", "xlsx", "-o", target)
    assert code == 0, err
    wb = load_workbook(target)
    ws = wb.worksheets[0]
    assert ws.title == "各村汇总"
    rows = [r for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if "村" in r and "屋场数" in r)
    header = rows[header_at]
    body = [r for r in rows[header_at + 1 :] if r[1] in ("桐柏村", "杨家村", "合计")]
    assert sorted(r[1] for r in body[:2]) == ["杨家村", "桐柏村"] and body[2][1] == "合计"
    col = header.index("预算")
    assert body[2][col] == body[0][col] + body[1][col]
    assert (
        body[2][header.index("屋场数")] == body[0][header.index("屋场数")] + body[1][header.index("屋场数")]
    )
    for i, value in enumerate(body[2]):
        if isinstance(body[0][i], (int, float)) and i > 1 and header[i] not in ("到位率", "形象进度"):
            from decimal import Decimal

            assert Decimal(str(value)) == Decimal(str(body[0][i])) + Decimal(str(body[1][i])), header[i]
    assert any("填报单位" in str(c) for r in rows for c in r if c)
    for fmt in ("html", "csv", "md"):
        assert (
            run(capsys, "--db", town, "town", "report", "--format", fmt, "-o", tmp_path / f"r.{fmt}")[0] == 0
        )


def test_a_town_forwards_what_it_holds_and_the_county_sees_the_same(capsys, town, sent, tmp_path):
    _receive_both(capsys, town, sent)
    forwarded = _send(capsys, town, tmp_path / "白马镇.xiumei")
    county = tmp_path / "涟源市.db"
    assert run(capsys, "--db", county, "town", "init", "--county", "涟源市")[0] == 0
    code, out, err = run(capsys, "--db", county, "receive", forwarded)
    assert (code, err) == (0, "") and out.count("已收入") == 2
    town_view = json.loads(run(capsys, "--db", town, "town", "summary", "--json")[1])
    county_view = json.loads(run(capsys, "--db", county, "town", "summary", "--json")[1])
    assert county_view["town"]["level"] == "county"
    strip = [{k: v[k] for k in ("uuid", "name", "bundle_as_of", *FIGURES)} for v in town_view["villages"]]
    assert [
        {k: v[k] for k in ("uuid", "name", "bundle_as_of", *FIGURES)} for v in county_view["villages"]
    ] == strip
    # A village bundle altered inside the town's bundle is refused on its own.
    code, _, err = run(capsys, "--db", county, "receive", forwarded)
    assert code == 0


def test_two_clerks_receiving_at_once_never_double_a_record(capsys, town, sent):
    from tracker.exchange.receive import receive_data

    open_database(town)
    data = sent["桐柏村"]["bundle"].read_bytes()
    results, errors = [], []

    def clerk(name):
        try:
            results.append(receive_data(data, "桐柏村.xiumei", clerk=name))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(f"clerk{i}",)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    close_database()
    assert errors == []
    outcomes = sorted(r[0].plan.outcome for r in results)
    assert outcomes == ["new", "unchanged"]
    counts = _counts(town)
    assert counts["labour_entry"] == sent["桐柏村"]["summary"]["totals"]["labour_entries"]
    assert counts["received_bundle"] == 1


def test_receive_and_town_commands_refuse_a_village_database(capsys, sent, tmp_path):
    copy = _copy_village(sent, tmp_path)
    code, _, err = run(capsys, "--db", copy, "receive", sent["桐柏村"]["bundle"])
    assert code == 2 and "town init" in err
    code, _, err = run(capsys, "--db", copy, "town", "summary")
    assert code == 2 and "村的数据库" in err
    code, _, err = run(capsys, "--db", copy, "town", "init", "--town", "白马镇")
    assert code == 2 and "已经有村" in err


def test_a_villages_own_view_in_the_town_is_what_the_village_sees(capsys, town, sent):
    """What the town's app shows for one village (its dashboard, read-only): the ledger narrowed
    to that village gives the village's own projects, totals and attention list."""
    from tracker import ledger

    _receive_both(capsys, town, sent)
    as_of = pendulum.parse(AS_OF).date()
    village_db = sent["桐柏村"]["db"]
    open_database(village_db)
    try:
        own = [(a.kind, a.project, a.subject, a.date, a.amount_fen) for a in ledger.attention(as_of)]
    finally:
        close_database()
    open_database(town)
    try:
        from models import Village

        vid = Village.get(Village.name == "桐柏村").id
        summary = ledger.summary(as_of, village_id=vid)
        page = ledger.attention_page(as_of, village_id=vid, limit=None)
        first = ledger.attention_page(as_of, village_id=vid, limit=2)
    finally:
        close_database()
    assert summary.village.name == "桐柏村"

    def by_uuid(projects):
        return sorted(projects, key=lambda p: p["uuid"])

    assert by_uuid(summary.as_dict()["projects"]) == by_uuid(sent["桐柏村"]["summary"]["projects"])
    assert summary.as_dict()["totals"] == sent["桐柏村"]["summary"]["totals"]
    assert sorted([(a.kind, a.project, a.subject, str(a.date), a.amount_fen) for a in page.items]) == sorted(
        (k, p, s, str(d), a) for k, p, s, d, a in own
    )
    assert first.total == len(own) and len(first.items) == min(2, len(own))


def test_photos_stay_in_the_village_unless_send_photos_adds_them(capsys, sent, tmp_path):
    from models import Project

    copy = _copy_village(sent, tmp_path)
    (tmp_path / "照片").mkdir()
    (tmp_path / "照片" / "三清三拆.jpg").write_bytes(b"\xff\xd8 a photo \xff\xd9")
    open_database(copy)
    try:
        note = records.add_progress_note(
            Project.get(), pendulum.date(2026, 10, 9), "拆除旧房", "照片/三清三拆.jpg"
        )
    finally:
        close_database()
    plain = zipfile.ZipFile(_send(capsys, copy, tmp_path / "无照片.xiumei"))
    assert not [n for n in plain.namelist() if n.startswith("photos/")]
    assert '"photo_path":""' in plain.read("data/progress_note.jsonl").decode()
    with_photos = zipfile.ZipFile(_send(capsys, copy, tmp_path / "有照片.xiumei", "--photos"))
    photos = [n for n in with_photos.namelist() if n.startswith("photos/")]
    assert photos == [f"photos/{note.uuid}.jpg"]
    assert f'"photo_path":"photos/{note.uuid}.jpg"' in with_photos.read("data/progress_note.jsonl").decode()
