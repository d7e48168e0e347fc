"""Writers of GeoDataFrame layers (events, claims, snapshots): GeoJSON, CSV, KML, GeoPackage."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LinearRing, MultiPoint, MultiPolygon, Point, Polygon, box

from geo import export
from geo.atomic import write_atomic
from geo.errors import BadInput, WorkFailed

KML = "{http://www.opengis.net/kml/2.2}"
KYIV = (30.5238, 50.4547)

# A clockwise exterior (the RFC says counter-clockwise), many decimals to round.
CW = Polygon([(30.1234567891, 50.1), (30.1, 50.3), (30.4, 50.3000004), (30.4, 50.1)])
# A counter-clockwise exterior with a counter-clockwise hole (the RFC says clockwise holes).
HOLED = Polygon([(36.0, 48.0), (37.0, 48.0), (37.0, 49.0), (36.0, 49.0)],
                [[(36.2, 48.2), (36.4, 48.2), (36.4, 48.4), (36.2, 48.4)]])
MULTI = MultiPolygon([CW, Polygon([(31.0, 51.0), (31.5, 51.0), (31.5, 51.5)])])

GEOMETRIES = {
    "point": Point(*KYIV),
    "polygon_cw": CW,
    "polygon_hole": HOLED,
    "multipolygon": MULTI,
    "none": None,
    "empty": Polygon(),
}
SENTENCE = 'Shelling near <script>alert(1)</script> & "Kyiv" ]]> reported'


def test_fixture_geometries_are_what_they_claim():
    assert not shapely.is_ccw(LinearRing(CW.exterior.coords))
    assert shapely.is_ccw(LinearRing(HOLED.interiors[0].coords))


def events(geoms: list) -> gpd.GeoDataFrame:
    """An events layer, one feature per geometry."""
    n = len(geoms)
    return gpd.GeoDataFrame({
        "event_id": [f"ev{i}" for i in range(n)],
        "start": [f"2024-02-{i + 1:02d}" for i in range(n)],
        "end": [f"2024-02-{i + 1:02d}" if i % 2 == 0 else f"2024-03-{i + 1:02d}" for i in range(n)],
        "date_precision": ["day"] * n,
        "type": ["shelling"] * n,
        "actors": ["RU,UA"] * n,
        "place_id": [703448 + i for i in range(n)],
        "place_name": [f"Place {i} & Co" for i in range(n)],
        "sentence": [SENTENCE] * n,
        "doc_id": ["doc1"] * n,
        "source": ["kyivindependent"] * n,
        "confidence": [0.5 if i % 2 else float("nan") for i in range(n)],
    }, geometry=list(geoms), crs="EPSG:4326")


def claims(geoms: list) -> gpd.GeoDataFrame:
    gdf = events(geoms)
    gdf.insert(0, "claim_id", [f"cl{i}" for i in range(len(gdf))])
    gdf["claimant"] = "MoD"
    gdf["side"] = ["RU", "UA"] * (len(gdf) // 2) + ["RU"] * (len(gdf) % 2)
    gdf["action"] = "captured"
    return gdf


def snapshots() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "snapshot_id": ["s1", "s2"],
        "map_time": ["2024-02-01T21:00:00Z", "2024-02-02T21:00:00Z"],
        "source": ["deepstatemap", "deepstatemap"],
        "status": ["occupied", "occupied"],
        "area_km2": [1234.5, 1240.25],
    }, geometry=[HOLED, MULTI], crs="EPSG:4326")


def _numbers(coords):
    if isinstance(coords, (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _numbers(c)


def _polygons(geom: dict) -> list:
    """The coordinate lists of each polygon in a GeoJSON geometry."""
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["coordinates"])
    return []


def _assert_rfc7946_geometry(geom: dict) -> None:
    for poly in _polygons(geom):
        assert shapely.is_ccw(LinearRing(poly[0])), "exterior ring must be counter-clockwise"
        for hole in poly[1:]:
            assert not shapely.is_ccw(LinearRing(hole)), "holes must be clockwise"
    for v in _numbers(geom["coordinates"]):
        assert round(v, 6) == v
    assert not re.search(r"\d\.\d{7,}", json.dumps(geom)), "more than 6 decimals in the text"


# -- GeoJSON -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(GEOMETRIES))
def test_geojson_each_geometry(kind, tmp_path):
    gdf = claims([GEOMETRIES[kind], Point(*KYIV)])
    text = export.layer_to_geojson(gdf)
    fc = json.loads(text)
    assert "crs" not in fc
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    geom = fc["features"][0]["geometry"]
    if kind in ("none", "empty"):
        assert geom is None
    else:
        assert geom["type"] == GEOMETRIES[kind].geom_type
        _assert_rfc7946_geometry(geom)
        # rounding moved no vertex by more than half a millionth of a degree
        got = shapely.normalize(shapely.geometry.shape(geom))
        assert shapely.equals_exact(got, shapely.normalize(GEOMETRIES[kind]), tolerance=1e-6)
    assert fc["features"][1]["geometry"] == {"type": "Point", "coordinates": [30.5238, 50.4547]}

    path = tmp_path / "layer.geojson"
    path.write_text(text, encoding="utf-8")
    back = pyogrio.read_dataframe(path)
    assert len(back) == len(gdf)
    for col in ("claim_id", "event_id", "place_name", "sentence", "actors", "side"):
        assert list(back[col]) == list(gdf[col])
    assert list(pd.to_datetime(back["start"]).dt.strftime("%Y-%m-%d")) == list(gdf["start"])
    assert back["confidence"].isna().tolist() == gdf["confidence"].isna().tolist()
    assert back.geometry.isna().tolist()[0] == (kind in ("none", "empty"))


def test_geojson_orients_rings_and_rounds():
    fc = json.loads(export.layer_to_geojson(claims([CW, HOLED, MULTI])))
    for f in fc["features"]:
        _assert_rfc7946_geometry(f["geometry"])
    assert len(fc["features"][1]["geometry"]["coordinates"]) == 2  # the hole survived
    assert fc["features"][0]["geometry"]["coordinates"][0][0] == [30.123457, 50.1]


def test_geojson_kyiv_lon_lat_and_properties():
    gdf = events([Point(*KYIV), None])
    gdf["when"] = [dt.date(2024, 2, 1), pd.NaT]
    fc = json.loads(export.layer_to_geojson(gdf))
    f0, f1 = fc["features"]
    assert f0["geometry"]["coordinates"] == [30.5238, 50.4547]
    assert f0["properties"]["confidence"] is None  # NaN -> null
    assert f1["properties"]["confidence"] == 0.5
    assert f0["properties"]["when"] == "2024-02-01" and f1["properties"]["when"] is None
    assert f0["properties"]["place_id"] == 703448 and f0["properties"]["sentence"] == SENTENCE
    assert f1["geometry"] is None
    assert "geometry" not in f0["properties"]


def test_geojson_reprojects_to_wgs84():
    gdf = events([Point(*KYIV)]).to_crs(3857)
    fc = json.loads(export.layer_to_geojson(gdf))
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert lon == pytest.approx(30.5238, abs=1e-6) and lat == pytest.approx(50.4547, abs=1e-6)


def test_geojson_is_strict_json():
    text = export.layer_to_geojson(events([None]))
    assert "NaN" not in text
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))


@st.composite
def random_polygons(draw):
    lon = st.floats(-179.0, 169.0, allow_nan=False)
    lat = st.floats(-84.0, 74.0, allow_nan=False)
    if draw(st.booleans()):
        x0, y0 = draw(lon), draw(lat)
        w, h = draw(st.floats(1e-3, 10.0)), draw(st.floats(1e-3, 10.0))
        shell = list(box(x0, y0, x0 + w, y0 + h).exterior.coords)
        if draw(st.booleans()):
            shell.reverse()
        holes = []
        if draw(st.booleans()):
            hole = list(box(x0 + w / 4, y0 + h / 4, x0 + w / 2, y0 + h / 2).exterior.coords)
            if draw(st.booleans()):
                hole.reverse()
            holes.append(hole)
        return Polygon(shell, holes)
    pts = draw(st.lists(st.tuples(lon, lat), min_size=3, max_size=12))
    hull = MultiPoint(pts).convex_hull
    if hull.geom_type != "Polygon" or hull.area < 1e-3:
        return box(0.5, 0.5, 1.5, 1.5)
    shell = list(hull.exterior.coords)
    if draw(st.booleans()):
        shell.reverse()
    return Polygon(shell)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(random_polygons(), min_size=1, max_size=4), st.booleans())
def test_geojson_property_ccw_and_six_decimals(polys, as_multi):
    geoms = [MultiPolygon(polys)] if as_multi else polys
    fc = json.loads(export.layer_to_geojson(claims(geoms)))
    assert len(fc["features"]) == len(geoms)
    for f in fc["features"]:
        _assert_rfc7946_geometry(f["geometry"])


# -- GeoPackage ----------------------------------------------------------------------------------------


def _declared_types(path: Path, table: str) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return {row[1]: row[2] for row in con.execute(f'PRAGMA table_info("{table}")')}


def _sql(path: Path, table: str) -> str:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]


def test_gpkg_dates_are_date_fields(tmp_path):
    gdf = claims(list(GEOMETRIES.values()))
    gdf.loc[3, ["start", "end"]] = None
    path = tmp_path / "out.gpkg"
    export.layer_to_gpkg(gdf, path, "claims")

    info = pyogrio.read_info(path, layer="claims")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["start"] == "OFTDate" and types["end"] == "OFTDate"
    assert types["confidence"] == "OFTReal" and types["sentence"] == "OFTString"
    assert info["features"] == len(gdf)
    declared = _declared_types(path, "claims")
    assert declared["start"] == "DATE" and declared["end"] == "DATE"
    assert '"start" DATE' in _sql(path, "claims")

    back = pyogrio.read_dataframe(path, layer="claims")
    assert len(back) == len(gdf)
    want = [None if pd.isna(s) else dt.date.fromisoformat(s) for s in gdf["start"]]
    got = [None if pd.isna(v) else pd.Timestamp(v).date() for v in back["start"]]
    assert got == want
    assert [pd.Timestamp(v).date() for v in back["end"].dropna()] == \
        [dt.date.fromisoformat(s) for s in gdf["end"].dropna()]
    assert list(back["sentence"]) == [SENTENCE] * len(gdf)
    assert list(back["claim_id"]) == list(gdf["claim_id"])
    assert back["confidence"].isna().tolist() == gdf["confidence"].isna().tolist()
    # missing and empty geometries are NULL; the others come back equal
    assert back.geometry.isna().tolist() == [False, False, False, False, True, True]
    for a, b in zip(back.geometry[:4], gdf.geometry[:4]):
        assert shapely.equals(a, b)
    with sqlite3.connect(path) as con:
        assert con.execute('SELECT "start" FROM claims WHERE claim_id = ?', ("cl0",)).fetchone()[0] == "2024-02-01"


def test_gpkg_point_layer_crs_and_type(tmp_path):
    path = tmp_path / "ev.gpkg"
    export.layer_to_gpkg(events([Point(*KYIV), None]), path, "events")
    info = pyogrio.read_info(path, layer="events")
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"


def test_gpkg_keeps_other_layers_and_replaces_same_name(tmp_path):
    path = tmp_path / "frontline.gpkg"
    export.layer_to_gpkg(events([Point(*KYIV)]), path, "events")
    export.layer_to_gpkg(snapshots(), path, "snapshots")
    export.layer_to_gpkg(events([Point(*KYIV), Point(31, 51), None]), path, "events")
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"events", "snapshots"}
    assert pyogrio.read_info(path, layer="events")["features"] == 3
    assert pyogrio.read_info(path, layer="snapshots")["features"] == 2
    assert layers["snapshots"] == "MultiPolygon"  # Polygon + MultiPolygon promoted
    assert sorted(os.listdir(tmp_path)) == ["frontline.gpkg"]


def test_gpkg_failure_mid_write_leaves_nothing(tmp_path, monkeypatch):
    import pyogrio.raw

    real = pyogrio.raw.write

    def write_then_fail(path, *args, **kwargs):
        real(path, *args, **kwargs)
        assert Path(path).exists()  # the temporary file really was written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pyogrio.raw, "write", write_then_fail)
    path = tmp_path / "out.gpkg"
    with pytest.raises(OSError):
        export.layer_to_gpkg(events([Point(*KYIV)]), path, "events")
    assert os.listdir(tmp_path) == []


def test_gpkg_failure_keeps_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "out.gpkg"
    export.layer_to_gpkg(events([Point(*KYIV)]), path, "events")
    before = path.read_bytes()
    with pytest.raises(BadInput, match="start: row 1"):
        bad = events([Point(*KYIV)])
        bad["start"] = ["1 March"]
        export.layer_to_gpkg(bad, path, "events")
    import pyogrio.raw

    def fail(path, *args, **kwargs):
        raise pyogrio.errors.DataSourceError("boom")

    monkeypatch.setattr(pyogrio.raw, "write", fail)
    with pytest.raises(WorkFailed):
        export.layer_to_gpkg(events([Point(*KYIV)]), path, "other")
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["out.gpkg"]


def test_gpkg_unwritable_folder_raises_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        export.layer_to_gpkg(events([Point(*KYIV)]), blocker / "out.gpkg", "events")
    with pytest.raises(BadInput, match="cannot write"):
        export.write_layer(events([Point(*KYIV)]), "gpkg", blocker / "out.gpkg", "events")
    assert os.listdir(tmp_path) == ["file.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_gpkg_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OSError):
            export.layer_to_gpkg(events([Point(*KYIV)]), ro / "out.gpkg", "events")
        assert os.listdir(ro) == []
    finally:
        ro.chmod(0o755)


def test_gpkg_creates_missing_folder(tmp_path):
    path = tmp_path / "a" / "b" / "out.gpkg"
    export.layer_to_gpkg(events([Point(*KYIV)]), path, "events")
    assert pyogrio.read_info(path, layer="events")["features"] == 1
    assert os.listdir(path.parent) == ["out.gpkg"]


# -- CSV -----------------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_point_layer_has_lon_lat():
    gdf = events([Point(*KYIV), Point(30.1234567, 50.7654321), None])
    text = export.layer_to_csv(gdf)
    rows = _rows(text)
    header = next(csv.reader(io.StringIO(text)))
    assert header[-2:] == ["lon", "lat"] and "geometry" not in header and "wkt" not in header
    assert header[:-2] == [c for c in gdf.columns if c != "geometry"]
    assert (float(rows[0]["lon"]), float(rows[0]["lat"])) == KYIV
    assert (rows[1]["lon"], rows[1]["lat"]) == ("30.123457", "50.765432")
    assert (rows[2]["lon"], rows[2]["lat"]) == ("", "")
    assert rows[0]["confidence"] == "" and rows[1]["confidence"] == "0.5"
    assert rows[0]["sentence"] == SENTENCE and rows[0]["actors"] == "RU,UA"
    assert rows[0]["start"] == "2024-02-01"


def test_csv_point_layer_reprojected():
    rows = _rows(export.layer_to_csv(events([Point(*KYIV)]).to_crs(3857)))
    assert float(rows[0]["lon"]) == pytest.approx(30.5238, abs=1e-6)
    assert float(rows[0]["lat"]) == pytest.approx(50.4547, abs=1e-6)


def test_csv_polygon_layer_has_wkt():
    geoms = [CW, HOLED, MULTI, None, Point(*KYIV)]
    rows = _rows(export.layer_to_csv(claims(geoms)))
    assert "wkt" in rows[0] and "lon" not in rows[0] and "geometry" not in rows[0]
    for row, want in zip(rows, geoms):
        if want is None:
            assert row["wkt"] == ""
            continue
        got = shapely.from_wkt(row["wkt"])
        assert got.geom_type == want.geom_type
        assert shapely.equals_exact(shapely.normalize(got), shapely.normalize(want), tolerance=1e-6)
    assert [r["claim_id"] for r in rows] == [f"cl{i}" for i in range(len(geoms))]


def test_csv_snapshots():
    rows = _rows(export.layer_to_csv(snapshots()))
    assert [r["map_time"] for r in rows] == ["2024-02-01T21:00:00Z", "2024-02-02T21:00:00Z"]
    assert rows[1]["area_km2"] == "1240.25"
    assert shapely.from_wkt(rows[1]["wkt"]).geom_type == "MultiPolygon"


# -- KML -----------------------------------------------------------------------------------------------


def test_kml_placemarks_times_and_coordinates():
    gdf = events([Point(*KYIV), CW, HOLED, MULTI, None])
    text = export.layer_to_kml(gdf)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{KML}kml"
    doc = root.find(f"{KML}Document")
    assert "GeoNames, DeepStateMap, geoBoundaries, OpenStreetMap contributors" in doc.findtext(f"{KML}description")
    marks = doc.findall(f"{KML}Placemark")
    assert len(marks) == len(gdf)
    for m, (_, row) in zip(marks, gdf.iterrows()):
        assert m.findtext(f"{KML}name") == row["place_name"]  # '&' escaped and read back
        span = m.find(f"{KML}TimeSpan")
        assert span.findtext(f"{KML}begin") == row["start"]
        assert span.findtext(f"{KML}end") == row["end"]
    assert marks[0].find(f"{KML}Point").findtext(f"{KML}coordinates") == "30.5238,50.4547"
    outer = marks[1].find(f".//{KML}outerBoundaryIs//{KML}coordinates").text.split()
    assert outer[0] == "30.123457,50.1"
    assert all(-180 <= float(c.split(",")[0]) <= 180 and 30 < float(c.split(",")[0]) < 31 for c in outer)
    assert len(marks[2].findall(f".//{KML}innerBoundaryIs")) == 1
    multi = marks[3].find(f"{KML}MultiGeometry")
    assert multi is not None and len(multi.findall(f"{KML}Polygon")) == 2
    no_geom = marks[4]
    assert not any(no_geom.find(f"{KML}{t}") is not None for t in ("Point", "Polygon", "MultiGeometry"))


def test_kml_escapes_article_text():
    gdf = events([Point(*KYIV)])
    gdf["place_name"] = ["<script>x</script> & Co"]
    text = export.layer_to_kml(gdf, title="a <b> & c")
    assert "<script>" not in text
    root = ET.fromstring(text.encode("utf-8"))
    mark = root.find(f".//{KML}Placemark")
    assert mark.findtext(f"{KML}name") == "<script>x</script> & Co"
    assert root.find(f"{KML}Document").findtext(f"{KML}name") == "a <b> & c"
    desc = mark.findtext(f"{KML}description")
    assert "<script>" not in desc and "&lt;script&gt;" in desc  # HTML-escaped inside the table
    assert "<table>" in desc and "<th>sentence</th>" in desc
    assert "]]&gt;" in desc  # the ']]>' in the sentence did not end the CDATA section


def test_kml_snapshots_use_timestamp_and_fallback_names():
    root = ET.fromstring(export.layer_to_kml(snapshots()).encode("utf-8"))
    marks = root.findall(f".//{KML}Placemark")
    assert [m.findtext(f"{KML}name") for m in marks] == ["s1", "s2"]
    assert [m.findtext(f"{KML}TimeStamp/{KML}when") for m in marks] == ["2024-02-01T21:00:00Z", "2024-02-02T21:00:00Z"]
    assert all(m.find(f"{KML}TimeSpan") is None for m in marks)


# -- write_layer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,writer", [("geojson", export.layer_to_geojson), ("csv", export.layer_to_csv)])
def test_write_layer_text_formats(fmt, writer, tmp_path):
    gdf = events([Point(*KYIV), None])
    text = export.write_layer(gdf, fmt, None, "events")
    assert isinstance(text, str) and text == writer(gdf)
    out = tmp_path / f"events.{fmt}"
    assert export.write_layer(gdf, fmt, out, "events") is None
    assert out.read_text(encoding="utf-8") == text
    assert os.listdir(tmp_path) == [out.name]


def test_write_layer_kml_uses_layer_as_title():
    text = export.write_layer(events([Point(*KYIV)]), "kml", None, "events")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.find(f"{KML}Document").findtext(f"{KML}name") == "events"


def test_write_layer_gpkg(tmp_path):
    out = tmp_path / "frontline.gpkg"
    assert export.write_layer(events([Point(*KYIV)]), "gpkg", str(out), "events") is None
    assert _declared_types(out, "events")["start"] == "DATE"
    with pytest.raises(BadInput, match=r"--format gpkg needs -o FILE"):
        export.write_layer(events([Point(*KYIV)]), "gpkg", None, "events")


def test_write_layer_unknown_format():
    with pytest.raises(BadInput, match="unknown format"):
        export.write_layer(events([Point(*KYIV)]), "shp", None, "events")


def test_existing_writers_unchanged(tmp_path):
    records = [{"name": "Kyiv", "lat": 50.45466, "lon": 30.5238}, {"name": "x"}]
    text = export.to_geojson(records)
    fc = json.loads(text)
    assert fc["features"][0]["geometry"]["coordinates"] == [30.5238, 50.45466]
    assert fc["features"][1]["geometry"] is None
    # through a file and back with GDAL's reader: the same place, the same names, no geometry for the second
    write_atomic(tmp_path / "m.geojson", text)
    back = gpd.read_file(tmp_path / "m.geojson")
    assert list(back["name"]) == ["Kyiv", "x"] and back.crs.to_epsg() == 4326
    assert abs(back.geometry[0].x - records[0]["lon"]) < 1e-6 and abs(back.geometry[0].y - records[0]["lat"]) < 1e-6
    assert back.geometry[1] is None
