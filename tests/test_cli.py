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
