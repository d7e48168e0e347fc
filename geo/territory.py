"""Territory-control snapshots: reading, one status vocabulary, validity repair, equal-area measures.

A snapshot is the map at one time: for each status -- occupied, pre2022 (CADR and CALR, held before 2022),
crimea, grey (the grey zone), liberated -- one (multi)polygon in EPSG:4326. Statuses are made disjoint on
reading (crimea, then pre2022, then occupied, then grey, then liberated keep what they overlap), so areas add
up: "occupied" as DeepState counts it is occupied + pre2022 + crimea.

Readers:

- DeepStateMap raw feeds (``properties.name`` = "<Ukrainian> /// <English> /// geoJSON.status.<code>"):
  every vocabulary the feed has used, mapped by ``data/status_vocabulary.csv``; joke polygons (Petsamo, East
  Prussia, ...) and points dropped; the Z value dropped; invalid polygons repaired and counted. The map time is
  the feed's own: the API's, or the time in the archive's file name (``deepstate_2024-08-31T2046Z``, or a
  Unix-time id), never the file's modification date.
- plain occupied-area files: one MultiPolygon, the date in the file name (``occupied_2025-05-01.geojson``);
- any GeoJSON or GeoPackage with a ``status`` property (``status_map`` maps other words);
- KML/KMZ as Google My Maps exports them: a Placemark's status from its folder's name, else its style's, else
  its own name, through the same vocabulary.

What is not a territory map is refused (``BadInput``, one line naming the file, the feature and the value), never
stored as an empty snapshot: coordinates that are not longitude and latitude (projected metres: give the CRS, or
a GeoJSON's legacy ``crs`` member reprojects it), polygons outside the theatre (swapped axes are named as such),
NaN or infinite coordinates, a file with no polygon, one whose every polygon was dropped, an unknown status word
(unless ``drop_unknown``), a map time in the future.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from .documents import input_path, read_input
from .errors import BadInput
from .settings import max_input_bytes, project_data_dir
from .vocab import OCCUPIED, STATUSES

__all__ = ["Snapshot", "read_snapshot", "read_snapshots", "from_feed", "status_of", "STATUSES", "OCCUPIED",
           "EQUAL_AREA", "THEATRE", "to_equal_area", "area_km2", "parse_time"]

EQUAL_AREA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs"
"""Lambert azimuthal equal-area centred on Ukraine: areas in m^2 without distortion."""
THEATRE = (21.0, 43.5, 41.5, 53.5)
"""lon/lat box of the war's theatre (Ukraine, Russia's west, their neighbours); a polygon whose centre lies
outside is refused, unless its status word maps to "drop"."""
_POLYGONAL = ("Polygon", "MultiPolygon", "GeometryCollection")
_GUESSES = ("EPSG:3857", "EPSG:3035")
"""Projected CRSs tried when coordinates are metres: Web Mercator (web maps), ETRS89 LAEA Europe."""


@lru_cache(maxsize=1)
def _vocabulary() -> list[tuple[re.Pattern, str]]:
    with (project_data_dir() / "status_vocabulary.csv").open(newline="", encoding="utf-8") as f:
        return [(re.compile(r["pattern"], re.I | re.M), r["status"]) for r in csv.DictReader(f)]


def status_of(name: str, extra: dict[str, str] | None = None) -> str | None:
    """A feature name or status word -> one of ``STATUSES``, "drop", or None when unknown.

    >>> status_of("Окуповано /// Occupied /// geoJSON.status.occupied"), status_of("Contested")
    ('occupied', 'grey')
    >>> status_of("Окупована область Петсамо /// Occupied Petsamo /// geoJSON.territories.petsamo")
    'drop'
    """
    text = (name or "").replace("\xa0", " ").strip()
    if extra:
        for word, status in extra.items():
            if text.lower() == word.lower():
                return status
    code = text.rsplit("///", 1)[-1].strip() if "///" in text else ""
    for rx, status in _vocabulary():
        if code and rx.search(code):
            return status
    for rx, status in _vocabulary():
        if rx.search(text):
            return status
    return None


@lru_cache(maxsize=4)
def _transformer(inverse: bool = False):
    from pyproj import Transformer

    return Transformer.from_crs(EQUAL_AREA if inverse else "EPSG:4326", "EPSG:4326" if inverse else EQUAL_AREA,
                                always_xy=True)


def to_equal_area(geom, inverse: bool = False):
    """Project a WGS84 geometry to ``EQUAL_AREA`` metres (or back with ``inverse``)."""
    t = _transformer(inverse)
    if not inverse and geom.geom_type != "Point" and geom.geom_type != "MultiPoint":
        # long straight edges in lon/lat (a box, a plain-file simplification) are curves in the projection:
        # add vertices every 0.02° (~2 km) so both sides of an edge project alike
        geom = shapely.segmentize(geom, 0.02)
    out = shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
    if out.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection") and not out.is_valid:
        out = shapely.make_valid(out)  # reprojection can nudge a touching ring across its neighbour
    return out


def area_km2(geom) -> float:
    """Area of a WGS84 geometry in km², measured in the equal-area projection."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(to_equal_area(geom).area) / 1e6


@dataclass
class Snapshot:
    """The map at one time: a polygon per status (EPSG:4326), disjoint."""

    map_time: str
    source: str
    layers: dict[str, object] = field(default_factory=dict)
    repairs: int = 0
    dropped: int = 0
    unknown: dict[str, int] = field(default_factory=dict)
    path: str = ""

    @property
    def snapshot_id(self) -> str:
        """A stable id from the source and the map time."""
        return hashlib.sha256(f"{self.source}|{self.map_time}".encode()).hexdigest()[:16]

    def geometry(self, status: str):
        """The polygon of one status (an empty polygon when absent)."""
        return self.layers.get(status) or shapely.MultiPolygon()

    def occupied(self):
        """Occupied as DeepState counts it: occupied, pre2022 and crimea together."""
        parts = [self.layers[s] for s in OCCUPIED if s in self.layers and not self.layers[s].is_empty]
        if len(parts) == 1:  # a plain occupied-area map: nothing to union
            return parts[0]
        return shapely.union_all(parts) if parts else shapely.MultiPolygon()

    def areas(self) -> dict[str, float]:
        """km² per status, and ``occupied_total`` (occupied + pre2022 + crimea)."""
        out = {s: round(area_km2(g), 3) for s, g in self.layers.items()}
        out["occupied_total"] = round(sum(out.get(s, 0.0) for s in OCCUPIED), 3)
        return out

    source_kind: str = "feed"
    crs: str = ""
    """The CRS the file's coordinates were converted from ("" when they were longitude and latitude)."""


# ---------------------------------------------------------------------------------------------------------
# Time


_NAME_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T_ ](\d{2}):?(\d{2})(?::?(\d{2}))?Z?)?")


def parse_time(value: str, where: str = "--time") -> str:
    """An ISO date or datetime (or a Unix time) -> 'YYYY-MM-DDTHH:MM:SSZ' (UTC)."""
    v = str(value).strip()
    if re.fullmatch(r"\d{9,10}", v):
        return dt.datetime.fromtimestamp(int(v), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        t = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})Z", v)
        if not m:
            raise BadInput(f"{where}: {value!r} is not an ISO date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MMZ)") from None
        t = dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:{m.group(3)}+00:00")
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    if t.year < 1900:  # no map of this war is older; and strftime writes such years unpadded
        raise BadInput(f"{where}: {value!r} is before 1900")
    try:
        return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OverflowError:
        raise BadInput(f"{where}: {value!r} is out of the range of dates") from None


def _not_future(map_time: str, where: str) -> None:
    """``BadInput`` for a map time more than an hour after now (a map cannot show what has not happened)."""
    now = dt.datetime.now(dt.timezone.utc)
    if dt.datetime.fromisoformat(map_time.replace("Z", "+00:00")) > now + dt.timedelta(hours=1):
        raise BadInput(f"{where}: map time {map_time} is in the future (now {now:%Y-%m-%dT%H:%MZ}); times without "
                       "an offset are UTC")


def time_from_name(path: Path) -> str | None:
    """The map time a file's name carries: 'deepstate_2024-08-31T2046Z', 'occupied_2025-05-01', '1725137160'."""
    stem = path.name.split(".")[0]
    if re.fullmatch(r"\d{9,10}", stem):
        return parse_time(stem)
    m = _NAME_TIME.search(stem)
    if not m:
        return None
    day, hh, mm, ss = m.groups()
    return parse_time(f"{day}T{hh or '00'}:{mm or '00'}:{ss or '00'}+00:00", f"{path}: the map time in its name")


# ---------------------------------------------------------------------------------------------------------
# Building a snapshot


def _polygonal(geom, counter: list[int]):
    """2-D, valid, polygonal part of a geometry; counts repairs."""
    if geom is None or geom.is_empty:
        return None
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    if not geom.is_valid:
        counter[0] += 1
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def _num(v: float) -> str:
    return f"{v:.6f}".rstrip("0").rstrip(".")


def _inside(x: float, y: float) -> bool:
    return THEATRE[0] <= x <= THEATRE[2] and THEATRE[1] <= y <= THEATRE[3]


_BOX = f"lon {_num(THEATRE[0])}..{_num(THEATRE[2])}, lat {_num(THEATRE[1])}..{_num(THEATRE[3])}"


def _to_wgs84(crs: str, where: str = "--crs"):
    """(CRS name, a function of an (n, 2) array) converting ``crs`` to lon/lat; None for WGS84 itself."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        src = CRS.from_user_input(crs)
    except CRSError:
        raise BadInput(f"{where}: {crs!r} is not a coordinate reference system (give e.g. EPSG:3857)") from None
    if src.equals(CRS("EPSG:4326"), ignore_axis_order=True):
        return None
    t = Transformer.from_crs(src, "EPSG:4326", always_xy=True)
    return src.to_string(), lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))


def _guess_crs(x: float, y: float) -> str | None:
    """A common projected CRS in which (x, y) lies in the theatre."""
    from pyproj import Transformer

    for crs in _GUESSES:
        lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)
        if np.isfinite([lon, lat]).all() and _inside(lon, lat):
            return crs
    return None


def _not_lonlat(where: str, n: int, x: float, y: float, reprojected: tuple | None) -> str:
    at = f"{where}: feature {n}: coordinate [{_num(x)}, {_num(y)}]"
    if reprojected is not None:
        return f"{at} (converted from {reprojected[0]}) is not a longitude and latitude: is that the file's CRS?"
    if max(abs(x), abs(y)) > 1000:
        guess = _guess_crs(x, y)
        hint = (f"as {guess} it lies in the theatre: give --crs {guess}" if guess
                else "give the file's CRS with --crs EPSG:XXXX")
        return (f"{at} is not longitude and latitude but projected (metres?); {hint}, or convert the file to "
                f"longitude and latitude first: ogr2ogr -t_srs EPSG:4326 out.geojson {Path(where).name}")
    return (f"{at} is out of range: longitude lies in -180..180 and latitude in -90..90 "
            "(GeoJSON order is [longitude, latitude])")


def _geometry(geom_json: dict, where: str, n: int, to_wgs84):
    """A feature's geometry, checked: finite numbers, converted to lon/lat (``to_wgs84``), within range."""
    try:
        with np.errstate(invalid="ignore"):  # NaN is refused below, in words, not as a RuntimeWarning
            geom = shape(geom_json)
    except (shapely.errors.ShapelyError, ValueError, TypeError, LookupError) as e:  # coordinates shapely cannot read
        raise BadInput(f"{where}: feature {n}: field geometry: {e}") from None
    if geom.is_empty:
        return geom
    xy = shapely.get_coordinates(geom)
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        x, y = xy[bad][0]
        raise BadInput(f"{where}: feature {n}: coordinate [{x}, {y}] is not a finite number (GeoJSON allows "
                       "neither NaN nor Infinity)")
    if to_wgs84 is not None:
        raw = xy
        geom = shapely.transform(geom, to_wgs84[1])
        xy = shapely.get_coordinates(geom)
        bad = ~np.isfinite(xy).all(axis=1)
        if bad.any():
            x, y = raw[bad][0]
            raise BadInput(f"{where}: feature {n}: coordinate [{_num(x)}, {_num(y)}] cannot be converted from "
                           f"{to_wgs84[0]}: is that the file's CRS?")
    out = (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)
    if out.any():
        x, y = xy[out][0]
        raise BadInput(_not_lonlat(where, n, x, y, to_wgs84))
    return geom


def _check_theatre(geom, where: str, n: int) -> None:
    """``BadInput`` when a polygon's centre lies outside ``THEATRE``, saying so when swapping axes puts it in."""
    x, y = geom.representative_point().coords[0]
    if _inside(x, y):
        return
    at = f"{where}: feature {n}: polygon at [{x:.2f}, {y:.2f}] lies outside the theatre ({_BOX})"
    if _inside(y, x):
        raise BadInput(f"{at}: latitude and longitude look swapped, as [{y:.2f}, {x:.2f}] it lies inside; "
                       "GeoJSON order is [longitude, latitude]")
    raise BadInput(f"{at}: not this war's map (a status word can be mapped to drop: --status-map WORD=drop)")


def _geometry_type(f) -> str:
    """A feature's geometry type, for counting ("None" without one)."""
    g = f.get("geometry") if isinstance(f, dict) else None
    return str(g.get("type")) if isinstance(g, dict) else "None"


def _require_polygons(features: list, where: str) -> None:
    """``BadInput`` when no feature has a polygon, naming what the file holds instead."""
    kinds = Counter(_geometry_type(f) for f in features)
    if any(k in _POLYGONAL for k in kinds):
        return
    found = ", ".join(f"{v} {k}" for k, v in kinds.most_common()) or "no features"
    raise BadInput(f"{where}: holds no polygon ({found}); a territory map needs Polygon or MultiPolygon features")


def _unknown_status(where: str, n: int, label: str, status_from: str) -> str:
    known = ", ".join(STATUSES)
    if not label.strip():
        return (f"{where}: feature {n}: no status ({status_from} is empty); give the file's status words with "
                "--status-map WORD=STATUS or drop such features with --drop-unknown")
    short = label if len(label) <= 80 else label[:77] + "..."
    word = label.strip() if len(label) <= 40 and not set(label) & set("=,'\n") else "WORD"
    return (f"{where}: feature {n}: unknown status {short!r} ({status_from}); known: {known} and the words of "
            f"status_vocabulary.csv; map it with --status-map '{word}=STATUS' (one of those, or drop) or drop such "
            "features with --drop-unknown")


def _assemble(pieces: dict[str, list], map_time: str, source: str, repairs: int, dropped: int,
              unknown: dict[str, int], path: str, kind: str) -> Snapshot:
    layers = {}
    taken = None
    for status in STATUSES:
        parts = pieces.get(status)
        if not parts:
            continue
        g = shapely.union_all(parts)
        if taken is not None:
            g = g.difference(taken)
        g = _polygonal(g, [0])
        if g is None or g.is_empty:
            continue
        if g.geom_type == "Polygon":
            g = shapely.MultiPolygon([g])
        layers[status] = g
        taken = g if taken is None else shapely.union_all([taken, g])
    return Snapshot(map_time, source, layers, repairs, dropped, unknown, path, kind)


def from_features(features: list[dict], map_time: str, source: str, path: str = "",
                  status_field: str | None = None, status_map: dict[str, str] | None = None,
                  kind: str = "feed", drop_unknown: bool = False, crs: str | None = None,
                  status_from: str | None = None) -> Snapshot:
    """Build a snapshot from GeoJSON-like features (``status_field`` given: that property's word; else the
    DeepState ``name``).

    Parameters
    ----------
    features : list of dict
        GeoJSON features; those without a polygon (points, lines) are not territory and are skipped.
    map_time, source, path : str
        The snapshot's time and source, and the file (for messages).
    status_field : str, optional
        The property holding the status word; the DeepState ``name`` when None.
    status_map : dict, optional
        Words -> statuses, checked before the vocabulary.
    kind : str
        "feed" or "plain".
    drop_unknown : bool
        Drop features of an unknown status word (counted, and listed in ``unknown``) instead of refusing.
    crs : str, optional
        The CRS of the coordinates, when not longitude and latitude: converted to EPSG:4326.
    status_from : str, optional
        Where the status word comes from, for messages (default "field <status_field>").

    Raises
    ------
    BadInput
        A feature that is not an object, a geometry that cannot be read, coordinates that are not finite or
        not longitude and latitude, a polygon outside ``THEATRE``, an unknown status (without
        ``drop_unknown``), no polygon at all, or every polygon dropped.
    """
    where = path or "input"
    field_name = status_field or "name"
    status_from = status_from or f"field {field_name}"
    to_wgs84 = _to_wgs84(crs) if crs else None
    _require_polygons(features, where)
    pieces: dict[str, list] = {}
    repairs = [0]
    dropped = Counter()
    unknown: dict[str, int] = {}
    first_void = None
    for n, f in enumerate(features):
        if not isinstance(f, dict):
            raise BadInput(f"{where}: feature {n}: not a GeoJSON object")
        geom_json = f.get("geometry")
        if not isinstance(geom_json, dict) or geom_json.get("type") not in _POLYGONAL:
            continue  # points (units, arrows, cities) are not territory
        props = f.get("properties") or {}
        if not isinstance(props, dict):
            raise BadInput(f"{where}: feature {n}: field properties: not an object")
        value = props.get(field_name)
        label = "" if value is None else str(value)
        status = status_of(label, status_map)
        if status == "drop":
            dropped["drop"] += 1
            continue
        geom = _geometry(geom_json, where, n, to_wgs84)
        if geom.is_empty:
            continue
        if status is None:
            if not drop_unknown:
                raise BadInput(_unknown_status(where, n, label, status_from))
            unknown[label[:80]] = unknown.get(label[:80], 0) + 1
            dropped["unknown"] += 1
            continue
        geom = _polygonal(geom, repairs)
        if geom is None or geom.is_empty:
            dropped["void"] += 1  # a self-intersecting or flat ring whose repair has no area
            first_void = n if first_void is None else first_void
            continue
        _check_theatre(geom, where, n)
        pieces.setdefault(status, []).append(geom)
    snap = _assemble(pieces, map_time, source, repairs[0], sum(dropped.values()), unknown, path, kind)
    if not snap.layers:
        raise BadInput(_all_dropped(where, dropped, first_void))
    if to_wgs84 is not None:
        snap.crs = to_wgs84[0]
    return snap


def _all_dropped(where: str, dropped: Counter, first_void: int | None) -> str:
    """The message for a file whose every polygon was dropped, saying how many went for which reason."""
    why = [f"{dropped['drop']} mapped to drop (the status vocabulary or --status-map)" if dropped["drop"] else "",
           f"{dropped['unknown']} of unknown status (--drop-unknown)" if dropped["unknown"] else "",
           f"{dropped['void']} without area once repaired (first: feature {first_void})" if dropped["void"] else ""]
    return (f"{where}: every polygon was dropped ({'; '.join(w for w in why if w) or 'all empty'}): "
            "no territory to import")


def from_feed(data: dict, map_time: str, source: str = "DeepStateMap", path: str = "") -> Snapshot:
    """A DeepStateMap raw feed (parsed GeoJSON) at ``map_time``."""
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BadInput(f"{path or 'feed'}: not a GeoJSON FeatureCollection")
    # the live feed's words are DeepState's, not the user's: a new one is reported (unknown), not refused
    return from_features(data["features"], parse_time(map_time), source, path, drop_unknown=True)


def _read_json(path: Path) -> object:
    """A JSON file's value; ``BadInput`` for an empty, binary, non-UTF-8 or malformed file."""
    raw = read_input(path)
    if not raw.strip():
        raise BadInput(f"{path}: empty file")
    encoding = json.detect_encoding(raw)  # UTF-8, or UTF-16/32 with or without a byte-order mark (RFC 8259)
    if encoding.startswith("utf-8") and b"\x00" in raw[:8192]:
        raise BadInput(f"{path}: binary data (NUL bytes), not GeoJSON text")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise BadInput(f"{path}: not {encoding.upper().replace('-SIG', '')} text (byte {raw[e.start]:#04x} at offset "
                       f"{e.start}); GeoJSON is UTF-8: convert it first, e.g. iconv -f cp1251 -t utf-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise BadInput(f"{path}: JSON nested too deeply to read (arrays or objects thousands of levels deep)") from None


def _features(data: object, p: Path) -> list:
    """The features of a GeoJSON value (a FeatureCollection, a Feature or a bare geometry)."""
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadInput(f"{p}: not GeoJSON: a JSON {type(data).__name__} without a \"type\" member")
    kind = data["type"]
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list):
            raise BadInput(f"{p}: field features: not a list")
        if not feats:
            raise BadInput(f"{p}: a FeatureCollection with no features: no territory to import")
        for n, f in enumerate(feats):
            if not isinstance(f, dict):
                raise BadInput(f"{p}: feature {n}: not a GeoJSON object")
            if not isinstance(f.get("properties") or {}, dict):
                raise BadInput(f"{p}: feature {n}: field properties: not an object")
            if not isinstance(f.get("geometry"), (dict, type(None))):
                raise BadInput(f"{p}: feature {n}: field geometry: not a GeoJSON geometry object")
        return feats
    if kind == "Feature":
        return _features({"type": "FeatureCollection", "features": [data]}, p)
    if kind in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                "GeometryCollection"):
        return [{"type": "Feature", "properties": {}, "geometry": data}]
    raise BadInput(f"{p}: field type: {kind!r} is not a GeoJSON type")


def _legacy_crs(data: object, p: Path) -> str | None:
    """The CRS a GeoJSON's legacy (2008) ``crs`` member names, if any."""
    member = data.get("crs") if isinstance(data, dict) else None
    if member is None:
        return None
    name = (member.get("properties") or {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        raise BadInput(f"{p}: field crs: not a named CRS ({{\"type\": \"name\", \"properties\": {{\"name\": ...}}}})")
    return name


def _read_gpkg(p: Path, crs: str | None) -> tuple[list, str | None]:
    """A GeoPackage's first layer as GeoJSON features in its own CRS, and that CRS (``crs`` overrides it)."""
    import warnings

    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    input_path(p)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "more than one layer": the first is read
        try:
            gdf = pyogrio.read_dataframe(p)
        except (DataSourceError, DataLayerError) as e:
            why = str(e).strip().splitlines()[0].split("; ")[0]  # GDAL's first sentence, not its driver hints
            raise BadInput(f"{p}: cannot read as GeoPackage ({why})") from None
    own = gdf.crs.to_string() if getattr(gdf, "crs", None) is not None else None
    if not hasattr(gdf, "geometry"):
        return [], None
    # DATE and DATETIME fields (a QGIS or geopandas file may hold them) as ISO text, any other object as text
    text = gdf.to_json(default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v))
    return json.loads(text).get("features", []), crs or own


def read_snapshot(path: str | Path, source: str | None = None, time: str | None = None,
                  status_map: dict[str, str] | None = None, drop_unknown: bool = False,
                  crs: str | None = None) -> Snapshot:
    """Read a snapshot file: DeepState raw feed, plain occupied-area file, GeoJSON/GeoPackage with a
    ``status`` property, or KML/KMZ.

    Parameters
    ----------
    path : path
        The file.
    source : str, optional
        Who made the map; defaults by format ("DeepStateMap", or the file's name).
    time : str, optional
        The map time, when the file does not carry it.
    status_map : dict, optional
        Words of the file's status field -> frontline statuses (``--status-map``).
    drop_unknown : bool
        Drop features whose status word is unknown (counted) instead of refusing the file.
    crs : str, optional
        The CRS of the file's coordinates (``--crs EPSG:XXXX``), converted to longitude and latitude; a
        GeoPackage's own CRS and a GeoJSON's legacy ``crs`` member are used when it is not given.

    Raises
    ------
    BadInput
        A file that is not a territory map (see the module's doc), with one line naming the file, the feature
        and the value.
    """
    p = input_path(path)
    if time:
        map_time = parse_time(time)
        _not_future(map_time, "--time")
    else:
        map_time = time_from_name(p)
        if map_time is not None:
            _not_future(map_time, f"{p}: the time in its name")
    suffix = p.suffix.lower()
    if suffix in (".kml", ".kmz"):
        if crs and _to_wgs84(crs) is not None:
            raise BadInput(f"--crs: {p}: KML coordinates are always longitude and latitude (WGS 84)")
        if map_time is None:
            raise BadInput(f"{p}: no map time in the file's name: give --time YYYY-MM-DDTHH:MMZ")
        return _read_kml(p, map_time, source or p.stem, status_map, drop_unknown)
    given = crs
    if suffix == ".gpkg":
        feats, crs = _read_gpkg(p, crs)
    else:
        data = _read_json(p)
        feats = _features(data, p)
        crs = crs or _legacy_crs(data, p)
    if crs and _to_wgs84(crs, "--crs" if given else f"{p}: its CRS") is None:
        crs = None  # longitude and latitude already
    _require_polygons(feats, str(p))
    if map_time is None:
        raise BadInput(f"{p}: no map time in the file's name: give --time YYYY-MM-DDTHH:MMZ")
    opts = {"drop_unknown": drop_unknown, "crs": crs}
    names = [str((f.get("properties") or {}).get("name", "")) for f in feats]
    if any("geoJSON." in n for n in names):
        return from_features(feats, map_time, source or "DeepStateMap", str(p), **opts)
    props = [f.get("properties") or {} for f in feats]
    if any("status" in pr for pr in props):
        return from_features(feats, map_time, source or p.stem, str(p), status_field="status", status_map=status_map,
                             **opts)
    polys = [f for f in feats if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    if polys and all(not pr for pr in props):
        # a plain occupied-area file: everything in it is occupied (DeepState's union of all three)
        for f in polys:
            f["properties"] = {"status": "occupied"}
        return from_features(polys, map_time, source or "DeepStateMap (occupied area)", str(p),
                             status_field="status", kind="plain", **opts)
    raise BadInput(f"{p}: not a snapshot: no DeepState names, no 'status' property, not a bare occupied area "
                   f"(give the status words with --status-map)")


def read_snapshots(paths: list[str | Path], source: str | None = None, time: str | None = None,
                   status_map: dict[str, str] | None = None, drop_unknown: bool = False,
                   crs: str | None = None) -> list[Snapshot]:
    """Read several snapshot files (``read_snapshot``), every one before the caller writes any.

    Raises
    ------
    BadInput
        As ``read_snapshot``; also for a file named twice, or two files of the same source and map time.
    """
    seen: dict[Path, str] = {}
    for p in paths:
        key = Path(os.path.realpath(p))  # realpath: a loop of links is read (and refused) below
        if key in seen:
            raise BadInput(f"{p}: named twice in one command")
        seen[key] = str(p)
    out: list[Snapshot] = []
    by_id: dict[str, Snapshot] = {}
    for p in paths:
        snap = read_snapshot(p, source, time, status_map, drop_unknown, crs)
        first = by_id.get(snap.snapshot_id)
        if first is not None:
            raise BadInput(f"{p}: the same source ({snap.source}) and map time ({snap.map_time}) as {first.path}: "
                           "one map per source and time")
        by_id[snap.snapshot_id] = snap
        out.append(snap)
    return out


_KML_NS = re.compile(r"\{.*?\}")


def _read_kml(p: Path, map_time: str, source: str, status_map: dict[str, str] | None,
              drop_unknown: bool = False) -> Snapshot:
    """Google My Maps KML/KMZ: status from the folder name, else the style id, else the placemark's name."""
    import xml.etree.ElementTree as ET

    raw = read_input(p)
    if not raw.strip():
        raise BadInput(f"{p}: empty file")
    if p.suffix.lower() == ".kmz" or raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                info = next((i for i in z.infolist() if i.filename.lower().endswith(".kml")), None)
                if info is None:
                    raise BadInput(f"{p}: a KMZ without a .kml inside")
                if info.file_size > max_input_bytes():
                    raise BadInput(f"{p}: {info.filename} unpacks to {info.file_size / 2**20:,.1f} MB, over the input "
                                   f"limit of {max_input_bytes() / 2**20:,.0f} MB (FRONTLINE_MAX_INPUT_MB)")
                raw = z.read(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
            raise BadInput(f"{p}: not a valid KMZ (zip) file ({e})") from None
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise BadInput(f"{p}: not valid KML ({e})") from None
    for el in root.iter():
        el.tag = _KML_NS.sub("", el.tag)
    features = []

    def walk(node, folder: str) -> None:
        for child in node:
            if child.tag in ("Folder", "Document"):
                walk(child, (child.findtext("name") or folder).strip())
            elif child.tag == "Placemark":
                label = folder
                style = (child.findtext("styleUrl") or "").lstrip("#")
                name = (child.findtext("name") or "").strip()
                status_label = next((x for x in (folder, style, name) if x and status_of(x, status_map)), folder or name)
                for geom in _kml_geoms(child, p):
                    features.append({"type": "Feature", "properties": {"status": status_label, "label": label},
                                     "geometry": geom})

    walk(root, "")
    if not features:
        raise BadInput(f"{p}: holds no polygon (no Placemark with a Polygon); a territory map needs polygons")
    return from_features(features, map_time, source, str(p), status_field="status", status_map=status_map,
                         drop_unknown=drop_unknown, status_from="its folder's, style's or placemark's name")


def _kml_coords(text: str, p: Path) -> list[list[float]]:
    out = []
    for tup in (text or "").split():
        parts = tup.split(",")
        if len(parts) >= 2:
            try:
                out.append([float(parts[0]), float(parts[1])])
            except ValueError:
                raise BadInput(f"{p}: coordinates: {tup[:40]!r} is not longitude,latitude[,altitude]") from None
    return out


def _kml_geoms(node, p: Path) -> list[dict]:
    out = []
    for poly in node.iter("Polygon"):
        outer = poly.find("outerBoundaryIs/LinearRing/coordinates")
        if outer is None:
            continue
        rings = [_kml_coords(outer.text, p)]
        for inner in poly.findall("innerBoundaryIs/LinearRing/coordinates"):
            rings.append(_kml_coords(inner.text, p))
        out.append({"type": "Polygon", "coordinates": rings})
    return out
