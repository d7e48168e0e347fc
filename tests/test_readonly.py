"""Reading never writes: every command that only reads leaves the store file byte-identical (its sha256)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import shapely
from shapely.geometry import mapping
from typer.testing import CliRunner

from geo.cli import app
from geo.errors import BadInput
from geo.store import open_store

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _snapshot(folder: Path, day: str, east: float) -> Path:
    """Occupied ground west of Pokrovsk reaching ``east`` degrees, and a grey strip beyond it."""
    p = folder / f"control_{day}.geojson"
    feats = [{"type": "Feature", "properties": {"status": "occupied"},
              "geometry": mapping(shapely.box(37.3, 48.1, east, 48.4))},
             {"type": "Feature", "properties": {"status": "grey"},
              "geometry": mapping(shapely.box(east, 48.1, east + 0.02, 48.4))}]
    p.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A store with the seed article ingested and two snapshots around its date."""
    d = tmp_path_factory.mktemp("readonly")
    store = d / "s.gpkg"
    seeds = d / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    r = runner.invoke(app, ["ingest", *map(str, sorted(seeds.glob("*.txt"))), "--store", str(store)])
    assert r.exit_code == 0, r.output
    files = [_snapshot(d, "2025-05-01", 37.05), _snapshot(d, "2025-05-31", 37.0)]
    r = runner.invoke(app, ["snapshot", "import", *map(str, files), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return store


READERS = {
    "events": ["events", "--format", "json"],
    "events-near": ["events", "--near", "Pokrovsk", "--km", "50"],
    "claims": ["claims", "--format", "json"],
    "claims-verify": ["claims", "--verify"],
    "snapshots": ["snapshots", "--format", "json"],
    "diff": ["diff", "2025-05-01", "2025-05-31", "--format", "json"],
    "diff-geojson-file": ["diff", "2025-05-01", "2025-05-31", "--format", "geojson", "-o", "{out}/d.geojson"],
    "series": ["series", "--every", "week", "--format", "json"],
    "series-plot": ["series", "--plot", "{out}/series.png"],
    "map": ["map", "-o", "{out}/map.html"],
    "figure": ["figure", "2025-05-01", "2025-05-31", "-o", "{out}/fig.png"],
    "export-geojson": ["export", "events", "--format", "geojson"],
    "export-csv": ["export", "claims", "--format", "csv", "-o", "{out}/claims.csv"],
    "export-kml": ["export", "snapshots", "--format", "kml", "-o", "{out}/snapshots.kml"],
    "export-gpkg": ["export", "events", "--format", "gpkg", "-o", "{out}/events.gpkg"],
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_reading_leaves_the_store_byte_identical(name, built, tmp_path):
    before = hashlib.sha256(built.read_bytes()).hexdigest()
    stat = built.stat()
    args = [a.replace("{out}", str(tmp_path)) for a in READERS[name]] + ["--store", str(built)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert hashlib.sha256(built.read_bytes()).hexdigest() == before
    assert built.stat().st_mtime_ns == stat.st_mtime_ns
    if "-o" in args or "--plot" in args:
        out = Path(args[(args.index("-o") if "-o" in args else args.index("--plot")) + 1])
        assert out.stat().st_size > 100
    else:
        assert r.stdout.strip() and "nothing matches" not in r.stdout
    assert sorted(p.name for p in built.parent.iterdir() if p.name.startswith("s.gpkg")) == ["s.gpkg"]


def test_readers_open_the_geopackage_read_only(built):
    with open_store(built, create=False) as st:
        assert st.count("events") > 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            st._con.execute("DELETE FROM events")
    with open_store(built, create=False) as st:
        assert st.count("events") > 0


def test_a_reader_does_not_create_a_store(tmp_path):
    missing = tmp_path / "none.gpkg"
    with pytest.raises(BadInput, match="no such store"):
        open_store(missing, create=False)
    r = runner.invoke(app, ["events", "--store", str(missing)])
    assert r.exit_code == 2 and not missing.exists()


def test_a_crashed_write_is_rolled_back_before_reading(built, tmp_path):
    """A writer killed inside its transaction leaves a hot journal; a reader gets the store as it was before
    that write (byte for byte), not an error."""
    import subprocess
    import sys

    store = tmp_path / "s.gpkg"
    shutil.copy(built, store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    crash = ("import os, sqlite3, sys\n"
             "from geo.store.gpkg import register_functions\n"
             "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "register_functions(con)\n"
             "con.execute('PRAGMA cache_size = 1')\n"  # spill pages into the file before the commit
             "con.execute('BEGIN IMMEDIATE')\n"
             "for i in range(3000):\n"
             "    con.execute('INSERT INTO sources (doc_id, doc_key) VALUES (?, ?)', (str(i) * 40, 'k' * 400))\n"
             "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", crash, str(store)], check=True, timeout=120)
    assert (tmp_path / "s.gpkg-journal").stat().st_size > 0
    assert hashlib.sha256(store.read_bytes()).hexdigest() != before  # the half-written transaction
    r = runner.invoke(app, ["snapshots", "--format", "json", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert [s["map_time"][:10] for s in json.loads(r.stdout)] == ["2025-05-01", "2025-05-31"]
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
