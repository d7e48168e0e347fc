"""What the dated map shows, gathered from a store: territory as change intervals, events, claims, the
ground that changed and the front line."""

from __future__ import annotations

from .diff import change_intervals, diff, front_line

__all__ = ["map_data", "store_map", "write_map"]


def map_data(store, since: str | None = None, until: str | None = None, boundaries=None,
             tolerance_m: float = 100.0, focus: str | None = None, note: str | None = None) -> dict:
    """Everything the dated map shows, from a store: territory as change intervals, events and claims, the
    ground gained and lost between the first and last snapshots, the front line at the last snapshot at or
    before ``focus`` (a date; default the last snapshot), and ``notes`` for the legend (``note``, or why there is
    no territory).

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
        raise BadInput(f"nothing between {since or 'the start'} and {until or 'the end'}: the store holds snapshots "
                       f"{held[0] + ' .. ' + held[-1] if held else 'none'}, events and claims "
                       f"{days[0] + ' .. ' + days[-1] if days else 'none'}")
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
    return {"territory": territory, "events": [r for r in events], "claims": [r for r in claims],
            "changes": changes, "front": front, "front_time": front_time, "tolerance_m": tolerance_m,
            "period": (min(dates), max(dates)) if dates else None, "notes": notes}



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
        data["notes"].append("no offline basemap: give --boundaries DIR (or FRONTLINE_BOUNDARIES) or run "
                             "`frontline boundaries pull`")
    return data, bounds


def write_map(out, data: dict, **how) -> None:
    """Write the dated map of ``data`` (``map_data``) to ``out``; ``BadInput`` when the file cannot be written."""
    from . import maps
    from .atomic import output_error

    try:
        maps.frontline_map(out, **data, title="frontline", **how)
    except OSError as e:
        raise output_error(out, e) from None
