"""The store: a GeoPackage file by default (one SQLite file; layers ``events``, ``claims``, ``snapshots`` and
the table ``sources``), written in transactions.

The file is a conforming GeoPackage (application id ``GPKG``, ``gpkg_contents``, ``gpkg_geometry_columns``,
an R-tree spatial index on every layer, ``start``/``end`` declared ``DATE``), so QGIS and GDAL open it as it
is. frontline writes it with Python's ``sqlite3``, registering the few SQL functions the R-tree triggers call.

Writes are idempotent and all-or-nothing:

- a document is known by its content hash (``doc_id``); ingesting the same text again changes nothing;
- a document under the same key (its file name or URL) with a changed text replaces its previous events and
  claims, in the same transaction that adds the new ones;
- every ingest is one ``BEGIN IMMEDIATE`` transaction: a process killed midway leaves the store as it was, and
  concurrent ingests wait for each other (``busy_timeout``) instead of failing.

The store is chosen by ``--store PATH|URL``, else ``FRONTLINE_STORE``, else ``data/tracker.gpkg``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import sqlite3
import struct
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BadInput, WorkFailed
from .gazetteer import distance_km

__all__ = ["Store", "open_store", "default_store", "SCHEMA_VERSION", "gpkg_blob", "blob_wkb"]

SCHEMA_VERSION = 2
"""Bumped when the layout changes; a store written by a newer version is refused, never rewritten. An older
store gains the new columns when opened (2: ``place_note`` on events and claims; the ACLED-style fields of
issue 11: ``time_precision``, ``geo_precision``, ``actor1``, ``actor2``, ``outcome``, ``count``, ``fatalities``,
``injured``, ``casualty_source``, ``claimant``, ``claimant_term``, ``disputed``, ``disputed_by``,
``dispute_text``, ``target``)."""

_APPLICATION_ID = 0x47504B47  # "GPKG"
_USER_VERSION = 10300  # GeoPackage 1.3

_EVENT_FIELDS = {
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
_CLAIM_FIELDS = {
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
_SNAPSHOT_FIELDS = {
    "snapshot_id": "TEXT NOT NULL",
    "map_time": "DATETIME",
    "source": "TEXT",
    "status": "TEXT",
    "area_km2": "REAL",
}
LAYERS = {
    "events": ("POINT", _EVENT_FIELDS),
    "claims": ("GEOMETRY", _CLAIM_FIELDS),
    "snapshots": ("MULTIPOLYGON", _SNAPSHOT_FIELDS),
}
_SOURCE_FIELDS = {
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


def default_store() -> str:
    """``FRONTLINE_STORE`` or ``data/tracker.gpkg`` (relative to the working folder)."""
    return os.environ.get("FRONTLINE_STORE") or str(Path("data") / "tracker.gpkg")


# ---------------------------------------------------------------------------------------------------------
# GeoPackage geometry blobs


def gpkg_blob(wkb: bytes, bounds: tuple[float, float, float, float], srs_id: int = 4326) -> bytes:
    """A GeoPackage geometry blob: header ('GP', version 0, little-endian, xy envelope) and WKB."""
    minx, miny, maxx, maxy = bounds
    return b"GP" + bytes([0, 0b00000011]) + struct.pack("<i4d", srs_id, minx, maxx, miny, maxy) + wkb


def _header(blob: bytes) -> tuple[int, tuple | None, bool]:
    flags = blob[3]
    little = flags & 1
    env = (flags >> 1) & 0b111
    empty = bool(flags & 0b10000)
    size = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(env, 0)
    envelope = struct.unpack(("<" if little else ">") + "4d", blob[8:40]) if env else None
    return 8 + size, envelope, empty


def blob_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob."""
    return blob[_header(blob)[0]:]


def _envelope(blob):
    if blob is None:
        return None
    off, env, empty = _header(blob)
    if env is None:
        import shapely

        g = shapely.from_wkb(blob[off:])
        if g.is_empty:
            return None
        b = g.bounds
        return (b[0], b[2], b[1], b[3])
    return env


def _register_functions(con: sqlite3.Connection) -> None:
    """The SQL functions GeoPackage R-tree triggers call (GDAL and QGIS provide their own)."""

    def is_empty(blob):
        return None if blob is None else int(_header(blob)[2] or _envelope(blob) is None)

    def coord(i):
        def f(blob):
            env = _envelope(blob)
            return None if env is None else env[i]
        return f

    con.create_function("ST_IsEmpty", 1, is_empty, deterministic=True)
    for name, i in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, coord(i), deterministic=True)


# ---------------------------------------------------------------------------------------------------------
# Creating the file


def _ddl() -> list[str]:
    out = [
        f"PRAGMA application_id = {_APPLICATION_ID}",
        f"PRAGMA user_version = {_USER_VERSION}",
        """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
           description TEXT)""",
        """INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')""",
        """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
        """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
        """CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
           definition TEXT NOT NULL, scope TEXT NOT NULL,
           CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
        "CREATE TABLE frontline_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"INSERT INTO frontline_meta VALUES ('schema_version', '{SCHEMA_VERSION}')",
    ]
    for table, (gtype, fields) in LAYERS.items():
        cols = ", ".join(f'"{k}" {v}' for k, v in fields.items())
        out += [
            f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {gtype}, {cols})',
            f"""INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                VALUES ('{table}', 'features', '{table}', 'frontline {table}', 4326)""",
            f"INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', '{gtype}', 4326, 0, 0)",
            f"""INSERT INTO gpkg_extensions VALUES ('{table}', 'geom', 'gpkg_rtree_index',
                'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')""",
            f'CREATE VIRTUAL TABLE "rtree_{table}_geom" USING rtree(id, minx, maxx, miny, maxy)',
            f"""CREATE TRIGGER "rtree_{table}_geom_insert" AFTER INSERT ON "{table}"
                WHEN (NEW.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN
                INSERT OR REPLACE INTO "rtree_{table}_geom" VALUES (NEW.fid,
                ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END""",
            f"""CREATE TRIGGER "rtree_{table}_geom_delete" AFTER DELETE ON "{table}"
                WHEN OLD.geom NOT NULL BEGIN DELETE FROM "rtree_{table}_geom" WHERE id = OLD.fid; END""",
            f"""CREATE TRIGGER "rtree_{table}_geom_update" AFTER UPDATE OF geom ON "{table}" BEGIN
                DELETE FROM "rtree_{table}_geom" WHERE id = OLD.fid;
                INSERT INTO "rtree_{table}_geom" SELECT NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
                ST_MinY(NEW.geom), ST_MaxY(NEW.geom) WHERE NEW.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom); END""",
        ]
    cols = ", ".join(f'"{k}" {v}' for k, v in _SOURCE_FIELDS.items())
    out += [
        f"CREATE TABLE sources ({cols})",
        "CREATE INDEX sources_key ON sources (doc_key)",
        """INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
           VALUES ('sources', 'attributes', 'sources', 'frontline: the documents ingested')""",
        'CREATE INDEX events_doc ON events (doc_id)',
        'CREATE INDEX events_start ON events ("start", "end")',
        'CREATE INDEX claims_doc ON claims (doc_id)',
        'CREATE INDEX claims_start ON claims ("start", "end")',
        'CREATE INDEX snapshots_time ON snapshots (map_time, status)',
        # a snapshot's rows by id, and the list of snapshots, without reading the polygons (large blobs stored
        # before these columns): a history of 1,400 maps is read map by map in linear time
        'CREATE INDEX snapshots_id ON snapshots (snapshot_id)',
        'CREATE INDEX snapshots_list ON snapshots (map_time, snapshot_id, source, status, area_km2)',
    ]
    return out


def _create(path: Path) -> None:
    """Create an empty store at ``path`` atomically (built aside, then linked into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    try:
        con = sqlite3.connect(tmp)
        _register_functions(con)
        with con:
            for stmt in _ddl():
                con.execute(stmt)
        con.close()
        try:
            os.link(tmp, path)  # fails if another process created the store meanwhile: theirs wins
        except FileExistsError:
            pass
    finally:
        Path(tmp).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------
# The store


@dataclass
class IngestResult:
    """What one document's ingest did."""

    doc_id: str
    status: str  # "added" | "unchanged" | "replaced"
    events: int
    claims: int
    unlocated: int = 0  # events kept without a place


class BaseStore:
    """What every store backend offers; built on a few primitives each backend implements (``ingest``,
    ``count``, ``sources``, ``_select``, ``transaction``, ``_write_snapshot``, ``_snapshot_records``,
    ``_snapshot_geoms``, ``dump``, ``load``, ``close``). Use ``open_store``; close with ``close()`` or a ``with`` block."""

    url: str = ""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fields(self, layer: str) -> list[str]:
        """The attribute fields of a layer."""
        return list(LAYERS[layer][1])

    def query(self, layer: str, since: str | None = None, until: str | None = None, types: list[str] | None = None,
              bbox: tuple[float, float, float, float] | None = None, doc_id: str | None = None,
              near: tuple[float, float, float] | None = None) -> list[dict]:
        """Rows of ``events`` or ``claims`` whose [start, end] meets [since, until], inside ``bbox``
        (minx, miny, maxx, maxy) or within ``near`` = (lat, lon, km), of the given types; with ``lat``/``lon``
        (points) or ``wkb``. The spatial part goes through the spatial index."""
        if layer not in ("events", "claims"):
            raise BadInput(f"layer {layer!r}: events or claims")
        if near is not None:
            lat, lon, km = near
            dlat = km / 110.5
            dlon = km / max(1e-6, 111.3 * math.cos(math.radians(lat)))
            rows = self.query(layer, since, until, types, (lon - dlon, lat - dlat, lon + dlon, lat + dlat), doc_id)
            return [r for r in rows if r["lat"] is not None and distance_km(r["lat"], r["lon"], lat, lon) <= km]
        return self._select(layer, since, until, types, bbox, doc_id)

    def frame(self, layer: str, **query) -> "geopandas.GeoDataFrame":  # noqa: F821
        """A layer (or a query of it) as a GeoDataFrame in EPSG:4326."""
        import geopandas as gpd
        import pandas as pd
        import shapely

        rows = self.dump("snapshots") if layer == "snapshots" else self.query(layer, **query)
        wkbs = [r.pop("wkb", None) for r in rows]
        geoms = [shapely.from_wkb(w) if w is not None else None for w in wkbs]
        for r in rows:
            r.pop("lat", None), r.pop("lon", None)
        df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=self.fields(layer))
        for name, typ in LAYERS[layer][1].items():  # counts stay integers where some rows have none
            if typ == "INTEGER" and name in df.columns and rows:
                df[name] = df[name].astype("Int64")
        return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")

    def snapshot_list(self) -> list[dict]:
        """One record per stored snapshot: id, map time, source, areas per status and the occupied total."""
        out: dict[str, dict] = {}
        for sid, t, src, status, area in self._snapshot_records():
            rec = out.setdefault(sid, {"snapshot_id": sid, "map_time": t, "source": src, "areas": {}})
            rec["areas"][status] = area
        for rec in out.values():
            a = rec["areas"]
            rec["occupied_km2"] = round(sum(a.get(s) or 0.0 for s in ("occupied", "pre2022", "crimea")), 3)
            rec["grey_km2"] = a.get("grey")
        return sorted(out.values(), key=lambda r: r["map_time"])

    def put_snapshot(self, snap) -> str:
        """Store one snapshot, replacing a different map of the same source and time: "added", "replaced" or
        "unchanged" (the same polygons are stored already; nothing is written)."""
        return self.put_snapshots([snap], replace=True)[0]

    def put_snapshots(self, snaps: list, replace: bool = False) -> list[str]:
        """Store snapshots (``territory.Snapshot``, one row per status) in one transaction, every one checked
        before any is written.

        Returns "added", "unchanged" (the same polygons are stored under this source and map time: nothing
        written) or "replaced" per snapshot. ``BadInput`` for a snapshot without territory, or for a different
        map under a stored source and map time unless ``replace``; the store is then left as it was.
        """
        with self.transaction() as con:
            statuses = []
            for snap in snaps:
                if not any(not g.is_empty for g in snap.layers.values()):
                    raise BadInput(f"{snap.path or snap.source}: a snapshot without territory is not stored")
                stored = self._snapshot_geoms(snap.snapshot_id)
                if not stored:
                    statuses.append("added")
                elif _same_layers(stored, snap.layers):
                    statuses.append("unchanged")
                elif replace:
                    statuses.append("replaced")
                else:
                    raise BadInput(f"{snap.path or snap.source}: the store already holds a different map from "
                                   f"{snap.source} at {snap.map_time}: give --replace to overwrite it")
            for snap, status in zip(snaps, statuses):
                if status != "unchanged":
                    self._write_snapshot(con, snap)
        return statuses

    def get_snapshot(self, when: str):
        """The stored snapshot whose map time is ``when`` or starts with it (the latest of a day given as a
        date); ``BadInput`` listing what the store holds otherwise."""
        listed = self.snapshot_list()
        cands = [r for r in listed if r["map_time"].startswith(when) or r["map_time"] == when]
        if not cands:
            times = ", ".join(r["map_time"] for r in listed) or "none"
            raise BadInput(f"no snapshot at {when!r} in {self.url}; it holds: {times}")
        return self.snapshot(cands[-1])

    def snapshot(self, rec: dict):
        """The snapshot of a ``snapshot_list`` record, read by its id (no listing: a history is read map by map
        in linear time)."""
        import shapely

        from .territory import Snapshot

        layers = {status: shapely.from_wkb(wkb) for status, wkb in self._snapshot_geoms(rec["snapshot_id"])}
        kind = "plain" if set(layers) == {"occupied"} else "feed"
        return Snapshot(rec["map_time"], rec["source"], layers, source_kind=kind, path=self.url)

    def front_edge(self, date: str, max_days: int = 90):
        """The edge of the occupied area and grey zone in the latest snapshot at or before ``date`` (within
        ``max_days``), as WGS84 lines: where the fighting is, for the geoparser. None without one."""
        import shapely

        snaps = [r for r in self.snapshot_list() if r["map_time"][:10] <= date]
        if not snaps:
            return None
        last = snaps[-1]
        age = (dt.date.fromisoformat(date) - dt.date.fromisoformat(last["map_time"][:10])).days
        if age > max_days:
            return None
        cache = self.__dict__.setdefault("_edges", {})
        if last["snapshot_id"] not in cache:
            snap = self.get_snapshot(last["map_time"])
            parts = [snap.layers[s] for s in ("crimea", "pre2022", "occupied", "grey") if s in snap.layers]
            cache[last["snapshot_id"]] = shapely.union_all(parts).boundary if parts else None
        return cache[last["snapshot_id"]]

    def checksum(self, layer: str) -> tuple[int, str]:
        """(rows, sha256) of a layer or the sources table, independent of row order and backend: what a
        migration must keep."""
        rows = self.dump(layer)
        digest = hashlib.sha256()
        for line in sorted(_canonical(r) for r in rows):
            digest.update(line.encode("utf-8"))
        return len(rows), digest.hexdigest()


class Store(BaseStore):
    """A GeoPackage store (the default backend)."""

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self.url = str(path)
        self._con = con

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none."""
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------------------------

    def ingest(self, doc: dict, events: list[dict], claims: list[dict]) -> IngestResult:
        """Store one document's events and claims in one transaction; idempotent.

        ``doc`` has ``doc_id`` (content hash), ``doc_key`` (file name or URL), ``title``, ``date``, ``source``,
        ``path``, ``encoding``, ``chars``. Events and claims are records of the data model with ``lat``/``lon``
        (or a ``geometry`` WKB for polygons) or none.
        """
        with self.transaction() as con:
            if con.execute("SELECT 1 FROM sources WHERE doc_id = ?", (doc["doc_id"],)).fetchone():
                return IngestResult(doc["doc_id"], "unchanged", 0, 0)
            old = [r[0] for r in con.execute("SELECT doc_id FROM sources WHERE doc_key = ?", (doc["doc_key"],))]
            for doc_id in old:
                for table in ("events", "claims", "sources"):
                    con.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._insert(con, "events", _EVENT_FIELDS, events)
            self._insert(con, "claims", _CLAIM_FIELDS, claims)
            con.execute(f"INSERT INTO sources ({', '.join(_SOURCE_FIELDS)}) VALUES ({', '.join('?' * len(_SOURCE_FIELDS))})",
                        [v for v in source_row(doc, events, claims).values()])
            self._touch(con, ("events", "claims"))
        return IngestResult(doc["doc_id"], "replaced" if old else "added", len(events), len(claims), unlocated(events))

    def _insert(self, con: sqlite3.Connection, table: str, fields: dict, rows: Iterable[dict]) -> None:
        cols = list(fields)
        sql = f'INSERT OR IGNORE INTO "{table}" (geom, {_quoted(cols)}) VALUES (?, {", ".join("?" * len(cols))})'
        con.executemany(sql, ([_geom_blob(r)] + [_value(r.get(c)) for c in cols] for r in rows))

    def _touch(self, con: sqlite3.Connection, tables: Iterable[str]) -> None:
        """Keep gpkg_contents' change time and extent current. The extent grows from the root node of the
        R-tree (its children's boxes), not a scan of every row, so a write costs the same in a large store."""
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
        for t in tables:
            root = con.execute(f'SELECT data FROM "rtree_{t}_geom_node" WHERE nodeno = 1').fetchone()
            env = _rtree_root_extent(root[0]) if root else (None, None, None, None)
            con.execute("UPDATE gpkg_contents SET last_change = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                        "WHERE table_name = ?", (now, *env, t))

    # -- reading -----------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in a layer or table."""
        return self._con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def sources(self) -> list[dict]:
        """The documents ingested, newest first."""
        cur = self._con.execute(f"SELECT {', '.join(_SOURCE_FIELDS)} FROM sources ORDER BY ingested_at DESC")
        return [dict(zip(_SOURCE_FIELDS, r)) for r in cur]

    def fields(self, layer: str) -> list[str]:
        """The attribute fields of a layer this store holds: a store written before a field was added lacks it
        (reading never adds it; readers see it as None)."""
        have = {r[1] for r in self._con.execute(f'PRAGMA table_info("{layer}")')}
        return [f for f in LAYERS[layer][1] if f in have]

    def _select(self, layer, since, until, types, bbox, doc_id) -> list[dict]:
        fields = self.fields(layer)
        absent = dict.fromkeys(f for f in LAYERS[layer][1] if f not in fields)
        where, args = [], []
        join = ""
        if bbox is not None:
            join = f' JOIN "rtree_{layer}_geom" r ON r.id = t.fid'
            where.append("r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?")
            args += [bbox[0], bbox[2], bbox[1], bbox[3]]
        if since:
            where.append('t."end" >= ?')
            args.append(since)
        if until:
            where.append('t."start" <= ?')
            args.append(until)
        if types:
            where.append(f"t.{'type' if layer == 'events' else 'action'} IN ({', '.join('?' * len(types))})")
            args += list(types)
        if doc_id:
            where.append("t.doc_id = ?")
            args.append(doc_id)
        sql = (f'SELECT t.geom, {_quoted(fields, "t.")} FROM "{layer}" t{join}'
               + (" WHERE " + " AND ".join(where) if where else "") + ' ORDER BY t."start", t.fid')
        out = []
        for row in self._con.execute(sql, args):
            rec = {**dict(zip(fields, row[1:])), **absent}
            rec.update(_geom_fields(row[0]))
            out.append(rec)
        return out

    # -- snapshots ---------------------------------------------------------------------------------------

    def _write_snapshot(self, con: sqlite3.Connection, snap) -> None:
        """Replace the rows of a snapshot's source and map time with its rows (inside a transaction)."""
        con.execute("DELETE FROM snapshots WHERE snapshot_id = ?", (snap.snapshot_id,))
        self._insert(con, "snapshots", _SNAPSHOT_FIELDS, snapshot_rows(snap))
        self._touch(con, ("snapshots",))

    def _snapshot_records(self):
        return self._con.execute("SELECT snapshot_id, map_time, source, status, area_km2 FROM snapshots "
                                 "ORDER BY map_time, fid").fetchall()

    def _snapshot_geoms(self, snapshot_id: str):
        return [(status, blob_wkb(blob)) for blob, status in
                self._con.execute("SELECT geom, status FROM snapshots WHERE snapshot_id = ?", (snapshot_id,))]

    # -- whole layers (migration) -----------------------------------------------------------------------

    def dump(self, layer: str) -> list[dict]:
        """Every row of a layer (with ``wkb``) or of ``sources``."""
        if layer == "sources":
            return self.sources()
        fields = self.fields(layer)
        out = []
        for row in self._con.execute(f'SELECT geom, {_quoted(fields)} FROM "{layer}" ORDER BY fid'):
            rec = dict(zip(fields, row[1:]))
            rec.update(_geom_fields(row[0]))
            out.append(rec)
        return out

    def load(self, tables: dict[str, list[dict]]) -> None:
        """Add rows to layers and ``sources`` in one transaction (a migration's writing half)."""
        with self.transaction() as con:
            for layer, rows in tables.items():
                if layer == "sources":
                    con.executemany(f"INSERT INTO sources ({', '.join(_SOURCE_FIELDS)}) VALUES "
                                    f"({', '.join('?' * len(_SOURCE_FIELDS))})",
                                    [[r.get(k) for k in _SOURCE_FIELDS] for r in rows])
                else:
                    self._insert(con, layer, LAYERS[layer][1], rows)
            self._touch(con, [t for t in tables if t != "sources"])


def _rtree_root_extent(blob: bytes) -> tuple:
    """(min_x, min_y, max_x, max_y) of an SQLite R-tree root node: a 4-byte header (depth, cell count) then
    cells of an 8-byte id and four 4-byte floats (minx, maxx, miny, maxy), big-endian."""
    n = struct.unpack(">H", blob[2:4])[0]
    if n == 0:
        return (None, None, None, None)
    cells = [struct.unpack(">q4f", blob[4 + 24 * k: 4 + 24 * (k + 1)]) for k in range(n)]
    return (min(c[1] for c in cells), min(c[3] for c in cells), max(c[2] for c in cells), max(c[4] for c in cells))


def source_row(doc: dict, events: list[dict], claims: list[dict]) -> dict:
    """The ``sources`` row of an ingested document, in column order."""
    row = {**doc, "events": len(events), "claims": len(claims),
           "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    return {k: row.get(k) for k in _SOURCE_FIELDS}


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


def _same_layers(stored: list[tuple[str, bytes]], layers: dict) -> bool:
    """Whether stored (status, WKB) rows hold exactly a snapshot's polygons."""
    import shapely

    if sorted(status for status, _ in stored) != sorted(layers):
        return False
    return all(shapely.to_wkb(shapely.from_wkb(wkb), byte_order=1) == shapely.to_wkb(layers[status], byte_order=1)
               for status, wkb in stored)


def _canonical(rec: dict) -> str:
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


def _quoted(cols: Iterable[str], prefix: str = "") -> str:
    """Column names quoted for SQL ("end" is a keyword)."""
    return ", ".join(f'{prefix}"{c}"' for c in cols)


def _value(v):
    if isinstance(v, (list, tuple)):
        return ",".join(str(x) for x in v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _geom_blob(rec: dict) -> bytes | None:
    import shapely

    if rec.get("wkb") is not None:
        g = shapely.from_wkb(rec["wkb"])
    elif rec.get("lat") is not None and rec.get("lon") is not None:
        g = shapely.Point(float(rec["lon"]), float(rec["lat"]))
    else:
        return None
    if g.is_empty:
        return None
    return gpkg_blob(shapely.to_wkb(g, byte_order=1), g.bounds)


def _geom_fields(blob: bytes | None) -> dict:
    if blob is None:
        return {"lat": None, "lon": None, "wkb": None}
    wkb = blob_wkb(blob)
    # points: x, y straight from the WKB (little or big endian), no geometry object needed
    order = "<" if wkb[0] == 1 else ">"
    gtype = struct.unpack(order + "I", wkb[1:5])[0]
    if gtype == 1:
        x, y = struct.unpack(order + "2d", wkb[5:21])
        return {"lat": y, "lon": x, "wkb": wkb}
    return {"lat": None, "lon": None, "wkb": wkb}


def open_store(url: str | Path | None = None, create: bool = True) -> BaseStore:
    """Open (and if need be create) the store at ``url``: a GeoPackage path, or a ``postgresql://`` URL.
    With ``create=False`` the store must exist, and a GeoPackage is opened read-only (readers never write; a
    write a crash interrupted is rolled back first, restoring the file as it was before that write).

    Refuses, with ``BadInput`` naming the file, a file that is not a GeoPackage, a GeoPackage that is not a
    frontline store, or one written by a newer schema version; none of them is modified.
    """
    url = str(url or default_store())
    from .postgis import is_postgres_url, open_postgis

    if is_postgres_url(url):
        return open_postgis(url, create)
    path = Path(url)
    if path.is_dir():
        raise BadInput(f"{path}: is a folder, not a GeoPackage store")
    if not path.exists():
        if not create:
            raise BadInput(f"{path}: no such store")
        if path.suffix.lower() != ".gpkg":
            raise BadInput(f"{path}: a new store's file name must end in .gpkg")
        try:
            _create(path)
        except OSError as e:
            raise BadInput(f"{path}: cannot create the store ({e.strerror})") from None
    version = _check(path)
    if create:
        con = sqlite3.connect(path, timeout=120, isolation_level=None, check_same_thread=False)
    else:  # a reader: the file is opened read-only, so reading can never change it
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=120, isolation_level=None,
                              check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 120000")
    con.execute("PRAGMA foreign_keys = OFF")
    _register_functions(con)
    if create and version < SCHEMA_VERSION:  # a writer brings an older store up to date; a reader never does
        _upgrade(con, path)
    return Store(path, con)


def added_columns(existing: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(layer, column, type) of every field a store's layers lack, given their columns: what an older store
    gains on opening. New fields are always nullable."""
    return [(layer, col, typ) for layer, (_g, fields) in LAYERS.items() for col, typ in fields.items()
            if col not in existing.get(layer, set())]


def _upgrade(con: sqlite3.Connection, path: Path) -> None:
    """Bring an older GeoPackage store to this schema in one transaction: add the missing columns."""
    try:
        con.execute("BEGIN IMMEDIATE")
        existing = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in LAYERS}
        for layer, col, typ in added_columns(existing):
            con.execute(f'ALTER TABLE "{layer}" ADD COLUMN "{col}" {typ}')
        con.execute("UPDATE frontline_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        con.execute("COMMIT")
    except sqlite3.Error as e:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()
        raise WorkFailed(f"{path}: cannot upgrade the store to schema version {SCHEMA_VERSION} ({e})") from None


def _check(path: Path) -> int:
    """Refuse a file that is not a frontline GeoPackage or one a newer frontline wrote; its schema version."""
    with open(path, "rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise BadInput(f"{path}: not a GeoPackage (not an SQLite database)")
    app_id = struct.unpack(">I", head[68:72])[0]
    if app_id != _APPLICATION_ID:
        raise BadInput(f"{path}: not a GeoPackage (application id {app_id:#x}, expected 'GPKG')")
    journal = path.with_name(path.name + "-journal")
    if journal.is_file() and journal.stat().st_size:
        # a write interrupted by a crash leaves a "hot" journal; SQLite rolls it back on the first read-write
        # open, restoring the store as it was before that write (a read-only connection cannot)
        con = sqlite3.connect(path, timeout=120)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            raise WorkFailed(f"{path}: cannot recover from an interrupted write ({e})") from None
        finally:
            con.close()
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=120)
    try:
        row = con.execute("SELECT value FROM frontline_meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e):
            raise WorkFailed(f"{path}: cannot read the store ({e})") from None
        row = None
    except sqlite3.DatabaseError:
        row = None
    finally:
        con.close()
    if row is None:
        raise BadInput(f"{path}: a GeoPackage, but not a frontline store (no frontline_meta table)")
    if int(row[0]) > SCHEMA_VERSION:
        raise BadInput(f"{path}: written by a newer frontline (schema version {row[0]}, this one reads "
                       f"{SCHEMA_VERSION}); upgrade frontline to use it")
    return int(row[0])


MIGRATED = ("sources", "events", "claims", "snapshots")


def migrate(src: str, dst: str) -> dict:
    """Copy every layer of store ``src`` into store ``dst`` (which must hold nothing yet), in one
    transaction; then compare each layer's row count and checksum. ``WorkFailed`` if any differs."""
    with open_store(src, create=False) as a:
        tables = {t: a.dump(t) for t in MIGRATED}
        before = {t: a.checksum(t) for t in MIGRATED}
    with open_store(dst) as b:
        if any(b.count(t) for t in MIGRATED):
            raise BadInput(f"{dst}: not empty: migrate into a new store")
        b.load(tables)
        after = {t: b.checksum(t) for t in MIGRATED}
    report = {"from": str(src), "to": str(dst),
              "layers": {t: {"rows": before[t][0], "checksum": before[t][1][:16], "same": before[t] == after[t]}
                         for t in MIGRATED}}
    bad = [t for t in MIGRATED if before[t] != after[t]]
    if bad:
        raise WorkFailed(f"migration {src} -> {dst}: {', '.join(bad)} differ after copying (counts or checksums)")
    return report
