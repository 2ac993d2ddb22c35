"""peewee models of a village's 秀美屋场 projects; imports nothing else of ours."""

from .base import BaseModel, DateField, database_proxy, new_uuid, utc_now
from .db import DatabaseError, close_database, open_database, schema_version
from .entities import (
    CONTRIBUTOR_KINDS,
    MODELS,
    MONEY_MODELS,
    PROJECT_STATUSES,
    SOURCES,
    AuditLog,
    Contributor,
    Expense,
    InKind,
    LabourEntry,
    Milestone,
    Person,
    Pledge,
    ProgressNote,
    Project,
    Receipt,
    Village,
)
from .migrations import SCHEMA_VERSION

__all__ = [
    "CONTRIBUTOR_KINDS",
    "MODELS",
    "MONEY_MODELS",
    "PROJECT_STATUSES",
    "SCHEMA_VERSION",
    "SOURCES",
    "AuditLog",
    "BaseModel",
    "Contributor",
    "DatabaseError",
    "DateField",
    "Expense",
    "InKind",
    "LabourEntry",
    "Milestone",
    "Person",
    "Pledge",
    "ProgressNote",
    "Project",
    "Receipt",
    "Village",
    "close_database",
    "database_proxy",
    "new_uuid",
    "open_database",
    "schema_version",
    "utc_now",
]
