"""Writers: GeoJSON (RFC 7946), CSV and tables of records that carry ``lat``/``lon``, and writers of
GeoDataFrame layers (events, claims, snapshots) to GeoJSON, CSV, KML and GeoPackage.

These functions present; they compute nothing. Output goes to a path atomically (temporary file, then
rename) or to a text stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal
from xml.sax.saxutils import escape as _xml_escape

from .atomic import atomic_path, output_error, write_output
from .errors import BadInput, WorkFailed

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["feature_collection", "to_geojson", "to_csv", "csv_cell", "to_table", "visible", "check_output",
           "layer_to_geojson", "layer_to_csv", "layer_to_kml", "layer_to_gpkg", "write_layer", "ATTRIBUTION"]

_DROP = {"candidates"}


def _props(rec: dict, drop: set[str]) -> dict:
    return {k: v for k, v in rec.items() if k not in drop and k not in ("lat", "lon")}


def feature_collection(records: Iterable[dict], keep_candidates: bool = True) -> dict:
    """Records with ``lat``/``lon`` -> an RFC 7946 FeatureCollection of points (lon, lat; 6 decimals).

    Records without coordinates become features with a null geometry.
    """
    feats = []
    for r in records:
        props = _props(r, set() if keep_candidates else _DROP)
        if r.get("lat") is None or r.get("lon") is None:
            geom = None
        else:
            geom = {"type": "Point", "coordinates": [round(float(r["lon"]), 6), round(float(r["lat"]), 6)]}
        feats.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "features": feats}


def to_geojson(records: Iterable[dict]) -> str:
    """The FeatureCollection as compact-ish JSON text."""
    return json.dumps(feature_collection(records), ensure_ascii=False, indent=None) + "\n"


_CSV_COLUMNS = ["start", "end", "surface", "name", "kind", "country", "admin1", "lat", "lon", "place_id",
                "geo_precision", "precision_km", "katottg", "score", "ambiguous", "candidates"]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(v: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a leading ``'`` (OWASP's advice against CSV injection); numbers, and text that is
    just a number ("-12.5"), are left as they are.

    >>> [csv_cell(x) for x in ("=1+2", "@SUM(A1)", "-12.5", -3, "Kyiv")]
    ["'=1+2", "'@SUM(A1)", '-12.5', -3, 'Kyiv']
    """
    if isinstance(v, str) and v.startswith(_FORMULA) and not _NUMBER.fullmatch(v):
        return "'" + v
    return v


def to_csv(records: list[dict], columns: list[str] | None = None) -> str:
    """Records -> CSV text; ``candidates`` is written as ``name (country)`` joined by ``|``; text cells are
    neutralised against formula injection (``csv_cell``)."""
    cols = columns or _CSV_COLUMNS
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in records:
        row = []
        for c in cols:
            v = r.get(c, "")
            if c == "candidates" and isinstance(v, list):
                v = "|".join(f"{x['name']} ({x['country']})" for x in v)
            row.append("" if v is None else csv_cell(v))
        w.writerow(row)
    return buf.getvalue()


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    r"""``text`` safe for a terminal: control characters (an escape sequence that would recolour, retitle or
    rewrite the screen) shown as ``\xHH``; tabs and line breaks kept.

    >>> visible("Kyiv\x1b[2J\x07")
    'Kyiv\\x1b[2J\\x07'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def to_table(records: list[dict], columns: list[str]) -> str:
    """A plain aligned text table for the terminal: one line per record (line breaks and tabs in a value as
    spaces), control characters made visible (``visible``); None is an empty cell."""
    rows = [[visible(" ".join(("" if r.get(c) is None else str(r[c])).splitlines()).replace("\t", " "))
             for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def check_output(path: str | Path, store: str | Path | None = None) -> Path:
    """An output file a command may write: ``BadInput`` when it is a folder, its folder is missing or not a
    folder or not writable, or it is the store itself (``store``; default ``FRONTLINE_STORE`` or the default
    store). Checked before any work, so a bad path costs nothing."""
    from .store import default_store

    from .atomic import writes_to

    p = Path(path)
    try:
        writes_to(p)  # a loop of links or a link to nothing is refused before any work
    except OSError as e:
        raise BadInput(f"{p}: cannot write ({e.strerror or e})") from None
    if p.is_dir():
        raise BadInput(f"{p}: is a folder: give a file name")
    folder = p.parent
    if not folder.exists():
        raise BadInput(f"{p}: folder {folder} does not exist: create it first, or choose another path")
    if not folder.is_dir():
        raise BadInput(f"{p}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadInput(f"{p}: folder {folder} is not writable")
    st = str(store or default_store())
    if "://" not in st and os.path.realpath(p) == os.path.realpath(st):
        raise BadInput(f"{p}: is the store itself: choose another output file")
    return p


# --------------------------------------------------------------------------------------------------
# GeoDataFrame layers: events, claims, snapshots

ATTRIBUTION = "Data: GeoNames, DeepStateMap, geoBoundaries, OpenStreetMap contributors"

_DECIMALS = 6
_DATE_FIELDS = ("start", "end")
_NAME_FALLBACKS = ("place_name", "name", "event_id", "claim_id", "snapshot_id")
_KML_NS = "http://www.opengis.net/kml/2.2"


def _geometry_name(gdf) -> str | None:
    """The active geometry column's name, or None for a frame without one."""
    try:
        return gdf.geometry.name
    except AttributeError:
        return None


def _wgs84(gdf):
    """The frame in EPSG:4326 (reprojected if it has another CRS; a frame without CRS is taken as 4326)."""
    if _geometry_name(gdf) is None or gdf.crs is None:
        return gdf
    if gdf.crs.to_epsg() == 4326:
        return gdf
    return gdf.to_crs(4326)


def _attributes(gdf) -> list[str]:
    geom = _geometry_name(gdf)
    return [c for c in gdf.columns if c != geom]


def _geoms(gdf, decimals: int | None = _DECIMALS, orient: bool = True):
    """The geometries as an object array: None for missing or empty ones, coordinates rounded, polygons
    with counter-clockwise exteriors and clockwise holes (RFC 7946 section 3.1.6)."""
    import numpy as np
    import shapely

    if _geometry_name(gdf) is None:
        return np.full(len(gdf), None, dtype=object)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    geoms = np.where(missing, None, geoms)
    if decimals is not None:
        def rounded(c):
            return np.round(c, decimals)

        has_z = shapely.has_z(geoms)
        out = np.empty(len(geoms), dtype=object)
        out[~has_z] = shapely.transform(geoms[~has_z], rounded, include_z=False)
        out[has_z] = shapely.transform(geoms[has_z], rounded, include_z=True)
        geoms = out
    if orient:
        geoms = _orient_ccw(geoms)
    return geoms


def _orient_ccw(geoms):
    """Counter-clockwise exteriors and clockwise holes, for an object array of geometries."""
    import numpy as np
    import shapely

    if hasattr(shapely, "orient_polygons"):  # shapely >= 2.1
        return shapely.orient_polygons(geoms)
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    def one(g):
        if isinstance(g, Polygon):
            return orient(g, 1.0)
        if isinstance(g, MultiPolygon):
            return MultiPolygon([orient(p, 1.0) for p in g.geoms])
        if isinstance(g, GeometryCollection):
            return GeometryCollection([one(x) for x in g.geoms])
        return g

    return np.array([None if g is None else one(g) for g in geoms], dtype=object)


def _plain(v: Any) -> Any:
    """A value as JSON-serialisable Python: NaN, NaT and NA -> None, dates -> ISO strings, numpy -> Python."""
    import numpy as np
    import pandas as pd

    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
        items = sorted(v, key=str) if isinstance(v, (set, frozenset)) else list(v)
        return [_plain(x) for x in items]
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        if isinstance(v, np.datetime64):
            return None if np.isnat(v) else pd.Timestamp(v).isoformat()
        v = v.item()
    if isinstance(v, float):
        return None if not math.isfinite(v) else v
    if isinstance(v, int):
        return v
    if isinstance(v, (dt.date, dt.time)):  # datetime and Timestamp are dates too
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def _text(v: Any) -> str:
    """A value as cell text: None -> '', lists and dicts as JSON."""
    v = _plain(v)
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _records(gdf, columns: list[str]) -> list[dict]:
    return [{str(c): r[i] for i, c in enumerate(columns)} for r in gdf[columns].itertuples(index=False, name=None)]


def _fmt(x: float) -> str:
    """A coordinate with at most 6 decimals, no exponent and no trailing zeros."""
    s = f"{x:.{_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def layer_to_geojson(gdf: "gpd.GeoDataFrame") -> str:
    """A layer as RFC 7946 GeoJSON text.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; reprojected to EPSG:4326 if it has another CRS.

    Returns
    -------
    str
        A FeatureCollection: lon/lat coordinates rounded to 6 decimals, counter-clockwise exterior rings and
        clockwise holes, no ``crs`` member, null geometry for missing or empty ones, properties as JSON values
        (dates as ISO strings, NaN as null).
    """
    from shapely.geometry import mapping

    gdf = _wgs84(gdf)
    cols = _attributes(gdf)
    feats = []
    for rec, g in zip(_records(gdf, cols), _geoms(gdf)):
        feats.append({"type": "Feature",
                      "properties": {k: _plain(v) for k, v in rec.items()},
                      "geometry": None if g is None else mapping(g)})
    fc = {"type": "FeatureCollection", "features": feats}
    return json.dumps(fc, ensure_ascii=False, allow_nan=False) + "\n"


def layer_to_csv(gdf: "gpd.GeoDataFrame") -> str:
    """A layer as CSV text.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; reprojected to EPSG:4326 if it has another CRS.

    Returns
    -------
    str
        One row per feature with the attribute columns, then ``lon``, ``lat`` (6 decimals) when every
        geometry present is a Point, else a ``wkt`` column (6 decimals). Missing values are empty cells; text
        that a spreadsheet would run as a formula is neutralised (``csv_cell``).
    """
    import shapely

    gdf = _wgs84(gdf)
    geoms = _geoms(gdf, orient=False)
    present = [g for g in geoms if g is not None]
    has_geometry = _geometry_name(gdf) is not None
    points = all(g.geom_type == "Point" for g in present)
    extra = (["lon", "lat"] if points else ["wkt"]) if has_geometry else []
    cols = [c for c in _attributes(gdf) if str(c) not in extra]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(c) for c in cols] + extra)
    for rec, g in zip(_records(gdf, cols), geoms):
        row = [csv_cell(_text(v)) for v in rec.values()]
        if has_geometry and points:
            row += ["", ""] if g is None else [_fmt(g.x), _fmt(g.y)]
        elif has_geometry:
            row.append("" if g is None else shapely.to_wkt(g, rounding_precision=_DECIMALS, trim=True))
        w.writerow(row)
    return buf.getvalue()


def _kml_coords(coords) -> str:
    return " ".join(",".join(_fmt(c) for c in xy) for xy in coords)


def _kml_geometry(g) -> str:
    """KML for a shapely geometry (lon,lat[,alt] order)."""
    kind = g.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{_kml_coords(g.coords)}</coordinates></Point>"
    if kind in ("LineString", "LinearRing"):
        return f"<LineString><coordinates>{_kml_coords(g.coords)}</coordinates></LineString>"
    if kind == "Polygon":
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r.coords)}</coordinates>"
                        f"</LinearRing></innerBoundaryIs>" for r in g.interiors)
        return (f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{_kml_coords(g.exterior.coords)}"
                f"</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon>")
    # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
    return "<MultiGeometry>" + "".join(_kml_geometry(x) for x in g.geoms if not x.is_empty) + "</MultiGeometry>"


def _xml(v: Any) -> str:
    return _xml_escape(_text(v), {'"': "&quot;"})


def _kml_time(v: Any) -> str:
    """A date or datetime as KML time text (``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ss...``)."""
    return _text(v).strip().replace(" ", "T", 1)


def layer_to_kml(gdf: "gpd.GeoDataFrame", name_field: str = "place_name", title: str = "frontline") -> str:
    """A layer as a KML 2.2 document (Google Earth, QGIS).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; reprojected to EPSG:4326 if it has another CRS.
    name_field : str
        The column that names each Placemark; where it is missing or empty, the first of ``place_name``,
        ``name``, ``event_id``, ``claim_id``, ``snapshot_id`` that has a value.
    title : str
        The Document's name.

    Returns
    -------
    str
        One ``Placemark`` per feature, with a ``TimeSpan`` from ``start``/``end`` (or a ``TimeStamp`` from
        ``map_time``), an HTML table of the other fields as description, and its geometry (none for features
        without one). All text is escaped.
    """
    gdf = _wgs84(gdf)
    cols = _attributes(gdf)
    names = [name_field] + [c for c in _NAME_FALLBACKS if c != name_field]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<kml xmlns="{_KML_NS}">',
           "<Document>",
           f"<name>{_xml(title)}</name>",
           f"<description>{_xml(ATTRIBUTION)}</description>"]
    for i, (rec, g) in enumerate(zip(_records(gdf, cols), _geoms(gdf))):
        name = next((_text(rec[c]) for c in names if c in rec and _text(rec[c])), f"feature {i + 1}")
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(_text(v))}</td></tr>"
                       for k, v in rec.items() if k != name_field)
        desc = f"<table>{rows}</table>".replace("]]>", "]]]]><![CDATA[>")
        parts = ["<Placemark>", f"<name>{_xml(name)}</name>", f"<description><![CDATA[{desc}]]></description>"]
        begin, end = (_kml_time(rec.get(c)) for c in _DATE_FIELDS)
        if begin or end:
            parts.append("<TimeSpan>" + (f"<begin>{_xml(begin)}</begin>" if begin else "")
                         + (f"<end>{_xml(end)}</end>" if end else "") + "</TimeSpan>")
        elif _kml_time(rec.get("map_time")):
            parts.append(f"<TimeStamp><when>{_xml(_kml_time(rec['map_time']))}</when></TimeStamp>")
        if g is not None:
            parts.append(_kml_geometry(g))
        parts.append("</Placemark>")
        out.append("".join(parts))
    out += ["</Document>", "</kml>"]
    return "\n".join(out) + "\n"


def _date_array(col, name: str):
    """ISO date strings (or dates) -> a ``datetime64[D]`` array, NaT for missing values."""
    import numpy as np

    out = np.full(len(col), np.datetime64("NaT"), dtype="datetime64[D]")
    for i, v in enumerate(col):
        p = _plain(v)
        if p is None or p == "":
            continue
        try:
            out[i] = np.datetime64(dt.date.fromisoformat(p[:10] if "T" in p[10:11] else p), "D")
        except (TypeError, ValueError):
            raise BadInput(f"{name}: row {i + 1}: {v!r} is not a date (YYYY-MM-DD)") from None
    return out


def _field_arrays(gdf) -> tuple[list[str], list, list]:
    """The attribute columns as (names, arrays, masks) for pyogrio's raw writer; ``start``/``end`` as
    ``datetime64[D]`` so that GDAL makes them OFTDate (a GeoPackage DATE column)."""
    import numpy as np
    import pandas as pd

    names, data, masks = [], [], []
    for c in _attributes(gdf):
        col = gdf[c]
        mask = None
        if str(c) in _DATE_FIELDS:
            values = _date_array(col, str(c))
        elif isinstance(col.dtype, np.dtype) and col.dtype.kind in "biuf":
            values = col.to_numpy()
        elif isinstance(col.dtype, np.dtype) and col.dtype.kind == "M":
            values = col.to_numpy()  # naive datetimes -> DATETIME
        elif pd.api.types.is_bool_dtype(col.dtype):  # nullable boolean
            values, mask = col.to_numpy(dtype=bool, na_value=False), col.isna().to_numpy()
        elif pd.api.types.is_integer_dtype(col.dtype):  # nullable integers
            values, mask = col.to_numpy(dtype="int64", na_value=0), col.isna().to_numpy()
        elif pd.api.types.is_float_dtype(col.dtype):
            values = col.to_numpy(dtype="float64", na_value=np.nan)
        else:  # text, objects, tz-aware datetimes, categories: as text
            values = np.array([_text(v) if _plain(v) is not None else None for v in col], dtype=object)
        names.append(str(c))
        data.append(values)
        masks.append(mask)
    return names, data, masks


def _ogr_geometry_type(geoms) -> tuple[str, bool]:
    """The layer geometry type for pyogrio and whether to promote single geometries to multi."""
    types = {g.geom_type for g in geoms if g is not None}
    has_z = any(g.has_z for g in geoms if g is not None)
    promote = False
    if len(types) == 1:
        kind = types.pop()
    elif len(types) == 2 and any({f"{t}", f"Multi{t}"} == types for t in ("Point", "LineString", "Polygon")):
        kind, promote = next(t for t in types if t.startswith("Multi")), True
    else:
        kind = "Unknown"
    if has_z and kind != "Unknown":
        kind += " Z"
    return kind, promote


def layer_to_gpkg(gdf: "gpd.GeoDataFrame", path: str | Path, layer: str) -> None:
    """Write a layer into a GeoPackage, atomically.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; written in its CRS (EPSG:4326 when it has none). ``start`` and ``end`` (ISO date strings)
        become DATE fields, which QGIS's temporal controller reads.
    path : str or pathlib.Path
        The GeoPackage. Other layers in an existing file are kept; a layer of the same name is replaced.
    layer : str
        The layer's name.

    Raises
    ------
    BadInput
        A ``start``/``end`` value that is not a date, or an empty layer name.
    WorkFailed
        GDAL failed to write the file.
    OSError
        The folder cannot be created or written.

    Notes
    -----
    The file is built in a temporary folder beside ``path`` (a copy of the existing file, if any) and then
    renamed over it, so ``path`` is never seen half-written.
    """
    import shapely
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import write as ogr_write

    if not layer:
        raise BadInput("a GeoPackage layer needs a name")
    path = Path(path)
    names, data, masks = _field_arrays(gdf)
    geoms = _geoms(gdf, decimals=None, orient=False)
    kind, promote = _ogr_geometry_type(geoms)
    wkb = shapely.to_wkb(geoms) if _geometry_name(gdf) is not None else None
    crs = "EPSG:4326"
    if _geometry_name(gdf) is not None and gdf.crs is not None:
        epsg = gdf.crs.to_epsg()
        crs = f"EPSG:{epsg}" if epsg else gdf.crs.to_wkt("WKT1_GDAL")

    with atomic_path(path, suffix=path.suffix or ".gpkg") as tmp:
        if path.is_file():
            shutil.copy2(path, tmp)  # a layer added to a GeoPackage keeps the others (a device is never read)
        else:
            tmp.unlink()  # GDAL creates the file
        try:
            ogr_write(tmp, wkb, data, names, field_mask=masks, layer=layer, driver="GPKG",
                      geometry_type=kind if wkb is not None else None, promote_to_multi=promote,
                      crs=crs if wkb is not None else None)
        except (DataSourceError, DataLayerError) as e:  # DataLayerError: FieldError, GeometryError, FeatureError
            why = str(e).strip().splitlines()[0]
            why = "database or disk is full" if "disk is full" in why else why[:200]  # not GDAL's whole SQL
            raise WorkFailed(f"{path}: cannot write layer {layer!r} ({why}); the previous file, if any, is "
                             "unchanged") from None


_TEXT_WRITERS = {"geojson": layer_to_geojson, "csv": layer_to_csv}


def write_layer(gdf: "gpd.GeoDataFrame", fmt: Literal["geojson", "gpkg", "csv", "kml"],
                out: str | Path | None, layer: str) -> str | None:
    """Write a layer in a format, to a file or as text.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer.
    fmt : {"geojson", "gpkg", "csv", "kml"}
        The format.
    out : str, pathlib.Path or None
        The file (written atomically); None to return the text (not for ``gpkg``).
    layer : str
        The layer's name: the GeoPackage layer, the KML Document's name.

    Returns
    -------
    str or None
        The text when ``out`` is None, else None.

    Raises
    ------
    BadInput
        An unknown format, ``gpkg`` without ``out``, or a file that cannot be written.
    """
    fmt = getattr(fmt, "value", fmt)  # a str Enum from the command line
    if fmt == "gpkg":
        if out is None:
            raise BadInput("--format gpkg needs -o FILE")
        try:
            layer_to_gpkg(gdf, out, layer)
        except OSError as e:
            raise output_error(out, e) from None
        return None
    if fmt == "kml":
        text = layer_to_kml(gdf, title=layer)
    elif fmt in _TEXT_WRITERS:
        text = _TEXT_WRITERS[fmt](gdf)
    else:
        raise BadInput(f"unknown format {fmt!r}: geojson, gpkg, csv or kml")
    if out is None:
        return text
    write_output(out, text)
    return None
