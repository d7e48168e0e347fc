"""The whole war on one map: time, size, drawing and memory of maps over long histories.

Each time is a ratio against ``python -c "import geopandas"`` timed in the same run (median of three):

- the 76 shared snapshots (15 month-ends in deepstate/raw, 61 days in deepstate/daily): `frontline map` in at
  most 12x;
- a synthetic history of 1,400 daily maps from 2022-02-24 (the 76 shared maps in time order, each shifted to
  cover about 18 consecutive days, and perturbed at the front so that each day differs: discs of 1.5-4 km
  around three points of the occupied area's edge, drawn from a seeded generator, added to or cut from the
  occupied area; the grey zone and liberated ground give way to what is added): imported,
  then `frontline map` in at most 60x, the HTML at most 15 MB, in headless Chromium the first polygon drawn
  within 1 s of navigation and a slider step (one day) within 100 ms; `frontline series --every day` in at most
  30x; the peak memory (max RSS) of the map's process under 2 GB.

Needs Debian's chromium and the npm packages the maps load (installed into FRONTLINE_WEB_ASSETS as the browser
tests do) for the browser figures; they are skipped, saying so, without them.
Usage: python benchmarks/map_history.py [--data ../shared/data] [--days 1400] [--work DIR] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

FRONTLINE = [sys.executable, "-m", "geo.cli"]


def timed_rss(cmd: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds and max RSS (MB, from wait4) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    # read the pipes without waiting on the process, so that wait4 reaps it and reports its own usage
    import threading

    bufs: dict = {}
    readers = [threading.Thread(target=lambda n=n, f=f: bufs.__setitem__(n, f.read()))
               for n, f in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    for r in readers:
        r.join()
    took = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(map(str, cmd[:8]))} ... failed: {bufs['err'].decode()[-800:]}")
    return took, usage.ru_maxrss / 1024, bufs["err"]


def baseline() -> float:
    return statistics.median(timed_rss([sys.executable, "-c", "import geopandas"])[0] for _ in range(3))


def synthetic_history(snaps: list, days: int, start: str = "2022-02-24"):
    """``days`` daily snapshots from the shared ones: the k-th is snaps[k * len(snaps) // days] (each shared map
    held for about days / len(snaps) days, in time order) at start + k days, its occupied area changed by three
    discs along its edge (seeded: the same history every run)."""
    import numpy as np
    import shapely

    from geo.territory import Snapshot

    rng = np.random.default_rng(20220224)
    t0 = dt.datetime.fromisoformat(start + "T20:00:00+00:00")
    for k in range(days):
        base = snaps[k * len(snaps) // days]
        layers = dict(base.layers)
        occ = layers.get("occupied")
        if occ is not None and not occ.is_empty:
            big = max(occ.geoms, key=lambda g: g.area) if hasattr(occ, "geoms") else occ
            edge = big.exterior
            for j in range(3):
                pt = edge.interpolate(float(rng.uniform(0, 1)), normalized=True)
                disc = pt.buffer(float(rng.uniform(0.015, 0.04)), quad_segs=4)
                if j % 2 == 0:
                    occ = occ.union(disc)
                    for st in ("grey", "liberated"):
                        if st in layers:
                            layers[st] = layers[st].difference(disc)
                else:
                    occ = occ.difference(disc)
            for st in ("crimea", "pre2022"):  # statuses stay disjoint: the older holdings take precedence
                if st in layers:
                    occ = occ.difference(layers[st])
            layers["occupied"] = occ if occ.geom_type == "MultiPolygon" else shapely.MultiPolygon(
                [g for g in getattr(occ, "geoms", [occ]) if g.geom_type == "Polygon"])
            for st in ("grey", "liberated"):
                if st in layers and layers[st].geom_type != "MultiPolygon":
                    layers[st] = shapely.MultiPolygon([g for g in getattr(layers[st], "geoms", [layers[st]])
                                                       if g.geom_type == "Polygon"])
        t = (t0 + dt.timedelta(days=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield Snapshot(t, "DeepStateMap (synthetic)", layers, source_kind=base.source_kind)


def browser_figures(html: Path, first_day: str, days: int) -> tuple[float, float] | None:
    """(median seconds from navigation to the first territory polygon, median ms of a one-day slider step up to
    the next painted frame), or None without Chromium or the npm packages."""
    import re

    import test_browser as tb

    assets = Path(os.environ.get("FRONTLINE_WEB_ASSETS", "/tmp/frontline-web-assets")) / "node_modules"
    if not Path(tb.CHROMIUM).exists() or not (assets / "leaflet").is_dir():
        print(f"browser figures skipped: need {tb.CHROMIUM} and the npm packages in {assets}")
        return None
    from playwright.sync_api import sync_playwright

    slider = re.search(r"var (timeline_slider_[0-9a-f]+) =", html.read_text(encoding="utf-8")).group(1)
    first, steps = [], []
    day0 = dt.date.fromisoformat(first_day)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=tb.CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for run_no in range(3):
            page = b.new_page(viewport={"width": 1200, "height": 850})
            page.route("**/*", tb._route(assets, []))
            t0 = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector("path.leaflet-interactive", state="attached", timeout=120_000)
            first.append(time.perf_counter() - t0)
            if run_no == 0:
                page.wait_for_timeout(500)
                for k in range(0, days - 1, max(1, days // 25)):
                    d = day0 + dt.timedelta(days=k)
                    ms = page.evaluate(f"""() => new Promise(done => {{
                        const t = performance.now();
                        window['{slider}'].setTime(Date.UTC({d.year}, {d.month - 1}, {d.day}, 23));
                        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
                    }})""")
                    steps.append(ms)
            page.close()
        b.close()
    return statistics.median(first), statistics.median(steps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared"))
                    / "data")
    ap.add_argument("--days", type=int, default=1400)
    ap.add_argument("--work", type=Path, default=None, help="Keep the stores and maps here (default a temp dir).")
    ap.add_argument("--skip-synthetic", action="store_true", help="Only the 76 shared snapshots.")
    args = ap.parse_args()
    files = sorted((args.data / "deepstate" / "raw").glob("*.geojson")) + \
        sorted((args.data / "deepstate" / "daily").glob("*.geojson"))
    bounds = args.data / "boundaries"
    if not files:
        print(f"no snapshots in {args.data}; nothing to measure")
        return
    tmp_ctx = tempfile.TemporaryDirectory() if args.work is None else None
    work = Path(tmp_ctx.name) if tmp_ctx else args.work
    work.mkdir(parents=True, exist_ok=True)
    base = baseline()
    print(f"baseline: python -c 'import geopandas' {base:.2f} s (median of 3)")

    store76 = work / "shared76.gpkg"
    store76.unlink(missing_ok=True)
    took, _, _ = timed_rss(FRONTLINE + ["snapshot", "import", *map(str, files), "--store", str(store76)])
    print(f"{len(files)} shared snapshots imported in {took:.1f} s ({took / base:.1f}x)")
    took, rss, _ = timed_rss(FRONTLINE + ["map", "--store", str(store76), "--boundaries", str(bounds),
                                          "-o", str(work / "shared76.html")])
    print(f"map of the {len(files)} shared snapshots: {took:.1f} s = {took / base:.1f}x import geopandas "
          f"(target <= 12x: {'met' if took / base <= 12 else 'NOT met'}); max RSS {rss:.0f} MB; "
          f"{(work / 'shared76.html').stat().st_size / 1e6:.2f} MB")
    if args.skip_synthetic:
        return

    from geo.store import open_store
    from geo.territory import read_snapshot

    snaps = sorted((read_snapshot(f) for f in files), key=lambda s: s.map_time)
    store = work / f"synthetic{args.days}.gpkg"
    if not store.exists():
        part = store.with_suffix(".part.gpkg")
        part.unlink(missing_ok=True)
        put = 0.0
        t_all = time.perf_counter()
        with open_store(str(part)) as st:
            for k, snap in enumerate(synthetic_history(snaps, args.days)):
                t0 = time.perf_counter()
                st.put_snapshot(snap)
                put += time.perf_counter() - t0
                if k % 100 == 99:
                    print(f"  generated and imported {k + 1}/{args.days}", file=sys.stderr)
        os.replace(part, store)
        print(f"synthetic history of {args.days} daily maps: imported in {put:.1f} s ({put / base:.1f}x; generating "
              f"them took {time.perf_counter() - t_all - put:.1f} s more)")
    else:
        print(f"synthetic history of {args.days} daily maps: reusing {store}")
    html = work / f"synthetic{args.days}.html"
    took, rss, _ = timed_rss(FRONTLINE + ["map", "--store", str(store), "--boundaries", str(bounds), "-o", str(html)])
    size = html.stat().st_size / 1e6
    print(f"map of {args.days} daily maps: {took:.1f} s = {took / base:.1f}x import geopandas (target <= 60x: "
          f"{'met' if took / base <= 60 else 'NOT met'}); HTML {size:.2f} MB (target <= 15 MB: "
          f"{'met' if size <= 15 else 'NOT met'}); max RSS {rss:.0f} MB (target < 2048 MB: "
          f"{'met' if rss < 2048 else 'NOT met'})")
    took, rss_s, _ = timed_rss(FRONTLINE + ["series", "--every", "day", "--store", str(store), "--format", "json"])
    print(f"series --every day over {args.days} maps: {took:.1f} s = {took / base:.1f}x (target <= 30x: "
          f"{'met' if took / base <= 30 else 'NOT met'}); max RSS {rss_s:.0f} MB")
    figures = browser_figures(html, "2022-02-24", args.days)
    if figures:
        first, step = figures
        one = work / "one-map.html"  # for scale: the same history's first day alone, opened the same way
        timed_rss(FRONTLINE + ["map", "--store", str(store), "--from", "2022-02-24", "--to", "2022-02-24",
                               "-o", str(one)])
        first_one = browser_figures(one, "2022-02-24", 2)[0]
        print(f"headless Chromium: first polygon {first:.2f} s after navigation (median of 3; a one-map page "
              f"{first_one:.2f} s; target <= 1 s: {'met' if first <= 1 else 'NOT met'}); a one-day slider step "
              f"{step:.0f} ms to the next painted frame (median of 25; target <= 100 ms: "
              f"{'met' if step <= 100 else 'NOT met'})")


if __name__ == "__main__":
    main()
