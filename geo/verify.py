"""Claim checking: each claimed advance or loss of ground against the territory snapshots around its date."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .diff import place_status
from .territory import OCCUPIED

__all__ = ["verify_claims", "verify_in_store", "status_lookup", "VERIFY_DAYS"]


VERIFY_DAYS = 30
"""A claim is borne out when its place turns occupied or grey within this many days."""


def verify_claims(claims: list[dict], snapshots: list[dict], status_at, days: int = VERIFY_DAYS) -> list[dict]:
    """Check each claim against the snapshots around its date.

    Parameters
    ----------
    claims : list of dict
        Claim records with ``lat``, ``lon``, ``start``, ``end``, ``side``, ``action``.
    snapshots : list of dict
        ``Store.snapshot_list()`` records (time order).
    status_at : callable
        ``status_at(map_time, lon, lat) -> status`` (one of the statuses, or "free").
    days : int
        How long after the claim a change still bears it out.

    Returns
    -------
    list of dict
        Per claim: ``verdict`` -- "borne out" (the place changed as claimed within ``days``, ``lag_days``
        after the claim), "already" (it was so before the claim), "not borne out" (it stayed as it was),
        "no snapshots" (none around the date), "no place" (the claim has no point) -- with the statuses
        ``before`` and ``after`` and the snapshot times used, and ``disputed`` (1 when the other side denied or
        did not confirm it) with ``disputed_by``.
    """
    out = []
    times = [s["map_time"] for s in snapshots]
    for c in claims:
        rec = {k: c.get(k) for k in ("claim_id", "start", "end", "place_name", "side", "action", "claimant",
                                     "disputed", "disputed_by")}
        rec["disputed"] = int(rec["disputed"] or 0)
        if c.get("lat") is None:
            out.append({**rec, "verdict": "no place"})
            continue
        start = dt.date.fromisoformat(c["start"])
        end = dt.date.fromisoformat(c["end"])
        before = [t for t in times if t[:10] < c["start"]]
        after = [t for t in times if c["start"] <= t[:10] <= (end + dt.timedelta(days=days)).isoformat()]
        if not before and not after:
            out.append({**rec, "verdict": "no snapshots"})
            continue
        out.append({**rec, **_verdict(c, _taking(c), before, after, start, status_at)})
    return out


HELD = OCCUPIED + ("grey",)
"""The statuses in which the occupier holds (or contests) a place: what a claim of taking ground expects."""


def _taking(claim: dict) -> bool:
    """Whether the claim says the occupier took ground (an advance or capture by any side but Ukraine's, or a
    Ukrainian withdrawal)."""
    return ((claim.get("action") in ("advance", "capture") and claim.get("side") != "UA")
            or (claim.get("action") == "withdrawal" and claim.get("side") == "UA"))


def _verdict(c: dict, taking: bool, before: list[str], after: list[str], start: dt.date, status_at) -> dict:
    """The verdict of one located claim, its lag and the statuses and snapshot times used."""
    b_status = status_at(before[-1], c["lon"], c["lat"]) if before else None
    verdict, lag, seen = "not borne out", None, None
    if b_status is not None and (b_status in HELD) == taking:
        verdict = "already"
    else:
        for t in after:
            if (status_at(t, c["lon"], c["lat"]) in HELD) == taking:
                verdict, lag, seen = "borne out", (dt.date.fromisoformat(t[:10]) - start).days, t
                break
        if verdict == "not borne out" and not after:
            verdict = "no snapshots"
    return {"verdict": verdict, "lag_days": lag, "before": b_status,
            "before_time": before[-1] if before else None, "changed_at": seen,
            "after_time": after[-1] if after else None,
            "after": status_at(after[-1], c["lon"], c["lat"]) if after else None}


def status_lookup(store):
    """``status_at(map_time, lon, lat)`` over a store's snapshots, each snapshot read once."""
    cache: dict = {}

    def status_at(map_time: str, lon: float, lat: float) -> str:
        if map_time not in cache:
            cache[map_time] = store.get_snapshot(map_time)
        return str(place_status(cache[map_time], np.array([lon]), np.array([lat]))[0])

    return status_at



def verify_in_store(claims: list[dict], store: str | None, days: int = VERIFY_DAYS) -> list[dict]:
    """``verify_claims`` against the snapshots of a store; ``BadInput`` when it holds none."""
    from .errors import BadInput
    from .store import open_store

    if not 0 <= days <= 3650:
        raise BadInput(f"--days: {days} is not a number of days from 0 to 3650")
    with open_store(store, create=False) as st:
        snaps = st.snapshot_list()
        if not snaps:
            raise BadInput("--verify needs territory snapshots in the store: `frontline snapshot import FILE`")
        return verify_claims(claims, snaps, status_lookup(st), days)
