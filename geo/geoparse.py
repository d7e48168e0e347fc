"""Text -> place mentions with character offsets, each resolved to one place or marked ambiguous.

Finding: capitalised runs of words are matched, longest first, against the gazetteer's keys (with Cyrillic case
endings undone, demonyms such as "Turkish" read as their country, AP abbreviations such as "Ky." and dotted
acronyms such as "U.S."). People and organisations are set aside first: runs that open with a given name
("Marco Rubio"), follow a title ("Secretary of State", "envoy", "President"), repeat a surname already seen, or
sit before a verb of speech; words of organisations ("Financial Times", "State University").

Resolving, strongest signal first:

1. qualifiers in the text: a container ("Mykolaivka in the Donetsk region", "Izium, Ukraine", "Russia's Kursk
   region") and an anchor ("Mykolaivka, north of Sloviansk", "near Lyman");
2. the area the document is about: a vote of its mentions over countries and first-level regions;
3. distance to the other places resolved in the same document;
4. population, capital status and kind.

When the best two candidates stay within ``AMBIGUITY_MARGIN`` of each other and lie far apart, the mention is
marked ``ambiguous`` and lists its candidates.

>>> from geo.geoparse import geoparse
>>> [m["name"] for m in geoparse("Shelling hit Kiev and Pokrovsk.")]
['Kyiv', 'Pokrovsk']
"""

from __future__ import annotations

import math
import re

import numpy as np
import shapely
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Gazetteer, distance_km, load, norm
from .settings import project_data_dir

__all__ = ["geoparse", "Mention", "AMBIGUITY_MARGIN"]

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

COMMON_RANK = 5000
"""A capitalised word opening a sentence and among this many commonest English words is read as the word."""

AMBIGUITY_MARGIN = 0.35
"""Score gap (log scale) under which two far-apart candidates leave a mention ambiguous."""
AMBIGUITY_SHARE = 0.5
"""A best candidate holding less than this share of the evidence leaves the mention ambiguous."""
AMBIGUITY_KM = 50.0
"""Candidates closer than this are one place for the reader's purpose; never ambiguous between them."""

# Tokens: dotted initials ("U.S."); words that start with a capital (letters joined by hyphens or apostrophes,
# a possessive 's left out); any word right before a capitalised one (connectors, titles, locatives: "in Kyiv",
# "envoy Keith"); and the few lowercase words read after a name (suffixes, verbs of speech). Other words are
# never tokens, so the regular expression skips them in C and a name never runs across them.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0400-\u042f"
_WORD_TAIL = r"[^\W\d_]*(?:[-'’ʼ`](?![sS]\b)[^\W\d_]+)*"
_AFTER_WORDS = ("region|regions|oblast|province|river|rivers|krai|area|island|sea|strait|peninsula|said|says|told|"
                "added|stated|wrote|noted|insisted|argued|warned|claimed|announced|replied|tweeted|posted|explained|"
                "stressed|asked|urged|believes|thinks")
_TOKEN = re.compile(
    r"(?:[A-Z][a-z]{0,2}\.){2,}"
    r"|\b(?:[" + _UPPER + r"]" + _WORD_TAIL +
    r"|[^\W\d_]++(?=[ \t]+[" + _UPPER + r"\"“(«])"
    r"|(?:" + _AFTER_WORDS + r")\b)")
_CONNECTORS = {"of", "and", "on", "upon", "de", "la", "le", "el", "al", "du", "des", "del", "da", "do", "am", "an",
               "der", "sur", "en", "y", "di", "the", "na", "nad", "pod"}
_SUFFIXES = {"region", "oblast", "province", "river", "krai", "area", "island", "sea", "strait", "peninsula"}
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


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    key: str
    cap: bool
    title: bool = False
    person: bool = False
    joined: bool = False


@dataclass
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


def _tokens(text: str) -> list[_Tok]:
    """Capitalised words, and the lowercase words some rule reads (connectors, titles, verbs of speech,
    locatives, suffixes); other lowercase words are skipped, so a name never runs across them."""
    out: list[_Tok] = []
    append = out.append
    keep = _keep_lower()
    prev = None
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        t = m.group()
        first = t[0]
        if not first.isupper():  # kept only when some rule reads it; its key is itself
            if t not in keep:
                continue
            tok = _Tok(s, e, t, t, False)
        else:
            tok = _Tok(s, e, t, t.lower() if t.isascii() and t.isalpha() else norm(t), True)
        if prev is not None:  # whether only spaces separate the previous token from this one
            gap = text[prev.end:s]
            prev.joined = gap == " " or (gap.isspace() if gap else True)
        append(tok)
        prev = tok
    return out


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(«":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def _mark_people(text: str, toks: list[_Tok], gaz: Gazetteer) -> None:
    """Flag the tokens that belong to people's names."""
    first_names, titles = _lexicon()
    for t in toks:
        t.title = t.key in titles
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, t in enumerate(toks):
        contiguous = cur and cur[-1] == i - 1 and toks[i - 1].joined
        if t.cap and not t.title and not (t.text.endswith(".") and len(t.text) <= 4):
            if cur and contiguous:
                cur.append(i)
            else:
                if cur:
                    runs.append(cur)
                cur = [i]
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    surnames: set[str] = set()
    for run in runs:
        first = toks[run[0]]
        prev = toks[run[0] - 1] if run[0] > 0 else None
        after_title = prev is not None and prev.title and text[prev.end:first.start].strip() in ("", ",")
        whole = " ".join(toks[i].key for i in run)
        pop, big_kind, _ = gaz.summary(whole)
        is_place = big_kind or pop >= 20_000
        # A given name followed by a capitalised word opens a person's name, wherever it sits in the run
        # ("the Ukrainian Keith Kellogg").
        opener = next((n for n, i in enumerate(run[:-1]) if toks[i].key in first_names), None)
        if opener and not is_place:
            run = run[opener:]
            first = toks[run[0]]
        named = len(run) >= 2 and first.key in first_names and not is_place
        # After a title, a run is a name unless it is a demonym ("chief Russian negotiator") or an institution
        # ("Foreign Ministry").
        institution = first.key in gaz.demonym_keys or any(toks[i].key in _ORG_WORDS for i in run)
        if after_title and not institution and (len(run) >= 2 or not is_place or first.key in first_names):
            named = True
        if named:
            # A notable place after the given name and surname ends the name ("Marco Rubio Kyiv visit").
            for n, i in enumerate(run):
                pop, big_kind, _ = gaz.summary(toks[i].key)
                if n >= 2 and (big_kind or pop >= 100_000):
                    run = run[:n]
                    break
            for i in run:
                toks[i].person = True
            surnames.add(toks[run[-1]].key)
            if len(run) >= 3:
                surnames.add(toks[run[-2]].key)
    # A surname seen in a full name is a person wherever it recurs ("Yermak said", "Umerov").
    for run in runs:
        if all(toks[i].key in surnames for i in run):
            for i in run:
                toks[i].person = True
    # A lone capitalised word before a verb of speech ("Kellogg said"), or after one at the end of a clause
    # ("said Yermak."), naming no notable place, is a person.
    for i, t in enumerate(toks):
        if not t.cap or t.person:
            continue
        before = i + 1 < len(toks) and toks[i + 1].key in _SPEECH and text[t.end:toks[i + 1].start].strip() == ""
        after = (i > 0 and toks[i - 1].key in _SPEECH and text[toks[i - 1].end:t.start].strip() == ""
                 and text[t.end:t.end + 1] in (".", ",", ";", "", "\n"))
        if before or after:
            cands = gaz.candidates(t.key)
            # Only a capital, a country or a region speaks for its government ("Moscow said", "Kyiv said");
            # a place after a locative ("officials in Donetsk said") or in the war-news table stays a place.
            _, big_kind, capital = gaz.summary(t.key)
            notable = big_kind or capital \
                or t.key in gaz.preferred or (i > 0 and toks[i - 1].joined and toks[i - 1].key in _LOCATIVE)
            # after a verb of speech, a town by its own name ("said Toretsk") is still a town
            town = after and any(gaz.pops[c] >= 20_000 and gaz.main_key(c) == t.key for c in cands)
            if cands and not notable and not town:
                t.person = True


def _find(text: str, toks: list[_Tok], gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    n = len(toks)
    maxw = min(gaz.max_words, 7)
    i = 0
    while i < n:
        t = toks[i]
        if not t.cap or t.person or t.title and t.key not in gaz.keys:
            i += 1
            continue
        found = None
        # The longest run a name could span: joined by spaces, no person, capitalised words or connectors
        # inside, a capitalised word or a suffix ("region", "river") last.
        extent = i + 1
        while extent < n and extent - i < maxw and toks[extent - 1].joined:
            nx = toks[extent]
            if nx.person or not (nx.cap or nx.key in _CONNECTORS or nx.key in _SUFFIXES):
                break
            extent += 1
        lowest = i + 1 if t.key in gaz.demonym_keys else i
        for j in range(extent, max(lowest, i + 1), -1):  # runs of two words or more; one word below
            last = toks[j - 1]
            if not (last.cap or last.key in _SUFFIXES) or (j - i > 1 and last.key in _CONNECTORS):
                continue
            if j - i > 2 and any(not toks[k].cap and toks[k].key in _SUFFIXES for k in range(i + 1, j - 1)):
                continue
            key = " ".join([toks[k].key for k in range(i, j)]) if j - i > 1 else t.key
            cands = gaz.candidates(key)
            if cands:
                found = (j, list(cands), False, key)
                break
        if found is None:
            found = _single(text, t, gaz)
            if found is not None:
                found = (i + 1, found[0], found[1], t.key)
        if found is None and "-" in t.text:
            # A hyphenated compound that is no name as a whole ("Russian-Ukrainian"): try each part.
            pos = t.start
            for part in t.text.split("-"):
                sub = _Tok(pos, pos + len(part), part, norm(part), part[:1].isupper())
                pos += len(part) + 1
                hit = _single(text, sub, gaz) if sub.cap else None
                if hit and _keep(text, sub.start, sub.end, hit[0], hit[1], gaz, sub.key, toks, i, i + 1):
                    out.append(Mention(sub.start, sub.end, part, hit[0], demonym=hit[1]))
            i += 1
            continue
        if found is None:
            i += 1
            continue
        j, cands, demonym, key = found
        start, end = toks[i].start, toks[j - 1].end
        if _keep(text, start, end, cands, demonym, gaz, key, toks, i, j):
            out.append(Mention(start, end, text[start:end], cands, demonym=demonym))
        i = j
    return out


def _single(text: str, t: _Tok, gaz: Gazetteer) -> tuple[list[int], bool] | None:
    """Look-ups for one token beyond its plain key: abbreviations, demonyms, Cyrillic case endings."""
    if t.key in gaz.demonym_keys:  # "German" is a demonym before it is a hamlet
        return [gaz.demonym_keys[t.key]], True
    dotted = t.text.endswith(".") or text[t.end:t.end + 1] == "."
    if dotted and t.key in gaz.abbreviations and (t.text.endswith(".") or len(t.text) <= 5):
        # "Edmonton, Alta.", "Glasgow, Ky.": after a comma the abbreviation beats a town of that name
        if t.key not in gaz.keys or text[:t.start].rstrip().endswith(","):
            return [gaz.abbreviations[t.key]], False
    if t.key in gaz.keys:
        return list(gaz.keys[t.key]), False
    base = gaz.nominative(t.key)
    if base:
        return list(gaz.keys[base]), False
    return None


def _keep(text: str, start: int, end: int, cands: list[int], demonym: bool, gaz: Gazetteer, key: str,
          toks: list[_Tok], i: int, j: int) -> bool:
    """Filters on a matched span: common words, organisations, rivers named as such."""
    single = j - i == 1
    surface = text[start:end]
    notable = any(gaz.kinds[c] in ("country", "region", "feature") or gaz.pops[c] >= 100_000 for c in cands)
    if key in gaz.stopwords:
        return False
    bare = surface.replace(".", "")
    if single and len(bare) > 1 and bare.isupper() and "." not in surface \
            and not any(gaz.kinds[c] in ("country", "region") or gaz.pops[c] >= 100_000 for c in cands):
        return False  # TASS, NATO, OSCE: acronyms of organisations, not the hamlets of those names
    if single and not demonym and key in gaz.common and not surface.isupper():
        famous = any(gaz.kinds[c] in ("country", "region", "feature") or gaz.pops[c] >= 1_000_000
                     or c in gaz.capitals for c in cands)
        initial = _sentence_initial(text, start)
        located = i > 0 and toks[i - 1].joined and toks[i - 1].key in _LOCATIVE and not initial  # "near Lyman"
        # Opening a sentence, a word among the 5,000 commonest ("Reading", "Nice") is taken for the word unless
        # it names a famous place; rarer ones ("Vancouver has seen ...") stay places.
        everyday = gaz.common[key] < COMMON_RANK
        if not (located or (notable and (famous or not initial or not everyday))):
            return False
    if single and len(surface.replace(".", "")) <= 3 and surface.replace(".", "").isupper() and not notable:
        return False  # "II", "EU", "UN": initials, not places
    if single and len(key) < 3 and not surface.isupper() and "." not in text[start:end + 1]:
        return False
    nxt = toks[j] if j < len(toks) else None
    # "Financial Times", "Moscow Times", "Kyiv School of Economics", "Ukraine Defense Contact Group"
    k = j
    while k < len(toks) and k < j + 3 and toks[k].cap and toks[k - 1].joined:
        if toks[k].key in _ORG_WORDS:
            return False
        k += 1
    if nxt is not None and toks[j - 1].joined and nxt.key in ("river", "rivers") and not any(gaz.kinds[c] == "feature" for c in cands):
        return False  # "along the Oskil river": the river, not the settlement
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.key == "river" and text[prev.end:start].strip() == "":
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Resolution


def _prior(gaz: Gazetteer, c: int, key: str, has_main: bool) -> float:
    kind = gaz.kinds[c]
    if kind == "country":
        s = 6.0
    elif kind == "region":
        s = 3.6 + 0.15 * math.log10(gaz.pops[c] + 1)
    elif kind == "feature":
        s = 4.0
    else:
        s = 0.6 * math.log10(gaz.pops[c] + 1)
        if c in gaz.capitals:
            s += W_CAPITAL
    if gaz.main_key(c) == key:
        s += 0.3
    elif has_main:
        s -= 1.0  # a former or foreign name ("Pokrovsk" for Engels) yields to a place that bears it now
    if gaz.preferred.get(key) == c:
        s += 1.0  # the curated table's reading of the name in war news (data/aliases.csv)
    return s


def _relations(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """Link each mention to a container and/or an anchor named right after it."""
    for a, b in zip(mentions, mentions[1:]):
        gap = text[a.end:b.start]
        if len(gap) > 60 or "\n" in gap:
            continue
        b_kinds = {gaz.kinds[c] for c in b.candidates}
        if _ANCHOR.match(gap) and not b.demonym:
            a.anchor = b
        elif _CONTAINER.match(gap) and b_kinds & {"country", "region"}:
            a.container = b
        elif gap in ("'s ", "’s ") and b_kinds & {"region", "settlement"} and a.candidates and gaz.kinds[a.candidates[0]] == "country":
            b.container = a  # "Russia's Kursk region"


def _fits(gaz: Gazetteer, c: int, container: int) -> bool:
    ck = gaz.kinds[container]
    if ck == "country":
        return gaz.countries[c] == gaz.countries[container]
    if ck == "region":
        if gaz.countries[c] != gaz.countries[container]:
            return False
        if gaz.admin1s[container]:
            return gaz.admin1s[c] == gaz.admin1s[container]
        return distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[container], gaz.lons[container]) < 150
    return False


def _closeness(gaz: Gazetteer, readings: list, picks: list[int]) -> dict[int, np.ndarray]:
    """For each reading with a choice to make: per candidate, ``W_NEAR * exp(-d / NEAR_KM)``, d the distance to
    the nearest other place of the document (named otherwise, and another place). Zero for countries and
    regions. One distance matrix for the whole document."""
    near = [g for g, p in enumerate(picks) if gaz.kinds[p] in ("settlement", "region", "feature")]
    rows: list[tuple[int, int, int]] = []  # (reading, candidate position, place)
    for g, ((key, _, _), ms) in enumerate(readings):
        cands = ms[0].candidates
        if len(cands) > 1:
            rows.extend((g, n, c) for n, c in enumerate(cands) if gaz.kinds[c] in ("settlement", "feature"))
    out = {g: np.zeros(len(ms[0].candidates)) for g, (_, ms) in enumerate(readings) if len(ms[0].candidates) > 1}
    if not near or not rows:
        return out
    lats, lons = gaz.lat_rad, gaz.lon_rad
    place = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
    npick = np.array([picks[g] for g in near], dtype=np.int64)
    lat, lon = lats[place][:, None], lons[place][:, None]
    olat, olon = lats[npick][None, :], lons[npick][None, :]
    a = np.sin((olat - lat) / 2) ** 2 + np.cos(lat) * np.cos(olat) * np.sin((olon - lon) / 2) ** 2
    d = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    # another place, named otherwise: the reading's own name and the candidate itself are not neighbours
    rkey = np.array([readings[r[0]][0][0] for r in rows], dtype=object)[:, None]
    nkey = np.array([readings[g][0][0] for g in near], dtype=object)[None, :]
    d = np.where((rkey == nkey) | (place[:, None] == npick[None, :]), np.inf, d)
    score = W_NEAR * np.exp(-d.min(axis=1) / NEAR_KM)
    for (g, n, _), v in zip(rows, score.tolist()):
        out[g][n] = v
    return out


def _vote_weight(gaz: Gazetteer, m: Mention, pick: int) -> float:
    """How much a reading says about the document's area: a sure one more, a capital (often the government
    speaking: "Moscow said") less, a demonym ("Russian troops" says who, not where) nothing."""
    if m.demonym:
        return 0.0
    w = 1.0 if len(m.candidates) == 1 else 0.5
    return w * 0.3 if pick in gaz.capitals else w


def _front_bonus(gaz: Gazetteer, cands: list[int], front_ea) -> list[float]:
    """``W_FRONT * exp(-d / FRONT_KM)`` per candidate settlement, d its distance to the front (km)."""
    from .territory import to_equal_area

    idx = [n for n, c in enumerate(cands) if gaz.kinds[c] == "settlement"]
    out = [0.0] * len(cands)
    if not idx:
        return out
    pts = shapely.points([gaz.lons[cands[n]] for n in idx], [gaz.lats[cands[n]] for n in idx])
    d = shapely.distance(to_equal_area(shapely.GeometryCollection(list(pts))).geoms, front_ea) / 1000.0
    for n, km in zip(idx, d):
        out[n] = W_FRONT * math.exp(-float(km) / FRONT_KM)
    return out


def _resolve(mentions: list[Mention], gaz: Gazetteer, key_of: dict[int, str], front_ea=None) -> None:
    """Score every candidate of every mention; mentions of one name without qualifiers are one reading."""
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        gk = (key_of[id(m)], id(m.container) if m.container else 0, id(m.anchor) if m.anchor else 0)
        groups.setdefault(gk, []).append(m)
    readings = list(groups.items())
    group_of = {id(m): g for g, (_, ms) in enumerate(readings) for m in ms}
    base: list[list[float]] = []
    for (key, _, _), ms in readings:
        has_main = any(gaz.main_key(c) == key for c in ms[0].candidates)
        prior = [_prior(gaz, c, key, has_main) for c in ms[0].candidates]
        if front_ea is not None and len(ms[0].candidates) > 1:
            prior = [p + f for p, f in zip(prior, _front_bonus(gaz, ms[0].candidates, front_ea))]
        base.append(prior)
    picks = [ms[0].candidates[max(range(len(b)), key=b.__getitem__)] for (_, ms), b in zip(readings, base)]
    final: list[list[float]] = base
    for _round in range(3):
        # The document's area: a vote of its readings over countries and first-level regions, each weighted
        # by how sure its current pick is.
        country_w: dict[str, float] = {}
        admin_w: dict[str, float] = {}
        total = 0.0
        weights = []
        for (_, ms), p in zip(readings, picks):
            w = _vote_weight(gaz, ms[0], p)
            weights.append(w)
            if not w:
                continue
            country_w[gaz.countries[p]] = country_w.get(gaz.countries[p], 0.0) + w
            if gaz.kinds[p] != "country":
                a = f"{gaz.countries[p]}.{gaz.admin1s[p]}"
                admin_w[a] = admin_w.get(a, 0.0) + w
            total += w
        near_all = _closeness(gaz, readings, picks)
        new_picks, final = [], []
        for g, ((key, _, _), ms) in enumerate(readings):
            m = ms[0]
            if len(m.candidates) == 1:  # nothing to decide
                final.append(base[g])
                new_picks.append(picks[g])
                continue
            mine, own = picks[g], weights[g]
            closeness = near_all[g]
            cont = picks[group_of[id(m.container)]] if m.container is not None else None
            anc = picks[group_of[id(m.anchor)]] if m.anchor is not None else None
            mine_admin = f"{gaz.countries[mine]}.{gaz.admin1s[mine]}" if gaz.kinds[mine] != "country" else None
            scores = []
            for n, c in enumerate(m.candidates):
                sc = base[g][n] + closeness[n]
                if cont is not None and _fits(gaz, c, cont):
                    sc += 3.0
                if anc is not None:
                    d = distance_km(gaz.lats[c], gaz.lons[c], gaz.lats[anc], gaz.lons[anc])
                    sc += 4.0 * math.exp(-d / 40.0)
                if total:
                    # the vote of the other readings: this reading's own weight is taken out
                    cc = gaz.countries[c]
                    cw = country_w.get(cc, 0.0) - (own if gaz.countries[mine] == cc else 0.0)
                    sc += W_COUNTRY_VOTE * max(cw, 0.0) / total
                    if gaz.kinds[c] != "country":
                        a = f"{cc}.{gaz.admin1s[c]}"
                        aw = admin_w.get(a, 0.0) - (own if mine_admin == a else 0.0)
                        sc += W_ADMIN_VOTE * max(aw, 0.0) / total
                scores.append(sc)
            final.append(scores)
            new_picks.append(m.candidates[max(range(len(scores)), key=scores.__getitem__)])
        if new_picks == picks:
            break
        picks = new_picks
    for (_, ms), scores in zip(readings, final):
        for m in ms:
            m.scores = scores


def _record(m: Mention, gaz: Gazetteer) -> dict:
    order = sorted(range(len(m.candidates)), key=lambda n: -m.scores[n])
    best = m.candidates[order[0]]
    z = sum(math.exp(s - m.scores[order[0]]) for s in m.scores)
    conf = 1.0 / z
    p = gaz.place(best)
    rec = {
        "start": m.start,
        "end": m.end,
        "surface": m.surface,
        "place_id": p.place_id,
        "name": p.name,
        "lat": round(p.lat, 6),
        "lon": round(p.lon, 6),
        "kind": p.kind,
        "country": p.country,
        "admin1": gaz.admin1_name(p.country, p.admin1) if p.kind not in ("country",) and p.admin1 else "",
        "population": p.population,
        "score": round(conf, 3),
        "ambiguous": False,
    }
    if m.demonym:
        rec["demonym"] = True
    if len(order) > 1:
        second = m.candidates[order[1]]
        gap = m.scores[order[0]] - m.scores[order[1]]
        far = distance_km(p.lat, p.lon, gaz.lats[second], gaz.lons[second]) > AMBIGUITY_KM
        if far and (gap < AMBIGUITY_MARGIN or conf < AMBIGUITY_SHARE):
            rec["ambiguous"] = True
            rec["candidates"] = [
                {**{k: v for k, v in gaz.place(c).as_dict().items()},
                 "admin1": gaz.admin1_name(gaz.countries[c], gaz.admin1s[c]) if gaz.admin1s[c] else "",
                 "score": round(math.exp(m.scores[n] - m.scores[order[0]]) / z, 3)}
                for n, c in ((n, m.candidates[n]) for n in order[:5])
            ]
    return rec


def geoparse(text: str, gazetteer: Gazetteer | None = None, front=None) -> list[dict]:
    """Find and resolve every place mention in ``text``.

    Parameters
    ----------
    text : str
        Any text; offsets in the result are Python ``str`` indices into it.
    gazetteer : Gazetteer, optional
        Defaults to the cached embedded gazetteer (``geo.gazetteer.load()``).
    front : shapely geometry, optional
        The front line at the document's date (WGS84; e.g. the edge of the occupied area): among places of one
        name, those near it gain ``W_FRONT``.

    Returns
    -------
    list of dict
        One record per mention, in text order: ``start``, ``end``, ``surface``, ``place_id``, ``name``,
        ``lat``, ``lon``, ``kind``, ``country``, ``admin1``, ``population``, ``score`` (the best candidate's
        share, 0-1), ``ambiguous`` and, when ambiguous, ``candidates``.
    """
    if not text or not text.strip():
        return []
    gaz = gazetteer or load()
    toks = _tokens(text)
    _mark_people(text, toks, gaz)
    mentions = _find(text, toks, gaz)
    if not mentions:
        return []
    key_of = {id(m): norm(m.surface) for m in mentions}
    _relations(text, mentions, gaz)
    front_ea = None
    if front is not None and not front.is_empty:
        from .territory import to_equal_area

        front_ea = to_equal_area(front)
        shapely.prepare(front_ea)
    _resolve(mentions, gaz, key_of, front_ea)
    # Mentions of one reading share their resolution: build its record once, then set each one's span.
    out, cache = [], {}
    for m in mentions:
        k = id(m.scores)
        if k not in cache:
            cache[k] = _record(m, gaz)
        out.append({**cache[k], "start": m.start, "end": m.end, "surface": m.surface})
    return out
