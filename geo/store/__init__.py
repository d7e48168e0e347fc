"""The store: events, claims, territory snapshots and the documents ingested, in a GeoPackage file by default
(``gpkg``) or a PostGIS database for teams (``postgis``). Both backends share one schema (``schema``) and one
interface (``base.BaseStore``), on which ingest, queries, snapshots and migration are written once.

Writes are idempotent and all-or-nothing:

- a document is known by its content hash (``doc_id``); ingesting the same text again changes nothing;
- a document under the same key (its file name or URL) with a changed text replaces its previous events and
  claims, in the same transaction that adds the new ones;
- every ingest is one transaction: a process killed midway leaves the store as it was, and concurrent ingests
  of one document take turns instead of failing.

The store is chosen by ``--store PATH|URL``, else ``FRONTLINE_STORE``, else ``data/tracker.gpkg``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BadInput, WorkFailed
from .base import BaseStore, front_edge_of
from .gpkg import GpkgStore, blob_wkb, gpkg_blob, open_gpkg
from .postgis import PostgisStore, is_postgres_url, open_postgis
from .schema import (LAYERS, MIGRATED, SCHEMA_VERSION, IngestResult, added_columns, default_store, snapshot_rows,
                     source_row, unlocated)

__all__ = ["open_store", "default_store", "migrate", "is_postgres_url", "BaseStore", "GpkgStore", "PostgisStore",
           "Store", "IngestResult", "LAYERS", "SCHEMA_VERSION", "MIGRATED", "front_edge_of", "gpkg_blob",
           "blob_wkb", "added_columns", "source_row", "unlocated", "snapshot_rows"]

Store = GpkgStore
"""The GeoPackage store under its earlier name."""


def open_store(url: str | Path | None = None, create: bool = True) -> BaseStore:
    """Open (and if need be create) the store at ``url``: a GeoPackage path, or a ``postgresql://`` URL
    (default ``default_store()``). With ``create=False`` the store must exist and is only read (a GeoPackage
    is opened read-only). A writer gives an older store the columns it lacks; a reader never changes it.

    Refuses, with ``BadInput`` naming it, a file that is not a GeoPackage, a GeoPackage that is not a frontline
    store, or a store written by a newer schema version; none of them is modified.
    """
    if url is not None and not str(url).strip():
        raise BadInput("--store: empty: give a GeoPackage path or a postgresql:// URL (or leave --store out for "
                       "$FRONTLINE_STORE, else data/tracker.gpkg)")
    url = str(url or default_store())
    if is_postgres_url(url):
        return open_postgis(url, create)
    return open_gpkg(Path(url), create)


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
