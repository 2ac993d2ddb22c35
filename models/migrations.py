"""Schema versions, kept in the table ``schema_version`` (SQLite's user_version mirrors it, so an
older program still refuses a newer file).

Each migration is frozen SQL: it must keep producing the schema it produced when it shipped,
whatever the models look like today. Add a new version; never edit an old one.

One text serves SQLite and PostgreSQL: ``for_dialect`` maps the few type names that differ (the
auto-numbered id, DATE kept as ISO text on both so dates compare the same, BLOB); a step SQLite
cannot do in SQL alone (a required column on a filled table) is an ``AddVillage`` step with the
rebuild that SQLite's ALTER TABLE documentation prescribes, and a plain ALTER on PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Version 1: the first schema, with peewee's default one-column foreign-key indexes.
V1 = [
    'CREATE TABLE "village" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "town" VARCHAR(255) NOT NULL, "county" VARCHAR(255) NOT NULL, "labour_rate_fen" INTEGER NOT NULL, "cadre_name" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "village_uuid" ON "village" ("uuid")',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "initials" VARCHAR(255) NOT NULL, "group" VARCHAR(255) NOT NULL, "household" VARCHAR(255) NOT NULL, "is_household_head" INTEGER NOT NULL, "phone" VARCHAR(255) NOT NULL, "is_party_member" INTEGER NOT NULL, "mobiliser_id" INTEGER, FOREIGN KEY ("mobiliser_id") REFERENCES "person" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "person_uuid" ON "person" ("uuid")',
    'CREATE INDEX "person_name" ON "person" ("name")',
    'CREATE INDEX "person_initials" ON "person" ("initials")',
    'CREATE INDEX "person_mobiliser_id" ON "person" ("mobiliser_id")',
    'CREATE TABLE "contributor" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "initials" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "person_id" INTEGER, "phone" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))',
    'CREATE UNIQUE INDEX "contributor_uuid" ON "contributor" ("uuid")',
    'CREATE INDEX "contributor_name" ON "contributor" ("name")',
    'CREATE INDEX "contributor_initials" ON "contributor" ("initials")',
    'CREATE INDEX "contributor_person_id" ON "contributor" ("person_id")',
    'CREATE TABLE "project" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "group" VARCHAR(255) NOT NULL, "households" INTEGER NOT NULL, "leader" VARCHAR(255) NOT NULL, "budget_fen" INTEGER NOT NULL, "start_date" DATE, "planned_end" DATE, "status" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "project_uuid" ON "project" ("uuid")',
    'CREATE UNIQUE INDEX "project_name" ON "project" ("name")',
    'CREATE TABLE "pledge" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "amount_fen" INTEGER NOT NULL, "note" TEXT NOT NULL, "reverses_id" INTEGER, "reason" TEXT NOT NULL, "contributor_id" INTEGER NOT NULL, "source" VARCHAR(255) NOT NULL, "due_date" DATE, FOREIGN KEY ("project_id") REFERENCES "project" ("id"), FOREIGN KEY ("reverses_id") REFERENCES "pledge" ("id"), FOREIGN KEY ("contributor_id") REFERENCES "contributor" ("id"))',
    'CREATE UNIQUE INDEX "pledge_uuid" ON "pledge" ("uuid")',
    'CREATE UNIQUE INDEX "pledge_reverses_id" ON "pledge" ("reverses_id")',
    'CREATE INDEX "pledge_project_id" ON "pledge" ("project_id")',
    'CREATE INDEX "pledge_contributor_id" ON "pledge" ("contributor_id")',
    'CREATE TABLE "receipt" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "amount_fen" INTEGER NOT NULL, "note" TEXT NOT NULL, "reverses_id" INTEGER, "reason" TEXT NOT NULL, "contributor_id" INTEGER NOT NULL, "source" VARCHAR(255) NOT NULL, "voucher" VARCHAR(255), FOREIGN KEY ("project_id") REFERENCES "project" ("id"), FOREIGN KEY ("reverses_id") REFERENCES "receipt" ("id"), FOREIGN KEY ("contributor_id") REFERENCES "contributor" ("id"))',
    'CREATE UNIQUE INDEX "receipt_uuid" ON "receipt" ("uuid")',
    'CREATE UNIQUE INDEX "receipt_reverses_id" ON "receipt" ("reverses_id")',
    'CREATE INDEX "receipt_voucher" ON "receipt" ("voucher")',
    'CREATE INDEX "receipt_project_id" ON "receipt" ("project_id")',
    'CREATE INDEX "receipt_contributor_id" ON "receipt" ("contributor_id")',
    'CREATE TABLE "in_kind" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "amount_fen" INTEGER NOT NULL, "note" TEXT NOT NULL, "reverses_id" INTEGER, "reason" TEXT NOT NULL, "contributor_id" INTEGER NOT NULL, "source" VARCHAR(255) NOT NULL, "item" VARCHAR(255) NOT NULL, "quantity" VARCHAR(255) NOT NULL, "unit" VARCHAR(255) NOT NULL, FOREIGN KEY ("project_id") REFERENCES "project" ("id"), FOREIGN KEY ("reverses_id") REFERENCES "in_kind" ("id"), FOREIGN KEY ("contributor_id") REFERENCES "contributor" ("id"))',
    'CREATE UNIQUE INDEX "in_kind_uuid" ON "in_kind" ("uuid")',
    'CREATE UNIQUE INDEX "in_kind_reverses_id" ON "in_kind" ("reverses_id")',
    'CREATE INDEX "in_kind_contributor_id" ON "in_kind" ("contributor_id")',
    'CREATE INDEX "in_kind_project_id" ON "in_kind" ("project_id")',
    'CREATE TABLE "expense" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "amount_fen" INTEGER NOT NULL, "note" TEXT NOT NULL, "reverses_id" INTEGER, "reason" TEXT NOT NULL, "item" VARCHAR(255) NOT NULL, "payee" VARCHAR(255) NOT NULL, "voucher" VARCHAR(255), FOREIGN KEY ("project_id") REFERENCES "project" ("id"), FOREIGN KEY ("reverses_id") REFERENCES "expense" ("id"))',
    'CREATE UNIQUE INDEX "expense_uuid" ON "expense" ("uuid")',
    'CREATE UNIQUE INDEX "expense_reverses_id" ON "expense" ("reverses_id")',
    'CREATE INDEX "expense_voucher" ON "expense" ("voucher")',
    'CREATE INDEX "expense_project_id" ON "expense" ("project_id")',
    'CREATE TABLE "labour_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "half_days" INTEGER NOT NULL, "work_type" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"), FOREIGN KEY ("project_id") REFERENCES "project" ("id"))',
    'CREATE UNIQUE INDEX "labour_entry_uuid" ON "labour_entry" ("uuid")',
    'CREATE INDEX "labour_entry_person_id" ON "labour_entry" ("person_id")',
    'CREATE INDEX "labour_entry_project_id" ON "labour_entry" ("project_id")',
    'CREATE TABLE "milestone" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "weight" INTEGER NOT NULL, "planned_date" DATE, "done_date" DATE, "progress_pct" INTEGER NOT NULL, FOREIGN KEY ("project_id") REFERENCES "project" ("id"))',
    'CREATE UNIQUE INDEX "milestone_uuid" ON "milestone" ("uuid")',
    'CREATE UNIQUE INDEX "milestone_project_id_name" ON "milestone" ("project_id", "name")',
    'CREATE INDEX "milestone_project_id" ON "milestone" ("project_id")',
    'CREATE TABLE "progress_note" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "date" DATE NOT NULL, "text" TEXT NOT NULL, "photo_path" VARCHAR(255) NOT NULL, FOREIGN KEY ("project_id") REFERENCES "project" ("id"))',
    'CREATE UNIQUE INDEX "progress_note_uuid" ON "progress_note" ("uuid")',
    'CREATE INDEX "progress_note_project_id" ON "progress_note" ("project_id")',
    'CREATE TABLE "audit_log" ("id" INTEGER NOT NULL PRIMARY KEY, "at" VARCHAR(32) NOT NULL, "cadre" VARCHAR(255) NOT NULL, "table" VARCHAR(255) NOT NULL, "record_uuid" VARCHAR(36) NOT NULL, "action" VARCHAR(255) NOT NULL, "before" TEXT, "after" TEXT)',
    'CREATE INDEX "auditlog_record_uuid" ON "audit_log" ("record_uuid")',
]

# Version 2: covering indexes for the ledger's GROUP BYs replace the one-column foreign-key
# indexes (measured 1.6-4.5x faster at county size, docs/performance.md).
V2 = [
    'DROP INDEX "progress_note_project_id"',
    'DROP INDEX "milestone_project_id"',
    'DROP INDEX "labour_entry_project_id"',
    'DROP INDEX "labour_entry_person_id"',
    'DROP INDEX "expense_project_id"',
    'DROP INDEX "in_kind_project_id"',
    'DROP INDEX "receipt_contributor_id"',
    'DROP INDEX "receipt_project_id"',
    'DROP INDEX "pledge_contributor_id"',
    'DROP INDEX "pledge_project_id"',
    'CREATE INDEX "person_group_household" ON "person" ("group", "household")',
    'CREATE INDEX "pledge_project_id_source_date_amount_fen" ON "pledge" ("project_id", "source", "date", "amount_fen")',
    'CREATE INDEX "pledge_contributor_id_project_id_source_date_amount_fen" ON "pledge" ("contributor_id", "project_id", "source", "date", "amount_fen")',
    'CREATE INDEX "receipt_project_id_source_date_amount_fen" ON "receipt" ("project_id", "source", "date", "amount_fen")',
    'CREATE INDEX "receipt_contributor_id_project_id_source_date_amount_fen" ON "receipt" ("contributor_id", "project_id", "source", "date", "amount_fen")',
    'CREATE INDEX "in_kind_project_id_date_amount_fen" ON "in_kind" ("project_id", "date", "amount_fen")',
    'CREATE INDEX "expense_project_id_date_amount_fen" ON "expense" ("project_id", "date", "amount_fen")',
    'CREATE INDEX "labour_entry_project_id_date_half_days" ON "labour_entry" ("project_id", "date", "half_days")',
    'CREATE INDEX "labour_entry_person_id_date_half_days" ON "labour_entry" ("person_id", "date", "half_days")',
    'CREATE INDEX "progress_note_project_id_date" ON "progress_note" ("project_id", "date")',
    'CREATE INDEX "auditlog_table_at" ON "audit_log" ("table", "at")',
]


@dataclass(frozen=True)
class AddVillage:
    """Give every row of ``table`` the database's first village in a required ``village_id``.

    ``create`` is the table as it is after this version, ``columns`` the columns kept from
    before, ``indexes`` every index of the table afterwards (a rebuilt table loses its own).
    """

    table: str
    create: str
    columns: str
    indexes: tuple[str, ...]

    def sqlite(self) -> list[str]:
        # Steps 4-10 of "Making Other Kinds Of Table Schema Changes" (sqlite.org/lang_altertable):
        # the runner turns foreign keys off around the transaction and checks them before commit.
        new = f"{self.table}__new"
        return [
            self.create.replace(f'CREATE TABLE "{self.table}"', f'CREATE TABLE "{new}"', 1),
            f'INSERT INTO "{new}" ({self.columns}, "village_id") SELECT {self.columns},'
            f' (SELECT MIN("id") FROM "village") FROM "{self.table}"',
            f'DROP TABLE "{self.table}"',
            f'ALTER TABLE "{new}" RENAME TO "{self.table}"',
            *self.indexes,
        ]

    def postgres(self) -> list[str]:
        t = self.table
        return [
            f'ALTER TABLE "{t}" ADD COLUMN "village_id" INTEGER REFERENCES "village" ("id")',
            f'UPDATE "{t}" SET "village_id" = (SELECT MIN("id") FROM "village")',
            f'ALTER TABLE "{t}" ALTER COLUMN "village_id" SET NOT NULL',
            *(i for i in self.indexes if '"village_id"' in i),
        ]


_COMMON = '"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL'

# Version 3: one model for every level. Projects, persons and contributors belong to a village
# (project names unique per village); the database knows its level and signing key; a town or
# county database keeps each village's latest bundle and a log of every receive.
V3: list[str | AddVillage] = [
    'ALTER TABLE "village" ADD COLUMN "public_key" TEXT NOT NULL DEFAULT \'\'',
    AddVillage(
        "person",
        f'CREATE TABLE "person" ({_COMMON}, "name" VARCHAR(255) NOT NULL, "initials" VARCHAR(255) NOT NULL, "group" VARCHAR(255) NOT NULL, "household" VARCHAR(255) NOT NULL, "is_household_head" INTEGER NOT NULL, "phone" VARCHAR(255) NOT NULL, "is_party_member" INTEGER NOT NULL, "mobiliser_id" INTEGER, "village_id" INTEGER NOT NULL, FOREIGN KEY ("mobiliser_id") REFERENCES "person" ("id") ON DELETE SET NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id"))',
        '"id", "uuid", "created_at", "updated_at", "version", "name", "initials", "group", "household", "is_household_head", "phone", "is_party_member", "mobiliser_id"',
        (
            'CREATE UNIQUE INDEX "person_uuid" ON "person" ("uuid")',
            'CREATE INDEX "person_name" ON "person" ("name")',
            'CREATE INDEX "person_initials" ON "person" ("initials")',
            'CREATE INDEX "person_mobiliser_id" ON "person" ("mobiliser_id")',
            'CREATE INDEX "person_group_household" ON "person" ("group", "household")',
            'CREATE INDEX "person_village_id" ON "person" ("village_id")',
        ),
    ),
    AddVillage(
        "contributor",
        f'CREATE TABLE "contributor" ({_COMMON}, "name" VARCHAR(255) NOT NULL, "initials" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "person_id" INTEGER, "phone" VARCHAR(255) NOT NULL, "village_id" INTEGER NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"), FOREIGN KEY ("village_id") REFERENCES "village" ("id"))',
        '"id", "uuid", "created_at", "updated_at", "version", "name", "initials", "kind", "person_id", "phone"',
        (
            'CREATE UNIQUE INDEX "contributor_uuid" ON "contributor" ("uuid")',
            'CREATE INDEX "contributor_name" ON "contributor" ("name")',
            'CREATE INDEX "contributor_initials" ON "contributor" ("initials")',
            'CREATE INDEX "contributor_person_id" ON "contributor" ("person_id")',
            'CREATE INDEX "contributor_village_id" ON "contributor" ("village_id")',
        ),
    ),
    AddVillage(
        "project",
        f'CREATE TABLE "project" ({_COMMON}, "name" VARCHAR(255) NOT NULL, "group" VARCHAR(255) NOT NULL, "households" INTEGER NOT NULL, "leader" VARCHAR(255) NOT NULL, "budget_fen" INTEGER NOT NULL, "start_date" DATE, "planned_end" DATE, "status" VARCHAR(255) NOT NULL, "village_id" INTEGER NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id"))',
        '"id", "uuid", "created_at", "updated_at", "version", "name", "group", "households", "leader", "budget_fen", "start_date", "planned_end", "status"',
        (
            'CREATE UNIQUE INDEX "project_uuid" ON "project" ("uuid")',
            'CREATE INDEX "project_village_id" ON "project" ("village_id")',
            'CREATE UNIQUE INDEX "project_village_id_name" ON "project" ("village_id", "name")',
        ),
    ),
    # On PostgreSQL the old one-column unique index survives the ALTER; names are per village now.
    'DROP INDEX IF EXISTS "project_name"',
    'CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL)',
    f'CREATE TABLE "site" ({_COMMON}, "level" VARCHAR(16) NOT NULL, "town" VARCHAR(255) NOT NULL, "county" VARCHAR(255) NOT NULL, "public_key" TEXT NOT NULL, "private_key" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "site_uuid" ON "site" ("uuid")',
    'CREATE TABLE "received_bundle" ("id" INTEGER NOT NULL PRIMARY KEY, "village_id" INTEGER NOT NULL, "sha256" VARCHAR(64) NOT NULL, "format_version" INTEGER NOT NULL, "as_of" DATE NOT NULL, "made_at" VARCHAR(32) NOT NULL, "received_at" VARCHAR(32) NOT NULL, "manifest" TEXT NOT NULL, "summary" TEXT NOT NULL, "data" BLOB NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "receivedbundle_village_id" ON "received_bundle" ("village_id")',
    'CREATE TABLE "receive_log" ("id" INTEGER NOT NULL PRIMARY KEY, "at" VARCHAR(32) NOT NULL, "clerk" VARCHAR(255) NOT NULL, "file" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "village_uuid" VARCHAR(36) NOT NULL, "village_name" VARCHAR(255) NOT NULL, "outcome" VARCHAR(16) NOT NULL, "added" INTEGER NOT NULL, "changed" INTEGER NOT NULL, "removed" INTEGER NOT NULL, "detail" TEXT NOT NULL)',
    'CREATE INDEX "receivelog_village_uuid" ON "receive_log" ("village_uuid")',
]

# Version 4: what the village roster (the import's 村民 sheet) records of a villager beyond the
# ledger's needs: sex and date of birth (the meetings use them) and a note.
V4: list[str | AddVillage] = [
    'ALTER TABLE "person" ADD COLUMN "sex" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "person" ADD COLUMN "birth_date" DATE',
    'ALTER TABLE "person" ADD COLUMN "note" TEXT NOT NULL DEFAULT \'\'',
]


@dataclass(frozen=True)
class Dialects:
    """One statement spelt for each dialect, where they differ (a function only one of them has)."""

    sqlite: str
    postgres: str


_HISTORY_INSERT = (
    'INSERT INTO "milestone_progress" ("uuid", "created_at", "updated_at", "version", "milestone_id", "date", '
    '"progress_pct", "done_date") SELECT {uuid}, "updated_at", "updated_at", 1, "id", '
    'COALESCE("done_date", substr("updated_at", 1, 10)), '
    'CASE WHEN "done_date" IS NOT NULL OR "progress_pct" >= 100 THEN 100 ELSE "progress_pct" END, '
    'CASE WHEN "done_date" IS NOT NULL THEN "done_date" WHEN "progress_pct" >= 100 THEN substr("updated_at", 1, 10) END '
    'FROM "milestone" ORDER BY "id"'
)

# Version 5: a milestone's progress kept as dated history, searchable pinyin of every reading of a
# name, the village's 收据编号 prefix and the days after which an open pledge needs attention.
# Each milestone's percent becomes its first history row, dated at its done date, or at its last
# update when not done (never at the upgrade's date), so figures for today do not change.
V5: list[str | AddVillage | Dialects] = [
    'CREATE TABLE "milestone_progress" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "milestone_id" INTEGER NOT NULL, "date" DATE NOT NULL, "progress_pct" INTEGER NOT NULL, "done_date" DATE, FOREIGN KEY ("milestone_id") REFERENCES "milestone" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "milestone_progress_uuid" ON "milestone_progress" ("uuid")',
    'CREATE INDEX "milestone_progress_milestone_id_date" ON "milestone_progress" ("milestone_id", "date")',
    Dialects(
        sqlite=_HISTORY_INSERT.format(
            uuid="lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
            " || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"
        ),
        postgres=_HISTORY_INSERT.format(uuid="gen_random_uuid()::text"),
    ),
    'UPDATE "milestone" SET "done_date" = substr("updated_at", 1, 10), "progress_pct" = 100 WHERE "done_date" IS NULL AND "progress_pct" >= 100',
    'ALTER TABLE "person" ADD COLUMN "spell" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "contributor" ADD COLUMN "spell" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "voucher_prefix" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "pledge_followup_days" INTEGER NOT NULL DEFAULT 30',
]

# Version 6: meetings (屋场会, 村民会议, 村民代表会议, 一事一议) with their roll, 一事一议 levies and the
# rules they are held to, and the roster's categories with dates (性别 and 出生日期 came with version 4).
# Columns added to existing tables are nullable and plain SQL that SQLite and PostgreSQL both read.
V6 = [
    'CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "date" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL, "project_id" INTEGER, "topic" VARCHAR(255) NOT NULL, "decision" TEXT NOT NULL, "votes_for" INTEGER, "votes_against" INTEGER, "votes_abstain" INTEGER, "minutes_path" VARCHAR(255) NOT NULL, FOREIGN KEY ("project_id") REFERENCES "project" ("id"))',
    'CREATE UNIQUE INDEX "meeting_uuid" ON "meeting" ("uuid")',
    'CREATE INDEX "meeting_project_id" ON "meeting" ("project_id")',
    'CREATE TABLE "levy" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "meeting_id" INTEGER NOT NULL, "project_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "money_per_person_fen" INTEGER NOT NULL, "labour_half_days_per_labourer" INTEGER NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id"), FOREIGN KEY ("project_id") REFERENCES "project" ("id"))',
    'CREATE UNIQUE INDEX "levy_uuid" ON "levy" ("uuid")',
    'CREATE INDEX "levy_meeting_id" ON "levy" ("meeting_id")',
    'CREATE INDEX "levy_project_id" ON "levy" ("project_id")',
    'CREATE TABLE "levy_term" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "levy_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "term" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("levy_id") REFERENCES "levy" ("id"), FOREIGN KEY ("person_id") REFERENCES "person" ("id"))',
    'CREATE UNIQUE INDEX "levy_term_uuid" ON "levy_term" ("uuid")',
    'CREATE INDEX "levy_term_person_id" ON "levy_term" ("person_id")',
    'CREATE UNIQUE INDEX "levy_term_levy_id_person_id_term" ON "levy_term" ("levy_id", "person_id", "term")',
    'CREATE TABLE "meeting_attendance" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "meeting_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id"), FOREIGN KEY ("person_id") REFERENCES "person" ("id"))',
    'CREATE UNIQUE INDEX "meeting_attendance_uuid" ON "meeting_attendance" ("uuid")',
    'CREATE INDEX "meeting_attendance_person_id" ON "meeting_attendance" ("person_id")',
    'CREATE UNIQUE INDEX "meeting_attendance_meeting_id_person_id" ON "meeting_attendance" ("meeting_id", "person_id")',
    'CREATE TABLE "person_category" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "category" VARCHAR(255) NOT NULL, "from_date" DATE, "to_date" DATE, "note" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))',
    'CREATE UNIQUE INDEX "person_category_uuid" ON "person_category" ("uuid")',
    'CREATE INDEX "person_category_person_id" ON "person_category" ("person_id")',
    'CREATE TABLE "rule_settings" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "adults_quorum_num" INTEGER NOT NULL, "adults_quorum_den" INTEGER NOT NULL, "households_quorum_num" INTEGER NOT NULL, "households_quorum_den" INTEGER NOT NULL, "majority_num" INTEGER NOT NULL, "majority_den" INTEGER NOT NULL, "money_cap_fen" INTEGER NOT NULL, "labour_cap_half_days" INTEGER NOT NULL, "men_from_age" INTEGER NOT NULL, "men_to_age" INTEGER NOT NULL, "women_from_age" INTEGER NOT NULL, "women_to_age" INTEGER NOT NULL, "not_both_on_one_labourer" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "rule_settings_uuid" ON "rule_settings" ("uuid")',
    'ALTER TABLE "pledge" ADD COLUMN "meeting_id" INTEGER REFERENCES "meeting" ("id")',
    'CREATE INDEX "pledge_meeting_id" ON "pledge" ("meeting_id")',
    'ALTER TABLE "receipt" ADD COLUMN "levy_id" INTEGER REFERENCES "levy" ("id")',
    'CREATE INDEX "receipt_levy_id" ON "receipt" ("levy_id")',
    'ALTER TABLE "labour_entry" ADD COLUMN "levy_id" INTEGER REFERENCES "levy" ("id")',
    'CREATE INDEX "labour_entry_levy_id" ON "labour_entry" ("levy_id")',
]

MIGRATIONS: dict[int, list[str | AddVillage | Dialects]] = {1: V1, 2: V2, 3: V3, 4: V4, 5: V5, 6: V6}
SCHEMA_VERSION = max(MIGRATIONS)


# The runner writes the version row; these need nothing from a migration to exist.
VERSION_TABLE = "schema_version"

_PG_TYPES = [
    (re.compile(r'"id" INTEGER NOT NULL PRIMARY KEY'), '"id" SERIAL PRIMARY KEY'),
    # Dates stay ISO text on PostgreSQL too: the ledger compares and groups them as text.
    (re.compile(r'(" )DATE\b'), r"\1VARCHAR(10)"),
    (re.compile(r'(" )BLOB\b'), r"\1BYTEA"),
]


def for_dialect(version: int, dialect: str) -> list[str]:
    """The statements of one version for ``sqlite`` or ``postgres``."""
    out: list[str] = []
    for step in MIGRATIONS[version]:
        if isinstance(step, AddVillage):
            out.extend(step.sqlite() if dialect == "sqlite" else step.postgres())
        elif isinstance(step, Dialects):
            out.append(step.sqlite if dialect == "sqlite" else step.postgres)
        else:
            out.append(step)
    if dialect == "postgres":
        for pattern, replacement in _PG_TYPES:
            out = [pattern.sub(replacement, s) for s in out]
    return out
