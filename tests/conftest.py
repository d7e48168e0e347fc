"""Shared fixtures: the real data in ../shared (skipped where absent, except in CI) and an isolated home."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``FRONTLINE_SHARED`` or ``../shared`` beside the project."""
    return Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared"))


def in_ci() -> bool:
    """True where ``CI`` is set (as `.ci/run` does): there a missing server or data set fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(why: str) -> None:
    """Skip with the reason; fail in CI, where `.ci/run` provides what is missing."""
    if in_ci():
        pytest.fail(why)
    pytest.skip(why)


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skip with the reason where it is absent, fail in CI (CI=true)."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        skip_or_fail(f"{path} not found: tests of real data need ../shared beside the project (or FRONTLINE_SHARED)")
    return path


OFFLINE = "http://127.0.0.1:9"
"""A loopback port nothing listens on: the default download URLs point here in tests, so no test can reach the
internet by accident; tests that download use the `urls` fixture's loopback server instead."""


_HYPOTHESIS_HOME: list[str] = []
_SESSION_ENV: dict[str, str | None] = {}  # the values the suite replaced, restored at its end
_SESSION_VALUES: dict[str, str] = {}  # the suite's FRONTLINE_CACHE and FRONTLINE_HOME


def test_cache() -> Path:
    """The suite's own cache (``FRONTLINE_TEST_CACHE``, default ``frontline-test-cache-UID`` in the temporary
    folder): the gazetteer index and the npm packages, kept between runs so the index is built once, and never the
    user's ``~/.cache/frontline``."""
    import tempfile

    env = os.environ.get("FRONTLINE_TEST_CACHE")
    return Path(env) if env else Path(tempfile.gettempdir()) / f"frontline-test-cache-{os.getuid()}"


def pytest_configure(config):
    """The suite runs with a cache of its own (``test_cache()``) and an empty home of its own (no gazetteer
    imports of the user's), for every test and every process a test starts. Hypothesis keeps its example database
    and caches in a temporary folder removed at the end of the run, not in ``.hypothesis`` in the working folder:
    no test writes into the repository or the folder it runs from. Set here, before collection, because importing
    a module with ``@given`` tests already writes its cache."""
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    _HYPOTHESIS_HOME.append(tempfile.mkdtemp(prefix="frontline-hypothesis-"))
    set_hypothesis_home_dir(_HYPOTHESIS_HOME[-1])
    test_cache().mkdir(parents=True, exist_ok=True)
    for name, value in (("FRONTLINE_CACHE", str(test_cache())), ("FRONTLINE_HOME", _HYPOTHESIS_HOME[-1] + "/home")):
        _SESSION_ENV.setdefault(name, os.environ.get(name))
        os.environ[name] = _SESSION_VALUES[name] = value


def pytest_unconfigure(config):
    import shutil

    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(None)
    while _HYPOTHESIS_HOME:
        shutil.rmtree(_HYPOTHESIS_HOME.pop(), ignore_errors=True)
    for name, value in _SESSION_ENV.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _SESSION_ENV.clear()


RUN_FROM = Path.cwd()  # the folder the suite runs from (tests may chdir into their temporary folders)


def _listing() -> dict[str, set[str]]:
    folders = {RUN_FROM, ROOT, *(ROOT / d for d in ("data", "maps", "seeds", "tests", "geo", "benchmarks"))}
    return {str(f): {n for n in os.listdir(f) if n != "__pycache__"} for f in folders if f.is_dir()}


@pytest.fixture(autouse=True)
def _writes_only_under_tmp():
    """Fail a test that leaves a new file in the repository or in the folder the suite runs from (a default
    store ``data/tracker.gpkg``, a map in ``maps/``, ...): tests write under their temporary folders only."""
    before = _listing()
    yield
    new = sorted(f"{folder}/{name}" for folder, names in _listing().items()
                 for name in names - before.get(folder, set()))
    if new:
        pytest.fail(f"the test wrote outside its temporary folder: {', '.join(new)}")


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    for name in ("FRONTLINE_DEEPSTATE_URL", "FRONTLINE_GEOBOUNDARIES_URL", "FRONTLINE_LAND_URL",
                 "FRONTLINE_GEONAMES_URL", "FRONTLINE_NPM_URL"):
        monkeypatch.setenv(name, f"{OFFLINE}/{name.lower()}")


@pytest.fixture
def isolated_home(tmp_path, monkeypatch):
    """A fresh FRONTLINE_HOME (gazetteer extensions) for tests that import places, with a cache of its own
    (``tmp_path/cache``) that holds the suite's index of no imports as a link: an index built with this test's
    imports is thrown away with it and never evicts the suite's."""
    import geo.gazetteer as g

    with monkeypatch.context() as session:  # the suite's index, built once into test_cache() when absent
        for name in ("FRONTLINE_CACHE", "FRONTLINE_HOME"):
            session.setenv(name, _SESSION_VALUES[name])
        base = g.load()
    cache = tmp_path / "cache"
    cache.mkdir(exist_ok=True)
    for index in test_cache().glob("gazetteer-*.index"):
        (cache / index.name).symlink_to(index)
    home = tmp_path / "home"
    monkeypatch.setenv("FRONTLINE_HOME", str(home))
    monkeypatch.setenv("FRONTLINE_CACHE", str(cache))
    g._LOADED = None  # this test's gazetteer is built from this home's extensions
    yield home
    g._LOADED = base  # the suite's again, whatever FRONTLINE_CACHE a later test sets


@pytest.fixture(scope="session")
def gaz():
    from geo.gazetteer import load

    return load()


@pytest.fixture(scope="session")
def shared():
    """``shared("data", "boundaries", ...)`` -> the path under ../shared, or skip (fail in CI) when absent."""
    return need_shared


# Shared test geometries (lon/lat around Donetsk oblast), reused through parametrisation: each is a shape
# real maps contain and a tracker must survive.
def _shapes():
    from shapely.geometry import MultiPolygon, Polygon

    sq = [(37.0, 48.0), (37.2, 48.0), (37.2, 48.2), (37.0, 48.2), (37.0, 48.0)]
    return {
        "square": Polygon(sq),
        "clockwise": Polygon(list(reversed(sq))),
        "hole": Polygon(sq, [[(37.05, 48.05), (37.15, 48.05), (37.15, 48.15), (37.05, 48.15), (37.05, 48.05)]]),
        "multipart": MultiPolygon([Polygon(sq), Polygon([(37.5, 48.0), (37.6, 48.0), (37.6, 48.1), (37.5, 48.1)])]),
        "bowtie": Polygon([(37.0, 48.0), (37.2, 48.2), (37.2, 48.0), (37.0, 48.2), (37.0, 48.0)]),
        "empty": Polygon(),
    }


SHAPES = _shapes()


# A loopback HTTP server standing in for the public sources (tests have no internet).


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append((self.path, self.headers.get("User-Agent", "")))
        body = type(self).routes.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        data = body() if callable(body) else body
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


# GeoNames' export dump (https://download.geonames.org/export/dump/UA.zip holds UA.txt: 19 tab-separated
# fields), a few front-line villages cities500 lacks, a namesake pair, a town cities500 has (one place, not two)
# and two rows that are not populated places.
GEONAMES_UA = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, country, admin1, population
    (9900001, "Kotlyne", "Kotlyne", "Kotlyne,Котлине,Котлино", 48.2481, 37.0467, "P", "PPL", "UA", "05", 1078),
    (9900002, "Stupochky", "Stupochky", "Stupochki,Ступочки", 48.5178, 37.8950, "P", "PPL", "UA", "05", 420),
    (9900003, "Novoolenivka", "Novoolenivka", "Новооленівка,Новооленовка", 48.3936, 37.3208, "P", "PPL", "UA", "05",
     190),
    (9900004, "Novoserhiivka", "Novoserhiivka", "Новосергіївка,Novosergeyevka", 48.3161, 37.1097, "P", "PPL", "UA",
     "05", 350),
    (9900005, "Novoserhiivka", "Novoserhiivka", "Новосергіївка,Novosergeyevka", 48.2556, 32.8167, "P", "PPL", "UA",
     "10", 610),
    (704422, "Pokrovsk", "Pokrovsk", "Krasnoarmiisk,Pokrowsk,Покровськ", 48.28014, 37.17706, "P", "PPLA2", "UA", "05",
     60127),
    (9900006, "Mohyla Kotlyne", "Mohyla Kotlyne", "", 48.2500, 37.0600, "T", "HLL", "UA", "05", 0),
    (9900007, "Pokrovskyi Raion", "Pokrovskyi Raion", "", 48.3000, 37.2000, "A", "ADM2", "UA", "05", 0),
]
GEONAMES_RU = [(9900021, "Zhuravlevka", "Zhuravlevka", "Журавлёвка", 50.4531, 36.6250, "P", "PPL", "RU", "09", 470)]
GEONAMES_BY = [(9900031, "Hlushkavichy", "Hlushkavichy", "Глушкавічы,Глушкевичи", 51.6081, 27.8306, "P", "PPL", "BY",
                "02", 980)]


def geonames_line(row) -> str:
    """One row of GeoNames' dump format (19 fields)."""
    gid, name, ascii_, alts, lat, lon, fcl, fcode, cc, a1, pop = row
    return "\t".join([str(gid), name, ascii_, alts, str(lat), str(lon), fcl, fcode, cc, "", a1, "", "", "", str(pop),
                      "", "100", "Europe/Kyiv", "2025-01-01"])


def geonames_zip(member: str, rows, extra: dict | None = None) -> bytes:
    """A zip archive as GeoNames serves it: ``member`` (``UA.txt``) holding ``rows``, and ``extra`` files."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, "".join(geonames_line(r) + "\n" for r in rows))
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    return buf.getvalue()


def geonames_routes(prefix: str = "/geonames") -> dict:
    """GeoNames' dump folder: UA.zip, RU.zip, BY.zip and allCountries.zip (all three)."""
    return {f"{prefix}/UA.zip": geonames_zip("UA.txt", GEONAMES_UA, {"readme.txt": "GeoNames export\n"}),
            f"{prefix}/RU.zip": geonames_zip("RU.txt", GEONAMES_RU),
            f"{prefix}/BY.zip": geonames_zip("BY.txt", GEONAMES_BY),
            f"{prefix}/allCountries.zip": geonames_zip("allCountries.txt", GEONAMES_UA + GEONAMES_RU + GEONAMES_BY)}


@contextlib.contextmanager
def serve(routes: dict):
    """A loopback HTTP server answering ``routes`` (path -> bytes or a callable giving bytes), 404 elsewhere;
    yields (base URL, the requests seen as (path, User-Agent))."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.routes, _Handler.seen = routes, []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", _Handler.seen
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def geonames_server(monkeypatch):
    """GeoNames' dump folder on a loopback server (no shared data needed); sets FRONTLINE_GEONAMES_URL."""
    routes = geonames_routes()
    with serve(routes) as (base, seen):
        monkeypatch.setenv("FRONTLINE_GEONAMES_URL", base + "/geonames")
        yield routes, seen


@pytest.fixture
def server(shared):
    """DeepState's API shape (/api/history/public, /api/history/<id>/geojson) over the shared raw feeds,
    geoBoundaries' (/gb/ -> gjDownloadURL) over the shared boundaries, and GeoNames' dump folder (/geonames/)."""
    raw = shared("data", "deepstate", "raw")
    bounds = shared("data", "boundaries")
    routes, history = geonames_routes(), []
    with serve(routes) as (base, seen):
        _deepstate_routes(routes, raw, bounds, base, history)
        yield base, seen


def _deepstate_routes(routes: dict, raw: Path, bounds: Path, base: str, history: list) -> None:
    for f in sorted(raw.glob("deepstate_*.geojson")):
        t = dt.datetime.strptime(f.stem.split("_")[1], "%Y-%m-%dT%H%MZ").replace(tzinfo=dt.timezone.utc)
        ident = int(t.timestamp())
        history.append({"id": ident, "datetime": t.isoformat().replace("+00:00", "Z"), "description": "map"})
        routes[f"/api/history/{ident}/geojson"] = (lambda p=f: p.read_bytes())
    routes["/api/history/public"] = json.dumps(history).encode()
    routes["/gb/UKR/ADM1/"] = json.dumps({"gjDownloadURL": base + "/files/adm1.geojson"}).encode()
    routes["/files/adm1.geojson"] = (bounds / "geoBoundaries-UKR-ADM1_simplified.geojson").read_bytes()
    routes["/files/land.geojson"] = (bounds / "ukraine_adm0_land_derived.geojson").read_bytes()


@pytest.fixture
def urls(monkeypatch, server, tmp_path):
    base, seen = server
    monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", base + "/api/history")
    monkeypatch.setenv("FRONTLINE_GEOBOUNDARIES_URL", base + "/gb/UKR/ADM1/")
    monkeypatch.setenv("FRONTLINE_LAND_URL", base + "/files/land.geojson")
    monkeypatch.setenv("FRONTLINE_GEONAMES_URL", base + "/geonames")
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))
    return seen


# The store's backends: every store test runs against a GeoPackage file and a PostGIS database.
PG_URL = os.environ.get("FRONTLINE_TEST_POSTGRES", "postgresql://postgres:frontline@127.0.0.1:5432/frontline_test")


def postgis_problem(url: str, error: BaseException) -> str:
    """Why the test database at ``url`` cannot be used, from the error connecting to it: no driver, no server
    answering, the server up but the database missing, refused credentials, or PostGIS absent."""
    from urllib.parse import urlsplit

    where = urlsplit(url)
    server = f"{where.hostname}:{where.port or 5432}"
    db = where.path.lstrip("/")
    text = " ".join(str(error).split())
    if isinstance(error, ImportError):
        return f"the PostgreSQL driver is not installed ({error.name}): pip install 'frontline[postgis]'"
    if "does not exist" in text and "database" in text:
        return (f"the PostgreSQL server at {server} is up but has no database {db!r}: create it "
                f"(`createdb {db}` as the postgres user) or point FRONTLINE_TEST_POSTGRES elsewhere; `.ci/run` does both")
    if "authentication failed" in text or "password" in text:
        return f"the PostgreSQL server at {server} refused the credentials of FRONTLINE_TEST_POSTGRES ({text[:120]})"
    if "postgis" in text.lower():
        return f"the database {db!r} at {server} lacks PostGIS ({text[:120]}): install postgresql-15-postgis-3"
    return (f"no PostgreSQL server answers at {server} ({type(error).__name__}: {text[:120]}); `.ci/run` starts "
            "one")


def reset_postgis() -> None:
    """Drop frontline's tables from the test database (fail in CI, skip elsewhere, saying why it cannot be used)."""
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), future=True,
                               connect_args={"connect_timeout": 5})
        with engine.begin() as con:
            con.execute(text("DROP TABLE IF EXISTS events, claims, snapshots, sources, frontline_meta CASCADE"))
        engine.dispose()
    except Exception as e:  # no server, no database, no driver
        skip_or_fail(f"PostgreSQL/PostGIS test database unusable: {postgis_problem(PG_URL, e)}")


_PG_REACHABLE: list[bool] = []


def need_postgis() -> None:
    """Skip (fail in CI) unless the test database answers; asked once per session."""
    if not _PG_REACHABLE:
        try:
            import psycopg

            psycopg.connect(PG_URL, connect_timeout=5).close()
            _PG_REACHABLE.append(True)
        except Exception:  # no server, no driver: reset_postgis says which
            _PG_REACHABLE.append(False)
    if not _PG_REACHABLE[0]:
        reset_postgis()  # skips or fails with the reason


@pytest.fixture(params=["gpkg", "postgis"])
def store_url(request, tmp_path) -> str:
    if request.param == "gpkg":
        return str(tmp_path / "s.gpkg")
    reset_postgis()
    return PG_URL


# The npm packages the maps load (geo.maps.WEB_ASSETS, pinned in geo.fetch.NPM_INTEGRITY), for the browser tests
# and the self-contained map: installed or packed from the npm registry once, outside the repository.


def _need_or_skip(condition: bool, why: str) -> None:
    if not condition:
        skip_or_fail(why)


@pytest.fixture(scope="session")
def web_assets() -> Path:
    """The npm packages the maps load, installed once into FRONTLINE_WEB_ASSETS (default a folder in /tmp)."""
    import re
    import shutil
    import subprocess

    from geo.maps import WEB_ASSETS

    folder = Path(os.environ.get("FRONTLINE_WEB_ASSETS", "/tmp/frontline-web-assets"))
    pkgs = sorted({re.match(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^/@]+@[^/]+)/", u).group(1)
                   for kind in WEB_ASSETS.values() for u in kind.values()})
    marker = folder / ("installed-" + "-".join(p.replace("/", "_") for p in pkgs))
    if not marker.exists():
        _need_or_skip(shutil.which("npm") is not None, "npm not found: the browser tests install Leaflet from npm")
        folder.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder), *pkgs],
                           capture_output=True, text=True, timeout=600)
        _need_or_skip(r.returncode == 0, f"npm install failed: {r.stderr[-300:]}")
        marker.touch()
    return folder / "node_modules"


@pytest.fixture(scope="session")
def npm_registry(web_assets):
    """The pinned packages' tarballs (`npm pack`, once, beside the installed packages) served on loopback at the
    paths the npm registry serves them: ``/<name>/-/<name without scope>-<version>.tgz``."""
    import subprocess

    from geo.fetch import NPM_INTEGRITY

    folder = web_assets.parent / "tarballs"
    names = {spec: spec.lstrip("@").replace("/", "-").replace("@", "-") + ".tgz" for spec in NPM_INTEGRITY}
    if not all((folder / n).exists() for n in names.values()):
        folder.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "pack", "--silent", "--pack-destination", str(folder), *NPM_INTEGRITY],
                           capture_output=True, text=True, timeout=600)
        _need_or_skip(r.returncode == 0, f"npm pack failed: {r.stderr[-300:]}")
    routes = {}
    for spec, n in names.items():
        name, _, version = spec.rpartition("@")
        routes[f"/{name}/-/{name.split('/')[-1]}-{version}.tgz"] = (folder / n).read_bytes()

    class Registry(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = routes.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


