"""How a name is spelled in pinyin, every way a user may type it: 曾建国 is found by zjg, cjg,
zengjianguo and cengjianguo.

A character with several readings matches by each of them; the readings of a surname come first
(曾 is zeng as a surname, 单 shan, 解 xie, 仇 qiu, 查 zha, 区 ou), so the first character of a name
always gets them. The result is stored with each villager and contributor (the ``spell`` column)
as ``|zjg|cjg|zengjianguo|cengjianguo|``, so a search is one SQL LIKE whatever the reading typed.
"""

from __future__ import annotations

from functools import lru_cache

# Readings a character takes as a family name, where the everyday reading differs.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "区": "ou",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "召": "shao",
    "尉": "yu",
    "秘": "bi",
    "员": "yun",
    "种": "chong",
    "折": "she",
    "繁": "po",
    "长": "chang",
    "重": "chong",
    "厦": "sha",
    "柏": "bai",
    "宓": "mi",
    "阚": "kan",
    "隗": "wei",
}

MAX_SPELLINGS = 16  # a name of many many-reading characters is cut to its likeliest spellings


@lru_cache(maxsize=8192)
def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Each character's readings, the likeliest (in its phrase) first; a non-Chinese run as is."""
    from pypinyin import Style, lazy_pinyin, pinyin  # loaded on first use: 0.3 s at start-up otherwise

    usual = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    every = pinyin(name, style=Style.NORMAL, heteronym=True, errors="default")
    out: list[tuple[str, ...]] = []
    for i, (first, alts) in enumerate(zip(usual, every, strict=False)):
        choices = [first.lower()]
        if i == 0 and name[:1] in SURNAME_READINGS:
            choices.append(SURNAME_READINGS[name[:1]])
        choices += [a.lower() for a in alts]
        kept = tuple(dict.fromkeys(c for c in choices if c and c.isascii() and c.isalnum()))
        if kept:
            out.append(kept)
    return tuple(out)


@lru_cache(maxsize=8192)
def spellings(name: str) -> tuple[str, ...]:
    """Every initials and full-pinyin spelling of ``name``, the likeliest first (lower case).

    The likeliest reading of each character, then each other reading of one character at a time
    (a name's characters rarely all take an unusual reading at once), at most MAX_SPELLINGS."""
    readings = _readings((name or "").strip())
    if not readings:
        return ()
    usual = [r[0] for r in readings]
    combos = [usual]
    for i, alternatives in enumerate(readings):
        combos += [[*usual[:i], alt, *usual[i + 1 :]] for alt in alternatives[1:]]
    combos = combos[:MAX_SPELLINGS]
    initials = ["".join(part if part.isdigit() else part[0] for part in combo) for combo in combos]
    full = ["".join(combo) for combo in combos]
    return tuple(dict.fromkeys([*initials, *full]))


def spell_key(name: str) -> str:
    """What the ``spell`` column stores: ``|zjg|cjg|zengjianguo|cengjianguo|``."""
    found = spellings(name)
    return f"|{'|'.join(found)}|" if found else ""
