"""Snapshot jobs behind the command line: import files into a store, pull DeepStateMap maps (one, or a
history), and find the two maps a diff compares (files, or map times in a store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

from .errors import BadInput
from .vocab import STATUSES  # territory.STATUSES, without loading territory

__all__ = ["parse_status_map", "import_files", "pull_one", "pull_history", "snapshot_pair", "STATUS_WORDS"]

STATUS_WORDS = STATUSES + ("drop",)
"""What a status word of ``--status-map`` may map to."""


def parse_status_map(value: Optional[str]) -> Optional[dict]:
    """``WORD=STATUS,...`` as a dict; ``BadInput`` naming the pair that is not one.

    >>> parse_status_map("Russian held=occupied, contested = grey")
    {'Russian held': 'occupied', 'contested': 'grey'}
    """
    if not value:
        return None
    out = {}
    for pair in value.split(","):
        word, sep, status = pair.partition("=")
        if not sep or status.strip() not in STATUS_WORDS:
            raise BadInput(f"--status-map: {pair!r}: give WORD=STATUS pairs, STATUS one of "
                           f"{', '.join(STATUS_WORDS)}")
        out[word.strip()] = status.strip()
    return out


def import_files(files: list[Path], store: Optional[str], source: Optional[str] = None, time: Optional[str] = None,
                 status_map: Optional[str] = None, drop_unknown: bool = False, crs: Optional[str] = None,
                 replace: bool = False) -> list[tuple]:
    """Read every file (all checked before any is stored), then store them: (snapshot, status) per file."""
    from .store import open_store
    from .territory import parse_time, read_snapshots

    smap = parse_status_map(status_map)
    if time is not None:
        parse_time(time)
    snaps = read_snapshots(files, source, time, smap, drop_unknown, crs)
    with open_store(store) as st:
        statuses = st.put_snapshots(snaps, replace)
    return list(zip(snaps, statuses))


def pull_one(time: str, store: Optional[str]) -> tuple:
    """One DeepStateMap map, the latest or the last at or before ``time``, into the store: (snapshot, status,
    cached file)."""
    from .fetch import deepstate_feed
    from .store import open_store
    from .territory import from_feed

    feed, map_time, cached = deepstate_feed(time)
    snap = from_feed(feed, map_time, "DeepStateMap", str(cached))
    with open_store(store) as st:
        status = st.put_snapshot(snap)
    return snap, status, cached


def pull_history(since: str, until: Optional[str], every: str, store: Optional[str],
                 progress: Callable[[int, int, Optional[str], str], None]) -> dict:
    """DeepStateMap's last map of each day, week or month from ``since`` to ``until`` (default today) into the
    store, skipping the maps it holds; what was added and skipped."""
    from .documents import parse_date
    from .fetch import deepstate_maps
    from .store import open_store
    from .territory import from_feed

    since = parse_date(since, "--from")
    until = parse_date(until, "--to") if until else dt.date.today().isoformat()
    if until < since:
        raise BadInput(f"--to {until} is before --from {since}")
    skipped = [0]

    def counted(done: int, total: int, map_time: Optional[str], what: str) -> None:
        if map_time is None:
            skipped[0] = done
        progress(done, total, map_time, what)

    added = []
    with open_store(store) as st:
        held = {s["map_time"] for s in st.snapshot_list() if s["source"] == "DeepStateMap"}
        for feed, map_time, cached in deepstate_maps(since, until, every, held, progress=counted):
            st.put_snapshot(from_feed(feed, map_time, "DeepStateMap", str(cached)))
            added.append(map_time)
    return {"from": since, "to": until, "every": every, "added": len(added), "skipped": skipped[0],
            "first": min(added, default=None), "last": max(added, default=None)}


def snapshot_pair(frm: str, to: str, store: Optional[str]) -> tuple:
    """FROM and TO as snapshots (files, or map times in the store), earlier first."""
    from .store import open_store

    need_store = not (Path(frm).is_file() and Path(to).is_file())
    st = open_store(store, create=False) if need_store else None
    try:
        a, b = _resolve_snapshot(frm, st), _resolve_snapshot(to, st)
    finally:
        if st is not None:
            st.close()
    return (b, a) if a.map_time > b.map_time else (a, b)


def _resolve_snapshot(ref: str, st):
    from .territory import read_snapshot

    p = Path(ref)
    if p.is_file():
        return read_snapshot(p)
    if st is None:
        raise BadInput(f"{ref}: no such file, and no store to look the time up in")
    return st.get_snapshot(ref)
