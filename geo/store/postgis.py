"""The PostGIS store backend, for teams: the same layers and behaviour as the GeoPackage store.

``--store postgresql://user@host/db`` (or ``FRONTLINE_STORE``). Tables ``events``, ``claims``, ``snapshots``
(geometry in EPSG:4326 with GIST indexes, ``start``/``end`` as DATE), ``sources`` and ``frontline_meta``
(schema version), created on first use. Connections through SQLAlchemy (psycopg 3); every value is a bound
parameter, never formatted into SQL.

Each document's ingest is one transaction holding an advisory lock on the document's key: concurrent ingests of
different documents run side by side; two ingests of the same document take turns, and the second finds it
already there. A killed process's transaction is rolled back by the server.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from ..errors import BadInput, WorkFailed
from .base import BaseStore
from .schema import LAYERS, SCHEMA_VERSION, SOURCE_FIELDS, added_columns, index_ddl, newer_schema, record_wkb

__all__ = ["PostgisStore", "open_postgis", "is_postgres_url", "redact"]

_PG_TYPES = {"TEXT NOT NULL UNIQUE": "TEXT NOT NULL UNIQUE", "TEXT NOT NULL": "TEXT NOT NULL", "TEXT": "TEXT",
             "DATE": "DATE", "DATETIME": "TEXT", "INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION",
             "TEXT PRIMARY KEY": "TEXT PRIMARY KEY"}
_GEOM_TYPES = {"POINT": "Point", "GEOMETRY": "Geometry", "MULTIPOLYGON": "MultiPolygon"}


def is_postgres_url(url: str) -> bool:
    """Whether a --store value names a PostgreSQL database."""
    return str(url).startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def redact(url: str) -> str:
    """A database URL as messages show it: the password replaced by ``***``.

    >>> redact("postgresql://frontline:s3cret@db:5432/tracker")
    'postgresql://frontline:***@db:5432/tracker'
    """
    return re.sub(r"^([a-z+]+://[^:/@]*:)[^/]*@", r"\1***@", str(url))


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
    cols = ", ".join(f'"{k}" {_PG_TYPES[v]}' for k, v in SOURCE_FIELDS.items())
    return out + [f"CREATE TABLE IF NOT EXISTS sources ({cols})"] + index_ddl()


class PostgisStore(BaseStore):
    """The store in a PostGIS database."""

    GEOM_SQL = "ST_AsBinary({}geom)"
    GEOM_PARAM = "ST_GeomFromWKB(:geom, 4326)"
    INSERT = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING"

    def __init__(self, url: str, engine):
        super().__init__(url, redact(url))
        self._engine = engine

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator:
        """One transaction: all of it lands, or none."""
        with self._engine.begin() as con:
            yield con

    def _execute(self, sql, params=None, con=None) -> list[tuple]:
        from sqlalchemy import text

        if con is None:
            with self._engine.connect() as own:
                return self._execute(sql, params, own)
        res = con.execute(text(sql), params or {})
        return res.fetchall() if res.returns_rows else []

    def _columns(self, table: str) -> set[str]:
        return {r[0] for r in self._execute("SELECT column_name FROM information_schema.columns "
                                            "WHERE table_schema = current_schema() AND table_name = :t", {"t": table})}

    def _param(self, name: str, typ: str) -> str:
        return f"CAST(:{name} AS DATE)" if typ == "DATE" else f":{name}"

    def _lock(self, con, key: str) -> None:
        self._execute("SELECT pg_advisory_xact_lock(hashtext(:k))", {"k": key}, con)

    def _geom_in(self, rec: dict) -> bytes | None:
        import shapely

        g = record_wkb(rec)
        return None if g is None else shapely.to_wkb(g, byte_order=1)

    def _geom_out(self, value) -> bytes | None:
        return None if value is None else bytes(value)

    def _bbox_filter(self, layer, bbox):
        return ("", "t.geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)",
                {"x0": bbox[0], "y0": bbox[1], "x1": bbox[2], "y1": bbox[3]})


def open_postgis(url: str, create: bool = True) -> PostgisStore:
    """Connect to (and on first use set up) a PostGIS store; ``WorkFailed`` when the server cannot be
    reached, ``BadInput`` for a database written by a newer frontline. A writer (``create``) gives an older
    store the columns its layers lack; a reader changes nothing."""
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError
    except ImportError:  # pragma: no cover
        raise WorkFailed("PostGIS stores need SQLAlchemy and psycopg: pip install 'frontline[postgis]'") from None
    try:
        engine = create_engine(_engine_url(url), pool_pre_ping=True, future=True)
    except (ArgumentError, ImportError, ValueError) as e:
        raise BadInput(f"{redact(url)}: not a database URL frontline can use ({type(e).__name__})") from None
    try:
        with engine.begin() as con:
            con.execute(text("SELECT pg_advisory_xact_lock(hashtext('frontline schema'))"))
            has_meta = con.execute(text("SELECT to_regclass('frontline_meta')")).scalar()
            if has_meta is None:
                if not create:
                    raise BadInput(f"{redact(url)}: no frontline store in this database")
                for stmt in _ddl():
                    con.execute(text(stmt))
                con.execute(text("INSERT INTO frontline_meta VALUES ('schema_version', :v) ON CONFLICT DO NOTHING"),
                            {"v": str(SCHEMA_VERSION)})
            version = con.execute(text("SELECT value FROM frontline_meta WHERE key = 'schema_version'")).scalar()
            if create and version is not None and int(version) <= SCHEMA_VERSION:
                _upgrade(con, text)
    except (OperationalError, ProgrammingError) as e:
        engine.dispose()
        why = str(getattr(e, "orig", e)).strip().splitlines()[0].replace(url, redact(url))
        raise WorkFailed(f"{redact(url)}: cannot use the database ({why})") from None
    if version is not None and int(version) > SCHEMA_VERSION:
        engine.dispose()
        raise newer_schema(redact(url), version)
    return PostgisStore(url, engine)


def _upgrade(con, text) -> None:
    """Add whatever columns the layers lack (whatever the version number says) and record the version, inside
    the caller's transaction; nothing is written when nothing is missing."""
    rows = con.execute(text("SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema()"))
    existing: dict[str, set[str]] = {}
    for table, column in rows:
        existing.setdefault(table, set()).add(column)
    missing = added_columns(existing)
    for layer, col, typ in missing:
        con.execute(text(f'ALTER TABLE "{layer}" ADD COLUMN IF NOT EXISTS "{col}" {_PG_TYPES[typ]}'))
    con.execute(text("UPDATE frontline_meta SET value = :v WHERE key = 'schema_version' AND value <> :v"),
                {"v": str(SCHEMA_VERSION)})
