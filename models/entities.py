"""The peewee model of a village's 秀美屋场 projects.

Money is integer 分 in every amount column. Pledges, receipts, in-kind gifts and expenses are
never edited or deleted once saved: a reversing entry (冲销) points at the original through
``reverses`` and carries the negated amount, so a plain SUM is always the true net figure.
"""

from __future__ import annotations

import peewee as pw

from .base import BaseModel, DateField, FlagField, database_proxy, home_village_id

LEVELS = ("village", "town", "county")
SOURCES = ("self_raised", "donation", "government", "collective")
CONTRIBUTOR_KINDS = ("person", "xiangxian", "enterprise", "government", "collective")
PROJECT_STATUSES = ("planning", "building", "completed", "accepted")
GENDERS = ("男", "女")  # Person.sex; "" when not given
# 屋场会, 村民会议, 村民代表会议, 一事一议 (a meeting held to decide one levy).
MEETING_KINDS = ("wuchang", "villagers", "representatives", "yishiyiyi")
# What a villager is for a while: 低保户, 现役军人, 在校学生, 孕期或产后一年内, 残疾, 外出, 迁出.
PERSON_CATEGORIES = ("dibao", "soldier", "student", "maternity", "disabled", "away", "moved_out")
# How a villager's share of a levy differs from the rule: exempt by a meeting's vote, or 以资代劳.
LEVY_TERMS = ("exempt_money", "exempt_labour", "cash_for_labour")


class Village(BaseModel):
    name = pw.CharField()
    town = pw.CharField(default="")
    county = pw.CharField(default="")
    labour_rate_fen = pw.IntegerField(default=10000)
    cadre_name = pw.CharField(default="")
    # In a town or county database: the key the village's bundles are signed with, registered
    # by its first bundle.
    public_key = pw.TextField(default="", constraints=[pw.SQL("DEFAULT ''")])
    # 收据编号 prefix; "" means the upper-case pinyin initials of the village's name without 村 (TB).
    voucher_prefix = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])
    # 需要关注 lists a pledge without a due date still unpaid this many days after it was made.
    pledge_followup_days = pw.IntegerField(default=30, constraints=[pw.SQL("DEFAULT 30")])


def _village_field() -> pw.ForeignKeyField:
    return pw.ForeignKeyField(Village, default=home_village_id)


class Person(BaseModel):
    name = pw.CharField(index=True)
    initials = pw.CharField(default="", index=True)  # pinyin initials, e.g. 梁湘江 -> lxj
    group = pw.CharField(default="")  # 组
    household = pw.CharField(default="")  # 户: usually the head's name or a house number
    is_household_head = FlagField(default=False)
    phone = pw.CharField(default="")  # private: never printed in a notice
    is_party_member = FlagField(default=False)
    # 联户党员: the party member who looks after this household (党员联户)
    mobiliser = pw.ForeignKeyField("self", null=True, backref="mobilised", on_delete="SET NULL")
    village = _village_field()
    # Added by a migration (ALTER TABLE needs a SQL default for a NOT NULL column): the models
    # declare the same default so both ways of building the schema agree.
    sex = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])  # 男, 女 or "" (not given)
    birth_date = DateField(null=True)
    note = pw.TextField(default="", constraints=[pw.SQL("DEFAULT ''")])
    spell = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])  # |lxj|liangxiangjiang| (search.py)

    class Meta:
        indexes = ((("group", "household"), False),)


class Contributor(BaseModel):
    name = pw.CharField(index=True)
    initials = pw.CharField(default="", index=True)
    kind = pw.CharField(default="person")  # one of CONTRIBUTOR_KINDS
    person = pw.ForeignKeyField(Person, null=True, backref="contributors")
    phone = pw.CharField(default="")
    village = _village_field()
    spell = pw.CharField(default="", constraints=[pw.SQL("DEFAULT ''")])


class Project(BaseModel):
    name = pw.CharField()  # unique within its village
    group = pw.CharField(default="")
    households = pw.IntegerField(default=0)
    leader = pw.CharField(default="")
    budget_fen = pw.IntegerField(default=0)
    start_date = DateField(null=True)
    planned_end = DateField(null=True)
    status = pw.CharField(default="planning")  # one of PROJECT_STATUSES
    village = _village_field()

    class Meta:
        indexes = ((("village", "name"), True),)


class Meeting(BaseModel):
    """A meeting of villagers that decided something: its roll, its vote and whether it was valid."""

    date = DateField()
    kind = pw.CharField()  # one of MEETING_KINDS
    project = pw.ForeignKeyField(Project, null=True, backref="meetings")
    topic = pw.CharField()
    decision = pw.TextField(default="")
    votes_for = pw.IntegerField(null=True)  # None: no vote was taken
    votes_against = pw.IntegerField(null=True)
    votes_abstain = pw.IntegerField(null=True)
    minutes_path = pw.CharField(default="")


class MeetingAttendance(BaseModel):
    meeting = pw.ForeignKeyField(Meeting, backref="attendance", index=False)
    person = pw.ForeignKeyField(Person, backref="meetings_attended")

    class Meta:
        table_name = "meeting_attendance"
        indexes = ((("meeting", "person"), True),)


class Levy(BaseModel):
    """一事一议筹资筹劳: what a meeting's decision levies on each villager for a project and a year."""

    meeting = pw.ForeignKeyField(Meeting, backref="levies")
    project = pw.ForeignKeyField(Project, backref="levies")
    year = pw.IntegerField()
    money_per_person_fen = pw.IntegerField()
    labour_half_days_per_labourer = pw.IntegerField()  # half-day steps, as labour entries
    note = pw.TextField(default="")


class LevyTerm(BaseModel):
    """A villager exempted from a levy by the meeting's vote, or one who chose to pay for labour."""

    levy = pw.ForeignKeyField(Levy, backref="terms", index=False)
    person = pw.ForeignKeyField(Person, backref="levy_terms")
    term = pw.CharField()  # one of LEVY_TERMS
    note = pw.TextField(default="")

    class Meta:
        table_name = "levy_term"
        indexes = ((("levy", "person", "term"), True),)


class PersonCategory(BaseModel):
    """A villager is 低保户, away, moved out… from one date to another (open-ended when ``to_date`` is None)."""

    person = pw.ForeignKeyField(Person, backref="categories")
    category = pw.CharField()  # one of PERSON_CATEGORIES
    from_date = DateField(null=True)
    to_date = DateField(null=True)
    note = pw.TextField(default="")

    class Meta:
        table_name = "person_category"


class RuleSettings(BaseModel):
    """The rules meetings and levies are held to, editable in settings: the national and
    provincial defaults until a village changes them. One row; absent means the defaults."""

    adults_quorum_num = pw.IntegerField(default=1)  # 村民会议: more than 1/2 of villagers 18+
    adults_quorum_den = pw.IntegerField(default=2)
    households_quorum_num = pw.IntegerField(default=2)  # or at least 2/3 of households
    households_quorum_den = pw.IntegerField(default=3)
    majority_num = pw.IntegerField(default=1)  # a decision: more than 1/2 of those present
    majority_den = pw.IntegerField(default=2)
    money_cap_fen = pw.IntegerField(default=1500)  # per person per year
    labour_cap_half_days = pw.IntegerField(default=20)  # per labourer per year: 10 标准工日
    men_from_age = pw.IntegerField(default=18)
    men_to_age = pw.IntegerField(default=55)
    women_from_age = pw.IntegerField(default=18)
    women_to_age = pw.IntegerField(default=50)
    not_both_on_one_labourer = FlagField(default=False)

    class Meta:
        table_name = "rule_settings"


class MoneyEntry(BaseModel):
    """Fields shared by the four money tables."""

    # The covering indexes in each table's Meta lead with project_id; a single-column one
    # beside them only slows the GROUP BYs (docs/performance.md).
    project = pw.ForeignKeyField(Project, index=False)
    date = DateField()
    amount_fen = pw.IntegerField()
    note = pw.TextField(default="")
    reverses = pw.ForeignKeyField("self", null=True, unique=True, backref="reversed_by")
    reason = pw.TextField(default="")  # why it was reversed; set on the reversing entry


class Pledge(MoneyEntry):
    contributor = pw.ForeignKeyField(Contributor, backref="pledges", index=False)
    source = pw.CharField()
    due_date = DateField(null=True)
    meeting = pw.ForeignKeyField(Meeting, null=True, backref="pledges")  # the meeting that decided it

    class Meta:
        indexes = (
            (("project", "source", "date", "amount_fen"), False),
            (("contributor", "project", "source", "date", "amount_fen"), False),
        )


class Receipt(MoneyEntry):
    contributor = pw.ForeignKeyField(Contributor, backref="receipts", index=False)
    source = pw.CharField()
    voucher = pw.CharField(null=True, index=True)  # 收据编号
    levy = pw.ForeignKeyField(Levy, null=True, backref="receipts")  # paid against a levy, not voluntary

    class Meta:
        indexes = (
            (("project", "source", "date", "amount_fen"), False),
            (("contributor", "project", "source", "date", "amount_fen"), False),
        )


class InKind(MoneyEntry):
    contributor = pw.ForeignKeyField(Contributor, backref="in_kind")
    source = pw.CharField()
    item = pw.CharField()
    quantity = pw.CharField(default="")  # kept as typed ("3.5", "200") — it is never summed
    unit = pw.CharField(default="")

    class Meta:
        table_name = "in_kind"
        indexes = ((("project", "date", "amount_fen"), False),)


class Expense(MoneyEntry):
    item = pw.CharField()
    payee = pw.CharField(default="")
    voucher = pw.CharField(null=True, index=True)

    class Meta:
        indexes = ((("project", "date", "amount_fen"), False),)


class LabourEntry(BaseModel):
    person = pw.ForeignKeyField(Person, backref="labour", index=False)
    project = pw.ForeignKeyField(Project, index=False)
    date = DateField()
    half_days = pw.IntegerField()  # days in half-day steps, stored as a count of halves
    work_type = pw.CharField(default="")
    note = pw.TextField(default="")
    levy = pw.ForeignKeyField(Levy, null=True, backref="labour")  # worked against a levy, not voluntary

    class Meta:
        table_name = "labour_entry"
        indexes = (
            (("project", "date", "half_days"), False),
            (("person", "date", "half_days"), False),
        )


class Milestone(BaseModel):
    project = pw.ForeignKeyField(Project, backref="milestones", index=False)
    name = pw.CharField()
    weight = pw.IntegerField(default=1)
    planned_date = DateField(null=True)
    done_date = DateField(null=True)
    progress_pct = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("project", "name"), True),)


class MilestoneProgress(BaseModel):
    """One progress update of a milestone, append-only: the ledger reads a milestone's percent,
    done and overdue state for any as-of date from the latest update dated on or before it."""

    milestone = pw.ForeignKeyField(Milestone, backref="history", index=False, on_delete="CASCADE")
    date = DateField()  # the day the percent held from (the done date when done)
    progress_pct = pw.IntegerField()
    done_date = DateField(null=True)  # set exactly when progress_pct is 100

    class Meta:
        table_name = "milestone_progress"
        indexes = ((("milestone", "date"), False),)


class ProgressNote(BaseModel):
    project = pw.ForeignKeyField(Project, backref="notes", index=False)
    date = DateField()
    text = pw.TextField()
    photo_path = pw.CharField(default="")

    class Meta:
        table_name = "progress_note"
        indexes = ((("project", "date"), False),)


class AuditLog(pw.Model):
    """Append-only: when, who, which record, what it was before and after (JSON)."""

    at = pw.CharField(max_length=32)
    cadre = pw.CharField(default="")
    table = pw.CharField()
    record_uuid = pw.CharField(max_length=36, index=True)
    action = pw.CharField()  # create, reverse, update, delete
    before = pw.TextField(null=True)
    after = pw.TextField(null=True)

    class Meta:
        database = database_proxy
        table_name = "audit_log"
        indexes = ((("table", "at"), False),)


class SchemaVersion(pw.Model):
    """The schema version, one row (a table, not SQLite's user_version, so PostgreSQL keeps it too)."""

    version = pw.IntegerField()

    class Meta:
        database = database_proxy
        table_name = "schema_version"


class Site(BaseModel):
    """What this database is: one row. A village database signs its bundles with this key; a town
    or county database signs what it forwards."""

    level = pw.CharField(max_length=16, default="village")  # one of LEVELS
    town = pw.CharField(default="")  # a town or county database's own name and county
    county = pw.CharField(default="")
    public_key = pw.TextField(default="")  # Ed25519, hex; made on first send
    private_key = pw.TextField(default="")


class ReceivedBundle(pw.Model):
    """The latest bundle held of each village: its manifest and figures (so the town summary at
    the bundles' own dates reads one row per village) and its bytes (forwarded to the county as
    they came, signature intact)."""

    village = pw.ForeignKeyField(Village, unique=True, on_delete="CASCADE")
    sha256 = pw.CharField(max_length=64)
    format_version = pw.IntegerField()
    as_of = DateField()
    made_at = pw.CharField(max_length=32)
    received_at = pw.CharField(max_length=32)
    manifest = pw.TextField()
    summary = pw.TextField()  # the village's own summary --json as of the bundle's date
    data = pw.BlobField()

    class Meta:
        database = database_proxy
        table_name = "received_bundle"


class ReceiveLog(pw.Model):
    """Append-only: every bundle received (or found unchanged), who did it and what it changed."""

    at = pw.CharField(max_length=32)
    clerk = pw.CharField(default="")
    file = pw.TextField(default="")
    sha256 = pw.CharField(max_length=64)
    village_uuid = pw.CharField(max_length=36, index=True)
    village_name = pw.CharField(default="")
    outcome = pw.CharField(max_length=16)  # received, unchanged, new_key
    added = pw.IntegerField(default=0)
    changed = pw.IntegerField(default=0)
    removed = pw.IntegerField(default=0)
    detail = pw.TextField(default="")

    class Meta:
        database = database_proxy
        table_name = "receive_log"


MODELS = [
    Village,
    Person,
    Contributor,
    Project,
    Pledge,
    Receipt,
    InKind,
    Expense,
    LabourEntry,
    Milestone,
    MilestoneProgress,
    ProgressNote,
    AuditLog,
    Meeting,
    MeetingAttendance,
    Levy,
    LevyTerm,
    PersonCategory,
    RuleSettings,
]

# What a database keeps about itself and what it received, beside the village's records.
SITE_MODELS = [SchemaVersion, Site, ReceivedBundle, ReceiveLog]
ALL_MODELS = MODELS + SITE_MODELS

MONEY_MODELS = {"pledge": Pledge, "receipt": Receipt, "in_kind": InKind, "expense": Expense}
