"""Charts: their figures agree with the ledger; the xlsx report holds native charts; the HTML
report draws them as inline SVG."""

from __future__ import annotations

import openpyxl
import pendulum

from models import Project
from tracker import charts, ledger
from tracker.exports import write_report
from tracker.reports import build

AS_OF = pendulum.date(2026, 11, 28)


def test_the_chart_figures_end_at_the_ledgers_totals(demo_db):
    summary = ledger.summary(AS_OF)
    for c in charts.all_charts(AS_OF):
        fig = next(p for p in summary.projects if p.id == c.project_id)
        assert c.received_total_fen[-1] == fig.received.total
        assert c.received_fen["government"][-1] == fig.received.government
        assert sum(c.labour_days) * 2 == fig.labour_half_days
        assert c.budget_fen == fig.budget_fen
        assert c.weeks == sorted(c.weeks) and all(w.weekday() == 0 for w in c.weeks)


def test_the_xlsx_report_has_native_charts(demo_db, tmp_path):
    path = write_report(build(AS_OF), "xlsx", tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["图表"]
    assert ws["A1"].value == "进度节奏"
    projects = Project.select().count()
    assert len(ws._charts) == 3 * projects
    kinds = sorted(type(ch).__name__ for ch in ws._charts)
    assert kinds.count("AreaChart") == kinds.count("LineChart") == kinds.count("BarChart") == projects
    # Each chart reads the weekly table beside it: the money chart's series are the four sources.
    money = next(ch for ch in ws._charts if type(ch).__name__ == "AreaChart")
    assert len(money.series) == 4
    assert "'图表'!$B$" in money.series[0].val.numRef.f


def test_the_html_report_draws_the_charts_as_inline_svg(demo_db, tmp_path):
    text = write_report(build(AS_OF), "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert text.count("<svg") == 3 * Project.select().count()
    assert "<script" not in text
    assert "到账资金（按来源累计）与预算" in text and "计划线" in text and "群众自筹" in text
    en = write_report(build(AS_OF, lang="en"), "html", tmp_path / "en.html").read_text(encoding="utf-8")
    assert "Progress against the planned line" in en and "Labour days a week" in en
