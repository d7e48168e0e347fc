"""The GeoPackage store: conformance, idempotence, replacement, bad stores, faults and concurrency with real
processes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.errors import BadInput
from geo.store import SCHEMA_VERSION, open_store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_559b3a757218a85c.txt"
runner = CliRunner()

TOWNS = ["Pokrovsk", "Toretsk", "Chasiv Yar", "Kupiansk", "Vovchansk", "Lyman", "Siversk", "Kostiantynivka",
         "Orikhiv", "Huliaipole", "Kherson", "Sumy", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia"]


def article(n: int, sentences: int = 12) -> str:
    """A synthetic war report, different for each n."""
    out = []
    for k in range(sentences):
        town = TOWNS[(n + k) % len(TOWNS)]
        other = TOWNS[(n * 7 + k) % len(TOWNS)]
        out.append(f"Russian forces shelled {town} on Monday, officials said (report {n}-{k}).")
        out.append(f"Ukrainian troops withdrew from positions near {other} in March, the General Staff said.")
    return " ".join(out)


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        p = folder / f"a{n:03d}.txt"
        p.write_text(article(n), encoding="utf-8")
        p.with_suffix(".json").write_text(json.dumps({"date": "2025-05-15", "source": "test wire"}), encoding="utf-8")
        paths.append(p)
    return paths


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def ingest(*args: str):
    return runner.invoke(app, ["ingest", *args])


def test_store_is_a_geopackage_gdal_reads(tmp_path):
    store = tmp_path / "s.gpkg"
    r = ingest(str(SEED), "--store", str(store))
    assert r.exit_code == 0, r.output
    layers = {name for name, _ in pyogrio.list_layers(store)}
    assert {"events", "claims", "snapshots", "sources"} <= layers
    info = pyogrio.read_info(store, layer="events")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["start"] == "OFTDate" and types["end"] == "OFTDate"
    assert info["capabilities"]["fast_spatial_filter"]  # the R-tree is there and GDAL uses it
    df = pyogrio.read_dataframe(store, layer="events", bbox=(37.0, 48.0, 38.0, 48.7))
    assert {"Pokrovsk", "Toretsk", "Chasiv Yar"} <= set(df["place_name"])
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT value FROM frontline_meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    for layer in ("events", "claims", "snapshots"):
        assert con.execute(f"SELECT count(*) FROM gpkg_extensions WHERE table_name='{layer}' "
                           "AND extension_name='gpkg_rtree_index'").fetchone()[0] == 1


def test_reingest_changes_nothing_and_changed_text_replaces(tmp_path, store_url):
    store = store_url
    src = tmp_path / "in"
    (p,) = write_articles(src, 1)
    assert ingest(str(p), "--store", str(store)).exit_code == 0
    with open_store(store) as st:
        before = (st.count("events"), st.count("claims"), st.count("sources"))
        ids = sorted(r["event_id"] for r in st.query("events"))
    assert before[0] > 10
    r = ingest(str(p), "--store", str(store))
    assert '"unchanged": 1' in r.stdout
    with open_store(store) as st:
        assert (st.count("events"), st.count("claims"), st.count("sources")) == before
        assert sorted(r["event_id"] for r in st.query("events")) == ids
    p.write_text("Russian drones struck Odesa on Tuesday, the governor said.", encoding="utf-8")
    r = ingest(str(p), "--store", str(store))
    assert '"replaced": 1' in r.stdout
    with open_store(store) as st:
        rows = st.query("events")
        assert st.count("sources") == 1
    assert [(e["type"], e["place_name"]) for e in rows] == [("strike", "Odesa")]


def test_query_by_date_bbox_type_and_near(tmp_path, store_url):
    store = store_url
    assert ingest(str(SEED), "--store", str(store)).exit_code == 0
    with open_store(store) as st:
        may = st.query("events", since="2025-05-16", until="2025-05-16")
        assert {e["place_name"] for e in may if e["located"]} == {"Istanbul"}
        old = st.query("events", until="2022-12-31")
        assert old and all(e["start"].startswith("2022") for e in old)
        box = st.query("claims", bbox=(37.5, 48.3, 38.0, 48.7))
        assert {c["place_name"] for c in box} == {"Toretsk", "Chasiv Yar"}
        near = st.query("events", near=(48.28, 37.18, 20.0))
        assert {e["place_name"] for e in near} == {"Pokrovsk"}
        assert {e["type"] for e in st.query("events", types=["strike"])} == {"strike"}
    r = runner.invoke(app, ["claims", "--store", str(store), "--near", "Toretsk", "--km", "5", "--format", "json"])
    assert [c["place_name"] for c in json.loads(r.stdout)] == ["Toretsk"]
    r = runner.invoke(app, ["events", "--store", str(store), "--since", "2025-05-16", "--format", "geojson"])
    fc = json.loads(r.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["coordinates"][0] > 28


@pytest.mark.parametrize("make,message", [
    (lambda p: p.write_bytes(b"this is not a database, just text\n" * 10), "not an SQLite database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE x (a)").connection.commit(), "application id"),
    (lambda p: pyogrio.write_dataframe(__import__("geopandas").GeoDataFrame(
        {"a": [1]}, geometry=__import__("geopandas").points_from_xy([30], [50]), crs=4326), p), "not a frontline store"),
])
def test_bad_stores_are_refused_and_untouched(tmp_path, make, message):
    store = tmp_path / "bad.gpkg"
    make(store)
    before = sha(store)
    r = ingest(str(SEED), "--store", str(store))
    assert r.exit_code == 2
    assert message in r.stderr and str(store) in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sha(store) == before


def test_newer_schema_is_refused(tmp_path):
    store = tmp_path / "s.gpkg"
    open_store(store).close()
    con = sqlite3.connect(store)
    con.execute("UPDATE frontline_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    before = sha(store)
    for create in (True, False):  # writers and readers alike
        with pytest.raises(BadInput, match=f"newer frontline \\(schema version {SCHEMA_VERSION + 1}"):
            open_store(store, create=create)
    r = runner.invoke(app, ["events", "--store", str(store)])
    assert r.exit_code == 2 and "schema version" in r.stderr
    assert sha(store) == before


@pytest.mark.parametrize("content,flags,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, ["--date", "2025-05-15", "--source", "x"], "binary"),
    (b"caf\xe9 au lait \x81\x82 bad bytes", ["--date", "2025-05-15", "--source", "x"], "not UTF-8"),
    ("Shelling hit Kharkiv.".encode(), ["--source", "x"], "no date"),
    ("Shelling hit Kharkiv.".encode(), ["--date", "15.05.2025", "--source", "x"], "15.05.2025"),
    ("Shelling hit Kharkiv.".encode(), ["--date", "2025-05-15"], "no source"),
])
def test_bad_input_exits_2_and_leaves_the_store(tmp_path, content, flags, message):
    store = tmp_path / "s.gpkg"
    assert ingest(str(SEED), "--store", str(store)).exit_code == 0
    before = sha(store)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Drones hit Odesa.", encoding="utf-8")
    r = ingest(str(good), str(bad), "--store", str(store), *flags)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert ".txt" in r.stderr or "--date" in r.stderr  # it names the file (or the flag) at fault
    assert len(r.stderr.strip().splitlines()) == 1
    assert sha(store) == before  # nothing written, not even the good file before it


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_cyrillic_article_in_windows_encodings_is_decoded(tmp_path, encoding, store_url):
    store = store_url
    p = tmp_path / "ru.txt"
    p.write_bytes("Российские войска обстреляли Харьков в понедельник, сообщили власти.".encode(encoding))
    r = ingest(str(p), "--store", str(store), "--date", "2025-05-15", "--source", "ru wire")
    assert r.exit_code == 0, r.output
    with open_store(store) as st:
        src = st.sources()[0]
        ev = st.query("events")
    assert src["encoding"] == encoding
    assert any(e["place_name"] == "Kharkiv" and e["type"] == "strike" for e in ev)


def test_front_matter_gives_date_and_source(tmp_path, store_url):
    store = store_url
    p = tmp_path / "fm.txt"
    p.write_text("---\ndate: 2024-08-20\nsource: Example Wire\n---\nDrones struck Sumy on Monday.", encoding="utf-8")
    assert ingest(str(p), "--store", str(store)).exit_code == 0
    with open_store(store) as st:
        (e,) = st.query("events")
    assert e["source"] == "Example Wire" and e["start"] == "2024-08-19" and e["place_name"] == "Sumy"


def _frontline() -> list[str]:
    exe = Path(sys.executable).with_name("frontline")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "geo.cli"]


def _consistent(store) -> tuple[int, int]:
    """Every document in the store has all its events and claims, no event lacks its document, no event is
    there twice; for a GeoPackage also SQLite's integrity check and the R-tree's row count."""
    with open_store(store) as st:
        docs = st.sources()
        events, claims = st.dump("events"), st.dump("claims")
    for d in docs:
        assert sum(e["doc_id"] == d["doc_id"] for e in events) == d["events"]
        assert sum(c["doc_id"] == d["doc_id"] for c in claims) == d["claims"]
    assert {e["doc_id"] for e in events} <= {d["doc_id"] for d in docs}
    assert len({e["event_id"] for e in events}) == len(events)
    if not str(store).startswith("postgresql"):
        con = sqlite3.connect(store)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rtree = con.execute("SELECT count(*) FROM rtree_events_geom").fetchone()[0]
        assert rtree == con.execute("SELECT count(*) FROM events WHERE geom IS NOT NULL").fetchone()[0]
        con.close()
    return len(docs), len(events)


@pytest.mark.slow
def test_killed_ingest_leaves_whole_documents(tmp_path, store_url):
    """SIGKILL a real ingest in the middle, three times: the store stays readable, each document is there
    with all its events or not at all, and a later run completes it."""
    paths = write_articles(tmp_path / "in", 60)
    store = store_url
    env = dict(os.environ)
    for after in (5, 20, 35):
        proc = subprocess.Popen(_frontline() + ["ingest", *map(str, paths), "--store", str(store)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in proc.stderr:  # progress lines: "[n/60] a012.txt: added, ..."
            if line.startswith(f"[{after}/"):
                break
        proc.send_signal(signal.SIGKILL)  # while document after+1 is being read or written
        proc.wait()
        docs, _ = _consistent(store)
        assert after <= docs <= after + 1 < 60  # killed in the middle, whole documents only
    r = ingest(*map(str, paths), "--store", str(store))
    assert r.exit_code == 0
    assert _consistent(store)[0] == 60


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["overlapping pairs", "four apart and two alike"])
def test_concurrent_ingests_land_everything_once(tmp_path, store_url, layout):
    """Real processes ingest into one store at once: every document once, no duplicate, nothing lost. Two
    processes with overlapping sets; or four with different documents and two more with the same one."""
    if layout == "overlapping pairs":
        sets = [write_articles(tmp_path / "in", 16, 0), write_articles(tmp_path / "in", 16, 8)]
    else:
        sets = [write_articles(tmp_path / "in", 5, 5 * k) for k in range(4)]
        same = write_articles(tmp_path / "same", 1, 100)
        sets += [same, same]
    env = dict(os.environ)
    procs = [subprocess.Popen(_frontline() + ["ingest", *map(str, paths), "--store", str(store_url)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for paths in sets]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    unique = {p.name for paths in sets for p in paths}
    docs, n_events = _consistent(store_url)
    assert docs == len(unique)
    with open_store(store_url) as st:
        per_doc = {s["doc_key"]: s["events"] for s in st.sources()}
    assert sorted(per_doc) == sorted(unique)
    assert n_events == sum(per_doc.values())


def test_migrate_geopackage_to_postgis_and_back_loses_nothing(tmp_path, shared):
    """Ingest and import into a GeoPackage, migrate it to PostGIS and back: counts and checksums agree, and
    the queries answer alike."""
    from conftest import PG_URL, reset_postgis

    reset_postgis()
    a, back = tmp_path / "a.gpkg", tmp_path / "back.gpkg"
    assert ingest(str(SEED), "--store", str(a)).exit_code == 0
    raw = shared("data", "deepstate", "raw")
    runner.invoke(app, ["snapshot", "import", str(raw / "deepstate_2024-08-31T2046Z.geojson"), "--store", str(a)])
    r = runner.invoke(app, ["store", "migrate", str(a), PG_URL])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert all(layer["same"] for layer in report["layers"].values())
    with open_store(a, create=False) as x:
        n_events, n_snapshot_rows = x.count("events"), x.count("snapshots")
    assert report["layers"]["events"]["rows"] == n_events > 10  # every event of the seed article came across
    assert report["layers"]["snapshots"]["rows"] == n_snapshot_rows >= 4  # a row per status of the map
    r = runner.invoke(app, ["store", "migrate", PG_URL, str(back)])
    assert r.exit_code == 0, r.output
    with open_store(a) as x, open_store(back) as y, open_store(PG_URL) as z:
        for layer in ("sources", "events", "claims", "snapshots"):
            assert x.checksum(layer) == y.checksum(layer) == z.checksum(layer)
        q = dict(since="2025-05-01", bbox=(37.0, 48.0, 38.0, 48.7))
        assert [e["event_id"] for e in x.query("events", **q)] == [e["event_id"] for e in z.query("events", **q)]
        assert x.get_snapshot("2024-08-31").areas() == pytest.approx(z.get_snapshot("2024-08-31").areas(), rel=1e-9)
    r = runner.invoke(app, ["store", "migrate", str(a), str(back)])
    assert r.exit_code == 2 and "not empty" in r.stderr


def test_the_postgis_skip_says_which_part_is_missing():
    """The skip reason tells a server that is down from a database that is missing (a new user's PostgreSQL is
    often up without the test database)."""
    import psycopg

    from urllib.parse import urlsplit

    from conftest import PG_URL, postgis_problem, skip_or_fail

    down = "postgresql://postgres:x@127.0.0.1:9/frontline_test"  # nothing listens on port 9
    with pytest.raises(psycopg.OperationalError) as e:
        psycopg.connect(down, connect_timeout=5)
    assert postgis_problem(down, e.value).startswith("no PostgreSQL server answers at 127.0.0.1:9")
    try:
        psycopg.connect(PG_URL, connect_timeout=5).close()
    except psycopg.OperationalError as err:
        if "does not exist" not in str(err):
            skip_or_fail(f"no PostgreSQL server to ask for a missing database: {postgis_problem(PG_URL, err)}")
    missing = PG_URL.rsplit("/", 1)[0] + "/frontline_no_such_database"
    with pytest.raises(psycopg.OperationalError) as e:
        psycopg.connect(missing, connect_timeout=5)
    server = f"{urlsplit(PG_URL).hostname}:{urlsplit(PG_URL).port or 5432}"
    assert postgis_problem(missing, e.value).startswith(
        f"the PostgreSQL server at {server} is up but has no database 'frontline_no_such_database'")
