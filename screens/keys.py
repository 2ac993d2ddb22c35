"""Key bindings whose descriptions follow the UI's language.

Textual reads ``BINDINGS`` when a class is defined, long before ``--lang`` is known. So a screen
declares its bindings with i18n keys as descriptions (``Binding("a", "add", "key.add")``) and
calls ``translate(self)`` at the end of ``__init__`` (or inherits ``Translated``): the node's own
``BindingsMap`` is rebuilt with the text of the current language, which is what the Footer, the
help screen and the command palette read. A language switch rebuilds the screens, so nothing
needs translating twice.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from tracker.i18n import get_lang, register, t

# Descriptions Textual's own classes give their bindings, mapped to our keys, so that the help
# screen of a Chinese UI shows no English.
_BUILTIN = {
    "Quit": "key.quit",
    "palette": "key.palette",
    "Open the command palette": "key.palette",
    "Focus Next": "key.focus_next",
    "Focus Previous": "key.focus_previous",
    "Copy selected text": "key.copy",
    "Cut selected text": "key.cut",
    "Paste text from the clipboard": "key.paste",
    "Select": "key.select",
    "Submit": "key.submit",
    "Cursor up": "key.up",
    "Cursor down": "key.down",
    "Cursor left": "key.left",
    "Cursor right": "key.right",
    "Up": "key.up",
    "Down": "key.down",
    "Scroll Up": "key.up",
    "Scroll Down": "key.down",
    "Scroll Left": "key.left",
    "Scroll Right": "key.right",
    "Move cursor left": "key.left",
    "Move cursor right or accept the completion suggestion": "key.right",
    "Page up": "key.page_up_scroll",
    "Page down": "key.page_down_scroll",
    "Page Up": "key.page_up_scroll",
    "Page Down": "key.page_down_scroll",
    "Page Left": "key.page_left",
    "Page Right": "key.page_right",
    "Top": "key.top",
    "Bottom": "key.bottom",
    "First": "key.top",
    "Last": "key.bottom",
    "Home": "key.home",
    "End": "key.end",
    "Scroll Home": "key.top",
    "Scroll End": "key.bottom",
    "Go to start": "key.home",
    "Go to end": "key.end",
    "Delete character left": "key.backspace",
    "Delete character right": "key.delete",
    "Select all": "key.select_all",
    "Previous tab": "key.prev_tab",
    "Next tab": "key.next_tab",
    "Press button": "key.press",
    "Toggle": "key.toggle",
    "Show menu": "key.show_menu",
    "Dismiss menu": "key.dismiss_menu",
}


def describe(description: str) -> str:
    """The text of a binding description in the current language.

    "" when there is none, or when it is one of Textual's own English descriptions we have no
    translation for (rare editing keys): better unlisted than half-translated.
    """
    if description.startswith("key."):
        return t(description)
    if description in _BUILTIN:
        return t(_BUILTIN[description])
    return description if get_lang() == "en" else ""


def translated(binding: Binding) -> Binding:
    tooltip = describe(binding.tooltip) if binding.tooltip else ""
    group = binding.group
    if group is not None:
        group = dataclasses.replace(group, description=describe(group.description))
    return dataclasses.replace(
        binding, description=describe(binding.description), tooltip=tooltip, group=group
    )


def translate(node: DOMNode) -> None:
    """Rebuild ``node``'s bindings with descriptions in the current language.

    The bindings as declared are kept, so calling it again after a language switch works.
    """
    declared = getattr(node, "_declared_bindings", None)
    if declared is None:
        declared = node._declared_bindings = dict(node._bindings.key_to_bindings)  # type: ignore[attr-defined]
    node._bindings = BindingsMap.from_keys(
        {key: [translated(b) for b in items] for key, items in declared.items()}
    )


def translate_textual_widgets() -> None:
    """Textual widgets we do not build ourselves (the dropdown a Select opens) get their bindings
    in the current language too: the Footer reads them straight from the class."""
    from textual.widgets._select import SelectOverlay

    for cls in (SelectOverlay,):
        declared = cls.__dict__.get("_declared_class_bindings") or cls._merged_bindings
        if declared is None:
            continue
        cls._declared_class_bindings = declared  # type: ignore[attr-defined]
        cls._merged_bindings = BindingsMap.from_keys(
            {key: [translated(b) for b in items] for key, items in declared.key_to_bindings.items()}
        )


def text_of(node: DOMNode, binding: Binding) -> str:
    """What a bound key does, in the current language, for a binding found on ``node``."""
    if getattr(node, "_declared_bindings", None) is not None:
        return binding.description  # translated by ``translate`` already
    return describe(binding.description)


def bindings(*specs: tuple[Any, ...] | Binding) -> list[Binding]:
    """``BINDINGS`` from short specs: ``("a", "add", "key.add")`` or ``(..., {"show": False})``.

    Descriptions stay i18n keys here; ``translate`` turns them into text per instance.
    """
    result = []
    for spec in specs:
        if isinstance(spec, Binding):
            result.append(spec)
            continue
        *args, last = spec
        if isinstance(last, dict):
            result.append(Binding(*args, **last))
        else:
            result.append(Binding(*args, last))
    return result


class Translated:
    """Mixin for screens and widgets: bindings in the UI's language (put it first in the bases)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate(self)  # type: ignore[arg-type]


register(
    zh={
        "key.quit": "退出",
        "key.help": "帮助",
        "key.search": "搜索",
        "key.filter": "筛选",
        "key.open": "打开",
        "key.back": "返回",
        "key.add": "新增",
        "key.reverse": "冲销",
        "key.roll_call": "出工点名",
        "key.export": "导出",
        "key.import": "导入",
        "key.palette": "命令",
        "key.as_of": "截至日期",
        "key.settings": "设置",
        "key.save": "保存",
        "key.cancel": "取消",
        "key.close": "关闭",
        "key.prev_page": "上一页",
        "key.next_page": "下一页",
        "key.tab_n": "切换标签页",
        "key.focus_next": "下一项",
        "key.focus_previous": "上一项",
        "key.copy": "复制所选文字",
        "key.select": "选中",
        "key.up": "上移",
        "key.down": "下移",
        "key.left": "左移",
        "key.right": "右移",
        "key.page_up_scroll": "向上翻屏",
        "key.page_down_scroll": "向下翻屏",
        "key.top": "到顶部",
        "key.bottom": "到底部",
        "key.home": "到行首",
        "key.end": "到行尾",
        "key.prev_tab": "上一个标签页",
        "key.next_tab": "下一个标签页",
        "key.press": "按下按钮",
        "key.toggle": "勾选/取消",
        "key.show_menu": "展开选项",
        "key.dismiss_menu": "收起选项",
        "key.people": "村民/捐助方",
        "key.cut": "剪切",
        "key.paste": "粘贴",
        "key.submit": "确定",
        "key.page_left": "向左翻屏",
        "key.page_right": "向右翻屏",
        "key.backspace": "删除前一个字",
        "key.delete": "删除后一个字",
        "key.select_all": "全选",
    },
    en={
        "key.quit": "Quit",
        "key.help": "Help",
        "key.search": "Search",
        "key.filter": "Filter",
        "key.open": "Open",
        "key.back": "Back",
        "key.add": "Add",
        "key.reverse": "Reverse",
        "key.roll_call": "Roll call",
        "key.export": "Export",
        "key.import": "Import",
        "key.palette": "Commands",
        "key.as_of": "As of",
        "key.settings": "Settings",
        "key.save": "Save",
        "key.cancel": "Cancel",
        "key.close": "Close",
        "key.prev_page": "Previous page",
        "key.next_page": "Next page",
        "key.tab_n": "Switch tab",
        "key.focus_next": "Next field",
        "key.focus_previous": "Previous field",
        "key.copy": "Copy selected text",
        "key.select": "Select",
        "key.up": "Up",
        "key.down": "Down",
        "key.left": "Left",
        "key.right": "Right",
        "key.page_up_scroll": "Scroll a page up",
        "key.page_down_scroll": "Scroll a page down",
        "key.top": "Top",
        "key.bottom": "Bottom",
        "key.home": "Start of line",
        "key.end": "End of line",
        "key.prev_tab": "Previous tab",
        "key.next_tab": "Next tab",
        "key.press": "Press button",
        "key.toggle": "Tick / untick",
        "key.show_menu": "Open the list",
        "key.dismiss_menu": "Close the list",
        "key.people": "People",
        "key.cut": "Cut",
        "key.paste": "Paste",
        "key.submit": "Submit",
        "key.page_left": "Scroll a page left",
        "key.page_right": "Scroll a page right",
        "key.backspace": "Delete the character before",
        "key.delete": "Delete the character after",
        "key.select_all": "Select all",
    },
)
