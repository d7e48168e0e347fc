"""What the dated map shows, gathered from a store: territory as change intervals, events, claims, the
ground that changed and the front line."""

from __future__ import annotations

from .diff import change_intervals, diff, front_line

__all__ = ["map_data", "store_map", "write_map", "write_offline_map", "NO_BASEMAP"]

NO_BASEMAP = ("no offline basemap: give --boundaries DIR (or FRONTLINE_BOUNDARIES) or run `frontline boundaries "
              "pull`")
"""The note of a self-contained map drawn without boundaries (it shows no land where tiles do not load)."""


def map_data(store, since: str | None = None, until: str | None = None, boundaries=None,
             tolerance_m: float = 100.0, focus: str | None = None, note: str | None = None) -> dict:
    """Everything the dated map shows, from a store: territory as change intervals, events and claims, the
    ground gained and lost between the first and last snapshots, the front line at the last snapshot at or
    before ``focus`` (a date; default the last snapshot), ``notes`` for the legend (``note``, or why there is
    no territory), and the time slider's ``start`` (a date) and ``open_at`` (the time the map opens at: ``focus``,
    else the last map; see ``_timeline_span``).

    ``BadInput`` when the store is empty, or when nothing falls between ``since`` and ``until`` (saying which
    dates the store holds).
    """
    from .errors import BadInput

    snaps_meta = store.snapshot_list()
    events = store.query("events", since=since, until=until)
    claims = store.query("claims", since=since, until=until)
    n_events, n_claims = store.count("events"), store.count("claims")
    if not snaps_meta and not n_events and not n_claims:
        raise BadInput(f"{store.name}: the store is empty: ingest articles (`frontline ingest FILE`) or import "
                       "snapshots (`frontline snapshot import FILE` / `frontline snapshot pull deepstate`)")
    in_range = [s for s in snaps_meta if (not since or s["map_time"][:10] >= since)
                and (not until or s["map_time"][:10] <= until)]
    if not in_range and not events and not claims:
        held = [s["map_time"][:10] for s in snaps_meta]
        days = sorted({d for r in store.query("events") + store.query("claims") for d in (r["start"], r["end"]) if d})
        snaps = f"snapshots {held[0]} .. {held[-1]}" if held else "no snapshots"
        dated = f"events and claims {days[0]} .. {days[-1]}" if days else "no events or claims"
        raise BadInput(f"nothing between {since or 'the start'} and {until or 'the end'}: the store holds {snaps}; "
                       f"{dated}")
    # the maps are read one at a time: a long history never sits in memory whole
    territory = change_intervals((store.snapshot(s) for s in in_range),
                                 tolerance_m=tolerance_m) if in_range else None
    changes = front = front_time = None
    if len(in_range) >= 2:
        changes = diff(store.snapshot(in_range[0]), store.snapshot(in_range[-1]), boundaries, fronts=False).pieces
    if in_range:
        at = [s for s in in_range if focus is None or s["map_time"][:10] <= focus] or in_range[:1]
        front_time = at[-1]["map_time"]
        if boundaries is not None:
            front = front_line(store.snapshot(at[-1]), boundaries.land)
    notes = [note] if note else []
    if not in_range and not note:
        notes.append("no territory in the store for these dates: add it with `frontline snapshot pull deepstate` "
                     "or `frontline snapshot import FILE`")
    elif in_range and boundaries is None:
        notes.append("no front line: give --boundaries DIR or run `frontline boundaries pull`")
    dates = [s["map_time"][:10] for s in in_range] + [r["start"] for r in events + claims if r.get("start")]
    start, open_at = _timeline_span(in_range, events + claims, focus)
    return {"territory": territory, "events": [r for r in events], "claims": [r for r in claims],
            "changes": changes, "front": front, "front_time": front_time, "tolerance_m": tolerance_m,
            "period": (start, max(dates)) if dates else None, "notes": notes, "start": start,
            "open_at": open_at}


def _timeline_span(snaps: list[dict], records: list[dict], focus: str | None) -> tuple[str | None, str | None]:
    """Where the map's time slider starts (a date) and the time it opens at (ISO, UTC).

    The slider starts at the first map or the first day-precise event or claim: a date the text gives only by
    month or year ("early 2022") never drags it back (such a record, ended before that start, is drawn apart).
    It opens on ``focus`` (the article's date) -- at that day's map when there is one, else at noon -- or,
    without a focus, at the last map (else the last record's day).
    """
    precise = [s["map_time"][:10] for s in snaps] + [r["start"] for r in records
                                                     if r.get("start") and r.get("date_precision") == "day"]
    starts = precise or [r["start"] for r in records if r.get("start")]
    if not starts:
        return None, None
    start = min(starts)
    if focus is not None:
        same_day = [s["map_time"] for s in snaps if s["map_time"][:10] == focus]
        at = same_day[-1] if same_day else f"{focus}T12:00:00Z"
    elif snaps:
        at = snaps[-1]["map_time"]
    else:
        at = f"{max(starts)}T12:00:00Z"
    return start, max(at, f"{start}T00:00:00Z")



def store_map(store: str | None, since: str | None = None, until: str | None = None, boundaries_dir=None,
              tolerance_m: float = 100.0, self_contained: bool = False) -> tuple[dict, object]:
    """``map_data`` of a store between two ISO dates and the boundaries it used (``None`` when there
    are none, noted in the data when a self-contained map then lacks its offline basemap)."""
    import math

    from .boundaries import load_boundaries
    from .errors import BadInput
    from .store import open_store

    if not (math.isfinite(tolerance_m) and 0 <= tolerance_m <= 100_000):
        raise BadInput(f"--tolerance-m: {tolerance_m:g} is not a distance from 0 to 100000 metres")
    bounds = load_boundaries(boundaries_dir)
    with open_store(store, create=False) as st:
        data = map_data(st, since, until, bounds, tolerance_m)
    if self_contained and bounds is None:
        data["notes"].append(NO_BASEMAP)
    return data, bounds


def write_map(out, data: dict, **how) -> None:
    """Write the dated map of ``data`` (``map_data``) to ``out``; ``BadInput`` when the file cannot be written."""
    from . import maps
    from .atomic import output_error

    try:
        maps.frontline_map(out, **data, title="frontline", **how)
    except OSError as e:
        raise output_error(out, e) from None


def write_offline_map(out, data: dict, bounds=None) -> str | None:
    """Write the self-contained map of ``data`` (Leaflet and its plugins inside the file, ``bounds`` drawn as its
    basemap), which opens with no network. When the npm packages cannot be had (no network on the first run),
    write the map that loads them from the CDN instead, with a note in its legend saying so and why.

    Returns
    -------
    str or None
        That note, or None when the map works offline.
    """
    from .errors import WorkFailed

    notes = list(data["notes"])
    try:
        write_map(out, {**data, "notes": notes + ([NO_BASEMAP] if bounds is None else [])}, self_contained=True,
                  basemap=bounds)
        if bounds is None:
            data["notes"].append(NO_BASEMAP)
        return None
    except WorkFailed as e:
        note = (f"this map loads Leaflet from the CDN (jsDelivr), so it is blank without a network: its scripts "
                f"could not be fetched to put them inside it ({e}); run again once online (they are then cached)")
        data["notes"].append(note)
        write_map(out, data)
        return note
