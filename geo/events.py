"""Text -> dated events and claimed advances, each traced to its sentence.

For each sentence of an article: the places the geoparser found in it, the date expressions resolved against
the article's date (``geo.dates``), the event types its wording triggers (``data/event_types.csv``), the
actors it names (demonyms, countries, people of ``data/actors.csv``) and, for ground changing hands, the
claim: who says so (the claimant), which side moved, the action, one claim per place.

- A sentence with no date of its own takes the article's date, except a sentence about an earlier time ("had
  previously held talks") which takes the document's earlier date ("three years ago", "early 2022").
- Each event type in a sentence takes the places nearest its trigger word; an event with no place is kept
  without geometry (``located`` = 0), never dropped.
- A place the geoparser names but cannot locate (``resolved`` False: no candidate lies where the text puts it)
  stays on its event or claim by name: ``place_name`` (the name as written), no ``place_id``, no geometry,
  ``located`` = 0, and the geoparser's reason in ``place_note``. Maps list these apart ("named, not located").
- The grammar of war reporting (``data/event_grammar.csv``): lists give one event per place; counts ("45
  times", "45 assaults") and outcomes (repelled, failed, attempted, intercepted, destroyed, damaged) are fields;
  "the town", "there" refer to the last settlement named; "a day after X", "two days later", "since Monday"
  date an event from another; "liberated", "recaptured" are captures with the word kept (``claimant_term``);
  "did not confirm", "denied" by the other side mark an event ``disputed``. Every event carries ACLED-style
  fields (README: "Events").
- Ids are stable hashes of the document, the sentence's span, the type and the place: ingesting the same text
  twice yields the same ids.

>>> evs, cls = extract("Russian forces captured Toretsk on Friday, the Russian defence ministry said.",
...                    date="2025-05-15", doc_id="d", source="test")
>>> [(c["place_name"], c["action"], c["side"], c["start"]) for c in cls]
[('Toretsk', 'capture', 'RU', '2025-05-09')]
>>> evs, _ = extract("Ukrainian troops repelled an assault on Hulyaypole overnight.", date="2025-05-15", doc_id="d")
>>> [(e["type"], e["place_name"], e["actor1"], e["actor2"], e["outcome"]) for e in evs]
[('attack', 'Hulyaypole', 'RU', 'UA', 'repelled')]
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .dates import MONTHS_CYR, Chain, When, find_chains, find_dates, is_future, shift
from .geoparse import geoparse
from .rx import begins_word, is_plain_ascii
from .settings import project_data_dir
from .vocab import CLAIM_ACTIONS, EVENT_TYPES

__all__ = ["extract", "sentences", "EVENT_TYPES", "CLAIM_ACTIONS"]


# --------------------------------------------------------------------------------------------------------
# Sentences

_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|St|Jr|Sr|Prof|No|vs|Jan|Feb|"
                     r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|approx|est|U\.S|U\.K|U\.N|[A-Z])\.)$")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9А-ЯЁІЇЄҐ])|\n\s*\n|\n(?=\s*[A-Z0-9А-ЯЁІЇЄҐ\"“])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) as ``str`` offsets, whitespace trimmed; abbreviations do not end one.

    >>> t = "Talks began. U.S. envoy Keith Kellogg arrived on Friday. Gen. Syrskyi spoke."
    >>> [t[a:b] for a, b in sentences(t)]
    ['Talks began.', 'U.S. envoy Keith Kellogg arrived on Friday.', 'Gen. Syrskyi spoke.']
    """
    out = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        # only the few characters before the stop can hold the abbreviation: the search stays short however
        # many abbreviations a run of text holds (a slice from the sentence's start grew with each)
        if _ABBREV.search(text, max(start, m.start() - 16), m.start() + 1) and not m.group(0).startswith("\n"):
            continue
        out.append((start, end))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for a, b in (piece for a, b in out for piece in _bounded(text, a, b)):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


MAX_SENTENCE = 2000
"""The longest sentence read as one, in characters; a longer run without a full stop (a table, a list, text
with its punctuation stripped) is read in pieces broken after a semicolon or comma, else at a space. Real
sentences are far shorter; the cap keeps the work on any text proportional to its length."""


def _bounded(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """The span ``a:b`` in pieces of at most ``MAX_SENTENCE`` characters, each broken at the last semicolon or
    comma of its second half, else its last space, else at the cap."""
    while b - a > MAX_SENTENCE:
        lo, hi = a + MAX_SENTENCE // 2, a + MAX_SENTENCE
        cut = max(text.rfind(";", lo, hi), text.rfind(",", lo, hi))
        if cut < 0:
            cut = max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi))
        cut = hi if cut < 0 else cut + 1
        yield a, cut
        a = cut
    yield a, b


# --------------------------------------------------------------------------------------------------------
# Vocabularies


def _rows(name: str) -> list[dict]:
    with (project_data_dir() / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=4)
def _types(ascii_only: bool, plain: bool = False) -> tuple[re.Pattern, list[str]]:
    """The trigger patterns as one alternation (one scan per sentence) and the type of each group; for an
    ASCII sentence, only the patterns written in ASCII, and for a ``plain`` one (``is_plain_ascii``) compiled
    for ASCII text, which finds the same matches in it sooner."""
    rows = [r for r in _rows("event_types.csv") if r["pattern"].isascii() or not ascii_only]
    for r in rows:
        re.compile(r["pattern"])  # a bad row fails here, naming itself in the traceback
    combined = "|".join(f"(?P<t{n}>{r['pattern']})" for n, r in enumerate(rows))
    if all(begins_word(r["pattern"]) for r in rows):
        combined = rf"\b(?=\w)(?:{combined})"  # said once in front, the scan passes all but a word's start at once
    return re.compile(combined, re.I | (re.A if plain and combined.isascii() else 0)), [r["type"] for r in rows]


OUTCOMES = ("repelled", "failed", "intercepted", "destroyed", "damaged", "attempted")
"""Outcome values, strongest first: a sentence saying both "tried" and "repelled" was repelled."""
_GROUND = {"attack", "advance", "capture", "withdrawal"}
_OUTCOME_TYPES = {"repelled": {"attack", "advance"}, "failed": {"attack", "advance"},
                  "attempted": {"attack", "advance", "capture"}, "intercepted": {"strike"},
                  "destroyed": {"strike", "equipment_loss"}, "damaged": {"strike"}}


@lru_cache(maxsize=1)
def _grammar() -> dict[str, list[tuple[str, re.Pattern]]]:
    """``data/event_grammar.csv`` by kind: (value, compiled pattern)."""
    out: dict[str, list[tuple[str, re.Pattern]]] = {}
    for r in _rows("event_grammar.csv"):
        out.setdefault(r["kind"], []).append((r["value"], re.compile(r["pattern"], re.I)))
    return out


def _one(kind: str) -> re.Pattern:
    return _grammar()[kind][0][1]


@lru_cache(maxsize=1)
def _actors() -> tuple[re.Pattern, dict[str, str]]:
    """The people and bodies of ``data/actors.csv`` as one pattern, and each name's actor."""
    names = {r["name"]: r["actor"] for r in _rows("actors.csv")}
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b"), names


_REPORT = re.compile(r"\b(?:said|says|reported|reports|claimed|claims|announced|stated|confirmed|according to|"
                     r"told)\b|(?<!\w)(?:заяви\w*|повідоми\w*|сообщи\w*|заявля\w*)", re.I)
_PAST_PERFECT = re.compile(r"\b(?:had\s+(?:\w+ly\s+)?\w+(?:ed|en|held|met|led|won|lost|fought|seen|begun|taken|fled)|"
                           r"previously|before the full-scale invasion|at the start of the war)\b", re.I)
_NEGATED = re.compile(r"(?:\b(?:not|no|without|never|failed to|block\w*|prevent\w*|stopp?\w*|halt\w*)\s+(?:\w+\s+){0,2}|(?<!\w)(?:не|ні|без)\s+)$", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "один": 1, "одна": 1, "одну": 1, "два": 2,
                 "дві": 2, "две": 2, "двоє": 2, "двох": 2, "двое": 2, "двух": 2, "три": 3, "троє": 3, "трьох": 3,
                 "трое": 3, "трех": 3, "трёх": 3, "чотири": 4, "четыре": 4, "четверо": 4, "чотирьох": 4,
                 "четырех": 4, "п'ять": 5, "пять": 5, "п'ятеро": 5, "пятеро": 5, "п'ятьох": 5, "шість": 6,
                 "шесть": 6, "сім": 7, "семь": 7, "вісім": 8, "восемь": 8, "дев'ять": 9, "девять": 9,
                 "десять": 10}
_TIMES_WORDS = {"once": 1, "twice": 2, "двічі": 2, "дважды": 2, "тричі": 3, "трижды": 3}
_NOT_MONTH = r"(?!\s+(?:" + "|".join(MONTHS_CYR) + r"|" + "|".join(m for m in calendar.month_name if m) + r")\b)"
_NUM = r"(\d+|" + "|".join(sorted((k for k in _NUMBER_WORDS if len(k) > 2), key=len, reverse=True)) + ")"
_COUNTED = (r"(?:times|attacks?|assaults?|counterattacks?|attempts|clashes|drones|missiles|rockets|UAVs|Shaheds|разів|"
            r"рази|раз|атак\w*|штурмов\w*|контратак\w*|боєзіткнен\w*|боестолкновени\w*|безпілотник\w*|беспилотник\w*|"
            r"дрон\w*|ракет\w*|БпЛА)(?!\w)")
_COUNT = re.compile(_NUM + _NOT_MONTH + r"(?:\s+of\s+\d+)?\s+(?:[\w'-]+\s+){0,2}?" + _COUNTED, re.I)
_COUNTED_HINT = re.compile(_COUNTED, re.I)
"""What every match of ``_COUNT`` ends in: a sentence without it (most) is spared the costlier scan."""
_TIMES = re.compile(r"(?<!\w)(" + "|".join(_TIMES_WORDS) + r")(?!\w)", re.I)
_PEOPLE = r"(?:\s+(?:people|persons|civilians|residents|people's|мирн\w+\s+жител\w+|людей|людини|людина|человек|" \
          r"цивільн\w+|мирн\w+))?"
_KILLED = (re.compile(r"\b(?:killing|killed)\s+(?:at least\s+)?" + _NUM + _PEOPLE, re.I),
           re.compile(r"\b" + _NUM + _PEOPLE + r"\s+(?:were|was|have been|had been)\s+killed\b", re.I),
           re.compile(r"(?<!\w)(?:загинул\w*|загинув|погиб\w*)\s+" + _NUM, re.I),
           re.compile(r"(?<!\w)" + _NUM + _PEOPLE + r"\s+(?:загинул\w*|погиб\w*)", re.I))
_INJURED = (re.compile(r"\b(?:injuring|wounding|injured|wounded)\s+(?:at least\s+)?" + _NUM + _PEOPLE, re.I),
            re.compile(r"\b" + _NUM + _PEOPLE + r"\s+(?:were|was|have been|had been)\s+(?:injured|wounded)\b", re.I),
            re.compile(r"(?<!\w)(?:поранено|поранені|поранили|ранены|ранено|пострадал\w*|постраждал\w*)\s+" + _NUM,
                       re.I),
            re.compile(r"(?<!\w)" + _NUM + _PEOPLE + r"\s+(?:поранен\w*|ранен\w*)", re.I))
_KILLED_HINT = re.compile(r"killing|killed|загинул|загинув|погиб", re.I)
_INJURED_HINT = re.compile(r"injur|wound|поран|ранен|пострадал|постраждал", re.I)
"""The words one of which every pattern of ``_KILLED`` (``_INJURED``) needs: a sentence with none of them (most)
is spared the patterns."""
_WEAPON = re.compile(r"\b(?:missiles?|drones?|rockets?|bombs?|artillery|airstrikes?|shahed\w*|ballistic|glide)\b|"
                     r"(?<!\w)(?:ракет\w*|дрон\w*|безпілотн\w*|беспилотн\w*|БпЛА|авіа\w*|авиа\w*|артилер\w*|"
                     r"артиллер\w*|КАБ\w*)", re.I)


def _number(word: str) -> int | None:
    w = word.lower().replace("’", "'")
    return int(w) if w.isdigit() else _NUMBER_WORDS.get(w)


@dataclass
class _Trigger:
    type: str
    start: int
    end: int
    text: str = ""
    negated: bool = False


def _triggers(sentence: str, dispute: re.Match | None) -> list[_Trigger]:
    """The event words of a sentence; ``dispute`` is the sentence's denial (``_one("dispute")``), if any."""
    ascii_only = sentence.isascii()
    rx, names = _types(ascii_only, ascii_only and is_plain_ascii(sentence))
    out = [_Trigger(names[int(m.lastgroup[1:])], m.start(), m.end(), m.group(0)) for m in rx.finditer(sentence)]
    kinds = {t.type for t in out}
    if kinds - {"statement"}:
        out = [t for t in out if t.type != "statement"]  # said + something happened: the happening
    if "capture" in kinds and "advance" in kinds:
        out = [t for t in out if t.type != "capture" or not re.search(r"occupied more", sentence[max(0, t.start - 5):t.end + 10])]
    weapon = None  # looked for once, when an attack word asks
    for t in out:
        # "attacked Sumy with ballistic missiles", "атакували дронами": a strike, not a ground assault
        if t.type == "attack" and re.match(r"(?:attack|атак)", t.text, re.I):
            if weapon is None:
                weapon = _WEAPON.search(sentence) is not None
            if weapon:
                t.type = "strike"
        t.negated = _NEGATED.search(sentence[max(0, t.start - 40):t.start]) is not None
    # what the other side denies is no event of this sentence: "Ukraine's army did not confirm the encirclement"
    if dispute:
        out = [t for t in out if t.start < dispute.start()]
    # "attacked ... but did not advance": the negated word is the outcome of the others
    if any(not t.negated for t in out) and any(t.negated for t in out):
        out = [t for t in out if not t.negated]
    return out


# --------------------------------------------------------------------------------------------------------
# Sides, actors, claimants


@dataclass
class _Party:
    side: str  # RU | UA | ENEMY | OWN
    start: int
    end: int


def _parties(sentence: str) -> list[_Party]:
    out: list[_Party] = []
    for side, rx in _grammar()["side"]:
        for m in rx.finditer(sentence):
            if not any(p.start < m.end() and m.start() < p.end for p in out):
                out.append(_Party(side, m.start(), m.end()))
    return sorted(out, key=lambda p: p.start)


@lru_cache(maxsize=256)
def _side_of(text: str | None) -> str | None:
    """The side a party's name belongs to (RU, UA) or None."""
    if not text:
        return None
    sides = {p.side for p in _parties(text)} & {"RU", "UA"}
    return sides.pop() if len(sides) == 1 else None


def _other(side: str | None) -> str | None:
    return {"RU": "UA", "UA": "RU"}.get(side or "")


def _resolve_side(side: str, own: str | None) -> str | None:
    """RU/UA as they are; "the enemy" is the other side than the claimant's (Russia's where the claimant's is not
    known: the reports that say "the enemy" in English and Ukrainian are Ukraine's); air defence is the
    claimant's."""
    if side in ("RU", "UA"):
        return side
    if side == "ENEMY":
        return _other(own) or "RU"
    return own


def _actors_in(sentence: str, mentions: list[dict]) -> list[str]:
    found = []
    for m in mentions:
        if m["kind"] == "country" or m.get("demonym"):
            found.append(m["country"])
    rx, names = _actors()
    found += [names[m.group(0)] for m in rx.finditer(sentence)]
    out: list[str] = []
    for c in found:
        if c and c not in out:
            out.append(c)
    return out


def _claimant(sentence: str, trigger: _Trigger, source: str | None) -> str:
    """Who says so: the subject of the reporting verb, the object of "according to", else the outlet."""
    m = re.search(r"according to ([^,.;]+)", sentence, re.I)
    if m:
        return _clean_party(m.group(1))
    for rm in _REPORT.finditer(sentence):
        if rm.group(0).lower() == "according to":
            continue
        before = sentence[:rm.start()].strip()
        after = sentence[rm.end():].strip()
        if rm.start() < trigger.start:
            # "X, an analytical group, reported in recent days that Russian forces ..."
            subject = re.split(r",", before, maxsplit=1)[0] if "," in before else before
            subject = re.sub(r"^(?:Meanwhile|However|But|Still|And)\s*,?\s*", "", subject)
            if subject:
                return _clean_party(subject)
            continue
        # "... captured Toretsk, the Russian defence ministry said." / "said the ministry"
        tail = re.split(r"[,;]", before)[-1].strip() if before else ""
        if tail and len(tail.split()) <= 8:
            return _clean_party(tail)
        if after:
            return _clean_party(re.split(r"[,.;]", after)[0])
    return source or "the article"


def _clean_party(s: str) -> str:
    s = re.sub(r"^\W+|\W+$", "", s.strip())
    s = re.sub(r"^(?:that|which)\s+", "", s, flags=re.I)
    return s[:120]


def _hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _actors_of(sentence: str, trig: _Trigger, outcome: str | None, parties: list[_Party],
               own: str | None) -> tuple[str | None, str | None]:
    """(actor1, actor2): who acted, on whom.

    The side named nearest before the action word acts ("Russian forces captured ..."); one named only after
    it acts where the verb is passive ("Отражены атаки ... ВСУ", "hit by Ukrainian rockets", "сбиты украинских
    беспилотников"). A side named before a word of repelling or intercepting is the defender ("Ukrainian troops
    repelled an assault", "Сили ППО збили"): the other side acted. Between Russia and Ukraine the other side is
    the one acted on.
    """
    # "parts of Ukraine occupied", "attacks on Russia": a side after a preposition is no subject
    parties = [p for p in parties if not _OBJECT.search(sentence[max(0, p.start - 12):p.start])]
    before = [p for p in parties if p.end <= trig.start and not _reports(sentence, p)]
    after = [p for p in parties if p.start >= trig.end and not _reports(sentence, p)]
    if not before:  # "Russia claimed the capture of ...", "said it intercepted", "заявили про"
        claimed = [p for p in parties if p.end <= trig.start and _reports(sentence, p)]
        if claimed:
            verb = _REPORT.search(sentence, claimed[-1].end)
            if _SELF.search(sentence[verb.end():trig.start]):
                before = claimed[-1:]
    if not before and _OWN_FORCES.search(sentence[:trig.start]):
        before = [_Party(own or "", 0, 0)] if own else []  # "Russia said its forces had recaptured ..."
    defended = None
    if before and outcome in ("repelled", "intercepted"):
        rx = dict(_grammar()["outcome"])[outcome]
        subject = before[-1]
        if rx.search(sentence[subject.end:trig.end]):
            defended = _resolve_side(subject.side, own)
    if defended is None and before and _BLOCK.search(sentence[before[-1].end:trig.start]):
        defended = _resolve_side(before[-1].side, own)  # "Ukraine has managed to block a major breakthrough"
    if defended is None and before and outcome == "intercepted" and before[-1].side == "OWN":
        defended = own
    if defended is not None:
        return _other(defended), defended
    actor = None
    if before:
        actor = _resolve_side(before[-1].side, own)
    elif after:
        actor = _resolve_side(after[0].side, own)
    return actor, _other(actor)


_OWN_FORCES = re.compile(r"\b(?:its|their|our)\s+(?:\w+\s+)?(?:forces|troops|army|units|military|soldiers)\b", re.I)
_OBJECT = re.compile(r"\b(?:of|in|on|against|to|from|into)\s+(?:the\s+)?$", re.I)
_BLOCK = re.compile(r"\b(?:block\w*|stopp?\w*|halt\w*|prevent\w*|thwart\w*|repel\w*|repuls\w*)\b|"
                    r"(?<!\w)(?:зупини\w*|зірва\w*|останови\w*|сорва\w*)", re.I)
_SELF = re.compile(r"\b(?:it|its|to have)\b|(?<!\w)(?:про|о|об)(?!\w)|^\s*the\s*$", re.I)
_PRONOUN = re.compile(r"\b(?:they|them)\b|(?<!\w)(?:вони|они)(?!\w)", re.I)


def _reports(sentence: str, p: _Party) -> bool:
    """Whether a side's words are the subject of a reporting verb ("Ukrainian commanders said"): a claimant,
    not an actor."""
    return _reports_after(sentence, p.end)


@lru_cache(maxsize=4096)
def _reports_after(sentence: str, at: int) -> bool:
    """``_reports`` of the words ending at ``at``: asked once per side, not once per side and event word."""
    end = at + 90  # a verb starting within 30 characters lies within 90: the search stops there
    m = _REPORT.search(sentence, at, end)
    if m is not None and m.end() >= end:  # cut by the window (a long word): read it whole
        m = _REPORT.search(sentence, at)
    return m is not None and m.start() - at <= 30 and m.group(0).lower() != "according to" and not re.search(
        r"[,.;]", sentence[at:m.start()])


@lru_cache(maxsize=256)
def _outcome(sentence: str) -> str | None:
    for value, rx in _grammar()["outcome"]:
        if rx.search(sentence):
            return value
    return None


@lru_cache(maxsize=256)
def _count(sentence: str) -> int | None:
    m = _COUNT.search(sentence) if _COUNTED_HINT.search(sentence) else None
    if m:
        n = _number(m.group(1))
        if n is not None and n < 1000:
            return n
    m = _TIMES.search(sentence)
    return _TIMES_WORDS[m.group(1).lower()] if m else None


@lru_cache(maxsize=256)
def _casualties(sentence: str, patterns: tuple[re.Pattern, ...], hint: re.Pattern) -> int | None:
    """The first number of people that one of ``patterns`` reads; ``hint`` a word each of them needs."""
    if not hint.search(sentence):
        return None
    for rx in patterns:
        m = rx.search(sentence)
        if m:
            n = _number(m.group(1))
            if n is not None:
                return n
    return None


# --------------------------------------------------------------------------------------------------------
# Places


_WHERE_BEFORE = re.compile(
    r"\b(?:in|near|at|on|outside|around|from|into|toward|towards|of|across|along|over|to|inside|between|"
    r"hit|hitting|struck|striking|shelled|shelling|attacked|attacking|bombed|bombing|captured|capturing|took|seized|"
    r"liberated|retook|entered|entering|reached|stormed|storming|surrounded|encircled|targeted|pounded|approaches to|"
    r"recaptured|infiltrated|cleared|control of|capture of)\s+", re.I)
# words that may stand between the cue and the place are articles and adjectives, not clauses: "in the eastern
# Donetsk region" yes; "in Istanbul after Kiev", "reached if Kiev" no
_NOT_BETWEEN = {"if", "and", "or", "but", "after", "before", "that", "when", "while", "as", "because", "since",
                "until", "with", "without", "he", "she", "it", "they", "we", "is", "are", "was", "were", "be", "been",
                "has", "have", "had", "said", "says", "not", "which", "who", "whose", "by", "than", "then"}
_WHERE_AFTER = re.compile(
    r"^\s*,?\s*(?:was|were|has been|have been|had been|is being)\s+(?:\w+\s+)?(?:hit|struck|shelled|attacked|"
    r"bombed|captured|taken|seized|liberated|retaken|surrounded|targeted|pounded|occupied|destroyed|damaged)\b", re.I)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|, and|, or|та|і|й|и|, та|, і|, и)\s*$")
_RIVER = re.compile(r"\b(?:river|річк\w*|ріка|река|реки)\b", re.I)
_LOCATOR = re.compile(r"^\s*,?\s*(?:near|outside|close to|not far from|поблизу|біля|неподалік від|около|вблизи|под)\s+$",
                      re.I)
_DIRECTION_AFTER = re.compile(r"^[\s-]*(?:direction|axis|front|sector|напрям\w*|направлени\w*)\b", re.I)


@lru_cache(maxsize=256)
def _infrastructure(text: str) -> tuple[str, re.Match] | None:
    """The first infrastructure word of a text: (kind, match)."""
    best = None
    for kind, rx in _grammar()["infrastructure"]:
        m = rx.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (kind, m)
    return best


def _event_places(sent: str, offset: int, mentions: list[dict], parties: list[_Party]) -> list[dict]:
    """Mentions that say where something happened: settlements, regions and features named as places ("in
    Bucha", "attack on Kyiv", "Toretsk was shelled", "the Kakhovka dam", and lists after them), not as actors
    ("Kiev exposed", "the Moscow delegation"). Countries and demonyms are too coarse to locate an event; a word
    the side vocabulary claims ("Сили оборони") is no place. Each kept mention gains ``_head``: the first
    place of the list it belongs to."""
    out: list[dict] = []
    prev_kept = None
    for m in mentions:
        a, b = m["start"] - offset, m["end"] - offset
        if m["kind"] not in ("settlement", "region", "feature") or m.get("demonym") or _RIVER.search(
                m.get("name") or "") or any(_claims_word(p, a, b, m["surface"]) for p in parties):
            prev_kept = None
            continue
        before, after = sent[max(0, a - 60):a], sent[b:b + 40]
        listed = prev_kept is not None and _LIST_GAP.match(sent[prev_kept["end"] - offset:a])
        cues = list(_WHERE_BEFORE.finditer(before))
        between = before[cues[-1].end():].split() if cues else None
        cue = between is not None and len(between) <= 4 and not any(
            w[0].isupper() or w.lower() in _NOT_BETWEEN or not re.fullmatch(r"[\w'’-]+", w) for w in between)
        cyrillic = _CYRILLIC.search(m["surface"]) is not None  # free word order: any place named is where
        infra = _infrastructure(after[:30])
        named_infra = infra is not None and infra[1].start() <= 25 and not re.search(r"[,.;]", after[:infra[1].start()])
        if cue or cyrillic or _WHERE_AFTER.search(after) or listed or named_infra:
            m = dict(m, _head=prev_kept["_head"] if listed else m["start"], _infra=named_infra)
            out.append(m)
            prev_kept = m
        else:
            prev_kept = None
    # "the Zaporizhzhia nuclear power plant near Enerhodar": the plant stands at the place named after it
    drop = set()
    for i, m in enumerate(out[:-1]):
        if m["_infra"]:
            gap = sent[m["end"] - offset:out[i + 1]["start"] - offset]
            if len(gap) < 50 and re.search(r"\b(?:near|in|at|outside)\s+(?:the\s+)?$", gap):
                drop.add(i)
    # "the village of Komar near Velyka Novosilka": the second place says where the first lies
    for i, m in enumerate(out[:-1]):
        if _LOCATOR.match(sent[m["end"] - offset:out[i + 1]["start"] - offset]):
            drop.add(i + 1)
    out = [m for i, m in enumerate(out) if i not in drop]
    # a direction's town ("in the Pokrovsk direction", "на Покровському напрямку") says where only when no
    # village is named with it: "advanced near Kotlyne in the Pokrovsk direction" is no advance at Pokrovsk
    directions = [m for m in out if _DIRECTION_AFTER.match(sent[m["end"] - offset:])]
    if directions and len(directions) < len(out):
        out = [m for m in out if m not in directions]
    # a region yields to the settlements named with it: "recaptured Sudzha ... in the Kursk region"
    if any(m["kind"] == "settlement" for m in out):
        out = [m for m in out if m["kind"] != "region"]
    return out


def _claims_word(p: _Party, a: int, b: int, surface: str) -> bool:
    """Whether a side's words cover a place mention: "Сили оборони" over "Сили", "Українські" (a Cyrillic
    adjective), but not "Kyiv" named as a place."""
    if _CYRILLIC.search(surface):
        return p.start < b and a < p.end
    return p.start <= a and b <= p.end and p.end - p.start > b - a


def _coreferents(sent: str, offset: int, named: list[dict]) -> list[dict]:
    """"the town", "the city", "there", "місто", "там": the last settlement named before the phrase (in this
    sentence or an earlier one), placed at the phrase."""
    out = []
    for m in _one("coreference").finditer(sent):
        before = [p for p in named if p["end"] <= offset + m.start()]
        if before:
            out.append(dict(before[-1], start=offset + m.start(), end=offset + m.end(), surface=m.group(0),
                            _head=offset + m.start(), _infra=False, _coref=True))
    return out


def _assign(triggers: list[_Trigger], places: list[dict], offset: int) -> dict[int, list[dict]]:
    """Each place goes to the trigger nearest it in the sentence, a list's places with its first (the one a
    place after the trigger is nearest is preferred on a tie: "captured Toretsk", "Toretsk was shelled")."""
    out: dict[int, list[dict]] = {i: [] for i in range(len(triggers))}
    if not triggers:
        return out
    heads: dict[int, int] = {}
    for p in places:
        head = p.get("_head", p["start"])
        if head not in heads:
            a, b = p["start"] - offset, p["end"] - offset
            dist = [min(abs(a - t.end), abs(t.start - b)) for t in triggers]
            heads[head] = min(range(len(triggers)), key=dist.__getitem__)
        out[heads[head]].append(p)
    return out


@lru_cache(maxsize=1)
def _near_before() -> re.Pattern:
    """A word of nearness just before a place ("near", "north of", "в районі")."""
    return re.compile(_one("near").pattern + r"[\s\w'-]{0,12}$", re.I)


def _geo_precision(sent: str, offset: int, place: dict | None) -> str | None:
    if place is None or not _located(place):
        return None
    kind = place.get("kind")
    if kind == "region":
        return "region"
    if kind == "country":
        return "country"
    if place.get("geo_precision") in ("hromada", "raion"):  # a codifier village placed at its unit (issue 17)
        return place["geo_precision"]
    before = sent[max(0, place["start"] - offset - 25):place["start"] - offset]
    if place.get("_infra") or _near_before().search(before):
        return "near settlement"
    return "settlement"


def _time_precision(start: str, end: str, precision: str) -> str:
    """ACLED's time precision from a date span: day (a day or a night), week, month, year."""
    if precision == "year":
        return "year"
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    if precision == "month" and days > 7:
        return "month" if days <= 92 else "year"
    return "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 92 else "year"


# --------------------------------------------------------------------------------------------------------
# Extraction


def extract(text: str, date: str, doc_id: str, source: str | None = None,
            mentions: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """Events and claims of one article.

    Parameters
    ----------
    text : str
        The article.
    date : str
        Its date (ISO), against which "on Friday", "three years ago" are resolved.
    doc_id : str
        The document's id (content hash), kept on every record.
    source : str, optional
        The outlet or source name; the claimant when a claim names none.
    mentions : list of dict, optional
        The geoparser's mentions of ``text`` if already computed.

    Returns
    -------
    (events, claims) : two lists of records of the data model, with ``lat``/``lon`` where located.
    """
    mentions = geoparse(text) if mentions is None else mentions
    spans = sentences(text)
    dated = _Dated(text, spans, date)
    events: list[dict] = []
    last_settlement: dict | None = None
    last_date: tuple[str, str] | None = None  # (start, end) of the last event told
    last_actor: str | None = None  # who acted in it
    prev_events: list[dict] = []
    dispute_rx = _one("dispute")
    for i, ((a, b), in_sent) in enumerate(zip(spans, _per_sentence(mentions, spans))):
        sent = text[a:b]
        dispute = dispute_rx.search(sent)
        triggers = _triggers(sent, dispute)
        parties = _parties(sent) if dispute or triggers else []  # read where something happened or was denied
        if dispute:
            _mark_disputed(prev_events, sent, dispute, parties, source)
        sent_events: list[dict] = []
        if triggers:
            places = _event_places(sent, a, in_sent, parties)
            named = ([last_settlement] if last_settlement is not None else []) + [
                m for m in in_sent if m["kind"] == "settlement" and _located(m) and not m.get("demonym")]
            corefs = _coreferents(sent, a, named)
            if corefs:
                places = sorted(places + corefs, key=lambda m: m["start"])
            by_trigger = _assign(triggers, places, a)
            ctx = _Context(sent, a, b, dated.of(i), dated, date, last_date, find_chains(sent), parties, source,
                           _actors_in(sent, in_sent), last_actor)
            sent_events = _sentence_events(doc_id, ctx, triggers, by_trigger)
            if any(e["place_name"] is not None for e in sent_events):  # "after months of fighting"
                sent_events = [e for e in sent_events if e["place_name"] is not None or e["type"] != "attack"]
            if dispute:
                _mark_disputed(sent_events, sent, dispute, parties, source)
            events += sent_events
        for m in in_sent:
            if m["kind"] == "settlement" and _located(m) and not m.get("demonym"):
                last_settlement = m
        dated_events = [e for e in sent_events if e["type"] != "statement"]
        if dated_events:
            last_date = (dated_events[-1]["start"], dated_events[-1]["end"])
            last_actor = dated_events[-1]["actor1"] or last_actor
            prev_events = sent_events
        elif not dispute:
            prev_events = []
    # an event type found with and without a place in one sentence: keep the ones with a place (located or
    # named, not located)
    placed = {(e["sentence_start"], e["type"]) for e in events if e["place_name"] is not None}
    events = [e for e in events if e["place_name"] is not None or (e["sentence_start"], e["type"]) not in placed]
    return events, _claims_of(events)


def _per_sentence(mentions: list[dict], spans: list[tuple[int, int]]) -> list[list[dict]]:
    """The mentions lying wholly inside each sentence, in one pass over both (sorted by start): the work grows
    with the article, not with its sentences times its mentions."""
    ordered = sorted(mentions, key=lambda m: m["start"])
    out: list[list[dict]] = []
    j = 0
    for a, b in spans:
        while j < len(ordered) and ordered[j]["start"] < a:
            j += 1
        k = j
        while k < len(ordered) and ordered[k]["start"] < b:
            k += 1
        out.append([m for m in ordered[j:k] if m["end"] <= b])
        j = k
    return out


def _sentence_events(doc_id: str, ctx: "_Context", triggers: list[_Trigger], by_trigger: dict[int, list[dict]]
                     ) -> list[dict]:
    """One record per trigger and place of a sentence (a trigger without a place: one record), each type and
    place once."""
    out: list[dict] = []
    seen: set[tuple[str, object]] = set()
    for i, trig in enumerate(triggers):
        for place in by_trigger[i] or [None]:
            key = (trig.type, _place_key(place))
            if key in seen:
                continue
            seen.add(key)
            rec = _record(doc_id, ctx, trig, place)
            out.append(rec)
    return out


def _claims_of(events: list[dict]) -> list[dict]:
    """The claims among the events: advances, captures and withdrawals with a place."""
    claims = [_claim(e) for e in events if e["type"] in CLAIM_ACTIONS and e["place_name"] is not None]
    # a region's claim yields to the located settlements named with it ("in the Donetsk region, especially
    # Pokrovsk"), not to a village named but not located
    towns = {(c["sentence_start"], c["action"]) for c in claims
             if c["place_kind"] == "settlement" and c["lat"] is not None}
    return [c for c in claims if c["place_kind"] == "settlement" or (c["sentence_start"], c["action"]) not in towns]


class _Dated:
    """The date expressions of a document's sentences, each sentence read when first asked about (a sentence
    with no event needs its dates only for the document's earlier time, which few sentences ask for)."""

    def __init__(self, text: str, spans: list[tuple[int, int]], date: str):
        self._text, self._spans, self._date = text, spans, date
        self._of: dict[int, list[When]] = {}
        self._earlier: list[When] | None = None

    def of(self, i: int) -> list[When]:
        """The dates of sentence ``i`` (``dates.find_dates``)."""
        if i not in self._of:
            a, b = self._spans[i]
            self._of[i] = find_dates(self._text[a:b], self._date)
        return self._of[i]

    def earlier(self) -> list[When]:
        """The document's earlier time, for sentences about it that carry no date of their own: its dates
        before the article's year, years first."""
        if self._earlier is None:
            day = str(self._date)
            found = [w for i in range(len(self._spans)) for w in self.of(i) if w.end < day and w.end[:4] < day[:4]]
            self._earlier = sorted(found, key=lambda w: (w.precision != "year", w.start))
        return self._earlier


@dataclass
class _Context:
    """What every event of one sentence shares."""

    sent: str
    a: int
    b: int
    whens: list[When]
    dated: _Dated
    date: str
    last_date: tuple[str, str] | None
    chains: list[Chain]
    parties: list[_Party]
    source: str | None
    actors: list[str]
    last_actor: str | None = None


def _mark_disputed(events: list[dict], sent: str, dispute: re.Match, parties: list[_Party],
                   source: str | None) -> None:
    """Mark the events a denial answers: the disputer (the side named before the denial, or in "a claim Kyiv
    denied" just before it) must be the other side than the one that acted (or than the claimant's)."""
    before = [p for p in parties if p.end <= dispute.start()]
    if not before:
        return
    disputer = _resolve_side(before[-1].side, _side_of(source))
    if disputer is None:
        return
    start = max([0] + [m.end() for m in re.finditer(r"[,;]", sent[:before[-1].start])])
    by = _clean_party(sent[start:dispute.start()])
    by = re.sub(r"^(?:a|the)\s+claim\s+|^(?:which|що|что|это|this)\s+", "", by, flags=re.I)
    for e in events:
        if e["type"] in ("statement", "talks"):
            continue
        against = e["actor1"] or _side_of(e["claimant"]) or _side_of(e["source"])
        if against is None or against != disputer:
            e["disputed"] = 1
            e["disputed_by"] = by
            e["dispute_text"] = sent[dispute.start():].rstrip(" .")


def _located(place: dict | None) -> bool:
    """A place mention with a point (not one the geoparser left unresolved)."""
    return place is not None and place.get("resolved", True) and place.get("lat") is not None


def _place_key(place: dict | None):
    """What tells places apart within a sentence: the place id, or for a place not located its name."""
    if place is None:
        return None
    return place["place_id"] if _located(place) else ("unlocated", place.get("name") or place.get("surface"))


def _choose_when(sent: str, whens: list[When], dated: _Dated) -> When | None:
    if whens:
        return whens[0]
    if _PAST_PERFECT.search(sent) and not is_future(sent):
        earlier = dated.earlier()
        return earlier[0] if earlier else None
    return None


def _when_of(ctx: _Context, trig: _Trigger) -> tuple[str, str, str, str]:
    """(start, end, precision, date_text) of one trigger: the sentence's date, or one chained to another event
    ("a day after X" dates X from the sentence's date, "two days later" and "the day before" from the last event
    told); else the article's."""
    when = _choose_when(ctx.sent, ctx.whens, ctx.dated)
    start = end = str(ctx.date)
    precision, text = "day", ""
    if when is not None:
        start, end, precision, text = when.start, when.end, when.precision, when.text
    for ch in ctx.chains:
        if ch.kind == "after" and ch.span[1] <= trig.start:
            own = [w for w in ctx.whens if w.span[1] <= ch.span[0]]
            base = own[0] if own else when
            s0 = base.start if base is not None else str(ctx.date)
            day = shift(s0, -ch.days)
            return day, day, "day", ctx.sent[ch.span[0]:ch.span[1]]
        if ch.kind == "shift" and when is None:
            s0, e0 = ctx.last_date or (str(ctx.date), str(ctx.date))
            return shift(s0, ch.days), shift(e0, ch.days), "day", ctx.sent[ch.span[0]:ch.span[1]]
    return start, end, precision, text


def _record(doc_id: str, ctx: _Context, trig: _Trigger, place: dict | None) -> dict:
    start, end, precision, date_text = _when_of(ctx, trig)
    located = _located(place)
    sent = ctx.sent
    claimant = _claimant(sent, trig, ctx.source)
    own = _side_of(claimant) or _side_of(ctx.source)
    outcome = _outcome(sent)
    if outcome is None and trig.negated:
        outcome = "failed"
    if outcome == "intercepted" and trig.type == "equipment_loss":
        outcome = "destroyed"  # "shot down a Su-34"
    if outcome is not None and trig.type not in _OUTCOME_TYPES[outcome]:
        outcome = None
    actor1, actor2 = _actors_of(sent, trig, outcome, ctx.parties, own)
    if actor1 is None and ctx.last_actor and _PRONOUN.search(sent[:trig.start]):
        actor1, actor2 = ctx.last_actor, _other(ctx.last_actor)  # "Two days later they entered the city."
    if trig.type in ("talks", "statement", "atrocity"):
        actor1 = actor2 = None
    elif trig.type == "equipment_loss" and not re.match(r"(?:lost|downed|shot|destroyed|sank)\b", trig.text, re.I):
        actor1, actor2 = None, actor1  # "one of its F-16 fighters was lost": the side named lost it
    killed = _casualties(sent, _KILLED, _KILLED_HINT)
    injured = _casualties(sent, _INJURED, _INJURED_HINT)
    infra = _infrastructure(sent) if trig.type == "strike" else None
    rec = {
        "event_id": _hash(doc_id, ctx.a, ctx.b, trig.type, _event_place_part(place)),
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "date_precision": precision,
        "date_text": date_text,
        "time_precision": _time_precision(start, end, precision),
        "type": trig.type,
        "actors": ",".join(ctx.actors),
        "actor1": actor1,
        "actor2": actor2,
        "outcome": outcome,
        "count": _count(sent) if trig.type in ("attack", "advance", "strike") else None,
        "fatalities": killed,
        "injured": injured,
        "casualty_source": claimant if killed is not None or injured is not None else None,
        "claimant": claimant,
        "claimant_term": trig.text.lower() if trig.type == "capture" else None,
        "disputed": 0,
        "disputed_by": None,
        "dispute_text": None,
        "target": infra[0] if infra else None,
        "place_id": str(place["place_id"]) if located else None,
        "place_name": (place.get("name") or place.get("surface")) if place else None,
        "place_kind": place.get("kind") if place else None,
        "place_note": None if located or place is None else (place.get("reason") or "not located"),
        "geo_precision": _geo_precision(sent, ctx.a, place),
        "located": 1 if located else 0,
        "sentence": sent,
        "sentence_start": ctx.a,
        "sentence_end": ctx.b,
        "source": ctx.source,
        "confidence": round((place["score"] if located else 0.5) * (1.0 if date_text else 0.8), 3),
        "lat": place["lat"] if located else None,
        "lon": place["lon"] if located else None,
    }
    return rec


def _event_place_part(place: dict | None) -> str:
    """The place's part of an event id: its id, or "name:<name>" for a place not located, or ""."""
    key = _place_key(place)
    if key is None:
        return ""
    return f"name:{key[1]}" if isinstance(key, tuple) else str(key)


_CLAIM_KEEP = ("doc_id", "start", "end", "date_precision", "time_precision", "place_id", "place_name", "place_kind",
               "place_note", "geo_precision", "claimant", "claimant_term", "disputed", "disputed_by", "dispute_text",
               "sentence", "sentence_start", "sentence_end", "source", "confidence", "lat", "lon")


def _claim(event: dict) -> dict:
    """An event of ground changing hands as a claim: the claimant's word, the side that moved (actor1)."""
    return {
        **{k: event[k] for k in _CLAIM_KEEP},
        "claim_id": _hash(event["event_id"], "claim"),
        "event_id": event["event_id"],
        "side": event["actor1"],
        "action": event["type"],
    }
