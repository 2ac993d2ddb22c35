"""Schema versions, kept in PRAGMA user_version.

Each migration is frozen SQL: it must keep producing the schema it produced when it shipped,
whatever the models look like today. Add a new version; never edit an old one.
"""

from __future__ import annotations

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

# Version 3: a milestone's progress kept as dated history, searchable pinyin of every reading of a
# name, the village's 收据编号 prefix and the days after which an open pledge needs attention.
# Each milestone's percent becomes its first history row, dated at its done date, or at its last
# update when not done (never at the upgrade's date), so figures for today do not change.
V3 = [
    'CREATE TABLE "milestone_progress" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL, "created_at" VARCHAR(32) NOT NULL, "updated_at" VARCHAR(32) NOT NULL, "version" INTEGER NOT NULL, "milestone_id" INTEGER NOT NULL, "date" DATE NOT NULL, "progress_pct" INTEGER NOT NULL, "done_date" DATE, FOREIGN KEY ("milestone_id") REFERENCES "milestone" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "milestone_progress_uuid" ON "milestone_progress" ("uuid")',
    'CREATE INDEX "milestone_progress_milestone_id_date" ON "milestone_progress" ("milestone_id", "date")',
    'INSERT INTO "milestone_progress" ("uuid", "created_at", "updated_at", "version", "milestone_id", "date", "progress_pct", "done_date") '
    "SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))), "
    '"updated_at", "updated_at", 1, "id", COALESCE("done_date", substr("updated_at", 1, 10)), '
    'CASE WHEN "done_date" IS NOT NULL OR "progress_pct" >= 100 THEN 100 ELSE "progress_pct" END, '
    'CASE WHEN "done_date" IS NOT NULL THEN "done_date" WHEN "progress_pct" >= 100 THEN substr("updated_at", 1, 10) END '
    'FROM "milestone" ORDER BY "id"',
    'UPDATE "milestone" SET "done_date" = substr("updated_at", 1, 10), "progress_pct" = 100 WHERE "done_date" IS NULL AND "progress_pct" >= 100',
    'ALTER TABLE "person" ADD COLUMN "spell" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "contributor" ADD COLUMN "spell" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "voucher_prefix" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "village" ADD COLUMN "pledge_followup_days" INTEGER NOT NULL DEFAULT 30',
]

MIGRATIONS: dict[int, list[str]] = {1: V1, 2: V2, 3: V3}
SCHEMA_VERSION = max(MIGRATIONS)
