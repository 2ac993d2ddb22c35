"""Bundle files: a village's records as one signed zip (``桐柏村_2026-11-30.xiumei``).

Inside: ``manifest.json`` (format and schema version, the village, as-of date, time made, counts
per table, the totals of ``summary --json``, a SHA-256 of every other part, the public key),
``manifest.sig`` (the Ed25519 signature of the manifest's bytes, so it covers every part through
their hashes), ``summary.json`` and ``data/<table>.jsonl`` (UTF-8, one record a line, ordered by
UUID, references to other records by UUID). A bundle is a full snapshot: it replaces the one
before. It carries what the town needs and no more: persons as name, 组 and 户; no phone
numbers, personal categories or the village's photos (unless asked for).

A town forwards what it holds as a bundle of kind ``town``: its villages' latest bundles as they
came, signatures intact, under ``villages/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pendulum

from models import SCHEMA_VERSION, ReceivedBundle, Village, utc_now

from .. import dates, ledger
from ..errors import UserError
from . import keys

FORMAT = 1  # the newest bundle format this program writes and reads
READS = {1}  # every format it ever wrote
SUFFIX = ".xiumei"
PROGRAM = "0.1.0"

# The records a bundle carries, in the order a receiver writes them (each refers only to those
# before it). Per table: the columns sent, and the references sent as the other record's UUID.
_C = ("uuid", "created_at", "updated_at", "version")
_MONEY = ("date", "amount_fen", "note", "reason")
TABLES: dict[str, dict] = {
    "person": {"cols": (*_C, "name", "group", "household"), "refs": {}, "owner": "t"},
    "contributor": {"cols": (*_C, "name", "kind"), "refs": {"person": "person"}, "owner": "t"},
    "project": {
        "cols": (
            *_C,
            "name",
            "group",
            "households",
            "leader",
            "budget_fen",
            "start_date",
            "planned_end",
            "status",
        ),
        "refs": {},
        "owner": "t",
    },
    "milestone": {
        "cols": (*_C, "name", "weight", "planned_date", "done_date", "progress_pct"),
        "refs": {"project": "project"},
    },
    # A milestone's progress history: its project is the milestone's (``project_of``).
    "milestone_progress": {
        "cols": (*_C, "date", "progress_pct", "done_date"),
        "refs": {"milestone": "milestone"},
        "dated": True,
    },
    "pledge": {
        "cols": (*_C, *_MONEY, "source", "due_date"),
        "refs": {"project": "project", "contributor": "contributor", "reverses": "pledge"},
        "dated": True,
    },
    "receipt": {
        "cols": (*_C, *_MONEY, "source", "voucher"),
        "refs": {"project": "project", "contributor": "contributor", "reverses": "receipt"},
        "dated": True,
    },
    "in_kind": {
        "cols": (*_C, *_MONEY, "source", "item", "quantity", "unit"),
        "refs": {"project": "project", "contributor": "contributor", "reverses": "in_kind"},
        "dated": True,
    },
    "expense": {
        "cols": (*_C, *_MONEY, "item", "payee", "voucher"),
        "refs": {"project": "project", "reverses": "expense"},
        "dated": True,
    },
    "labour_entry": {
        "cols": (*_C, "date", "half_days", "work_type", "note"),
        "refs": {"person": "person", "project": "project"},
        "dated": True,
    },
    "progress_note": {
        "cols": (*_C, "date", "text", "photo_path"),
        "refs": {"project": "project"},
        "dated": True,
    },
}


def project_of(table: str, alias: str = "t") -> str:
    """SQL for the project id of a row of ``table`` (aliased ``alias``) that has no village of its own."""
    if table == "milestone_progress":
        return f"(SELECT project_id FROM milestone WHERE id = {alias}.milestone_id)"
    return f"{alias}.project_id"


def _snapshot_sql(table: str, dated: bool) -> str:
    spec = TABLES[table]
    cols = [f't."{c}"' for c in spec["cols"]]
    joins = []
    for i, (ref, target) in enumerate(spec["refs"].items()):
        cols.append(f"r{i}.uuid")
        joins.append(f'LEFT JOIN "{target}" r{i} ON r{i}.id = t."{ref}_id"')
    if spec.get("owner") == "t":
        village = "t.village_id"
    else:
        joins.insert(0, f"JOIN project pv ON pv.id = {project_of(table)}")
        village = "pv.village_id"
    where = f"{village} = :vid" + (" AND t.date <= :as_of" if dated and spec.get("dated") else "")
    return f'SELECT {", ".join(cols)} FROM "{table}" t {" ".join(joins)} WHERE {where} ORDER BY t.uuid'


_SQL = {(t, d): _snapshot_sql(t, d) for t in TABLES for d in (True, False)}


def snapshot(village_id: int, as_of: pendulum.Date | None = None) -> dict[str, list[dict]]:
    """Every record of one village a bundle carries, as plain dicts ordered by UUID (one query a
    table). Without ``as_of`` every dated record, whatever its date (a town's held copy)."""
    out: dict[str, list[dict]] = {}
    params = {"vid": village_id, "as_of": as_of.isoformat() if as_of else None}
    for table, spec in TABLES.items():
        names = (*spec["cols"], *spec["refs"])
        rows = ledger.run_sql(_SQL[(table, as_of is not None)], params)
        out[table] = [dict(zip(names, row, strict=True)) for row in rows]
    return out


def line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Built:
    data: bytes
    name: str
    manifest: dict


def _zip(parts: dict[str, bytes], made_at: str) -> bytes:
    stamp = dt.datetime.fromisoformat(made_at).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _signed(manifest: dict, parts: dict[str, bytes], key) -> bytes:
    manifest["parts"] = {name: _sha(data) for name, data in parts.items()}
    manifest["public_key"] = keys.public_hex(key)
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    return _zip({"manifest.json": body, "manifest.sig": key.sign(body), **parts}, manifest["made_at"])


def now() -> str:
    """The time a bundle is made: UTC now, on the day ``XIUMEI_TODAY`` pins (tests and demos)."""
    stamp = utc_now()
    pinned = dates.today().isoformat()
    return pinned + stamp[10:] if pinned != stamp[:10] else stamp


def file_name(name: str, as_of: pendulum.Date) -> str:
    safe = "".join(ch for ch in name if ch not in '\\/:*?"<>|').strip() or "xiumei"
    return f"{safe}_{as_of.isoformat()}{SUFFIX}"


def build_village(
    as_of: pendulum.Date,
    *,
    village_id: int | None = None,
    photos: Path | None = None,
    key=None,
    made_at: str | None = None,
) -> Built:
    """The bundle of one village (the database's own unless ``village_id``) as of a date.

    ``photos``: the folder progress-note photos are found under, to add them (resized when
    Pillow is installed); without it no photo leaves the village.
    """
    village = Village.get_by_id(village_id) if village_id else Village.select().order_by(Village.id).first()
    if village is None:
        raise UserError("error.no_village")
    key = key or keys.signing_key()
    made_at = made_at or now()
    records = snapshot(village.id, as_of)
    parts: dict[str, bytes] = {}
    if photos is not None:
        parts.update(_photo_parts(records["progress_note"], photos))
    else:
        for note in records["progress_note"]:
            note["photo_path"] = ""
    summary = ledger.summary(as_of, village_id=village.id)
    for table, rows in records.items():
        parts[f"data/{table}.jsonl"] = "".join(line(r) + "\n" for r in rows).encode("utf-8")
    parts["summary.json"] = json.dumps(summary.as_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "kind": "village",
        "program": PROGRAM,
        "schema_version": SCHEMA_VERSION,
        "village": {
            "uuid": village.uuid,
            "name": village.name,
            "town": village.town,
            "county": village.county,
            "labour_rate_fen": village.labour_rate_fen,
        },
        "as_of": as_of.isoformat(),
        "made_at": made_at,
        "counts": {table: len(rows) for table, rows in records.items()},
        "totals": summary.as_dict()["totals"],
        # What the town needs to add villages' progress exactly (the totals give it rounded).
        "weights": {
            "weighted_progress": summary.totals.weighted_progress,
            "weight_total": summary.totals.weight_total,
            "labour_half_days": summary.totals.labour_half_days,
        },
        "projects": len(summary.projects),
    }
    data = _signed(manifest, parts, key)
    return Built(data, file_name(village.name, as_of), manifest)


def _photo_parts(notes: list[dict], folder: Path) -> dict[str, bytes]:
    out = {}
    for note in notes:
        path = Path(note["photo_path"]) if note["photo_path"] else None
        if path is not None and not path.is_absolute():
            path = folder / path
        if path is None or not path.is_file():
            note["photo_path"] = ""
            continue
        name = f"photos/{note['uuid']}{path.suffix.lower() or '.jpg'}"
        out[name] = _resized(path)
        note["photo_path"] = name
    return out


def _resized(path: Path, longest: int = 1280) -> bytes:
    """The photo at most ``longest`` pixels a side when Pillow is there; as it is otherwise."""
    try:
        from PIL import Image
    except ImportError:
        return path.read_bytes()
    with Image.open(path) as img:
        img.thumbnail((longest, longest))
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=80)
        return buf.getvalue()


def build_town(*, key=None, made_at: str | None = None) -> Built:
    """What a town holds, forwarded: each village's latest bundle as it came."""
    site = keys.site()
    key = key or keys.signing_key()
    made_at = made_at or now()
    held = list(ReceivedBundle.select(ReceivedBundle, Village).join(Village).order_by(Village.uuid))
    parts = {f"villages/{b.village.uuid}{SUFFIX}": bytes(b.data) for b in held}
    newest = max((b.as_of for b in held), default=pendulum.parse(made_at[:10]).date())
    manifest = {
        "format": FORMAT,
        "kind": site.level,
        "program": PROGRAM,
        "schema_version": SCHEMA_VERSION,
        "town": {"uuid": site.uuid, "name": site.town, "county": site.county},
        "as_of": newest.isoformat(),
        "made_at": made_at,
        "counts": {"villages": len(parts)},
    }
    data = _signed(manifest, parts, key)
    return Built(data, file_name(site.town or site.county, newest), manifest)


# --- reading ---------------------------------------------------------------------------------


class BundleError(UserError):
    """A bundle refused; the message names the file and why."""


@dataclass
class Opened:
    """A bundle whose checksums and signature were verified."""

    file: str
    sha256: str
    manifest: dict
    parts: dict[str, bytes] = field(default_factory=dict)
    raw: bytes = b""

    @property
    def kind(self) -> str:
        return self.manifest.get("kind", "village")

    def records(self) -> dict[str, list[dict]]:
        out = {}
        for table in TABLES:
            text = self.parts.get(f"data/{table}.jsonl", b"").decode("utf-8")
            out[table] = [json.loads(s) for s in text.splitlines() if s]
        return out

    def summary(self) -> dict:
        return json.loads(self.parts["summary.json"].decode("utf-8"))


def open_bundle(data: bytes, file: str) -> Opened:
    """Read and verify a bundle: format, every part's SHA-256, the signature."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        body = zf.read("manifest.json")
        manifest = json.loads(body.decode("utf-8"))
        fmt = manifest["format"]
    except Exception:  # a damaged zip fails in many ways (bad CRC, zlib, truncation): all mean damaged
        raise BundleError("bundle.damaged", file=file) from None
    if not isinstance(fmt, int) or fmt > FORMAT:
        raise BundleError("bundle.too_new", file=file, format=fmt, program=manifest.get("program", "?"))
    if fmt not in READS:
        raise BundleError("bundle.damaged", file=file)
    try:
        signature = zf.read("manifest.sig")
        listed = manifest["parts"]
        names = set(zf.namelist()) - {"manifest.json", "manifest.sig"}
        if names != set(listed):
            raise BundleError("bundle.damaged", file=file)
        parts = {}
        for name, digest in listed.items():
            part = zf.read(name)
            if _sha(part) != digest:
                raise BundleError("bundle.damaged", file=file)
            parts[name] = part
    except BundleError:
        raise
    except Exception:  # any failure reading a part (zip, CRC, JSON) means the same to the clerk: damaged
        raise BundleError("bundle.damaged", file=file) from None
    if not keys.verify(manifest.get("public_key", ""), signature, body):
        raise BundleError("bundle.bad_signature", file=file)
    return Opened(file, _sha(data), manifest, parts, data)


def inner_bundles(outer: Opened) -> list[Opened]:
    """The village bundles a town bundle forwards, each verified on its own."""
    return [
        open_bundle(data, f"{outer.file}:{name.rsplit('/', 1)[-1]}")
        for name, data in sorted(outer.parts.items())
        if name.startswith("villages/")
    ]
