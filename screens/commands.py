"""The command palette (ctrl+p): the app's actions by name, in the UI's language.

Commands match on their text or on its pinyin initials (``xzrj`` finds 新增认捐). Each command
calls an action of the app, the same one a key would run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker import listings
from tracker.i18n import get_lang, register, t

# The records a form can add, in the order a cadre meets them.
ADD_KINDS = (
    "pledge",
    "receipt",
    "in_kind",
    "expense",
    "labour",
    "milestone",
    "progress_note",
    "project",
    "person",
    "contributor",
)

# Records that belong to a project (the form opens with the project in view chosen).
PROJECT_KINDS = ADD_KINDS[:7]


def kind_name(kind: str) -> str:
    """认捐, 到账 … for a form kind (labour's table is labour_entry)."""
    return t("table.labour_entry" if kind == "labour" else f"table.{kind}")


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]


class XiumeiCommands(Provider):
    def _commands(self) -> list[Command]:
        app = self.app
        other = "en" if get_lang() == "zh" else "zh"
        always = [
            Command(t("cmd.help"), t("cmd.help.help"), app.action_help),
            Command(t(f"cmd.lang.{other}"), t("cmd.lang.help"), partial(app.set_language, other)),
            Command(t("cmd.quit"), t("cmd.quit.help"), app.action_quit),
        ]
        if not app.database_open:  # the database could not be opened: nothing to show from it
            return always
        project_id = app.current_project_id(self.screen)
        commands = [
            Command(
                t("cmd.open_project", name=name),
                t("cmd.open_project.help", group=group or "—"),
                partial(app.open_project, pid),
            )
            for pid, name, group in listings.projects()
        ]
        commands += [
            Command(
                t("cmd.add", what=kind_name(kind)),
                t("cmd.add.help_project" if kind in PROJECT_KINDS else "cmd.add.help"),
                partial(app.add_record, kind, project_id),
            )
            for kind in ADD_KINDS
        ]
        if project_id is not None:
            name = next((n for pid, n, _ in listings.projects() if pid == project_id), "")
            commands.append(
                Command(
                    t("cmd.edit_project", name=name),
                    t("cmd.edit_project.help"),
                    partial(app.edit_project, project_id),
                )
            )
        commands += [
            Command(t("cmd.roll_call"), t("cmd.roll_call.help"), app.action_roll_call),
            Command(t("cmd.people"), t("cmd.people.help"), app.action_people),
            Command(t("cmd.as_of"), t("cmd.as_of.help"), app.action_as_of),
            Command(t("cmd.settings"), t("cmd.settings.help"), app.action_settings),
            Command(t("cmd.export"), t("cmd.export.help"), app.action_export),
            Command(t("cmd.import"), t("cmd.import.help"), app.action_import_ledger),
            Command(t("cmd.dashboard"), t("cmd.dashboard.help"), app.action_dashboard),
        ]
        return commands + always

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        from tracker.records import initials_of  # pypinyin loads on first search, not at start-up

        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            score = max(matcher.match(command.title), matcher.match(initials_of(command.title)) * 0.9)
            if score > 0:
                found = True
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    command.run,
                    text=command.title,
                    help=command.help,
                )
        if not found and query.strip():
            # Textual's own "no matches" line is English; say it in the UI's language instead.
            yield Hit(0.01, t("cmd.none", text=query.strip()), self.app.action_help, help=t("cmd.none.help"))


register(
    zh={
        "cmd.placeholder": "输入命令，如“认捐”“点名”，或拼音首字母……",
        "cmd.open_project": "打开屋场：{name}",
        "cmd.open_project.help": "{group}：概况、认捐、到账、筹料、支出、投工、节点",
        "cmd.add": "新增{what}",
        "cmd.add.help": "打开录入表单",
        "cmd.add.help_project": "打开录入表单（默认为当前屋场）",
        "cmd.roll_call": "出工点名",
        "cmd.edit_project": "修改屋场：{name}",
        "cmd.edit_project.help": "名称、组、负责人、预算、日期和状态（规划 → 在建 → 完工 → 已验收，往回改须写原因）",
        "cmd.roll_call.help": "按户勾选今天出工的人，一次保存",
        "cmd.people": "村民和捐助方",
        "cmd.people.help": "按姓名或拼音首字母查找，查看认捐、到账和投工",
        "cmd.as_of": "更改截至日期",
        "cmd.as_of.help": "之后的记录不计入各项数字",
        "cmd.settings": "设置",
        "cmd.settings.help": "村名、镇、市/县、填报人、工日单价、界面语言",
        "cmd.export": "导出报表",
        "cmd.export.help": "进度汇总、公示等",
        "cmd.import": "从 Excel 导入台账",
        "cmd.import.help": "先检查并列出将新增的条数，确认后才写入",
        "cmd.help": "帮助：本屏按键",
        "cmd.help.help": "列出当前屏幕的所有按键",
        "cmd.lang.en": "界面语言改为英文（English）",
        "cmd.lang.zh": "界面语言改为中文",
        "cmd.lang.help": "保存为默认语言",
        "cmd.dashboard": "回到总览",
        "cmd.dashboard.help": "各屋场汇总",
        "cmd.quit": "退出",
        "cmd.quit.help": "关闭程序（数据已随时保存）",
        "cmd.none": "没有叫“{text}”的命令",
        "cmd.none.help": "回车查看本屏所有按键",
    },
    en={
        "cmd.placeholder": 'Type a command, e.g. "pledge", "roll call"…',
        "cmd.open_project": "Open project: {name}",
        "cmd.open_project.help": "{group}: overview, pledges, receipts, in-kind, expenses, labour, milestones",
        "cmd.add": "Add {what}",
        "cmd.add.help": "Open the entry form",
        "cmd.add.help_project": "Open the entry form (for the project in view)",
        "cmd.roll_call": "Labour roll call",
        "cmd.edit_project": "Edit project: {name}",
        "cmd.edit_project.help": "name, group, leader, budget, dates and status (planning → building → completed → accepted; back with a reason)",
        "cmd.roll_call.help": "Tick who turned out today, household by household; saved at once",
        "cmd.people": "People and contributors",
        "cmd.people.help": "Find by name or pinyin initials; pledges, receipts and labour",
        "cmd.as_of": "Change the as-of date",
        "cmd.as_of.help": "Later records are left out of every figure",
        "cmd.settings": "Settings",
        "cmd.settings.help": "Village, town, county, cadre, labour day rate, language",
        "cmd.export": "Export reports",
        "cmd.export.help": "Progress summary, public notice and more",
        "cmd.import": "Import the ledger from Excel",
        "cmd.import.help": "Checked first; nothing is written until you confirm",
        "cmd.help": "Help: keys of this screen",
        "cmd.help.help": "Lists every key of the current screen",
        "cmd.lang.en": "Switch the language to English",
        "cmd.lang.zh": "Switch the language to Chinese (中文)",
        "cmd.lang.help": "Saved as the default language",
        "cmd.dashboard": "Back to the dashboard",
        "cmd.dashboard.help": "All projects at a glance",
        "cmd.quit": "Quit",
        "cmd.quit.help": "Close the program (everything is already saved)",
        "cmd.none": 'No command called "{text}"',
        "cmd.none.help": "Press enter to see every key of this screen",
    },
)
