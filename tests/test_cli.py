"""The command line, through CliRunner and once as a real subprocess (the `frontline geocode` contract)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from geo.cli import app
from geo.gazetteer import distance_km

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
REQUIRED = {"start", "end", "surface", "name", "lat", "lon", "kind", "country", "admin1", "place_id", "score"}


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_geocode_json_contract():
    text = "Russian forces advanced near Pokrovsk in the Donetsk region, while talks went on in Istanbul."
    r = run("geocode", text, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [m["surface"] for m in out] == ["Russian", "Pokrovsk", "Donetsk region", "Istanbul"]
    for m in out:
        assert REQUIRED <= set(m)
        assert text[m["start"]:m["end"]] == m["surface"]
    pok = out[1]
    assert pok["kind"] == "settlement" and pok["admin1"] == "Donetsk Oblast" and pok["place_id"] == 704422
    assert out[2]["kind"] == "region"


def test_geocode_reads_stdin_and_file(tmp_path):
    r = run("geocode", "--format", "json", input="Strikes hit Kiev overnight.")
    assert r.exit_code == 0
    assert json.loads(r.stdout)[0]["name"] == "Kyiv"
    f = tmp_path / "a.txt"
    f.write_text("Моторошна ніч у Києві.", encoding="utf-8")
    r = run("geocode", "--file", str(f), "--format", "json")
    assert json.loads(r.stdout)[0]["surface"] == "Києві"


def test_geocode_cp1251_file_is_decoded(tmp_path):
    f = tmp_path / "ru.txt"
    f.write_bytes("Обстрел Харькова и Покровска продолжился.".encode("cp1251"))
    r = run("geocode", "--file", str(f), "--format", "json")
    assert r.exit_code == 0, r.output
    assert [m["name"] for m in json.loads(r.stdout)] == ["Kharkiv", "Pokrovsk"]


def test_empty_input_prints_empty_list():
    r = run("geocode", "--format", "json", input="")
    assert r.exit_code == 0 and r.stdout.strip() == "[]"


def test_binary_input_exits_2_with_one_line(tmp_path):
    f = tmp_path / "blob.bin"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    r = run("geocode", "--file", str(f))
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "blob.bin" in r.stderr


def test_bad_date_exits_2_naming_the_value():
    r = run("geocode", "Kyiv", "--date", "15/05/2025")
    assert r.exit_code == 2
    assert "15/05/2025" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_geocode_geojson_is_rfc7946(tmp_path):
    r = run("geocode", "Talks in Ankara and Istanbul.", "--format", "geojson")
    fc = json.loads(r.stdout)
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert distance_km(lat, lon, 39.91987, 32.85427) < 10  # lon, lat order
    p = tmp_path / "m.geojson"
    p.write_text(r.stdout, encoding="utf-8")
    import pyogrio

    df = pyogrio.read_dataframe(p)
    assert list(df["name"]) == ["Ankara", "Istanbul"]


def test_geocode_csv_and_table():
    r = run("geocode", "Shelling in Toretsk.", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows[0]["name"] == "Toretsk" and abs(float(rows[0]["lat"]) - 48.39477) < 1e-4
    r = run("geocode", "Shelling in Toretsk.")
    assert "Toretsk" in r.stdout and "surface" in r.stdout


def test_gazetteer_import_bad_file_exits_2(tmp_path, isolated_home):
    f = tmp_path / "x.csv"
    f.write_text("place,where\nA,B\n", encoding="utf-8")
    r = run("gazetteer", "import", str(f))
    assert r.exit_code == 2 and "x.csv: line 1" in r.stderr


def test_gazetteer_lookup():
    r = run("gazetteer", "lookup", "Artemovsk", "--format", "json")
    assert json.loads(r.stdout)[0]["name"] == "Bakhmut"


def test_build_writes_places_and_map(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (ROOT / "seeds").iterdir():
        shutil.copy(f, seeds / f.name)
    out = tmp_path / "maps"
    r = run("build", str(seeds), "--out", str(out), "--store", str(tmp_path / "s.gpkg"))
    assert r.exit_code == 0, r.output
    import pyogrio

    df = pyogrio.read_dataframe(out / "seed_places.geojson")
    assert {"Istanbul", "Ankara", "Kyiv", "Bucha", "Pokrovsk", "Toretsk", "Chasiv Yar", "Kursk"} <= set(df["name"])
    assert (df["date"] == "2025-05-15").all()
    html = (out / "frontline.html").read_text(encoding="utf-8")
    assert "GeoNames" in html and "OpenStreetMap" in html and "Chasiv Yar" in html
    assert "Pokrovsk" in r.stdout


def test_build_without_articles_exits_2(tmp_path):
    r = run("build", str(tmp_path), "--out", str(tmp_path / "o"), "--store", str(tmp_path / "s.gpkg"))
    assert r.exit_code == 2 and "no articles" in r.stderr
    assert not (tmp_path / "s.gpkg").exists() and not (tmp_path / "o").exists()


def test_real_subprocess_contract():
    exe = Path(sys.executable).with_name("frontline")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "geo.cli"]
    out = subprocess.run(cmd + ["geocode", "Kyiv", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert len(rec) == 1 and rec[0]["name"] == "Kyiv" and rec[0]["kind"] == "settlement"
    bad = subprocess.run(cmd + ["geocode", "Kyiv", "--date", "yesterday"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "yesterday" in bad.stderr


def test_gazetteer_lookup_every_format_and_region_names():
    """Every advertised --format prints its format; admin1 is the region's name, as geocode gives it."""
    table_rows = run("gazetteer", "lookup", "Terny").stdout.splitlines()
    terny = [ln for ln in table_rows if "Donetsk Oblast" in ln]
    assert len(terny) == 1 and terny[0].split()[:2] == ["691608", "Terny"]
    rows = list(csv.DictReader(io.StringIO(run("gazetteer", "lookup", "Terny", "--format", "csv").stdout)))
    # GeoNames' three, and the codifier's villages of Kharkiv and Poltava oblasts at their hromada (issue 17)
    assert {r["admin1"] for r in rows if r["name"] == "Terny"} == {"Donetsk Oblast", "Dnipropetrovsk Oblast",
                                                                   "Sumy Oblast", "Kharkiv Oblast", "Poltava Oblast"}
    assert {r["geo_precision"] for r in rows if r["admin1"] == "Donetsk Oblast"} == {"point"}
    donetsk = next(r for r in rows if r["admin1"] == "Donetsk Oblast")
    assert distance_km(float(donetsk["lat"]), float(donetsk["lon"]), 49.092, 37.961) < 2
    fc = json.loads(run("gazetteer", "lookup", "Terny", "--format", "geojson").stdout)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(rows)
    lon, lat = next(f["geometry"]["coordinates"] for f in fc["features"]
                    if f["properties"]["admin1"] == "Donetsk Oblast")
    assert distance_km(lat, lon, 49.092, 37.961) < 2
    geocoded = json.loads(run("geocode", "Kyiv", "--format", "json").stdout)[0]
    looked_up = json.loads(run("gazetteer", "lookup", "Kyiv", "--format", "json").stdout)[0]
    assert looked_up["admin1"] == geocoded["admin1"] == "Kyiv City"


def test_snapshots_every_format(tmp_path):
    from shapely import MultiPolygon, box

    from geo.store import open_store
    from geo.territory import Snapshot

    store = tmp_path / "s.gpkg"
    with open_store(store) as s:
        s.put_snapshot(Snapshot("2025-05-01T00:00:00Z", "test", {"occupied": MultiPolygon([box(37, 47, 38, 48)])}))
    rows = list(csv.DictReader(io.StringIO(run("snapshots", "--store", str(store), "--format", "csv").stdout)))
    assert [r["map_time"] for r in rows] == ["2025-05-01T00:00:00Z"]
    assert 8_000 < float(rows[0]["occupied_km2"]) < 9_000  # 1° x 1° at 47.5° N: about 8,300 km²
    assert json.loads(run("snapshots", "--store", str(store), "--format", "json").stdout)[0]["source"] == "test"
    r = run("snapshots", "--store", str(store), "--format", "geojson")  # not offered: the polygons are `export`'s
    assert r.exit_code == 2 and "geojson" in r.output


def test_tables_print_no_none_and_help_shows_flags_as_flags(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Russian forces struck Kharkiv on Friday, officials in Kyiv said.", encoding="utf-8")
    store = str(tmp_path / "s.gpkg")
    assert run("ingest", str(art), "--date", "2025-05-15", "--source", "wire", "--store", store).exit_code == 0
    out = run("events", "--store", store).stdout
    assert "Kharkiv" in out and "None" not in out  # an empty field is an empty cell
    for args in ([], ["map"], ["build"], ["gazetteer", "lookup"]):
        r = run(*args, "--help")
        assert r.exit_code == 0 and "--help" in r.stdout and "<bool>" not in r.stdout, r.stdout
    assert "--self-contained  " in run("map", "--help").stdout


def test_empty_range_message_names_what_the_store_holds(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Russian forces struck Kharkiv on Friday.", encoding="utf-8")
    store = str(tmp_path / "s.gpkg")
    run("ingest", str(art), "--date", "2025-05-15", "--source", "wire", "--store", store)
    r = run("map", "--from", "2024-01-01", "--to", "2024-02-01", "--store", store, "-o", str(tmp_path / "m.html"))
    assert r.exit_code == 2
    assert r.stderr.strip() == ("frontline: error: nothing between 2024-01-01 and 2024-02-01: the store holds no "
                                "snapshots; events and claims 2025-05-09 .. 2025-05-09")
