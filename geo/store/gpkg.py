"""The GeoPackage store backend, the default: one SQLite file (layers ``events``, ``claims``, ``snapshots``
and the table ``sources``), written in transactions.

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
import os
import sqlite3
import struct
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..atomic import atomic_path
from ..errors import BadInput, WorkFailed
from .base import BaseStore
from .schema import LAYERS, SCHEMA_VERSION, SOURCE_FIELDS, added_columns, index_ddl, newer_schema, record_wkb

__all__ = ["GpkgStore", "open_gpkg", "gpkg_blob", "blob_wkb", "register_functions", "sqlite_errors"]

APPLICATION_ID = 0x47504B47  # "GPKG"
_USER_VERSION = 10300  # GeoPackage 1.3


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


def register_functions(con: sqlite3.Connection) -> None:
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
        f"PRAGMA application_id = {APPLICATION_ID}",
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
    cols = ", ".join(f'"{k}" {v}' for k, v in SOURCE_FIELDS.items())
    out += [
        f"CREATE TABLE sources ({cols})",
        """INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
           VALUES ('sources', 'attributes', 'sources', 'frontline: the documents ingested')""",
    ]
    return out + index_ddl()


def _create(path: Path) -> None:
    """Create an empty store at ``path`` atomically (built aside, then linked into place)."""
    with atomic_path(path, overwrite=False) as tmp:  # another process's store created meanwhile wins
        con = sqlite3.connect(tmp)
        try:
            register_functions(con)
            with con:
                for stmt in _ddl():
                    con.execute(stmt)
        finally:
            con.close()


# ---------------------------------------------------------------------------------------------------------
# The store


class GpkgStore(BaseStore):
    """A GeoPackage store (the default backend)."""

    INSERT = "INSERT OR IGNORE INTO {} ({}) VALUES ({})"

    def __init__(self, path: Path, con: sqlite3.Connection):
        super().__init__(str(path))
        self.path = path
        self._con = con

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none; concurrent writers wait. The
        database's own failures (a damaged page, a read-only file or folder, a full disk) are ``WorkFailed``
        naming the store, after the rollback."""
        con = self._con
        with sqlite_errors(self.path):
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            else:
                con.execute("COMMIT")

    def _execute(self, sql, params=None, con=None) -> list[tuple]:
        con = con or self._con
        with sqlite_errors(self.path):
            if isinstance(params, list):
                con.executemany(sql, params)
                return []
            return con.execute(sql, params or {}).fetchall()

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self._con.execute(f'PRAGMA table_info("{table}")')}

    def _geom_in(self, rec: dict) -> bytes | None:
        import shapely

        g = record_wkb(rec)
        return None if g is None else gpkg_blob(shapely.to_wkb(g, byte_order=1), g.bounds)

    def _geom_out(self, value) -> bytes | None:
        return None if value is None else blob_wkb(value)

    def _bbox_filter(self, layer, bbox):
        return (f' JOIN "rtree_{layer}_geom" r ON r.id = t.fid',
                "r.maxx >= :x0 AND r.minx <= :x1 AND r.maxy >= :y0 AND r.miny <= :y1",
                {"x0": bbox[0], "y0": bbox[1], "x1": bbox[2], "y1": bbox[3]})

    def _touch(self, con: sqlite3.Connection, tables) -> None:
        """Keep gpkg_contents' change time and extent current. The extent grows from the root node of the
        R-tree (its children's boxes), not a scan of every row, so a write costs the same in a large store."""
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
        for t in tables:
            root = con.execute(f'SELECT data FROM "rtree_{t}_geom_node" WHERE nodeno = 1').fetchone()
            env = _rtree_root_extent(root[0]) if root else (None, None, None, None)
            con.execute("UPDATE gpkg_contents SET last_change = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                        "WHERE table_name = ?", (now, *env, t))


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """SQLite's errors as one ``WorkFailed`` line naming the store and what to do (exit 1)."""
    try:
        yield
    except sqlite3.DatabaseError as e:
        raise WorkFailed(f"{path}: {_why(e)}") from None


def _why(e: sqlite3.DatabaseError) -> str:
    msg = str(e)
    if "readonly" in msg or "read-only" in msg:
        return ("cannot write: the store or its folder is read-only (a writer needs both: SQLite keeps a journal "
                "beside the file)")
    if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
        return f"the store is damaged ({msg}): nothing was changed; restore it from a copy"
    if "disk is full" in msg or "disk I/O" in msg:
        return f"cannot write the store ({msg}): nothing was changed"
    return f"cannot use the store ({msg})"


def _rtree_root_extent(blob: bytes) -> tuple:
    """(min_x, min_y, max_x, max_y) of an SQLite R-tree root node: a 4-byte header (depth, cell count) then
    cells of an 8-byte id and four 4-byte floats (minx, maxx, miny, maxy), big-endian."""
    n = struct.unpack(">H", blob[2:4])[0]
    if n == 0:
        return (None, None, None, None)
    cells = [struct.unpack(">q4f", blob[4 + 24 * k: 4 + 24 * (k + 1)]) for k in range(n)]
    return (min(c[1] for c in cells), min(c[3] for c in cells), max(c[2] for c in cells), max(c[4] for c in cells))


def open_gpkg(path: Path, create: bool = True) -> GpkgStore:
    """Open (and if need be create) the GeoPackage store at ``path``. With ``create=False`` the store must
    exist and is opened read-only (readers never write; a write a crash interrupted is rolled back first,
    restoring the file as it was before that write).

    Refuses, with ``BadInput`` naming the file, a file that is not a GeoPackage, a GeoPackage that is not a
    frontline store, or one written by a newer schema version; none of them is modified.
    """
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
        con = sqlite3.connect(f"{Path(os.path.realpath(path)).as_uri()}?mode=ro", uri=True, timeout=120, isolation_level=None,
                              check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 120000")
    con.execute("PRAGMA foreign_keys = OFF")
    register_functions(con)
    if create:  # a writer brings an older store up to date; a reader never does (it sees absent fields as None)
        _upgrade(con, path, version)
    return GpkgStore(path, con)


def _existing(con: sqlite3.Connection) -> dict[str, set[str]]:
    return {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in LAYERS}


def _upgrade(con: sqlite3.Connection, path: Path, version: int) -> None:
    """Bring an older GeoPackage store to this schema in one transaction: add whatever columns its layers lack
    (whatever its version number says) and record the version. Nothing is written when nothing is missing."""
    if version >= SCHEMA_VERSION and not added_columns(_existing(con)):
        return
    try:
        con.execute("BEGIN IMMEDIATE")
        existing = _existing(con)  # again, under the lock: another writer may have upgraded it meanwhile
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
    if app_id != APPLICATION_ID:
        raise BadInput(f"{path}: not a GeoPackage (application id {app_id:#x}, expected 'GPKG')")
    page = struct.unpack(">H", head[16:18])[0]
    page = 65536 if page == 1 else page
    pages, changed, valid_for = (struct.unpack(">I", head[i:i + 4])[0] for i in (28, 24, 92))
    size = path.stat().st_size
    if pages and changed == valid_for and size < pages * page:  # the header's page count is current
        raise BadInput(f"{path}: truncated: {size:,} bytes of the {pages * page:,} the store holds (an interrupted "
                       "copy or download?): restore it from a copy")
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
    con = sqlite3.connect(f"{Path(os.path.realpath(path)).as_uri()}?mode=ro", uri=True, timeout=120)
    try:
        row = con.execute("SELECT value FROM frontline_meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e):
            raise WorkFailed(f"{path}: cannot read the store ({e})") from None
        row = None
    except sqlite3.DatabaseError as e:
        raise WorkFailed(f"{path}: {_why(e)}") from None
    finally:
        con.close()
    if row is None:
        raise BadInput(f"{path}: a GeoPackage, but not a frontline store (no frontline_meta table)")
    if int(row[0]) > SCHEMA_VERSION:
        raise newer_schema(str(path), row[0])
    return int(row[0])
