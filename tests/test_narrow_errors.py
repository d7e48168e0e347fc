"""Bad input is refused in one line; a bug in the code is not dressed up as bad input (the readers catch what
the libraries raise for bad data, nothing more)."""

from __future__ import annotations

import json

import pytest

from geo import boundaries, territory
from geo.boundaries import load_boundaries
from geo.errors import BadInput
from geo.territory import read_snapshot

SQUARE = {"type": "Polygon", "coordinates": [[[37.0, 47.0], [38.0, 47.0], [38.0, 48.0], [37.0, 48.0], [37.0, 47.0]]]}


def _geojson(path, geometry) -> str:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"status": "occupied"}, "geometry": geometry}]}), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("coords,why", [
    ([[[37.0, 47.0], [38.0, 48.0]]], "linearring requires at least 4 coordinates"),
    ([[["a", 47.0], [38.0, 47.0], [38.0, 48.0], ["a", 47.0]]], "could not convert string to float"),
    ([[{"x": 1}]], ""),
    ([[[37.0]]], ""),
])
def test_unreadable_coordinates_are_bad_input_naming_the_feature(tmp_path, coords, why):
    p = _geojson(tmp_path / "t.geojson", {"type": "Polygon", "coordinates": coords})
    with pytest.raises(BadInput, match=f"t.geojson: feature 0: field geometry: .*{why}"):
        read_snapshot(p, source="test", time="2025-05-01")


def test_a_bug_while_reading_a_geometry_is_not_bad_input(tmp_path, monkeypatch):
    p = _geojson(tmp_path / "t.geojson", SQUARE)
    assert read_snapshot(p, source="test", time="2025-05-01").layers["occupied"].area == pytest.approx(1.0)

    def broken(_):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(territory, "shape", broken)
    with pytest.raises(ZeroDivisionError):
        read_snapshot(p, source="test", time="2025-05-01")


def test_an_unknown_crs_is_bad_input(tmp_path):
    p = _geojson(tmp_path / "t.geojson", SQUARE)
    with pytest.raises(BadInput, match="'EPSG:0' is not a coordinate reference system"):
        read_snapshot(p, source="test", time="2025-05-01", crs="EPSG:0")


def test_unreadable_boundaries_are_bad_input_and_a_bug_is_not(tmp_path, monkeypatch):
    (tmp_path / "geoBoundaries-UKR-ADM1.geojson").write_text("{not json", encoding="utf-8")
    (tmp_path / "ukraine_land.geojson").write_text(json.dumps(SQUARE), encoding="utf-8")
    with pytest.raises(BadInput, match="cannot read boundaries"):
        load_boundaries(tmp_path)
    import geopandas as gpd

    def broken(*a, **k):
        raise KeyError("a bug")

    monkeypatch.setattr(gpd, "read_file", broken)
    with pytest.raises(KeyError):
        load_boundaries(tmp_path)
    assert boundaries.load_boundaries is load_boundaries
