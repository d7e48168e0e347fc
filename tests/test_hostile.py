"""Hostile input: each class of bad file, value or path exits 2 with one line on stderr (no traceback) and leaves
the store byte-for-byte as it was; and the near misses that must still be accepted."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import mapping
from typer.testing import CliRunner

from geo.cli import app
from geo.documents import decode
from geo.errors import BadInput
from geo.territory import THEATRE, area_km2, read_snapshot

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

SQ = [[37.0, 48.0], [37.2, 48.0], [37.2, 48.2], [37.0, 48.2], [37.0, 48.0]]
OTHER = [[37.3, 48.0], [37.5, 48.0], [37.5, 48.2], [37.3, 48.2], [37.3, 48.0]]
STORED = "control_2025-05-01.geojson"  # the template store holds this file's map
DEEPSTATE_PETSAMO = "Окупована область Петсамо /// Occupied Petsamo /// geoJSON.territories.petsamo"


def feature(ring, status="occupied", gtype="Polygon") -> dict:
    coords = [ring] if gtype == "Polygon" else ring
    return {"type": "Feature", "properties": {"status": status}, "geometry": {"type": gtype, "coordinates": coords}}


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def put(folder: Path, name: str, data) -> str:
    p = folder / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    elif isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(p)


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def run(args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A store holding one map: control_2025-05-01 (a 0.2° square near Kostiantynivka)."""
    d = tmp_path_factory.mktemp("template")
    store = d / "s.gpkg"
    r = run(["snapshot", "import", put(d, STORED, fc(feature(SQ))), "--store", store])
    assert r.exit_code == 0, r.output
    return store


@pytest.fixture
def store(tmp_path, template, monkeypatch) -> Path:
    s = tmp_path / "store" / "s.gpkg"
    s.parent.mkdir()
    shutil.copy(template, s)
    monkeypatch.setenv("FRONTLINE_STORE", str(s))  # every command below uses it unless given --store
    return s


def _kml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'


def _newer_store(t: Path, store: Path) -> Path:
    newer = t / "newer.gpkg"
    shutil.copy(store, newer)
    con = sqlite3.connect(newer)
    with con:
        con.execute("UPDATE frontline_meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    return newer


def _kmz_bomb(t: Path) -> str:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", _kml("<!--" + " " * (2 * 2**20) + "-->"))
    return put(t, "bomb_2025-05-02.kmz", buf.getvalue())


def _sparse(t: Path, name: str, mb: int = 200) -> str:
    p = t / name
    with open(p, "wb") as f:
        f.truncate(mb * 2**20)  # a hole: no 200 MB written, but that is its size
    return str(p)


def _article_with_sidecar(t: Path, sidecar: str) -> str:
    put(t, "report.json", sidecar)
    return put(t, "report.txt", "Russian forces shelled Kramatorsk overnight.")


def _truncated_store(t: Path, store: Path) -> Path:
    cut = t / "cut.gpkg"
    cut.write_bytes(store.read_bytes()[:len(store.read_bytes()) // 2])  # an interrupted copy
    return cut


def _link_loop(t: Path, name: str) -> str:
    (t / name).symlink_to(t / f"other-{name}")
    (t / f"other-{name}").symlink_to(t / name)
    return str(t / name)


DEEP = "[" * 100_000 + "]" * 100_000
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
SNAP = ["snapshot", "import"]
INGEST = ["ingest", "--date", "2025-05-15", "--source", "Test"]

# id -> builder(tmp, store) returning (args, a fragment the one line must hold[, the file that must not change
# instead of the store[, extra environment]])
CASES = {
    "binary-snapshot": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", PNG)], "binary data (NUL bytes)"),
    "binary-article": lambda t, s: (INGEST + [put(t, "a.txt", PNG + b"\x00" * 64)], "binary data (NUL bytes)"),
    "undecodable-article": lambda t, s: (INGEST + [put(t, "a.txt", "Café crème brûlée".encode("latin-1"))],
                                         "not UTF-8 text (invalid byte at offset 3) and not Windows-1251"),
    "cp1251-geojson": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson",
                                                json.dumps(fc(feature(SQ, "Окуповано")), ensure_ascii=False)
                                                .encode("cp1251"))], "GeoJSON is UTF-8: convert it first"),
    "utf16-no-bom-truncated": lambda t, s: (INGEST + [put(t, "a.txt", "Shelling of Kharkiv.".encode("utf-16-le")[:-1])],
                                            "binary data"),
    "truncated-json": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", json.dumps(fc(feature(SQ)))[:60])],
                                    "not valid JSON"),
    "malformed-json": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", '{"type": "FeatureCollection", "features": [],}')],
                                    "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 46"),
    "json-not-an-object": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", "[1, 2, 3]")],
                                        "not GeoJSON: a JSON list"),
    "features-not-a-list": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", {"type": "FeatureCollection", "features": {}})],
                                         "field features: not a list"),
    "no-features": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc())], "a FeatureCollection with no features"),
    "not-polygons": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson",
                                              fc(feature(SQ, gtype="LineString"), feature(SQ, gtype="LineString"),
                                                 feature([37.0, 48.0], gtype="Point")))],
                                  "holds no polygon (2 LineString, 1 Point)"),
    "projected-metres": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(
        [[4150000, 6150000], [4170000, 6150000], [4170000, 6170000], [4150000, 6170000], [4150000, 6150000]])))],
        "feature 0: coordinate [4150000, 6150000] is not longitude and latitude but projected (metres?); as "
        "EPSG:3857 it lies in the theatre: give --crs EPSG:3857, or convert"),
    "swapped-axes": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature([[y, x] for x, y in SQ])))],
                                  "feature 0: polygon at [48.10, 37.10] lies outside the theatre (lon 21..41.5, lat "
                                  "43.5..53.5): latitude and longitude look swapped"),
    "outside-the-theatre": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ), feature(
        [[-74.1, 40.6], [-73.9, 40.6], [-73.9, 40.8], [-74.1, 40.8], [-74.1, 40.6]])))],
        "feature 1: polygon at [-74.00, 40.70] lies outside the theatre"),
    "out-of-range": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson",
                                              fc(feature([[200.0, 48.0], [200.2, 48.0], [200.2, 48.2], [200.0, 48.0]])))],
                                  "coordinate [200, 48] is out of range"),
    "nan": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", json.dumps(fc(feature(
        [[37.0, 48.0], [float("nan"), 48.0], [37.2, 48.2], [37.0, 48.0]]))))], "coordinate [nan, 48.0] is not a finite number"),
    "infinity": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", json.dumps(fc(feature(
        [[37.0, 48.0], [37.2, float("inf")], [37.2, 48.2], [37.0, 48.0]]))))], "coordinate [37.2, inf] is not a finite number"),
    "too-few-points": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature([[37.0, 48.0], [37.2, 48.0]])))],
                                    "feature 0: field geometry: A linearring requires at least 4 coordinates"),
    "repairs-to-nothing": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(
        [[37.0, 48.0], [37.2, 48.2], [37.1, 48.1], [37.0, 48.0]])))],
        "every polygon was dropped (1 without area once repaired (first: feature 0))"),
    "every-feature-dropped": lambda t, s: (SNAP + [put(t, "deepstate_2025-05-02T1200Z.geojson", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": DEEPSTATE_PETSAMO},
         "geometry": {"type": "Polygon", "coordinates": [[[30, 69], [31, 69], [31, 69.5], [30, 69]]]}}]})],
        "every polygon was dropped (1 mapped to drop (the status vocabulary or --status-map))"),
    "unknown-status": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ, "captured by aliens")))],
                                    "feature 0: unknown status 'captured by aliens' (field status); known: crimea, "
                                    "pre2022, occupied, grey, liberated and the words of status_vocabulary.csv; map "
                                    "it with --status-map 'captured by aliens=STATUS'"),
    "bad-status-map": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ))), "--status-map", "held"],
                                    "--status-map: 'held': give WORD=STATUS pairs"),
    "bad-crs": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ))), "--crs", "EPSG:999999"],
                             "--crs: 'EPSG:999999' is not a coordinate reference system"),
    "time-not-a-date": lambda t, s: (SNAP + [put(t, "x.geojson", fc(feature(SQ))), "--time", "next tuesday"],
                                     "--time: 'next tuesday' is not an ISO date or time"),
    "impossible-date-in-name": lambda t, s: (SNAP + [put(t, "deepstate_2025-02-30T1200Z.geojson", fc(feature(SQ)))],
                                             "the map time in its name"),
    "map-time-in-the-future": lambda t, s: (SNAP + [put(t, "x.geojson", fc(feature(SQ))), "--time", "2099-01-01"],
                                            "--time: map time 2099-01-01T00:00:00Z is in the future"),
    "same-time-different-map": lambda t, s: (SNAP + [put(t, STORED, fc(feature(OTHER)))],
                                             "already holds a different map from control_2025-05-01 at "
                                             "2025-05-01T00:00:00Z: give --replace"),
    "two-files-one-time": lambda t, s: (SNAP + [put(t, "a.geojson", fc(feature(SQ))), put(t, "b.geojson", fc(feature(OTHER))),
                                               "--time", "2025-05-02", "--source", "Me"],
                                        "the same source (Me) and map time (2025-05-02T00:00:00Z) as"),
    "file-named-twice": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ))), str(t / "x_2025-05-02.geojson")],
                                      "named twice in one command"),
    "article-named-twice": lambda t, s: (INGEST + [put(t, "a.txt", "Strikes on Kharkiv."), str(t / "a.txt")],
                                         "named twice in one command"),
    "gpkg-not-a-geopackage": lambda t, s: (SNAP + [put(t, "x_2025-05-02.gpkg", "just some text\n" * 20)],
                                           "cannot read as GeoPackage"),
    "kmz-not-a-zip": lambda t, s: (SNAP + [put(t, "x_2025-05-02.kmz", "not a zip at all")], "not a valid KMZ (zip) file"),
    "kmz-unpacks-too-big": lambda t, s: (SNAP + [_kmz_bomb(t)], "doc.kml unpacks to 2.0 MB, over the input limit of 1 MB",
                                         None, {"FRONTLINE_MAX_INPUT_MB": "1"}),
    "kml-without-placemarks": lambda t, s: (SNAP + [put(t, "x_2025-05-02.kml", _kml("<Folder><name>Occupied</name></Folder>"))],
                                            "holds no polygon (no Placemark with a Polygon)"),
    "kml-bad-coordinates": lambda t, s: (SNAP + [put(t, "x_2025-05-02.kml", _kml(
        "<Placemark><name>Occupied</name><Polygon><outerBoundaryIs><LinearRing><coordinates>a,b c,d"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"))], "coordinates: 'a,b' is not"),
    "store-from-a-newer-schema": lambda t, s: (["events", "--store", _newer_store(t, s)],
                                               "written by a newer frontline (schema version 99", t / "newer.gpkg"),
    "import-into-a-newer-store": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ))), "--store",
                                                      _newer_store(t, s)], "schema version 99", t / "newer.gpkg"),
    "store-not-a-geopackage": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", fc(feature(SQ))), "--store",
                                                   put(t, "notes.gpkg", "shopping list\n" * 20)],
                                            "not a GeoPackage (not an SQLite database)", t / "notes.gpkg"),
    "unwritable-output": lambda t, s: (["export", "events", "-o", Path(put(t, "plain.txt", "x")) / "out.geojson"],
                                       "plain.txt is not a folder"),
    "output-in-a-missing-folder": lambda t, s: (["export", "snapshots", "-o", t / "missing" / "out.geojson"],
                                                "does not exist: create it first"),
    "output-is-a-folder": lambda t, s: (["map", "-o", t], "is a folder: give a file name"),
    "output-is-the-store": lambda t, s: (["export", "snapshots", "--format", "gpkg", "-o", s], "is the store itself"),
    "empty-snapshot-file": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", b"")], "empty file"),
    "empty-article": lambda t, s: (INGEST + [put(t, "a.txt", b"")], "empty: no text to read"),
    "folder-as-snapshot": lambda t, s: (SNAP + [t], "is a folder, not a file"),
    "folder-as-article": lambda t, s: (INGEST + [t], "is a folder, not a file"),
    "huge-snapshot": lambda t, s: (SNAP + [_sparse(t, "big_2025-05-02.geojson")],
                                   "200.0 MB, over the input limit of 100 MB (set FRONTLINE_MAX_INPUT_MB"),
    "huge-article": lambda t, s: (INGEST + [_sparse(t, "big.txt")], "200.0 MB, over the input limit of 100 MB"),
    "sidecar-not-an-object": lambda t, s: (["ingest", _article_with_sidecar(t, "[1, 2]")], "sidecar is not a JSON object"),
    "article-date-not-a-date": lambda t, s: (["ingest", put(t, "a.txt", "Strikes on Kharkiv."), "--date", "2025-02-30",
                                              "--source", "X"], "--date: '2025-02-30' is not a date"),
    "diff-time-not-stored": lambda t, s: (["diff", "2020-01-01", "2025-05-01"], "no snapshot at '2020-01-01'"),
    # round two (issue 18)
    "json-nested-too-deep": lambda t, s: (SNAP + [put(t, "x_2025-05-02.geojson", DEEP)],
                                          "x_2025-05-02.geojson: JSON nested too deeply to read"),
    "sidecar-nested-too-deep": lambda t, s: (["ingest", _article_with_sidecar(t, '{"source": ' + DEEP + "}")],
                                             "report.json: sidecar is JSON nested too deeply to read"),
    "sidecar-source-an-object": lambda t, s: (["ingest", _article_with_sidecar(
        t, '{"date": "2025-05-01", "source": {"name": "X"}}')], "report.json: field source: a JSON object, not text"),
    "sidecar-date-in-the-future": lambda t, s: (["ingest", _article_with_sidecar(
        t, '{"date": "2999-01-01", "source": "X"}')], "report.json: field date: 2999-01-01 is in the future"),
    "article-date-year-1": lambda t, s: (INGEST[:1] + ["--date", "0001-01-01", "--source", "X",
                                                       put(t, "a.txt", "Strikes on Kharkiv.")],
                                         "--date: 0001-01-01 is before 1900"),
    "article-date-in-the-future": lambda t, s: (INGEST[:1] + ["--date", "2999-01-01", "--source", "X",
                                                              put(t, "a.txt", "Strikes on Kharkiv.")],
                                                "--date: 2999-01-01 is in the future"),
    "geocode-date-in-the-future": lambda t, s: (["geocode", "Strikes on Kharkiv.", "--date", "2999-01-01"],
                                                "--date: 2999-01-01 is in the future"),
    "tolerance-nan": lambda t, s: (["map", "--tolerance-m", "nan", "-o", t / "m.html"],
                                   "--tolerance-m: nan is not a distance from 0 to 100000 metres"),
    "tolerance-inf": lambda t, s: (["map", "--tolerance-m", "inf", "-o", t / "m.html"], "--tolerance-m: inf is not"),
    "tolerance-negative": lambda t, s: (["map", "--tolerance-m", "-100", "-o", t / "m.html"],
                                        "--tolerance-m: -100 is not"),
    "store-option-empty": lambda t, s: (["events", "--store", ""], "--store: empty"),
    "store-truncated": lambda t, s: (["events", "--store", _truncated_store(t, s)],
                                     "cut.gpkg: truncated: ",
                                     t / "cut.gpkg"),
    "article-a-link-loop": lambda t, s: (INGEST + [_link_loop(t, "a.txt")],
                                         "a.txt: a symbolic link that leads nowhere (Too many levels"),
    "output-a-link-loop": lambda t, s: (["export", "events", "-o", _link_loop(t, "out.geojson")],
                                        "out.geojson: cannot write (Too many levels of symbolic links)"),
    "km-not-a-number": lambda t, s: (["events", "--near", "Pokrovsk", "--km", "nan"],
                                     "--km: nan is not a radius from 0 to 2000 km"),
    "days-negative": lambda t, s: (["claims", "--verify", "--days", "-1"], "--days: -1 is not a number of days"),
    "sliver-not-a-number": lambda t, s: (["diff", "2025-05-01", "2025-05-01", "--sliver-km2", "nan"],
                                         "--sliver-km2: nan is not an area"),
    "map-time-year-1": lambda t, s: (SNAP + [put(t, "x.geojson", fc(feature(SQ))), "--time", "0001-01-01"],
                                     "--time: '0001-01-01' is before 1900"),
    "max-input-infinite": lambda t, s: (INGEST + [put(t, "a.txt", "Strikes on Kharkiv.")],
                                        "FRONTLINE_MAX_INPUT_MB: 'inf' is not a positive number", None,
                                        {"FRONTLINE_MAX_INPUT_MB": "inf"}),
}


# a warning would be a second line on stderr; but a resource another test left for the garbage collector is
# not this command's warning, and when it is collected is chance
@pytest.mark.filterwarnings("error", "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_with_one_line_and_changes_nothing(case, tmp_path, store, monkeypatch):
    t = tmp_path / "in"
    t.mkdir()
    built = CASES[case](t, store)
    args, fragment = built[0], built[1]
    watched = built[2] if len(built) > 2 and built[2] is not None else store
    env = built[3] if len(built) > 3 else None
    before = sha256(watched)
    r = run(args, env)
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 2, r.output
    assert len(lines) == 1 and lines[0].startswith("frontline: error: "), r.stderr
    assert fragment in lines[0]
    assert "Traceback" not in r.output and r.stdout == ""
    assert sha256(watched) == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["s.gpkg"]  # no temporary file left beside it


def test_there_are_at_least_25_classes():
    assert len(CASES) >= 25


# ----------------------------------------------------------------------------------------------------------
# What must still be accepted


def _areas(r) -> list[dict]:
    assert r.exit_code == 0, r.output
    return [rec["areas_km2"] for rec in json.loads(r.stdout)]


def test_reimporting_the_same_map_is_unchanged_and_writes_nothing(tmp_path, store):
    before = sha256(store)
    r = run(SNAP + [put(tmp_path, STORED, fc(feature(SQ)))])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["status"] == "unchanged" and ": unchanged;" in r.stderr
    assert sha256(store) == before


def test_replace_overwrites_a_different_map(tmp_path, store):
    r = run(SNAP + [put(tmp_path, STORED, fc(feature(SQ), feature(OTHER))), "--replace"])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.stdout)[0]
    assert rec["status"] == "replaced"
    assert rec["areas_km2"]["occupied"] == pytest.approx(area_km2(shapely.box(37.0, 48.0, 37.5, 48.2))
                                                         - area_km2(shapely.box(37.2, 48.0, 37.3, 48.2)), rel=1e-4)
    listed = json.loads(run(["snapshots", "--format", "json"]).stdout)
    assert len(listed) == 1 and listed[0]["occupied_km2"] == pytest.approx(rec["areas_km2"]["occupied"], abs=1e-3)


def test_projected_file_with_crs_option_or_legacy_member_matches_lonlat(tmp_path, store):
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    ring = [list(t.transform(x, y)) for x, y in SQ]
    lonlat = _areas(run(SNAP + [put(tmp_path, "a_2025-05-02.geojson", fc(feature(SQ)))]))[0]["occupied"]
    given = run(SNAP + [put(tmp_path, "b_2025-05-02.geojson", fc(feature(ring))), "--crs", "EPSG:3857"])
    assert _areas(given)[0]["occupied"] == pytest.approx(lonlat, abs=2e-3)
    assert json.loads(given.stdout)[0]["converted_from"] == "EPSG:3857" and "converted from EPSG:3857" in given.stderr
    legacy = {**fc(feature(ring)), "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}
    r = run(SNAP + [put(tmp_path, "c_2025-05-02.geojson", legacy)])
    assert _areas(r)[0]["occupied"] == pytest.approx(lonlat, abs=2e-3)


def test_projected_geopackage_is_converted(tmp_path, store):
    import geopandas as gpd

    p = tmp_path / "control_2025-05-03.gpkg"
    gpd.GeoDataFrame({"status": ["occupied"]}, geometry=[shapely.Polygon(SQ)], crs=4326).to_crs(3857).to_file(p)
    r = run(SNAP + [p])
    assert _areas(r)[0]["occupied"] == pytest.approx(area_km2(shapely.Polygon(SQ)), abs=2e-3)


def test_drop_unknown_keeps_the_old_behaviour(tmp_path, store):
    r = run(SNAP + [put(tmp_path, "x_2025-05-02.geojson", fc(feature(SQ), feature(OTHER, "captured by aliens"))),
                    "--drop-unknown"])
    rec = json.loads(r.stdout)[0]
    assert r.exit_code == 0 and rec["dropped"] == 1 and rec["unknown_names"] == {"captured by aliens": 1}
    assert rec["areas_km2"]["occupied"] == pytest.approx(area_km2(shapely.Polygon(SQ)), abs=2e-3)
    r = run(SNAP + [put(tmp_path, "y_2025-05-02.geojson", fc(feature(OTHER, "captured by aliens"))),
                    "--status-map", "captured by aliens=occupied"])
    assert _areas(r)[0]["occupied"] == pytest.approx(area_km2(shapely.Polygon(OTHER)), abs=2e-3)


def test_utf16_geojson_without_bom_reads_like_utf8(tmp_path, store):
    text = json.dumps(fc(feature(SQ, "Окуповано")), ensure_ascii=False)
    a = _areas(run(SNAP + [put(tmp_path, "a_2025-05-02.geojson", text.encode("utf-16-le"))]))
    b = _areas(run(SNAP + [put(tmp_path, "b_2025-05-02.geojson", text.encode("utf-8"))]))
    assert a == b and a[0]["occupied"] == pytest.approx(area_km2(shapely.Polygon(SQ)), abs=2e-3)


TEXT = "Росія атакувала Харків уночі. Russian forces shelled Kharkiv, officials said on 15 May."


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_article_without_bom_is_decoded(enc):
    """Decided: UTF-16 without a byte-order mark is decoded (NULs in one half of the code units, every
    character printable), not refused."""
    assert decode(TEXT.encode(enc), "a.txt") == (TEXT, enc)


def test_utf16_article_without_bom_geocodes_like_utf8(tmp_path):
    r16 = run(["geocode", "--file", put(tmp_path, "a.txt", TEXT.encode("utf-16-le")), "--format", "json"])
    r8 = run(["geocode", "--file", put(tmp_path, "b.txt", TEXT.encode("utf-8")), "--format", "json"])
    assert r16.exit_code == 0, r16.output
    assert r16.stdout == r8.stdout and "Kharkiv" in [m["name"] for m in json.loads(r16.stdout)]


def test_cp1251_article_is_accepted(tmp_path, store):
    p = put(tmp_path, "ru.txt", "Российские войска обстреляли Харьков и Покровск ночью.".encode("cp1251"))
    r = run(INGEST + [p])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["added"] == 1
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    assert con.execute("SELECT encoding FROM sources").fetchall() == [("cp1251",)]
    con.close()


@pytest.mark.slow
def test_every_shared_deepstate_file_still_imports(shared, tmp_path):
    """The real feeds hold joke polygons (Petsamo, East Prussia, the Kurils) and points: still fine."""
    files = sorted(shared("data", "deepstate", "raw").glob("*.geojson")) + \
        sorted(shared("data", "deepstate", "daily").glob("*.geojson"))
    r = run(SNAP + files + ["--store", tmp_path / "all.gpkg"])
    assert r.exit_code == 0, r.output
    recs = json.loads(r.stdout)
    assert len(recs) == len(files) == 76 and {x["status"] for x in recs} == {"added"}
    for f, rec in zip(files, recs):
        assert 109_000 < rec["areas_km2"]["occupied_total"] < 115_000, f.name
        assert (rec["dropped"], rec["repairs"]) == ((13, 0) if f.name.startswith("deepstate") else (0, 0)), f.name
    assert len(r.stderr.strip().splitlines()) == 76


# ----------------------------------------------------------------------------------------------------------
# Properties: whatever a file holds, reading it gives a snapshot of real territory or one BadInput


_numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**7, 10**7))
_point = st.one_of(st.tuples(st.floats(36, 38), st.floats(47, 49)).map(list),  # in the theatre
                   st.tuples(st.floats(47, 49), st.floats(36, 38)).map(list),  # swapped
                   st.lists(_numbers, max_size=3))
_ring = st.lists(_point, min_size=0, max_size=6).map(lambda r: r + r[:1])
_geometry = st.one_of(
    st.builds(lambda t, c: {"type": t, "coordinates": c},
              st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString", "GeometryCollection", "Blob"]),
              st.one_of(st.lists(_ring, max_size=2), st.lists(st.lists(_ring, max_size=2), max_size=2), _point)),
    st.none(), st.integers(), st.text(max_size=5))
_properties = st.one_of(st.none(), st.lists(st.integers(), max_size=2), st.fixed_dictionaries(
    {}, optional={"status": st.sampled_from(["occupied", "grey", "drop", "aliens", "", None, 3]),
                  "name": st.sampled_from(["Окуповано /// Occupied /// geoJSON.status.occupied",
                                           DEEPSTATE_PETSAMO, "x"])}))
_feature = st.one_of(st.builds(lambda g, p: {"type": "Feature", "geometry": g, "properties": p}, _geometry, _properties),
                     st.integers(), st.none())
_document = st.one_of(st.builds(lambda fs: {"type": "FeatureCollection", "features": fs}, st.lists(_feature, max_size=4)),
                      _feature, _geometry, st.lists(st.integers(), max_size=2))


@settings(max_examples=int(os.environ.get("FRONTLINE_HYPOTHESIS_EXAMPLES", 150)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=_document, crs=st.sampled_from([None, "EPSG:3857"]))
def test_any_geojson_reads_as_territory_or_one_bad_input(tmp_path, doc, crs):
    p = tmp_path / "x_2025-05-02.geojson"
    p.write_text(json.dumps(doc), encoding="utf-8")  # json.dumps writes NaN and Infinity as JavaScript does
    try:
        snap = read_snapshot(p, crs=crs)
    except BadInput as e:
        assert "\n" not in str(e) and str(e).startswith(str(p))
        return
    assert snap.layers and all(g.is_valid and not g.is_empty for g in snap.layers.values())
    for g in snap.layers.values():
        x, y = g.representative_point().coords[0]
        assert THEATRE[0] <= x <= THEATRE[2] and THEATRE[1] <= y <= THEATRE[3]
    assert snap.areas()["occupied_total"] + snap.areas().get("grey", 0) > 0


_box = st.tuples(st.floats(30.0, 39.0), st.floats(45.0, 51.0), st.floats(0.01, 0.5), st.floats(0.01, 0.5))
_DEEPSTATE = {"occupied": "Окуповано /// Occupied /// geoJSON.status.occupied",
              "grey": "Статус невідомий /// Unknown status /// geoJSON.status.unknown",
              "liberated": "Звільнено /// Liberated /// geoJSON.status.dismissed",
              "crimea": "Окупований Крим /// Occupied Crimea /// geoJSON.territories.crimea",
              "pre2022": "ОРДЛО /// CADR and CALR /// geoJSON.territories.ordlo"}


def _named(geometry: dict, name: str) -> dict:
    return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(boxes=st.lists(st.tuples(_box, st.sampled_from(sorted(_DEEPSTATE))), min_size=1, max_size=5),
       jokes=st.integers(0, 3), points=st.integers(0, 3))
def test_real_territory_with_jokes_and_points_reads_whole(tmp_path, boxes, jokes, points):
    """A DeepState-style feed of boxes in the theatre among joke polygons (far away, mapped to drop) and points:
    the snapshot holds exactly the boxes, and occupied as DeepState counts it is the union of the held ones
    minus nothing (crimea, pre2022 and occupied win over grey and liberated)."""
    shapes = [(shapely.box(x, y, x + w, y + h), status) for (x, y, w, h), status in boxes]
    feats = [_named(mapping(g), _DEEPSTATE[status]) for g, status in shapes]
    feats += [_named(mapping(shapely.box(140 + k, 45, 141 + k, 46)), DEEPSTATE_PETSAMO) for k in range(jokes)]
    feats += [_named({"type": "Point", "coordinates": [37.5, 48.5, 0]}, "Direction of attack") for _ in range(points)]
    p = tmp_path / "deepstate_2025-05-02T1200Z.geojson"
    p.write_text(json.dumps(fc(*feats)), encoding="utf-8")
    snap = read_snapshot(p)
    assert snap.dropped == jokes and snap.repairs == 0
    every = shapely.union_all([g for g, _ in shapes])
    assert sum(area_km2(g) for g in snap.layers.values()) == pytest.approx(area_km2(every), rel=1e-6)
    held = shapely.union_all([g for g, s in shapes if s in ("occupied", "crimea", "pre2022")])
    assert snap.areas()["occupied_total"] == pytest.approx(area_km2(held), abs=2e-3 * len(shapes))
