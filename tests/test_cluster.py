"""Dask: a LocalCluster of two workers gives exactly what the single process gives; without --scheduler
nothing imports Dask."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from geo.cli import app
from geo.store import open_store
from test_store import write_articles

runner = CliRunner()


@pytest.mark.slow
def test_ingest_on_two_workers_equals_one_process(tmp_path, store_url):
    paths = [str(p) for p in write_articles(tmp_path / "in", 12)]
    single = tmp_path / "single.gpkg"
    assert runner.invoke(app, ["ingest", *paths, "--store", str(single)]).exit_code == 0
    r = runner.invoke(app, ["ingest", *paths, "--store", store_url, "--scheduler", "local:2"])
    assert r.exit_code == 0, r.output
    with open_store(single) as a, open_store(store_url) as b:
        for layer in ("sources", "events", "claims"):
            assert a.checksum(layer) == b.checksum(layer)
        assert a.count("events") > 100


@pytest.mark.slow
def test_series_on_two_workers_equals_one_process(tmp_path, shared):
    raw = shared("data", "deepstate", "raw")
    store = tmp_path / "s.gpkg"
    files = sorted(raw.glob("deepstate_2024-*.geojson"))[:4]
    assert runner.invoke(app, ["snapshot", "import", *map(str, files), "--store", str(store)]).exit_code == 0
    one = runner.invoke(app, ["series", "--store", str(store), "--format", "json"])
    two = runner.invoke(app, ["series", "--store", str(store), "--format", "json", "--scheduler", "local:2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert one.stdout == two.stdout
    assert '"gained_km2": 367.9' in one.stdout  # August 2024, as the diff measures it


def test_without_scheduler_nothing_imports_dask(tmp_path):
    (p,) = write_articles(tmp_path / "in", 1)
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom geo.cli import app\n"
            f"r = CliRunner().invoke(app, ['ingest', {str(p)!r}, '--store', {str(tmp_path / 's.gpkg')!r}])\n"
            "assert r.exit_code == 0, r.output\n"
            "r = CliRunner().invoke(app, ['series', '--store', " + repr(str(tmp_path / 's.gpkg')) + "])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_bad_scheduler_is_refused(tmp_path):
    (p,) = write_articles(tmp_path / "in", 1)
    r = runner.invoke(app, ["ingest", str(p), "--store", str(tmp_path / "s.gpkg"), "--scheduler", "spark://x"])
    assert r.exit_code == 2 and "local, local:N or tcp://HOST:PORT" in r.stderr
