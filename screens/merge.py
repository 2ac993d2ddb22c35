"""Merge two entries for one villager, or for one contributor: choose the entry to keep, confirm,
and every record of the other moves to it (tracker.corrections, one audited transaction)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from models import Contributor, Person
from tracker import corrections, search
from tracker.errors import UserError
from tracker.i18n import register, t

from .confirm import ConfirmScreen
from .forms.widgets import plain, translate_bindings


class MergeScreen(ModalScreen[int | None]):
    """Dismisses with the id of the entry kept, or None. ``kind`` is "person" or "contributor"."""

    CSS_PATH = "take_back.tcss"
    BINDINGS = [Binding("escape", "cancel", "key.back")]

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.kind = kind
        self.model = Person if kind == "person" else Contributor
        self.record = self.model.get_by_id(record_id)

    def compose(self) -> ComposeResult:
        with Vertical(id="reverse-box"):
            yield Label(plain(t("merge.title", name=self.record.name)), id="reverse-title")
            yield Label(plain(t(f"merge.explain.{self.kind}")), id="reverse-explain")
            yield Input(self.record.name, id="find", placeholder=t("merge.find"), compact=True)
            yield OptionList(id="hits")
            yield Label("", id="e-reason", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self._search(self.record.name)
        self.query_one("#find", Input).focus()

    @on(Input.Changed, "#find")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#find")
    def _to_list(self) -> None:
        self.query_one("#hits", OptionList).focus()

    def _search(self, text: str) -> None:
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        if self.kind == "person":
            found = search.search_people(text, limit=20, count=False).items
            options = [
                Option(f"{p.name}  {p.group or '—'} · {p.household or '—'}", id=str(p.id))
                for p in found
                if p.id != self.record.id
            ]
        else:
            found = search.search_contributors(text, limit=20, count=False).items
            options = [
                Option(f"{c.name}  {t('kind.' + c.kind)}  {c.group} {c.household}".rstrip(), id=str(c.id))
                for c in found
                if c.id != self.record.id
            ]
        hits.add_options(options or [Option(t("merge.none"), disabled=True)])

    @on(OptionList.OptionSelected, "#hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        keep = self.model.get_by_id(int(event.option.id or 0))
        ask = ConfirmScreen(
            t("merge.confirm_title", drop=self.record.name, keep=keep.name),
            t("merge.confirm_explain"),
            t("merge.do"),
        )

        def merge(answer: str | None) -> None:
            if answer is None:
                return
            try:
                if self.kind == "person":
                    corrections.merge_persons(keep, self.record)
                else:
                    corrections.merge_contributors(keep, self.record)
            except UserError as exc:
                error = self.query_one("#e-reason", Label)
                error.update(plain(exc.message()))
                error.add_class("-shown")
                return
            self.dismiss(keep.id)

        self.app.push_screen(ask, merge)

    def action_cancel(self) -> None:
        self.dismiss(None)


register(
    zh={
        "merge.title": "把“{name}”合并到另一条",
        "merge.explain.person": "同一位村民录了两次时用：选要保留的那一条，这一条的投工、捐助记录都移过去，"
        "然后删除这一条。资金数字不变，每条记录的改动都留在修改记录里。",
        "merge.explain.contributor": "同一位捐助方录了两次时用：选要保留的那一条，这一条的认捐、到账、筹料都移过去，"
        "然后删除这一条。资金数字不变，每条记录的改动都留在修改记录里。",
        "merge.find": "要保留的那一条：姓名或拼音首字母",
        "merge.none": "没有找到",
        "merge.confirm_title": "把“{drop}”合并到“{keep}”？",
        "merge.confirm_explain": "合并后只剩“保留”的那一条；所有记录移到它名下。",
        "merge.do": "合并",
        "merge.done": "已合并到“{name}”",
        "delete.person_title": "删除村民“{name}”？",
        "delete.person_explain": "这位村民还没有任何投工或捐助记录。删除后原有内容留在修改记录里。",
        "delete.done": "已删除“{name}”",
    },
    en={
        "merge.title": 'Merge "{name}" into another entry',
        "merge.explain.person": "For one villager entered twice: choose the entry to keep; this one's labour and "
        "contributions move to it and this entry is deleted. Figures stay the same; every record's change "
        "is in the history.",
        "merge.explain.contributor": "For one contributor entered twice: choose the entry to keep; this one's "
        "pledges, receipts and gifts move to it and this entry is deleted. Figures stay the same; every "
        "record's change is in the history.",
        "merge.find": "the entry to keep: name or pinyin initials",
        "merge.none": "nothing found",
        "merge.confirm_title": 'Merge "{drop}" into "{keep}"?',
        "merge.confirm_explain": "Only the entry kept remains; every record moves to it.",
        "merge.do": "Merge",
        "merge.done": 'Merged into "{name}"',
        "delete.person_title": 'Delete villager "{name}"?',
        "delete.person_explain": "This villager has no labour or contributions. What the entry was stays in the history.",
        "delete.done": '"{name}" deleted',
    },
)
