"""Hostile servers, outputs and faults: no path built from remote data, no device or link clobbered, bounded
downloads, CSV that a spreadsheet will not run, a full or read-only disk said in one line, SIGTERM unwinding.

Everything that downloads talks to a server on 127.0.0.1; a full or read-only disk is a real tmpfs mounted for
the test where the system allows it (root), else the test is skipped."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import geonames_zip
from geo.atomic import write_atomic
from geo.cli import app
from geo.export import csv_cell

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
FRONTLINE = [sys.executable, "-c", "from geo.cli import main; main()"]
SQ = [[37.0, 48.0], [37.2, 48.0], [37.2, 48.2], [37.0, 48.2], [37.0, 48.0]]
MAP = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
    "name": "Окуповано /// Occupied /// geoJSON.status.occupied"}, "geometry": {"type": "Polygon", "coordinates": [SQ]}}]})


def one_line(r) -> str:
    """The one error line (after progress lines, if any: a download's, the gazetteer index being built)."""
    lines = [x for x in r.stderr.strip().splitlines()
             if not x.startswith(("frontline: downloading ", "frontline: building the gazetteer index"))]
    assert len(lines) == 1 and lines[0].startswith("frontline: error: "), r.stderr
    assert "Traceback" not in r.output
    return lines[0]


# ---------------------------------------------------------------------------------------------------------
# A loopback server that can misbehave


class _Hostile(BaseHTTPRequestHandler):
    """path -> (body bytes, how): how is "plain", "no-length" (no Content-Length, body streamed in 64 KiB
    pieces), "trickle" (a byte every 0.1 s, for ever) or "lie" (Content-Length far above the body)."""

    routes: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append(self.path)
        body, how = type(self).routes.get(self.path, (None, None))
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        if how == "plain":
            self.send_header("Content-Length", str(len(body)))
        elif how == "lie":
            self.send_header("Content-Length", str(3 * 2**30))
        self.end_headers()
        try:
            if how == "trickle":
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    threading.Event().wait(0.1)  # (time.sleep is patched out in the tests that retry)
            for i in range(0, len(body), 1 << 16):
                self.wfile.write(body[i:i + (1 << 16)])
        except OSError:
            pass  # the client gave up: as it should

    def log_message(self, *args):
        pass


@contextmanager
def hostile(routes: dict):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    srv.daemon_threads = True
    _Hostile.routes, _Hostile.seen = routes, []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    c = tmp_path / "cache"
    monkeypatch.setenv("FRONTLINE_CACHE", str(c))
    monkeypatch.setattr("time.sleep", lambda s: None)  # retries' back-off, not waited out
    return c


def _history(*items) -> bytes:
    return json.dumps(list(items)).encode()


# ---------------------------------------------------------------------------------------------------------
# 1. No path from remote data


@pytest.mark.parametrize("ident", ["../../../escaped", "/tmp/frontline-escaped-absolute", "..", "a/b", "x.geojson"])
def test_a_hostile_map_id_writes_nothing_and_says_so(ident, tmp_path, cache, monkeypatch):
    escaped = [tmp_path / "escaped.geojson", Path("/tmp/frontline-escaped-absolute.geojson")]
    routes = {"/api/history/public": (_history({"id": ident, "datetime": "2025-05-01T10:00:00Z"}), "plain"),
              f"/api/history/{ident}/geojson": (MAP.encode(), "plain")}
    with hostile(routes) as base:
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
        seen = list(_Hostile.seen)
    assert r.exit_code == 1
    assert "is not a map id" in one_line(r)
    assert seen == ["/api/history/public"]  # the map itself was never asked for
    assert not any(p.exists() for p in escaped) and not cache.exists()
    assert not (tmp_path / "s.gpkg").exists()


def test_history_items_of_the_wrong_type_are_passed_over(tmp_path, cache, monkeypatch):
    routes = {"/api/history/public": (_history(1, "x", None, [2], {"datetime": "2025-05-01T10:00:00Z"},
                                               {"id": 1746093600, "datetime": "2025-05-01T10:00:00Z"}), "plain"),
              "/api/history/1746093600/geojson": (MAP.encode(), "plain")}
    with hostile(routes) as base:
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["map_time"] == "2025-05-01T10:00:00Z"
    assert [p.name for p in (cache / "deepstate").iterdir()] == ["1746093600.geojson"]


@pytest.mark.parametrize("history", [b"[1, 2, 3]", json.dumps([{"id": 5, "datetime": {"a": 1}}]).encode(),
                                     b"[" * 100_000 + b"]" * 100_000])
def test_a_history_without_usable_items_is_one_line(history, tmp_path, cache, monkeypatch):
    with hostile({"/api/history/public": (history, "plain")}) as base:
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 1
    assert "DeepState history" in one_line(r) or "nested too deeply" in one_line(r)


def test_an_answer_that_is_not_a_map_is_never_cached(tmp_path, cache, monkeypatch):
    ident = 1746093600
    routes = {"/api/history/public": (_history({"id": ident, "datetime": "2025-05-01T10:00:00Z"}), "plain"),
              f"/api/history/{ident}/geojson": (b"<html>captive portal</html>", "plain")}
    with hostile(routes) as base:
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
        assert r.exit_code == 1 and "not JSON" in one_line(r)
        assert not (cache / "deepstate" / f"{ident}.geojson").exists()
        assert list((cache / "deepstate").iterdir()) == []  # no temporary file either
        routes[f"/api/history/{ident}/geojson"] = (MAP.encode(), "plain")  # the server mended: fetched afresh
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 0, r.output
    assert json.loads((cache / "deepstate" / f"{ident}.geojson").read_text()) == json.loads(MAP)


# ---------------------------------------------------------------------------------------------------------
# 4. Bounded downloads


def _pull_one(tmp_path, monkeypatch, body: bytes, how: str, env: dict):
    ident = 1746093600
    routes = {"/api/history/public": (_history({"id": ident, "datetime": "2025-05-01T10:00:00Z"}), "plain"),
              f"/api/history/{ident}/geojson": (body, how)}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with hostile(routes) as base:
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        t0 = time.monotonic()
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
        return r, time.monotonic() - t0


@pytest.mark.parametrize("how", ["plain", "no-length", "lie"])
def test_an_answer_over_the_size_limit_is_cut_off(how, tmp_path, cache, monkeypatch):
    r, _ = _pull_one(tmp_path, monkeypatch, b" " * (3 * 2**20), how, {"FRONTLINE_MAX_DOWNLOAD_MB": "1"})
    assert r.exit_code == 1
    assert "over the limit of 1.0 MB" in one_line(r)
    assert not (cache / "deepstate").exists() or list((cache / "deepstate").iterdir()) == []


def test_a_trickling_server_is_given_up_on_at_the_deadline(tmp_path, cache, monkeypatch):
    # a byte every 0.1 s never trips the 30 s read timeout: only the deadline for the whole download ends it
    r, took = _pull_one(tmp_path, monkeypatch, b"", "trickle", {"FRONTLINE_DOWNLOAD_DEADLINE": "1"})
    assert r.exit_code == 1
    assert "gave up after 1 s" in one_line(r)
    assert took < 10
    assert list((cache / "deepstate").iterdir()) == []


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf"])
def test_a_bad_timeout_setting_is_one_line_exit_2(value, tmp_path, cache, monkeypatch):
    monkeypatch.setenv("FRONTLINE_TIMEOUT", value)
    r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 2
    assert f"FRONTLINE_TIMEOUT: '{value}' is not a positive number of seconds" in one_line(r)


def test_a_geonames_zip_bomb_is_refused_before_unpacking(tmp_path, isolated_home, cache, monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("UA.txt", b"\0" * (16 * 2**20))  # 16 MB of nothing packs into about 16 KB
    with hostile({"/geonames/UA.zip": (buf.getvalue(), "plain")}) as base:
        monkeypatch.setenv("FRONTLINE_GEONAMES_URL", base + "/geonames")
        r = runner.invoke(app, ["gazetteer", "pull", "UA"])
    assert r.exit_code == 1
    assert "UA.txt unpacks to 16.0 MB" in one_line(r) and "not a GeoNames dump" in one_line(r)
    assert not (isolated_home / "gazetteer").exists() or list((isolated_home / "gazetteer").iterdir()) == []
    assert list((cache / "geonames").iterdir()) == []


def test_a_real_geonames_zip_is_not_taken_for_a_bomb(tmp_path):
    import random
    import string

    from geo.fetch import _unpacks_plausibly

    rnd = random.Random(18)
    rows = [(9_000_000 + i, name, name, f"{name}a,{name}o", round(rnd.uniform(44, 52), 5), round(rnd.uniform(22, 40), 5),
             "P", "PPL", "UA", f"{rnd.randint(1, 27):02d}", rnd.randint(0, 5000))
            for i, name in enumerate("".join(rnd.choices(string.ascii_lowercase, k=rnd.randint(5, 12))).title()
                                     for _ in range(15_000))]
    archive = tmp_path / "UA.zip"  # (the pulls of tests/test_gazetteer_pull.py go through the same check)
    archive.write_bytes(geonames_zip("UA.txt", rows))  # varied rows pack like GeoNames' own, a few to one
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("UA.txt")
    assert info.file_size > 20 * 2**16 and info.file_size / info.compress_size < 5
    _unpacks_plausibly(archive, "UA.txt", "http://127.0.0.1/UA.zip")


# ---------------------------------------------------------------------------------------------------------
# Real file systems: a tiny one that fills, a read-only one


@contextmanager
def mounted(path: Path, *opts: str):
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(opts), "tmpfs", str(path)], capture_output=True)
    if r.returncode:
        pytest.skip("cannot mount a tmpfs here (not root): " + r.stderr.decode(errors="replace").strip())
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill a file system but for ``leave`` bytes."""
    with open(folder / "filler", "wb", buffering=0) as f:
        while True:
            vfs = os.statvfs(folder)
            free = vfs.f_bavail * vfs.f_frsize
            if free <= leave:
                return
            try:
                f.write(b"\0" * min(free - leave, 1 << 16))
            except OSError:
                return


@pytest.fixture
def store(tmp_path) -> Path:
    s = tmp_path / "s.gpkg"
    (tmp_path / "x_2025-05-01.geojson").write_text(MAP, encoding="utf-8")
    r = runner.invoke(app, ["snapshot", "import", str(tmp_path / "x_2025-05-01.geojson"), "--store", str(s)])
    assert r.exit_code == 0, r.output
    return s


def test_a_full_disk_during_ingest_is_one_line_and_the_store_unchanged(tmp_path, store):
    with mounted(tmp_path / "small", "size=512k") as small:
        s = small / "s.gpkg"
        s.write_bytes(store.read_bytes())
        before = s.read_bytes()
        article = tmp_path / "long.txt"
        article.write_text(" ".join(f"Russian forces shelled Kramatorsk and Pokrovsk on day {i}."
                                    for i in range(4000)), encoding="utf-8")
        _fill(small, leave=16384)  # room for the journal's first pages, not for the article's events
        r = runner.invoke(app, ["ingest", str(article), "--date", "2025-05-01", "--source", "X", "--store", str(s)])
        assert r.exit_code == 1
        line = one_line(r)
        assert f"{s}: cannot write the store (" in line and line.endswith("): nothing was changed")
        assert s.read_bytes() == before
        assert sorted(p.name for p in small.iterdir()) == ["filler", "s.gpkg"]


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_a_full_disk_during_export_is_one_line_and_keeps_the_old_file(fmt, tmp_path, store):
    with mounted(tmp_path / "small", "size=256k") as small:
        out = small / f"out.{fmt}"
        out.write_bytes(b"the old export")
        _fill(small)
        r = runner.invoke(app, ["export", "snapshots", "--format", fmt, "-o", str(out), "--store", str(store)])
        assert r.exit_code == 1
        line = one_line(r)
        assert str(out) in line and "the previous file, if any, is unchanged" in line
        assert out.read_bytes() == b"the old export"
        assert sorted(p.name for p in small.iterdir()) == ["filler", out.name]


def test_a_read_only_store_or_folder_is_one_line(tmp_path, store):
    article = tmp_path / "a.txt"
    article.write_text("Russian forces shelled Kramatorsk overnight.", encoding="utf-8")
    with mounted(tmp_path / "ro", "size=1m") as ro:
        s = ro / "s.gpkg"
        s.write_bytes(store.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        before = s.read_bytes()
        r = runner.invoke(app, ["ingest", str(article), "--date", "2025-05-01", "--source", "X", "--store", str(s)])
        assert r.exit_code == 1
        assert "the store or its folder is read-only" in one_line(r)
        r = runner.invoke(app, ["snapshots", "--format", "json", "--store", str(s)])  # reading still works
        assert r.exit_code == 0 and len(json.loads(r.stdout)) == 1
        r = runner.invoke(app, ["export", "events", "-o", str(ro / "out.geojson"), "--store", str(s)])
        assert r.exit_code == 2 and "not writable" in one_line(r)
        assert s.read_bytes() == before


def test_a_full_disk_during_a_download_is_not_called_a_missing_network(tmp_path, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)
    ident = 1746093600
    routes = {"/api/history/public": (_history({"id": ident, "datetime": "2025-05-01T10:00:00Z"}), "plain"),
              f"/api/history/{ident}/geojson": (MAP.encode() + b" " * 2**20, "plain")}
    with mounted(tmp_path / "small", "size=256k") as small, hostile(routes) as base:
        monkeypatch.setenv("FRONTLINE_CACHE", str(small))
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
        r = runner.invoke(app, ["snapshot", "pull", "deepstate", "--store", str(tmp_path / "s.gpkg")])
        assert r.exit_code == 1
        line = one_line(r)
        assert "No space left on device" in line and "no network" not in line
        assert list((small / "deepstate").iterdir()) == []


# ---------------------------------------------------------------------------------------------------------
# 2. Outputs: what is there is respected


def test_a_symlinked_output_is_followed_and_keeps_its_mode(tmp_path, store):
    real = tmp_path / "real.geojson"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "link.geojson"
    link.symlink_to(real)
    r = runner.invoke(app, ["export", "snapshots", "-o", str(link), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["features"][0]["properties"]["status"] == "occupied"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_write_atomic_keeps_an_existing_files_mode(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("old")
    os.chmod(p, 0o640)
    write_atomic(p, "new")
    assert p.read_text() == "new" and stat.S_IMODE(p.stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_an_output_link_that_leads_nowhere_is_refused(kind, tmp_path, store):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    if kind == "loop":
        a.symlink_to(b)
        b.symlink_to(a)
    else:
        a.symlink_to(tmp_path / "missing" / "x.geojson")
    r = runner.invoke(app, ["export", "snapshots", "-o", str(a), "--store", str(store)])
    assert r.exit_code == 2
    assert "cannot write" in one_line(r)
    assert a.is_symlink() and not (tmp_path / "missing").exists()


def test_a_fifo_output_is_written_through(tmp_path, store):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = runner.invoke(app, ["export", "snapshots", "-o", str(fifo), "--store", str(store)])
    reader.join(10)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a file renamed over it
    assert json.loads(got[0])["features"][0]["properties"]["status"] == "occupied"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "s.gpkg", "x_2025-05-01.geojson"]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_a_full_device_is_written_through_never_replaced(fmt, tmp_path, store):
    dev = tmp_path / "full"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # the /dev/full device, in our own folder
    except PermissionError:
        pytest.skip("mknod needs root")
    r = runner.invoke(app, ["export", "snapshots", "--format", fmt, "-o", str(dev), "--store", str(store)])
    assert r.exit_code == 1
    assert "No space left on device" in one_line(r)
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "s.gpkg", "x_2025-05-01.geojson"]


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")}


def test_stdout_on_a_full_disk_is_one_line(tmp_path, store):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    (tmp_path / "tmp").mkdir()
    with open("/dev/full", "w") as full:
        p = subprocess.run(FRONTLINE + ["snapshots", "--format", "json", "--store", str(store)], stdout=full,
                           stderr=subprocess.PIPE, env=_env(tmp_path), timeout=120)
    assert p.returncode == 1
    assert p.stderr.decode().strip().splitlines() == [
        "frontline: error: standard output: cannot write (No space left on device)"]


def test_sigterm_during_an_export_leaves_no_temporary_file(tmp_path, store):
    (tmp_path / "tmp").mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # nobody reads: the export waits with its content built in a temporary file
    proc = subprocess.Popen(FRONTLINE + ["export", "snapshots", "-o", str(fifo), "--store", str(store)],
                            stderr=subprocess.PIPE, env=_env(tmp_path))
    try:
        deadline = time.monotonic() + 60
        while not list((tmp_path / "tmp").iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list((tmp_path / "tmp").iterdir()), "the export never got to its temporary file"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.decode().strip().splitlines() == ["frontline: interrupted"]
    assert list((tmp_path / "tmp").iterdir()) == []


# ---------------------------------------------------------------------------------------------------------
# 3. CSV formula injection


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_csv_cell_never_starts_a_formula_and_loses_nothing(s):
    cell = csv_cell(s)
    if cell != s:
        assert cell == "'" + s
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(cell)  # only a plain number may start so


def test_exported_and_listed_csv_hold_no_formula(tmp_path, store):
    article = tmp_path / "a.txt"
    sentence = "=cmd|' /C calc'!A0 Russian forces captured Toretsk."
    article.write_text(sentence, encoding="utf-8")
    article.with_suffix(".json").write_text(json.dumps({"date": "2025-05-01", "source": "@SUM(1+1)*cmd|' /C calc'!A0"}))
    r = runner.invoke(app, ["ingest", str(article), "--store", str(store)])
    assert r.exit_code == 0, r.output
    for args in (["export", "events", "--format", "csv"], ["events", "--format", "csv"],
                 ["export", "claims", "--format", "csv"], ["claims", "--format", "csv"]):
        r = runner.invoke(app, args + ["--store", str(store)])
        assert r.exit_code == 0, r.output
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert len(rows) == 1, args
        assert rows[0]["sentence"] == "'" + sentence
        if args[0] == "export":  # the whole record, source too
            assert rows[0]["source"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
            assert rows[0]["lon"] == "37.8478"  # a number stays a number
        assert not [v for v in rows[0].values() if v[:1] in ("=", "+", "-", "@")], args


# ---------------------------------------------------------------------------------------------------------
# 5. Odd but valid input; what reaches the terminal; secrets


def test_a_geopackage_with_date_fields_imports(tmp_path):
    import datetime as dt

    import geopandas as gpd
    import pandas as pd
    import shapely

    src = tmp_path / "qgis_2025-05-02.gpkg"
    gpd.GeoDataFrame({"status": ["occupied"], "day": [dt.date(2025, 5, 2)], "at": [pd.Timestamp("2025-05-02T10:00")]},
                     geometry=[shapely.box(37.0, 48.0, 37.2, 48.2)], crs=4326).to_file(src, engine="pyogrio")
    r = runner.invoke(app, ["snapshot", "import", str(src), "--store", str(tmp_path / "s.gpkg")])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.stdout)[0]
    assert rec["map_time"] == "2025-05-02T00:00:00Z"
    assert rec["areas_km2"]["occupied"] == pytest.approx(331.27, abs=0.05)  # 0.2° x 0.2° at 48° N


def test_terminal_escapes_from_an_article_never_reach_the_terminal(tmp_path, store):
    article = tmp_path / "a.txt"
    article.write_text("Russian forces shelled Kramatorsk\x1b]0;pwned\x07 overnight\x1b[2J.", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(article), "--date", "2025-05-01", "--source", "X\x1b[31m",
                            "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stderr
    for cmd in ("events", "claims"):
        r = runner.invoke(app, [cmd, "--store", str(store)])
        assert r.exit_code == 0 and "\x1b" not in r.stdout and "\x07" not in r.stdout
    r = runner.invoke(app, ["events", "--store", str(store)])
    assert "Kramatorsk\\x1b]0;pwned\\x07 overnight\\x1b[2J." in r.stdout


def test_a_database_password_is_never_shown(tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for url in (f"postgresql://frontline:hunter2@127.0.0.1:{port}/db", "postgresql://frontline:hunter2@127.0.0.1:x/db"):
        r = runner.invoke(app, ["events", "--store", url])
        assert r.exit_code in (1, 2)
        line = one_line(r)
        assert "hunter2" not in r.output and "frontline:***@127.0.0.1" in line


def test_a_damaged_store_page_is_one_line_and_changes_nothing(tmp_path, store):
    raw = bytearray(store.read_bytes())
    page = 4096
    raw[2 * page:3 * page] = b"\xab" * page  # the third page (a table's b-tree) overwritten
    store.write_bytes(bytes(raw))
    (tmp_path / "y_2025-05-02.geojson").write_text(MAP.replace("37.2", "37.3"), encoding="utf-8")
    r = runner.invoke(app, ["snapshot", "import", str(tmp_path / "y_2025-05-02.geojson"), "--store", str(store)])
    assert r.exit_code == 1
    assert f"{store}: the store is damaged (database disk image is malformed)" in one_line(r)
    assert store.read_bytes() == bytes(raw)


# ---------------------------------------------------------------------------------------------------------
# 4. Event extraction: work in proportion to the text


def test_sentences_are_capped_and_cover_a_run_on_text():
    from geo.events import MAX_SENTENCE, sentences

    unit = "Russian forces shelled Kramatorsk, Pokrovsk and Toretsk overnight, officials said, "
    text = unit * 5000  # 420 KB with no full stop
    spans = sentences(text)
    assert max(b - a for a, b in spans) <= MAX_SENTENCE
    assert len(spans) == pytest.approx(len(text) / MAX_SENTENCE, rel=1.0)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(text[b - 1] == "," for a, b in spans[:-1])  # broken after a comma, not inside a word


def test_abbreviation_checks_read_a_few_characters_whatever_the_text(monkeypatch):
    import geo.events as ev

    scanned = []

    class Counting:
        def __init__(self, rx):
            self.rx = rx

        def search(self, text, pos=0, endpos=None):
            endpos = len(text) if endpos is None else endpos
            scanned.append(endpos - pos)
            return self.rx.search(text, pos, endpos)

    monkeypatch.setattr(ev, "_ABBREV", Counting(ev._ABBREV))
    for n in (1000, 4000):
        scanned.clear()
        spans = ev.sentences("Troops held the line, said Col. Ivanenko. " * n)
        assert len(spans) == n  # "Col." ends no sentence, the full stop after the name does
        assert len(scanned) == 2 * n - 1 and max(scanned) <= 17  # each stop but the last:'s last 17 characters, not the text so far


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30)), max_size=40),
       st.lists(st.integers(1, 60), min_size=1, max_size=15))
@settings(max_examples=200, deadline=None)
def test_mentions_per_sentence_match_the_plain_filter(marks, lengths):
    from geo.events import _per_sentence

    spans, at = [], 0
    for n in lengths:
        spans.append((at, at + n))
        at += n + 2
    mentions = [{"start": a, "end": a + n} for a, n in marks]
    assert _per_sentence(mentions, spans) == [
        sorted([m for m in mentions if a <= m["start"] and m["end"] <= b], key=lambda m: m["start"])
        for a, b in spans]


def test_a_long_run_on_article_yields_its_events(gaz):
    from geo.events import extract

    unit = "Russian forces shelled Kramatorsk overnight, and Ukrainian troops repelled an assault near Toretsk, "
    evs, _ = extract(unit * 2000, "2025-05-15", "d")  # 200 KB, one "sentence"
    assert {(e["type"], e["place_name"]) for e in evs} == {("strike", "Kramatorsk"), ("attack", "Toretsk")}
    assert len(evs) >= 2 * 100  # a pair for each piece of at most 2,000 characters


def test_a_read_only_home_is_one_line(tmp_path, isolated_home, monkeypatch):
    places = tmp_path / "villages.csv"
    places.write_text("name,lat,lon\nTestivka,48.1,37.1\n", encoding="utf-8")
    with mounted(tmp_path / "home", "size=64k", "ro") as home:
        monkeypatch.setenv("FRONTLINE_HOME", str(home / "frontline"))
        r = runner.invoke(app, ["gazetteer", "import", str(places)])
        assert r.exit_code == 1
        assert one_line(r) == f"frontline: error: {home / 'frontline'}: Read-only file system"
        assert list(home.iterdir()) == []


def test_a_download_url_from_a_server_may_not_read_local_files(tmp_path, cache, monkeypatch):
    secret = tmp_path / "secret.geojson"
    secret.write_text(MAP, encoding="utf-8")
    meta = json.dumps({"gjDownloadURL": secret.as_uri()}).encode()
    with hostile({"/gb/": (meta, "plain")}) as base:
        monkeypatch.setenv("FRONTLINE_GEOBOUNDARIES_URL", base + "/gb/")
        r = runner.invoke(app, ["boundaries", "pull", "--dest", str(tmp_path / "bounds")])
    assert r.exit_code == 1
    assert "not an http(s) URL: not fetched" in one_line(r)
    assert not (tmp_path / "bounds").exists()
