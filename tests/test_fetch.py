"""Downloads against a real HTTP server on loopback that serves files from ../shared: DeepState's history API
and geoBoundaries; and what happens without network."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from geo.cli import app

runner = CliRunner()


def test_pull_deepstate_latest_and_at_a_time(urls, tmp_path):
    store = tmp_path / "s.gpkg"
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["map_time"] == "2025-07-31T19:22:00Z"
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--time", "2024-09-15", "--store", str(store)])
    assert json.loads(r.stdout)["map_time"] == "2024-08-31T20:46:00Z"  # the last map at or before the time
    r = runner.invoke(app, ["snapshots", "--store", str(store), "--format", "json"])
    assert [s["map_time"] for s in json.loads(r.stdout)] == ["2024-08-31T20:46:00Z", "2025-07-31T19:22:00Z"]
    assert all("frontline/" in ua for _, ua in urls)  # a clear User-Agent on every request
    cached = list((tmp_path / "cache" / "deepstate").glob("*.geojson"))
    assert len(cached) == 2
    n = len(urls)
    runner.invoke(app, ["snapshot", "pull", "deepstate", "--time", "2024-09-15", "--store", str(store)])
    assert [p for p, _ in urls[n:]] == ["/api/history/public"]  # the map itself comes from the cache


def test_pull_boundaries_then_diff_by_oblast(urls, tmp_path, shared):
    dest = tmp_path / "bounds"
    r = runner.invoke(app, ["boundaries", "pull", "--dest", str(dest)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["units"] == 27
    raw = shared("data", "deepstate", "raw")
    r = runner.invoke(app, ["diff", str(raw / "deepstate_2024-07-31T2054Z.geojson"),
                            str(raw / "deepstate_2024-08-31T2046Z.geojson"), "--format", "json",
                            "--boundaries", str(dest)])
    s = json.loads(r.stdout)
    assert next(o for o in s["by_oblast"] if o["iso"] == "UA-14")["gained_km2"] > 300


def test_without_network_says_so_and_exits_1(monkeypatch, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", f"http://127.0.0.1:{port}/api/history")
    monkeypatch.setenv("FRONTLINE_TIMEOUT", "2")
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 1
    assert "cannot download" in r.stderr and len(r.stderr.strip().splitlines()) == 1
