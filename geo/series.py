"""Series over many dates: occupied and grey area per day, week or month, and the ground gained and lost
between consecutive maps (as ``geo.diff`` measures it)."""

from __future__ import annotations

import datetime as dt

from .diff import gained_lost, step_task
from .vocab import EVERY

__all__ = ["series", "store_series", "period_key", "periods_between", "EVERY"]

def _steps(store_url: str, times: list[str]) -> list[dict]:
    """Ground gained and lost (km², as ``diff`` counts them) between each consecutive pair of ``times``."""
    from .store import open_store

    out, prev = [], None
    with open_store(store_url, create=False) as st:
        held = {r["map_time"]: r for r in st.snapshot_list()}
        for t in times:
            occ = st.snapshot(held[t]).occupied()
            if prev is not None:
                out.append(gained_lost(prev, occ))
            prev = occ
    return out



def period_key(day: str, every: str) -> str:
    """The period an ISO date falls in: itself (``every`` = day), its ISO week (``2025-W07``) or its month
    (``2025-02``)."""
    date = dt.date.fromisoformat(day[:10])
    if every == "day":
        return date.isoformat()
    if every == "week":
        iso = date.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return date.strftime("%Y-%m")


def periods_between(a: str, b: str, every: str) -> int:
    """How many periods (days, ISO weeks or months) lie from the period of ISO date ``a`` to that of ``b``: 1 for
    consecutive periods; more where the store has no map of the periods between (a gap).

    >>> periods_between("2025-01-31", "2025-05-31", "month"), periods_between("2025-01-31", "2025-02-03", "week")
    (4, 1)
    """
    da, db = dt.date.fromisoformat(a[:10]), dt.date.fromisoformat(b[:10])
    if every == "day":
        return (db - da).days
    if every == "week":
        return ((db - dt.timedelta(days=db.weekday())) - (da - dt.timedelta(days=da.weekday()))).days // 7
    return (db.year - da.year) * 12 + db.month - da.month


def series(snapshots: list[dict], start: str | None = None, end: str | None = None, every: str = "month",
           store_url: str | None = None, client=None) -> list[dict]:
    """Occupied and grey area over time and the change per step, from ``Store.snapshot_list()`` records.

    ``every`` = day | week | month keeps the last snapshot of each period. Each row's change is measured from
    the row before: ``change_from`` names that row's period and ``periods`` how many periods the change spans (1,
    or more across a gap: periods with no map, whose change is never presented as one period's). With
    ``store_url`` each step also gets the ground gained and lost (a geometric diff of the two maps; spread over
    ``client``'s cluster when one is given).
    """
    rows = [s for s in snapshots if (not start or s["map_time"][:10] >= start) and (not end or s["map_time"][:10] <= end)]
    periods: dict[str, dict] = {}
    for s in rows:
        periods[period_key(s["map_time"][:10], every)] = s  # the last one of the period wins (rows in time order)
    out = []
    prev = None
    for key, s in periods.items():
        out.append({"period": key, "map_time": s["map_time"], "source": s["source"],
                    "occupied_km2": s["occupied_km2"], "grey_km2": s["grey_km2"],
                    "change_km2": round(s["occupied_km2"] - prev["occupied_km2"], 2) if prev else None,
                    "change_from": out[-1]["period"] if prev else None,
                    "periods": periods_between(prev["map_time"], s["map_time"], every) if prev else None})
        prev = s
    if store_url is not None and len(out) > 1:
        from .cluster import parallel_map

        if client is None:  # in this process: each map read once, its occupied area used by both its steps
            steps = _steps(store_url, [r["map_time"] for r in out])
        else:
            steps = parallel_map(client, step_task, [(store_url, a["map_time"], b["map_time"])
                                                     for a, b in zip(out, out[1:])])
        out[0].update(gained_km2=None, lost_km2=None)
        for row, step in zip(out[1:], steps):
            row.update(step)
    return out



def store_series(store: str | None, since: str | None = None, until: str | None = None, every: str = "month",
                 scheduler: str | None = None) -> list[dict]:
    """``series`` of a store's snapshots between ``since`` and ``until`` (dates, checked here), the steps spread
    over ``scheduler`` (see ``geo.cluster.scheduler``) when one is given.

    ``BadInput`` when ``every`` is not a period, the store holds no snapshots, or none fall between the dates.
    """
    from .cluster import scheduler as cluster
    from .documents import parse_date
    from .errors import BadInput
    from .store import open_store

    if every not in EVERY:
        raise BadInput(f"--every: {every!r}: {', '.join(EVERY[:-1])} or {EVERY[-1]}")
    since = parse_date(since, "--from") if since else None
    until = parse_date(until, "--to") if until else None
    with open_store(store, create=False) as st:
        snaps = st.snapshot_list()
        url = st.url
    if not snaps:
        raise BadInput("the store holds no snapshots: `frontline snapshot import FILE` first")
    with cluster(scheduler) as client:
        rows = series(snaps, since, until, every, store_url=url, client=client)
    if not rows:
        raise BadInput(f"no snapshots between {since or 'the start'} and {until or 'the end'}; the store holds "
                       f"{snaps[0]['map_time']} .. {snaps[-1]['map_time']}")
    return rows
