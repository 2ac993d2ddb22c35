"""The 公示 as a web page (A4 portrait) to print and post on the village notice board."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..i18n import t
from .notice_data import NoticeData
from .report_html import page, render_table

NOTICE_CSS = """
body { font-size: 11pt; }
h1 { font-size: 20pt; letter-spacing: 2px; margin-bottom: 8px; }
h2 { font-size: 13pt; margin: 14px 0 4px; }
p.lead { margin: 2px 0; }
p.posting { font-weight: bold; margin: 2px 0 8px; }
section + section { page-break-before: auto; break-before: auto; }
p.corr { font-size: 10pt; margin: 2px 0 2px 1em; }
p.empty { margin: 2px 0 8px 1em; }
div.sign { margin-top: 18px; text-align: right; line-height: 2; }
div.sign p { margin: 0; }
p.ask { margin-top: 14px; }
@media print { body { font-size: 10.5pt; } th, td { padding: 2px 4px; } }
"""


def render_html(data: NoticeData) -> str:
    parts = [
        f"<h1>{escape(data.title)}</h1>",
        f'<p class="lead">{escape(data.content_line)}</p>',
        f'<p class="posting">{escape(data.posting_line)}</p>',
    ]
    for section in data.sections:
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        if section.items:
            parts.append(render_table(section.table))
        else:
            parts.append(f'<p class="empty">{escape(t("notice.empty", data.lang))}</p>')
        if section.corrections:
            parts.append(
                f'<p class="corr">{escape(t("notice.corrections", data.lang, n=len(section.corrections)))}</p>'
            )
            parts += [f'<p class="corr">{escape(line)}</p>' for line in section.corrections]
        parts.append("</section>")
    ask, committee, supervisor, made_on = data.closing
    parts.append(f'<p class="ask">{escape(ask)}</p>')
    parts.append(
        f'<div class="sign"><p>{escape(committee)}</p><p>{escape(supervisor)}'
        f"{'&nbsp;' * 24}</p><p>{escape(made_on)}</p></div>"
    )
    return page(
        data.title,
        "\n".join(parts) + "\n",
        landscape=False,
        print_size="10.5pt",
        extra_css=NOTICE_CSS,
        lang=data.lang,
    )


def write_html(data: NoticeData, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(data), encoding="utf-8", newline="\n")
    return path
