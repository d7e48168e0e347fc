"""The HTML map in a real browser: Debian's Chromium driven by Playwright. Folium's scripts come from npm
packages installed at test time into a folder outside the repository and served through page.route; tiles
are blank; nothing reaches the internet. The self-contained map is built from the same packages' tarballs
(`npm pack`, served by a loopback registry) and opened with every request that is not file: or data: aborted."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from typer.testing import CliRunner

from conftest import skip_or_fail
from geo.cli import app

pytestmark = pytest.mark.slow  # a browser and the npm packages: run in CI, and locally with `pytest -m slow`
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
runner = CliRunner()
BLANK_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _need(condition: bool, why: str) -> None:
    if not condition:
        skip_or_fail(why)


@pytest.fixture(scope="session")
def browser():
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} not found: install Debian's chromium (`.ci/run` does)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"])
    yield b
    b.close()
    pw.stop()


def _route(web_assets: Path, seen: list):
    def handle(route):
        url = route.request.url
        u = urlparse(url)
        if u.scheme == "file":
            return route.continue_()
        if u.netloc == "cdn.jsdelivr.net" and u.path.startswith("/npm/"):
            rest = u.path[len("/npm/"):]
            m = re.match(r"((?:@[^/]+/)?[^/@]+)@[^/]+/(.*)", rest)
            path = web_assets / m.group(1) / m.group(2)
            if path.is_file():
                ctype = {"js": "application/javascript", "css": "text/css", "png": "image/png",
                         "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf"}.get(path.suffix[1:], "application/octet-stream")
                seen.append(url)
                return route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": ctype})
            return route.fulfill(status=404, body=b"")
        if "tile.openstreetmap.org" in u.netloc:
            return route.fulfill(status=200, body=BLANK_PNG, headers={"Content-Type": "image/png"})
        seen.append("BLOCKED " + url)
        return route.abort()
    return handle


@pytest.fixture
def open_map(browser, web_assets):
    pages = []

    def opener(html: Path):
        page = browser.new_page(viewport={"width": 1200, "height": 850})
        errors, seen = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
        page.route("**/*", _route(web_assets, seen))
        page.goto(html.as_uri())
        page.wait_for_selector(".leaflet-container")
        page.wait_for_timeout(300)
        pages.append(page)
        return page, errors, seen

    yield opener
    for p in pages:
        p.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared):
    """The main job on the seed article, run as `make run` runs it (the shared raw maps and boundaries)."""
    wd = tmp_path_factory.mktemp("build")
    shutil.copytree(ROOT / "seeds", wd / "seeds")
    r = runner.invoke(app, ["build", str(wd / "seeds"), "--out", str(wd / "maps"), "--store", str(wd / "t.gpkg"),
                            "--snapshots", str(shared("data", "deepstate", "raw")),
                            "--boundaries", str(shared("data", "boundaries"))])
    assert r.exit_code == 0, r.output
    return wd


def _slider(html: str) -> str:
    return re.search(r"var (timeline_slider_[0-9a-f]+) =", html).group(1)


def _centre(page, html: Path, lat: float, lon: float, zoom: int = 8) -> None:
    name = re.search(r"var (map_[0-9a-f]+) = L\.map\(", html.read_text(encoding="utf-8")).group(1)
    page.evaluate(f"() => window['{name}'].setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(300)


def _territory_state(page) -> str:
    """A fingerprint of the territory drawn now: the SVG paths' data."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('path.leaflet-interactive'))
        .map(p => p.getAttribute('d') || '').filter(d => d.length > 200).sort().join('|')""")


def test_map_loads_without_errors_and_has_legend_and_layers(built, open_map):
    html = built / "maps" / "frontline.html"
    page, errors, seen = open_map(html)
    assert not errors, errors
    assert not [u for u in seen if u.startswith("BLOCKED")], seen
    assert page.locator("#fl-legend").is_visible()
    assert "DeepStateMap" in page.locator("#fl-legend").inner_text()
    layers = page.locator(".leaflet-control-layers:not(.leaflet-timeline-control)").inner_text()
    assert page.locator(".leaflet-timeline-control").count() == 1  # the time slider
    for name in ("territory (by date)", "events", "claimed advances", "ground gained", "ground lost", "front line"):
        assert name in layers, layers
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-minimap").count() == 1
    for source in ("DeepStateMap", "GeoNames", "geoBoundaries", "OpenStreetMap"):
        assert source in page.locator(".leaflet-control-attribution").inner_text()


def test_the_map_opens_on_the_article_date_with_its_territory(built, open_map):
    """No slider move: the seed map opens on the article's date (2025-05-15, at that day's map), with the territory
    drawn; the slider starts at the period's first map, not at the year-dated events of 2022 (a layer apart)."""
    html = built / "maps" / "frontline.html"
    page, errors, _ = open_map(html)
    assert page.locator(".leaflet-timeline-control output").inner_text() == "2025-05-15"
    lo, at = page.locator(".leaflet-timeline-control input.time-slider").evaluate("e => [+e.min, +e.value]")
    assert (lo, at) == (page.evaluate("Date.UTC(2025, 3, 30)"), page.evaluate("Date.UTC(2025, 4, 15, 19, 42)"))
    occupied = page.evaluate("""() => Array.from(document.querySelectorAll('path.leaflet-interactive[fill="#e53935"]'))
        .map(p => (p.getAttribute('d') || '').length)""")
    assert occupied and max(occupied) > 1000, occupied
    layers = page.locator(".leaflet-control-layers:not(.leaflet-timeline-control)").inner_text()
    assert "earlier, dated by month or year" in layers
    assert not errors, errors


def test_slider_changes_the_drawn_territory(built, open_map):
    html = built / "maps" / "frontline.html"
    page, errors, _ = open_map(html)
    name = _slider(html.read_text(encoding="utf-8"))
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 4, 2, 12))")
    page.wait_for_timeout(200)
    early = _territory_state(page)
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 5, 29, 12))")
    page.wait_for_timeout(200)
    late = _territory_state(page)
    assert early and late and early != late
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 4, 2, 12))")
    page.wait_for_timeout(200)
    assert _territory_state(page) == early  # the same date draws the same map again
    assert not errors, errors


def test_clicking_an_event_opens_its_popup_with_the_sentence(built, open_map):
    html = built / "maps" / "frontline.html"
    page, errors, _ = open_map(html)
    name = _slider(html.read_text(encoding="utf-8"))
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 4, 16, 12))")  # the Istanbul talks
    _centre(page, html, 41.01, 28.95)
    markers = page.locator(".leaflet-marker-pane .awesome-marker")
    assert markers.count() >= 1
    markers.first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Istanbul" in text and "sentence" in text and "2025-05-16" in text
    assert not errors, errors


def test_article_html_is_shown_as_text_and_never_runs(tmp_path, open_map):
    art = tmp_path / "x.txt"
    art.write_text('Russian drones struck Kharkiv <script>window.__xss = 1</script> and '
                   '<img src="x" onerror="window.__xss = 2"> on Monday, officials said.', encoding="utf-8")
    store = tmp_path / "s.gpkg"
    assert runner.invoke(app, ["ingest", str(art), "--date", "2025-05-15", "--source", "<b>wire</b>",
                               "--store", str(store)]).exit_code == 0
    out = tmp_path / "m.html"
    r = runner.invoke(app, ["map", "--store", str(store), "-o", str(out)])
    assert r.exit_code == 0, r.output
    page, errors, _ = open_map(out)
    name = _slider(out.read_text(encoding="utf-8"))
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 4, 12, 12))")
    _centre(page, out, 49.98, 36.25)
    page.locator(".leaflet-marker-pane .awesome-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>window.__xss = 1</script>" in popup.inner_text()
    assert "onerror" in popup.inner_text() and "<b>wire</b>" in popup.inner_text()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert not errors, errors


def test_screenshot_of_the_seed_map(built, open_map, tmp_path):
    html = built / "maps" / "frontline.html"
    page, errors, _ = open_map(html)
    name = _slider(html.read_text(encoding="utf-8"))
    page.evaluate(f"() => window['{name}'].setTime(Date.UTC(2025, 4, 15, 12))")
    page.wait_for_timeout(300)
    # FRONTLINE_SCREENSHOT=maps/frontline.png regenerates the README's picture from the main job's own map
    shot = Path(os.environ.get("FRONTLINE_SCREENSHOT") or tmp_path / "frontline.png")
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 30_000
    assert not errors, errors


def test_empty_store_and_unknown_dates_and_unwritable_output(tmp_path, built):
    empty = tmp_path / "empty.gpkg"
    from geo.store import open_store

    open_store(empty).close()
    r = runner.invoke(app, ["map", "--store", str(empty), "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 2 and "empty" in r.stderr and "frontline ingest" in r.stderr
    r = runner.invoke(app, ["map", "--store", str(built / "t.gpkg"), "--from", "2019-01-01", "--to", "2019-02-01",
                            "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 2 and "2025-04-30 .. 2025-05-31" in r.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = runner.invoke(app, ["map", "--store", str(built / "t.gpkg"), "-o", str(blocker / "m.html")])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("**/.m.html*"))  # nothing half-written


def test_self_contained_map_draws_the_front_with_the_network_blocked(built, browser, npm_registry, shared,
                                                                     tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_NPM_URL", npm_registry)
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "offline.html"
    r = runner.invoke(app, ["map", "--self-contained", "--store", str(built / "t.gpkg"), "--boundaries",
                            str(shared("data", "boundaries")), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in text and "<script src=" not in text and 'rel="stylesheet"' not in text
    assert "fa-solid-900" not in text and "font/woff2;base64," in text  # the icon font inside, as data:
    page = browser.new_page(viewport={"width": 1200, "height": 850})
    errors, asked = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def local_only(route):
        if route.request.url.startswith(("file:", "data:")):
            return route.continue_()
        asked.append(route.request.url)
        return route.abort()

    page.route("**/*", local_only)
    page.goto(out.as_uri())
    page.wait_for_selector(".leaflet-container")
    page.evaluate(f"() => window['{_slider(text)}'].setTime(Date.UTC(2025, 4, 15, 12))")
    page.wait_for_timeout(300)
    # the front line: the dashed path of its layer, long; the territory: polygons in the statuses' colours
    fronts = page.evaluate("""() => Array.from(document.querySelectorAll('path[stroke-dasharray="6 4"]'))
        .map(p => (p.getAttribute('d') || '').length)""")
    assert fronts and max(fronts) > 1000, fronts
    occupied = page.evaluate("""() => Array.from(document.querySelectorAll('path.leaflet-interactive[fill="#e53935"]'))
        .map(p => (p.getAttribute('d') || '').length)""")
    assert occupied and max(occupied) > 1000, occupied
    # the offline basemap: land under where tiles would be, oblast outlines over them
    assert page.locator(".leaflet-fl-land-pane path").count() >= 1
    assert page.locator(".leaflet-fl-oblasts-pane path").count() >= 1
    # the icons' font loaded from inside the file; the packages and their licences credited
    assert page.evaluate("""() => document.fonts.ready.then(() => Array.from(document.fonts)
        .some(f => f.family.includes('Font Awesome 6 Free') && f.status === 'loaded'))""")
    credits = page.locator(".fl-credits").inner_text()
    assert "leaflet@1.9.3 (BSD-2-Clause)" in credits and "@fortawesome/fontawesome-free@6.2.0" in credits
    assert not errors, errors
    assert asked and all("tile.openstreetmap.org" in u for u in asked), asked  # only tiles wanted the network
    page.close()
