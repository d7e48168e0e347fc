"""Territory snapshots: vocabularies, readers, repairs, map times, the published anchors."""

from __future__ import annotations

import io
import json
import os
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import mapping

from conftest import SHAPES
from geo.errors import BadInput
from geo.territory import area_km2, read_snapshot, status_of


@pytest.mark.parametrize("name,status", [
    ("Окуповано /// Occupied /// geoJSON.status.occupied", "occupied"),
    ("Статус невідомий /// Unknown status\xa0/// geoJSON.status.unknown\n", "grey"),
    ("Звільнено 25.03 /// Liberated 25.03\xa0/// geoJSON.status.dismissed_at {{at:25.03}}", "liberated"),
    ("ОРДЛО /// CADR and CALR\xa0/// geoJSON.territories.ordlo", "pre2022"),
    ("Окупований Крим /// Occupied Crimea\xa0/// geoJSON.territories.crimea", "crimea"),
    ("Острів Тузла /// Occupied Tuzla Island\xa0/// geoJSON.territories.tuzla", "crimea"),
    ("Окупована область Петсамо\n///\nOccupied Petsamo\n/// geoJSON.territories.petsamo\n", "drop"),
    ("Тимчасово окупована східна Пруссія.\n///\nEast Prussia is temporarily occupied.\n/// geoJSON.territories.prussia",
     "drop"),
    ("Contested", "grey"), ("Taken back", "liberated"), ("Liberated 04.09", "liberated"),
    ("Окуповано", "occupied"), ("Звільнено", "liberated"), ("Сіра зона", "grey"), ("ОРДЛО", "pre2022"),
    ("Unknown status", "grey"), ("Occupied", "occupied"), ("occupied", "occupied"), ("free", "liberated"),
    ("Direction of attack", None),
])
def test_every_vocabulary_maps_to_one_set(name, status):
    assert status_of(name) == status


def _feed(features) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _feature(name, geom, z=True):
    g = mapping(geom)
    if z and g["type"] == "Polygon":
        g = {"type": "Polygon", "coordinates": [[[x, y, 0.0] for x, y in ring] for ring in g["coordinates"]]}
    return {"type": "Feature", "properties": {"name": name}, "geometry": g}


OCC = "Окуповано /// Occupied /// geoJSON.status.occupied"


@pytest.mark.parametrize("shape", ["square", "clockwise", "hole", "multipart", "bowtie"])
def test_feed_shapes_are_read_valid_and_2d(tmp_path, shape):
    geom = SHAPES[shape]
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_text(json.dumps(_feed([_feature(OCC, geom, z=(shape != "multipart"))])), encoding="utf-8")
    snap = read_snapshot(p)
    occ = snap.layers["occupied"]
    assert occ.is_valid and not shapely.has_z(occ)
    if shape == "bowtie":
        assert snap.repairs == 1
        assert area_km2(occ) == pytest.approx(area_km2(shapely.make_valid(geom)), rel=1e-6)
    else:
        assert snap.repairs == 0
        assert area_km2(occ) == pytest.approx(area_km2(geom), rel=1e-6)
    assert area_km2(SHAPES["square"]) == pytest.approx(14.8 * 22.2, rel=0.03)  # 0.2° x 0.2° at 48° N


UNHEARD = "Something unheard of /// ??? /// geoJSON.status.new_word"


def test_points_jokes_and_empties_are_dropped(tmp_path):
    feats = [
        _feature(OCC, SHAPES["square"]),
        _feature(OCC, SHAPES["empty"], z=False),
        {"type": "Feature", "properties": {"name": "Direction of attack"}, "geometry": {"type": "Point", "coordinates": [37, 48, 0]}},
        _feature("Окупована область Петсамо /// Occupied Petsamo /// geoJSON.territories.petsamo",
                 shapely.box(30.0, 69.0, 31.0, 69.5)),
        _feature("Окупована Курильська гряда /// Occupied Kuril Islands /// geoJSON.territories.kurils",
                 shapely.box(146.0, 43.5, 148.0, 45.0)),
    ]
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_text(json.dumps(_feed(feats)), encoding="utf-8")
    snap = read_snapshot(p)
    assert set(snap.layers) == {"occupied"}
    assert area_km2(snap.layers["occupied"]) == pytest.approx(area_km2(SHAPES["square"]), rel=1e-6)
    assert snap.dropped == 2 and not snap.unknown
    # an unknown word refuses the file, naming the feature and the word; --drop-unknown drops it, counted
    p.write_text(json.dumps(_feed(feats + [_feature(UNHEARD, shapely.box(36.0, 47.0, 36.1, 47.1))])), encoding="utf-8")
    with pytest.raises(BadInput, match=r"feature 5: unknown status 'Something unheard of.*--status-map"):
        read_snapshot(p)
    snap = read_snapshot(p, drop_unknown=True)
    assert snap.dropped == 3 and snap.unknown == {UNHEARD: 1}
    assert area_km2(snap.layers["occupied"]) == pytest.approx(area_km2(SHAPES["square"]), rel=1e-6)


def test_known_status_outside_the_theatre_is_refused(tmp_path):
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_text(json.dumps(_feed([_feature(OCC, SHAPES["square"]),
                                   _feature(OCC, shapely.box(140.0, 45.0, 141.0, 46.0))])), encoding="utf-8")
    with pytest.raises(BadInput, match=r"feature 1: polygon at \[140.50, 45.50\] lies outside the theatre"):
        read_snapshot(p)


def test_statuses_are_disjoint_and_add_up(tmp_path):
    feats = [_feature(OCC, shapely.box(37.0, 48.0, 37.2, 48.2)),
             _feature("ОРДЛО /// CADR and CALR /// geoJSON.territories.ordlo", shapely.box(37.1, 48.0, 37.4, 48.2)),
             _feature("Статус невідомий /// Unknown status /// geoJSON.status.unknown", shapely.box(36.9, 48.0, 37.05, 48.2))]
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_text(json.dumps(_feed(feats)), encoding="utf-8")
    snap = read_snapshot(p)
    a = snap.areas()
    union = area_km2(shapely.box(37.0, 48.0, 37.4, 48.2))
    assert a["occupied_total"] == pytest.approx(union, rel=1e-4)
    assert a["grey"] == pytest.approx(area_km2(shapely.box(36.9, 48.0, 37.0, 48.2)), rel=1e-4)


def test_map_time_is_the_feeds_not_the_files(tmp_path):
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_text(json.dumps(_feed([_feature(OCC, SHAPES["square"])])), encoding="utf-8")
    os.utime(p, (1_700_000_000, 1_700_000_000))  # a download date in November 2023
    assert read_snapshot(p).map_time == "2024-08-31T20:46:00Z"
    q = tmp_path / "1725137160.geojson"  # the archive's Unix-time ids
    q.write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_snapshot(q).map_time == "2024-08-31T20:46:00Z"
    r = tmp_path / "map.geojson"
    r.write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BadInput, match="--time"):
        read_snapshot(r)
    assert read_snapshot(r, time="2025-01-02T03:04Z").map_time == "2025-01-02T03:04:00Z"


def test_plain_occupied_file(tmp_path):
    p = tmp_path / "occupied_2025-05-01.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": mapping(SHAPES["multipart"])}]}), encoding="utf-8")
    snap = read_snapshot(p)
    assert snap.map_time == "2025-05-01T00:00:00Z" and set(snap.layers) == {"occupied"}
    assert snap.source_kind == "plain"


@pytest.mark.parametrize("suffix", ["geojson", "gpkg"])
def test_status_property_files_and_status_map(tmp_path, suffix):
    gdf = gpd.GeoDataFrame({"status": ["Russian held", "contested", "occupied"]},
                           geometry=[shapely.box(37, 48, 37.1, 48.1), shapely.box(37.2, 48, 37.3, 48.1),
                                     shapely.box(37.4, 48, 37.5, 48.1)], crs=4326)
    p = tmp_path / f"control_2025-06-01.{suffix}"
    gdf.to_file(p)
    snap = read_snapshot(p, status_map={"Russian held": "occupied"})
    assert set(snap.layers) == {"occupied", "grey"}
    assert snap.areas()["occupied"] == pytest.approx(2 * area_km2(shapely.box(37, 48, 37.1, 48.1)), rel=0.01)
    with pytest.raises(BadInput, match="feature 0: unknown status 'Russian held' \\(field status\\)"):
        read_snapshot(p)
    unmapped = read_snapshot(p, drop_unknown=True)
    assert unmapped.unknown == {"Russian held": 1} and unmapped.dropped == 1


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>My front map</name>
<Folder><name>Occupied</name>
  <Placemark><name>Pocket</name><styleUrl>#poly-red</styleUrl><Polygon><outerBoundaryIs><LinearRing><coordinates>
  37.0,48.0,0 37.2,48.0,0 37.2,48.2,0 37.0,48.2,0 37.0,48.0,0</coordinates></LinearRing></outerBoundaryIs>
  <innerBoundaryIs><LinearRing><coordinates>37.05,48.05 37.15,48.05 37.15,48.15 37.05,48.15 37.05,48.05</coordinates>
  </LinearRing></innerBoundaryIs></Polygon></Placemark>
</Folder>
<Folder><name>Grey zone</name>
  <Placemark><name>Contested strip</name><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>
  37.2,48.0 37.3,48.0 37.3,48.2 37.2,48.2 37.2,48.0</coordinates></LinearRing></outerBoundaryIs></Polygon>
  </MultiGeometry></Placemark>
</Folder>
<Placemark><name>Liberated</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
  36.8,48.0 36.9,48.0 36.9,48.1 36.8,48.1 36.8,48.0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>"""


@pytest.mark.parametrize("kmz", [False, True])
def test_kml_and_kmz_from_google_my_maps(tmp_path, kmz):
    if kmz:
        p = tmp_path / "front_2025-06-01T1200Z.kmz"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("doc.kml", KML)
        p.write_bytes(buf.getvalue())
    else:
        p = tmp_path / "front_2025-06-01T1200Z.kml"
        p.write_text(KML, encoding="utf-8")
    snap = read_snapshot(p)
    assert snap.map_time == "2025-06-01T12:00:00Z"
    assert set(snap.layers) == {"occupied", "grey", "liberated"}
    assert snap.areas()["occupied"] == pytest.approx(area_km2(SHAPES["hole"]), rel=1e-4)


@pytest.mark.parametrize("content,message", [
    (b"not json at all", "not valid JSON: Expecting value at line 1 column 1"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"x": 1}, "geometry": '
     b'{"type": "Polygon", "coordinates": [[[37, 48], [37.1, 48], [37.1, 48.1], [37, 48]]]}}]}', "not a snapshot"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"x": 1}, "geometry": '
     b'{"type": "Point", "coordinates": [37, 48]}}]}', r"holds no polygon \(1 Point\)"),
])
def test_bad_snapshot_files(tmp_path, content, message):
    p = tmp_path / "deepstate_2024-08-31T2046Z.geojson"
    p.write_bytes(content)
    with pytest.raises(BadInput, match=message):
        read_snapshot(p)


def test_real_feed_drops_jokes_and_counts(shared):
    snap = read_snapshot(shared("data", "deepstate", "raw", "deepstate_2024-08-31T2046Z.geojson"))
    assert snap.map_time == "2024-08-31T20:46:00Z"
    assert snap.dropped >= 12  # Petsamo, Karelia, East Prussia, Kuril islands, Abkhazia, ...
    a = snap.areas()
    assert 26_000 < a["crimea"] < 28_000  # Crimea with Sevastopol, ~27,000 km²
    assert 15_000 < a["pre2022"] < 18_000  # the parts of Donetsk and Luhansk oblasts held before 2022
    assert 100_000 < a["occupied_total"] < 120_000
