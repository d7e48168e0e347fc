"""Comparing snapshots: ground gained and lost, by oblast, settlements that changed hands, the front line and
its length, and series over many dates.

All areas are measured in the equal-area projection centred on Ukraine (``territory.EQUAL_AREA``); lengths
on the WGS84 ellipsoid (geodesic). Occupied = occupied + pre2022 + crimea, as DeepState counts it; the grey
zone apart. Gained = occupied in TO and not in FROM; lost = the reverse (ground retaken).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import shapely

from .territory import OCCUPIED, Snapshot, area_km2, to_equal_area

__all__ = ["diff", "DiffResult", "front_line", "front_length_km", "place_status", "SLIVER_KM2", "FRONT_TOLERANCE_M",
           "series"]

SLIVER_KM2 = 0.01
"""Pieces of gained or lost ground smaller than this (km²) are counted as slivers (and still in the totals)."""
FRONT_TOLERANCE_M = 1000.0
"""The occupied area's edge within this distance of the state border or the coast is not front line."""


@dataclass
class DiffResult:
    """The comparison: ``summary`` (the JSON contract), ``pieces`` (gained and lost polygons), ``fronts``."""

    summary: dict
    pieces: "geopandas.GeoDataFrame"  # noqa: F821
    fronts: dict = field(default_factory=dict)

    def layer(self) -> "geopandas.GeoDataFrame":  # noqa: F821
        """Gained and lost polygons and the front lines at both times, as one layer (``change`` says which:
        gained, lost, front_line)."""
        import geopandas as gpd
        import pandas as pd

        fronts = [{"from": self.summary["from"]["time"], "to": self.summary["to"]["time"], "side": None,
                   "change": "front_line", "map_time": t, "length_km": front_length_km(g), "geometry": g}
                  for t, g in self.fronts.items() if g is not None and not g.is_empty]
        if not fronts:
            return self.pieces
        return gpd.GeoDataFrame(pd.concat([self.pieces, gpd.GeoDataFrame(fronts, crs=4326)], ignore_index=True),
                                crs=4326)


def _km2(geom) -> float:
    """km² of a WGS84 geometry, measured in the equal-area projection."""
    return area_km2(geom)


def _parts(geom):
    if geom is None or geom.is_empty:
        return []
    return [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]


def front_line(snap: Snapshot, land) -> object:
    """The front line of a snapshot (WGS84 lines): the edge of the occupied area (with the grey zone) that
    lies inside Ukraine's land -- not the state border, not the coast."""
    if land is None:
        return None
    occ = snap.occupied()
    if "grey" in snap.layers:
        occ = shapely.union_all([occ, snap.layers["grey"]])
    inside = occ.intersection(land)  # set operations in lon/lat, where shared edges coincide exactly
    edge = to_equal_area(inside.boundary).difference(to_equal_area(land.boundary).buffer(FRONT_TOLERANCE_M))
    return to_equal_area(shapely.line_merge(edge) if not edge.is_empty else edge, inverse=True)


def front_length_km(line) -> float | None:
    """Geodesic length of a WGS84 line in km."""
    if line is None:
        return None
    if line.is_empty:
        return 0.0
    from pyproj import Geod

    return round(Geod(ellps="WGS84").geometry_length(line) / 1000.0, 1)


def place_status(snap: Snapshot, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """For points, the snapshot's status there (crimea, pre2022, occupied, grey, liberated) or "free"."""
    out = np.full(len(lons), "free", dtype=object)
    for status in ("liberated", "grey", "occupied", "pre2022", "crimea"):  # later wins: precedence
        geom = snap.layers.get(status)
        if geom is None or geom.is_empty:
            continue
        shapely.prepare(geom)
        out[shapely.contains_xy(geom, lons, lats)] = status
    return out


def _control(status: str, plain: bool) -> str:
    if status in OCCUPIED:
        return "occupied"
    if status == "grey" and not plain:
        return "grey"
    return "free"


def _settlements(a: Snapshot, b: Snapshot, gaz) -> list[dict]:
    kinds = np.asarray(gaz.kinds, dtype=object)
    countries = np.asarray(gaz.countries, dtype=object)
    lats = np.degrees(gaz.lat_rad)
    lons = np.degrees(gaz.lon_rad)
    pick = np.flatnonzero((kinds == "settlement") & np.isin(countries, ["UA", "RU"])
                          & (lons > 21) & (lons < 41.5) & (lats > 43.5) & (lats < 53.5))
    sa = place_status(a, lons[pick], lats[pick])
    sb = place_status(b, lons[pick], lats[pick])
    plain = a.source_kind == "plain" or b.source_kind == "plain"
    out = []
    for k, i in enumerate(pick):
        if _control(sa[k], plain) != _control(sb[k], plain):
            out.append({"name": gaz.names[i], "place_id": gaz.ids[i], "admin1": gaz.admin1_name("UA", gaz.admin1s[i])
                        if gaz.countries[i] == "UA" else gaz.admin1_name("RU", gaz.admin1s[i]),
                        "from_status": str(sa[k]), "to_status": str(sb[k]),
                        "lat": round(float(lats[i]), 6), "lon": round(float(lons[i]), 6),
                        "population": gaz.pops[i]})
    return sorted(out, key=lambda r: (-r["population"], r["name"]))


def diff(a: Snapshot, b: Snapshot, boundaries=None, gazetteer=None, sliver_km2: float = SLIVER_KM2) -> DiffResult:
    """Compare two snapshots (``a`` earlier).

    Parameters
    ----------
    a, b : Snapshot
        FROM and TO.
    boundaries : geo.boundaries.Boundaries, optional
        Oblasts and land: with them the result has ``by_oblast`` and front lines; without, a ``notes`` entry
        says why they are absent.
    gazetteer : geo.gazetteer.Gazetteer, optional
        Places to check for a change of hands (``settlements``).
    sliver_km2 : float
        The sliver threshold.
    """
    import geopandas as gpd

    # Set operations run in lon/lat, where edges the two maps share coincide exactly; every area is then
    # measured in the equal-area projection.
    occ_a, occ_b = a.occupied(), b.occupied()
    gained, lost = occ_b.difference(occ_a), occ_a.difference(occ_b)
    grey_a = a.geometry("grey") if "grey" in a.layers else None
    grey_b = b.geometry("grey") if "grey" in b.layers else None
    notes: list[str] = []
    pieces = []
    for change, geom in (("gained", gained), ("lost", lost)):
        for part in _parts(geom):
            pieces.append((change, part))
    slivers = [p for p in pieces if _km2(p[1]) < sliver_km2]
    summary: dict = {
        "from": {"time": a.map_time, "source": a.source, "occupied_km2": round(_km2(occ_a), 2),
                 "grey_km2": round(_km2(grey_a), 2) if grey_a is not None else None},
        "to": {"time": b.map_time, "source": b.source, "occupied_km2": round(_km2(occ_b), 2),
               "grey_km2": round(_km2(grey_b), 2) if grey_b is not None else None},
        "gained_km2": round(_km2(gained), 2),
        "lost_km2": round(_km2(lost), 2),
        "net_km2": round(_km2(occ_b) - _km2(occ_a), 2),
        "grey_change_km2": round(_km2(grey_b) - _km2(grey_a), 2) if grey_a is not None and grey_b is not None else None,
        "slivers": {"count": len(slivers), "km2": round(sum(_km2(p[1]) for p in slivers), 6),
                    "threshold_km2": sliver_km2},
    }
    if grey_a is None or grey_b is None:
        notes.append("grey zone unknown for a snapshot that is a plain occupied-area file")
    rows = []
    fronts = {}
    if boundaries is not None:
        obl = boundaries.oblasts
        obl_ea = list(obl.geometry.values)
        by = []
        for (name, iso), g in zip(zip(obl["oblast"], obl["iso"]), obl_ea):
            land_km2 = _km2(g)
            occ_here = _km2(occ_b.intersection(g))
            by.append({"oblast": name, "iso": iso, "gained_km2": round(_km2(gained.intersection(g)), 2),
                       "lost_km2": round(_km2(lost.intersection(g)), 2), "occupied_km2": round(occ_here, 2),
                       "occupied_share": round(occ_here / land_km2, 4) if land_km2 else None})
        summary["by_oblast"] = sorted(by, key=lambda r: (-r["gained_km2"], r["oblast"]))
        for change, part in pieces:
            hit = False
            for (name, iso), g in zip(zip(obl["oblast"], obl["iso"]), obl_ea):
                if part.intersects(g):
                    sub = part.intersection(g)
                    for piece in _parts(sub):
                        rows.append((change, piece, name, iso))
                        hit = True
            if not hit:
                rows.append((change, part, None, None))
        fronts = {a.map_time: front_line(a, boundaries.land), b.map_time: front_line(b, boundaries.land)}
        summary["front_length_km"] = {"from": front_length_km(fronts[a.map_time]),
                                      "to": front_length_km(fronts[b.map_time])}
    else:
        rows = [(change, part, None, None) for change, part in pieces]
        notes.append("by_oblast and front_length_km need boundaries: run `frontline boundaries pull` or give "
                     "--boundaries DIR (a geoBoundaries ADM1 GeoJSON and a land outline)")
    if gazetteer is not None:
        summary["settlements"] = _settlements(a, b, gazetteer)
    if notes:
        summary["notes"] = notes
    geoms = [r[1] for r in rows]
    frame = gpd.GeoDataFrame({
        "from": [a.map_time] * len(rows), "to": [b.map_time] * len(rows), "side": ["RU"] * len(rows),
        "change": [r[0] for r in rows], "area_km2": [round(_km2(r[1]), 4) for r in rows],
        "oblast": [r[2] for r in rows], "iso": [r[3] for r in rows],
        "sliver": [_km2(r[1]) < sliver_km2 for r in rows],
    }, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)
    return DiffResult(summary, frame, fronts)


def series(snapshots: list[dict], start: str | None = None, end: str | None = None, every: str = "month") -> list[dict]:
    """Occupied and grey area over time and the change per step, from ``Store.snapshot_list()`` records.

    ``every`` = day | week | month keeps the last snapshot of each period.
    """
    rows = [s for s in snapshots if (not start or s["map_time"][:10] >= start) and (not end or s["map_time"][:10] <= end)]
    periods: dict[str, dict] = {}
    for s in rows:
        day = dt.date.fromisoformat(s["map_time"][:10])
        if every == "day":
            key = day.isoformat()
        elif every == "week":
            iso = day.isocalendar()
            key = f"{iso[0]}-W{iso[1]:02d}"
        else:
            key = day.strftime("%Y-%m")
        periods[key] = s  # the last one of the period wins (rows are in time order)
    out = []
    prev = None
    for key, s in periods.items():
        out.append({"period": key, "map_time": s["map_time"], "source": s["source"],
                    "occupied_km2": s["occupied_km2"], "grey_km2": s["grey_km2"],
                    "change_km2": round(s["occupied_km2"] - prev["occupied_km2"], 2) if prev else None})
        prev = s
    return out


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
        ``before`` and ``after`` and the snapshot times used.
    """
    out = []
    times = [s["map_time"] for s in snapshots]
    for c in claims:
        rec = {k: c.get(k) for k in ("claim_id", "start", "end", "place_name", "side", "action", "claimant")}
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
        taking = c.get("action") in ("advance", "capture") and c.get("side") != "UA" or \
            c.get("action") in ("withdrawal",) and c.get("side") == "UA"
        def held(status):  # the claimant's expected outcome, seen from the occupier's side
            return status in ("occupied", "pre2022", "crimea", "grey")
        b_status = status_at(before[-1], c["lon"], c["lat"]) if before else None
        verdict, lag, seen = "not borne out", None, None
        if b_status is not None and held(b_status) == taking:
            verdict = "already"
        else:
            for t in after:
                st = status_at(t, c["lon"], c["lat"])
                if held(st) == taking:
                    verdict = "borne out"
                    lag = (dt.date.fromisoformat(t[:10]) - start).days
                    seen = t
                    break
            if verdict == "not borne out" and not after:
                verdict = "no snapshots"
        out.append({**rec, "verdict": verdict, "lag_days": lag, "before": b_status,
                    "before_time": before[-1] if before else None, "changed_at": seen,
                    "after_time": after[-1] if after else None,
                    "after": status_at(after[-1], c["lon"], c["lat"]) if after else None})
    return out


def status_lookup(store):
    """``status_at(map_time, lon, lat)`` over a store's snapshots, each snapshot read once."""
    cache: dict = {}

    def status_at(map_time: str, lon: float, lat: float) -> str:
        if map_time not in cache:
            cache[map_time] = store.get_snapshot(map_time)
        return str(place_status(cache[map_time], np.array([lon]), np.array([lat]))[0])

    return status_at
