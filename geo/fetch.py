"""Downloads from the public sources: DeepStateMap's history API and geoBoundaries (with a land outline).

Every request names frontline in its User-Agent, times out (``FRONTLINE_TIMEOUT``, 30 s) and is retried with a
growing pause; the base URLs are settings (environment variables) so that tests and mirrors can point them
elsewhere. Without network the commands say so and exit 1 (``WorkFailed``).

- ``FRONTLINE_DEEPSTATE_URL``: DeepState's history API (``{base}/public`` lists map times,
  ``{base}/{id}/geojson`` is one map); default ``https://deepstatemap.live/api/history``.
- ``FRONTLINE_GEOBOUNDARIES_URL``: the geoBoundaries API entry for Ukraine's ADM1 (JSON with ``gjDownloadURL``);
  default ``https://www.geoboundaries.org/api/current/gbOpen/UKR/ADM1/``.
- ``FRONTLINE_LAND_URL``: a land polygon GeoJSON (Natural Earth 10 m land); default Natural Earth's GeoJSON.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from . import __version__
from .errors import WorkFailed
from .export import write_text_atomic
from .settings import cache_dir

__all__ = ["get", "deepstate_history", "deepstate_feed", "deepstate_maps", "pull_boundaries", "USER_AGENT",
           "PULL_WORKERS"]

USER_AGENT = f"frontline/{__version__} (front-line tracker for research and journalism; python-urllib)"
DEFAULTS = {
    "FRONTLINE_DEEPSTATE_URL": "https://deepstatemap.live/api/history",
    "FRONTLINE_GEOBOUNDARIES_URL": "https://www.geoboundaries.org/api/current/gbOpen/UKR/ADM1/",
    "FRONTLINE_LAND_URL": "https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson/ne_10m_land.geojson",
}


def setting(name: str) -> str:
    """A URL setting: the environment variable, else its default."""
    return os.environ.get(name) or DEFAULTS[name]


def get(url: str, retries: int = 3, timeout: float | None = None) -> bytes:
    """GET ``url`` with frontline's User-Agent, a timeout and retries; ``WorkFailed`` when it cannot."""
    timeout = timeout or float(os.environ.get("FRONTLINE_TIMEOUT", "30"))
    last = None
    for attempt in range(retries):
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
            if e.code < 500 and e.code != 429:
                break  # the server said no: asking again will not help
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            last = str(getattr(e, "reason", e))
        if attempt + 1 < retries:
            time.sleep(0.5 * 2 ** attempt)
    raise WorkFailed(f"cannot download {url}: {last} (no network, or the source is down)")


def _json(url: str):
    raw = get(url)
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        raise WorkFailed(f"{url}: the answer is not JSON") from None


def deepstate_history() -> list[dict]:
    """The map times DeepState offers: records with ``id`` and ``datetime``, oldest first."""
    data = _json(setting("FRONTLINE_DEEPSTATE_URL").rstrip("/") + "/public")
    if not isinstance(data, list):
        raise WorkFailed("DeepState history: expected a list of map times")
    return sorted((d for d in data if "id" in d), key=lambda d: str(d.get("datetime", d["id"])))


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
        earlier = [d for d in items if parse_time(str(d.get("datetime") or d["id"])) <= t]
        if not earlier:
            raise WorkFailed(f"DeepState has no map at or before {t} (first: {items[0].get('datetime')})")
        item = earlier[-1]
    return _deepstate_map(item)


def _deepstate_map(item: dict) -> tuple[dict, str, Path]:
    """One item of the history: (feed, map time, cached file); from the cache when it is there."""
    from .territory import parse_time

    map_time = parse_time(str(item.get("datetime") or item["id"]))
    cache = cache_dir() / "deepstate" / f"{item['id']}.geojson"
    if cache.exists():
        raw = cache.read_bytes()
    else:
        raw = get(setting("FRONTLINE_DEEPSTATE_URL").rstrip("/") + f"/{item['id']}/geojson")
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(cache, raw.decode("utf-8"))
    try:
        feed = json.loads(raw)
    except json.JSONDecodeError:
        raise WorkFailed(f"DeepState map {item['id']}: not JSON") from None
    if isinstance(feed, dict) and "map" in feed and "features" not in feed:
        feed = feed["map"]  # some API versions wrap the collection
    return feed, map_time, cache


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

    from .diff import period_key
    from .territory import parse_time

    periods: dict[str, dict] = {}
    for item in deepstate_history():
        t = parse_time(str(item.get("datetime") or item["id"]))
        if start <= t[:10] <= end:
            periods[period_key(t[:10], every)] = item  # oldest first: the last of each period wins
    chosen = [(parse_time(str(d.get("datetime") or d["id"])), d) for d in periods.values()]
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
                        progress(done, total, parse_time(str(item.get("datetime") or item["id"])), f"failed: {e}")
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

    meta = _json(setting("FRONTLINE_GEOBOUNDARIES_URL"))
    url = meta.get("gjDownloadURL") or meta.get("simplifiedGeometryGeoJSON") if isinstance(meta, dict) else None
    if not url:
        raise WorkFailed("geoBoundaries: the answer has no gjDownloadURL")
    adm1_raw = get(url)
    land_raw = get(setting("FRONTLINE_LAND_URL"))
    try:
        adm1 = gpd.read_file(adm1_raw.decode("utf-8")).to_crs(4326)
        land = gpd.read_file(land_raw.decode("utf-8")).to_crs(4326)
    except Exception as e:
        raise WorkFailed(f"boundaries: cannot read the downloaded GeoJSON ({e})") from None
    units = shapely.union_all(adm1.geometry.make_valid().values)
    xmin, ymin, xmax, ymax = units.bounds
    near = land[land.intersects(shapely.box(xmin, ymin, xmax, ymax))]
    outline = units.intersection(shapely.union_all(near.geometry.make_valid().values))
    dest.mkdir(parents=True, exist_ok=True)
    write_text_atomic(dest / "geoBoundaries-UKR-ADM1.geojson", adm1_raw.decode("utf-8"))
    write_text_atomic(dest / "ukraine_land.geojson", gpd.GeoDataFrame(
        {"name": ["Ukraine (land)"]}, geometry=[outline], crs=4326).to_json())
    return {"folder": str(dest), "units": len(adm1), "source": url}

