"""Issue 10's targets on the front-line sets, and the sets' own soundness.

Targets (the geoparser given the store's front of each sentence's date, direction rules on): over the hand-written
development and held-out parts together, right >= 0.95 of the places the gazetteer holds and confidently wrong
<= 0.02 of all mentions (issue 17: <= 0.010, the figure before the codifier); on the generated namesake set,
right >= 0.92 at every map date. The figures of every configuration are printed by
benchmarks/frontline_geoparse.py. The gold is derived from the embedded gazetteer, so these tests run with an
empty FRONTLINE_HOME (no imported villages).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline_corpus import SENTENCES as DEV
from frontline_heldout import SENTENCES as HELD
from frontline_scoring import (FAR_NAMESAKE_KM, LANGS, NAMESAKE_DATES, NAMESAKE_FRONT_KM, NEAR_FRONT_KM, RIGHT_KM,
                               STYLES, UKRAINE_BOX, context_km, context_settles, distances_km, front_edge, front_line,
                               front_namesake_set, generated_set, held_out, judge, make_sentences, namesake_tally,
                               offset_problems, snapshot_at, tally)

ALL = DEV + HELD
RIGHT_HELD_TARGET = 0.95
WRONG_TARGET = 0.010
"""Issue 17: the hand set unchanged or better than before the codifier -- 0.010 measured at 8b22ba3 (cities500
only), on this gold too (6 of 586 mentions). 0.007 measured (4): README, Benchmarks. The gold reads the sentence's
other places as the geoparser may not: their middle, a hromada's uncertainty allowed, or, where no place of the
sentence has a point, its names settling one another (benchmarks/make_frontline_gold.py ``contexts_of``)."""
NAMESAKE_WRONG_TARGET = 0.02
"""The front namesake set: confidently wrong of all its mentions, each part (0.007 and 0.012 measured at the
test's three dates, 0.067 and 0.077 before issue 17's namesake rules: README, Benchmarks)."""
NAMESAKE_RIGHT_TARGET = 0.85
"""... and right of the mentions whose name the data settle."""
GENERATED_TARGET = 0.92
GENERATED_DATES = ("2024-06-30", "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30",
                   "2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-10",
                   "2025-05-15", "2025-05-31", "2025-06-10", "2025-06-20", "2025-06-30", "2025-07-31")


def _shared_root(shared) -> Path:
    return shared("data", "deepstate", "raw").parent.parent.parent


# ---------------------------------------------------------------------------------------------------------
# The sets are well formed


def test_sizes_styles_languages():
    assert len(DEV) >= 90 and len(HELD) >= 120 and len(ALL) >= 200
    for part in (DEV, HELD):
        assert {s["style"] for s in part} == set(STYLES)
        assert {s["lang"] for s in part} == set(LANGS)
        assert any(g["lat"] is None for s in part for g in s["gold"])  # unresolved expected somewhere
        assert any(g["lat"] is not None for s in part for g in s["gold"])


def test_offsets_point_at_the_surface():
    """Each gold mention's offsets give its surface, a whole word, and no span twice."""
    assert offset_problems(ALL) == []


def test_dates_styles_and_points():
    lat0, lat1, lon0, lon1 = UKRAINE_BOX
    for s in ALL:
        assert dt.date.fromisoformat(s["date"]).isoformat() == s["date"]
        assert s["style"] in STYLES and s["lang"] in LANGS
        for g in s["gold"]:
            assert g["name"]
            assert (g["lat"] is None) == (g["lon"] is None), g
            if g["lat"] is not None:
                assert lat0 <= g["lat"] <= lat1 and lon0 <= g["lon"] <= lon1, g


def test_the_date_flips_the_gold():
    """The same sentence at two dates, two different answers (namesakes, or a place the front left behind)."""
    by_text: dict[str, set] = {}
    for s in ALL:
        by_text.setdefault(s["text"], set()).add(tuple((g["lat"], g["lon"]) for g in s["gold"]))
    flips = [t for t, golds in by_text.items() if len(golds) > 1]
    assert len(flips) >= 8, flips
    between_namesakes = [t for t in flips if all(None not in pt for gold in by_text[t] for pt in gold)]
    assert between_namesakes, "no flip between two located namesakes"


def test_make_sentences_counts_repeated_surfaces():
    (s,) = make_sentences([("2025-01-01", "isw", "en", "Terny and Terny again.",
                            [("Terny", "Terny", 1.0, 2.0, ""), ("Terny", "Terny", 1.0, 2.0, "")])])
    assert [(g["start"], g["end"]) for g in s["gold"]] == [(0, 5), (10, 15)]
    # a name inside an earlier, longer one is not it: "Shcherbaky" is the second village
    (s,) = make_sentences([("2025-05-31", "isw", "en", "Near Mali Shcherbaky and Shcherbaky.",
                            [("Mali Shcherbaky", "Mali Shcherbaky", 1.0, 2.0, ""),
                             ("Shcherbaky", "Shcherbaky", 1.0, 2.0, "")])])
    assert [(g["start"], g["end"]) for g in s["gold"]] == [(5, 20), (25, 35)]
    assert offset_problems([s]) == []
    s["gold"][1]["start"], s["gold"][1]["end"] = 10, 20  # the old reading: the end of the first village
    assert offset_problems([s]) == [(s["text"], "Shcherbaky")]
    with pytest.raises(ValueError):
        make_sentences([("2025-01-01", "isw", "en", "Terny.", [("Torske", "Torske", 1.0, 2.0, "")])])


# ---------------------------------------------------------------------------------------------------------
# The judge of one mention (the contract's definitions)

GOLD = {"surface": "Terny", "start": 10, "end": 15, "lat": 49.09226, "lon": 37.96081}
NONE = {**GOLD, "lat": None, "lon": None}


def _rec(lat, lon, **kw):
    return {"start": 10, "end": 15, "surface": "Terny", "lat": lat, "lon": lon, "ambiguous": False, **kw}


@pytest.mark.parametrize("gold, records, verdict", [
    (GOLD, [_rec(49.10, 37.99)], "right"),                                  # ~2.4 km off
    (GOLD, [_rec(48.14512, 33.55832)], "wrong"),                            # Terny, Dnipropetrovsk Oblast
    (GOLD, [_rec(48.14512, 33.55832, ambiguous=True)], "unresolved"),
    (GOLD, [_rec(None, None, resolved=False)], "unresolved"),
    (GOLD, [_rec(49.10, 37.99, ambiguous=True)], "right"),                  # placed near, even if unsure
    (GOLD, [], "missed"),
    (GOLD, [{**_rec(49.10, 37.99), "start": 0, "end": 9}], "missed"),       # another span
    (NONE, [_rec(48.14512, 33.55832)], "wrong"),                            # a far namesake, confidently
    (NONE, [_rec(None, None, resolved=False)], "unresolved"),
    (NONE, [_rec(48.14512, 33.55832, ambiguous=True)], "unresolved"),
    (NONE, [], "missed"),
])
def test_judge(gold, records, verdict):
    assert judge(gold, records) == verdict


def test_tally_shares():
    sents = [{"text": "x", "date": "2025-05-15", "style": "isw", "lang": "en", "gold": [GOLD, NONE]}]
    right = tally(sents, lambda t, d: [_rec(49.10, 37.99)])  # one record answers both spans
    assert (right["right"], right["wrong"], right["right_held"], right["wrong_all"]) == (1, 1, 1.0, 0.5)
    assert right["failures"] == [("2025-05-15", "x", "Terny", "wrong")]
    assert RIGHT_KM == 25.0


# ---------------------------------------------------------------------------------------------------------
# On the shared snapshots: the gold holds, and the targets


def test_a_sentences_places_settle_a_hromada_placed_village_within_its_uncertainty():
    """The gold's context rule: a village whose hromada point lies 50 km from the sentence's places may lie 32 km
    from them (its uncertainty, 18 km): within ``CONTEXT_KM``; a rival is measured point to point."""
    place = (49.0, 37.0, 18.0)
    sector = ((49.0 + 50.0 / 111.2, 37.0, 0.0),)
    point_km, least_km = context_km(place, sector)
    assert point_km == pytest.approx(50.0, abs=0.5) and least_km == pytest.approx(32.0, abs=0.5)
    assert context_settles((point_km, least_km), [(75.0, 57.0)])
    assert not context_settles((point_km, point_km), [(75.0, 57.0)])  # without the uncertainty: out of reach
    assert not context_settles((point_km, least_km), [(65.0, 47.0)])  # a rival within RIVAL_KM further
    # the nearest of the other places counts, each less its own uncertainty too
    assert context_km(place, (*sector, (49.0, 37.0 + 20.0 / 73.0, 5.0)))[1] == pytest.approx(0.0)


@given(st.floats(0.0, 300.0), st.floats(0.0, 40.0), st.floats(0.0, 40.0),
       st.lists(st.floats(0.0, 400.0), max_size=4))
@settings(max_examples=200, deadline=None)
def test_uncertainty_only_widens_the_reach(d, radius, more, rivals):
    """Whatever the distances: a place the sentence's places settle stays settled with more uncertainty."""
    point = (48.0, 37.0)
    at = (48.0 + d / 111.2, 37.0)
    rival_pairs = [(r, max(0.0, r - 18.0)) for r in rivals]
    tight = context_km((*point, radius), ((*at, 0.0),))
    loose = context_km((*point, radius + more), ((*at, 0.0),))
    assert loose[0] == tight[0] and loose[1] <= tight[1]
    if context_settles(tight, rival_pairs):
        assert context_settles(loose, rival_pairs)


@pytest.mark.shared
@pytest.mark.slow
def test_gold_points_derive_from_the_snapshots(isolated_home, shared):
    """Every gold point is what benchmarks/make_frontline_gold.py derives from the front of its date."""
    root = _shared_root(shared)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from make_frontline_gold import check
    finally:
        sys.path.pop(0)
    assert check(ALL, root) == []


@pytest.mark.shared
def test_fronts_exist_for_every_sentence_date(shared):
    root = _shared_root(shared)
    for date in sorted({s["date"] for s in ALL}):
        assert snapshot_at(date, root) is not None, date
        assert front_edge(date, root) is not None and not front_edge(date, root).is_empty, date


def _parse_with_front(root: Path):
    from geo.gazetteer import load
    from geo.geoparse import geoparse

    gaz = load()
    return lambda text, date: geoparse(text, gaz, front_edge(date, root))


@pytest.mark.shared
@pytest.mark.slow
def test_hand_sets_targets(isolated_home, shared):
    root = _shared_root(shared)
    r = tally(ALL, _parse_with_front(root))
    assert r["right_held"] >= RIGHT_HELD_TARGET, r["right_held"]
    assert r["wrong_all"] <= WRONG_TARGET, r["wrong_all"]


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("date", GENERATED_DATES)
def test_generated_set_right_at_every_date(isolated_home, shared, date):
    root = _shared_root(shared)
    gen = generated_set(date, root)
    assert len(gen) >= 30, len(gen)  # a set worth the name at every date
    r = tally(gen, _parse_with_front(root))
    assert r["right_held"] >= GENERATED_TARGET, (date, r["right_held"], r["failures"][:5])


@pytest.mark.shared
@pytest.mark.slow
def test_generated_set_is_what_it_claims(isolated_home, shared):
    """Each generated place lies within 12 km of the day's front line and shares its name with a Ukrainian
    place at least 100 km away; languages rotate."""
    from geo.gazetteer import distance_km, load, norm

    root = _shared_root(shared)
    gaz = load()
    date = "2025-05-15"
    gen = generated_set(date, root, gaz)
    golds = [s["gold"][0] for s in gen]
    d = distances_km(front_line(date, root), [g["lat"] for g in golds], [g["lon"] for g in golds])
    assert max(d) <= NEAR_FRONT_KM
    for s, g in zip(gen, golds):
        assert s["text"][g["start"]:g["end"]] == g["surface"]
        far = [j for j in gaz.candidates(norm(g["name"])) if gaz.countries[j] == "UA"
               and distance_km(gaz.lats[j], gaz.lons[j], g["lat"], g["lon"]) >= FAR_NAMESAKE_KM]
        assert far, g["name"]
    assert {s["lang"] for s in gen} == set(LANGS)


@pytest.mark.shared
@pytest.mark.slow
def test_front_namesake_set_is_what_it_claims(isolated_home, shared):
    """Each place lies within 10 km of the day's front line less its uncertainty, its surface finds it and another
    settlement of Ukraine further than 25 km; the parts split the places; the three languages and both kinds of
    sentence (alone, beside a neighbour) and of place (GeoNames', the codifier's) occur."""
    from geo.gazetteer import distance_km, load, norm

    root = _shared_root(shared)
    gaz = load()
    date = NAMESAKE_DATES[-1]
    dev, held = (front_namesake_set(date, root, gaz, part=p) for p in ("dev", "heldout"))
    assert len(dev) >= 300 and len(held) >= 150
    golds = [s["gold"][0] for s in dev + held]
    radius = {(gaz.lats[j], gaz.lons[j]): gaz.radii[j] for j in range(len(gaz.names)) if gaz.countries[j] == "UA"}
    d = distances_km(front_line(date, root), [g["lat"] for g in golds], [g["lon"] for g in golds])
    assert all(km - radius[g["lat"], g["lon"]] <= NAMESAKE_FRONT_KM + 1e-6 for km, g in zip(d, golds))
    for s, g in zip(dev + held, golds):
        assert s["text"][g["start"]:g["end"]] == g["surface"]
        cands = [j for j in gaz.candidates(norm(g["surface"])) if gaz.countries[j] == "UA"]
        assert any(distance_km(gaz.lats[j], gaz.lons[j], g["lat"], g["lon"]) > RIGHT_KM for j in cands), g
    assert not {g["note"].split(";")[0] for g in golds[:len(dev)]} & {g["note"].split(";")[0] for g in golds[len(dev):]}
    assert all(held_out(g["note"].split(";")[0]) for g in golds[len(dev):])
    assert {s["lang"] for s in dev} == set(LANGS)
    assert {g["neighbour"] for g in golds} == {True, False} and {g["settled"] for g in golds} == {True, False}
    assert {g["precision"] for g in golds} >= {"point", "hromada", "raion"}


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_front_namesake_set_targets(isolated_home, shared, part):
    root = _shared_root(shared)
    sents = [s for date in NAMESAKE_DATES[::3] for s in front_namesake_set(date, root, part=part)]
    r = namesake_tally(sents, _parse_with_front(root))
    assert r["wrong_all"] <= NAMESAKE_WRONG_TARGET, (r["wrong_all"], r["failures"][:5])
    assert r["right_settled"] >= NAMESAKE_RIGHT_TARGET, r["right_settled"]
