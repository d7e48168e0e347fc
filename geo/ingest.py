"""Ingest: article files -> events and claims in the store.

Every file is read and checked (text, encoding, date) before anything is written, so bad input changes
nothing; each document then lands in one transaction of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .documents import Document, parse_date, read_document
from .errors import BadInput
from .events import extract
from .geoparse import geoparse
from .store import IngestResult, Store

__all__ = ["prepare", "ingest_documents", "Prepared"]


@dataclass(frozen=True)
class Prepared:
    """A document ready to ingest: its text, date and source settled."""

    doc: Document
    date: str
    source: str
    key: str


def prepare(paths: Iterable[str | Path], date: str | None = None, source: str | None = None) -> list[Prepared]:
    """Read and check every file; ``BadInput`` on the first that cannot be ingested (nothing written yet).

    The date and source come from the file's sidecar or front matter, else from ``date``/``source``.
    """
    flag_date = parse_date(date) if date else None
    out = []
    for p in paths:
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


def ingest_documents(store: Store, docs: list[Prepared],
                     progress: Callable[[int, int, Prepared, IngestResult], None] | None = None) -> list[IngestResult]:
    """Extract and store each prepared document (one transaction each); idempotent."""
    results = []
    for n, p in enumerate(docs, 1):
        text = p.doc.text
        # where the front was on the article's date, when the store has territory snapshots
        mentions = geoparse(text, front=store.front_edge(p.date))
        events, claims = extract(text, p.date, p.doc.doc_id, p.source, mentions=mentions)
        meta = {"doc_id": p.doc.doc_id, "doc_key": p.key, "title": p.doc.title, "date": p.date, "source": p.source,
                "path": p.doc.path, "encoding": p.doc.encoding, "chars": len(text)}
        res = store.ingest(meta, events, claims)
        results.append(res)
        if progress is not None:
            progress(n, len(docs), p, res)
    return results
