"""Store benchmarks: ingest throughput, query time on 100,000 events, file size per 1,000 events.

1. Ingest: the TR-News and LGL article texts (../shared/data/corpora) as a stand-in corpus, each written to a
   file with a sidecar, then ``prepare`` + ``ingest_documents`` into a new GeoPackage store: articles per
   second, against geocoding the same texts alone (the pipeline's first step) in the same process.
2. Query: a store of 100,000 synthetic events (points over Ukraine, dates over 2022-2025); a query by a month's
   date range and a 1 x 1 degree box through the R-tree, median of 50 random queries (target < 100 ms),
   against the same filter without the spatial index (date filter in SQL, box in Python) in the same run.
3. Size: the store's bytes per 1,000 events.

Usage: python benchmarks/store_ingest.py [--data ../shared/data/corpora] [--events 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.geoparse import geoparse  # noqa: E402
from geo.gazetteer import load  # noqa: E402
from geo.ingest import ingest_documents, prepare  # noqa: E402
from geo.store import open_store  # noqa: E402


def corpus_texts(folder: Path) -> list[tuple[str, str]]:
    out = []
    for name in ("TR-News", "lgl"):
        path = folder / f"{name}.xml"
        if not path.exists():
            continue
        for art in ET.parse(path).getroot().iter("article"):
            text = art.findtext("text") or ""
            when = (art.findtext("dltime") or "").strip()[:10]
            try:
                when = dt.date.fromisoformat(when).isoformat()
            except ValueError:
                when = "2017-01-01"  # some articles carry no usable download date
            out.append((text, when))
    return out


def bench_ingest(texts: list[tuple[str, str]], tmp: Path) -> None:
    folder = tmp / "articles"
    folder.mkdir()
    paths = []
    for n, (text, when) in enumerate(texts):
        p = folder / f"{n:05d}.txt"
        p.write_text(text, encoding="utf-8")
        p.with_suffix(".json").write_text(json.dumps({"date": when, "source": "corpus"}), encoding="utf-8")
        paths.append(p)
    gaz = load()
    t0 = time.perf_counter()
    for text, _ in texts:
        geoparse(text, gaz)
    base = time.perf_counter() - t0
    store_path = tmp / "ingest.gpkg"
    t0 = time.perf_counter()
    with open_store(store_path) as st:
        docs = prepare(paths)
        ingest_documents(st, docs)
        n_events, n_claims = st.count("events"), st.count("claims")
    took = time.perf_counter() - t0
    print(f"ingest: {len(texts)} articles in {took:.1f} s = {len(texts) / took:.0f} articles/s "
          f"({n_events} events, {n_claims} claims); geocoding alone {len(texts) / base:.0f} articles/s; "
          f"ingest/geocode time ratio {took / base:.2f}")


def synthetic_events(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    day0 = dt.date(2022, 2, 24)
    types = ["strike", "talks", "advance", "capture", "withdrawal", "statement"]
    out = []
    for i in range(n):
        d = day0 + dt.timedelta(days=rng.randrange(0, 1400))
        out.append({"event_id": f"e{i:07d}", "doc_id": f"d{i // 20:06d}", "start": d.isoformat(),
                    "end": d.isoformat(), "date_precision": "day", "type": rng.choice(types),
                    "place_name": "synthetic", "located": 1, "sentence": "Synthetic event for the benchmark.",
                    "lat": rng.uniform(44.4, 52.3), "lon": rng.uniform(22.2, 40.2), "confidence": 1.0})
    return out


def bench_query(n: int, tmp: Path) -> None:
    path = tmp / "big.gpkg"
    events = synthetic_events(n)
    t0 = time.perf_counter()
    with open_store(path) as st:
        st.ingest({"doc_id": "synthetic", "doc_key": "synthetic"}, events, [])
    load_s = time.perf_counter() - t0
    size = path.stat().st_size
    rng = random.Random(7)
    queries = []
    for _ in range(50):
        day = dt.date(2022, 3, 1) + dt.timedelta(days=rng.randrange(0, 1300))
        lon, lat = rng.uniform(23, 39), rng.uniform(45, 51)
        queries.append((day.isoformat(), (day + dt.timedelta(days=30)).isoformat(), (lon, lat, lon + 1, lat + 1)))
    with open_store(path) as st:
        times, hits = [], []
        for since, until, box in queries:
            t0 = time.perf_counter()
            rows = st.query("events", since=since, until=until, bbox=box)
            times.append(time.perf_counter() - t0)
            hits.append(len(rows))
        base = []
        for since, until, box in queries:
            t0 = time.perf_counter()
            rows = [r for r in st.query("events", since=since, until=until)
                    if box[0] <= r["lon"] <= box[2] and box[1] <= r["lat"] <= box[3]]
            base.append(time.perf_counter() - t0)
    med, bmed = statistics.median(times) * 1000, statistics.median(base) * 1000
    print(f"store of {n} events: written in {load_s:.1f} s; {size / 1e6:.1f} MB = {size / n * 1000 / 1e3:.0f} kB "
          f"per 1,000 events")
    print(f"query (a month x 1 deg box, median of 50, ~{statistics.mean(hits):.0f} rows): {med:.1f} ms with the R-tree, "
          f"{bmed:.1f} ms filtering the box in Python; ratio {bmed / med:.1f}x; target < 100 ms: "
          f"{'met' if med < 100 else 'NOT met'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared")) / "data" / "corpora"
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        texts = corpus_texts(args.data)
        if texts:
            bench_ingest(texts, Path(tmp))
        else:
            print(f"ingest: no corpora in {args.data}; skipped")
        bench_query(args.events, Path(tmp))


if __name__ == "__main__":
    main()
