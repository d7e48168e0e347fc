"""The main job gathers the territory of the seed article's period: from the store, a folder, or DeepStateMap's
history API (a loopback server here), and says so when it has none."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.build import period_of
from geo.cli import app
from geo.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SEED_PERIOD = ("2025-04-30", "2025-05-31")  # the seed article is dated 2025-05-15


@pytest.fixture
def seeds(tmp_path):
    d = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", d)
    return d


def build(tmp_path, seeds, *extra):
    r = CliRunner().invoke(app, ["build", str(seeds), "--out", str(tmp_path / "maps"),
                                 "--store", str(tmp_path / "s.gpkg"), *extra])
    assert r.exit_code == 0, r.output
    return r


def map_times(tmp_path) -> list[str]:
    with open_store(tmp_path / "s.gpkg", create=False) as st:
        return [s["map_time"] for s in st.snapshot_list()]


@pytest.mark.parametrize("date, period", [
    ("2025-05-15", SEED_PERIOD), ("2024-03-01", ("2024-02-29", "2024-03-31")),
    ("2025-01-31", ("2024-12-31", "2025-01-31")), ("2024-12-10", ("2024-11-30", "2024-12-31"))])
def test_period_is_the_month_before_to_the_month_end(date, period):
    assert period_of(date) == period


def front_layer(html: str) -> str | None:
    m = re.search(r"front line \((\d{4}-\d{2}-\d{2}) map\)", html)
    return m.group(1) if m else None


def test_build_imports_the_period_from_a_folder_and_draws_the_front(tmp_path, seeds, shared):
    raw, bounds = shared("data", "deepstate", "raw"), shared("data", "boundaries")
    r = build(tmp_path, seeds, "--snapshots", str(raw), "--boundaries", str(bounds), "--offline")
    # only the maps of the period (of 15 in the folder): April's end, the eve of the talks, May's end
    assert [t[:10] for t in map_times(tmp_path)] == ["2025-04-30", "2025-05-15", "2025-05-31"]
    html = (tmp_path / "maps" / "frontline.html").read_text(encoding="utf-8")
    assert front_layer(html) == "2025-05-15"
    assert "ground gained by Russia (2025-04-30 to 2025-05-31)" in html
    assert "DeepStateMap" in html
    assert re.search(r"snapshots\s+3\s+imported from .*; the period 2025-04-30 \.\. 2025-05-31", r.stdout)
    assert re.search(r"front line\s+1\s+drawn from the map of 2025-05-15", r.stdout)
    # a second run finds them in the store and imports nothing; without boundaries it draws no front line, and
    # its summary says so (it does not claim the front line of the map it replaces)
    r = build(tmp_path, seeds, "--snapshots", str(raw), "--offline")
    assert re.search(r"snapshots\s+3\s+already in the store", r.stdout)
    assert len(map_times(tmp_path)) == 3
    assert re.search(r"front line\s+0\s+not drawn: no boundaries", r.stdout) and "front line on" not in r.stdout
    assert f"note: {tmp_path / 'maps' / 'frontline.html'} had a front line; this one has none" in r.stdout
    assert front_layer((tmp_path / "maps" / "frontline.html").read_text(encoding="utf-8")) is None


def _slider(html: str) -> tuple[int, int]:
    """The time slider's first time and the time the map opens at (ms since the epoch, UTC)."""
    start = re.search(r'L\.timelineSliderControl\(\s*\{[^}]*"start": (\d+)', html)
    at = re.search(r"timeline_slider_[0-9a-f]+\.setTime\((\d+)\);", html)
    return int(start.group(1)), int(at.group(1))


def _ms(iso: str) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def test_the_map_opens_on_the_article_and_year_dates_do_not_drag_the_slider_back(tmp_path, seeds, shared):
    """The seed article names events of 2022 by year ("in 2022"): they are drawn apart, the slider starts at the
    period's first map, and the map opens at the map of the article's date (2025-05-15T19:42Z)."""
    build(tmp_path, seeds, "--snapshots", str(shared("data", "deepstate", "raw")), "--offline")
    html = (tmp_path / "maps" / "frontline.html").read_text(encoding="utf-8")
    start, at = _slider(html)
    assert (start, at) == (_ms("2025-04-30T00:00:00Z"), _ms("2025-05-15T19:42:00Z"))
    with open_store(tmp_path / "s.gpkg", create=False) as st:
        early = [e for e in st.query("events") if e["end"] < "2025-04-30" and e["lat"] is not None]
    assert early and all(e["date_precision"] != "day" for e in early)  # "in 2022", "in the spring of 2022"
    assert f"earlier, dated by month or year ({len(early)}" in html
    assert "frontline</b> 2025-04-30 to 2025-05-31" in html  # the legend's period: the slider's


def test_the_map_works_offline_by_default(tmp_path, seeds, npm_registry, monkeypatch):
    """`build` puts Leaflet and its plugins inside the map (from the npm packages, fetched once from a loopback
    registry here), and says so; `--cdn` writes the small map that loads them from jsDelivr."""
    monkeypatch.setenv("FRONTLINE_NPM_URL", npm_registry)
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))
    r = build(tmp_path, seeds, "--offline")
    page = tmp_path / "maps" / "frontline.html"
    html = page.read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in html and "<script src=" not in html and "leaflet@1.9.3 (BSD-2-Clause)" in html
    assert re.search(r"map\s+1\s+.*frontline\.html: opens on 2025-05-15; works offline", r.stdout)
    r = build(tmp_path, seeds, "--offline", "--cdn")
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in page.read_text("utf-8")
    assert "needs a network to open (Leaflet from the CDN)" in r.stdout


def test_without_the_packages_the_map_loads_them_from_the_cdn_and_says_so(tmp_path, seeds, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))  # FRONTLINE_NPM_URL: a closed loopback port
    r = build(tmp_path, seeds, "--offline")
    html = (tmp_path / "maps" / "frontline.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3" in html
    note = "this map loads Leaflet from the CDN (jsDelivr), so it is blank without a network"
    assert note in html and f"note: {note}" in r.stdout and "needs a network to open" in r.stdout
    assert "leaflet-1.9.3.tgz" in r.stdout  # which download failed


def test_build_pulls_the_period_from_deepstate(tmp_path, seeds, urls):
    r = build(tmp_path, seeds)
    times = map_times(tmp_path)
    assert [t[:10] for t in times] == ["2025-04-30", "2025-05-15", "2025-05-31"]
    assert "pulled from DeepStateMap" in r.stdout
    asked = [path for path, _ua in urls if path.endswith("/geojson")]
    assert len(asked) == 3  # the three maps of the period, nothing more
    assert all(ua.startswith("frontline/") for _p, ua in urls)


def test_build_without_territory_says_so_and_how(tmp_path, seeds):
    r = build(tmp_path, seeds)  # the DeepState URL points at a closed loopback port
    assert "no territory for 2025-04-30 .. 2025-05-31" in r.stdout
    assert "frontline snapshot pull deepstate --time 2025-05-15" in r.stdout
    html = (tmp_path / "maps" / "frontline.html").read_text(encoding="utf-8")
    assert "fl-note" in html and "no territory for 2025-04-30 .. 2025-05-31" in html
    assert front_layer(html) is None
    events = json.loads((tmp_path / "maps" / "events.geojson").read_text(encoding="utf-8"))
    assert len(events["features"]) > 0  # the articles are still mapped


def test_build_geoparses_each_article_once(tmp_path, seeds, shared, monkeypatch):
    """The places layer holds what ingest found (against the front of each article's date): no article is
    geoparsed a second time for it, and the layer holds every mention ingest read."""
    import geo.geoparse

    real, calls = geo.geoparse.geoparse, []

    def counting(text, *args, **kwargs):
        out = real(text, *args, **kwargs)
        calls.append((text, kwargs.get("front") is not None, len(out)))
        return out

    monkeypatch.setattr(geo.geoparse, "geoparse", counting)
    build(tmp_path, seeds, "--snapshots", str(shared("data", "deepstate", "raw")), "--offline")
    articles = sorted(p.read_text(encoding="utf-8") for p in seeds.glob("*.txt"))
    assert sorted(text for text, _, _ in calls) == articles
    assert all(front for _, front, _ in calls)  # read against the front of the article's date
    places = json.loads((tmp_path / "maps" / "seed_places.geojson").read_text(encoding="utf-8"))
    assert len(places["features"]) == sum(n for _, _, n in calls) > 0


def test_map_opens_at_the_last_map_and_year_dated_events_stay_apart(tmp_path):
    """`frontline map` (no article date) opens at the store's last map; an event dated "in 2022" does not move
    the slider's start off the first map, and is kept in the layer apart."""
    from shapely import MultiPolygon, box

    from geo.territory import Snapshot

    store = tmp_path / "s.gpkg"
    with open_store(store) as s:
        for t, east in (("2025-04-30T22:19:00Z", 37.5), ("2025-05-31T20:34:00Z", 37.6)):
            s.put_snapshot(Snapshot(t, "test", {"occupied": MultiPolygon([box(37.0, 47.0, east, 48.0)])}))
    art = tmp_path / "a.txt"
    art.write_text("Russian forces struck Kharkiv on Friday. Russian missiles hit Lviv in 2022.", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(art), "--date", "2025-05-15", "--source", "wire", "--store", str(store)])
    assert r.exit_code == 0, r.output
    with open_store(store, create=False) as st:
        dated = sorted((e["start"], e["date_precision"], e["place_name"]) for e in st.query("events"))
    assert dated == [("2022-01-01", "year", "Lviv"), ("2025-05-09", "day", "Kharkiv")]
    out = tmp_path / "m.html"
    r = CliRunner().invoke(app, ["map", "--store", str(store), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert _slider(html) == (_ms("2025-04-30T00:00:00Z"), _ms("2025-05-31T20:34:00Z"))
    assert "earlier, dated by month or year (1)" in html
