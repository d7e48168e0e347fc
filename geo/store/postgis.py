"""The store on PostgreSQL with PostGIS, for teams: the same layers and behaviour as the GeoPackage store.

``--store postgresql://user@host/db`` (or ``FRONTLINE_STORE``). Tables ``events``, ``claims``, ``snapshots``
(geometry in EPSG:4326 with GIST indexes, ``start``/``end`` as DATE), ``sources`` and ``frontline_meta``
(schema version), created on first use. Connections through SQLAlchemy (psycopg 3); every value is a bound
parameter, never formatted into SQL.

Each document's ingest is one transaction holding an advisory lock on the document's key: concurrent ingests of
different documents run side by side; two ingests of the same document take turns, and the second finds it
already there. A killed process's transaction is rolled back by the server.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Iterator

from .errors import BadInput, WorkFailed
from .store import (_CLAIM_FIELDS, _EVENT_FIELDS, _SNAPSHOT_FIELDS, _SOURCE_FIELDS, LAYERS, SCHEMA_VERSION,
                    BaseStore, IngestResult, _geom_blob, _value, added_columns, blob_wkb, snapshot_rows, source_row,
                    unlocated)

__all__ = ["PostgisStore", "open_postgis", "is_postgres_url"]

_PG_TYPES = {"TEXT NOT NULL UNIQUE": "TEXT NOT NULL UNIQUE", "TEXT NOT NULL": "TEXT NOT NULL", "TEXT": "TEXT",
             "DATE": "DATE", "DATETIME": "TEXT", "INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION",
             "TEXT PRIMARY KEY": "TEXT PRIMARY KEY"}
_GEOM_TYPES = {"POINT": "Point", "GEOMETRY": "Geometry", "MULTIPOLYGON": "MultiPolygon"}


def is_postgres_url(url: str) -> bool:
    """Whether a --store value names a PostgreSQL database."""
    return str(url).startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def _engine_url(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _ddl() -> list[str]:
    out = ["CREATE EXTENSION IF NOT EXISTS postgis",
           "CREATE TABLE IF NOT EXISTS frontline_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"]
    for table, (gtype, fields) in LAYERS.items():
        cols = ", ".join(f'"{k}" {_PG_TYPES[v]}' for k, v in fields.items())
        out += [f'CREATE TABLE IF NOT EXISTS "{table}" (fid BIGSERIAL PRIMARY KEY, '
                f'geom geometry({_GEOM_TYPES[gtype]}, 4326), {cols})',
                f'CREATE INDEX IF NOT EXISTS "{table}_geom_gist" ON "{table}" USING GIST (geom)']
    cols = ", ".join(f'"{k}" {_PG_TYPES[v]}' for k, v in _SOURCE_FIELDS.items())
    out += [f"CREATE TABLE IF NOT EXISTS sources ({cols})",
            "CREATE INDEX IF NOT EXISTS sources_key ON sources (doc_key)",
            "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
            'CREATE INDEX IF NOT EXISTS events_start ON events ("start", "end")',
            "CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc_id)",
            'CREATE INDEX IF NOT EXISTS claims_start ON claims ("start", "end")',
            "CREATE INDEX IF NOT EXISTS snapshots_time ON snapshots (map_time, status)"]
    return out


def _iso(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


class PostgisStore(BaseStore):
    """The store in a PostGIS database."""

    def __init__(self, url: str, engine):
        self.url = url
        self._engine = engine

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator:
        """One transaction: all of it lands, or none."""
        with self._engine.begin() as con:
            yield con

    def _run(self, sql: str, params=None):
        from sqlalchemy import text

        with self._engine.connect() as con:
            return con.execute(text(sql), params or {}).fetchall()

    # -- documents ---------------------------------------------------------------------------------------

    def ingest(self, doc: dict, events: list[dict], claims: list[dict]) -> IngestResult:
        """Store one document's events and claims in one transaction; idempotent (see the module doc)."""
        from sqlalchemy import text

        with self.transaction() as con:
            con.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": doc["doc_key"]})
            if con.execute(text("SELECT 1 FROM sources WHERE doc_id = :d"), {"d": doc["doc_id"]}).first():
                return IngestResult(doc["doc_id"], "unchanged", 0, 0)
            old = [r[0] for r in con.execute(text("SELECT doc_id FROM sources WHERE doc_key = :k"), {"k": doc["doc_key"]})]
            for doc_id in old:
                for table in ("events", "claims", "sources"):
                    con.execute(text(f"DELETE FROM {table} WHERE doc_id = :d"), {"d": doc_id})
            self._insert(con, "events", _EVENT_FIELDS, events)
            self._insert(con, "claims", _CLAIM_FIELDS, claims)
            self._insert_sources(con, [source_row(doc, events, claims)])
        return IngestResult(doc["doc_id"], "replaced" if old else "added", len(events), len(claims), unlocated(events))

    def _insert(self, con, table: str, fields: dict, rows: list[dict]) -> None:
        from sqlalchemy import text

        if not rows:
            return
        cols = list(fields)
        names = ", ".join(f'"{c}"' for c in cols)
        values = ", ".join(f"CAST(:p{n} AS DATE)" if fields[c] == "DATE" else f":p{n}" for n, c in enumerate(cols))
        sql = text(f'INSERT INTO "{table}" (geom, {names}) VALUES (ST_GeomFromWKB(:wkb, 4326), {values}) '
                   f'ON CONFLICT DO NOTHING')
        batch = []
        for r in rows:
            blob = _geom_blob(r)
            params = {"wkb": blob_wkb(blob) if blob is not None else None}
            params.update({f"p{n}": _value(r.get(c)) for n, c in enumerate(cols)})
            batch.append(params)
        con.execute(sql, batch)

    def _insert_sources(self, con, rows: list[dict]) -> None:
        from sqlalchemy import text

        cols = list(_SOURCE_FIELDS)
        values = ", ".join(f"CAST(:{c} AS DATE)" if _SOURCE_FIELDS[c] == "DATE" else f":{c}" for c in cols)
        con.execute(text(f"INSERT INTO sources ({', '.join(cols)}) VALUES ({values})"),
                    [{c: _value(r.get(c)) for c in cols} for r in rows])

    # -- reading -----------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in a layer or table."""
        if table not in (*LAYERS, "sources"):
            raise BadInput(f"no table {table!r}")
        return self._run(f'SELECT count(*) FROM "{table}"')[0][0]

    def sources(self) -> list[dict]:
        """The documents ingested, newest first."""
        rows = self._run(f"SELECT {', '.join(_SOURCE_FIELDS)} FROM sources ORDER BY ingested_at DESC")
        return [{k: _iso(v) for k, v in zip(_SOURCE_FIELDS, r)} for r in rows]

    def fields(self, layer: str) -> list[str]:
        """The attribute fields of a layer this database holds (one written before a field was added lacks it;
        readers see it as None)."""
        have = {r[0] for r in self._run("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = current_schema() AND table_name = :t", {"t": layer})}
        return [f for f in LAYERS[layer][1] if f in have]

    def _select(self, layer, since, until, types, bbox, doc_id) -> list[dict]:
        fields = self.fields(layer)
        absent = dict.fromkeys(f for f in LAYERS[layer][1] if f not in fields)
        where, params = [], {}
        if bbox is not None:
            where.append("t.geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)")
            params.update(x0=bbox[0], y0=bbox[1], x1=bbox[2], y1=bbox[3])
        if since:
            where.append('t."end" >= CAST(:since AS DATE)')
            params["since"] = since
        if until:
            where.append('t."start" <= CAST(:until AS DATE)')
            params["until"] = until
        if types:
            names = [f"ty{n}" for n in range(len(types))]
            where.append(f"t.{'type' if layer == 'events' else 'action'} IN ({', '.join(':' + n for n in names)})")
            params.update(dict(zip(names, types)))
        if doc_id:
            where.append("t.doc_id = :doc")
            params["doc"] = doc_id
        sql = (f'SELECT ST_AsBinary(t.geom), {", ".join(chr(34) + f + chr(34) for f in fields)} FROM "{layer}" t'
               + (" WHERE " + " AND ".join(where) if where else "") + ' ORDER BY t."start", t.fid')
        return [{**self._record(fields, row), **absent} for row in self._run(sql, params)]

    @staticmethod
    def _record(fields: list[str], row) -> dict:
        import shapely

        rec = {k: _iso(v) for k, v in zip(fields, row[1:])}
        wkb = bytes(row[0]) if row[0] is not None else None
        rec["wkb"] = wkb
        rec["lat"] = rec["lon"] = None
        if wkb is not None:
            g = shapely.from_wkb(wkb)
            if g.geom_type == "Point":
                rec["lon"], rec["lat"] = g.x, g.y
        return rec

    # -- snapshots ---------------------------------------------------------------------------------------

    def _write_snapshot(self, con, snap) -> None:
        """Replace the rows of a snapshot's source and map time with its rows (inside a transaction)."""
        from sqlalchemy import text

        con.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": snap.snapshot_id})
        con.execute(text("DELETE FROM snapshots WHERE snapshot_id = :s"), {"s": snap.snapshot_id})
        self._insert(con, "snapshots", _SNAPSHOT_FIELDS, snapshot_rows(snap))

    def _snapshot_records(self):
        return self._run("SELECT snapshot_id, map_time, source, status, area_km2 FROM snapshots ORDER BY map_time, fid")

    def _snapshot_geoms(self, snapshot_id: str):
        return [(status, bytes(wkb)) for status, wkb in
                self._run("SELECT status, ST_AsBinary(geom) FROM snapshots WHERE snapshot_id = :s", {"s": snapshot_id})]

    # -- whole layers (migration) -----------------------------------------------------------------------

    def dump(self, layer: str) -> list[dict]:
        """Every row of a layer (with ``wkb``) or of ``sources``."""
        if layer == "sources":
            return self.sources()
        fields = self.fields(layer)
        sql = f'SELECT ST_AsBinary(geom), {", ".join(chr(34) + f + chr(34) for f in fields)} FROM "{layer}" ORDER BY fid'
        return [self._record(fields, row) for row in self._run(sql)]

    def load(self, tables: dict[str, list[dict]]) -> None:
        """Add rows to layers and ``sources`` in one transaction."""
        with self.transaction() as con:
            for layer, rows in tables.items():
                if layer == "sources":
                    if rows:
                        self._insert_sources(con, rows)
                else:
                    self._insert(con, layer, LAYERS[layer][1], rows)


def open_postgis(url: str, create: bool = True) -> PostgisStore:
    """Connect to (and on first use set up) a PostGIS store; ``WorkFailed`` when the server cannot be
    reached, ``BadInput`` for a database written by a newer frontline."""
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import OperationalError, ProgrammingError
    except ImportError:  # pragma: no cover
        raise WorkFailed("PostGIS stores need SQLAlchemy and psycopg: pip install 'frontline[postgis]'") from None
    engine = create_engine(_engine_url(url), pool_pre_ping=True, future=True)
    try:
        with engine.begin() as con:
            con.execute(text("SELECT pg_advisory_xact_lock(hashtext('frontline schema'))"))
            has_meta = con.execute(text("SELECT to_regclass('frontline_meta')")).scalar()
            if has_meta is None:
                if not create:
                    raise BadInput(f"{url}: no frontline store in this database")
                for stmt in _ddl():
                    con.execute(text(stmt))
                con.execute(text("INSERT INTO frontline_meta VALUES ('schema_version', :v) ON CONFLICT DO NOTHING"),
                            {"v": str(SCHEMA_VERSION)})
            version = con.execute(text("SELECT value FROM frontline_meta WHERE key = 'schema_version'")).scalar()
            if version is not None and int(version) < SCHEMA_VERSION:  # an older store gains the new columns
                rows = con.execute(text("SELECT table_name, column_name FROM information_schema.columns "
                                        "WHERE table_schema = current_schema()"))
                existing: dict[str, set[str]] = {}
                for table, column in rows:
                    existing.setdefault(table, set()).add(column)
                for layer, col, typ in added_columns(existing):
                    con.execute(text(f'ALTER TABLE "{layer}" ADD COLUMN IF NOT EXISTS "{col}" {_PG_TYPES[typ]}'))
                con.execute(text("UPDATE frontline_meta SET value = :v WHERE key = 'schema_version'"),
                            {"v": str(SCHEMA_VERSION)})
                version = str(SCHEMA_VERSION)
    except (OperationalError, ProgrammingError) as e:
        engine.dispose()
        raise WorkFailed(f"{url}: cannot use the database ({str(e.orig).strip().splitlines()[0]})") from None
    if version is not None and int(version) > SCHEMA_VERSION:
        engine.dispose()
        raise BadInput(f"{url}: written by a newer frontline (schema version {version}, this one reads "
                       f"{SCHEMA_VERSION}); upgrade frontline to use it")
    return PostgisStore(url, engine)
