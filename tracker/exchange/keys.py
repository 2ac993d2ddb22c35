"""What a database is (village, town or county) and the Ed25519 key it signs bundles with.

The key is made on first use and kept in the database itself, so a copy of the database signs as
the same village; a town registers a village's key with its first bundle.
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from models import AuditLog, Site, Village, database_proxy, utc_now

from ..errors import UserError


def site() -> Site:
    """The database's one site row (a village database made before levels existed gets one)."""
    row = Site.select().order_by(Site.id).first()
    if row is None:
        row = Site.create(level="village")
    return row


def level() -> str:
    return site().level


def is_town_level() -> bool:
    return level() in ("town", "county")


def make_town(town: str, county: str) -> Site:
    """Turn a new, empty database into a town database (a county one without ``town``)."""
    if Village.select().exists() or Site.select().where(Site.level != "village").exists():
        raise UserError("town.not_empty")
    with database_proxy.atomic():
        row = site()
        row.level = "town" if town else "county"
        row.town, row.county = town, county
        row.save()
        _audit(row, {"level": row.level, "town": town, "county": county})
    return row


def _audit(row: Site, after: dict) -> None:
    # Never the private key: the log is read by people.
    AuditLog.create(
        at=utc_now(),
        cadre="",
        table="site",
        record_uuid=row.uuid,
        action="update",
        after=json.dumps(after, ensure_ascii=False),
    )


def signing_key() -> Ed25519PrivateKey:
    """This database's private key, made and stored the first time it is needed."""
    row = site()
    if not row.private_key:
        key = Ed25519PrivateKey.generate()
        with database_proxy.atomic():
            row.private_key = key.private_bytes_raw().hex()
            row.public_key = key.public_key().public_bytes_raw().hex()
            row.save()
            _audit(row, {"public_key": row.public_key})
        return key
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(row.private_key))


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()


def verify(public_key_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
