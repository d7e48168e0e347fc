"""The interface every store backend implements, and everything built on it once: ingest, queries, snapshots,
dumps and loads. A backend supplies a connection, how it runs SQL and the few places its SQL differs
(geometry in and out, the spatial filter, date parameters, locks)."""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import math
from contextlib import AbstractContextManager
from typing import Any

from ..errors import BadInput
from ..distance import distance_km
from .schema import (LAYERS, SOURCE_FIELDS, IngestResult, canonical, iso, point_lat_lon, quoted,
                     same_layers, snapshot_rows, source_row, sql_value, unlocated)

__all__ = ["BaseStore", "front_edge_of"]


class BaseStore(abc.ABC):
    """A store: layers ``events``, ``claims``, ``snapshots`` and the table ``sources``. Use ``open_store``;
    close with ``close()`` or a ``with`` block. SQL is written once here with ``:name`` parameters; each backend
    runs it."""

    def __init__(self, url: str, name: str | None = None):
        self.url = url
        self.name = name or url
        """The store as messages and outputs show it (a database URL without its password)."""
        self._edges: dict[str, Any] = {}  # front_edge's lines per snapshot id

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what a backend implements -------------------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager:
        """One write transaction, yielding its connection: all of it lands, or none."""

    @abc.abstractmethod
    def _execute(self, sql: str, params: Any = None, con: Any = None) -> list[tuple]:
        """Run ``sql`` (``:name`` parameters; a list of dicts runs it once per dict) on ``con`` (or a
        connection of the store's own, outside any transaction); the rows it returns."""

    @abc.abstractmethod
    def _columns(self, table: str) -> set[str]:
        """The columns a table has in this store."""

    @abc.abstractmethod
    def _geom_in(self, rec: dict) -> Any:
        """A record's geometry as the parameter the backend stores (None without one)."""

    @abc.abstractmethod
    def _geom_out(self, value: Any) -> bytes | None:
        """The WKB of a value read through ``GEOM_SQL``."""

    @abc.abstractmethod
    def _bbox_filter(self, layer: str, bbox: tuple[float, float, float, float]) -> tuple[str, str, dict]:
        """(join, condition, parameters) keeping the rows of ``t`` whose box meets ``bbox`` (spatial index)."""

    GEOM_SQL = "{}geom"
    """The expression that reads the geometry column (``{}`` takes a table alias)."""
    GEOM_PARAM = ":geom"
    """The expression that writes the geometry parameter."""
    INSERT = "INSERT INTO {} ({}) VALUES ({})"
    """An insert that skips a row whose unique key is stored already."""

    def _param(self, name: str, typ: str) -> str:
        """The placeholder for a parameter of SQL type ``typ``."""
        return f":{name}"

    def _lock(self, con, key: str) -> None:
        """Serialise writers of ``key`` within the transaction (a GeoPackage's transaction locks the file)."""

    def _touch(self, con, tables) -> None:
        """Keep any metadata about the layers' changes current after writing them."""

    # -- documents -------------------------------------------------------------------------------------------

    def ingest(self, doc: dict, events: list[dict], claims: list[dict]) -> IngestResult:
        """Store one document's events and claims in one transaction; idempotent.

        ``doc`` has ``doc_id`` (content hash), ``doc_key`` (file name or URL), ``title``, ``date``, ``source``,
        ``path``, ``encoding``, ``chars``. Events and claims are records of the data model with ``lat``/``lon``
        (or a ``wkb`` geometry for polygons) or none. The same text again changes nothing; a changed text under
        the same key replaces the previous document's rows.
        """
        with self.transaction() as con:
            self._lock(con, doc["doc_key"])
            if self._execute("SELECT 1 FROM sources WHERE doc_id = :d", {"d": doc["doc_id"]}, con):
                return IngestResult(doc["doc_id"], "unchanged", 0, 0)
            old = [r[0] for r in self._execute("SELECT doc_id FROM sources WHERE doc_key = :k",
                                               {"k": doc["doc_key"]}, con)]
            for doc_id in old:
                for table in ("events", "claims", "sources"):
                    self._execute(f"DELETE FROM {table} WHERE doc_id = :d", {"d": doc_id}, con)
            self._insert(con, "events", events)
            self._insert(con, "claims", claims)
            self._insert(con, "sources", [source_row(doc, events, claims)])
            self._touch(con, ("events", "claims"))
        return IngestResult(doc["doc_id"], "replaced" if old else "added", len(events), len(claims), unlocated(events))

    def _insert(self, con, table: str, rows: list[dict]) -> None:
        """Add rows to a layer (skipping a row whose id is stored) or to ``sources``."""
        if not rows:
            return
        fields = SOURCE_FIELDS if table == "sources" else LAYERS[table][1]
        cols = list(fields)
        values = [self._param(f"p{n}", fields[c]) for n, c in enumerate(cols)]
        if table == "sources":
            sql = f"INSERT INTO sources ({quoted(cols)}) VALUES ({', '.join(values)})"
        else:
            sql = self.INSERT.format(f'"{table}"', "geom, " + quoted(cols), ", ".join([self.GEOM_PARAM, *values]))
        batch = []
        for r in rows:
            params = {f"p{n}": sql_value(r.get(c)) for n, c in enumerate(cols)}
            if table != "sources":
                params["geom"] = self._geom_in(r)
            batch.append(params)
        self._execute(sql, batch, con)

    # -- reading ---------------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in a layer or table."""
        if table not in (*LAYERS, "sources"):
            raise BadInput(f"no table {table!r}")
        return self._execute(f'SELECT count(*) FROM "{table}"')[0][0]

    def sources(self) -> list[dict]:
        """The documents ingested, newest first."""
        rows = self._execute(f"SELECT {quoted(SOURCE_FIELDS)} FROM sources ORDER BY ingested_at DESC")
        return [{k: iso(v) for k, v in zip(SOURCE_FIELDS, r)} for r in rows]

    def fields(self, layer: str) -> list[str]:
        """The attribute fields of a layer this store holds: one written before a field was added lacks it
        until a writer opens it (readers see it as None)."""
        have = self._columns(layer)
        return [f for f in LAYERS[layer][1] if f in have]

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
        where, params, join = [], {}, ""
        if bbox is not None:
            join, cond, params = self._bbox_filter(layer, bbox)
            where.append(cond)
        if since:
            where.append(f't."end" >= {self._param("since", "DATE")}')
            params["since"] = since
        if until:
            where.append(f't."start" <= {self._param("until", "DATE")}')
            params["until"] = until
        if types:
            names = [f"ty{n}" for n in range(len(types))]
            where.append(f"t.{'type' if layer == 'events' else 'action'} IN ({', '.join(':' + n for n in names)})")
            params.update(zip(names, types))
        if doc_id:
            where.append("t.doc_id = :doc")
            params["doc"] = doc_id
        return self._rows(layer, f"{join}{' WHERE ' + ' AND '.join(where) if where else ''}", params,
                          'ORDER BY t."start", t.fid')

    def dump(self, layer: str) -> list[dict]:
        """Every row of a layer (with ``wkb``) or of ``sources``."""
        if layer == "sources":
            return self.sources()
        return self._rows(layer, "", {}, "ORDER BY t.fid")

    def _rows(self, layer: str, where: str, params: dict, order: str) -> list[dict]:
        """A layer's records (fields this store lacks as None) for a join/filter and an order."""
        fields = self.fields(layer)
        absent = dict.fromkeys(f for f in LAYERS[layer][1] if f not in fields)
        sql = f'SELECT {self.GEOM_SQL.format("t.")}, {quoted(fields, "t.")} FROM "{layer}" t{where} {order}'
        out = []
        for row in self._execute(sql, params):
            rec = {k: iso(v) for k, v in zip(fields, row[1:])}
            rec.update(absent)
            rec.update(point_lat_lon(self._geom_out(row[0])))
            out.append(rec)
        return out

    def load(self, tables: dict[str, list[dict]]) -> None:
        """Add rows to layers and ``sources`` in one transaction (a migration's writing half)."""
        with self.transaction() as con:
            for layer, rows in tables.items():
                self._insert(con, layer, rows)
            self._touch(con, [t for t in tables if t != "sources"])

    def checksum(self, layer: str) -> tuple[int, str]:
        """(rows, sha256) of a layer or the sources table, independent of row order and backend: what a
        migration must keep."""
        rows = self.dump(layer)
        digest = hashlib.sha256()
        for line in sorted(canonical(r) for r in rows):
            digest.update(line.encode("utf-8"))
        return len(rows), digest.hexdigest()

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

    # -- snapshots -------------------------------------------------------------------------------------------

    def snapshot_list(self) -> list[dict]:
        """One record per stored snapshot: id, map time, source, areas per status and the occupied total."""
        from ..territory import OCCUPIED

        out: dict[str, dict] = {}
        for sid, t, src, status, area in self._execute(
                "SELECT snapshot_id, map_time, source, status, area_km2 FROM snapshots ORDER BY map_time, fid"):
            rec = out.setdefault(sid, {"snapshot_id": sid, "map_time": iso(t), "source": src, "areas": {}})
            rec["areas"][status] = area
        for rec in out.values():
            a = rec["areas"]
            rec["occupied_km2"] = round(sum(a.get(s) or 0.0 for s in OCCUPIED), 3)
            rec["grey_km2"] = a.get("grey")
        return sorted(out.values(), key=lambda r: r["map_time"])

    def _snapshot_geoms(self, snapshot_id: str, con=None) -> list[tuple[str, bytes]]:
        """(status, WKB) of a stored snapshot's rows."""
        return [(status, self._geom_out(g)) for status, g in
                self._execute(f"SELECT status, {self.GEOM_SQL.format('')} FROM snapshots WHERE snapshot_id = :s",
                              {"s": snapshot_id}, con)]

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
                self._lock(con, snap.snapshot_id)
                stored = self._snapshot_geoms(snap.snapshot_id, con)
                if not stored:
                    statuses.append("added")
                elif same_layers(stored, snap.layers):
                    statuses.append("unchanged")
                elif replace:
                    statuses.append("replaced")
                else:
                    raise BadInput(f"{snap.path or snap.source}: the store already holds a different map from "
                                   f"{snap.source} at {snap.map_time}: give --replace to overwrite it")
            written = [snap for snap, status in zip(snaps, statuses) if status != "unchanged"]
            for snap in written:
                self._execute("DELETE FROM snapshots WHERE snapshot_id = :s", {"s": snap.snapshot_id}, con)
                self._insert(con, "snapshots", snapshot_rows(snap))
            if written:
                self._touch(con, ("snapshots",))
        return statuses

    def get_snapshot(self, when: str):
        """The stored snapshot whose map time is ``when`` or starts with it (the latest of a day given as a
        date); ``BadInput`` listing what the store holds otherwise."""
        listed = self.snapshot_list()
        cands = [r for r in listed if r["map_time"].startswith(when) or r["map_time"] == when]
        if not cands:
            times = ", ".join(r["map_time"] for r in listed) or "none"
            raise BadInput(f"no snapshot at {when!r} in {self.name}; it holds: {times}")
        return self.snapshot(cands[-1])

    def snapshot(self, rec: dict):
        """The snapshot of a ``snapshot_list`` record, read by its id (no listing: a history is read map by map
        in linear time)."""
        import shapely

        from ..territory import Snapshot

        layers = {status: shapely.from_wkb(wkb) for status, wkb in self._snapshot_geoms(rec["snapshot_id"])}
        kind = "plain" if set(layers) == {"occupied"} else "feed"
        return Snapshot(rec["map_time"], rec["source"], layers, source_kind=kind, path=self.name)

    def front_edge(self, date: str, max_days: int = 90):
        """The edge of the occupied area and grey zone in the latest snapshot at or before ``date`` (within
        ``max_days``), as WGS84 lines: where the fighting is, for the geoparser. None without one."""
        return front_edge_of(self, date, max_days, self._edges)


def front_edge_of(snapshots, date: str, max_days: int = 90, cache: dict | None = None):
    """``BaseStore.front_edge`` for anything with ``snapshot_list()`` and ``get_snapshot(map_time)``; the
    lines kept in ``cache`` (by snapshot id) when one is given."""
    import shapely

    from ..territory import OCCUPIED

    snaps = [r for r in snapshots.snapshot_list() if r["map_time"][:10] <= date]
    if not snaps:
        return None
    last = snaps[-1]
    age = (dt.date.fromisoformat(date) - dt.date.fromisoformat(last["map_time"][:10])).days
    if age > max_days:
        return None
    cache = {} if cache is None else cache
    if last["snapshot_id"] not in cache:
        snap = snapshots.get_snapshot(last["map_time"])
        parts = [snap.layers[s] for s in (*OCCUPIED, "grey") if s in snap.layers]
        cache[last["snapshot_id"]] = shapely.union_all(parts).boundary if parts else None
    return cache[last["snapshot_id"]]
