"""Text the command line prints: tables, summaries and one-line reports of what the core computed.

Every function here takes results and returns text (or a JSON-ready dict); none reads or writes anything.
"""

from __future__ import annotations

import json

from .export import to_csv, to_geojson, to_table

__all__ = ["MENTION_COLUMNS", "mentions", "rows", "as_json", "snapshot_line", "snapshot_record", "diff_table",
           "verdicts", "snapshots", "snapshots_table", "places", "places_table", "ingest_totals", "map_written",
           "build_summary"]

MENTION_COLUMNS = ["start", "end", "surface", "name", "kind", "country", "admin1", "lat", "lon", "geo_precision",
                   "score", "ambiguous", "resolved"]
"""The table of ``frontline geocode``."""
EVENT_COLUMNS = ["start", "end", "date_precision", "type", "place_name", "actor1", "actor2", "outcome", "count",
                 "disputed", "actors", "sentence"]
CLAIM_COLUMNS = ["start", "end", "action", "side", "place_name", "claimant", "disputed", "sentence"]
VERDICT_COLUMNS = ["start", "place_name", "side", "action", "claimant", "verdict", "lag_days", "before", "after"]
SERIES_COLUMNS = ["period", "map_time", "source", "occupied_km2", "grey_km2", "change_km2", "gained_km2",
                  "lost_km2", "change_from", "periods"]
"""The CSV of ``frontline series``: each change is measured from ``change_from`` (the row before) and spans
``periods`` periods (more than 1 across a gap in the store's maps)."""


def as_json(data: object) -> str:
    """Indented JSON, non-ASCII kept, with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def mentions(records: list[dict], fmt: str) -> str:
    """Geoparsed mentions as json, geojson, csv or a table."""
    if fmt == "json":
        return as_json(records)
    if fmt == "geojson":
        return to_geojson(records)
    if fmt == "csv":
        return to_csv(records)
    return to_table(records, MENTION_COLUMNS) if records else "no places found\n"


def rows(records: list[dict], fmt: str, columns: list[str]) -> str:
    """Events or claims as json, geojson, csv or a table (sentences cut to 60 characters)."""
    if fmt == "json":
        return as_json(records)
    if fmt == "geojson":
        return to_geojson(records)
    if fmt == "csv":
        return to_csv(records, columns + ["lat", "lon", "sentence"])
    short = [{**r, "sentence": (r.get("sentence") or "")[:60]} for r in records]
    return to_table(short, columns) if records else "nothing matches\n"


def verdicts(checked: list[dict]) -> str:
    """Checked claims as a table, those the other side disputes apart."""
    undisputed = [c for c in checked if not c["disputed"]]
    disputed = [c for c in checked if c["disputed"]]
    text = to_table(undisputed, VERDICT_COLUMNS) if undisputed else ("nothing matches\n" if not disputed else "")
    if disputed:
        text += (f"\ndisputed by the other side ({len(disputed)}):\n"
                 + to_table(disputed, VERDICT_COLUMNS + ["disputed_by"]))
    return text


def snapshot_line(snap, status: str) -> str:
    """One line on a stored snapshot: time, source, what happened, areas, repairs."""
    a = snap.areas()
    grey = f", grey {a['grey']:,.1f}" if "grey" in a else ""
    crs = f"; converted from {snap.crs}" if snap.crs else ""
    return (f"{snap.map_time} {snap.source}: {status}; occupied {a['occupied_total']:,.1f} km²{grey}; "
            f"{snap.repairs} repaired, {snap.dropped} dropped{crs}")


def snapshot_record(snap, status: str) -> dict:
    """What ``snapshot import`` reports of one file."""
    return {"map_time": snap.map_time, "source": snap.source, "status": status, "areas_km2": snap.areas(),
            "repairs": snap.repairs, "dropped": snap.dropped, "unknown_names": snap.unknown,
            "converted_from": snap.crs or None}


SNAPSHOT_COLUMNS = ["map_time", "source", "occupied_km2", "grey_km2", "snapshot_id"]
PLACE_COLUMNS = ["place_id", "name", "kind", "country", "admin1", "population", "lat", "lon", "geo_precision",
                 "precision_km", "katottg"]


def snapshots(records: list[dict], fmt: str) -> str:
    """The store's snapshots (``Store.snapshot_list()``) as json, csv or a table."""
    if fmt == "json":
        return as_json(records)
    if fmt == "csv":
        return to_csv(records, SNAPSHOT_COLUMNS)
    return snapshots_table(records)


def snapshots_table(records: list[dict]) -> str:
    """The store's snapshots as a table."""
    if not records:
        return "no snapshots: import some with `frontline snapshot import FILE` or `snapshot pull deepstate`\n"
    return to_table(records, SNAPSHOT_COLUMNS)


def places(records: list[dict], fmt: str, name: str) -> str:
    """The places a name can mean as json, geojson (points), csv or a table."""
    if fmt == "json":
        return as_json(records)
    if fmt == "geojson":
        return to_geojson(records)
    if fmt == "csv":
        return to_csv(records, PLACE_COLUMNS)
    return places_table(records, name)


def places_table(records: list[dict], name: str) -> str:
    """The places a name can mean, as a table."""
    if not records:
        return f"no place called {name!r}\n"
    return to_table(records, PLACE_COLUMNS)


def diff_table(s: dict, by_oblast: bool) -> str:
    """A diff's summary as text: areas, change, slivers, front length, oblasts and settlements, notes."""
    lines = [f"from {s['from']['time']}: occupied {s['from']['occupied_km2']:,.1f} km²",
             f"to   {s['to']['time']}: occupied {s['to']['occupied_km2']:,.1f} km²",
             f"gained {s['gained_km2']:,.1f} km², lost {s['lost_km2']:,.1f} km², net {s['net_km2']:+,.1f} km²"
             + (f", grey zone {s['grey_change_km2']:+,.1f} km²" if s.get("grey_change_km2") is not None else ""),
             f"slivers: {s['slivers']['count']} pieces, {s['slivers']['km2']} km² "
             f"(under {s['slivers']['threshold_km2']} km²)"]
    if "front_length_km" in s:
        lines.append(f"front line: {s['front_length_km']['from']:,.0f} km -> {s['front_length_km']['to']:,.0f} km")
    text = "\n".join(lines) + "\n"
    if by_oblast and s.get("by_oblast"):
        changed = [r for r in s["by_oblast"] if r["gained_km2"] or r["lost_km2"] or r["occupied_km2"]]
        text += "\n" + to_table(changed, ["oblast", "iso", "gained_km2", "lost_km2", "occupied_km2",
                                          "occupied_share"])
    if s.get("settlements"):
        text += "\n" + to_table(s["settlements"], ["name", "admin1", "from_status", "to_status", "population"])
    for note in s.get("notes", []):
        text += f"note: {note}\n"
    return text


def ingest_totals(results: list, store) -> dict:
    """What ``ingest`` reports: documents by outcome, events and claims read, and the store's totals."""
    return {"documents": len(results), "added": sum(r.status == "added" for r in results),
            "replaced": sum(r.status == "replaced" for r in results),
            "unchanged": sum(r.status == "unchanged" for r in results),
            "events": sum(r.events for r in results), "claims": sum(r.claims for r in results),
            "events_without_place": sum(r.unlocated for r in results),
            "store": store.name, "store_events": store.count("events"), "store_claims": store.count("claims")}


def map_written(out, data: dict) -> list[str]:
    """The lines saying what a written map holds, and its notes."""
    n_t = 0 if data["territory"] is None else len(data["territory"])
    return ([f"wrote {out}: {n_t} territory pieces, {len(data['events'])} events, {len(data['claims'])} claims"]
            + [f"note: {note}" for note in data.get("notes", [])])


def build_summary(b) -> str:
    """The summary table of ``frontline build`` (a ``geo.build.Built``): what it read and what the map shows --
    the territory and where it came from, whether a front line is drawn, the date the map opens on and whether it
    opens offline -- and the map's notes."""
    events, claims, terr = b.events, b.claims, b.territory
    unlocated = int((events["located"] == 0).sum()) if len(events) else 0
    where = {"store": "already in the store", "folder": f"imported from {b.snapshots_dir}",
             "deepstate": "pulled from DeepStateMap"}
    if terr.how == "none":
        snap_note, front_note = "no territory (see the note below)", "not drawn: no territory"
    else:
        snap_note = f"{where[terr.how]}; the period {terr.period[0]} .. {terr.period[1]}"
        front_note = (f"drawn from the map of {b.front_time[:10]}" if b.front_drawn else
                      "not drawn: no boundaries (give --boundaries DIR or run `frontline boundaries pull`)")
    opens = f"opens on {b.opens_at[:10]}" if b.opens_at else "no dated layers"
    works = ("works offline (Leaflet inside the file)" if b.offline
             else "needs a network to open (Leaflet from the CDN)")
    table = [{"what": "articles", "count": b.articles, "note": f"{b.added} new"},
             {"what": "events", "count": len(events), "note": f"{unlocated} without a place"},
             {"what": "claims", "count": len(claims),
              "note": ", ".join(sorted(set(claims["place_name"].dropna())))[:60] if len(claims) else ""},
             {"what": "snapshots", "count": b.snapshots, "note": snap_note},
             {"what": "front line", "count": int(b.front_drawn), "note": front_note},
             {"what": "places", "count": len({p["place_id"] for p in b.places}), "note": "geocoded in the articles"},
             {"what": "map", "count": 1, "note": f"{b.map_path}: {opens}; {works}"}]
    text = to_table(table, ["what", "count", "note"])
    return text + "".join(f"note: {n}\n" for n in b.notes)
