"""The main job (``frontline build``, ``make run``): the seed articles in, the map and its layers out.

The territory of the articles' period -- the maps from the end of the month before the latest article's month
to the end of that month, so the map shows the front on the article's date and the ground that changed in its
month -- is gathered before the articles are read (the geoparser uses the front of their date), from the first
of these that has it:

1. snapshots already in the store;
2. a folder of snapshot files (``--snapshots DIR``), of which only the files dated in the period are imported;
3. DeepStateMap's history API (the maps at the period's start, the article's date and the period's end), cached
   in the store.

With none of them the map is still written, with the articles' events and claims, and both the map's legend
and the summary say that there is no territory and which command adds it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import BadInput, WorkFailed

if TYPE_CHECKING:
    from .ingest import Prepared

__all__ = ["period_of", "gather_territory", "Territory", "SNAPSHOT_SUFFIXES", "article_files", "build", "Built"]

SNAPSHOT_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg")
"""The files a ``--snapshots`` folder is searched for."""

Progress = Callable[[str], None]


def period_of(date: str) -> tuple[str, str]:
    """The territory period of an article dated ``date``: the last day of the month before, to the last day of
    the article's month.

    >>> period_of("2025-05-15")
    ('2025-04-30', '2025-05-31')
    """
    d = dt.date.fromisoformat(date)
    first = d.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (first - dt.timedelta(days=1)).isoformat(), (nxt - dt.timedelta(days=1)).isoformat()


@dataclass
class Territory:
    """Where the map's territory came from: ``how`` is "store", "folder", "deepstate" or "none"."""

    how: str
    period: tuple[str, str]
    added: list[str] = field(default_factory=list)  # map times imported by this run
    note: str = ""


def article_files(folder: Path) -> list[Path]:
    """The articles (``*.txt``) of a seeds folder; ``BadInput`` when there are none."""
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise BadInput(f"{folder}: no articles (*.txt) to read")
    return files


def _in_period(map_time: str, period: tuple[str, str]) -> bool:
    return period[0] <= map_time[:10] <= period[1]


def _from_folder(store, folder: Path, period: tuple[str, str], progress: Progress) -> list[str]:
    from .territory import read_snapshot, time_from_name

    if not folder.is_dir():
        raise BadInput(f"--snapshots: {folder}: not a folder")
    files = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SNAPSHOT_SUFFIXES
             and (t := time_from_name(p)) is not None and _in_period(t, period)]
    snaps = [read_snapshot(p) for p in files]  # every file checked before any is stored
    for snap in snaps:
        store.put_snapshot(snap)
        progress(f"snapshot {snap.map_time} from {Path(snap.path).name}")
    return [s.map_time for s in snaps]


def _from_deepstate(store, period: tuple[str, str], focus: str, progress: Progress) -> list[str]:
    from .fetch import deepstate_feed, deepstate_history
    from .territory import from_feed

    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = deepstate_history()
    wanted = sorted({f"{d}T23:59:59Z" for d in (period[0], focus, period[1])})
    added = []
    for when in (w for w in wanted if w <= now):
        feed, map_time, cached = deepstate_feed(when, items)
        if map_time in added or not _in_period(map_time, period):
            continue
        store.put_snapshot(from_feed(feed, map_time, "DeepStateMap", str(cached)))
        progress(f"snapshot {map_time} from DeepStateMap")
        added.append(map_time)
    return added


def gather_territory(store, focus: str, snapshots_dir: Path | None = None, online: bool = True,
                     progress: Progress = lambda _msg: None) -> Territory:
    """Make sure the store holds the territory of the period around ``focus`` (an article's date).

    Parameters
    ----------
    store : geo.store.BaseStore
        The store to look in and to write to.
    focus : str
        The date the map is about (ISO).
    snapshots_dir : Path, optional
        A folder of snapshot files (``--snapshots``).
    online : bool
        Whether DeepStateMap's history API may be asked.
    """
    period = period_of(focus)
    if any(_in_period(s["map_time"], period) for s in store.snapshot_list()):
        return Territory("store", period)
    if snapshots_dir is not None:
        added = _from_folder(store, snapshots_dir, period, progress)
        if added:
            return Territory("folder", period, added)
    failed = ""
    if online:
        try:
            added = _from_deepstate(store, period, focus, progress)
            if added:
                return Territory("deepstate", period, added)
        except WorkFailed as e:
            failed = f" (DeepStateMap not reachable: {e})"
    note = (f"no territory for {period[0]} .. {period[1]}{failed}: add it with `frontline snapshot pull deepstate "
            f"--time {focus}` or `frontline build --snapshots DIR`")
    return Territory("none", period, note=note)


@dataclass
class Built:
    """What ``build`` made: the counts and layers its summary reports."""

    articles: int
    added: int
    events: object  # GeoDataFrame of the store's events
    claims: object  # ... and claims
    snapshots: int
    territory: Territory
    front_time: str | None
    places: list[dict]
    snapshots_dir: Path | None
    front_drawn: bool = False  # a front line is on the map (it needs boundaries)
    map_path: Path | None = None
    opens_at: str | None = None  # the time the map opens at
    offline: bool = False  # the map holds its scripts: it opens with no network
    notes: list[str] = field(default_factory=list)  # the map's notes (no territory, no front line, CDN, ...)


def seed_places(doc: "Prepared", mentions: list[dict]) -> list[dict]:
    """The places named in one article (its mentions, as ingest found them against the front of its date),
    each with the article it came from."""
    return [{**m, "doc_id": doc.doc.doc_id, "doc": doc.key, "date": doc.date, "source": doc.source}
            for m in mentions]


def build(seeds: Path, out: Path, load_gazetteer: Callable, snapshots_dir: Path | None = None, boundaries: Path | None = None,
          online: bool = True, store: str | None = None, say: Progress = lambda _msg: None, cdn: bool = False) -> Built:
    """The main job: gather the period's territory, ingest every article of ``seeds``, write
    ``out``/frontline.html, events.geojson, claims.geojson and seed_places.geojson.

    ``load_gazetteer()`` loads the gazetteer (called once the articles and boundaries are read); ``say`` hears
    each step (a snapshot stored, an article read, a file written) as one line. The places of
    seed_places.geojson are those ingest found in each article (each article is geoparsed once). The map opens
    on the latest article's date and works offline (``geo.mapdata.write_offline_map``: the CDN map, with a
    note, when the packages cannot be had), unless ``cdn``.
    """
    from . import export
    from .atomic import write_output
    from .boundaries import load_boundaries
    from .ingest import ingest_documents, prepare
    from .mapdata import map_data, write_map, write_offline_map
    from .report import map_written
    from .store import open_store

    docs = prepare(article_files(seeds))
    focus = max(p.date for p in docs)
    bounds = load_boundaries(boundaries)
    load_gazetteer()
    places: list[dict] = []
    with open_store(store) as st:
        terr = gather_territory(st, focus, snapshots_dir, online=online, progress=lambda msg: say(f"frontline: {msg}"))
        results = ingest_documents(st, docs, lambda n, t, p, r: say(
            f"[{n}/{t}] {p.key}: {r.status}, {r.events} events, {r.claims} claims"),
            found=lambda p, mentions: places.extend(seed_places(p, mentions)))
        data = map_data(st, boundaries=bounds, focus=focus, note=terr.note or None)
        events, claims = st.frame("events"), st.frame("claims")
        n_snaps = len(st.snapshot_list())
    page = out / "frontline.html"
    had_front = _has_front(page)
    fallback = None
    if cdn:
        write_map(page, data)
    else:
        fallback = write_offline_map(page, data, bounds)
    front_drawn = data.get("front") is not None and not data["front"].is_empty
    if had_front and not front_drawn:
        data["notes"].append(f"{page} had a front line; this one has none "
                             f"({'no boundaries' if bounds is None else 'no territory'})")
    for line in map_written(page, data):
        say(line)
    for name, text in (("events", export.layer_to_geojson(events)), ("claims", export.layer_to_geojson(claims)),
                       ("seed_places", export.to_geojson(places))):
        write_output(out / f"{name}.geojson", text)
        say(f"wrote {out / f'{name}.geojson'}")
    return Built(len(docs), sum(r.status == "added" for r in results), events, claims, n_snaps, terr,
                 data.get("front_time"), places, snapshots_dir, front_drawn, page, data.get("open_at"),
                 not cdn and fallback is None, list(data["notes"]))


def _has_front(page: Path) -> bool:
    """Whether a map this job wrote earlier draws a front line (its layer's name is in the file)."""
    try:
        with open(page, encoding="utf-8", errors="replace") as f:
            return "front line (" in f.read()
    except OSError:
        return False
