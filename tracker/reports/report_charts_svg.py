"""The charts of the HTML report as inline SVG: no script, no image file, so they print and open
offline like the rest of the page. Texts come from ``tracker.charts.labels`` in the report's
language."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from models import SOURCES

from ..charts import ProjectCharts, labels
from ..i18n import t
from .report_data import ReportData

W, H = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 28, 40
SOURCE_COLOURS = {
    "self_raised": "#4472c4",
    "donation": "#ed7d31",
    "government": "#70ad47",
    "collective": "#ffc000",
}

CSS = """
section.charts figure { margin: 0 0 10px; page-break-inside: avoid; break-inside: avoid; }
section.charts svg { width: 100%; max-width: 190mm; height: auto; font-family: inherit; }
section.charts svg text { font-size: 11px; fill: #000; }
section.charts svg .title { font-size: 13px; font-weight: bold; }
section.charts svg .grid { stroke: #ccc; stroke-width: 0.6; }
section.charts svg .axis { stroke: #333; stroke-width: 1; }
section.charts table.pace td { white-space: normal; }
"""


@dataclass
class Series:
    name: str
    values: list[float | None]
    colour: str
    kind: str  # area (stacked on the areas before it), line, dash, bar


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for mult in (1, 2, 4, 5, 8, 10):
        if value <= mult * step:
            return mult * step
    return 10 * step


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def svg_chart(
    title: str, x_labels: list[str], series: list[Series], y_unit: str, y_max: float | None = None
) -> str:
    """One chart: stacked areas, lines and bars over weekly labels, with axes and a legend."""
    n = max(len(x_labels), 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    stacked = [0.0] * n
    tops: list[list[float]] = []
    for s in series:
        if s.kind == "area":
            stacked = [stacked[i] + (s.values[i] or 0) for i in range(n)]
            tops.append(list(stacked))
    highest = max(
        [v for s in series for v in s.values if v is not None] + [v for top in tops for v in top] + [0.0]
    )
    y_max = y_max or _nice_max(highest)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * min(v, y_max) / y_max

    out = [
        f'<svg viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}">',
        f'<text class="title" x="{LEFT}" y="16">{escape(title)}</text>',
    ]
    for k in range(5):
        v = y_max * k / 4
        out.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{_fmt(v)}</text>')
    out.append(f'<text x="4" y="{TOP - 8}">{escape(y_unit)}</text>')
    step = max(1, n // 8)
    for i in range(0, n, step):
        out.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{escape(x_labels[i])}</text>'
        )
    below = [y(0)] * n
    area_index = 0
    bars = [s for s in series if s.kind == "bar"]
    bar_w = plot_w / n * 0.7 / max(len(bars), 1)
    for s in series:
        if s.kind == "area":
            top = tops[area_index]
            area_index += 1
            upper = " ".join(f"{x(i):.1f},{y(top[i]):.1f}" for i in range(n))
            lower = " ".join(f"{x(i):.1f},{below[i]:.1f}" for i in reversed(range(n)))
            out.append(
                f'<polygon points="{upper} {lower}" fill="{s.colour}" fill-opacity="0.75" stroke="none"/>'
            )
            below = [y(v) for v in top]
        elif s.kind == "bar":
            b = bars.index(s)
            for i, v in enumerate(s.values):
                if v:
                    left = x(i) - bar_w * len(bars) / 2 + b * bar_w
                    out.append(
                        f'<rect x="{left:.1f}" y="{y(v):.1f}" width="{bar_w:.1f}" '
                        f'height="{y(0) - y(v):.1f}" fill="{s.colour}"/>'
                    )
        else:
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values) if v is not None)
            dash = ' stroke-dasharray="6 4"' if s.kind == "dash" else ""
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="2"{dash}/>'
            )
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{y(0):.1f}"/>')
    for k, s in enumerate(series):
        ly = TOP + 6 + k * 18
        lx = LEFT + plot_w + 12
        if s.kind in ("line", "dash"):
            dash = ' stroke-dasharray="6 4"' if s.kind == "dash" else ""
            out.append(
                f'<line x1="{lx}" x2="{lx + 16}" y1="{ly}" y2="{ly}" stroke="{s.colour}" stroke-width="2"{dash}/>'
            )
        else:
            out.append(f'<rect x="{lx}" y="{ly - 6}" width="16" height="12" fill="{s.colour}"/>')
        out.append(f'<text x="{lx + 22}" y="{ly + 4}">{escape(s.name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def project_svgs(c: ProjectCharts, lang: str) -> list[str]:
    """The three charts of one project: money against the budget, progress, labour a week."""
    lb = labels(lang)
    weeks = [f"{w.month}/{w.day}" for w in c.weeks]
    money = [Series(lb[s], [v / 100 for v in c.received_fen[s]], SOURCE_COLOURS[s], "area") for s in SOURCES]
    money.append(Series(lb["budget"], [c.budget_fen / 100] * len(c.weeks), "#c00000", "dash"))
    progress = [
        Series(lb["actual"], c.progress_pct, "#4472c4", "line"),
        Series(lb["planned"], c.planned_pct, "#7f7f7f", "dash"),
    ]
    labour = [Series(lb["days"], c.labour_days, "#70ad47", "bar")]
    return [
        svg_chart(lb["money"], weeks, money, lb["yuan"]),
        svg_chart(lb["progress"], weeks, progress, lb["pct"], y_max=100),
        svg_chart(lb["labour"], weeks, labour, lb["days"]),
    ]


def render_section(data: ReportData) -> str:
    """The 图表 section: the pace board as a table, then each project's charts."""
    if not data.pace and not data.charts:
        return ""
    lang = data.lang
    parts = ['<section class="charts" id="charts">', f"<h2>{escape(t('chart.title', lang))}</h2>"]
    if data.pace:
        keys = (
            "project",
            "planned_end",
            "days_left",
            "progress",
            "planned",
            "recent",
            "needed",
            "expected",
            "verdict",
        )
        parts.append(f"<h3>{escape(t('pace.title', lang))}</h3>")
        parts.append('<table class="pace"><thead><tr>')
        parts.append("".join(f"<th>{escape(t(f'pace.col.{k}', lang))}</th>" for k in keys))
        parts.append("</tr></thead><tbody>")
        for p in data.pace:
            cells = [
                p.name,
                p.planned_end.isoformat(),
                str(p.days_left),
                f"{p.progress_pct}",
                f"{p.planned_pct_today}",
                f"{p.pct_per_week_recent}",
                "" if p.pct_per_week_needed is None else f"{p.pct_per_week_needed}",
                p.expected_finish.isoformat() if p.expected_finish else "",
                p.verdict_text(lang),
            ]
            parts.append(
                "<tr>"
                + "".join(
                    f'<td class="num">{escape(v)}</td>' if 1 < i < 7 else f"<td>{escape(v)}</td>"
                    for i, v in enumerate(cells)
                )
                + "</tr>"
            )
        parts.append("</tbody></table>")
    for c in data.charts:
        parts.append(f"<h3>{escape(c.name)}</h3>")
        parts += [f"<figure>{svg}</figure>" for svg in project_svgs(c, lang)]
    parts.append("</section>")
    return "\n".join(parts)
