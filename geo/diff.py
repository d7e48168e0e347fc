"""Comparing snapshots: ground gained and lost, by oblast, settlements that changed hands, the front line and
its length, and territory as change intervals. Series live in ``geo.series``, claim checking in ``geo.verify``,
the map's data in ``geo.mapdata``.

All areas are measured in the equal-area projection centred on Ukraine (``territory.EQUAL_AREA``); lengths
on the WGS84 ellipsoid (geodesic). Occupied = occupied + pre2022 + crimea, as DeepState counts it; the grey
zone apart. Gained = occupied in TO and not in FROM; lost = the reverse (ground retaken).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import numpy as np
import shapely
from shapely import STRtree

from .errors import BadInput
from .territory import EQUAL_AREA, OCCUPIED, STATUSES, THEATRE, Snapshot, area_km2, to_equal_area

__all__ = ["diff", "DiffResult", "front_line", "front_length_km", "place_status", "SLIVER_KM2", "FRONT_TOLERANCE_M",
           "gained_lost", "change_intervals", "step_task"]

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


def _parts(geom) -> list:
    """The polygons with an area in a geometry (the parts of a multi-part geometry or a collection)."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom] if geom.area > 0 else []
    return [p for g in getattr(geom, "geoms", []) for p in _parts(g)]


@lru_cache(maxsize=2)
def _land_edge(land) -> object:
    """The state border and coast widened by ``FRONT_TOLERANCE_M`` (equal-area metres); one land serves every
    map of a run, so it is buffered once, after a 50 m simplification of the outline (a quarter of the time,
    the tolerance within 5 %)."""
    return to_equal_area(land.boundary).simplify(FRONT_TOLERANCE_M / 20).buffer(FRONT_TOLERANCE_M)


def front_line(snap: Snapshot, land) -> object:
    """The front line of a snapshot (WGS84 lines): the edge of the occupied area (with the grey zone) that
    lies inside Ukraine's land -- not the state border, not the coast."""
    if land is None:
        return None
    occ = snap.occupied()
    if "grey" in snap.layers:
        occ = shapely.union_all([occ, snap.layers["grey"]])
    inside = occ.intersection(land)  # set operations in lon/lat, where shared edges coincide exactly
    edge = to_equal_area(inside.boundary).difference(_land_edge(land))
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
    for status in reversed(STATUSES):  # later wins: precedence
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
    west, south, east, north = THEATRE
    pick = np.flatnonzero((kinds == "settlement") & np.isin(countries, ["UA", "RU"])
                          & (lons > west) & (lons < east) & (lats > south) & (lats < north))
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


def diff(a: Snapshot, b: Snapshot, boundaries=None, gazetteer=None, sliver_km2: float = SLIVER_KM2,
         fronts: bool = True) -> DiffResult:
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
    fronts : bool
        With boundaries, also draw and measure the front lines (``front_length_km``).
    """
    if not (math.isfinite(sliver_km2) and sliver_km2 >= 0):
        raise BadInput(f"--sliver-km2: {sliver_km2:g} is not an area of 0 km² or more")
    # Set operations run in lon/lat, where edges the two maps share coincide exactly; every area is then
    # measured in the equal-area projection.
    occ_a, occ_b = a.occupied(), b.occupied()
    gained, lost = occ_b.difference(occ_a), occ_a.difference(occ_b)
    pieces = [(change, part) for change, geom in (("gained", gained), ("lost", lost)) for part in _parts(geom)]
    summary, notes = _summary(a, b, occ_a, occ_b, gained, lost, pieces, sliver_km2)
    drawn: dict = {}
    if boundaries is not None:
        summary["by_oblast"] = _by_oblast(boundaries.oblasts, occ_b, gained, lost)
        rows = _pieces_by_oblast(boundaries.oblasts, pieces)
        if fronts:
            drawn = {a.map_time: front_line(a, boundaries.land), b.map_time: front_line(b, boundaries.land)}
            summary["front_length_km"] = {"from": front_length_km(drawn[a.map_time]),
                                          "to": front_length_km(drawn[b.map_time])}
    else:
        rows = [(change, part, None, None) for change, part in pieces]
        notes.append("by_oblast and front_length_km need boundaries: run `frontline boundaries pull` or give "
                     "--boundaries DIR (a geoBoundaries ADM1 GeoJSON and a land outline)")
    if gazetteer is not None:
        summary["settlements"] = _settlements(a, b, gazetteer)
    if notes:
        summary["notes"] = notes
    return DiffResult(summary, _pieces_frame(a, b, rows, sliver_km2), drawn)


def _summary(a: Snapshot, b: Snapshot, occ_a, occ_b, gained, lost, pieces: list, sliver_km2: float
             ) -> tuple[dict, list[str]]:
    """The areas of both maps, gained, lost, net, the grey zone's change and the slivers; and the notes."""
    grey_a = a.geometry("grey") if "grey" in a.layers else None
    grey_b = b.geometry("grey") if "grey" in b.layers else None
    occ_km2 = (area_km2(occ_a), area_km2(occ_b))
    grey_km2 = (area_km2(grey_a) if grey_a is not None else None, area_km2(grey_b) if grey_b is not None else None)
    slivers = [p for p in pieces if area_km2(p[1]) < sliver_km2]
    summary: dict = {
        "from": {"time": a.map_time, "source": a.source, "occupied_km2": round(occ_km2[0], 2),
                 "grey_km2": round(grey_km2[0], 2) if grey_km2[0] is not None else None},
        "to": {"time": b.map_time, "source": b.source, "occupied_km2": round(occ_km2[1], 2),
               "grey_km2": round(grey_km2[1], 2) if grey_km2[1] is not None else None},
        "gained_km2": round(area_km2(gained), 2),
        "lost_km2": round(area_km2(lost), 2),
        "net_km2": round(occ_km2[1] - occ_km2[0], 2),
        "grey_change_km2": round(grey_km2[1] - grey_km2[0], 2) if None not in grey_km2 else None,
        "slivers": {"count": len(slivers), "km2": round(sum(area_km2(p[1]) for p in slivers), 6),
                    "threshold_km2": sliver_km2},
    }
    notes = []
    if grey_a is None or grey_b is None:
        notes.append("grey zone unknown for a snapshot that is a plain occupied-area file")
    return summary, notes


def _by_oblast(obl, occ_b, gained, lost) -> list[dict]:
    """Per oblast: ground gained and lost, occupied area and share at TO; most gained first."""
    by = []
    for name, iso, g in zip(obl["oblast"], obl["iso"], obl.geometry.values):
        land_km2 = area_km2(g)
        occ_here = area_km2(occ_b.intersection(g))
        by.append({"oblast": name, "iso": iso, "gained_km2": round(area_km2(gained.intersection(g)), 2),
                   "lost_km2": round(area_km2(lost.intersection(g)), 2), "occupied_km2": round(occ_here, 2),
                   "occupied_share": round(occ_here / land_km2, 4) if land_km2 else None})
    return sorted(by, key=lambda r: (-r["gained_km2"], r["oblast"]))


def _pieces_by_oblast(obl, pieces: list) -> list[tuple]:
    """The gained and lost pieces cut along the oblasts: (change, polygon, oblast, iso), outside any (None)."""
    rows = []
    obl_geoms = list(obl.geometry.values)
    for change, part in pieces:
        hit = False
        for name, iso, g in zip(obl["oblast"], obl["iso"], obl_geoms):
            if part.intersects(g):
                for piece in _parts(part.intersection(g)):
                    rows.append((change, piece, name, iso))
                    hit = True
        if not hit:
            rows.append((change, part, None, None))
    return rows


def _pieces_frame(a: Snapshot, b: Snapshot, rows: list[tuple], sliver_km2: float) -> "geopandas.GeoDataFrame":  # noqa: F821
    """The pieces as a layer: from, to, side, change, area, oblast, iso, sliver."""
    import geopandas as gpd

    geoms = [r[1] for r in rows]
    areas = [area_km2(g) for g in geoms]
    return gpd.GeoDataFrame({
        "from": [a.map_time] * len(rows), "to": [b.map_time] * len(rows), "side": ["RU"] * len(rows),
        "change": [r[0] for r in rows], "area_km2": [round(x, 4) for x in areas],
        "oblast": [r[2] for r in rows], "iso": [r[3] for r in rows],
        "sliver": [x < sliver_km2 for x in areas],
    }, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)


def step_task(payload: tuple) -> dict:
    """One step of a series on a cluster's worker: (store URL, FROM time, TO time) -> gained and lost km²
    between them."""
    from .store import open_store

    url, t0, t1 = payload
    with open_store(url, create=False) as st:
        a, b = st.get_snapshot(t0), st.get_snapshot(t1)
    return gained_lost(a.occupied(), b.occupied())


def gained_lost(occ_a, occ_b) -> dict:
    """Ground gained and lost (km², to 0.01) between two occupied areas, overlaid only where they differ."""
    lost, gained = _layer_diff(occ_a, occ_b)
    return {"gained_km2": round(area_km2(shapely.MultiPolygon(gained)), 2),
            "lost_km2": round(area_km2(shapely.MultiPolygon(lost)), 2)}


def _edges(geom) -> np.ndarray:
    """Every edge of a polygonal geometry's rings as rows (x0, y0, x1, y1), directed so that the interior lies on
    its left: an edge both maps have with the interior on the same side is where they agree."""
    rings = shapely.get_rings(shapely.get_parts(shapely.orient_polygons(geom)))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    return np.hstack([xy[:-1][same], xy[1:][same]])


def _missing(rows: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The rows (edges) of ``rows`` that ``other`` lacks, compared exactly (a hash finds the candidate)."""
    def key(x: np.ndarray) -> np.ndarray:
        u = np.ascontiguousarray(x).view(np.uint64)
        return (u[:, 0] * np.uint64(0x9E3779B97F4A7C15)) ^ (u[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)) \
            ^ (u[:, 2] * np.uint64(0x165667B19E3779F9)) ^ (u[:, 3] * np.uint64(0x27D4EB2F165667C5))

    ko = key(other)
    order = np.argsort(ko)
    sk, kr = ko[order], key(rows)
    i = np.minimum(np.searchsorted(sk, kr), len(sk) - 1)
    found = (sk[i] == kr) & (other[order[i]] == rows).all(axis=1)
    return rows[~found]


def _changed_boxes(a, b, cell: float = 0.05) -> list | None:
    """Disjoint rectangles (lon/lat, on a grid of ``cell`` degrees) holding every directed edge that one of ``a`` and
    ``b`` has and the other lacks. ``a - b`` and ``b - a`` lie inside them: each piece of either is bounded by such
    edges (where the two share an edge with the interior on the same side, they agree on both sides of it), and
    a piece's outer boundary is connected, so it lies in one cluster's rectangle. None when the rectangles would
    cover most of the maps (then they are diffed whole)."""
    ea, eb = _edges(a), _edges(b)
    if not len(ea) or not len(eb):
        return None
    odd = np.vstack([_missing(ea, eb), _missing(eb, ea)])
    if not len(odd):
        return []
    # each edge's bounding box widened to whole grid cells (and one cell more): few distinct boxes to merge
    lo = np.floor(np.minimum(odd[:, :2], odd[:, 2:]) / cell) - 1
    hi = np.floor(np.maximum(odd[:, :2], odd[:, 2:]) / cell) + 2
    cells = np.unique(np.hstack([lo, hi]), axis=0)
    if len(cells) > 2000:  # changed nearly everywhere: diff whole
        return None
    r = _merge_rects(cells) * cell
    xmin, ymin = min(a.bounds[0], b.bounds[0]), min(a.bounds[1], b.bounds[1])
    xmax, ymax = max(a.bounds[2], b.bounds[2]), max(a.bounds[3], b.bounds[3])
    if ((r[:, 2] - r[:, 0]) * (r[:, 3] - r[:, 1])).sum() > 0.5 * (xmax - xmin) * (ymax - ymin):
        return None
    return list(shapely.box(r[:, 0], r[:, 1], r[:, 2], r[:, 3]))


def _merge_rects(r: np.ndarray) -> np.ndarray:
    """Rectangles (rows xmin, ymin, xmax, ymax) replaced by the bounding boxes of the groups of them that meet
    (touching counts), again until no two meet."""
    while True:
        meet = ((r[:, None, 0] <= r[None, :, 2]) & (r[None, :, 0] <= r[:, None, 2])
                & (r[:, None, 1] <= r[None, :, 3]) & (r[None, :, 1] <= r[:, None, 3]))
        label = np.arange(len(r))
        while True:  # each rectangle takes the smallest label among those it meets, until nothing changes
            new = np.where(meet, label[None, :], len(r)).min(axis=1)
            if (new == label).all():
                break
            label = new
        if len(np.unique(label)) == len(r):
            return r
        groups = np.unique(label, return_inverse=True)[1].ravel()
        out = np.empty((groups.max() + 1, 4))
        out[:, :2], out[:, 2:] = np.inf, -np.inf
        np.minimum.at(out[:, 0], groups, r[:, 0])
        np.minimum.at(out[:, 1], groups, r[:, 1])
        np.maximum.at(out[:, 2], groups, r[:, 2])
        np.maximum.at(out[:, 3], groups, r[:, 3])
        r = out


def _layer_diff(prev, cur) -> tuple[list, list]:
    """(prev - cur, cur - prev) as polygons: overlaid only inside the rectangles where the two maps differ."""
    boxes = _changed_boxes(prev, cur)
    if boxes is None:
        return _parts(prev.difference(cur)), _parts(cur.difference(prev))
    lost, fresh = [], []
    for box in boxes:
        p, c = prev.intersection(box), cur.intersection(box)
        lost += _parts(p.difference(c))
        fresh += _parts(c.difference(p))
    return lost, fresh


class _Intervals:
    """One status's pieces of ground over a sequence of maps, fed one layer at a time (``step``).

    Each consecutive pair of layers is diffed once. The pieces still held are carried forward untouched; only
    those the lost ground touches (found with an STRtree over the active pieces) are cut, so the work grows
    with the number of maps times the ground that changed, not with the whole area. Ended pieces collect in
    ``rows`` as (polygon, start, end).
    """

    def __init__(self) -> None:
        self.rows: list[tuple[object, str, str]] = []
        self.pieces: list = []  # the active polygons, and when each began
        self.starts: list[str] = []
        self.prev = shapely.MultiPolygon()

    def step(self, cur, t: str) -> None:
        """The layer (a polygon, maybe empty) of the map at ``t``."""
        pieces, starts, prev = self.pieces, self.starts, self.prev
        if cur.is_empty:  # all of it ends here
            self.rows += [(p, t0, t) for p, t0 in zip(pieces, starts)]
            self.pieces, self.starts, self.prev = [], [], cur
            return
        if pieces and cur.equals_exact(prev, 0.0):  # unchanged: every piece carries on
            return
        lost, fresh = _layer_diff(prev, cur) if not prev.is_empty else ([], _parts(cur))
        if lost:
            hit_lost, hit_piece = STRtree(pieces).query(lost, predicate="intersects")
            cut = np.unique(hit_piece)
            for k in cut:
                near = [lost[j] for j in hit_lost[hit_piece == k]]
                gone = near[0] if len(near) == 1 else shapely.union_all(near)
                self.rows += [(p, starts[k], t) for p in _parts(pieces[k].intersection(gone))]
                kept = _parts(pieces[k].difference(gone))
                pieces += kept
                starts += [starts[k]] * len(kept)
            stay = np.ones(len(pieces), dtype=bool)
            stay[cut] = False
            pieces = [p for p, s in zip(pieces, stay) if s]
            starts = [t0 for t0, s in zip(starts, stay) if s]
        self.pieces, self.starts, self.prev = pieces + fresh, starts + [t] * len(fresh), cur

    def close(self, last: str) -> list[tuple[object, str, str]]:
        """Every piece, those still held ending at ``last``."""
        return self.rows + [(p, t0, last) for p, t0 in zip(self.pieces, self.starts)]


def change_intervals(snaps: Iterable[Snapshot], end_time: str | None = None, tolerance_m: float = 0.0,
                     min_km2: float = SLIVER_KM2) -> "geopandas.GeoDataFrame":  # noqa: F821
    """Territory as change intervals: each piece of ground with the interval [start, end) in which its
    status holds, instead of one full copy of the map per snapshot.

    Parameters
    ----------
    snaps : iterable of Snapshot
        In time order; read once, one at a time (a generator keeps only the current map in memory).
    end_time : str, optional
        Where the last snapshot's pieces end (default: one day after it).
    tolerance_m : float
        Simplify each piece by this many metres, and round its coordinates to about a tenth of that (0: neither);
        the map states it.
    min_km2 : float
        Pieces smaller than this are left out of the map (they stay in every measured figure).

    Returns
    -------
    GeoDataFrame
        ``status``, ``start``, ``end`` and the ground (one feature per status and interval), by start.
    """
    import geopandas as gpd

    empty = gpd.GeoDataFrame({"status": [], "start": [], "end": []}, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    statuses = STATUSES
    runs = {status: _Intervals() for status in statuses}
    t = None
    for snap in snaps:
        t = snap.map_time
        for status in statuses:
            g = snap.layers.get(status)
            runs[status].step(g if g is not None else shapely.MultiPolygon(), t)
    if t is None:
        return empty
    last = end_time or (dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
                        + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    merged: dict[tuple, list] = {}  # pieces of one status and interval belong together: one feature each
    for status in statuses:
        rows = runs[status].close(last)
        if not rows:
            continue
        parts = np.array([r[0] for r in rows], dtype=object)
        big = gpd.GeoSeries(parts, crs=4326).to_crs(EQUAL_AREA).area.to_numpy() >= min_km2 * 1e6
        if tolerance_m:
            parts[big] = shapely.simplify(parts[big], tolerance_m / 111_000.0, preserve_topology=True)
        for (_, t0, t1), part in zip((r for r, b in zip(rows, big) if b), parts[big]):
            merged.setdefault((status, t0, t1), []).append(part)
    recs = [{"status": k[0], "start": k[1], "end": k[2], "geometry": shapely.union_all(v)} for k, v in merged.items()]
    if tolerance_m and recs:  # coordinates to about a tenth of the tolerance: a lighter map, nothing visible lost
        decimals = int(np.floor(-np.log10(tolerance_m / 111_000.0 / 10)))
        rounded = shapely.transform([r["geometry"] for r in recs], lambda xy: np.round(xy, decimals))
        for r, g in zip(recs, rounded):
            r["geometry"] = g
    recs.sort(key=lambda r: (r["start"], r["status"], r["end"]))
    return gpd.GeoDataFrame(recs, geometry="geometry", crs=4326) if recs else empty
