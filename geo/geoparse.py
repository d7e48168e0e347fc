"""Text -> place mentions with character offsets, each resolved to one place or marked ambiguous.

Finding: capitalised runs of words are matched, longest first, against the gazetteer's keys (Cyrillic names with
their case endings undone, romanised, or by their transliteration-aware skeleton -- see ``geo.gazetteer``;
demonyms such as "Turkish" read as their country, AP abbreviations such as "Ky." and dotted acronyms such as
"U.S."). People and organisations are set aside first: runs that open with a given name ("Marco Rubio"), follow
a title ("Secretary of State", "envoy", "President"), repeat a surname already seen, or sit before a verb of
speech; words of organisations ("Financial Times", "State University").

Resolving, strongest signal first:

1. qualifiers in the text: a container ("Mykolaivka in the Donetsk region", "Izium, Ukraine", "Russia's Kursk
   region"), an anchor ("Mykolaivka, north of Sloviansk", "near Lyman"), and for war reports a direction or
   axis ("in the Pokrovsk direction", "на Покровському напрямку", "на Купянском направлении", "north-east of
   Pokrovsk"), which places every village of its paragraph, and a region after a list ("населенные пункты A и
   B Донецкой Народной Республики");
2. the front line at the text's date (``front``): in a sentence about fighting, a village lies near it;
3. the area the document is about: a vote of its mentions over countries and first-level regions;
4. distance to the other places resolved in the same document;
5. population, capital status and kind.

When the best candidate and one far from it stay within ``AMBIGUITY_MARGIN`` of each other, the mention is
marked ``ambiguous`` and lists its candidates. When no candidate lies where the text puts the place (the
direction's town, the named region, the front), the mention is left unresolved -- no point, a reason, its far
candidates -- rather than given to a far namesake: a wrong dot on a map is worse than none.

>>> from geo.geoparse import geoparse
>>> [m["name"] for m in geoparse("Shelling hit Kiev and Pokrovsk.")]
['Kyiv', 'Pokrovsk']
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_right

import numpy as np
import shapely
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import takewhile
from typing import NamedTuple

from .distance import EARTH_RADIUS_KM, distance_km
from .gazetteer import REGION_NICKNAMES, Gazetteer, deinflect, latin, load, norm
from .settings import project_data_dir

__all__ = ["geoparse", "Mention", "AMBIGUITY_MARGIN", "DIRECTION_KM", "FRONT_FIGHT_KM"]

# Weights of the resolution signals (log scale). Chosen by hand, then checked on GeoWebNews (the development
# corpus of benchmarks/geoparse_corpora.py); TR-News and LGL are the held-out figures.
W_COUNTRY_VOTE = 2.0
"""Weight of the document's country vote (share of the other mentions in the candidate's country)."""
W_ADMIN_VOTE = 1.0
"""Weight of the document's first-level region vote."""
W_NEAR = 2.0
"""Weight of closeness to the other places of the document, decaying over ``NEAR_KM``."""
NEAR_KM = 150.0
W_CAPITAL = 1.0
"""Prior bonus of a national capital."""
W_FRONT = 2.0
"""Weight of closeness to the front line at the document's date (when territory snapshots are known)."""
FRONT_KM = 30.0
W_FIGHT_FRONT = 4.0
"""In a sentence about fighting, the weight of closeness to the front, decaying over ``FIGHT_FRONT_KM``: the
village fought over is on the line, its namesakes 20 km behind it are not."""
FIGHT_FRONT_KM = 15.0

COMMON_RANK = 5000
"""A capitalised word opening a sentence and among this many commonest English words is read as the word."""

# Priors (log scale): what a name most likely means before the text says more.
PRIOR_COUNTRY = 6.0
"""Prior of a country."""
PRIOR_REGION = 3.6
"""Prior of a region, plus ``PRIOR_REGION_PER_DECADE`` per power of ten of its population."""
PRIOR_REGION_PER_DECADE = 0.15
PRIOR_FEATURE = 4.0
"""Prior of a feature (a river, a sea)."""
PRIOR_SETTLEMENT_PER_DECADE = 0.6
"""Prior of a settlement per power of ten of its population."""
PRIOR_MAIN_NAME = 0.3
"""Bonus of a place called by its main name."""
PRIOR_FORMER_NAME = -1.0
"""A former or foreign name ("Pokrovsk" for Engels) when another candidate bears the name now."""
PRIOR_PREFERRED = 1.0
"""Bonus of the curated table's reading of a name in war news (data/aliases.csv)."""
W_CONTAINER = 3.0
"""Bonus of a candidate inside the container named after it ("Mykolaivka in the Donetsk region")."""
W_ANCHOR = 4.0
"""Weight of closeness to an anchor ("north of Sloviansk"), decaying over ``ANCHOR_KM``."""
ANCHOR_KM = 40.0
REGION_NO_CODE_KM = 150.0
"""A region without a first-level code (Donbas) holds the places within this distance of its point."""
VOTE_UNSURE = 0.5
"""Vote weight of a reading with several candidates (a reading with one has weight 1)."""
VOTE_CAPITAL = 0.3
"""Factor on the vote of a capital (often the government speaking: "Moscow said")."""
ROUNDS = 3
"""Rounds of re-scoring against the document's other picks (they mostly settle in one or two)."""

# Sizes that make a name notable.
PLACE_POP = 20_000
"""A name bearing a town of this many people is a place before a person's name; after a verb of speech, a town
by its own name ("said Toretsk") stays a town."""
NOTABLE_POP = 100_000
"""A city this big is notable: it ends a person's name ("Marco Rubio Kyiv visit") and survives the filters on
acronyms and common words."""
FAMOUS_POP = 1_000_000
"""A city this big is famous: its name is a place even when it is a common word opening a sentence."""
MAX_NAME_WORDS = 7
"""The longest run of words tried as one name."""
RELATION_GAP = 60
"""Characters between two mentions at most for one to be the other's container or anchor."""

AMBIGUITY_MARGIN = 0.35
"""Score gap (log scale) under which two far-apart candidates leave a mention ambiguous."""
AMBIGUITY_SHARE = 0.5
"""A best candidate holding less than this share of the evidence leaves the mention ambiguous."""
AMBIGUITY_KM = 50.0
"""Candidates closer than this are one place for the reader's purpose; never ambiguous between them."""

# Where the text puts a place (issue 10): a direction or axis ("in the Pokrovsk direction", "на Покровському
# напрямку"), a compass phrase ("north-east of Pokrovsk"), a region named in the sentence ("Донецкой Народной
# Республики"), or, in a sentence about fighting, the front line. A candidate outside that area never wins; when
# none lies inside it, the mention is unresolved (no point) with its far candidates listed.
DIRECTION_KM = 60.0
"""A place named in a direction or axis lies within this distance of the direction's town (the villages of the
General Staff's directions lie mostly within 40 km of their towns: Terny is 16 km from Lyman, Udachne 13 km
from Pokrovsk, Krynky 37 km from Kherson). A direction whose town lies further than this from the front is no
direction of the front (a namesake village) and is not read."""
DIRECTION_CITY_KM = 90.0
"""The reach of a direction named after a city of ``DIRECTION_CITY_POP`` or more, whose sector is wider
(Vovchansk is 70 km from Kharkiv; "southwest of Donetsk City" reaches Yevhenivka, 66 km away)."""
DIRECTION_CITY_POP = 200_000
DIRECTION_SLACK = 1.5
"""With the front known, a village a little beyond its direction's reach (up to this factor) but near the front
still counts (the Stepnohirsk area, 67 km from Huliaipole, in the Huliaipole direction)."""
FRONT_FIGHT_KM = 60.0
"""In a sentence about fighting, a village lies within this distance of the front line (the text's date)."""
CONTESTED_KM = 15.0
"""Namesakes this near the front (less their uncertainty: a village known to its hromada alone may lie that much
nearer) are all plausible in a fighting sentence: one far from the others is taken only when the document's other
places settle it (``_unsettled``), whether or not GeoNames places it."""
CONTESTED_APART_KM = 25.0
"""... and one more than this from the pick (the front-line sets' "right" distance) is its rival."""
W_QUALIFIED = 3.0
"""Bonus of the candidates where a qualifier puts the place (as strong as "in the Donetsk region")."""
QUALIFIABLE_MAX_POP = 100_000
"""A place this big is named in passing anywhere ("strikes on Dnipro"): qualifiers and the front favour its
namesakes but never leave it unresolved."""
VILLAGE_POP = 20_000
"""Without a front, a fighting sentence's name whose namesakes are all smaller than this and lie far apart stays
ambiguous unless the document's other places settle it (a neighbour within ``LOCAL_KM``)."""
LOCAL_KM = 30.0
NO_FRONT_REGIONS = frozenset({"UA.11", "UA.20"})
"""Crimea and Sevastopol (GeoNames codes): the front edge a store gives runs along their coasts (the occupied
area's boundary with the sea), but no land fighting has been there since 2014; their villages are never "near
the front"."""
BORDER_FRONT_REGIONS = frozenset({"RU.41", "RU.09", "RU.10"})
"""Kursk, Belgorod and Bryansk oblasts: fought over across the state border, which the maps of occupied Ukraine
do not draw as a front; their villages count as within ``FRONT_FIGHT_KM`` of it (no closer)."""
WAR_COUNTRIES = frozenset({"UA", "RU"})
"""Only places in these countries qualify others by direction or region (international news is left as it was)."""

# Tokens (``_tokens``): capitalised words (letters joined by hyphens or apostrophes, a possessive 's left out) and
# dotted initials ("U.S."); the lowercase word right before one that a rule reads (connectors, titles, locatives:
# "in Kyiv", "envoy Keith"); the few lowercase words read after one (suffixes, verbs of speech). Other words are
# never tokens, so a name never runs across them.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0400-\u042f"
_WORD_TAIL = r"[^\W\d_]*(?:[-'’ʼ`](?![sS]\b)[^\W\d_]+)*"
_AFTER_WORDS = ("region|regions|oblast|province|river|rivers|krai|area|island|sea|strait|peninsula|said|says|told|"
                "added|stated|wrote|noted|insisted|argued|warned|claimed|announced|replied|tweeted|posted|explained|"
                "stressed|asked|urged|believes|thinks")
_CONNECTORS = {"of", "and", "on", "upon", "de", "la", "le", "el", "al", "du", "des", "del", "da", "do", "am", "an",
               "der", "sur", "en", "y", "di", "the", "na", "nad", "pod"}
_SUFFIXES = {"region", "oblast", "province", "river", "krai", "area", "island", "sea", "strait", "peninsula"}
_RUN_WORDS = frozenset(_CONNECTORS | _SUFFIXES)
"""The lowercase words a name's run of tokens may hold."""
_ORG_WORDS = {"times", "post", "ministry", "university", "group", "council", "agency", "institute", "bank", "company",
              "party", "herald", "tribune", "journal", "news", "press", "telegraph", "guardian", "independent",
              "school", "college", "academy", "committee", "corporation", "inc", "ltd", "foundation", "club",
              "fc", "airlines", "airways", "daily", "gazette", "radio", "tv", "television", "agency", "service",
              "command", "brigade", "battalion", "regiment", "division", "fleet", "corps", "court", "parliament",
              "assembly", "senate", "congress", "cathedral", "church", "stadium", "hospital", "airport", "street",
              "avenue", "square", "hotel", "museum", "prize", "award", "accords", "agreement", "format", "summit",
              "declaration", "communique", "pact", "treaty", "memorandum", "protocol", "conference"}
_LOCATIVE = {"in", "near", "at", "outside", "from", "to", "towards", "toward", "around", "into", "across", "via",
             "through", "between", "in", "within", "inside", "beyond", "along", "past", "of"}
_SPEECH = {"said", "says", "told", "added", "stated", "wrote", "noted", "insisted", "argued", "warned", "claimed",
           "announced", "replied", "tweeted", "posted", "explained", "stressed", "asked", "urged", "believes",
           "thinks"}
_DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
_ANCHOR = re.compile(
    r"^\W{0,3}(?:\s*(?:some|about|around|roughly|nearly|just|only)?\s*\d+(?:[.,]\d+)?\s*(?:km|kilometres|kilometers|miles|mi)\s+)?"
    r"(?:" + _DIRECTIONS + r"(?:ern)?\s+of|near|outside|close\s+to|next\s+to|neighbouring|neighboring|from|towards?|"
    r"on\s+the\s+outskirts\s+of|in\s+the\s+direction\s+of|west\s+of|beyond)\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|village\s+of\s+)?$",
    re.I)
# The adjectives that open compound village names (Velyka, Nova, Stepova; Велика, Новій, Степова), in Latin and
# Cyrillic (normalised: й -> и, ї -> і), any case ending: a capitalised one before a place's name that the
# gazetteer lacks as a whole.
_COMPOUND_HEAD = re.compile(
    r"^(?:(?:nov|velyk|velik|mal|star|verkhn|nyzhn|nizhn|stepov|stepn|zelen|chervon|krasn|bil|bel|chorn|chern|"
    r"viln|voln|suk?h|zolot|shyrok|shirok|vysok|hlybok|glubok|dovh|dolg|seredn|sredn|polohy|pologi|yasn|vesel)"
    r"(?:a|e|yi|yy|iy|ii|i|aya|oye|oe|ye|ia|ya|aia|ykh|ikh|ij)"
    r"|(?:нов|велик|мал|стар|верхн|нижн|степов|степн|зелен|червон|красн|біл|бел|чорн|черн|вільн|вольн|сух|"
    r"золот|широк|висок|глибок|глубок|довг|долг|середн|средн|ясн|весел)"
    r"(?:а|я|е|є|і|и|іи|ии|ыи|ои|оі|еі|ою|ому|ого|ую|ім|ом|ым|ая|яя|ое|ее|ые|их|ых))$")
_CONTAINER = re.compile(r"^\s*(?:,|\(|\bin\b|\bof\b)\s*(?:the\s+)?(?:(?:" + _DIRECTIONS + r"(?:ern)?|central|occupied|frontline|front-line|embattled)\s+)*$", re.I)


@lru_cache(maxsize=1)
def _keep_lower() -> frozenset[str]:
    return frozenset(_CONNECTORS | _SUFFIXES | _SPEECH | _LOCATIVE | {"river", "rivers"} | _lexicon()[1])


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    data = project_data_dir()

    def words(name: str) -> frozenset[str]:
        out = set()
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            out.update(norm(w) for w in line.split())
        return frozenset(out)

    return words("first_names.txt"), words("person_titles.txt")


_IY = re.compile("[iy]+")


@lru_cache(maxsize=1)
def _first_names_folded() -> frozenset[str]:
    return frozenset(_IY.sub("i", n) for n in _lexicon()[0])


def _first_name(key: str) -> bool:
    """A Cyrillic given name: one whose romanisation is in the list ("Віталій" for Vitaliy), the i/y spellings of
    romanisation folded."""
    return _IY.sub("i", latin(key)) in _first_names_folded()


@dataclass(slots=True)
class _Tokens:
    """The text's tokens as parallel lists (position ``i`` in each is the ``i``-th token): offsets, text, key
    (normalised), whether capitalised, whether only spaces separate it from the next token, and the flags the
    people rules set (a title such as "President"; part of a person's name)."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    keys: list[str]
    caps: list[bool]
    joined: list[bool] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    person: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(slots=True)
class Mention:
    """A span of the text matched to one or more places."""

    start: int
    end: int
    surface: str
    candidates: list[int]
    demonym: bool = False
    scores: list[float] = field(default_factory=list)
    container: "Mention | None" = None
    anchor: "Mention | None" = None
    qualifier: "Mention | None" = None
    """Where the text puts the place: a direction's town, a compass phrase's anchor or a region (issue 10)."""
    qualifier_label: str = ""
    bearing: float | None = None
    """A compass phrase's bearing (degrees) from the qualifier's town ("southwest of Donetsk City": 225)."""
    fighting: bool = False
    """The mention's sentence is about fighting (``_FIGHTING``)."""
    allowed: list[bool] | None = None
    """Per candidate: lies where the text puts the place (None: no such constraint)."""
    unresolved: str | None = None
    """Why no candidate is taken (None when resolved)."""
    far: "list[tuple[int, float]] | tuple" = ()
    """Unresolved: (candidate, distance km to where the text puts it), nearest first."""
    uncertain: bool = False
    """Ambiguous whatever the scores say (village namesakes far apart, nothing settles them)."""
    unknown: bool = False
    """A compound name the gazetteer lacks ("Stepova Novoselivka"): its candidates are its last word's."""
    near: bool = False
    """Its anchor is a position cue ("near X", "north of X", "outside X"): the place lies within reach of it."""
    near_bearing: float | None = None
    """The anchor's compass bearing, when the cue names one."""


# The tokeniser's scans (see ``_tokens``): a capitalised word not inside another (letters joined by hyphens or
# apostrophes, a possessive 's left out) or dotted initials ("U.S.", inside a word too) -- the C scan jumps from
# capital to capital; a suffix or verb of speech right after a token; the word that ends right before a token.
_CAP_TOKEN = re.compile(r"[A-Z][a-z]{0,2}\.(?:[A-Z][a-z]{0,2}\.)+|[" + _UPPER + r"](?<!\w.)" + _WORD_TAIL)
_AFTER_TOKEN = re.compile(r"\s+(" + _AFTER_WORDS + r")\b")
_WORD_END = re.compile(r"(?<!\w)[^\W\d_]+\Z")


@lru_cache(maxsize=1)
def _longest_lower() -> int:
    """The length of the longest lowercase word a rule reads ("representative")."""
    return max(map(len, _keep_lower()))


@lru_cache(maxsize=1)
def _after_lower() -> frozenset[str]:
    """The lowercase words read after a token whatever follows them (suffixes, verbs of speech)."""
    return frozenset(w for w in _AFTER_WORDS.split("|") if w in _keep_lower())


@lru_cache(maxsize=1 << 16)
def _surface_key(surface: str) -> str:
    """A token's or mention's key: its text normalised (``norm``), memoised across texts (names recur)."""
    return norm(surface)


def _tokens(text: str) -> _Tokens:
    """Capitalised words and dotted initials, and the lowercase words some rule reads next to them: before one,
    a connector, title, locative or verb of speech ("in Kyiv", "envoy Keith"); after one, a suffix or verb of
    speech ("Donetsk region", "Kellogg said"). Other words are never tokens, so a name never runs across them."""
    rows: list[tuple[int, int, str, str, bool]] = []
    add = rows.append
    keep, after = _keep_lower(), _after_lower()
    last = 0  # where the last token ends
    for m in _CAP_TOKEN.finditer(text):
        t = m.group()
        if not t[0].isupper():  # a lowercase letter of the class (Latin Extended-A): no token
            continue
        s, e = m.span()
        if s - last > 1 and text[s - 1].isspace():  # the word before, when a rule reads it
            c, p, w = text[s - 2], -1, ""
            if c.isalpha() and text[s - 1] == " ":  # the common case: a word, one space ("in Kyiv")
                p = text.rfind(" ", last, s - 1)
                w = text[p + 1:s - 1] if p >= 0 else ""
            if w.isalpha():
                got = (p + 1, w) if w in keep else None
            else:  # a line break or several spaces before it, or punctuation before the word
                got = _word_before(text, last, s) if c.isalnum() or c.isspace() else None
            if got is not None:
                add((got[0], got[0] + len(got[1]), got[1], got[1], False))
        add((s, e, t, _surface_key(t), True))
        last = e
        while text[last:last + 1].isspace():  # suffixes and verbs of speech after it ("Kellogg said")
            a = _AFTER_TOKEN.match(text, last)
            if a is None or a.group(1) not in after:
                break
            w = a.group(1)
            add((a.start(1), a.end(1), w, w, False))
            last = a.end(1)
    if not rows:
        return _Tokens([], [], [], [], [], [])
    starts, ends, texts, keys, caps = map(list, zip(*rows))
    joined = [a == b or text[a:b].isspace() for a, b in zip(ends, starts[1:])]
    joined.append(False)
    return _Tokens(starts, ends, texts, keys, caps, joined)


def _word_before(text: str, lo: int, s: int) -> tuple[int, str] | None:
    """The lowercase word a rule reads before the token at ``s``, with only whitespace between and starting at
    ``lo`` or later: one of ``_keep_lower`` after spaces or tabs, one of ``_after_lower`` after any whitespace.
    Returns (its start, the word) or None."""
    j = s
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == s or j == lo:
        return None
    m = _WORD_END.search(text, max(lo, j - _longest_lower() - 1), j)
    if m is None:
        return None
    w = m.group()
    kept = _keep_lower() if not text[j:s].strip(" \t") else _after_lower()
    return (m.start(), w) if w in kept else None


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(«":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def _mark_people(text: str, tk: _Tokens, gaz: Gazetteer) -> None:
    """Flag the tokens that belong to people's names (``_Tokens.person``; ``_Tokens.title`` on the way)."""
    titles = _lexicon()[1]
    keys = tk.keys
    tk.title = [k in titles for k in keys]
    tk.person = person = [False] * len(keys)
    runs = _cap_runs(tk)
    surnames: set[str] = set()
    title = tk.title
    for run in runs:
        if len(run) == 1 and not (run[0] and title[run[0] - 1]):
            continue  # a lone word is a name only after a title (or by the rules of ``_mark_speakers``)
        name = _person_run(text, tk, run, gaz)
        if name:
            for i in name:
                person[i] = True
            surnames.add(keys[name[-1]])
            if len(name) >= 3:
                surnames.add(keys[name[-2]])
    # A surname seen in a full name is a person wherever it recurs ("Yermak said", "Umerov").
    if surnames:
        for run in runs:
            if keys[run[0]] in surnames and all(keys[i] in surnames for i in run):
                for i in run:
                    person[i] = True
    _mark_speakers(text, tk, gaz)


def _cap_runs(tk: _Tokens) -> list[list[int]]:
    """Runs of capitalised tokens joined by spaces (no title, no abbreviation such as "Sen." inside)."""
    texts, caps, joined, title = tk.texts, tk.caps, tk.joined, tk.title
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, cap in enumerate(caps):
        if cap and not title[i] and not (len(texts[i]) <= 4 and texts[i].endswith(".")):
            if cur and joined[i - 1]:
                cur.append(i)
            else:
                if cur:
                    runs.append(cur)
                cur = [i]
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _person_run(text: str, tk: _Tokens, run: list[int], gaz: Gazetteer) -> list[int] | None:
    """The part of a run of capitalised tokens that is a person's name, or None: a given name and more ("Marco
    Rubio"), or a run after a title ("envoy Keith Kellogg"), not a place or institution."""
    keys = tk.keys
    first = run[0]
    prev = first - 1
    after_title = prev >= 0 and tk.title[prev] and text[tk.ends[prev]:tk.starts[first]].strip() in ("", ",")
    if len(run) == 1 and not after_title:
        return None  # a lone word is a name only after a title (or by the rules of ``_mark_people``)
    first_names = _lexicon()[0]
    # A given name followed by a capitalised word opens a person's name, wherever it sits in the run
    # ("the Ukrainian Keith Kellogg").
    opener = next((n for n, i in enumerate(run[:-1]) if keys[i] in first_names
                   or not keys[i].isascii() and _first_name(keys[i])), None)
    if opener is None and not after_title:
        return None  # no given name, no title: no person
    pop, big_kind, _ = gaz.summary(" ".join([keys[i] for i in run]))
    is_place = big_kind or pop >= PLACE_POP
    if opener and not is_place:
        run = run[opener:]
    k = keys[run[0]]
    first_name = k in first_names or not k.isascii() and _first_name(k)
    named = len(run) >= 2 and first_name and not is_place
    # After a title, a run is a name unless it is a demonym ("chief Russian negotiator") or an institution
    # ("Foreign Ministry").
    institution = k in gaz.demonym_keys or any(keys[i] in _ORG_WORDS for i in run)
    if after_title and not institution and (len(run) >= 2 or not is_place or first_name):
        named = True
    if not named:
        return None
    # A notable place after the given name and surname ends the name ("Marco Rubio Kyiv visit").
    for n, i in enumerate(run[2:], 2):
        pop, big_kind, _ = gaz.summary(keys[i])
        if big_kind or pop >= NOTABLE_POP:
            return run[:n]
    return run


def _mark_speakers(text: str, tk: _Tokens, gaz: Gazetteer) -> None:
    """A lone capitalised word before a verb of speech ("Kellogg said"), or after one at the end of a clause
    ("said Yermak."), naming no notable place, is a person."""
    starts, ends, keys, caps, joined, person = tk.starts, tk.ends, tk.keys, tk.caps, tk.joined, tk.person
    n = len(keys)
    speech = [i for i, k in enumerate(keys) if k in _SPEECH]
    for i in sorted({j for s in speech for j in (s - 1, s + 1) if 0 <= j < n}):
        if not caps[i] or person[i]:
            continue
        before = i + 1 < n and keys[i + 1] in _SPEECH and not text[ends[i]:starts[i + 1]].strip()
        after = (i > 0 and keys[i - 1] in _SPEECH and not text[ends[i - 1]:starts[i]].strip()
                 and text[ends[i]:ends[i] + 1] in (".", ",", ";", "", "\n"))
        if not (before or after):
            continue
        key = keys[i]
        cands = gaz.candidates(key)
        # Only a capital, a country or a region speaks for its government ("Moscow said", "Kyiv said");
        # a place after a locative ("officials in Donetsk said") or in the war-news table stays a place.
        _, big_kind, capital = gaz.summary(key)
        notable = big_kind or capital or key in gaz.preferred or (i > 0 and joined[i - 1] and keys[i - 1] in _LOCATIVE)
        # after a verb of speech, a town by its own name ("said Toretsk") is still a town
        town = after and any(gaz.pops[c] >= PLACE_POP and gaz.main_key(c) == key for c in cands)
        if cands and not notable and not town:
            person[i] = True


def _find(text: str, tk: _Tokens, gaz: Gazetteer) -> list[Mention]:
    """The place mentions of the text: at each capitalised token, the longest run of tokens the gazetteer knows
    (then one word: ``_single``), through the filters of ``_keep``."""
    out: list[Mention] = []
    starts, ends, texts, keys, caps, person, title, joined = (tk.starts, tk.ends, tk.texts, tk.keys, tk.caps,
                                                               tk.person, tk.title, tk.joined)
    n = len(keys)
    maxw = min(gaz.max_words, MAX_NAME_WORDS)
    candidates = gaz.candidates
    special = _special_keys(gaz)
    i = 0
    while i < n:
        if not caps[i] or person[i] or title[i] and not candidates(keys[i]):
            i += 1
            continue
        extent, found = i + 1, None
        if joined[i] and i + 1 < n and not person[i + 1] and (caps[i + 1] or keys[i + 1] in _RUN_WORDS):
            extent = _extent(tk, i, maxw)
            found = _longest(tk, i, extent, gaz)
            if found is None and i + 1 < extent and _COMPOUND_HEAD.match(keys[i]):
                # "Stepova Novoselivka", "Новій Полтавці": a name the gazetteer lacks whose last word names other
                # places; kept as one mention, which the resolution leaves unresolved
                j = i + 1
                hit = _single(text, starts[j], ends[j], texts[j], keys[j], gaz) if caps[j] and not person[j] else None
                if hit and not hit[1] and not any(gaz.kinds[c] != "settlement" for c in hit[0]):
                    out.append(Mention(starts[i], ends[j], text[starts[i]:ends[j]], hit[0], unknown=True))
                    i += 2
                    continue
                if not hit and caps[j] and not person[j] and not title[j] and not candidates(keys[j]):
                    i += 2  # "Mali Shcherbaky": a village the gazetteer lacks, not the country Mali
                    continue
        if found is None:
            key = keys[i]
            oblast = _oblast(text, ends[i], key, gaz)
            if oblast:  # "Сумской области": the oblast, its word included
                out.append(Mention(starts[i], oblast[1], text[starts[i]:oblast[1]], oblast[0]))
                i += 1
                continue
            if key in special or not key.isascii():
                hit = _single(text, starts[i], ends[i], texts[i], key, gaz)
            else:  # the common case: a plain look-up
                cands = candidates(key)
                hit = (list(cands), False) if cands else None
            if hit is None:
                if "-" in texts[i]:
                    out.extend(_hyphen_parts(text, tk, i, gaz))
                i += 1
                continue
            found = (i + 1, hit[0], hit[1], keys[i])
        j, cands, demonym, key = found
        start, end = starts[i], ends[j - 1]
        if _keep(text, _Match(start, end, cands, demonym, key, i, j), tk, gaz):
            out.append(Mention(start, end, text[start:end], cands, demonym=demonym))
        i = j
    return out


def _extent(tk: _Tokens, i: int, maxw: int) -> int:
    """The end of the longest run a name starting at token ``i`` could span: joined by spaces, no person,
    capitalised words or connectors or suffixes ("region", "river") inside."""
    keys, caps, joined, person = tk.keys, tk.caps, tk.joined, tk.person
    n = len(keys)
    extent = i + 1
    while extent < n and extent - i < maxw and joined[extent - 1]:
        if person[extent] or not (caps[extent] or keys[extent] in _RUN_WORDS):
            break
        extent += 1
    return extent


def _longest(tk: _Tokens, i: int, extent: int, gaz: Gazetteer) -> tuple[int, list[int], bool, str] | None:
    """The longest run of two tokens or more from ``i`` (up to ``extent``) that names places, a capitalised
    word or a suffix last: (its end, its places, False, its key), or None."""
    keys, caps = tk.keys, tk.caps
    for j in range(extent, i + 1, -1):
        last = keys[j - 1]
        if not (caps[j - 1] or last in _SUFFIXES) or last in _CONNECTORS:
            continue
        if j - i > 2 and any(not caps[k] and keys[k] in _SUFFIXES for k in range(i + 1, j - 1)):
            continue
        key = " ".join(keys[i:j])
        if key.isascii():
            cands = gaz.candidates(key)
        else:  # "Часовому Яру", "в Красному Лимані"
            hit = gaz.spelling_candidates(key)
            cands = hit[1] if hit else ()
        if cands:
            return j, list(cands), False, key
    return None


def _hyphen_parts(text: str, tk: _Tokens, i: int, gaz: Gazetteer) -> list[Mention]:
    """A hyphenated compound that is no name as a whole ("Russian-Ukrainian"): its parts that are."""
    out = []
    pos = tk.starts[i]
    for part in tk.texts[i].split("-"):
        s, e = pos, pos + len(part)
        pos = e + 1
        key = norm(part)
        hit = _single(text, s, e, part, key, gaz) if part[:1].isupper() else None
        if hit and _keep(text, _Match(s, e, hit[0], hit[1], key, i, i + 1), tk, gaz):
            out.append(Mention(s, e, part, hit[0], demonym=hit[1]))
    return out


_OBLAST_WORD = re.compile(r"\s+(?:област\w*|обл\.)", re.I)


def _oblast(text: str, end: int, key: str, gaz: Gazetteer) -> tuple[list[int], int] | None:
    """A Cyrillic adjective before "області", "области", "обл." names the oblast ("Сумской области": Sumy
    Oblast, not a village Сумське): (the oblast, the end of its word), or None."""
    if key.isascii():
        return None
    word = _OBLAST_WORD.match(text, end)
    if word is None:
        return None
    hit = gaz.spelling_candidates(f"{key} области")
    regions = [c for c in hit[1] if gaz.kinds[c] == "region"] if hit else []
    return (regions, word.end()) if regions else None


def _special_keys(gaz: Gazetteer) -> frozenset[str]:
    """The keys ``_single`` reads beyond a plain look-up: demonyms and abbreviations (built once per gazetteer)."""
    memo = _place_memo(gaz)
    if memo.special is None:
        memo.special = frozenset(gaz.demonym_keys) | frozenset(gaz.abbreviations)
    return memo.special


def _single(text: str, start: int, end: int, word: str, key: str, gaz: Gazetteer) -> tuple[list[int], bool] | None:
    """Look-ups for one word (``text[start:end]``, normalised ``key``) beyond its plain key: abbreviations,
    demonyms, Cyrillic case endings. Returns (its places, whether a demonym) or None."""
    if key in gaz.demonym_keys:  # "German" is a demonym before it is a hamlet
        return [gaz.demonym_keys[key]], True
    if key in gaz.abbreviations and (word.endswith(".") or text[end:end + 1] == ".") \
            and (word.endswith(".") or len(word) <= 5):
        # "Edmonton, Alta.", "Glasgow, Ky.": after a comma the abbreviation beats a town of that name
        if not gaz.candidates(key) or text[:start].rstrip().endswith(","):
            return [gaz.abbreviations[key]], False
    if key.isascii():
        cands = gaz.candidates(key)
        return (list(cands), False) if cands else None
    hit = gaz.spelling_candidates(key)  # Cyrillic: romanised, case endings undone, the other language's spelling
    if hit:
        return list(hit[1]), False
    return None


@dataclass(slots=True)
class _Match:
    """A span of the text matched to places, before the filters of ``_keep``: tokens ``i`` to ``j`` (excluded)."""

    start: int
    end: int
    cands: list[int]
    demonym: bool
    key: str
    i: int
    j: int


def _notable(gaz: Gazetteer, cands: list[int]) -> bool:
    """A country, region or feature among the places, or a city of ``NOTABLE_POP`` or more."""
    kinds, pops = gaz.kinds, gaz.pops
    return any(kinds[c] != "settlement" or pops[c] >= NOTABLE_POP for c in cands)


def _famous(gaz: Gazetteer, cands: list[int]) -> bool:
    """A country, region, feature or capital among the places, or a city of ``FAMOUS_POP`` or more."""
    return any(gaz.kinds[c] != "settlement" or gaz.pops[c] >= FAMOUS_POP or c in gaz.capitals for c in cands)


def _keep(text: str, match: _Match, tk: _Tokens, gaz: Gazetteer) -> bool:
    """Filters on a matched span: common words, organisations, rivers named as such."""
    start, end, cands, key, i, j = match.start, match.end, match.cands, match.key, match.i, match.j
    if key in gaz.stopwords:
        return False
    keys = tk.keys
    if j - i == 1:
        surface = text[start:end]
        # the rules of ``_keep_word`` read capitals, dots, common and short words: a plain name passes them
        plain = len(key) >= 3 and key not in gaz.common and not surface.isupper() and "." not in surface
        if not plain and not _keep_word(text, match, surface, tk, gaz):
            return False
    # "Financial Times", "Moscow Times", "Kyiv School of Economics", "Ukraine Defense Contact Group"
    k = j
    while k < len(keys) and k < j + 3 and tk.caps[k] and tk.joined[k - 1]:
        if keys[k] in _ORG_WORDS:
            return False
        k += 1
    if _name_tail(text, tk, j, gaz) and all(gaz.kinds[c] == "settlement" for c in cands):
        return False
    if j < len(keys) and tk.joined[j - 1] and keys[j] in ("river", "rivers") \
            and not any(gaz.kinds[c] == "feature" for c in cands):
        return False  # "along the Oskil river": the river, not the settlement
    if i > 0 and keys[i - 1] == "river" and not text[tk.ends[i - 1]:start].strip():
        return False
    return True


NAME_TAIL_MIN = 4
"""Letters of the rare capitalised word that makes a place's name part of another name (``_name_tail``)."""


def _name_tail(text: str, tk: _Tokens, j: int, gaz: Gazetteer) -> bool:
    """Whether token ``j``, right after a matched town, makes the town's name part of a name of its own:
    a capitalised Latin word, not all capitals, that is neither a place, a common English word nor a suffix
    ("Cambridge Analytica", "Paris Saint-Germain"; not "Kyiv Oblast", "Pokrovsk direction", "Zaporizhzhia NPP").
    Countries and regions keep their names ("Manitoba Hydro" is read for Manitoba, as the corpora annotate it)."""
    if j >= len(tk.keys) or not tk.joined[j - 1] or not tk.caps[j] or tk.person[j]:
        return False
    key, word = tk.keys[j], tk.texts[j]
    return (key.isascii() and len(key) >= NAME_TAIL_MIN and not word.isupper() and key not in gaz.common
            and key not in _RUN_WORDS and not gaz.candidates(key))


def _keep_word(text: str, match: _Match, surface: str, tk: _Tokens, gaz: Gazetteer) -> bool:
    """The filters on a one-word match: acronyms and initials, common words, short words."""
    start, end, cands, key, i = match.start, match.end, match.cands, match.key, match.i
    bare = surface.replace(".", "")
    if len(bare) > 1 and bare.isupper() and "." not in surface \
            and not any(gaz.kinds[c] in ("country", "region") or gaz.pops[c] >= NOTABLE_POP for c in cands):
        return False  # TASS, NATO, OSCE: acronyms of organisations, not the hamlets of those names
    if not match.demonym and key in gaz.common and not surface.isupper():
        # Opening a sentence, a word among the 5,000 commonest ("Reading", "Nice") is taken for the word unless
        # it names a famous place; rarer ones ("Vancouver has seen ...") stay places. After a locative ("near
        # Lyman") it is a place.
        initial = _sentence_initial(text, start)
        located = not initial and i > 0 and tk.joined[i - 1] and tk.keys[i - 1] in _LOCATIVE
        if not located and not (_notable(gaz, cands) and (not initial or gaz.common[key] >= COMMON_RANK
                                                          or _famous(gaz, cands))):
            return False
    if len(bare) <= 3 and bare.isupper() and not _notable(gaz, cands):
        return False  # "II", "EU", "UN": initials, not places
    if len(key) < 3 and not surface.isupper() and "." not in text[start:end + 1]:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Where the text puts a place: sentences about fighting, directions and axes, regions named in the sentence

# A sentence ends at . ! ? before a capital (or an opening quote), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»)]?\s+(?=[\"“«(]?[" + _UPPER + r"])|\n")
# War-report words, English, Ukrainian and Russian (stems; case-insensitive): ground fighting -- advances,
# attacks, assaults, clashes, shelling, positions, liberation and capture, the enemy, "населений пункт". A
# sentence holding one is about fighting: its villages lie near the front. Strikes are left out on purpose: a
# missile or drone strike reaches towns far behind the front (and cities, which no rule unresolves anyway).
_FIGHTING_STEMS = (
    r"advanc\w*|attack\w*|assault\w*|clash\w*|shell\w*|liberat\w*|captur\w*|seiz\w*|offensive|"
    r"counteroffensive|counterattack\w*|fight\w*|fought|battle\w*|combat|repel\w*|repuls\w*|infiltrat\w*|"
    r"positional|positions|frontline|front-line|storm\w*|encircl\w*|"
    r"наступ\w*|атак\w*|штурм\w*|бо[їяюі]\w*|бій|обстріл\w*|обстрел\w*|звільни\w*|звільне\w*|просун\w*|просува\w*|"
    r"захопи\w*|захоп\w*|відби\w*|ворог\w*|противник\w*|окупант\w*|окупува\w*|оккупир\w*|боєзіткнен\w*|освобо\w*|продвин\w*|"
    r"продвига\w*|поражени\w*|отраж\w*|отраз\w*|контратак\w*|группировк\w*|угруповання|"
    r"населен\w*\s+пункт\w*").split("|")
# the stems' first letters looked ahead first: the search skips other positions at once
_FIGHTING = re.compile(r"\b(?=[" + "".join(sorted({s[0] for s in _FIGHTING_STEMS})) + r"])(?:"
                       + "|".join(_FIGHTING_STEMS) + ")", re.I)
# Read right after a mention: "the Pokrovsk direction / axis / front / sector", "Kupiansk direction:"
_EN_DIRECTION = re.compile(r"\s+(?:directions?|axis|axes|fronts?|sectors?|salient|bridgehead)\b(?![\s-]+line)")
_DIRECTION_INITIALS = frozenset("dafsb")
_TOWARD_ENDS = ("of ", "ward ", "wards ", "of the ", "of town ", "of city ", " to ")
_PRYDNIPROVSKE = re.compile(r"(Prydniprovsk\w*)\s+(?:direction|axis|front|sector)\b")
_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0, "southwest": 225.0,
             "west": 270.0, "northwest": 315.0}
COMPASS_SPREAD = 112.5
"""A place "south-west of" a town lies within this many degrees of south-west from it (seen from the town): not
on the far side of it (reports name the nearest compass point loosely; ISW puts Zahryzove, some 60 degrees east
of north from Kupiansk, "northwest of Kupiansk")."""
COMPASS_MIN_KM = 5.0
"""Closer than this to the town, any bearing will do (the town's own outskirts)."""
# Read right before a mention: "in the direction of Pokrovsk", "north-east of Pokrovsk", "toward Pokrovsk": they
# place the clause's names (a compass point, on its side of the town)
_EN_TOWARD = re.compile(r"\b(?:in\s+the\s+direction\s+of|towards?|(?:road|highway|route)\s+(?:to|towards?)|"
                        r"(" + _DIRECTIONS + r")(?:ern)?\s+of)\s+"
                        r"(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?$", re.I)
# "на Покровському напрямку", "на Купянском направлении": an adjective of the town before the direction's noun
_CYR_DIRECTION = re.compile(r"([\u0400-\u042f][\u0400-\u04ff'’ʼ]+(?:-[\u0400-\u04ff'’ʼ]+)?)\s+(?:напрям\w*|направлени\w*)")
# "the Pokrovskyi direction", "Kurakhivskyi axis": a romanised adjective of the town before the direction's noun
_LATIN_DIRECTION = re.compile(r"\b([A-Z][a-z'’]+?(?:s|ts|z)k(?:yi|yy|iy|ij|y|i|e|oye|oe|aya|a))\s+"
                              r"(?:directions?|axis|front|sector)\b(?![\s-]+line)")
# The self-styled republics and their abbreviations: Donetsk and Luhansk oblasts (GeoNames admin1 codes).
_REPUBLICS = re.compile(r"\b(?:(ДНР|DPR|Донецк\w*\s+Народн\w*\s+Республик\w*|Донецьк\w*\s+Народн\w*\s+Республік\w*|"
                        r"Donetsk\s+People's\s+Republic)|(ЛНР|LPR|Луганск\w*\s+Народн\w*\s+Республик\w*|"
                        r"Луганськ\w*\s+Народн\w*\s+Республік\w*|Luhansk\s+People's\s+Republic|"
                        r"Lugansk\s+People's\s+Republic))(?!\w)")
_REPUBLIC_REGIONS = ("UA.05", "UA.14")
_DIRECTION_TOWNS = {"prydniprov": "kherson", "придніпров": "kherson", "приднепров": "kherson"}
"""Directions named after no town, read as the town they are fought around (the Dnipro's left bank in Kherson
Oblast: "the Prydniprovske direction", "Придніпровський напрямок")."""


_CYR_REGION_GAP = re.compile(r"\s*(?:,\s*|\(|(?:на|у|в)\s+)?$")
"""Between a list's last village and its region in Cyrillic: "… Новоолександрівка Донецької області", "…
Торського на Донеччині"."""
_OPENING_REGION = re.compile(r"\W*(?:на|у|в|in|across)\s+(?:the\s+)?$", re.I)
_LIST_GAP = re.compile(r"^\s*(?:,|;)?\s*(?:(?:and|or|та|і|й|и|или|або|а\s+также|а\s+також)\s+)?(?:near\s+)?$")
_REGION_WORDS = frozenset({"region", "oblast", "province", "republic", "krai", "області", "области", "область",
                           "республіки", "республики", "республика", "республіка", "краю", "края", "край"})


def _region_phrase(gaz: Gazetteer, m: Mention) -> bool:
    """A mention naming a region of ``WAR_COUNTRIES`` as a region ("Donetsk region", "Донецької області",
    "ДНР", "Crimea", "на Харківщині"), not by an adjective ("Crimean Tatar")."""
    if not all(gaz.kinds[c] == "region" and gaz.countries[c] in WAR_COUNTRIES for c in m.candidates):
        return False
    key = norm(m.surface)
    return bool(_REPUBLICS.fullmatch(m.surface)) or bool(set(key.split()) & _REGION_WORDS) \
        or any(gaz.main_key(c) == key for c in m.candidates) \
        or any(f in REGION_NICKNAMES for f in (key, *deinflect(key)))


def _sentence_bounds(text: str) -> list[int]:
    """Start offsets of the text's sentences (the first is 0)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _group_name(text: str, m: Mention) -> bool:
    """A Russian group of forces' name in guillemets ("группировки войск «Восток»", "«Южной» группировки"),
    not the place it may also name."""
    if text[m.start - 1:m.start] != "«" or text[m.end:m.end + 1] != "»":
        return False
    return "группировк" in text[max(0, m.start - 40):m.start] or "группировк" in text[m.end:m.end + 30]


def _towns(gaz: Gazetteer, cands: list[int]) -> list[int]:
    """Of a direction's candidates, the places at their own point (a direction is named after a town, and the
    codifier's villages at their hromada are no towns), when there are such."""
    own = [c for c in cands if gaz.precisions[c] == "point"]
    return own or cands


def _direction_town(gaz: Gazetteer, key: str) -> list[int]:
    """The town a direction named after no town is fought around (``_DIRECTION_TOWNS``), or []."""
    for prefix, town in _DIRECTION_TOWNS.items():
        if key.startswith(prefix):
            return [i for i in gaz.candidates(town) if gaz.kinds[i] == "settlement" and gaz.countries[i] == "UA"][:1]
    return []


def _span_mention(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention overlapping ``[start, end)`` (None when none does)."""
    for m in mentions:
        if m.start < end and start < m.end:
            return m
    return None


class _Sentences:
    """The text's sentences, found on first use; whether one is about fighting, searched once per sentence."""

    def __init__(self, text: str):
        self.text = text
        self._bounds: list[int] | None = None
        self._fighting: dict[int, bool] = {}

    @property
    def bounds(self) -> list[int]:
        if self._bounds is None:
            self._bounds = _sentence_bounds(self.text)
        return self._bounds

    def span(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding offset ``pos``."""
        b = self.bounds
        n = bisect_right(b, pos) - 1
        return n, b[n], b[n + 1] if n + 1 < len(b) else len(self.text)

    def fighting(self, pos: int) -> bool:
        """Whether the sentence holding ``pos`` is about fighting (``_FIGHTING``)."""
        n, s0, s1 = self.span(pos)
        got = self._fighting.get(n)
        if got is None:
            got = self._fighting[n] = _FIGHTING.search(self.text, s0, s1) is not None
        return got


def _village_namesakes(gaz: Gazetteer, cands: list[int]) -> bool:
    """Several villages (below ``VILLAGE_POP``), one of them at least in ``WAR_COUNTRIES``."""
    return len(cands) > 1 and max(map(gaz.pops.__getitem__, cands)) < VILLAGE_POP \
        and any(gaz.countries[c] in WAR_COUNTRIES for c in cands)


def _republic_cue(text: str) -> bool:
    """Whether ``text`` holds a string every match of ``_REPUBLICS`` holds: ДНР, ЛНР, DPR, LPR, Народн or
    People's (a part some of them share looked for first)."""
    return ("Н" in text and ("ДНР" in text or "ЛНР" in text or "Народн" in text)) \
        or ("PR" in text and ("DPR" in text or "LPR" in text)) or "People's" in text


_TOWARD_WORDS = ("toward", "direction", "north", "south", "east", "west", "road", "highway", "route")
"""A word every match of ``_EN_TOWARD`` holds (lowercase)."""


def _toward_cue(text: str, pos: int) -> bool:
    """Whether ``_EN_TOWARD`` may match before ``pos``: a word of ``_TOWARD_WORDS`` in the 60 characters before it
    (an ASCII stretch; any other may match by Unicode case folding, "ſouth", and is searched)."""
    before = text[max(0, pos - 60):pos]
    if not before.isascii():
        return True
    before = before.lower()
    return any(w in before for w in _TOWARD_WORDS)


def _direction_phrases(text: str, mentions: list[Mention], gaz: Gazetteer):
    """The direction and compass phrases of the text and the republics it names.

    Returns the mentions (with those only a phrase names added, in text order), the qualifiers as (position,
    kind, mention, label) -- kinds "direction" (a paragraph's) and "toward" (a clause's) -- and the compass
    phrases' bearings by (id of the town's mention, position).
    """
    quals: list[tuple[int, str, Mention, str]] = []
    bearings: dict[tuple[int, int], float] = {}
    added: list[Mention] = []
    if _republic_cue(text):
        for r in _REPUBLICS.finditer(text):
            i = gaz.region_by_code.get(_REPUBLIC_REGIONS[0 if r.group(1) else 1])
            if i is not None:  # "Донецкой Народной Республики": one mention of the oblast, not Donetsk and more
                mentions = [m for m in mentions if not (m.start < r.end() and r.start() < m.end)]
                added.append(Mention(r.start(), r.end(), r.group(), [i]))
    if "напр" in text and ("напрям" in text or "направлени" in text):
        for d in _CYR_DIRECTION.finditer(text):
            key = norm(d.group(1))
            towns = _direction_town(gaz, key) or gaz.town_of_adjective(key)
            if not towns:
                continue
            m = _span_mention(mentions + added, *d.span(1))
            if m is None:
                m = Mention(d.start(1), d.end(1), d.group(1), list(towns))
                added.append(m)
            else:
                m.candidates = list(towns)
            quals.append((d.start(), "direction", m, d.group()))
    if "k" in text:
        for d in _LATIN_DIRECTION.finditer(text):
            if _span_mention(mentions + added, *d.span(1)) is not None:
                continue  # a name the gazetteer knows as it is ("Prydniprovske")
            towns = gaz.town_of_latin_adjective(d.group(1))
            if towns:
                m = Mention(d.start(1), d.end(1), d.group(1), list(towns))
                added.append(m)
                quals.append((d.start(), "direction", m, d.group()))
    # English, read around the mentions found: "the Pokrovsk direction", "north-east of Pokrovsk"
    for m in mentions:
        if m.demonym:
            continue
        d = _EN_DIRECTION.match(text, m.end, m.end + 30) if text[m.end + 1:m.end + 2] in _DIRECTION_INITIALS \
            else None
        if d:
            m.candidates = _direction_town(gaz, norm(m.surface)) or _towns(gaz, m.candidates)
            quals.append((m.start, "direction", m, text[m.start:d.end()].strip()))
        t = _EN_TOWARD.search(text, max(0, m.start - 60), m.start) \
            if text.endswith(_TOWARD_ENDS, max(0, m.start - 12), m.start) and _toward_cue(text, m.start) else None
        if t:
            m.candidates = _towns(gaz, m.candidates)  # "southeast of Novopavlivka": the town, not a village
            quals.append((t.start(), "toward", m, text[t.start():m.end]))
            if t.group(1):
                bearings[id(m), t.start()] = _BEARINGS[t.group(1).lower().replace("-", "")]
    if "rydniprov" in text:  # a direction named after no town, so no mention: "the Prydniprovske direction"
        for d in _PRYDNIPROVSKE.finditer(text):
            if _span_mention(mentions + added, *d.span(1)) is None:
                m = Mention(d.start(1), d.end(1), d.group(1), _direction_town(gaz, norm(d.group(1))))
                added.append(m)
                quals.append((d.start(), "direction", m, d.group()))
    if added:
        mentions = sorted(mentions + added, key=lambda m: m.start)
    return mentions, quals, bearings


def _read_qualifiers(text: str, mentions: list[Mention], gaz: Gazetteer, directions: bool, front: bool,
                     sents: "_Sentences") -> list[Mention]:
    """With ``directions``, link each mention to where the text puts it (``Mention.qualifier``), adding the
    mentions that only a direction phrase names ("Лиманському") or the republics ("ДНР"); with a ``front`` or
    a direction read, mark the settlements whose sentence is about fighting (``Mention.fighting``; the village
    rule of ``_verdict`` asks ``sents`` itself). Returns the mentions in text order."""
    quals: list[tuple[int, str, Mention, str]] = []
    bearings: dict[tuple[int, int], float] = {}
    if directions:
        mentions, quals, bearings = _direction_phrases(text, mentions, gaz)
    if front or quals:
        for m in mentions:
            m.fighting = not m.demonym and all(gaz.kinds[c] == "settlement" for c in m.candidates) \
                and sents.fighting(m.start)
    if not directions:
        return mentions
    # a region phrase ("Донецької області", "in the Donetsk region", "ДНР") places the list of names right
    # before it: "населені пункти A, B та C Донецької області", "near A and B in the Donetsk region"
    listed: dict[int, tuple[Mention, str, None]] = {}
    for k, r in enumerate(mentions):
        if gaz.kinds[r.candidates[0]] != "region" or r.demonym or not _region_phrase(gaz, r):
            continue
        _, s0, _ = sents.span(r.start)
        if _OPENING_REGION.match(text, s0, r.start):  # "На Харківщині ...", "In the Kharkiv region, ..."
            quals.append((r.start, "region", r, text[s0:r.end].strip()))
        if not k:
            continue
        if not (_CONTAINER.match(text[mentions[k - 1].end:r.start])
                or _CYR_REGION_GAP.match(text, mentions[k - 1].end, r.start) and not r.surface.isascii()):
            continue
        n = k - 1
        while n >= 0:
            listed.setdefault(id(mentions[n]), (r, gaz.names[r.candidates[0]], None))
            if n == 0 or not _LIST_GAP.match(text[mentions[n - 1].end:mentions[n].start]):
                break
            n -= 1
    if not quals and not listed:
        return mentions
    quals.sort(key=lambda q: q[0])
    qual_mentions = {id(q[2]) for q in quals}
    # paragraphs (line breaks) and clauses (semicolons) bound the directions' and compass phrases' reach
    para_of = lambda pos: text.count("\n", 0, pos)  # noqa: E731
    for m in mentions:
        if id(m) in qual_mentions or m.demonym or not _qualifiable(gaz, m.candidates, _surface_key(m.surface)):
            continue  # a city named in passing ("strikes on Kharkiv") is no village of the direction
        best = listed.get(id(m))  # the region its list ends with
        _, s0, s1 = sents.span(m.start)
        c0 = text.rfind(";", s0, m.start) + 1 or s0
        c1 = text.find(";", m.end, s1)
        c1 = s1 if c1 < 0 else c1
        # compass phrases place a war report's villages, not a traveller's towns
        toward = [q for q in quals if q[1] == "toward" and c0 <= q[0] < c1] if m.fighting else []
        para = para_of(m.start)
        # the latest direction before it in its paragraph, or one later in its sentence
        direction = [q for q in quals if q[1] == "direction" and q[0] < m.start and para_of(q[0]) == para][-1:] \
            or [q for q in quals if q[1] == "direction" and m.start < q[0] < s1][:1]
        # a region opening its sentence, when no list names one
        region = [q for q in quals if q[1] == "region" and s0 <= q[0] < m.start][-1:] if best is None else []
        for inside in (toward, direction, region):
            if inside:
                before = [q for q in inside if q[0] <= m.start]
                q = before[-1] if before else inside[0]
                best = (q[2], q[3], bearings.get((id(q[2]), q[0])))
                break
        if best is not None and best[0] is not m:
            m.qualifier, m.qualifier_label, m.bearing = best
    return mentions


# ---------------------------------------------------------------------------------------------------------
# Resolution


@dataclass(slots=True)
class _PlaceMemo:
    """Per-place values of one gazetteer that the resolution reuses from document to document (``_place_memo``)."""

    prior: dict[int, tuple[float, str]] = field(default_factory=dict)
    """Place -> (``_place_prior``, its main key)."""
    area: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    """Place -> (its country, its first-level region as ``country.admin1``, None for a country)."""
    names: "dict[str, _NameValues]" = field(default_factory=dict)
    """Name key -> ``_NameValues``, for the last candidates seen under it (``_name_values``)."""
    resolved: dict[int, dict] = field(default_factory=dict)
    """Place -> the record of a mention resolved to it, its span and score to fill (``_resolved_record``)."""
    listed: dict[int, dict] = field(default_factory=dict)
    """Place -> its fields as a candidate listed in a record (``_place_record``)."""
    trig: tuple | None = None
    """Half latitudes, half longitudes (radians) and cosines of latitudes of all places (numpy arrays)."""
    special: frozenset[str] | None = None
    """``_special_keys``."""
    ua_points: np.ndarray | None = None
    """``_ua_points``."""
    sections: frozenset[int] | None = None
    """``_city_sections``."""

    def halves(self, gaz: Gazetteer) -> tuple:
        """``trig``, computed on first use."""
        if self.trig is None:
            self.trig = gaz.lat_rad / 2, gaz.lon_rad / 2, np.cos(gaz.lat_rad)
        return self.trig


_MEMOS: "weakref.WeakKeyDictionary[Gazetteer, _PlaceMemo]" = weakref.WeakKeyDictionary()
PLACE_MEMO_MAX = 50_000
"""Entries a memo of ``_PlaceMemo`` holds at most (it starts afresh beyond): the places and names of a long run."""


def _place_memo(gaz: Gazetteer) -> _PlaceMemo:
    """The memo of per-place values of ``gaz`` (kept while the gazetteer lives, each part under
    ``PLACE_MEMO_MAX`` entries)."""
    got = _MEMOS.get(gaz)
    if got is None:
        got = _MEMOS[gaz] = _PlaceMemo()
    for part in (got.prior, got.area, got.names, got.resolved, got.listed):
        if len(part) > PLACE_MEMO_MAX:
            part.clear()
    return got


def _place_prior(gaz: Gazetteer, c: int) -> float:
    """What place ``c`` is likely to mean before its name is weighed: by kind, population and capital status."""
    kind = gaz.kinds[c]
    if kind == "country":
        return PRIOR_COUNTRY
    if kind == "region":
        return PRIOR_REGION + PRIOR_REGION_PER_DECADE * math.log10(gaz.pops[c] + 1)
    if kind == "feature":
        return PRIOR_FEATURE
    s = PRIOR_SETTLEMENT_PER_DECADE * math.log10(gaz.pops[c] + 1)
    return s + W_CAPITAL if c in gaz.capitals else s


def _priors(gaz: Gazetteer, cands: list[int], key: str, memo: dict[int, tuple[float, str]]) -> list[float]:
    """The candidates' priors under name ``key``: ``_place_prior``, plus ``PRIOR_MAIN_NAME`` for a place bearing
    the name as its main name, ``PRIOR_FORMER_NAME`` for the others when one does, and ``PRIOR_PREFERRED`` for the
    curated table's reading. ``memo``: ``_PlaceMemo.prior``."""
    if key.isascii():
        main = key
    else:  # main names are Latin: "Покровська" names Pokrovsk by its own name
        hit = gaz.spelling_candidates(key)
        main = latin(hit[0]) if hit else latin(key)
    got = []
    for c in cands:
        pm = memo.get(c)
        if pm is None:
            pm = memo[c] = (_place_prior(gaz, c), gaz.main_key(c))
        got.append(pm)
    has_main = any(k == main for _, k in got)
    own = main or key
    # a former or foreign name yields to a place that bears it now
    out = [s + PRIOR_MAIN_NAME if k == own else s + PRIOR_FORMER_NAME if has_main else s for s, k in got]
    pref = gaz.preferred.get(key)
    if pref is not None:
        for n, c in enumerate(cands):
            if c == pref:
                out[n] += PRIOR_PREFERRED
    return out


# The anchors that are position cues (``Mention.near``): "near X", "10 km north-west of X", "outside X"; the
# compass point, when named, is the group
_NEAR = re.compile(r"^\W{0,3}(?:\s*(?:some|about|around|roughly|nearly|just|only)?\s*\d+(?:[.,]\d+)?\s*"
                   r"(?:km|kilometres|kilometers|miles|mi)\s+)?(?:(" + _DIRECTIONS + r")(?:ern)?\s+of|near|outside|"
                   r"close\s+to|next\s+to|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|"
                   r"village\s+of\s+)?$", re.I)
# "the Luhansk village of X", "Donetsk Oblast's town of X", "the Kursk region village of X": the region before
_REGION_OF = re.compile(r"^(?:\s+(?:oblast|region|province))?(?:'s|’s)?\s+(?:village|town|settlement|city|hamlet)"
                        r"\s+of\s+$", re.I)
# "the village of X", "село X", "селище X", "поселок X": a village, not the city of its name
_VILLAGE_OF = re.compile(r"(?:\b(?:village|settlement|hamlet)\s+of\s+(?:the\s+)?|(?<!\w)(?:[Сс]ел[оаіу]|[Сс]елищ[еаіу]|"
                         r"[Сс]елом|[Пп]оселк[аеу]|[Пп]оселок|[Пп]оселком|[Хх]утор[аеу]?)\s+)$")
_TOWARD_TOWN = re.compile(r"(?:\b(?:in\s+the\s+direction\s+of|towards?)\s+|(?<!\w)(?:[ВвУу]\s+направлени[иі]|"
                          r"[ВвУу]\s+напрямку)\s+)$")
VILLAGE_OF_WINDOW = 40
"""Characters before a mention read for ``_VILLAGE_OF`` and ``_TOWARD_TOWN``."""


@lru_cache(maxsize=4096)
def _gap_reads(gap: str) -> tuple[bool, bool]:
    """Whether the text between two mentions makes the second an anchor (``_ANCHOR``) and whether a container
    (``_CONTAINER``) of the first; memoised (the same few gaps recur: ", ", " and ", " in ")."""
    return _ANCHOR.match(gap) is not None, _CONTAINER.match(gap) is not None


def _relations(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """Link each mention to a container and/or an anchor named right after it."""
    for a, b in zip(mentions, mentions[1:]):
        gap = text[a.end:b.start]
        if len(gap) > RELATION_GAP or "\n" in gap:
            continue
        anchor, container = _gap_reads(gap)
        if _REGION_OF.match(gap) and _as_region(gaz, a):
            b.container = a  # "the Luhansk village of Hrekivka": Luhansk Oblast
        elif anchor and not b.demonym:
            a.anchor = b
            near = _NEAR.match(gap)
            if near:
                a.near = True
                if near.group(1):
                    a.near_bearing = _BEARINGS[near.group(1).lower().replace("-", "")]
        elif container and any(gaz.kinds[c] in ("country", "region") for c in b.candidates):
            a.container = b
        elif gap in ("'s ", "’s ") and any(gaz.kinds[c] in ("region", "settlement") for c in b.candidates) \
                and a.candidates and gaz.kinds[a.candidates[0]] in ("country", "region"):
            b.container = a  # "Russia's Kursk region", "Donetsk Oblast's Kurakhove"


def _as_region(gaz: Gazetteer, m: Mention) -> bool:
    """Read mention ``m`` as a first-level region ("Luhansk" before "village of": Luhansk Oblast); False when
    no region bears its name."""
    regions = [c for c in m.candidates if gaz.kinds[c] == "region"]
    if not regions:
        key = _surface_key(m.surface)
        regions = [c for form in ("oblast", "region") for c in gaz.candidates(f"{key} {form}")
                   if gaz.kinds[c] == "region"]
    if regions:
        m.candidates = list(dict.fromkeys(regions))
    return bool(regions)


def _kind_words(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """The words right before a mention that say what kind of place it is narrow its candidates, where some
    remain: after "village of", "село", "поселок" (``_VILLAGE_OF``) a village -- those of ``VILLAGE_POP`` people
    or more dropped ("the village of Zaporizhzhia near Pokrovsk" is not the city); after "в направлении", "у
    напрямку", "in the direction of" (``_TOWARD_TOWN``) the town a direction is named after (``_towns``)."""
    for m in mentions:
        if len(m.candidates) < 2:
            continue
        lo = max(0, m.start - VILLAGE_OF_WINDOW)
        if _VILLAGE_OF.search(text, lo, m.start):
            small = [c for c in m.candidates if gaz.kinds[c] == "settlement" and gaz.pops[c] < VILLAGE_POP]
            m.candidates = small or m.candidates
        elif _TOWARD_TOWN.search(text, lo, m.start):
            m.candidates = _towns(gaz, m.candidates)


def _fits(gaz: Gazetteer, c: int, container: int) -> bool:
    ck = gaz.kinds[container]
    if ck == "country":
        return gaz.countries[c] == gaz.countries[container]
    if ck == "region":
        if gaz.countries[c] != gaz.countries[container]:
            return False
        if gaz.admin1s[container]:
            return gaz.admin1s[c] == gaz.admin1s[container]
        return distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[container], gaz.lons[container]) < REGION_NO_CODE_KM
    return False


_NEIGHBOUR_KINDS = ("settlement", "region", "feature")
"""Kinds of places that count as the document's other places for ``_Closeness``."""


class _Closeness:
    """For each reading with a choice to make: per candidate, ``W_NEAR * exp(-d / NEAR_KM)``, d the distance to
    the nearest other place of the document (named otherwise, and another place). Zero for countries and
    regions. One distance matrix per round, a row per pick and a column per candidate of the readings with a
    choice (set up once per document; the minimum down each column is numpy's fast direction)."""

    def __init__(self, gaz: Gazetteer, readings: list, choosing: list[int], named: list, memo: _PlaceMemo):
        """The candidates of the readings ``choosing`` (of ``readings``; their names' ``_NameValues`` in
        ``named``)."""
        self.kinds = gaz.kinds
        ids: dict[str, int] = {}
        self.key_ids = [ids.setdefault(gk[0], len(ids)) for gk, _ in readings]
        places: list[int] = []
        keys: list[int] = []
        measured: list[bool] = []
        self.spans: list[tuple[int, int, int]] = []  # (reading, first column, end column)
        for g in choosing:
            cands = readings[g][1][0].candidates
            self.spans.append((g, len(places), len(places) + len(cands)))
            places += cands
            keys += [self.key_ids[g]] * len(cands)
            measured += named[g].measured
        # countries and regions are columns too (a reading's are contiguous), their closeness set to 0
        self.active = any(measured)  # any candidate measured at all
        if self.active:
            self.hlat, self.hlon, self.cos_lat = memo.halves(gaz)
            place = np.array(places, dtype=np.int64)[None, :]
            self.place, self.lat, self.lon, self.cos = place, self.hlat[place], self.hlon[place], self.cos_lat[place]
            self.key = np.array(keys, dtype=np.int64)[None, :]
            self.keep = None if all(measured) else np.array(measured, dtype=np.float64)

    def __call__(self, picks: list[int]) -> dict[int, list[float]]:
        """Reading -> its candidates' closeness to the places ``picks`` (one per reading)."""
        kinds = self.kinds
        # the neighbours: one row per (place, name); a repeated one measures nothing new
        near = list(dict.fromkeys((p, k) for p, k in zip(picks, self.key_ids) if kinds[p] in _NEIGHBOUR_KINDS))
        if not near or not self.active:
            return {g: [0.0] * (s1 - s0) for g, s0, s1 in self.spans}
        npick = np.array([p for p, _ in near], dtype=np.int64)[:, None]
        nkey = np.array([k for _, k in near], dtype=np.int64)[:, None]
        # haversine, as in distance_km; (a - b) / 2 taken as a / 2 - b / 2, which is the same number
        a = np.sin(self.hlat[npick] - self.lat) ** 2 \
            + self.cos * self.cos_lat[npick] * np.sin(self.hlon[npick] - self.lon) ** 2
        d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        # another place, named otherwise: the reading's own name and the candidate itself are not neighbours
        d[(self.key == nkey) | (self.place == npick)] = np.inf
        # -d / NEAR_KM taken as d / -NEAR_KM, the same number
        score = W_NEAR * np.exp(np.minimum.reduce(d, axis=0) / -NEAR_KM)
        if self.keep is not None:
            score *= self.keep  # x * 1.0 is x
        flat = score.tolist()
        return {g: flat[s0:s1] for g, s0, s1 in self.spans}


def _areas(gaz: Gazetteer, cands: list[int], memo: dict[int, tuple]) -> list[tuple[str, str | None]]:
    """Each candidate's country and first-level region (``country.admin1``; None for a country), memoised in
    ``memo`` (``_PlaceMemo.area``)."""
    out = []
    for c in cands:
        got = memo.get(c)
        if got is None:
            cc = gaz.countries[c]
            got = memo[c] = cc, (f"{cc}.{gaz.admin1s[c]}" if gaz.kinds[c] != "country" else None)
        out.append(got)
    return out


def _vote_weights(readings: list) -> list[float]:
    """How much each reading says about the document's area: a sure one more, a demonym ("Russian troops" says
    who, not where) nothing. ``_Vote.of`` lowers a capital's (often the government speaking: "Moscow said")."""
    return [0.0 if ms[0].demonym else 1.0 if len(ms[0].candidates) == 1 else VOTE_UNSURE for _, ms in readings]


FREE_EVIDENCE_KM = 12.0
"""The front is where the occupied area meets held land: the stretches of its edge within this distance of a
Ukrainian settlement outside it. The rest of the edge -- coasts, the state border, slivers between a map's
layers -- is no line of contact."""
OPENING_KM = 2.0
"""Parts of the occupied area narrower than twice this (a grey band along the state border, slivers between a
map's layers) are no front."""
_CONTACT: dict[tuple, tuple] = {}


def _contact_line(front, gaz: Gazetteer):
    """The front's line of contact (equal-area, prepared): the edge of the occupied area (``front``, WGS84, as
    ``store.front_edge`` gives it) kept only within ``FREE_EVIDENCE_KM`` of a Ukrainian settlement outside the
    area. A front that bounds no area (a plain line) is taken as it is. Cached per front (a few per process)."""
    from .territory import to_equal_area

    key = (shapely.get_num_coordinates(front), front.bounds, round(front.length, 9), id(gaz))
    got = _CONTACT.get(key)
    if got is not None:
        return got[1]
    edge = to_equal_area(front)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edge)))
    line = edge
    if len(faces):
        # a face inside an odd number of other faces' outer rings is a hole of the occupied area: held land
        shells = shapely.polygons(shapely.get_exterior_ring(faces))
        inner, outer = shapely.STRtree(shells).query(shapely.point_on_surface(faces), predicate="within")
        depth = np.bincount(inner[inner != outer], minlength=len(faces))
        occupied = shapely.union_all(faces[depth % 2 == 0])
        # strips narrower than twice OPENING_KM (a grey band along the state border, slivers) hold no front
        r = OPENING_KM * 1000.0
        opened = occupied.buffer(-r).buffer(r)
        if not opened.is_empty:
            edge = shapely.intersection(edge, opened.buffer(r / 4).boundary.buffer(r / 2))
        pts = _ua_points(gaz)
        near = pts[shapely.dwithin(pts, edge, FREE_EVIDENCE_KM * 1000.0)]
        free = near[~shapely.contains(occupied, near)]
        if len(free):
            line = shapely.intersection(edge, shapely.union_all(shapely.buffer(free, FREE_EVIDENCE_KM * 1000.0)))
    shapely.prepare(line)
    if len(_CONTACT) >= 8:
        _CONTACT.clear()
    _CONTACT[key] = (front, line)
    return line


def _ua_points(gaz: Gazetteer) -> np.ndarray:
    """The gazetteer's settlements in Ukraine as equal-area points (built once per gazetteer)."""
    memo = _place_memo(gaz)
    if memo.ua_points is None:
        from .territory import to_equal_area

        idx = [i for i, (k, c, p) in enumerate(zip(gaz.kinds, gaz.countries, gaz.precisions))
               if k == "settlement" and c == "UA" and p == "point"]  # not the codifier's villages at their hromada
        points = shapely.MultiPoint([(gaz.lons[i], gaz.lats[i]) for i in idx])
        memo.ua_points = shapely.get_parts(to_equal_area(points))
    return memo.ua_points


def _front_km(gaz: Gazetteer, cands: list[int], front_ea) -> list[float]:
    """Distance (km, equal-area) from each candidate settlement to the front, less the candidate's uncertainty
    (``Gazetteer.radii``: a village placed at its hromada may lie that much nearer); inf for other kinds and for
    places in ``NO_FRONT_REGIONS``; at most ``FRONT_FIGHT_KM`` in ``BORDER_FRONT_REGIONS``."""
    from .territory import to_equal_area

    idx = [n for n, c in enumerate(cands) if gaz.kinds[c] == "settlement"
           and f"{gaz.countries[c]}.{gaz.admin1s[c]}" not in NO_FRONT_REGIONS]
    out = [math.inf] * len(cands)
    if not idx:
        return out
    pts = shapely.points([gaz.lons[cands[n]] for n in idx], [gaz.lats[cands[n]] for n in idx])
    d = shapely.distance(to_equal_area(shapely.GeometryCollection(list(pts))).geoms, front_ea) / 1000.0
    radii = gaz.radii
    for n, km in zip(idx, d):
        c = cands[n]
        km = max(0.0, km - radii[c])
        border = f"{gaz.countries[c]}.{gaz.admin1s[c]}" in BORDER_FRONT_REGIONS
        out[n] = min(float(km), FRONT_FIGHT_KM) if border else float(km)
    return out


def _front_bonus(front_km: list[float], fighting: bool = False) -> list[float]:
    """``W_FRONT * exp(-d / FRONT_KM)`` per candidate, d its distance to the front (km); in a sentence about
    fighting ``W_FIGHT_FRONT * exp(-d / FIGHT_FRONT_KM)``."""
    w, scale = (W_FIGHT_FRONT, FIGHT_FRONT_KM) if fighting else (W_FRONT, FRONT_KM)
    return [w * math.exp(-km / scale) if km < math.inf else 0.0 for km in front_km]


def _where(gaz: Gazetteer, m: Mention, group_of: dict, picks: list[int], front_ea=None):
    """Where the text puts ``m``: (the qualifier's place, its label) or None. A qualifier counts when its place
    lies in ``WAR_COUNTRIES`` (and, for a direction's town, within its reach of the front when it is
    known); an adjacent container of those countries ("in the Donetsk region") counts too."""
    if m.qualifier is None and m.container is None and not m.near:
        return None
    near = m.anchor if m.near and m.qualifier is None else None
    for q, label in ((m.qualifier, m.qualifier_label), (m.container, ""), (near, "")):
        if q is None:
            continue
        if q is near:  # "Zaporizhzhia near Pokrovsk", "north of Novopil (northeast of Sudzha)": link by link
            pick = picks[group_of[id(q)]]
            if gaz.countries[pick] in WAR_COUNTRIES and gaz.kinds[pick] == "settlement":
                m.bearing = m.near_bearing
                return pick, f"near {gaz.names[pick]}", True
            continue
        pick = picks[group_of[id(q)]]
        if gaz.countries[pick] not in WAR_COUNTRIES or gaz.kinds[pick] not in ("settlement", "region"):
            continue
        if q is m.qualifier and gaz.kinds[pick] == "settlement" and front_ea is not None \
                and _front_km(gaz, [pick], front_ea)[0] > _reach(gaz, pick):
            continue
        return pick, label or gaz.names[pick], q is m.qualifier
    return None


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing (degrees from north) from point 1 to point 2."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def _inside(gaz: Gazetteer, c: int, q: int, bearing: float | None = None) -> tuple[bool, float]:
    """Whether candidate ``c`` lies where qualifier place ``q`` puts it (in region ``q``, or within
    its reach (``_reach``) of town ``q`` and, given a compass ``bearing``, on that side of it), and its distance to
    ``q`` (km)."""
    d = distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[q], gaz.lons[q])
    if gaz.kinds[q] == "region":
        return _fits(gaz, c, q), d
    slack = gaz.radii[c] + gaz.radii[q]  # places known to their hromada: as near as their uncertainty allows
    if slack:
        d = max(0.0, d - slack)
    if bearing is not None and d > COMPASS_MIN_KM and _off_bearing(gaz, c, q, bearing) > COMPASS_SPREAD:
        return False, d
    return d <= _reach(gaz, q), d


def _off_bearing(gaz: Gazetteer, c: int, q: int, bearing: float) -> float:
    """How many degrees (0-180) candidate ``c``, seen from town ``q``, lies off the compass ``bearing``."""
    return abs((_bearing(gaz.lats[q], gaz.lons[q], gaz.lats[c], gaz.lons[c]) - bearing + 180.0) % 360.0 - 180.0)


def _bearing_fit(gaz: Gazetteer, c: int, q: int, bearing: float | None) -> float:
    """How well candidate ``c`` lies on the compass side ``bearing`` of town ``q``: 1 straight on it (or with no
    bearing, or within ``COMPASS_MIN_KM`` and its uncertainty of the town), down to half at right angles and
    beyond (the qualifier's bonus is graded by it: "southwest of Donetsk" prefers the Yevhenivka to the
    south-west over one to the north-west, both within ``COMPASS_SPREAD``)."""
    if bearing is None or gaz.kinds[q] != "settlement":
        return 1.0
    if distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[q], gaz.lons[q]) <= COMPASS_MIN_KM + gaz.radii[c]:
        return 1.0
    return 0.5 + 0.5 * max(0.0, math.cos(math.radians(_off_bearing(gaz, c, q, bearing))))


def _reach(gaz: Gazetteer, q: int) -> float:
    """How far from its town a direction reaches (``DIRECTION_KM``, ``DIRECTION_CITY_KM``)."""
    return DIRECTION_CITY_KM if gaz.pops[q] >= DIRECTION_CITY_POP else DIRECTION_KM


SECTION_KM = 20.0
"""A district of a city lies this near a bigger city (``_city_sections``)."""


def _city_sections(gaz: Gazetteer) -> frozenset[int]:
    """Places of Ukraine of ``QUALIFIABLE_MAX_POP`` or more that are districts of a city (GeoNames lists Poltava's
    Shevchenkivskyi district as "Shevchenko", 147,600 people): no code in the codifier, which gives every city of
    Ukraine one, and within ``SECTION_KM`` of a bigger city that has one (or is the capital). Sevastopol, codeless
    and alone, stays a city."""
    memo = _place_memo(gaz)
    if memo.sections is None:
        big = [j for j in np.flatnonzero(np.asarray(gaz.pops) >= QUALIFIABLE_MAX_POP).tolist()
               if gaz.countries[j] == "UA" and gaz.kinds[j] == "settlement"]
        cities = [j for j in big if gaz.codes[j] or j in gaz.capitals]
        memo.sections = frozenset(
            j for j in big if not gaz.codes[j] and j not in gaz.capitals and any(
                gaz.pops[k] > gaz.pops[j] and distance_km(gaz.lats[j], gaz.lons[j], gaz.lats[k], gaz.lons[k])
                <= SECTION_KM for k in cities))
    return memo.sections


def _qualifiable(gaz: Gazetteer, cands: list[int], key: str) -> bool:
    """A settlement name that a qualifier or the front may leave unresolved: no region, country or feature
    among its readings, and not a city (not a city's district) of ``QUALIFIABLE_MAX_POP`` or more by its own name
    ("Istanbul") or, in ``WAR_COUNTRIES`` or as a capital, as most of the name's bearers ("Харкові"; not
    "Новоолександрівка", a former name of Melitopol among ten villages)."""
    if any(gaz.kinds[c] != "settlement" for c in cands):
        return False
    big = [c for c in cands if gaz.pops[c] >= QUALIFIABLE_MAX_POP]
    if big:  # a city's district is no city named in passing
        sections = _city_sections(gaz)
        big = [c for c in big if c not in sections]
    if any(gaz.main_key(c) == key for c in big):
        return False
    big = [c for c in big if gaz.countries[c] in WAR_COUNTRIES or c in gaz.capitals]
    return not big or 2 * len(big) < len(cands)


def _verdict(gaz: Gazetteer, m: Mention, key: str, scores: list[float], where, front_km: list[float] | None,
             local: list[float] | None, front_date: str | None, sents: "_Sentences | None" = None,
             villages: bool | None = None) -> None:
    """Set ``m.allowed``, ``m.unresolved``/``m.far`` and ``m.uncertain`` from where the text puts the place
    (``villages``: ``_village_namesakes`` of its candidates, when known)."""
    cands = m.candidates
    if villages is None:
        villages = _village_namesakes(gaz, cands)

    def fighting_without_front() -> bool:
        """A sentence about fighting, and no front to place it by."""
        return front_km is None and (m.fighting or sents is not None and sents.fighting(m.start))

    village_rule = villages and fighting_without_front()
    if where is None and front_km is None and not m.unknown and not village_rule:
        return  # nothing places it: the common case, kept cheap
    qualifiable = _qualifiable(gaz, cands, key)
    if m.unknown:
        if where is not None:
            dist = [distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[where[0]], gaz.lons[where[0]]) for c in cands]
        else:
            dist = front_km if front_km is not None else [math.nan] * len(cands)
        m.far = sorted(zip(cands, dist), key=lambda x: x[1])
        m.unresolved = f"{m.surface!r} is not in the gazetteer (only places named {gaz.names[cands[0]]!r} are)"
        return
    if where is not None and qualifiable:
        q, label, q_is_qualifier = where
        inside = [_inside(gaz, c, q, m.bearing if q_is_qualifier else None) for c in cands]
        if front_km is not None and gaz.kinds[q] == "settlement" and m.bearing is None \
                and not any(ok for ok, _ in inside):
            reach = _reach(gaz, q) * DIRECTION_SLACK
            inside = [(d <= reach and km <= FRONT_FIGHT_KM, d) for (_, d), km in zip(inside, front_km)]
        if any(ok for ok, _ in inside):
            m.allowed = [ok for ok, _ in inside]
            if front_km is not None and m.fighting:  # and near the front, where some candidate is
                both = [ok and km <= FRONT_FIGHT_KM for ok, km in zip(m.allowed, front_km)]
                m.allowed = both if any(both) else m.allowed
                contested = [n for n, (ok, km) in enumerate(zip(m.allowed, front_km)) if ok and km <= CONTESTED_KM]
                m.uncertain = _unsettled(gaz, cands, scores, contested, local, CONTESTED_APART_KM,
                                         q if gaz.kinds[q] == "settlement" else None)
            elif gaz.kinds[q] == "region" and fighting_without_front():
                # village namesakes within the region named, no front: the region does not choose among them (its
                # point, a neighbour to the closeness, would pick the one nearest its middle)
                inside_region = [n for n, ok in enumerate(m.allowed) if ok]
                if _village_namesakes(gaz, [cands[n] for n in inside_region]):
                    m.uncertain = _unsettled(gaz, cands, scores, inside_region, None)
        else:
            m.far = sorted(((c, d) for c, (_, d) in zip(cands, inside)), key=lambda x: x[1])
            if gaz.kinds[q] == "region":
                m.unresolved = f"no {m.surface!r} in {gaz.names[q]}; nearest {m.far[0][1]:.0f} km from its centre"
            else:
                side = " on that side of it" if m.bearing is not None and q_is_qualifier else ""
                m.unresolved = (f"no {m.surface!r} within {_reach(gaz, q):.0f} km of {gaz.names[q]}{side} ({label}); "
                                f"nearest {m.far[0][1]:.0f} km")
        return
    if not qualifiable:
        return
    if front_km is not None and m.fighting:
        near = [km <= FRONT_FIGHT_KM for km in front_km]
        if any(near):
            m.allowed = near
            contested = [n for n, km in enumerate(front_km) if km <= CONTESTED_KM]
            m.uncertain = _unsettled(gaz, cands, scores, contested, local, CONTESTED_APART_KM)
        else:
            m.far = sorted(zip(cands, front_km), key=lambda x: x[1])
            on = f" on {front_date}" if front_date else ""
            m.unresolved = (f"no {m.surface!r} within {FRONT_FIGHT_KM:.0f} km of the front{on}; "
                            f"nearest {m.far[0][1]:.0f} km")
        return
    if village_rule:
        m.uncertain = _unsettled(gaz, cands, scores, range(len(cands)), local)


def _unsettled(gaz: Gazetteer, cands: list[int], scores: list[float], among, local: list[float] | None,
               apart: float = AMBIGUITY_KM, ref: int | None = None) -> bool:
    """Whether the best of candidates ``among`` has a rival more than ``apart`` km away that the document's
    other places (``local``, the closeness of the last round) do not set apart: village namesakes in a fighting
    sentence with no front, or several lying on the front (issue 17: the codifier's villages). A village GeoNames
    places is weighed against its GeoNames namesakes by the scores, as before the codifier, but a village known
    to its hromada alone stays its rival: it has no population to weigh, and a report names it no less surely
    than its namesake on another stretch of the front. A rival ``apart`` km further than the best from ``ref``
    (the place the text puts it near) is no rival. Fewer than two candidates: settled."""
    among = list(among)
    if len(among) < 2:
        return False
    best = max(among, key=scores.__getitem__)
    b = cands[best]
    if gaz.precisions[b] == "point":  # GeoNames' namesakes are weighed by the scores, as before the codifier
        among = [n for n in among if n == best or gaz.precisions[cands[n]] != "point"]
    far = [n for n in among if distance_km(gaz.lats[b], gaz.lons[b], gaz.lats[cands[n]], gaz.lons[cands[n]])
           > apart]
    if ref is not None:
        to_ref = lambda c: distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[ref], gaz.lons[ref])  # noqa: E731
        far = [n for n in far if to_ref(cands[n]) - to_ref(b) < apart]
    settled = local is not None and local[best] >= W_NEAR * math.exp(-LOCAL_KM / NEAR_KM) \
        and all(local[n] < local[best] for n in far)
    return bool(far) and not settled


def _readings(mentions: list[Mention]) -> tuple[list, dict[int, int]]:
    """Mentions of one name with the same qualifiers are one reading: the readings as ((key, ...), mentions),
    key the name (``_surface_key``), and each mention's reading (by id)."""
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        gk = (_surface_key(m.surface), id(m.container) if m.container else 0, id(m.anchor) if m.anchor else 0,
              id(m.qualifier) if m.qualifier else 0, m.fighting, m.unknown)
        groups.setdefault(gk, []).append(m)
    readings = list(groups.items())
    return readings, {id(m): g for g, (_, ms) in enumerate(readings) for m in ms}


class _NameValues(NamedTuple):
    """What the candidates of a name are like, whatever the text (``_name_values``)."""

    cands: list[int]
    priors: tuple[float, ...]
    """``_priors``."""
    areas: tuple[tuple[str, str | None], ...]
    """``_areas``."""
    measured: tuple[bool, ...]
    """Settlements and features: the places ``_Closeness`` measures."""
    villages: bool
    """``_village_namesakes``."""


def _name_values(gaz: Gazetteer, key: str, cands: list[int], memo: _PlaceMemo) -> _NameValues:
    """The values of candidates ``cands`` under name ``key``, memoised per name (``_PlaceMemo.names``)."""
    got = memo.names.get(key)
    if got is None or got.cands != cands:
        got = memo.names[key] = _NameValues(list(cands), tuple(_priors(gaz, cands, key, memo.prior)),
                                            tuple(_areas(gaz, cands, memo.area)),
                                            tuple(gaz.kinds[c] in ("settlement", "feature") for c in cands),
                                            _village_namesakes(gaz, cands))
    return got


def _base_scores(gaz: Gazetteer, readings: list, front_ea, memo: _PlaceMemo) -> tuple[list, list, list]:
    """Per reading, its candidates' priors (``_priors``) with the front's bonus, their distances to the front
    (None where not measured), and its name's ``_NameValues``."""
    base: list[list[float]] = []
    front_kms: list[list[float] | None] = []
    values: list[_NameValues] = []
    for (key, *_), ms in readings:
        cands = ms[0].candidates
        named = _name_values(gaz, key, cands, memo)
        prior = list(named.priors)
        values.append(named)
        fkm = None
        if front_ea is not None and (len(cands) > 1 or ms[0].unknown or ms[0].fighting and _qualifiable(gaz, cands, key)):
            fkm = _front_km(gaz, cands, front_ea)
            if len(cands) > 1:
                prior = [p + f for p, f in zip(prior, _front_bonus(fkm, ms[0].fighting))]
        front_kms.append(fkm)
        base.append(prior)
    return base, front_kms, values


@dataclass(slots=True)
class _Vote:
    """The document's area: a vote of its readings over countries and first-level regions, each weighted by how
    sure its current pick is (``_vote_weights``), and the bonus of a place in each (``W_COUNTRY_VOTE`` and
    ``W_ADMIN_VOTE`` times the share of the vote)."""

    country: dict[str, float]
    admin: dict[str, float]
    total: float
    weights: list[float]
    country_bonus: dict[str, float]
    admin_bonus: dict[str, float]

    @classmethod
    def of(cls, gaz: Gazetteer, picks: list[int], sure: list[float], pick_areas: list[tuple]) -> "_Vote":
        """The vote of ``picks`` (one per reading, of weight ``sure`` or ``VOTE_CAPITAL`` times it for a capital;
        their ``_areas`` in ``pick_areas``)."""
        country: dict[str, float] = {}
        admin: dict[str, float] = {}
        capitals = gaz.capitals
        weights = [w * VOTE_CAPITAL if p in capitals else w for p, w in zip(picks, sure)]
        for (cc, a), w in zip(pick_areas, weights):
            if not w:
                continue
            country[cc] = country.get(cc, 0.0) + w
            if a is not None:
                admin[a] = admin.get(a, 0.0) + w
        total = sum(weights)
        if not total:
            return cls(country, admin, total, weights, {}, {})
        return cls(country, admin, total, weights,
                   {cc: W_COUNTRY_VOTE * max(w, 0.0) / total for cc, w in country.items()},
                   {a: W_ADMIN_VOTE * max(w, 0.0) / total for a, w in admin.items()})

    def bonuses(self, areas: list[tuple[str, str | None]], mine: tuple[str, str | None], own: float) -> list[float]:
        """The vote of the other readings for each candidate (of ``areas``, their ``_areas``): the reading's own
        weight ``own``, for its pick (of area ``mine``), taken out."""
        total = self.total
        if not total:
            return [0.0] * len(areas)
        mine_country, mine_admin = mine
        own_country = W_COUNTRY_VOTE * max(self.country.get(mine_country, 0.0) - own, 0.0) / total
        own_admin = W_ADMIN_VOTE * max(self.admin.get(mine_admin, 0.0) - own, 0.0) / total
        countries, admins = self.country_bonus.get, self.admin_bonus.get
        out = []
        for cc, a in areas:
            sc = own_country if cc == mine_country else countries(cc, 0.0)
            if a is not None:
                sc += own_admin if a == mine_admin else admins(a, 0.0)
            out.append(sc)
        return out


def _scores(gaz: Gazetteer, g: int, m: Mention, base: list[float], closeness: list[float], picks: list[int],
            group_of: dict[int, int], vote: _Vote, areas: tuple, mine: tuple) -> list[float]:
    """Reading ``g``'s candidates (of its mention ``m``, their ``_areas`` in ``areas``; its pick's ``mine``)
    scored against the document's current picks: its container, its qualifier, its anchor, the area vote and the
    closeness to the other places."""
    bonus = vote.bonuses(areas, mine, vote.weights[g])
    if m.container is None and m.anchor is None and m.qualifier is None:
        return [b + near + v for b, near, v in zip(base, closeness, bonus)]
    pick = lambda q: picks[group_of[id(q)]] if q is not None else None  # noqa: E731
    cont, anc, qual = pick(m.container), pick(m.anchor), pick(m.qualifier)
    if qual is not None and gaz.countries[qual] not in WAR_COUNTRIES:
        qual = None
    scores = []
    for n, c in enumerate(m.candidates):
        sc = base[n] + closeness[n]
        if cont is not None and _fits(gaz, c, cont):
            sc += W_CONTAINER
        if qual is not None and _inside(gaz, c, qual, m.bearing)[0]:
            sc += W_QUALIFIED * _bearing_fit(gaz, c, qual, m.bearing)
        if anc is not None:
            d = distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[anc], gaz.lons[anc])
            sc += W_ANCHOR * math.exp(-d / ANCHOR_KM)
        scores.append(sc + bonus[n])
    return scores


def _resolve(mentions: list[Mention], gaz: Gazetteer, front_ea=None, front_date: str | None = None,
             sents: "_Sentences | None" = None, memo: _PlaceMemo | None = None) -> None:
    """Score every candidate of every mention; mentions of one name without qualifiers are one reading. Then
    judge each reading against where the text puts it (``_verdict``). ``memo``: ``_place_memo(gaz)``."""
    memo = memo if memo is not None else _place_memo(gaz)
    readings, group_of = _readings(mentions)
    base, front_kms, named = _base_scores(gaz, readings, front_ea, memo)
    areas = [v.areas for v in named]
    at = [b.index(max(b)) for b in base]  # each reading's pick, as a position among its candidates
    picks = [ms[0].candidates[n] for (_, ms), n in zip(readings, at)]
    choosing = [g for g, (_, ms) in enumerate(readings) if len(ms[0].candidates) > 1]  # the others: nothing to decide
    closeness, sure = _Closeness(gaz, readings, choosing, named, memo), _vote_weights(readings)
    final: list[list[float]] = base
    near_all: dict[int, list[float]] = {}
    for _round in range(ROUNDS if choosing else 0):
        pick_areas = [a[n] for a, n in zip(areas, at)]
        vote = _Vote.of(gaz, picks, sure, pick_areas)
        near_all = closeness(picks)
        new_at, final = at[:], base[:]
        for g in choosing:
            m = readings[g][1][0]
            scores = final[g] = _scores(gaz, g, m, base[g], near_all[g], picks, group_of, vote, areas[g],
                                        pick_areas[g])
            new_at[g] = scores.index(max(scores))
        new_picks = [ms[0].candidates[n] for (_, ms), n in zip(readings, new_at)]
        if new_picks == picks:
            break
        at, picks = new_at, new_picks
    # the document's neighbours settle village namesakes in fighting sentences when no front is known (the
    # closeness of the last round: of the final picks, once they settled)
    local = near_all
    for g, ((gk, ms), scores) in enumerate(zip(readings, final)):
        m = ms[0]
        where = _where(gaz, m, group_of, picks, front_ea)
        # with nothing that places it and no namesakes, _verdict leaves a reading as it is
        if where is not None or front_kms[g] is not None or m.unknown or len(m.candidates) > 1:
            _verdict(gaz, m, gk[0], scores, where, front_kms[g], local.get(g), front_date, sents, named[g].villages)
        for other in ms:
            other.scores = scores
            other.allowed, other.unresolved, other.far, other.uncertain = m.allowed, m.unresolved, m.far, m.uncertain


def _place_record(gaz: Gazetteer, c: int, memo: _PlaceMemo) -> dict:
    """A candidate as listed in a record: the place, its region's name (memoised; not to be changed)."""
    got = memo.listed.get(c)
    if got is None:
        admin1 = gaz.admin1s[c]
        got = memo.listed[c] = {**gaz.place(c).as_dict(),
                                "admin1": gaz.admin1_name(gaz.countries[c], admin1) if admin1 else ""}
    return got


def _resolved_record(gaz: Gazetteer, m: Mention, c: int, score: float, memo: _PlaceMemo) -> dict:
    """The record of mention ``m`` resolved to place ``c`` with ``score`` (a copy of the place's, memoised)."""
    got = memo.resolved.get(c)
    if got is None:
        p = gaz.place(c)
        got = memo.resolved[c] = {
            "start": 0,
            "end": 0,
            "surface": "",
            "place_id": p.place_id,
            "name": p.name,
            "lat": round(p.lat, 6),
            "lon": round(p.lon, 6),
            "kind": p.kind,
            "country": p.country,
            "admin1": gaz.admin1_name(p.country, p.admin1) if p.kind not in ("country",) and p.admin1 else "",
            "population": p.population,
            "geo_precision": p.geo_precision,
            "precision_km": p.precision_km,
            "katottg": p.katottg,
            "score": 0.0,
            "ambiguous": False,
            "resolved": True,
            "reason": None,
        }
    rec = _at(got, m)
    rec["score"] = score
    return rec


def _at(rec: dict, m: Mention) -> dict:
    """A copy of record ``rec`` with the span of mention ``m``."""
    rec = rec.copy()
    rec["start"], rec["end"], rec["surface"] = m.start, m.end, m.surface
    return rec


def _unresolved_record(m: Mention, gaz: Gazetteer, memo: _PlaceMemo) -> dict:
    """A mention no candidate of which lies where the text puts it: no point, the reason, the far readings."""
    return {
        "start": m.start, "end": m.end, "surface": m.surface, "place_id": None, "name": m.surface, "lat": None,
        "lon": None, "kind": "settlement", "country": "", "admin1": "", "population": None, "geo_precision": None,
        "precision_km": None, "katottg": None, "score": 0.0,
        "ambiguous": False, "resolved": False, "reason": m.unresolved,
        "candidates": [{**_place_record(gaz, c, memo), "distance_km": None if math.isnan(d) else round(d, 1)}
                       for c, d in m.far[:5]],
    }


def _record(m: Mention, gaz: Gazetteer, memo: _PlaceMemo) -> dict:
    """A mention's record: its best candidate among those allowed, that one's share of the evidence, and the
    candidates when it is ambiguous."""
    if m.unresolved:
        return _unresolved_record(m, gaz, memo)
    scores = m.scores
    n_cands = len(m.candidates)
    live = range(n_cands) if m.allowed is None else [n for n in range(n_cands) if m.allowed[n]]
    if len(live) == 1:  # one candidate: all the evidence, exp(0) / 1
        order, top, weight, z, conf = [live[0]], scores[live[0]], [1.0], 1.0, 1.0
    else:
        order = sorted(live, key=scores.__getitem__, reverse=True)  # stable: ties keep the candidates' order
        top = scores[order[0]]
        weight = [math.exp(scores[n] - top) for n in live]
        z = sum(weight)
        conf = 1.0 / z
    best = m.candidates[order[0]]
    rec = _resolved_record(gaz, m, best, round(conf, 3), memo)
    if m.demonym:
        rec["demonym"] = True
    ambiguous = m.uncertain
    if len(order) > 1 and not ambiguous:
        def far(n: int) -> bool:
            c = m.candidates[n]
            return distance_km(gaz.lats[best], gaz.lons[best], gaz.lats[c], gaz.lons[c]) > AMBIGUITY_KM

        # any far candidate within the margin (namesakes near the best may come before it), or a far second when
        # the best holds little of the evidence
        ambiguous = any(far(n) for n in takewhile(lambda n: top - scores[n] < AMBIGUITY_MARGIN, order[1:])) \
            or conf < AMBIGUITY_SHARE and far(order[1])
    if ambiguous:
        rec["ambiguous"] = True
        weight_of = dict(zip(live, weight))
        rec["candidates"] = [{**_place_record(gaz, m.candidates[n], memo), "score": round(weight_of[n] / z, 3)}
                             for n in order[:5]]
    return rec


def geoparse(text: str, gazetteer: Gazetteer | None = None, front=None, *, directions: bool = True,
             front_date: str | None = None) -> list[dict]:
    """Find and resolve every place mention in ``text``.

    Parameters
    ----------
    text : str
        Any text; offsets in the result are Python ``str`` indices into it.
    gazetteer : Gazetteer, optional
        Defaults to the cached embedded gazetteer (``geo.gazetteer.load()``).
    front : shapely geometry, optional
        The front line at the document's date (WGS84; ``geo.store`` ``front_edge``): among places of one name,
        those near it gain ``W_FRONT``; in a sentence about fighting, a village lies within ``FRONT_FIGHT_KM``
        of it or is unresolved.
    directions : bool
        Read directions, axes, compass phrases and the regions named in a sentence as qualifiers (off: the
        benchmark's figures without these rules).
    front_date : str, optional
        The front's date, quoted in the reason of a mention the front leaves unresolved.

    Returns
    -------
    list of dict
        One record per mention, in text order: ``start``, ``end``, ``surface``, ``place_id``, ``name``,
        ``lat``, ``lon``, ``kind``, ``country``, ``admin1``, ``population``, ``geo_precision`` ("point", or
        "hromada"/"raion" for a village of Ukraine's codifier placed at its unit), ``precision_km`` (how far the
        place may lie from the point), ``katottg`` (its codifier code, where it has one), ``score`` (the best
        candidate's share, 0-1), ``ambiguous``, ``resolved``, ``reason`` and, when ambiguous or unresolved,
        ``candidates``.
        An unresolved mention (``resolved`` False: no candidate lies where the text puts the place) has
        ``place_id``, ``lat`` and ``lon`` None, the ``reason``, and its far candidates with ``distance_km``.
    """
    if not text or not text.strip():
        return []
    gaz = gazetteer or load()
    toks = _tokens(text)
    _mark_people(text, toks, gaz)
    has_front = front is not None and not front.is_empty
    sents = _Sentences(text)
    found = _find(text, toks, gaz)
    if "«" in text:
        found = [m for m in found if not _group_name(text, m)]
    mentions = _read_qualifiers(text, found, gaz, directions, has_front, sents)
    if not mentions:
        return []
    _relations(text, mentions, gaz)
    if directions:
        _kind_words(text, mentions, gaz)
    else:  # the position cues of "near X", "north of X" are direction rules too: off with them
        for m in mentions:
            m.near = False
    front_ea = _contact_line(front, gaz) if has_front else None
    memo = _place_memo(gaz)
    _resolve(mentions, gaz, front_ea, front_date, sents, memo)
    # Mentions of one reading share their resolution: build its record once, then set each one's span.
    out, cache = [], {}
    for m in mentions:
        rec = cache.get(id(m.scores))
        if rec is None:
            out.append(_record(m, gaz, memo))
            cache[id(m.scores)] = out[-1]
        else:
            out.append(_at(rec, m))
    return out
