"""Ingest: article files -> events and claims in the store.

Every file is read and checked (text, encoding, date) before anything is written, so bad input changes
nothing; each document then lands in one transaction of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .documents import Document, article_date, read_document
from .errors import BadInput
from .store import BaseStore, IngestResult

__all__ = ["prepare", "ingest_documents", "Prepared", "Extracted", "extract_task", "extract_batch"]


@dataclass(frozen=True)
class Prepared:
    """A document ready to ingest: its text, date and source settled."""

    doc: Document
    date: str
    source: str
    key: str


def prepare(paths: Iterable[str | Path], date: str | None = None, source: str | None = None) -> list[Prepared]:
    """Read and check every file; ``BadInput`` on the first that cannot be ingested (nothing written yet),
    or on a file named twice or two files of one name (a document's key is its file name).

    The date and source come from the file's sidecar or front matter, else from ``date``/``source``.
    """
    flag_date = article_date(date) if date else None
    out = []
    keys: dict[str, Path] = {}
    for p in paths:
        key = Path(p).name
        if key in keys:
            same = os.path.realpath(p) == os.path.realpath(keys[key])
            raise BadInput(f"{p}: named twice in one command" if same else
                           f"{p}: the same file name as {keys[key]} (documents are known by their file name)")
        keys[key] = Path(p)
        doc = read_document(p)
        d = doc.date or flag_date
        if not d:
            raise BadInput(f"{p}: no date: give --date YYYY-MM-DD, or a sidecar {Path(p).with_suffix('.json').name} "
                           f"with {{\"date\": \"YYYY-MM-DD\", \"source\": \"...\"}}, or front matter 'date: YYYY-MM-DD'")
        s = doc.source or source
        if not s:
            raise BadInput(f"{p}: no source: give --source NAME, or \"source\" in its sidecar or front matter")
        if not doc.text.strip():
            raise BadInput(f"{p}: empty: no text to read")
        out.append(Prepared(doc, d, s, Path(p).name))
    return out


@dataclass(frozen=True)
class Extracted:
    """One article read: its events and claims (``events.extract``) and the place mentions the geoparser
    found in it, against the front of its date (``geoparse.geoparse``), which the events were read from."""

    events: list[dict]
    claims: list[dict]
    mentions: list[dict]


def extract_task(payload: tuple) -> Extracted:
    """One article read: (text, date, doc_id, source, front) in; the task a cluster's workers run."""
    from .events import extract
    from .geoparse import geoparse

    text, date, doc_id, source, front = payload
    mentions = geoparse(text, front=front)
    events, claims = extract(text, date, doc_id, source, mentions=mentions)
    return Extracted(events, claims, mentions)


def extract_batch(payloads: list[tuple]) -> list[Extracted]:
    """Several articles per task: fewer round trips to the scheduler."""
    return [extract_task(p) for p in payloads]


def ingest_documents(store: BaseStore, docs: list[Prepared],
                     progress: Callable[[int, int, Prepared, IngestResult], None] | None = None,
                     client=None, batch: int = 200,
                     found: Callable[[Prepared, list[dict]], None] | None = None) -> list[IngestResult]:
    """Extract and store each prepared document (one transaction each); idempotent.

    With a dask.distributed ``client`` (``geo.cluster.scheduler``) the extraction runs on the cluster, a batch
    of documents at a time; the store is still written here, document by document, in input order.
    ``found(doc, mentions)`` hears, in input order, each document's place mentions as its extraction read
    them (a document already stored is read too), so no caller geoparses an article again.
    """
    from .cluster import pipeline

    # where the front was on each article's date, when the store has territory snapshots (once per date)
    fronts = {d: store.front_edge(d) for d in {p.date for p in docs}}
    payloads = [(p.doc.text, p.date, p.doc.doc_id, p.source, fronts[p.date]) for p in docs]
    # on a cluster the workers extract ahead, a few articles per task, while this process writes in order
    size = 20 if client is not None else 1
    chunks = (payloads[k:k + size] for k in range(0, len(payloads), size))
    extracted = (r for rs in pipeline(client, extract_batch, chunks, ahead=max(2, batch // size)) for r in rs)
    results = []
    for n, (p, ex) in enumerate(zip(docs, extracted), 1):
        meta = {"doc_id": p.doc.doc_id, "doc_key": p.key, "title": p.doc.title, "date": p.date,
                "source": p.source, "path": p.doc.path, "encoding": p.doc.encoding, "chars": len(p.doc.text)}
        res = store.ingest(meta, ex.events, ex.claims)
        results.append(res)
        if found is not None:
            found(p, ex.mentions)
        if progress is not None:
            progress(n, len(docs), p, res)
    return results
