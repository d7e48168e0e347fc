"""The store's schema, shared by every backend: layers and their fields, the schema version, the indexes,
the result types, and the row logic (values, geometries, checksums) that makes the backends hold alike."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInput

__all__ = ["SCHEMA_VERSION", "LAYERS", "EVENT_FIELDS", "CLAIM_FIELDS", "SNAPSHOT_FIELDS", "SOURCE_FIELDS",
           "MIGRATED", "IngestResult", "default_store", "index_ddl", "added_columns", "newer_schema",
           "source_row", "unlocated", "snapshot_rows", "same_layers", "canonical", "sql_value", "iso",
           "quoted", "record_wkb", "point_lat_lon"]

SCHEMA_VERSION = 2
"""Bumped when the layout changes; a store written by a newer version is refused, never rewritten. A writer
gives an older store the columns it lacks (2: ``place_note`` on events and claims; the ACLED-style fields of
issue 11: ``time_precision``, ``geo_precision``, ``actor1``, ``actor2``, ``outcome``, ``count``, ``fatalities``,
``injured``, ``casualty_source``, ``claimant``, ``claimant_term``, ``disputed``, ``disputed_by``,
``dispute_text``, ``target``)."""

EVENT_FIELDS = {
    "event_id": "TEXT NOT NULL UNIQUE",
    "doc_id": "TEXT NOT NULL",
    "start": "DATE",
    "end": "DATE",
    "date_precision": "TEXT",
    "date_text": "TEXT",
    "type": "TEXT",
    "actors": "TEXT",
    "place_id": "TEXT",
    "place_name": "TEXT",
    "place_kind": "TEXT",
    "place_note": "TEXT",
    "located": "INTEGER",
    "time_precision": "TEXT",
    "geo_precision": "TEXT",
    "actor1": "TEXT",
    "actor2": "TEXT",
    "outcome": "TEXT",
    "count": "INTEGER",
    "fatalities": "INTEGER",
    "injured": "INTEGER",
    "casualty_source": "TEXT",
    "claimant": "TEXT",
    "claimant_term": "TEXT",
    "disputed": "INTEGER",
    "disputed_by": "TEXT",
    "dispute_text": "TEXT",
    "target": "TEXT",
    "sentence": "TEXT",
    "sentence_start": "INTEGER",
    "sentence_end": "INTEGER",
    "source": "TEXT",
    "confidence": "REAL",
}
CLAIM_FIELDS = {
    "claim_id": "TEXT NOT NULL UNIQUE",
    "event_id": "TEXT",
    "doc_id": "TEXT NOT NULL",
    "start": "DATE",
    "end": "DATE",
    "date_precision": "TEXT",
    "claimant": "TEXT",
    "side": "TEXT",
    "action": "TEXT",
    "place_id": "TEXT",
    "place_name": "TEXT",
    "place_kind": "TEXT",
    "place_note": "TEXT",
    "time_precision": "TEXT",
    "geo_precision": "TEXT",
    "claimant_term": "TEXT",
    "disputed": "INTEGER",
    "disputed_by": "TEXT",
    "dispute_text": "TEXT",
    "sentence": "TEXT",
    "sentence_start": "INTEGER",
    "sentence_end": "INTEGER",
    "source": "TEXT",
    "confidence": "REAL",
}
SNAPSHOT_FIELDS = {
    "snapshot_id": "TEXT NOT NULL",
    "map_time": "DATETIME",
    "source": "TEXT",
    "status": "TEXT",
    "area_km2": "REAL",
}
LAYERS = {
    "events": ("POINT", EVENT_FIELDS),
    "claims": ("GEOMETRY", CLAIM_FIELDS),
    "snapshots": ("MULTIPOLYGON", SNAPSHOT_FIELDS),
}
"""Layer -> (geometry type, {field: SQL type}): what every backend stores."""
SOURCE_FIELDS = {
    "doc_id": "TEXT PRIMARY KEY",
    "doc_key": "TEXT NOT NULL",
    "title": "TEXT",
    "date": "DATE",
    "source": "TEXT",
    "path": "TEXT",
    "encoding": "TEXT",
    "chars": "INTEGER",
    "events": "INTEGER",
    "claims": "INTEGER",
    "ingested_at": "DATETIME",
}
MIGRATED = ("sources", "events", "claims", "snapshots")
"""The tables a migration copies, in the order they are written."""

_INDEXES = (
    ("sources_key", "sources", ("doc_key",)),
    ("events_doc", "events", ("doc_id",)),
    ("events_start", "events", ("start", "end")),
    ("claims_doc", "claims", ("doc_id",)),
    ("claims_start", "claims", ("start", "end")),
    ("snapshots_time", "snapshots", ("map_time", "status")),
    # a snapshot's rows by id, and the list of snapshots, without reading the polygons (large blobs stored
    # before these columns): a history of 1,400 maps is read map by map in linear time
    ("snapshots_id", "snapshots", ("snapshot_id",)),
    ("snapshots_list", "snapshots", ("map_time", "snapshot_id", "source", "status", "area_km2")),
)


@dataclass
class IngestResult:
    """What one document's ingest did."""

    doc_id: str
    status: str  # "added" | "unchanged" | "replaced"
    events: int
    claims: int
    unlocated: int = 0  # events kept without a place


def default_store() -> str:
    """``FRONTLINE_STORE`` or ``data/tracker.gpkg`` (relative to the working folder)."""
    return os.environ.get("FRONTLINE_STORE") or str(Path("data") / "tracker.gpkg")


def index_ddl() -> list[str]:
    """The attribute indexes every backend creates (spatial indexes are each backend's own)."""
    return [f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted(cols)})' for name, table, cols in _INDEXES]


def added_columns(existing: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(layer, column, type) of every field a store's layers lack, given their columns: what an older store
    gains when a writer opens it. New fields are always nullable."""
    return [(layer, col, typ) for layer, (_g, fields) in LAYERS.items() for col, typ in fields.items()
            if col not in existing.get(layer, set())]


def newer_schema(where: str, version: int | str) -> BadInput:
    """The error for a store a newer frontline wrote (never opened, never modified)."""
    return BadInput(f"{where}: written by a newer frontline (schema version {version}, this one reads "
                    f"{SCHEMA_VERSION}); upgrade frontline to use it")


def source_row(doc: dict, events: list[dict], claims: list[dict]) -> dict:
    """The ``sources`` row of an ingested document, in column order."""
    row = {**doc, "events": len(events), "claims": len(claims),
           "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    return {k: row.get(k) for k in SOURCE_FIELDS}


def unlocated(events: list[dict]) -> int:
    """Events kept without a place."""
    return sum(1 for e in events if e.get("lat") is None and e.get("wkb") is None)


def snapshot_rows(snap) -> list[dict]:
    """A snapshot's rows: one per status, with its area and geometry (WKB)."""
    import shapely

    areas = snap.areas()
    return [{"snapshot_id": snap.snapshot_id, "map_time": snap.map_time, "source": snap.source, "status": status,
             "area_km2": areas.get(status), "wkb": shapely.to_wkb(geom, byte_order=1)}
            for status, geom in snap.layers.items()]


def same_layers(stored: list[tuple[str, bytes]], layers: dict) -> bool:
    """Whether stored (status, WKB) rows hold exactly a snapshot's polygons."""
    import shapely

    if sorted(status for status, _ in stored) != sorted(layers):
        return False
    return all(shapely.to_wkb(shapely.from_wkb(wkb), byte_order=1) == shapely.to_wkb(layers[status], byte_order=1)
               for status, wkb in stored)


def canonical(rec: dict) -> str:
    """A row as text that both backends produce alike: fields sorted, numbers rounded, geometry as rounded WKT."""
    import shapely

    out = {}
    for k, v in rec.items():
        if k in ("lat", "lon", "ingested_at"):
            continue
        if k == "wkb":
            v = shapely.to_wkt(shapely.from_wkb(v), rounding_precision=7) if v is not None else None
        elif isinstance(v, float):
            v = round(v, 6)
        elif isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        out[k] = v
    return json.dumps(out, sort_keys=True, default=str)


def quoted(cols, prefix: str = "") -> str:
    """Column names quoted for SQL ("end" is a keyword)."""
    return ", ".join(f'{prefix}"{c}"' for c in cols)


def sql_value(v):
    """A record's value as stored: lists joined with commas, dates as ISO text."""
    if isinstance(v, (list, tuple)):
        return ",".join(str(x) for x in v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def iso(v):
    """A value as read back: dates (PostgreSQL returns them typed) as ISO text."""
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def record_wkb(rec: dict):
    """A record's geometry, from its ``wkb`` or ``lat``/``lon``; None when it has none (or an empty one)."""
    import shapely

    if rec.get("wkb") is not None:
        g = shapely.from_wkb(rec["wkb"])
    elif rec.get("lat") is not None and rec.get("lon") is not None:
        g = shapely.Point(float(rec["lon"]), float(rec["lat"]))
    else:
        return None
    return None if g.is_empty else g


def point_lat_lon(wkb: bytes | None) -> dict:
    """``lat``, ``lon`` (a point's, else None) and ``wkb`` of a stored geometry: a point's x, y straight from
    its WKB (little or big endian), no geometry object needed."""
    if wkb is None:
        return {"lat": None, "lon": None, "wkb": None}
    order = "<" if wkb[0] == 1 else ">"
    gtype = struct.unpack(order + "I", wkb[1:5])[0]
    if gtype == 1:
        x, y = struct.unpack(order + "2d", wkb[5:21])
        return {"lat": y, "lon": x, "wkb": wkb}
    return {"lat": None, "lon": None, "wkb": wkb}
