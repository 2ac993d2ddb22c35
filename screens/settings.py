"""Settings: the village's name, town, county, the cadre's name, the labour day rate, the language,
and the rules 一事一议 levies are held to (caps a year, labourers' ages).

The village is written through ``records.update`` (so the audit log keeps the old values); the
language is a per-user preference (``tracker.prefs``) and applies at once.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from tracker import field_parsers, meetings, money, records, vouchers
from tracker.assembly import days_text
from tracker.errors import FieldError, UserError, ValidationError
from tracker.i18n import LANGS, get_lang, register, t

from .keys import Translated
from .widgets import saving

# (field key, also the Input id; the Village column it edits)
FIELDS = (
    ("village", "name"),
    ("town", "town"),
    ("county", "county"),
    ("cadre_name", "cadre_name"),
    ("labour_rate", "labour_rate"),
    ("voucher_prefix", "voucher_prefix"),
    ("followup_days", "pledge_followup_days"),
)
# The levy rules (tracker.meetings.rule_changes reads them): field key, also the Input id.
RULE_FIELDS = ("money_cap", "labour_cap", "men", "women")


class SettingsScreen(Translated, Screen):
    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#village"
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("ctrl+s", "save", "key.save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.help_title = t("ui.set.help_title")
        self._saving = False  # a save waiting for another writer to finish

    def compose(self) -> ComposeResult:
        village = _village()
        values = {
            "village": village.name if village else "",
            "town": village.town if village else "",
            "county": village.county if village else "",
            "cadre_name": village.cadre_name if village else "",
            "labour_rate": money.format_yuan(village.labour_rate_fen, symbol=False) if village else "100.00",
            "voucher_prefix": village.voucher_prefix if village else "",
            "followup_days": str(village.pledge_followup_days) if village else "30",
        }
        with VerticalScroll(id="settings"):
            yield Static(t("ui.set.title"), classes="title")
            for field, _ in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(t(f"field.{field}"), classes="label")
                    with Vertical(classes="cell"):
                        placeholder = t(
                            f"ui.set.placeholder.{field}", prefix=vouchers.prefix(village) if village else ""
                        )
                        yield Input(values[field], id=field, placeholder=placeholder)
                        yield Label("", id=f"{field}-error", classes="error")
            rules = meetings.rule_settings()
            rule_values = {
                "money_cap": money.format_yuan(rules.money_cap_fen, symbol=False),
                "labour_cap": days_text(rules.labour_cap_half_days),
                "men": f"{rules.men_from_age}-{rules.men_to_age}",
                "women": f"{rules.women_from_age}-{rules.women_to_age}",
            }
            yield Static(t("ui.set.levy_title"), classes="title")
            for field in RULE_FIELDS:
                with Horizontal(classes="row"):
                    yield Label(t(f"field.{field}"), classes="label")
                    with Vertical(classes="cell"):
                        yield Input(rule_values[field], id=field)
                        yield Label("", id=f"{field}-error", classes="error")
            with Horizontal(classes="row"):
                yield Label(t("field.not_both"), classes="label")
                with Vertical(classes="cell"):
                    yield Select(
                        [(t("ui.set.yes"), True), (t("ui.set.no"), False)],
                        value=bool(rules.not_both_on_one_labourer),
                        allow_blank=False,
                        id="not_both",
                    )
            with Horizontal(classes="row"):
                yield Label(t("ui.set.lang"), classes="label")
                with Vertical(classes="cell"):
                    yield Select(
                        [(t(f"ui.set.lang.{code}"), code) for code in LANGS],
                        value=get_lang(),
                        allow_blank=False,
                        id="lang",
                    )
            yield Static(t("ui.set.hint"), classes="hint")
            with Horizontal(id="buttons"):
                yield Button(t("key.save"), variant="primary", id="save")
                yield Button(t("key.cancel"), id="cancel")
        yield Footer()

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for field in (*(f for f, _ in FIELDS), *RULE_FIELDS):
            self.query_one(f"#{field}-error", Label).update("")
        if self._saving:
            return
        try:
            rule_changes = meetings.rule_changes(
                **{f: self.query_one(f"#{f}", Input).value for f in RULE_FIELDS},
                not_both=bool(self.query_one("#not_both", Select).value),
            )
        except ValidationError as exc:
            self._failed(exc)
            return
        try:
            changes = self._read()
        except ValidationError as exc:
            self._failed(exc)
            return
        village = _village()

        def write() -> object:
            with records.atomic():  # the village and the levy rules saved together, or neither
                if village is None:
                    saved = records.create_village(
                        changes["name"],
                        changes["town"],
                        changes["county"],
                        cadre_name=changes["cadre_name"],
                        labour_rate_fen=changes["labour_rate_fen"],
                    )  # the prefix and the days keep their defaults until the village is saved again
                else:
                    saved = records.update(village, **changes)
                meetings.save_rule_settings(**rule_changes)
            return saved

        # At once when the file is free; in a worker that waits when another window is writing.
        self._saving = saving.save(self, write, self._saved)
        if self._saving:
            self.notify(t("ui.save.waiting"))

    def _saved(self, _: object, error: BaseException | None) -> None:
        self._saving = False
        if error is not None:
            self._failed(error)
            return
        lang = self.query_one("#lang", Select).value
        if isinstance(lang, str) and lang != get_lang():
            self.app.set_language(lang)  # draws every screen again, in the new language
            return
        self.notify(t("ui.set.saved"))
        self.dismiss()

    def _failed(self, error: BaseException) -> None:
        problem = saving.problem_message(error)
        if problem is not None:
            self.notify(problem, severity="error")
        elif isinstance(error, ValidationError):
            for field, message in error.by_field().items():
                self._show_error(field, message)
        elif isinstance(error, UserError):
            self.notify(error.message(), severity="error")
        else:
            raise error

    def _read(self) -> dict[str, object]:
        errors: list[FieldError] = []
        values: dict[str, object] = {}
        for field, column in FIELDS:
            raw = self.query_one(f"#{field}", Input).value
            try:
                if field == "labour_rate":
                    values["labour_rate_fen"] = field_parsers.amount(raw, field)
                elif field == "followup_days":
                    values[column] = field_parsers.parse("integer", raw, field, low=1, high=3650, default=30)
                else:
                    values[column] = field_parsers.text(raw, field, required=field == "village", max_len=60)
            except FieldError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return values

    def _show_error(self, field: str, message: str) -> None:
        target = "village" if field == "name" else field
        labels = self.query(f"#{target}-error")
        if labels:
            labels.first(Label).update(message)
        else:
            self.notify(f"{t('field.' + field)}: {message}", severity="error")

    @on(Button.Pressed, "#cancel")
    def action_back(self) -> None:
        self.dismiss()


def _village():
    try:
        return records.get_village()
    except UserError:
        return None


register(
    zh={
        "ui.set.help_title": "设置页的按键",
        "field.voucher_prefix": "收据编号前缀",
        "field.followup_days": "认捐提醒天数",
        "ui.set.placeholder.voucher_prefix": "不填则用村名拼音首字母：{prefix}",
        "ui.set.placeholder.followup_days": "没有约定日期的认捐，过了这些天仍未到账就列入需要关注",
        "ui.set.title": "设置",
        "ui.set.lang": "界面语言",
        "ui.set.lang.zh": "中文",
        "ui.set.lang.en": "English",
        "ui.set.hint": "工日单价用于投工折资（工日 × 单价）。村名等修改会记入修改记录。ctrl+s 保存，Esc 返回。",
        "ui.set.saved": "设置已保存",
        "ui.set.levy_title": "一事一议筹资筹劳规则（省里有规定时按省里的改）",
        "ui.set.yes": "是",
        "ui.set.no": "否",
    },
    en={
        "ui.set.help_title": "Keys of the settings screen",
        "field.voucher_prefix": "Voucher number prefix",
        "field.followup_days": "Pledge follow-up days",
        "ui.set.placeholder.voucher_prefix": "blank: the village name's pinyin initials, {prefix}",
        "ui.set.placeholder.followup_days": "a pledge without a due date still unpaid after these days needs attention",
        "ui.set.title": "Settings",
        "ui.set.lang": "Language",
        "ui.set.lang.zh": "Chinese",
        "ui.set.lang.en": "English",
        "ui.set.hint": "The day rate values labour (days × rate). Changes to the village are kept in the audit log. ctrl+s saves, Esc goes back.",
        "ui.set.saved": "Settings saved",
        "ui.set.levy_title": "Levy rules (change them to your province's)",
        "ui.set.yes": "yes",
        "ui.set.no": "no",
    },
)
