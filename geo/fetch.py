"""Downloads from the public sources: DeepStateMap's history API and geoBoundaries (with a land outline).

Every request names frontline in its User-Agent, waits at most ``FRONTLINE_TIMEOUT`` (30 s) for each read and
``FRONTLINE_DOWNLOAD_DEADLINE`` (3600 s) for the whole, and is retried with a growing pause; an answer kept in
memory is at most ``FRONTLINE_MAX_INPUT_MB``, a file streamed to disk at most ``FRONTLINE_MAX_DOWNLOAD_MB``. No
path or URL is built from what a server says until it is checked (DeepState's map ids), and nothing it sends
enters the cache before it is checked (a map must be GeoJSON). The base URLs are settings (environment
variables) so that tests and mirrors can point them elsewhere. Without network the commands say so and exit 1
(``WorkFailed``); a disk that cannot take a download says that instead.

- ``FRONTLINE_DEEPSTATE_URL``: DeepState's history API (``{base}/public`` lists map times,
  ``{base}/{id}/geojson`` is one map); default ``https://deepstatemap.live/api/history``.
- ``FRONTLINE_GEOBOUNDARIES_URL``: the geoBoundaries API entry for Ukraine's ADM1 (JSON with ``gjDownloadURL``);
  default ``https://www.geoboundaries.org/api/current/gbOpen/UKR/ADM1/``.
- ``FRONTLINE_LAND_URL``: a land polygon GeoJSON (Natural Earth 10 m land); default Natural Earth's GeoJSON.
- ``FRONTLINE_GEONAMES_URL``: GeoNames' export dump folder (``{base}/UA.zip`` holds ``UA.txt``,
  ``{base}/allCountries.zip`` every country); default ``https://download.geonames.org/export/dump``.
- ``FRONTLINE_NPM_URL``: the npm registry the self-contained map's scripts come from (package tarballs, each
  checked against the integrity pinned in ``NPM_INTEGRITY``); default ``https://registry.npmjs.org``.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from . import __version__
from .atomic import atomic_path, write_atomic
from .errors import BadInput, WorkFailed
from .settings import cache_dir, download_deadline_s, max_download_bytes, max_input_bytes, timeout_s

__all__ = ["get", "download", "deepstate_history", "deepstate_feed", "deepstate_maps", "pull_boundaries",
           "pull_geonames", "npm_package", "USER_AGENT", "PULL_WORKERS", "NPM_INTEGRITY"]

USER_AGENT = f"frontline/{__version__} (front-line tracker for research and journalism; python-urllib)"
DEFAULTS = {
    "FRONTLINE_DEEPSTATE_URL": "https://deepstatemap.live/api/history",
    "FRONTLINE_GEOBOUNDARIES_URL": "https://www.geoboundaries.org/api/current/gbOpen/UKR/ADM1/",
    "FRONTLINE_LAND_URL": "https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson/ne_10m_land.geojson",
    "FRONTLINE_GEONAMES_URL": "https://download.geonames.org/export/dump",
    "FRONTLINE_NPM_URL": "https://registry.npmjs.org",
}
NPM_INTEGRITY = {  # the registry's own dist.integrity of each pinned package the maps load
    "leaflet@1.9.3": "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
    "jquery@3.7.1": "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
    "bootstrap@5.2.2": "sha512-dEtzMTV71n6Fhmbg4fYJzQsw1N29hJKO1js5ackCgIpDcGid2ETMGC6zwSYw09v05Y+oRdQ9loC54zB1La3hHQ==",
    "leaflet.awesome-markers@2.0.5":
        "sha512-Ne/xDjkGyaujwNVVkv2tyXQUV0ZW7gZ0Mo0FuQY4jp2qWrvXi0hwDBvmZyF/8YOvybyMabTMM/mFWCTd1jZIQA==",
    "leaflet.timeline@1.6.0":
        "sha512-FCMkr3P0zxL5IRVJ80wUPmXOlyC7ohq3z2JO45mYq6AKoBgB1yXjfXI6e6V64TAwBl0cmyYIrJCN8boyXdVDSQ==",
    "moment@2.18.1": "sha512-QGcnVKRSEhbWy2i0pqFhjWMCczL/YU5ICMB3maUavFcyUqBszRnzsswvOaGOqSfWZ/R+dMnb9gGBuRT4LMTdVQ==",
    "leaflet-measure@2.1.7": "sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
    "leaflet-minimap@3.6.1": "sha512-6px8f6cfv1rKB6ACpL6bbUFGxipZOq4KsntJgBj9nOcW1RYa5+xFp8emOZwks9X+VtVVsQEwWwfgT1kTTL/LzA==",
    "@fortawesome/fontawesome-free@6.2.0":
        "sha512-CNR7qRIfCwWHNN7FnKUniva94edPdyQzil/zCwk3v6k4R6rR2Fr8i4s3PM7n/lyfPA6Zfko9z5WDzFxG9SW1uQ==",
}
Progress = Callable[[str, int, int | None], None]
"""Told (name, bytes so far, total bytes or None) while a download runs."""
_T = TypeVar("_T")


def setting(name: str) -> str:
    """A URL setting: the environment variable, else its default."""
    return os.environ.get(name) or DEFAULTS[name]


class _Broken(Exception):
    """A download that broke off midway (the connection reset, a read timed out): worth another try."""


class _Body:
    """A response's body as chunks, as they arrive: at most ``limit`` bytes, and none after ``deadline``
    (``time.monotonic()``), each failure ``WorkFailed`` naming the URL; a broken connection is ``_Broken``."""

    def __init__(self, resp, url: str, limit: tuple[int, str], deadline: float):
        self.resp, self.url, self.deadline = resp, url, deadline
        self.limit, self.limit_setting = limit
        size = resp.headers.get("Content-Length")
        self.total = int(size) if size and size.isdigit() else None
        if self.total is not None and self.total > self.limit:
            raise WorkFailed(f"{url}: the answer is {_mb(self.total)}, over the limit of {_mb(self.limit)} "
                             f"({self.limit_setting})")

    def chunks(self) -> Iterator[bytes]:
        import http.client

        done = 0
        while True:
            if time.monotonic() > self.deadline:
                raise WorkFailed(f"{self.url}: gave up after {download_deadline_s():g} s with {_mb(done)} received "
                                 "(FRONTLINE_DOWNLOAD_DEADLINE)")
            try:
                chunk = self.resp.read1(1 << 16)  # what has arrived, not a full 64 KiB: a trickle is seen
            except (OSError, http.client.HTTPException) as e:
                raise _Broken(f"connection broken after {_mb(done)} ({e or type(e).__name__})") from None
            if not chunk:
                break
            done += len(chunk)
            if done > self.limit:
                raise WorkFailed(f"{self.url}: the answer is over the limit of {_mb(self.limit)} "
                                 f"({self.limit_setting})")
            yield chunk
        if self.total is not None and done != self.total:
            raise _Broken(f"connection closed after {done} of {self.total} bytes")


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _fetch(url: str, read: Callable[[_Body], _T], retries: int = 3, timeout: float | None = None,
           accept: str = "application/json", limit: tuple[int, str] | None = None) -> _T:
    """Open ``url`` with frontline's User-Agent, a timeout per read and a deadline for the whole (retries
    included), and hand its body (at most ``limit``: bytes and the setting that says so, default
    ``max_input_bytes()``) to ``read``; retried
    with a growing pause when the server fails or the connection breaks; ``WorkFailed`` when it cannot.
    ``read``'s own errors (a file that cannot be written) are its own: never taken for the network's."""
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        # a URL a server handed us (geoBoundaries' gjDownloadURL) may not read a local file (file://) or worse
        raise WorkFailed(f"{str(url)[:80]!r}: not an http(s) URL: not fetched")
    timeout = timeout or timeout_s()
    deadline = time.monotonic() + download_deadline_s()
    limit = limit or (max_input_bytes(), "FRONTLINE_MAX_INPUT_MB")
    last = None
    for attempt in range(retries):
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        try:
            resp = urllib.request.urlopen(req, timeout=timeout)
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
            e.close()
            if e.code < 500 and e.code != 429:
                break  # the server said no: asking again will not help
        except (urllib.error.URLError, OSError, ValueError) as e:  # ValueError: not a URL urllib can open
            last = str(getattr(e, "reason", e))
        else:
            with resp:
                try:
                    return read(_Body(resp, url, limit, deadline))
                except _Broken as e:
                    last = str(e)
        if attempt + 1 < retries:
            if time.monotonic() > deadline:
                break
            time.sleep(0.5 * 2 ** attempt)
    raise WorkFailed(f"cannot download {url}: {last} (no network, or the source is down)")


def get(url: str, retries: int = 3, timeout: float | None = None) -> bytes:
    """GET ``url`` into memory (at most ``max_input_bytes()``) with frontline's User-Agent, a timeout and
    retries; ``WorkFailed`` when it cannot."""
    return _fetch(url, lambda body: b"".join(body.chunks()), retries, timeout)


def download(url: str, dest: Path, progress: Progress | None = None, retries: int = 3,
             timeout: float | None = None, check: Callable[[Path], object] | None = None) -> Path:
    """Stream ``url`` into the file ``dest`` (through a temporary file beside it, so ``dest`` is whole or
    absent; at most ``max_download_bytes()``), with the retries of ``get``; ``progress`` is told the bytes
    received; ``check`` (given the temporary file) may refuse the content before it takes ``dest``'s place.
    A disk that cannot take the file is ``WorkFailed`` naming ``dest``, not taken for the network.

    Returns
    -------
    Path
        ``dest``.
    """
    name = url.rstrip("/").rsplit("/", 1)[-1]

    def read(body: _Body) -> Path:
        with atomic_path(dest, suffix=".part") as tmp, open(tmp, "wb") as f:
            done = 0
            for chunk in body.chunks():
                f.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(name, done, body.total)
            if progress is not None and body.total is None:
                progress(name, done, done)  # the size is known now: the download is complete
            f.flush()
            if check is not None:
                check(tmp)
        return dest

    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        return _fetch(url, read, retries, timeout, accept="*/*",
                      limit=(max_download_bytes(), "FRONTLINE_MAX_DOWNLOAD_MB"))
    except OSError as e:
        raise WorkFailed(f"{dest}: cannot write the download ({e.strerror or e})") from None


def _json_of(raw: bytes, what: str):
    """JSON text -> Python; ``WorkFailed`` naming ``what`` when it is not JSON or nested too deeply to read."""
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise WorkFailed(f"{what}: the answer is not JSON") from None
    except RecursionError:
        raise WorkFailed(f"{what}: the answer is JSON nested too deeply to read") from None


def _json(url: str):
    return _json_of(get(url), url)


_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
"""What a DeepState map id may be (Unix times in practice): it names a cached file and a URL path, so no dot,
slash or other character that could lead out of either."""


def deepstate_history() -> list[dict]:
    """The map times DeepState offers: records with ``id`` and ``datetime``, oldest first. Records that are
    not objects with an ``id`` are passed over; an ``id`` that is not plain letters, digits, ``-`` and ``_``
    (``../x``, an absolute path) or a time that is not one refuses the whole answer (``WorkFailed``)."""
    from .territory import parse_time

    data = _json(setting("FRONTLINE_DEEPSTATE_URL").rstrip("/") + "/public")
    if not isinstance(data, list):
        raise WorkFailed("DeepState history: expected a list of map times")
    items = []
    for n, d in enumerate(data):
        if not isinstance(d, dict) or d.get("id") is None:
            continue
        ident = d["id"]
        if isinstance(ident, bool) or not isinstance(ident, (int, str)) or not _ID.fullmatch(str(ident)):
            raise WorkFailed(f"DeepState history: item {n}: id {str(ident)[:40]!r} is not a map id (letters, "
                             "digits, - and _): the answer is not used")
        try:
            when = parse_time(str(d.get("datetime") or ident))
        except BadInput as e:
            raise WorkFailed(f"DeepState history: item {n}: {e}") from None
        items.append(({**d, "id": str(ident)}, when))
    return [d for d, _ in sorted(items, key=lambda x: x[1])]


def deepstate_feed(when: str = "latest", items: list[dict] | None = None) -> tuple[dict, str, Path]:
    """One DeepState map: (feed, map time, cached file). ``when``: "latest" or an ISO time (the last map at
    or before it); ``items``: the history, when already fetched."""
    from .territory import parse_time

    items = deepstate_history() if items is None else items
    if not items:
        raise WorkFailed("DeepState history: empty")
    if when == "latest":
        item = items[-1]
    else:
        t = parse_time(when)
        earlier = [d for d in items if _item_time(d) <= t]
        if not earlier:
            raise WorkFailed(f"DeepState has no map at or before {t} (first: {items[0].get('datetime')})")
        item = earlier[-1]
    return _deepstate_map(item)


def _item_time(item: dict) -> str:
    """The map time of an item of DeepState's history (its ``datetime``, else its Unix-time ``id``), as UTC ISO."""
    from .territory import parse_time

    return parse_time(str(item.get("datetime") or item["id"]))


def _deepstate_map(item: dict) -> tuple[dict, str, Path]:
    """One item of the history (its id checked by ``deepstate_history``): (feed, map time, cached file); from
    the cache when it is there. A download is checked to be a GeoJSON object before it enters the cache."""
    map_time = _item_time(item)
    ident = str(item["id"])
    if not _ID.fullmatch(ident):
        raise WorkFailed(f"DeepState map id {ident[:40]!r}: not a map id")
    cache = cache_dir() / "deepstate" / f"{ident}.geojson"
    what = f"DeepState map {ident}"
    if cache.is_file():
        try:
            return _feed(cache.read_bytes(), what), map_time, cache
        except WorkFailed:
            pass  # a damaged cached file: fetched again
    held: list[dict] = []
    download(setting("FRONTLINE_DEEPSTATE_URL").rstrip("/") + f"/{ident}/geojson", cache,
             check=lambda tmp: held.append(_feed(tmp.read_bytes(), what)))
    return held[-1], map_time, cache


def _feed(raw: bytes, what: str) -> dict:
    """A DeepState map's JSON as a GeoJSON object (unwrapped from ``{"map": ...}``); ``WorkFailed`` otherwise."""
    feed = _json_of(raw, what)
    if isinstance(feed, dict) and "map" in feed and "features" not in feed:
        feed = feed["map"]  # some API versions wrap the collection
    if not isinstance(feed, dict) or not ("features" in feed or "type" in feed):
        raise WorkFailed(f"{what}: the answer is not a GeoJSON object")
    return feed


PULL_WORKERS = 3
"""Downloads at once when pulling a history: polite to a volunteer-run site."""


def deepstate_maps(start: str, end: str, every: str = "day", skip: set[str] | frozenset = frozenset(),
                   workers: int = PULL_WORKERS, progress=None) -> Iterator[tuple[dict, str, Path]]:
    """DeepState's maps from ``start`` to ``end`` (dates, both included): the last map of each day, week or
    month, fetched by ``workers`` threads (each request retried with a growing pause, see ``get``).

    Parameters
    ----------
    start, end : str
        ISO dates.
    every : str
        day, week or month.
    skip : set of str
        Map times already held (``YYYY-MM-DDTHH:MM:SSZ``): not fetched, so that an interrupted pull resumes.
    progress : callable, optional
        ``progress(done, total, map_time, what)`` after each map ("fetched" or "failed: why"), and once
        first with ``map_time`` None and "held" when some are skipped.

    Yields
    ------
    (feed, map time, cached file), as downloads finish (not in time order).

    Raises
    ------
    WorkFailed
        After the others are through, when some maps could not be downloaded (naming the first).
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from .series import period_key

    periods: dict[str, tuple[str, dict]] = {}
    for item in deepstate_history():
        t = _item_time(item)
        if start <= t[:10] <= end:
            periods[period_key(t[:10], every)] = (t, item)  # oldest first: the last of each period wins
    chosen = list(periods.values())
    todo = [d for t, d in chosen if t not in skip]
    total, done, failed = len(chosen), len(chosen) - len(todo), []
    if progress is not None and done:
        progress(done, total, None, "held")
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        queue, running = iter(todo), {}
        while True:
            while len(running) < 2 * max(1, workers):  # a few ahead, not the whole history in memory
                item = next(queue, None)
                if item is None:
                    break
                running[pool.submit(_deepstate_map, item)] = item
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                item = running.pop(fut)
                done += 1
                try:
                    feed, map_time, cache = fut.result()
                except WorkFailed as e:
                    failed.append(str(e))
                    if progress is not None:
                        progress(done, total, _item_time(item), f"failed: {e}")
                    continue
                if progress is not None:
                    progress(done, total, map_time, "fetched")
                yield feed, map_time, cache
    if failed:
        raise WorkFailed(f"{len(failed)} of {total} maps not downloaded ({failed[0]}); run the same command "
                         "again to fetch the rest (maps already in the store are skipped)")


def pull_boundaries(dest: Path) -> dict:
    """Download Ukraine's ADM1 from geoBoundaries and a land polygon; write ``geoBoundaries-UKR-ADM1.geojson``
    and ``ukraine_land.geojson`` (the union of the units clipped to land) into ``dest``."""
    import geopandas as gpd
    import shapely
    from pyogrio.errors import DataLayerError, DataSourceError

    meta = _json(setting("FRONTLINE_GEOBOUNDARIES_URL"))
    url = meta.get("gjDownloadURL") or meta.get("simplifiedGeometryGeoJSON") if isinstance(meta, dict) else None
    if not url:
        raise WorkFailed("geoBoundaries: the answer has no gjDownloadURL")
    adm1_raw = get(url)
    land_raw = get(setting("FRONTLINE_LAND_URL"))
    try:
        adm1 = gpd.read_file(adm1_raw.decode("utf-8")).to_crs(4326)
        land = gpd.read_file(land_raw.decode("utf-8")).to_crs(4326)
    except (DataSourceError, DataLayerError, ValueError) as e:  # ValueError: not UTF-8, or no CRS
        raise WorkFailed(f"boundaries: cannot read the downloaded GeoJSON ({e})") from None
    units = shapely.union_all(adm1.geometry.make_valid().values)
    xmin, ymin, xmax, ymax = units.bounds
    near = land[land.intersects(shapely.box(xmin, ymin, xmax, ymax))]
    outline = units.intersection(shapely.union_all(near.geometry.make_valid().values))
    dest.mkdir(parents=True, exist_ok=True)
    write_atomic(dest / "geoBoundaries-UKR-ADM1.geojson", adm1_raw)
    write_atomic(dest / "ukraine_land.geojson", gpd.GeoDataFrame(
        {"name": ["Ukraine (land)"]}, geometry=[outline], crs=4326).to_json())
    return {"folder": str(dest), "units": len(adm1), "source": url}


def pull_geonames(countries: Iterable[str] = ("UA", "RU", "BY"), progress: Progress | None = None) -> list[dict]:
    """Download GeoNames' dumps of ``countries`` (ISO codes, or ``all`` for allCountries), check each archive
    and import its populated places into the gazetteer extension, all or none.

    Each archive is streamed to a temporary file in the cache and removed once read. A download that fails is
    ``WorkFailed`` (exit 1); an archive that is not GeoNames' (not a zip, no ``UA.txt`` inside, a row without
    19 fields) is ``WorkFailed`` too, naming the file and line, and nothing is imported.

    Returns
    -------
    list of dict
        Per archive: ``{"country", "url", "places", "stored"}``.
    """
    from . import gazetteer

    codes = geonames_codes(countries)
    base = setting("FRONTLINE_GEONAMES_URL").rstrip("/")
    work = cache_dir() / "geonames"
    staged: list[tuple[dict, Path]] = []
    try:
        for code in codes:
            url = f"{base}/{code}.zip"
            archive = download(url, work / f"{code}.zip", progress,
                               check=lambda tmp, member=f"{code}.txt", u=url: _unpacks_plausibly(tmp, member, u))
            try:
                stage = gazetteer.stage_geonames_archive(archive, f"{code}.txt", f"geonames-{code}")
            except BadInput as e:
                raise WorkFailed(f"{e} (downloaded from {url})") from None
            finally:
                archive.unlink(missing_ok=True)
            staged.append(({"country": code, "url": url, "places": stage.places, "stored": str(stage.target)},
                           stage.tmp))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    for info, tmp in staged:
        os.replace(tmp, info["stored"])
    gazetteer.extensions_changed()
    return [info for info, _ in staged]


MAX_ZIP_RATIO = 20
"""How many times its packed size a GeoNames dump may unpack to (the text packs about 4 to 1): more is a zip bomb
(4 MB unpacking to 4 GiB), refused before anything is unpacked."""


def _unpacks_plausibly(archive: Path, member: str, url: str) -> None:
    """Refuse (``WorkFailed``) an archive whose ``member`` says it unpacks to more than ``MAX_ZIP_RATIO`` times
    its packed size; Python's zipfile never yields more than the size a member declares."""
    import zipfile

    try:
        with zipfile.ZipFile(archive) as zf:
            info = zf.getinfo(member)
    except (zipfile.BadZipFile, KeyError, OSError):
        return  # the gazetteer's reading names what is wrong with it
    if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1 << 16):
        raise WorkFailed(f"{url}: {member} unpacks to {_mb(info.file_size)} from {_mb(info.compress_size)}, "
                         f"over {MAX_ZIP_RATIO} times its packed size: not a GeoNames dump, not used")


def geonames_codes(countries: Iterable[str]) -> list[str]:
    """The dump names for country arguments: ISO 3166 alpha-2 codes upper-cased, ``all`` -> allCountries;
    ``BadInput`` for anything else."""
    out: list[str] = []
    for c in countries:
        code = "allCountries" if c.lower() in ("all", "allcountries") else c.upper()
        if code != "allCountries" and not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise BadInput(f"country {c!r}: give ISO 3166 two-letter codes (UA RU BY) or 'all'")
        if code not in out:
            out.append(code)
    return out


def npm_package(spec: str) -> Path:
    """The files of a pinned npm package (``name@version``, a key of ``NPM_INTEGRITY``), from the cache; the
    first time, its tarball is downloaded from the registry (``FRONTLINE_NPM_URL``), checked against the pinned
    integrity, and unpacked into the cache (atomically: a half-unpacked folder is never used)."""
    import base64
    import hashlib
    import io
    import shutil
    import tarfile
    import tempfile

    if spec not in NPM_INTEGRITY:
        raise WorkFailed(f"npm package {spec}: not one of the pinned packages ({', '.join(NPM_INTEGRITY)})")
    name, _, version = spec.rpartition("@")
    dest = cache_dir() / "npm" / spec.replace("/", "__")
    if dest.is_dir():
        return dest
    url = f"{setting('FRONTLINE_NPM_URL').rstrip('/')}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    raw = get(url)
    got = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode()
    if got != NPM_INTEGRITY[spec]:
        raise WorkFailed(f"{url}: the tarball's sha512 is not the pinned one ({NPM_INTEGRITY[spec][:20]}...): "
                         "a changed or damaged package, not used")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            _unpack(tar, tmp)  # npm tarballs hold one folder, "package"
        os.replace(tmp / "package", dest)
    except (tarfile.TarError, OSError) as e:
        if not dest.is_dir():  # else another process unpacked it first
            raise WorkFailed(f"{url}: cannot unpack ({e})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _unpack(tar: "tarfile.TarFile", dest: Path) -> None:
    """Extract ``tar`` into ``dest``: plain files and folders only, each inside ``dest`` (tarfile's "data" filter,
    or the same check by hand on a Python before 3.11.4, which lacks it); anything else is a ``TarError``."""
    import tarfile

    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
        return
    root = dest.resolve()
    for m in tar.getmembers():
        if not (m.isfile() or m.isdir()) or not (root / m.name).resolve().is_relative_to(root):
            raise tarfile.TarError(f"{m.name!r} is not a plain file inside the package")
    tar.extractall(dest)
