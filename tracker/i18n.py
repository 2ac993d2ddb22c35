"""Message catalogue: Simplified Chinese by default, English with ``--lang en``.

Every text a person reads — screens, CLI messages, and the labels of the printed reports, 公示
and receipts (keys ``report.*``, ``notice.*``, ``receipt.*``) — is registered here by the part
of the program that shows it, next to its code. ``t`` looks a key up in the current language (or
the one given: a document is written in its own language) and falls back to Chinese, so a
missing English string shows up in tests (``missing_keys``) rather than as a half-translated
screen.
"""

from __future__ import annotations

import re

LANGS = ("zh", "en")
_catalog: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
_lang = "zh"


def register(zh: dict[str, str], en: dict[str, str]) -> None:
    _catalog["zh"].update(zh)
    _catalog["en"].update(en)


def set_lang(lang: str) -> None:
    global _lang
    if lang not in LANGS:
        raise ValueError(lang)
    _lang = lang


def get_lang() -> str:
    return _lang


def lang_or_current(lang: str | None) -> str:
    """``lang`` when it is one we have, else the current language (a document's language)."""
    return lang if lang in LANGS else _lang


# ``{n|item|items}`` in a message: the word that agrees with the number ``n`` ("1 item", "2 items").
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _one(value: object) -> bool:
    try:
        return abs(float(str(value).replace(",", ""))) == 1
    except ValueError:
        return False


def t(key: str, lang: str | None = None, **kwargs: object) -> str:
    table = _catalog[lang or _lang]
    text = table.get(key) or _catalog["zh"].get(key) or key
    if "|" in text:
        text = _PLURAL.sub(lambda m: m.group(2) if _one(kwargs.get(m.group(1))) else m.group(3), text)
    return text.format(**kwargs) if kwargs else text


def missing_keys() -> dict[str, set[str]]:
    zh, en = set(_catalog["zh"]), set(_catalog["en"])
    return {"en": zh - en, "zh": en - zh}


register(
    zh={
        "source.self_raised": "群众自筹",
        "source.donation": "社会捐赠",
        "source.government": "项目资金",
        "source.collective": "村集体",
        "status.planning": "规划",
        "status.building": "在建",
        "status.completed": "完工",
        "status.accepted": "已验收",
        "kind.person": "村民",
        "kind.xiangxian": "乡贤/在外人士",
        "kind.enterprise": "企业",
        "kind.government": "政府部门",
        "kind.collective": "村集体",
        "pledge_status.unpaid": "未到账",
        "pledge_status.partial": "部分到账",
        "pledge_status.paid": "已到账",
        "pledge_status.overdue": "逾期",
        "table.pledge": "认捐",
        "table.receipt": "到账",
        "table.in_kind": "筹料",
        "table.expense": "支出",
        "table.labour_entry": "投工",
        "table.milestone": "节点",
        "table.progress_note": "进度记录",
        "table.person": "村民",
        "table.contributor": "捐助方",
        "table.project": "屋场",
        "table.village": "村",
    },
    en={
        "source.self_raised": "Self-raised",
        "source.donation": "Donations",
        "source.government": "Project funds",
        "source.collective": "Village collective",
        "status.planning": "Planning",
        "status.building": "Under construction",
        "status.completed": "Completed",
        "status.accepted": "Accepted",
        "kind.person": "Villager",
        "kind.xiangxian": "Native abroad",
        "kind.enterprise": "Company",
        "kind.government": "Government dept.",
        "kind.collective": "Village collective",
        "pledge_status.unpaid": "Not received",
        "pledge_status.partial": "Partly received",
        "pledge_status.paid": "Received",
        "pledge_status.overdue": "Overdue",
        "table.pledge": "Pledge",
        "table.receipt": "Receipt",
        "table.in_kind": "In-kind gift",
        "table.expense": "Expense",
        "table.labour_entry": "Labour",
        "table.milestone": "Milestone",
        "table.progress_note": "Progress note",
        "table.person": "Villager",
        "table.contributor": "Contributor",
        "table.project": "Project",
        "table.village": "Village",
    },
)
