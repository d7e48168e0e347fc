"""How far a village placed at its hromada lies from where it is, and what the codifier costs the index.

Accuracy, by leave-one-out over the settlements of the codifier that the gazetteer places at their own point
(GeoNames'): each one is placed as if it were a codifier-only village -- at the point of its hromada made from
the *other* linked settlements of that hromada (``geo.katottg``'s rule) -- and measured against its own point.
Baseline, in the same run: the same village placed at its raion's point (the next unit up). Figures: median and
90th percentile of the error (km), the share within 25 km (the front-line sets' "right") and the share within
the radius the gazetteer gives the village (``precision_km``: is the stated precision honest?).

Cost: the time to build the index with and without the codifier (ratio), and the sizes of both.

Usage::

    python benchmarks/katottg_placement.py [--no-build]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import katottg  # noqa: E402
from geo import gazetteer as gz  # noqa: E402
from geo.distance import distance_km  # noqa: E402

RIGHT_KM = 25.0


def leave_one_out(gaz) -> dict[str, list[tuple[float, float]]]:
    """Per placement rule, (error km, radius km) of every linked settlement placed without itself."""
    settlements, _ = katottg.read_settlements()
    linked = {gaz.codes[i]: i for i in range(len(gaz)) if gaz.codes[i] and gaz.precisions[i] == "point"}
    by_unit: dict[str, dict[str, list[str]]] = {"hromada": {}, "raion": {}}
    for s in settlements:
        if s.code in linked:
            by_unit["hromada"].setdefault(s.hromada, []).append(s.code)
            by_unit["raion"].setdefault(s.raion, []).append(s.code)
    point = {c: (gaz.lats[i], gaz.lons[i]) for c, i in linked.items()}
    out: dict[str, list[tuple[float, float]]] = {"hromada": [], "raion": []}
    for s in settlements:
        if s.code not in linked:
            continue
        for rule, unit in (("hromada", s.hromada), ("raion", s.raion)):
            others = [point[c] for c in by_unit[rule][unit] if c != s.code]
            if others:
                (lat, lon), radius = katottg.unit_point(others)
                out[rule].append((distance_km(lat, lon, *point[s.code]), radius))
    return out


def _summary(rows: list[tuple[float, float]]) -> str:
    errs = sorted(e for e, _ in rows)
    p90 = errs[int(0.9 * len(errs))]
    within = sum(e <= RIGHT_KM for e in errs) / len(errs)
    honest = sum(e <= r for e, r in rows) / len(rows)
    return (f"n={len(errs):5d}  median {statistics.median(errs):5.1f} km  p90 {p90:5.1f} km  "
            f"within {RIGHT_KM:.0f} km {within:.3f}  within its stated radius {honest:.3f}")


def gazetteer_without_codifier():
    """The index as it is built without the codifier (cities500 and the rest only), for side-by-side figures;
    written to a temporary file and memory-mapped like the cached one."""
    saved = gz._Builder.codifier
    gz._Builder.codifier = lambda self: None
    try:
        state = gz._build()
    finally:
        gz._Builder.codifier = saved
    path = Path(tempfile.mkdtemp(prefix="frontline-nocodifier-")) / "index"
    path.write_bytes(gz._pack(state))
    return gz.Gazetteer(*gz._unpack(path))


def _build_seconds(with_codifier: bool) -> tuple[float, int]:
    """Seconds to build the index (and its size in bytes), the codifier in or out."""
    saved = gz._Builder.codifier
    if not with_codifier:
        gz._Builder.codifier = lambda self: None
    try:
        t = time.perf_counter()
        state = gz._build()
        blob = gz._pack(state)
        return time.perf_counter() - t, len(blob)
    finally:
        gz._Builder.codifier = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true", help="skip the index build timings")
    a = ap.parse_args()
    os.environ.setdefault("FRONTLINE_CACHE", tempfile.mkdtemp(prefix="frontline-bench-"))
    gaz = gz.load()
    counts = {p: gaz.precisions.count(p) for p in katottg.PRECISIONS}
    print(f"places by precision: {counts}")
    res = leave_one_out(gaz)
    print("leave-one-out over the settlements GeoNames places:")
    print(f"  at the hromada (frontline):   {_summary(res['hromada'])}")
    print(f"  at the raion (baseline):      {_summary(res['raion'])}")
    if not a.no_build:
        t_with, size_with = _build_seconds(True)
        t_without, size_without = _build_seconds(False)
        print(f"index build: {t_with:.1f} s with the codifier, {t_without:.1f} s without (ratio "
              f"{t_with / t_without:.2f}); size {size_with / 1e6:.1f} MB against {size_without / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
