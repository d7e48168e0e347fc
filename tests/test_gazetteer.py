"""The gazetteer: spellings, renamings, Cyrillic, regions, imports, the cache."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import gazetteer
from geo.errors import BadInput
from geo.gazetteer import distance_km, norm

# name -> (lat, lon) of the GeoNames point the name must reach, within 10 km
KNOWN = {
    "Kyiv": (50.45466, 30.5238),
    "Kiev": (50.45466, 30.5238),
    "Київ": (50.45466, 30.5238),
    "Киев": (50.45466, 30.5238),
    "Kharkov": (49.98177, 36.25475),
    "Nikolaev": (46.97625, 31.99296),
    "Zaporozhye": (47.85167, 35.11714),
    "Artemovsk": (48.59419, 37.99886),
    "Artemivsk": (48.59419, 37.99886),
    "Ugledar": (47.77973, 37.24999),
    "Avdeyevka": (48.14019, 37.75008),
    "Kupyansk": (49.71003, 37.61581),
    "Kupiansk": (49.71003, 37.61581),
    "Kup'yans'k": (49.71003, 37.61581),
    "Kup’yans’k": (49.71003, 37.61581),
    "Dnipropetrovsk": (48.46664, 35.04066),
    "Dzerzhynsk": (48.39477, 37.8478),
    "Krasnoarmiisk": (48.28014, 37.17706),
    "Krasnoarmeysk": (48.28014, 37.17706),
    "Dymytrov": (48.3099, 37.26513),
    "Kirovohrad": (48.50834, 32.26618),
    "Komsomolsk": (49.00835, 33.62926),
    "Pokrovsk": (48.28014, 37.17706),
    "Покровськ": (48.28014, 37.17706),
    "Покровська": (48.28014, 37.17706),
    "Покровську": (48.28014, 37.17706),
    "Часів Яр": (48.58768, 37.83409),
    "Києві": (50.45466, 30.5238),
    "Харкові": (49.98177, 36.25475),
    "Istanbul": (41.01384, 28.94966),
    "Ankara": (39.91987, 32.85427),
    "Moscow": (55.75204, 37.61781),
    "Bucha": (50.54741, 30.20879),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_spellings_reach_the_place(gaz, name):
    lat, lon = KNOWN[name]
    best = gaz.lookup(name)[0]
    assert distance_km(best.lat, best.lon, lat, lon) < 10, best


@pytest.mark.parametrize("name,iso_lat,iso_lon", [
    ("Donetsk region", 48.0, 37.8), ("Donetsk Oblast", 48.0, 37.8), ("Kursk region", 51.6, 36.2),
    ("Zaporizhzhia Oblast", 47.3, 35.7), ("Kharkiv region", 49.6, 36.5), ("Crimea", 45.3, 34.4),
    ("Donbas", 48.4, 38.4),
])
def test_regions_in_news_forms(gaz, name, iso_lat, iso_lon):
    best = gaz.lookup(name)[0]
    assert best.kind == "region"
    assert distance_km(best.lat, best.lon, iso_lat, iso_lon) < 60


def test_region_points_lie_inside_ukraine_oblasts(gaz, shared):
    """Each oblast's point lies inside its geoBoundaries polygon (real data)."""
    import geopandas as gpd
    from shapely.geometry import Point

    path = shared("data", "boundaries", "geoBoundaries-UKR-ADM1_simplified.geojson")
    adm1 = gpd.read_file(path)
    checked = 0
    for _, row in adm1.iterrows():
        name = row["shapeName"].replace(" Oblast", "")
        if row["shapeISO"] in ("UA-30", "UA-40", "UA-43"):
            continue
        name = {"Odessa": "Odesa"}.get(name, name)
        best = gaz.lookup(f"{name} Oblast")[0]
        assert best.kind == "region", name
        assert row.geometry.contains(Point(best.lon, best.lat)), name
        checked += 1
    assert checked == 24


def test_a_bare_oblast_name_is_the_city(gaz):
    assert gaz.lookup("Donetsk")[0].kind == "settlement"
    assert gaz.lookup("Kursk")[0].kind == "settlement"


def test_aliases_table_has_a_note_on_every_row():
    import csv

    rows = list(csv.DictReader((gazetteer.project_data_dir() / "aliases.csv").open(encoding="utf-8")))
    assert len(rows) > 40
    assert all(r["note"].strip() for r in rows)


@given(st.text(min_size=0, max_size=30))
@settings(max_examples=200, deadline=None)
def test_norm_is_idempotent_and_apostrophe_blind(s):
    assert norm(norm(s)) == norm(s)
    assert norm(s.replace("'", "’")) == norm(s.replace("’", "'"))


# A small GeoNames-format fixture (19 tab-separated fields), written in code: three front-line villages that
# cities500 lacks. Coordinates from OpenStreetMap; ids illustrative.
GEONAMES_ROWS = [
    (702095, "Robotyne", "Robotyne", "Robotino,Роботине,Работино", 47.4469, 35.8378, "P", "PPL", "UA", "26", 480),
    (707898, "Klishchiivka", "Klishchiivka", "Kleshcheevka,Кліщіївка,Клещеевка", 48.5294, 37.9733, "P", "PPL", "UA", "05", 400),
    (693216, "Synkivka", "Synkivka", "Sinkovka,Синьківка", 49.7939, 37.6456, "P", "PPL", "UA", "07", 300),
    (111, "Some Hill", "Some Hill", "", 48.0, 37.0, "T", "HLL", "UA", "05", 0),
]


def _geonames_line(r) -> str:
    gid, name, ascii_, alts, lat, lon, fcl, fcode, cc, a1, pop = r
    fields = [str(gid), name, ascii_, alts, str(lat), str(lon), fcl, fcode, cc, "", a1, "", "", "", str(pop), "", "100",
              "Europe/Kyiv", "2024-01-01"]
    return "\t".join(fields)


@pytest.mark.slow
def test_import_geonames_dump(isolated_home, tmp_path):
    src = tmp_path / "UA.txt"
    src.write_text("\n".join(_geonames_line(r) for r in GEONAMES_ROWS) + "\n", encoding="utf-8")
    # before: known from the codifier only, at its hromada's point (Tokmak hromada), and saying so
    known = gazetteer.load().lookup("Robotyne")
    assert [(p.geo_precision, p.katottg) for p in known] == [("hromada", "UA23100270150025192")]
    assert distance_km(known[0].lat, known[0].lon, 47.4469, 35.8378) < 30 and known[0].precision_km >= 10
    res = gazetteer.import_file(src)
    assert res["format"] == "geonames" and res["places"] == 3  # the hill is not a populated place
    g = gazetteer.load()
    for name, lat, lon in (("Robotyne", 47.4469, 35.8378), ("Kleshcheevka", 48.5294, 37.9733),
                           ("Синьківка", 49.7939, 37.6456)):
        best = g.lookup(name)[0]
        assert distance_km(best.lat, best.lon, lat, lon) < 1
        assert best.geo_precision == "point" and best.katottg  # the exact point wins and takes the code
    assert [p.geo_precision for p in g.lookup("Robotyne")] == ["point"]  # one place, not two
    assert not g.lookup("Some Hill")


@pytest.mark.slow
def test_import_csv_and_bad_rows(isolated_home, tmp_path):
    good = tmp_path / "villages.csv"
    good.write_text("name,lat,lon,alternate_names,country,admin1\nNovoselivka Persha,48.19,37.41,Novoselovka Pervaya,UA,05\n",
                    encoding="utf-8")
    assert gazetteer.import_file(good)["places"] == 1
    assert gazetteer.load().lookup("Novoselovka Pervaya")[0].name == "Novoselivka Persha"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nX,48.1,37\nY,north,37\n", encoding="utf-8")
    before = sorted(p.name for p in (isolated_home / "gazetteer").glob("*.tsv"))
    with pytest.raises(BadInput, match=r"bad.csv: line 3: field lat/lon"):
        gazetteer.import_file(bad)
    assert sorted(p.name for p in (isolated_home / "gazetteer").glob("*.tsv")) == before


def test_second_process_loads_the_cached_index():
    """Once built, the index is read from the cache: a process where building is impossible still loads it."""
    gazetteer.load()
    code = ("import geo.gazetteer as g\n"
            "def no(): raise SystemExit('rebuilt')\n"
            "g._build = no\n"
            "print(len(g.load()))")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 200_000


@pytest.mark.slow
def test_changed_inputs_rebuild(isolated_home, tmp_path):
    before = gazetteer._inputs_fingerprint()
    src = tmp_path / "one.csv"
    src.write_text("name,lat,lon\nZzyzx Test Hamlet,48.0,37.0\n", encoding="utf-8")
    gazetteer.import_file(src)
    assert gazetteer._inputs_fingerprint() != before
    assert gazetteer.load().lookup("Zzyzx Test Hamlet")


def test_geocode_imports_no_table_or_plotting_library():
    """A plain `frontline geocode` starts without geopandas, matplotlib, folium or pandas (issue 12), once the
    index is cached (building it reads the codifier's spreadsheet with pandas)."""
    gazetteer.load()
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from geo.cli import app\n"
            "r = CliRunner().invoke(app, ['geocode', 'Shelling hit Kharkiv.', '--format', 'json'])\n"
            "assert r.exit_code == 0 and 'Kharkiv' in r.output, r.output\n"
            "print(','.join(m for m in ('geopandas', 'matplotlib', 'folium', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.lists(st.integers(0, 10**6), min_size=1, max_size=4,
                                                                  unique=True).map(tuple), max_size=60),
       st.text(min_size=1, max_size=12))
def test_packed_key_map_answers_as_the_dict(keys, probe):
    """The memory-mapped index's name map (an open-addressing table over a key blob) answers every look-up as
    the dict it was packed from, including keys it lacks."""
    km = gazetteer._KeyMap(gazetteer._pack_map(keys), "")
    assert len(km) == len(keys)
    assert all(km[k] == v for k, v in keys.items())
    assert km.get(probe) == keys.get(probe)
    assert (probe in km) == (probe in keys)
    assert sorted(km) == sorted(keys)
