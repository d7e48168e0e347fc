"""Map size and first draw in headless Chromium.

- The map of the 61 daily files in ../shared/data/deepstate/daily: HTML size (target <= 5 MB) and the time from
  navigation to the first territory polygon drawn (target <= 2 s), against a baseline folium map with one
  polygon and the same scripts, opened the same way in the same run.
- A year of daily snapshots (the shared ones repeated with shifted dates): HTML size (target <= 15 MB).
The territory is simplified to ``--tolerance-m`` metres (default 100), as the map states.

Needs Debian's chromium and the npm packages the maps load (installed into FRONTLINE_WEB_ASSETS as the browser
tests do). Usage: python benchmarks/map_size.py [--data ../shared/data] [--tolerance-m 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from geo import maps  # noqa: E402
from geo.diff import change_intervals  # noqa: E402
from geo.territory import Snapshot, read_snapshot  # noqa: E402


def shifted(snaps: list[Snapshot], days: int) -> list[Snapshot]:
    out = []
    for s in snaps:
        t = dt.datetime.fromisoformat(s.map_time.replace("Z", "+00:00")) + dt.timedelta(days=days)
        out.append(Snapshot(t.strftime("%Y-%m-%dT%H:%M:%SZ"), s.source, s.layers, source_kind=s.source_kind))
    return out


def first_draw(html: Path, runs: int = 3) -> float:
    """Median seconds from navigation to the first territory polygon in the DOM."""
    from playwright.sync_api import sync_playwright

    import test_browser as tb

    assets = Path(os.environ.get("FRONTLINE_WEB_ASSETS", "/tmp/frontline-web-assets")) / "node_modules"
    times = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=tb.CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for _ in range(runs):
            page = b.new_page()
            page.route("**/*", tb._route(assets, []))
            t0 = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector("path.leaflet-interactive", state="attached", timeout=30_000)
            times.append(time.perf_counter() - t0)
            page.close()
        b.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared")) / "data")
    ap.add_argument("--tolerance-m", type=float, default=100.0)
    args = ap.parse_args()
    daily = sorted((args.data / "deepstate" / "daily").glob("occupied_*.geojson"))
    if not daily:
        print(f"no daily files in {args.data}; nothing to measure")
        return
    snaps = [read_snapshot(p) for p in daily]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        terr = change_intervals(snaps, tolerance_m=args.tolerance_m)
        took = time.perf_counter() - t0
        html = maps.frontline_map(tmp / "daily.html", territory=terr, tolerance_m=args.tolerance_m)
        size = html.stat().st_size / 1e6
        base = maps.frontline_map(tmp / "base.html", territory=change_intervals(snaps[:1], tolerance_m=1000))
        draw = first_draw(html)
        base_draw = first_draw(base)
        print(f"61 daily snapshots: {len(terr)} territory pieces (change intervals, {took:.1f} s), "
              f"{size:.2f} MB; target <= 5 MB: {'met' if size <= 5 else 'NOT met'}")
        print(f"first polygon drawn {draw:.2f} s after navigation (baseline one-snapshot map {base_draw:.2f} s, "
              f"ratio {draw / base_draw:.2f}); target <= 2 s: {'met' if draw <= 2 else 'NOT met'}")
        year = [s for k in range(6) for s in shifted(snaps, 61 * k)][:366]
        t0 = time.perf_counter()
        terr_y = change_intervals(year, tolerance_m=args.tolerance_m)
        took_y = time.perf_counter() - t0
        html_y = maps.frontline_map(tmp / "year.html", territory=terr_y, tolerance_m=args.tolerance_m)
        size_y = html_y.stat().st_size / 1e6
        print(f"a year of daily snapshots ({len(year)}): {len(terr_y)} pieces ({took_y:.1f} s), {size_y:.2f} MB; "
              f"target <= 15 MB: {'met' if size_y <= 15 else 'NOT met'}")


if __name__ == "__main__":
    main()
