"""Downloads against a real HTTP server on loopback that serves files from ../shared: DeepState's history API
and geoBoundaries; and what happens without network."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
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


class _History(BaseHTTPRequestHandler):
    """DeepState's history API over generated maps: two a day, the occupied box growing east by 0.01° a map.
    ``fail`` maps a path to how many times it answers 503 first (-1: always 404)."""

    routes: dict = {}
    fail: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        cls = type(self)
        cls.seen.append(self.path)
        left = cls.fail.get(self.path, 0)
        body = cls.routes.get(self.path)
        if body is None or left < 0:
            self.send_response(404)
            self.end_headers()
            return
        if left > 0:
            cls.fail[self.path] = left - 1
            self.send_response(503)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _generated_map(k: int) -> bytes:
    east = 37.5 + 0.01 * k
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Окуповано /// Occupied /// geoJSON.status.occupied"},
         "geometry": {"type": "Polygon", "coordinates": [[[37.0, 47.5], [east, 47.5], [east, 48.0], [37.0, 48.0],
                                                          [37.0, 47.5]]]}},
        {"type": "Feature", "properties": {"name": "Kyiv"}, "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}},
    ]}).encode()


@pytest.fixture
def history(monkeypatch, tmp_path):
    """40 days from 2022-02-24, maps at 06:00 and 18:00 UTC; the API listed newest first, as it may be."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _History)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    items, routes = [], {}
    for k in range(80):
        t = dt.datetime(2022, 2, 24, 6, tzinfo=dt.timezone.utc) + dt.timedelta(hours=12 * k)
        ident = int(t.timestamp())
        items.append({"id": ident, "datetime": t.strftime("%Y-%m-%dT%H:%M:%SZ")})
        routes[f"/api/history/{ident}/geojson"] = _generated_map(k)
    routes["/api/history/public"] = json.dumps(items[::-1]).encode()
    _History.routes, _History.fail, _History.seen = routes, {}, []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("time.sleep", lambda s: None)  # the back-off between retries, not waited out here
    yield _History, items
    srv.shutdown()
    srv.server_close()


def _ident(items, when: str) -> str:
    return f"/api/history/{next(d['id'] for d in items if d['datetime'] == when)}/geojson"


def test_pull_a_history_every_day_week_month_politely_and_resume(history, tmp_path):
    handler, items = history
    store = tmp_path / "s.gpkg"
    # a map that fails twice is retried; one that is missing stops nothing but is reported, exit 1
    handler.fail[_ident(items, "2022-03-01T18:00:00Z")] = 2
    handler.fail[_ident(items, "2022-03-03T18:00:00Z")] = -1
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-02-24", "--to", "2022-03-05",
                            "--every", "day", "--store", str(store)])
    assert r.exit_code == 1, r.output
    assert "1 of 10 maps not downloaded" in r.stderr and "run the same command again" in r.stderr
    assert "[10/10]" in r.stderr  # a progress line per map
    r = runner.invoke(app, ["snapshots", "--store", str(store), "--format", "json"])
    times = [s["map_time"] for s in json.loads(r.stdout)]
    # the last map of each day, the missing day apart
    assert times == [f"2022-{d}T18:00:00Z" for d in ("02-24", "02-25", "02-26", "02-27", "02-28", "03-01", "03-02",
                                                      "03-04", "03-05")]
    # resume: only the missing map is asked for again
    handler.fail.clear()
    n = len(handler.seen)
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-02-24", "--to", "2022-03-05",
                            "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert handler.seen[n:] == ["/api/history/public", _ident(items, "2022-03-03T18:00:00Z")]
    assert json.loads(r.stdout) == {"from": "2022-02-24", "to": "2022-03-05", "every": "day", "added": 1,
                                    "skipped": 9, "first": "2022-03-03T18:00:00Z", "last": "2022-03-03T18:00:00Z"}
    r = runner.invoke(app, ["snapshots", "--store", str(store), "--format", "json"])
    rows = json.loads(r.stdout)
    assert len(rows) == 10
    # the generated box grows by 0.01° of longitude a map: ~1.47 km² at 47.75° N per 12 hours
    assert rows[1]["occupied_km2"] - rows[0]["occupied_km2"] == pytest.approx(2 * 0.01 * 111.32 * 0.6723 * 55.6,
                                                                              rel=0.02)
    # weeks (ISO, the last map of each) and months into another store
    other = tmp_path / "w.gpkg"
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-02-24", "--to", "2022-04-30",
                            "--every", "week", "--store", str(other)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["snapshots", "--store", str(other), "--format", "json"])
    assert [s["map_time"] for s in json.loads(r.stdout)] == [
        "2022-02-27T18:00:00Z", "2022-03-06T18:00:00Z", "2022-03-13T18:00:00Z", "2022-03-20T18:00:00Z",
        "2022-03-27T18:00:00Z", "2022-04-03T18:00:00Z", "2022-04-04T18:00:00Z"]
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-03-01", "--every", "month",
                            "--store", str(tmp_path / "m.gpkg")])
    assert json.loads(r.stdout)["added"] == 2  # March's last map and April's (the history ends 2022-04-04)


def test_pull_history_downloads_at_most_three_at_once(history, tmp_path, monkeypatch):
    import geo.fetch as fetch

    active, peak, lock = [0], [0], threading.Lock()
    real = fetch.download  # each map is downloaded (streamed to the cache)

    def counted(url, *a, **k):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            threading.Event().wait(0.02) if "geojson" in url else None  # time.sleep is patched out
            return real(url, *a, **k)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(fetch, "download", counted)
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-02-24", "--to", "2022-03-31",
                            "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["added"] == 36
    assert peak[0] == fetch.PULL_WORKERS == 3


@pytest.mark.parametrize("args,why", [
    (["--from", "2022-02-30"], "--from"),
    (["--from", "2022-03-01", "--to", "2022-02-01"], "before --from"),
    (["--from", "2022-03-01", "--time", "2022-03-05"], "give one of them"),
    (["--every", "week"], "need --from"),
])
def test_pull_history_bad_options_exit_2(history, tmp_path, args, why):
    store = tmp_path / "s.gpkg"
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", *args, "--store", str(store)])
    assert r.exit_code == 2 and why in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not store.exists()
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--from", "2022-03-01", "--every", "fortnight",
                            "--store", str(store)])
    assert r.exit_code == 2 and "fortnight" in r.stderr
    assert not store.exists()


@pytest.fixture
def npm_registry(monkeypatch, tmp_path):
    """A loopback npm registry: ``serve(tarball)`` puts it at leaflet 1.9.3's path; the cache under ``tmp_path``."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _History)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setenv("FRONTLINE_NPM_URL", f"http://127.0.0.1:{srv.server_address[1]}")
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))

    def serve(raw: bytes) -> None:
        _History.routes, _History.fail, _History.seen = {"/leaflet/-/leaflet-1.9.3.tgz": raw}, {}, []

    yield serve
    srv.shutdown()
    srv.server_close()


def _tarball(members: list[tuple[str, bytes]]) -> bytes:
    """A gzipped tarball holding ``members`` (name, content)."""
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_npm_package_checks_the_pinned_integrity(npm_registry, tmp_path):
    """A tarball that is not the pinned one is refused (exit 1 on the command line) and nothing is unpacked."""
    from geo.errors import WorkFailed
    from geo.fetch import npm_package

    npm_registry(_tarball([("package/package.json", b'{"name": "leaflet", "version": "1.9.3"}')]))
    with pytest.raises(WorkFailed, match="sha512 is not the pinned one"):
        npm_package("leaflet@1.9.3")
    assert _History.seen == ["/leaflet/-/leaflet-1.9.3.tgz"]
    assert not (tmp_path / "cache" / "npm" / "leaflet@1.9.3").exists()
    assert not list((tmp_path / "cache").glob("**/package.json"))  # nothing unpacked
    with pytest.raises(WorkFailed, match="not one of the pinned packages"):
        npm_package("leaflet@1.9.4")


@pytest.mark.parametrize("python_has_filter", [True, False])
@pytest.mark.parametrize("member,ok", [("package/leaflet.js", True), ("package/../../escaped.js", False)])
def test_npm_package_unpacks_only_inside_its_folder(npm_registry, monkeypatch, tmp_path, python_has_filter, member,
                                                    ok):
    """A pinned tarball is unpacked into the cache; a member that would land outside it is refused, also on a
    Python without tarfile's "data" filter (before 3.11.4)."""
    import base64
    import hashlib
    import tarfile

    import geo.fetch as fetch
    from geo.errors import WorkFailed

    if not python_has_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    raw = _tarball([("package/package.json", b"{}"), (member, b"L={};")])
    monkeypatch.setitem(fetch.NPM_INTEGRITY, "leaflet@1.9.3",
                        "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode())
    npm_registry(raw)
    if ok:
        got = fetch.npm_package("leaflet@1.9.3")
        assert (got / "leaflet.js").read_bytes() == b"L={};"
    else:
        with pytest.raises(WorkFailed, match="cannot unpack"):
            fetch.npm_package("leaflet@1.9.3")
        assert not (tmp_path / "cache" / "npm" / "leaflet@1.9.3").exists()
    assert not list(tmp_path.glob("**/escaped.js"))
