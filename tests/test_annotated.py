"""Score the geoparser on the hand-annotated war-reporting set (tests/annotated_corpus.py).

A prediction is a true positive when its span overlaps a gold span and its point lies within the gold kind's
tolerance: settlements 15 km (town centre against the GeoNames point), features 50 km, regions 150 km,
countries 800 km. Demonyms ("Russian") are not toponyms in this set and are left out of the scoring.
"""

from __future__ import annotations

import statistics

import pytest

import geo
from geo.gazetteer import distance_km

from annotated_corpus import CASES  # tests/ is on sys.path (pyproject: pythonpath)

TOLERANCE_KM = {"settlement": 15.0, "feature": 50.0, "region": 150.0, "country": 800.0}


def _spans(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(surface, at + 1)
        assert at >= 0, (surface, text)
    return at, at + len(surface)


def score_cases(cases=CASES) -> dict:
    tp = fp = fn = 0
    errors_km: list[float] = []
    failures: list[str] = []
    people_hits: list[str] = []
    for case in cases:
        preds = [m for m in geo.geocode(case.text) if not m.get("demonym")]
        gold = [(_spans(case.text, g.surface, g.occurrence), g) for g in case.gold]
        used: set[int] = set()
        for (gs, ge), g in gold:
            hit = None
            for n, p in enumerate(preds):
                if n not in used and p["start"] < ge and gs < p["end"]:
                    hit = n
                    break
            if hit is None:
                fn += 1
                failures.append(f"missed {g.surface!r} in {case.text[:70]!r}")
                continue
            used.add(hit)
            p = preds[hit]
            d = distance_km(p["lat"], p["lon"], g.lat, g.lon)
            errors_km.append(d)
            if d <= TOLERANCE_KM[g.kind]:
                tp += 1
            else:
                fn += 1
                fp += 1
                failures.append(f"{g.surface!r} -> {p['name']} ({p['country']}) {d:.0f} km off in {case.text[:60]!r}")
        for n, p in enumerate(preds):
            if n not in used:
                fp += 1
                failures.append(f"spurious {p['surface']!r} -> {p['name']} ({p['country']}) in {case.text[:60]!r}")
        for person in case.people:
            at = case.text.find(person)
            while at >= 0:
                for p in preds:
                    if p["start"] < at + len(person) and at < p["end"]:
                        people_hits.append(f"{person!r} geocoded as {p['name']} in {case.text[:60]!r}")
                at = case.text.find(person, at + 1)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "median_km": statistics.median(errors_km) if errors_km else 0.0,
            "p90_km": sorted(errors_km)[int(0.9 * (len(errors_km) - 1))] if errors_km else 0.0,
            "failures": failures, "people_hits": people_hits}


@pytest.fixture(scope="module")
def result():
    return score_cases()


def test_the_set_is_big_enough():
    assert len(CASES) >= 80
    assert sum(len(c.gold) for c in CASES) >= 150
    assert sum(1 for c in CASES if c.people) >= 20


def test_f1_at_least_099(result):
    """The first target was 0.95; issue 17 holds the set at 0.99 (0.993 measured: README, Benchmarks)."""
    print(f"\nannotated set: P={result['precision']:.3f} R={result['recall']:.3f} F1={result['f1']:.3f} "
          f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}); distance error median "
          f"{result['median_km']:.1f} km, p90 {result['p90_km']:.1f} km")
    assert result["f1"] >= 0.99, "\n".join(result["failures"])


def test_no_person_is_geocoded(result):
    assert not result["people_hits"], "\n".join(result["people_hits"])
