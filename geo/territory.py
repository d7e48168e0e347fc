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
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from .errors import BadInput
from .settings import project_data_dir

__all__ = ["Snapshot", "read_snapshot", "from_feed", "status_of", "STATUSES", "OCCUPIED", "EQUAL_AREA",
           "to_equal_area", "area_km2"]

STATUSES = ("crimea", "pre2022", "occupied", "grey", "liberated")
"""In order of precedence where polygons overlap."""
OCCUPIED = ("crimea", "pre2022", "occupied")
"""What DeepState counts as occupied."""
EQUAL_AREA = "+proj=laea +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs"
"""Lambert azimuthal equal-area centred on Ukraine: areas in m^2 without distortion."""
THEATRE = (21.0, 43.5, 41.5, 53.5)
"""lon/lat box of the war's theatre; polygons whose centre lies outside are not this war's map."""


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
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def time_from_name(path: Path) -> str | None:
    """The map time a file's name carries: 'deepstate_2024-08-31T2046Z', 'occupied_2025-05-01', '1725137160'."""
    stem = path.name.split(".")[0]
    if re.fullmatch(r"\d{9,10}", stem):
        return parse_time(stem)
    m = _NAME_TIME.search(stem)
    if not m:
        return None
    day, hh, mm, ss = m.groups()
    return parse_time(f"{day}T{hh or '00'}:{mm or '00'}:{ss or '00'}+00:00")


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


def _in_theatre(geom) -> bool:
    x, y = geom.representative_point().coords[0]
    return THEATRE[0] <= x <= THEATRE[2] and THEATRE[1] <= y <= THEATRE[3]


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
                  kind: str = "feed") -> Snapshot:
    """Build a snapshot from GeoJSON-like features (``status_field`` given: that property's word; else the
    DeepState ``name``)."""
    pieces: dict[str, list] = {}
    repairs = [0]
    dropped = 0
    unknown: dict[str, int] = {}
    for n, f in enumerate(features):
        geom_json = f.get("geometry")
        if not geom_json or geom_json.get("type") not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            continue  # points (units, arrows, cities) are not territory
        props = f.get("properties") or {}
        label = str(props.get(status_field) if status_field else props.get("name", "")) or ""
        status = status_of(label, status_map)
        if status is None:
            unknown[label[:80]] = unknown.get(label[:80], 0) + 1
            dropped += 1
            continue
        if status == "drop":
            dropped += 1
            continue
        try:
            geom = _polygonal(shape(geom_json), repairs)
        except Exception as e:  # a geometry shapely cannot read
            raise BadInput(f"{path or 'input'}: feature {n}: field geometry: {e}") from None
        if geom is None:
            continue
        if not _in_theatre(geom):
            dropped += 1
            continue
        pieces.setdefault(status, []).append(geom)
    return _assemble(pieces, map_time, source, repairs[0], dropped, unknown, path, kind)


def from_feed(data: dict, map_time: str, source: str = "DeepStateMap", path: str = "") -> Snapshot:
    """A DeepStateMap raw feed (parsed GeoJSON) at ``map_time``."""
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BadInput(f"{path or 'feed'}: not a GeoJSON FeatureCollection")
    return from_features(data["features"], parse_time(map_time), source, path)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: not valid GeoJSON ({e})") from None


def read_snapshot(path: str | Path, source: str | None = None, time: str | None = None,
                  status_map: dict[str, str] | None = None) -> Snapshot:
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
    """
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{p}: no such file")
    map_time = parse_time(time) if time else time_from_name(p)
    suffix = p.suffix.lower()
    if suffix in (".kml", ".kmz"):
        if map_time is None:
            raise BadInput(f"{p}: no map time in the file's name: give --time YYYY-MM-DDTHH:MMZ")
        return _read_kml(p, map_time, source or p.stem, status_map)
    if suffix == ".gpkg":
        import geopandas as gpd

        try:
            gdf = gpd.read_file(p)
        except Exception as e:
            raise BadInput(f"{p}: cannot read as GeoPackage ({e})") from None
        data = json.loads(gdf.to_crs(4326).to_json())
    else:
        data = _read_json(p)
    if data.get("type") != "FeatureCollection":
        data = {"type": "FeatureCollection", "features": [data if data.get("type") == "Feature" else
                                                          {"type": "Feature", "properties": {}, "geometry": data}]}
    feats = data.get("features") or []
    if map_time is None:
        raise BadInput(f"{p}: no map time in the file's name: give --time YYYY-MM-DDTHH:MMZ")
    names = [str((f.get("properties") or {}).get("name", "")) for f in feats]
    if any("geoJSON." in n for n in names):
        return from_features(feats, map_time, source or "DeepStateMap", str(p))
    props = [f.get("properties") or {} for f in feats]
    if any("status" in pr for pr in props):
        return from_features(feats, map_time, source or p.stem, str(p), status_field="status", status_map=status_map)
    polys = [f for f in feats if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    if polys and all(not pr for pr in props):
        # a plain occupied-area file: everything in it is occupied (DeepState's union of all three)
        for f in polys:
            f["properties"] = {"status": "occupied"}
        return from_features(polys, map_time, source or "DeepStateMap (occupied area)", str(p),
                             status_field="status", kind="plain")
    raise BadInput(f"{p}: not a snapshot: no DeepState names, no 'status' property, not a bare occupied area "
                   f"(give the status words with --status-map)")


_KML_NS = re.compile(r"\{.*?\}")


def _read_kml(p: Path, map_time: str, source: str, status_map: dict[str, str] | None) -> Snapshot:
    """Google My Maps KML/KMZ: status from the folder name, else the style id, else the placemark's name."""
    import xml.etree.ElementTree as ET

    raw = p.read_bytes()
    if p.suffix.lower() == ".kmz" or raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                name = next((n for n in z.namelist() if n.lower().endswith(".kml")), None)
                if name is None:
                    raise BadInput(f"{p}: a KMZ without a .kml inside")
                raw = z.read(name)
        except zipfile.BadZipFile:
            raise BadInput(f"{p}: not a valid KMZ (zip) file") from None
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
                for geom in _kml_geoms(child):
                    features.append({"type": "Feature", "properties": {"status": status_label, "label": label},
                                     "geometry": geom})

    walk(root, "")
    return from_features(features, map_time, source, str(p), status_field="status", status_map=status_map)


def _kml_coords(text: str) -> list[list[float]]:
    out = []
    for tup in (text or "").split():
        parts = tup.split(",")
        if len(parts) >= 2:
            out.append([float(parts[0]), float(parts[1])])
    return out


def _kml_geoms(node) -> list[dict]:
    out = []
    for poly in node.iter("Polygon"):
        outer = poly.find("outerBoundaryIs/LinearRing/coordinates")
        if outer is None:
            continue
        rings = [_kml_coords(outer.text)]
        for inner in poly.findall("innerBoundaryIs/LinearRing/coordinates"):
            rings.append(_kml_coords(inner.text))
        out.append({"type": "Polygon", "coordinates": rings})
    return out
