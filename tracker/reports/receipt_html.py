"""A printable 收款收据 for one receipt (到账), found by its 收据编号.

Two copies on one A4 page, 存根 (kept by the village) above 收据 (for the payer), with a cut
line between. The amount is written in figures and in capitals (``money.capitals``). A receipt
that was reversed (冲销) still prints — a cadre may need it for the file — but marked 已冲销
across both copies with the date and reason of the reversal, so it cannot pass as proof of
payment. When a voucher number was reused by the corrected entry, the standing receipt prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from .. import dates, ledger, listings, money
from ..errors import UserError
from ..i18n import lang_or_current, register, t
from .report_html import page


@dataclass
class ReceiptData:
    lang: str
    village: ledger.VillageInfo
    row: listings.MoneyRow
    reversal: listings.MoneyRow | None  # the 冲销 entry, when this receipt was reversed


def find(voucher: str, lang: str | None = None) -> ReceiptData:
    """The receipt with this 收据编号 (exact, then ignoring case); UserError naming it if none."""
    wanted = voucher.strip()
    if not wanted:
        raise UserError("receipt.unknown", voucher=voucher)
    candidates = [r for r in listings.money_rows("receipt", text=wanted) if r.voucher]
    matches = [r for r in candidates if r.voucher == wanted] or [
        r for r in candidates if r.voucher.casefold() == wanted.casefold()
    ]
    if not matches:
        raise UserError("receipt.unknown", voucher=wanted)
    # A reversed receipt and its corrected re-entry may share the number: the standing one wins.
    matches.sort(key=lambda r: (not r.live, -r.id))
    row = matches[0]
    reversal = None
    if row.reversed:
        reversal = next(
            (r for r in listings.money_rows("receipt", project_id=row.project_id) if r.reverses_id == row.id),
            None,
        )
    return ReceiptData(lang_or_current(lang), ledger.village_info(), row, reversal)


CSS = """
@page { size: A4 portrait; margin: 10mm 12mm; }
body { font-size: 12pt; margin: 0 auto; max-width: 186mm; }
.copy { position: relative; height: 131mm; padding: 5mm 4mm 0; overflow: hidden; }
.copy-label { position: absolute; right: 2mm; top: 2mm; font-size: 9pt; color: #444; }
.copy h1 { font-size: 20pt; letter-spacing: 8px; margin: 3mm 0 1mm; text-decoration: underline double; }
.village { text-align: center; margin: 0 0 3mm; }
.meta { display: flex; justify-content: space-between; margin: 0 0 2mm; }
.no { color: #b00000; font-weight: bold; letter-spacing: 1px; }
table.r { width: 100%; border-collapse: collapse; }
table.r th, table.r td { border: 1pt solid #000; padding: 2mm 2mm; white-space: normal; font-size: 12pt; }
table.r th { width: 34mm; background: none; text-align: center; }
td.cap { font-size: 14pt; font-weight: bold; letter-spacing: 1px; }
td.fig { font-size: 14pt; font-weight: bold; white-space: nowrap; }
.sign { display: grid; grid-template-columns: auto 32mm 1fr; gap: 4mm; align-items: center;
        margin-top: 5mm; white-space: nowrap; }
.sign .people { text-align: right; line-height: 2.2; }
.stamp { width: 30mm; height: 28mm; display: flex; align-items: center; justify-content: center;
         border: 1pt dashed #999; border-radius: 50%; color: #999; font-size: 10pt; }
.cut { text-align: center; border-top: 1pt dashed #666; margin: 3mm 0 0; padding-top: 1mm; font-size: 9pt;
       color: #666; }
.void { position: absolute; left: 28mm; top: 46mm; transform: rotate(-14deg); font-size: 54pt;
        font-weight: bold; color: rgba(200, 0, 0, 0.45); border: 5px solid rgba(200, 0, 0, 0.45);
        padding: 0 8mm; letter-spacing: 10px; pointer-events: none; }
.void-line { color: #c00000; font-size: 10pt; margin: 2mm 0 0; }
@media print { body { margin: 0 auto; } }
"""


def _copy(data: ReceiptData, copy_key: str) -> str:
    r, lang = data.row, data.lang
    v = data.village
    source = t(f"source.{r.source}", lang)
    committee = t("report.committee", lang, village=v.name)
    sep = "：" if lang == "zh" else ": "
    amount = abs(r.amount_fen)
    rows = [
        (t("receipt.payer", data.lang), escape(r.contributor)),
        (
            t("receipt.purpose", data.lang),
            escape(t("receipt.purpose_text", data.lang, project=r.project, source=source)),
        ),
    ]
    note = (
        f'<tr><th>{escape(t("receipt.note", data.lang))}</th><td colspan="3">{escape(r.note)}</td></tr>'
        if r.note
        else ""
    )
    void = ""
    if data.reversal is not None:
        void = f'<div class="void">{escape(t("receipt.void", data.lang))}</div>'
        void_line = t(
            "receipt.void_line",
            data.lang,
            date=dates.format_for(data.reversal.date, lang),
            reason=data.reversal.reason,
        )
        note += f'<tr><td colspan="4" class="void-line">{escape(void_line)}</td></tr>'
    elif r.reversed:  # reversed, but the reversal could not be found (should not happen)
        void = f'<div class="void">{escape(t("receipt.void", data.lang))}</div>'
    body = "\n".join(f'<tr><th>{escape(k)}</th><td colspan="3">{v_}</td></tr>' for k, v_ in rows)
    return f"""<div class="copy">
<div class="copy-label">{escape(t(copy_key, data.lang))}</div>
<h1 style="text-align:center">{escape(t("receipt.title", data.lang))}</h1>
<p class="village">{escape(committee)}</p>
<div class="meta"><span>{escape(t("receipt.date", data.lang))}{sep}{escape(dates.format_for(r.date, lang))}</span>
<span class="no">{escape(t("receipt.no", data.lang))} {escape(r.voucher)}</span></div>
<table class="r">
{body}
<tr><th>{escape(t("receipt.capitals", data.lang))}</th><td colspan="3" class="cap">{escape(money.capitals(amount))}</td></tr>
<tr><th>{escape(t("receipt.figures", data.lang))}</th><td colspan="3" class="fig">{escape(money.format_yuan(amount))}</td></tr>
{note}
</table>
<div class="sign">
<div>{escape(t("receipt.unit", data.lang))}{sep}{escape(committee)}</div>
<div class="stamp">{escape(t("receipt.stamp", data.lang))}</div>
<div class="people">{escape(t("receipt.cashier", data.lang))}{sep}{escape(v.cadre_name)}<br>
{escape(t("receipt.payer_sign", data.lang))}{sep}<span style="display:inline-block;width:26mm;border-bottom:0.6pt solid #000"></span></div>
</div>
{void}
</div>"""


def render(data: ReceiptData) -> str:
    title = f"{t('receipt.title', data.lang)} {data.row.voucher}"
    cut = f'<div class="cut">✂ {escape(t("receipt.cut", data.lang))}</div>'
    body = "\n".join([_copy(data, "receipt.stub"), cut, _copy(data, "receipt.copy")]) + "\n"
    return page(title, body, landscape=False, print_size="12pt", extra_css=CSS, lang=data.lang)


def write_receipt(data: ReceiptData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(data), encoding="utf-8", newline="\n")
    return path


def default_name(data: ReceiptData, ext: str = "html") -> str:
    """``收据_TB2026-100.html``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in data.row.voucher)
    return f"{t('receipt.file_stem', data.lang)}_{safe}.{ext}"


register(
    zh={
        "receipt.unknown": "没有收据编号为“{voucher}”的到账记录",
        "receipt.file_stem": "收据",
        "receipt.title": "收款收据",
        "receipt.stub": "第一联　存根",
        "receipt.copy": "第二联　收据（交付款人）",
        "receipt.no": "No.",
        "receipt.date": "日期",
        "receipt.payer": "交款人（单位）",
        "receipt.purpose": "收款事由",
        "receipt.purpose_text": "{project}　{source}",
        "receipt.capitals": "金额（大写）",
        "receipt.figures": "金额（小写）",
        "receipt.note": "备注",
        "receipt.unit": "收款单位（盖章）",
        "receipt.stamp": "盖章处",
        "receipt.cashier": "收款人",
        "receipt.payer_sign": "交款人（签字）",
        "receipt.cut": "沿此线剪开",
        "receipt.void": "已冲销",
        "receipt.void_line": "本收据所记款项已于{date}冲销，原因：{reason}。此件仅供存档，不作收款凭证。",
    },
    en={
        "receipt.unknown": 'No receipt has the voucher number "{voucher}"',
        "receipt.file_stem": "receipt",
        "receipt.title": "Receipt",
        "receipt.stub": "Copy 1: counterfoil",
        "receipt.copy": "Copy 2: receipt for the payer",
        "receipt.no": "No.",
        "receipt.date": "Date",
        "receipt.payer": "Received from",
        "receipt.purpose": "For",
        "receipt.purpose_text": "{project}, {source}",
        "receipt.capitals": "Amount in words",
        "receipt.figures": "Amount",
        "receipt.note": "Note",
        "receipt.unit": "Received by (stamp)",
        "receipt.stamp": "Stamp",
        "receipt.cashier": "Cashier",
        "receipt.payer_sign": "Payer (signature)",
        "receipt.cut": "cut here",
        "receipt.void": "REVERSED",
        "receipt.void_line": "The amount of this receipt was reversed on {date}; reason: {reason}. Kept for the records only; not proof of payment.",
    },
)

__all__ = ["ReceiptData", "default_name", "find", "render", "write_receipt"]
