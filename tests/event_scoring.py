"""Scoring of the event set (tests/event_corpus.py, tests/event_heldout.py): gold lines parsed, events matched
on (type, place within 25 km, start date), the other fields compared on the matched pairs."""

from __future__ import annotations

import re

from event_places import PLACES

from geo.gazetteer import distance_km

PLACE_KM = 25.0
FIELDS = ("time_precision", "actor1", "actor2", "count", "outcome", "disputed", "fatalities", "injured",
          "claimant_term", "side")


def parse(line: str) -> dict:
    """One gold line -> a dict (see tests/event_corpus.py)."""
    m = re.match(r"(\w+) (.+?) (\d{4}-\d{2}-\d{2}) (day|week|month|year) (\S+)(.*)$", line)
    if not m:
        raise ValueError(f"bad gold line: {line!r}")
    type_, place, start, tprec, actors, rest = m.groups()
    a1, _, a2 = actors.partition(">")
    g = {"type": type_, "place": None if place == "-" else place, "start": start, "time_precision": tprec,
         "actor1": None if a1 == "-" else a1, "actor2": a2 or None, "count": None, "outcome": None, "disputed": 0,
         "fatalities": None, "injured": None, "claimant_term": None, "side": None}
    for tok in rest.split():
        if tok == "dis":
            g["disputed"] = 1
        else:
            k, v = tok.split("=", 1)
            key = {"n": "count", "o": "outcome", "k": "fatalities", "w": "injured", "term": "claimant_term"}.get(k, k)
            g[key] = int(v) if key in ("count", "fatalities", "injured") else v
    if g["place"] is not None:
        g["lat"], g["lon"] = PLACES[g["place"]]
    return g


def _matches(pred: dict, gold: dict) -> bool:
    if pred["type"] != gold["type"] or pred["start"] != gold["start"]:
        return False
    if gold["place"] is None:
        return pred["place_name"] is None
    return pred["lat"] is not None and distance_km(pred["lat"], pred["lon"], gold["lat"], gold["lon"]) <= PLACE_KM


def score(items: list, extract) -> dict:
    """Precision, recall (type, place, date) and per-field agreement of ``extract(text, date, doc_id, source)``
    over ``items``; ``misses`` and ``extras`` list what did not match."""
    tp = n_pred = n_gold = 0
    agree = {f: [0, 0] for f in FIELDS}
    misses, extras = [], []
    for n, (date, _style, _lang, source, text, golds) in enumerate(items):
        events, claims = extract(text, date, f"doc{n}", source)
        side = {c["event_id"]: c["side"] for c in claims}
        preds = [e for e in events if e["type"] != "statement"]
        gold = [parse(x) for x in golds]
        n_pred += len(preds)
        n_gold += len(gold)
        free = list(preds)
        for g in gold:
            hit = next((p for p in free if _matches(p, g)), None)
            if hit is None:
                misses.append((text, g))
                continue
            free.remove(hit)
            tp += 1
            hit = dict(hit, side=side.get(hit["event_id"]))
            for f in FIELDS:
                if f in ("claimant_term", "side") and g[f] is None:
                    continue  # scored where the gold states them
                if f == "claimant_term":
                    ok = hit.get(f) is not None and hit[f].lower().startswith(g[f].lower()[:6])
                else:
                    ok = hit.get(f) == g[f]
                agree[f][0] += ok
                agree[f][1] += 1
        extras += [(text, (p["type"], p["place_name"], p["start"])) for p in free]
    return {"precision": tp / n_pred if n_pred else 1.0, "recall": tp / n_gold if n_gold else 1.0, "tp": tp,
            "predicted": n_pred, "gold": n_gold,
            "fields": {f: (a / t if t else None, t) for f, (a, t) in agree.items()},
            "misses": misses, "extras": extras}
