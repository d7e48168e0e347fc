"""Queries of the store's events and claims, as the command line asks them: dates, types and a place."""

from __future__ import annotations

import math
from typing import Optional

from .errors import BadInput
from .vocab import CLAIM_ACTIONS, EVENT_TYPES

__all__ = ["query_layer", "TYPES"]


TYPES = {"events": EVENT_TYPES, "claims": CLAIM_ACTIONS}
"""The values ``--type`` takes, per layer."""


def query_layer(layer: str, since: Optional[str], until: Optional[str], types: Optional[list[str]],
                near: Optional[str], km: float, store: Optional[str], gazetteer=None) -> list[dict]:
    """The records of ``layer`` (events or claims) between the dates, of the types, within ``km`` of the place
    named ``near`` (looked up in ``gazetteer``); without their geometry.

    ``BadInput`` for a bad date, a type the layer does not have, or a place the gazetteer does not know.
    """
    from .documents import parse_date
    from .store import open_store

    since = parse_date(since, "--since") if since else None
    until = parse_date(until, "--until") if until else None
    for t in types or ():
        if t not in TYPES[layer]:
            raise BadInput(f"--type: {t!r}: one of {', '.join(TYPES[layer])}")
    around = None
    if near:
        if not (math.isfinite(km) and 0 < km <= 2000):
            raise BadInput(f"--km: {km:g} is not a radius from 0 to 2000 km")
        places = gazetteer.lookup(near)
        if not places:
            raise BadInput(f"--near: no place called {near!r} in the gazetteer")
        around = (places[0].lat, places[0].lon, km)
    with open_store(store, create=False) as st:
        rows = st.query(layer, since=since, until=until, types=types or None, near=around)
    for r in rows:
        r.pop("wkb", None)
    return rows
