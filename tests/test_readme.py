"""Every `frontline ...` example in the README runs and prints what the README's data implies (a place, a figure, a
row count), as typer's documentation tests do; each example runs on its own, in a fresh folder holding the store
state it needs (built once per module, copied per example), so any one passes when selected alone. The Quickstart
holds exactly two commands."""

from __future__ import annotations

import glob
import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.gazetteer import distance_km

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)
EXAMPLES = [line.strip() for lang, body in BLOCKS if lang == "" for line in body.splitlines()
            if line.strip().startswith("frontline ")]
SEED = "seeds/000_559b3a757218a85c.txt"
SEED_TEXT = (ROOT / SEED).read_text(encoding="utf-8")
# Where the seed article's places are (GeoNames), and the three its claim sentence names ("especially in the
# flashpoint cities of Pokrovsk, Toretsk and Chasiv Yar").
KYIV, POKROVSK, TORETSK, BAKHMUT = (50.4547, 30.5238), (48.2801, 37.1771), (48.3948, 37.8478), (48.5942, 37.9989)
CLAIMED = {"Pokrovsk", "Toretsk", "Chasiv Yar"}
MAPS_2024 = ["2024-06-30T11:10:00Z", "2024-07-31T20:54:00Z", "2024-08-31T20:46:00Z", "2024-09-30T13:56:00Z",
             "2024-10-31T21:17:00Z", "2024-11-30T21:21:00Z", "2024-12-31T20:53:00Z"]  # the 2024 raw files' times
# DeepState's own published Russian gains (as in test_diff.py): Aug 2024 363 km², Nov 2024 730 km²; the diff
# counts gross gains within 1.5 % of them.
PUBLISHED = {"2024-08": 363.0, "2024-11": 730.0}
RAW_TIMES = ["2024-06-30T11:10:00Z", *MAPS_2024[1:], "2025-01-31T20:25:00Z", "2025-02-28T00:20:00Z",
             "2025-03-31T20:17:00Z", "2025-04-30T22:19:00Z", "2025-05-15T19:42:00Z", "2025-05-31T20:34:00Z"]


def table(out: str) -> list[dict]:
    """The rows of the first text table in ``out`` (header, a line of dashes, rows up to a blank line)."""
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("-") and set(ln) <= {"-", " "})
    spans = [m.span() for m in re.finditer(r"-+", lines[at])]
    spans[-1] = (spans[-1][0], None)
    rows = []
    for ln in lines[at + 1:]:
        if not ln.strip():
            break
        rows.append({lines[at - 1][a:b].strip(): ln[a:b].strip() for a, b in spans})
    return rows


def near(lat: float, lon: float, where: tuple[float, float], km: float = 5) -> bool:
    return distance_km(float(lat), float(lon), *where) < km


# ------------------------------------------------------------------------------------------------------------
# What each example must print. Keys are the README lines; values (store state it needs, check(output, folder)).


def _geocode_line(r, wd):
    rows = {row["surface"]: row for row in table(r.stdout)}
    assert set(rows) == {"Russian", "Pokrovsk", "Toretsk", "Donetsk region"}, rows
    assert near(rows["Pokrovsk"]["lat"], rows["Pokrovsk"]["lon"], POKROVSK)
    assert near(rows["Toretsk"]["lat"], rows["Toretsk"]["lon"], TORETSK)
    assert rows["Donetsk region"]["name"] == "Donetsk Oblast" and rows["Donetsk region"]["kind"] == "region"


def _geocode_file(r, wd):
    ms = json.loads(r.stdout)
    assert all(SEED_TEXT[m["start"]:m["end"]] == m["surface"] for m in ms)  # offsets into the file's text
    names = {m["name"] for m in ms}
    assert {"Istanbul", "Kyiv", "Pokrovsk", "Toretsk", "Chasiv Yar", "Donetsk Oblast"} <= names, names
    kiev = [m for m in ms if m["surface"] == "Kiev"]
    assert kiev and all(m["name"] == "Kyiv" and near(m["lat"], m["lon"], KYIV) for m in kiev)


def _geocode_cyrillic(r, wd):
    fc = json.loads(r.stdout)
    assert [f["properties"]["surface"] for f in fc["features"]] == ["Києві"]
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert fc["features"][0]["properties"]["name"] == "Kyiv" and near(lat, lon, KYIV)


def _geocode_front(r, wd):
    rows = {row["surface"]: row for row in table(r.stdout)}
    village = rows["Kurdyumivka"]  # the store's map of 2024-11-30 is the front of 2024-12-15
    assert village["admin1"] == "Donetsk Oblast" and village["ambiguous"] == "False" and village["resolved"] == "True"
    assert near(village["lat"], village["lon"], (48.470, 37.957))
    r = CliRunner().invoke(app, ["geocode", "Russian forces recently advanced near Kurdyumivka."])  # no front
    assert {row["surface"]: row for row in table(r.stdout)}["Kurdyumivka"]["ambiguous"] == "True"


def _geocode_village(r, wd):
    """The village of Zaporizhzhia near Pokrovsk (the codifier's, at its hromada), not the city of 700,000."""
    recs = {m["surface"]: m for m in json.loads(r.stdout)}
    v = recs["Zaporizhzhia"]
    assert v["resolved"] and v["geo_precision"] == "hromada" and v["katottg"].startswith("UA14")
    assert near(v["lat"], v["lon"], POKROVSK, 40) and v["precision_km"] >= 10
    assert recs["Pokrovsk"]["geo_precision"] == "point"


def _lookup_artemovsk(r, wd):
    first = table(r.stdout)[0]  # Artemovsk was Bakhmut's Soviet name (until 2016)
    assert first["name"] == "Bakhmut" and first["country"] == "UA" and near(first["lat"], first["lon"], BAKHMUT)


def _ingest(r, wd):
    summary = json.loads(r.stdout)
    assert (summary["documents"], summary["added"], summary["claims"]) == (1, 1, len(CLAIMED))
    assert summary["events"] == summary["store_events"] > 10  # an empty store: all its events are the article's
    assert re.search(rf"\[1/1\] {Path(SEED).name}: added, {summary['events']} events .*, 3 claims", r.output)
    listed = CliRunner().invoke(app, ["events", "--format", "json"])
    assert len(json.loads(listed.stdout)) == summary["events"]


def _events_strike(r, wd):
    rows = table(r.stdout)
    assert rows and all(row["type"] == "strike" and row["start"] >= "2025-05-01" for row in rows)
    kyiv = [row for row in rows if row["place_name"] == "Kyiv"]  # "in Kiev, the sirens were loudly clamoring"
    assert len(kyiv) == 1 and kyiv[0]["start"] == "2025-05-15" and kyiv[0]["actor1"] == "RU"


def _claims_json(r, wd):
    claims = json.loads(r.stdout)
    assert {c["place_name"] for c in claims} == CLAIMED and len(claims) == 3
    assert all(c["side"] == "RU" and c["action"] == "advance" and c["claimant"] == "Ukrainian Analytical Group"
               for c in claims)
    pok = next(c for c in claims if c["place_name"] == "Pokrovsk")
    assert near(pok["lat"], pok["lon"], POKROVSK) and pok["sentence"] in SEED_TEXT


def _events_near(r, wd):
    places = {row["place_name"] for row in table(r.stdout)}
    assert "Pokrovsk" in places
    assert not places & {"Toretsk", "Kyiv", "Istanbul", "Chasiv Yar"}, places  # Toretsk is 48 km away


def _export_events(r, wd):
    n = int(re.fullmatch(r"wrote (\d+) events to maps/events.geojson", r.output.strip()).group(1))
    fc = json.loads((wd / "maps" / "events.geojson").read_text(encoding="utf-8"))
    assert len(fc["features"]) == n > 10
    kyiv = [f for f in fc["features"] if f["properties"]["place_name"] == "Kyiv"]
    assert kyiv and all(near(*reversed(f["geometry"]["coordinates"]), KYIV) for f in kyiv)


def _export_claims(r, wd):
    assert r.output.strip() == "wrote 3 claims to maps/claims.kml"
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = ET.parse(wd / "maps" / "claims.kml").getroot().findall(".//k:Placemark", ns)
    assert len(marks) == 3
    points = [tuple(map(float, m.find(".//k:coordinates", ns).text.split(",")[:2])) for m in marks]
    assert any(near(lat, lon, POKROVSK, 0.1) for lon, lat in points)


def _snapshot_import(r, wd):
    lines = [ln for ln in r.output.splitlines() if re.match(r"\[\d/7\]", ln)]
    assert len(lines) == 7 and all("added" in ln for ln in lines)  # the seven 2024 files, each new
    occupied = [float(re.search(r"occupied ([\d,.]+) km²", ln).group(1).replace(",", "")) for ln in lines]
    assert occupied == sorted(occupied) and 105_000 < occupied[0] < occupied[-1] < 115_000  # 2024: Russia gained


def _snapshots(r, wd):
    rows = table(r.stdout)
    assert [row["map_time"] for row in rows] == MAPS_2024
    occ = [float(row["occupied_km2"]) for row in rows]
    assert occ == sorted(occ)
    assert occ[2] - occ[1] == pytest.approx(PUBLISHED["2024-08"], rel=0.015)  # net change Jul -> Aug


def _diff_json(r, wd):
    d = json.loads(r.stdout)
    assert d["gained_km2"] == pytest.approx(367.9, abs=0.5)  # DeepState: 363 km² (1.4 % more: gross gains)
    assert d["gained_km2"] == pytest.approx(PUBLISHED["2024-08"], rel=0.015)
    assert d["net_km2"] == pytest.approx(d["gained_km2"] - d["lost_km2"], abs=0.02)
    by = {o["oblast"]: o for o in d["by_oblast"]}
    assert max(by.values(), key=lambda o: o["gained_km2"])["oblast"] == "Donetsk Oblast"
    assert sum(o["gained_km2"] for o in by.values()) == pytest.approx(d["gained_km2"], rel=0.01)


def _diff_by_oblast(r, wd):
    out = r.stdout
    gained = float(re.search(r"gained ([\d,.]+) km²", out).group(1).replace(",", ""))
    assert gained == pytest.approx(732.7, abs=0.5) and gained == pytest.approx(PUBLISHED["2024-11"], rel=0.015)
    oblasts = table(out)
    assert oblasts[0]["oblast"] == "Donetsk Oblast" and float(oblasts[0]["gained_km2"]) > gained / 2
    settlements = {row["name"]: row for row in table(out.split("\n\n", 2)[-1])}
    assert settlements["Toretsk"]["to_status"] == "occupied"  # taken in the winter of 2024-25


def _series(r, wd):
    rows = [ln.split(",") for ln in r.stdout.strip().splitlines()]
    assert rows[0][:2] == ["period", "map_time"] and [row[0] for row in rows[1:]] == [
        f"2024-{m:02d}" for m in range(6, 13)]
    aug = dict(zip(rows[0], rows[3]))
    assert float(aug["gained_km2"]) == pytest.approx(PUBLISHED["2024-08"], rel=0.015)
    assert (wd / "maps" / "series.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _claims_verify(r, wd):
    rows = {row["place_name"]: row for row in table(r.stdout)}
    assert set(rows) == CLAIMED
    # Toretsk was grey in 2024 and occupied by its last map: "already" held when claimed in May 2025
    assert rows["Toretsk"]["verdict"] == "already" and rows["Toretsk"]["before"] == "occupied"
    assert rows["Pokrovsk"]["before"] == "free"  # Pokrovsk was not taken in 2024


def _pull_one(r, wd):
    before = max(t for t in RAW_TIMES if t <= "2025-05-15T00:00:00Z")  # the map in force at 2025-05-15 00:00
    assert json.loads(r.stdout)["map_time"] == before and json.loads(r.stdout)["status"] == "added"
    rows = table(CliRunner().invoke(app, ["snapshots"]).stdout)
    assert [row["map_time"] for row in rows] == [before]


def _pull_history(r, wd):
    rows = table(CliRunner().invoke(app, ["snapshots"]).stdout)
    assert [row["map_time"] for row in rows] == MAPS_2024  # one map a month, the month's last


def _boundaries_pull(r, wd):
    files = sorted(p.name for p in (wd / "home" / "boundaries").iterdir())
    assert any("ADM1" in f for f in files) and any("land" in f for f in files), files


def _html(r, wd, name, events, first, last):
    m = re.search(rf"wrote maps/{name}: (\d+) territory pieces, (\d+) events, (\d+) claims", r.output)
    assert m and int(m.group(1)) > 0 and int(m.group(2)) == events
    html = (wd / "maps" / name).read_text(encoding="utf-8")
    in_range = [t for t in MAPS_2024 if first <= t[:10] <= last]
    shown = set(re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", html)) & set(MAPS_2024)
    assert shown == {in_range[0], in_range[-1]}  # the territory at the period's first and last maps
    return html


def _map(r, wd):
    _html(r, wd, "frontline.html", 27, "2024-06-30", "2024-12-31")


def _map_autumn(r, wd):
    _html(r, wd, "autumn-2024.html", 0, "2024-08-01", "2024-11-30")  # no events in autumn 2024


def _map_offline(r, wd):
    html = _html(r, wd, "offline.html", 27, "2024-06-30", "2024-12-31")
    assert "cdn.jsdelivr.net" not in html and "<script src=\"http" not in html


def _figure(r, wd):
    assert r.output.strip() == "wrote maps/november-2024.png"
    from PIL import Image

    with Image.open(wd / "maps" / "november-2024.png") as im:
        assert im.format == "PNG" and im.width > 500


def _build(r, wd):
    counts = {row["what"]: row for row in table("what " + r.stdout.split("what ", 1)[1])}
    assert counts["articles"]["count"] == "1" and counts["claims"]["note"] == ", ".join(sorted(CLAIMED))
    fc = json.loads((wd / "maps" / "events.geojson").read_text(encoding="utf-8"))
    assert len(fc["features"]) == int(counts["events"]["count"]) > 10
    assert (wd / "maps" / "frontline.html").stat().st_size > 10_000
    # what was drawn: the store holds 2024's maps, not the article's period, and DeepStateMap is out of reach here,
    # so no territory and no front line, and the summary says so; the map opens on the article's date
    assert counts["snapshots"]["note"].startswith("no territory")
    assert counts["front line"]["count"] == "0" and counts["front line"]["note"] == "not drawn: no territory"
    assert counts["map"]["note"].startswith("maps/frontline.html: opens on 2025-05-15; ")


def _series_local(r, wd):
    plain = CliRunner().invoke(app, ["series", "--every", "month"])
    assert r.stdout == plain.stdout and len(r.stdout.splitlines()) == 8  # the same table as without a cluster


def _migrate(r, wd):
    layers = json.loads(r.stdout)["layers"]
    assert all(layer["same"] for layer in layers.values())
    assert layers["claims"]["rows"] == len(CLAIMED) and layers["events"]["rows"] > 10  # the seed article's
    assert layers["sources"]["rows"] == 1 and layers["snapshots"]["rows"] == 0


def _ingest_cluster(r, wd):
    summary = json.loads(r.stdout)
    assert summary["added"] == summary["documents"] == len(glob.glob(str(wd / "seeds" / "*.txt")))


def _gazetteer_pull(r, wd):
    r = CliRunner().invoke(app, ["gazetteer", "lookup", "Kotlyne"])  # a village cities500 lacks, from UA.zip
    assert table(r.stdout)[0]["name"] == "Kotlyne"


EXPECT = {
    'frontline geocode "Russian forces pressed on Pokrovsk and Toretsk in the eastern Donetsk region"':
        ("empty", _geocode_line),
    f"frontline geocode --file {SEED} --format json": ("empty", _geocode_file),
    'frontline geocode "Вибухи у Києві" --format geojson': ("empty", _geocode_cyrillic),
    "frontline gazetteer lookup Artemovsk": ("empty", _lookup_artemovsk),
    'frontline geocode "Russian forces attacked the village of Zaporizhzhia near Pokrovsk." --format json':
        ("empty", _geocode_village),
    'frontline geocode "Russian forces recently advanced near Kurdyumivka." --date 2024-12-15': ("full", _geocode_front),
    f"frontline ingest {SEED}": ("empty", _ingest),
    "frontline events --since 2025-05-01 --type strike": ("seed", _events_strike),
    "frontline claims --format json": ("seed", _claims_json),
    "frontline events --near Pokrovsk --km 30": ("seed", _events_near),
    "frontline export events --format geojson -o maps/events.geojson": ("seed", _export_events),
    "frontline export claims --format kml -o maps/claims.kml": ("seed", _export_claims),
    "frontline snapshot import ../shared/data/deepstate/raw/deepstate_2024-*.geojson": ("seed", _snapshot_import),
    "frontline snapshots": ("full", _snapshots),
    "frontline diff 2024-07-31 2024-08-31 --format json --boundaries ../shared/data/boundaries": ("full", _diff_json),
    "frontline diff 2024-10-31 2024-11-30 --by oblast --boundaries ../shared/data/boundaries":
        ("full", _diff_by_oblast),
    "frontline series --every month --plot maps/series.png": ("full", _series),
    "frontline claims --verify": ("full", _claims_verify),
    "frontline snapshot pull deepstate --time 2025-05-15": ("empty", _pull_one),
    "frontline snapshot pull deepstate --from 2024-06-01 --to 2024-12-31 --every month": ("empty", _pull_history),
    "frontline boundaries pull": ("empty", _boundaries_pull),
    "frontline map -o maps/frontline.html": ("full", _map),
    "frontline map --from 2024-08-01 --to 2024-11-30 --boundaries ../shared/data/boundaries -o maps/autumn-2024.html":
        ("full", _map_autumn),
    "frontline map --self-contained --boundaries ../shared/data/boundaries -o maps/offline.html":
        ("full", _map_offline),
    "frontline figure 2024-10-31 2024-11-30 --boundaries ../shared/data/boundaries -o maps/november-2024.png":
        ("full", _figure),
    "frontline build seeds --out maps": ("full", _build),
    f"frontline ingest {SEED} --scheduler local:2": ("empty", _ingest),
    "frontline series --every month --scheduler local:2": ("full", _series_local),
    "frontline store migrate data/tracker.gpkg postgresql://frontline:secret@db.example/frontline":
        ("seed", _migrate),
    "frontline events --store postgresql://frontline:secret@db.example/frontline --type strike":
        ("seed", _events_strike),
    "frontline ingest articles/*.txt --scheduler tcp://HOST:8786 --store postgresql://frontline:secret@db.example/"
    "frontline": ("empty", _ingest_cluster),
    "frontline gazetteer pull": ("empty", _gazetteer_pull),
}


def test_quickstart_is_two_commands_and_ci_runs_the_second():
    section = re.search(r"^## Quickstart\n(.*?)(?=^## )", README, re.S | re.M).group(1)
    commands = [ln.strip() for body in re.findall(r"```\w*\n(.*?)```", section, re.S) for ln in body.splitlines()
                if ln.strip() and not ln.strip().startswith("#")]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_example_has_its_expected_output():
    """A new README example needs an entry in EXPECT (what it prints); a removed one, its entry removed."""
    assert set(EXAMPLES) - {e for e in EXAMPLES if "import UA.txt" in e} == set(EXPECT)


@pytest.fixture(scope="module")
def dask_cluster():
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


def _run(args: list[str]):
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture(scope="module")
def stores(tmp_path_factory, request):
    """``stores(state)`` -> a GeoPackage store in that state, built once per module: "empty" (none), "seed" (the
    seed article ingested), "full" (the seed and the seven 2024 month-end maps)."""
    built: dict[str, Path | None] = {"empty": None}
    folder = tmp_path_factory.mktemp("stores")

    def get(state: str) -> Path | None:
        if state not in built:
            path = folder / f"{state}.gpkg"
            if state == "full":
                raw = request.getfixturevalue("shared")("data", "deepstate", "raw")
                shutil.copy(get("seed"), path)
                _run(["snapshot", "import", *map(str, sorted(raw.glob("deepstate_2024-*.geojson"))),
                      "--store", str(path)])
            else:
                _run(["ingest", str(ROOT / SEED), "--store", str(path)])
            built[state] = path
        return built[state]

    return get


@pytest.fixture
def workdir(tmp_path, monkeypatch, stores, request):
    """A fresh folder holding the project's seeds, an empty maps/ and the store state the example needs at the
    default path (data/tracker.gpkg); the working folder, with no FRONTLINE_STORE and a home of its own."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "maps").mkdir()
    store = stores(EXPECT[request.node.callspec.params["line"]][0])
    if store is not None:
        (tmp_path / "data").mkdir()
        shutil.copy(store, tmp_path / "data" / "tracker.gpkg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    return tmp_path


SLOW = {"frontline gazetteer pull",  # the index rebuilt with the pulled villages
        f"frontline ingest {SEED} --scheduler local:2",  # a Dask cluster started
        "frontline map --self-contained --boundaries ../shared/data/boundaries -o maps/offline.html"}  # npm pack


@pytest.mark.parametrize("line", [pytest.param(e, marks=pytest.mark.slow) if e in SLOW else e
                                  for e in EXAMPLES if "import UA.txt" not in e])
def test_readme_example(line, workdir, monkeypatch, request):
    """Paths into ../shared point at the shared data; downloads go to a loopback server serving it; team
    examples run against the test database; `tcp://HOST:8786` is a scheduler on loopback."""
    state, check = EXPECT[line]
    if "../shared" in line:
        line = line.replace("../shared/data", str(request.getfixturevalue("shared")("data")))
    if " pull" in line:
        request.getfixturevalue("urls")
        if "gazetteer pull" in line:  # GeoNames' dumps from the loopback server, into a home of their own
            request.getfixturevalue("isolated_home")
    if "--self-contained" in line:  # the pinned npm packages from a loopback registry
        monkeypatch.setenv("FRONTLINE_NPM_URL", request.getfixturevalue("npm_registry"))
        monkeypatch.setenv("FRONTLINE_CACHE", str(workdir / "cache"))
    if "postgresql://" in line:  # the team examples run against the test database, reset for each
        from conftest import PG_URL, need_postgis, reset_postgis

        need_postgis()  # skips with its reason where no server runs (fails in CI, where .ci/run starts one)
        reset_postgis()
        if "migrate" not in line and state == "seed":  # the database holds what the migrate example copied
            _run(["store", "migrate", "data/tracker.gpkg", PG_URL])
        line = re.sub(r"postgresql://\S+", PG_URL, line)
    if "articles/*.txt" in line:
        line = line.replace("articles/*.txt", "seeds/*.txt")
    if "tcp://HOST:8786" in line:  # a real scheduler on loopback, with two workers
        line = line.replace("tcp://HOST:8786", request.getfixturevalue("dask_cluster").scheduler_address)
    args = [x for a in shlex.split(line)[1:] for x in (sorted(glob.glob(a)) if "*" in a else [a])]
    r = _run(args)
    check(r, workdir)


@pytest.mark.slow
def test_readme_import_example(tmp_path, monkeypatch, isolated_home):
    """`frontline gazetteer import UA.txt` with a UA.txt in GeoNames' format: the place is then found."""
    line = next(e for e in EXAMPLES if "import UA.txt" in e)
    row = ["702095", "Robotyne", "Robotyne", "Роботине", "47.4469", "35.8378", "P", "PPL", "UA", "", "26", "", "",
           "", "480", "", "100", "Europe/Kyiv", "2024-01-01"]
    (tmp_path / "UA.txt").write_text("\t".join(row) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, shlex.split(line)[1:])
    assert r.exit_code == 0, r.output
    assert '"places": 1' in r.stdout
    found = table(CliRunner().invoke(app, ["gazetteer", "lookup", "Роботине"]).stdout)[0]
    assert found["name"] == "Robotyne" and near(found["lat"], found["lon"], (47.4469, 35.8378), 0.1)


def test_readme_python_example():
    code = "\n".join(body for lang, body in BLOCKS if lang == "python")
    ns: dict = {}
    exec(code, ns)
    assert [m["name"] for m in ns["mentions"]] == ["Istanbul", "Kyiv"]
    assert len(ns["frame"]) == 2
