"""Single process against a local Dask cluster of two workers, in one run.

1. Ingest: the TR-News and LGL texts repeated (each copy made distinct) to 10,000 articles, into a new
   GeoPackage store each time: seconds and articles per second, single process and ``local:2``.
2. Series: every shared snapshot (the month-end raw maps and the daily occupied areas) in one store, a step per
   snapshot with the ground gained and lost (a geometric diff per step): single process and ``local:2``.
Prints the speed-ups. The results of both paths are identical (tests/test_cluster.py).

Usage: python benchmarks/cluster_speedup.py [--articles 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from geo.cluster import scheduler  # noqa: E402
from geo.series import series  # noqa: E402
from geo.ingest import ingest_documents, prepare  # noqa: E402
from geo.store import open_store  # noqa: E402
from geo.territory import read_snapshot  # noqa: E402
from store_ingest import corpus_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared")) / "data"
    ap.add_argument("--data", type=Path, default=shared)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    texts = corpus_texts(args.data / "corpora")
    if not texts:
        print(f"no corpora in {args.data}; nothing to measure")
        return
    spec = f"local:{args.workers}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "articles"
        folder.mkdir()
        paths = []
        for n in range(args.articles):
            text, when = texts[n % len(texts)]
            p = folder / f"{n:05d}.txt"
            p.write_text(f"{text}\n\n(copy {n})", encoding="utf-8")  # distinct texts: no shortcut by hash
            p.with_suffix(".json").write_text(json.dumps({"date": when, "source": "corpus"}), encoding="utf-8")
            paths.append(p)
        docs = prepare(paths)
        timings = {}
        for label, sched in (("single process", None), (spec, spec)):
            with scheduler(sched) as client, open_store(tmp / f"ingest-{label.replace(':', '-')}.gpkg") as st:
                t0 = time.perf_counter()
                ingest_documents(st, docs, client=client)
                timings[label] = time.perf_counter() - t0
                n_events = st.count("events")
            print(f"ingest of {len(docs)} articles, {label}: {timings[label]:.1f} s = "
                  f"{len(docs) / timings[label]:.0f} articles/s ({n_events} events)")
        print(f"ingest speed-up with {spec}: {timings['single process'] / timings[spec]:.2f}x")

        store = tmp / "snapshots.gpkg"
        files = sorted((args.data / "deepstate" / "raw").glob("*.geojson")) + \
            sorted((args.data / "deepstate" / "daily").glob("*.geojson"))
        with open_store(store) as st:
            for f in files:
                st.put_snapshot(read_snapshot(f))
            snaps = st.snapshot_list()
        stimes = {}
        for label, sched in (("single process", None), (spec, spec)):
            with scheduler(sched) as client:
                t0 = time.perf_counter()
                rows = series(snaps, every="day", store_url=str(store), client=client)
                stimes[label] = time.perf_counter() - t0
            print(f"series over {len(snaps)} snapshots ({len(rows) - 1} diffs), {label}: {stimes[label]:.1f} s")
        print(f"series speed-up with {spec}: {stimes['single process'] / stimes[spec]:.2f}x")


if __name__ == "__main__":
    main()
