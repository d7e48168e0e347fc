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
- Ids are stable hashes of the document, the sentence's span, the type and the place: ingesting the same text
  twice yields the same ids.

>>> evs, cls = extract("Russian forces captured Toretsk on Friday, the Russian defence ministry said.",
...                    date="2025-05-15", doc_id="d", source="test")
>>> [(c["place_name"], c["action"], c["side"], c["start"]) for c in cls]
[('Toretsk', 'capture', 'RU', '2025-05-09')]
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import When, find_dates, is_future
from .geoparse import geoparse
from .settings import project_data_dir

__all__ = ["extract", "sentences", "EVENT_TYPES", "CLAIM_ACTIONS"]

CLAIM_ACTIONS = ("advance", "capture", "withdrawal", "liberation")
"""Event types that are claims about ground changing hands."""

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
        if _ABBREV.search(text[start:m.start() + 1]) and not m.group(0).startswith("\n"):
            continue
        out.append((start, end))
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


# --------------------------------------------------------------------------------------------------------
# Vocabularies


@lru_cache(maxsize=2)
def _types(ascii_only: bool) -> tuple[re.Pattern, list[str]]:
    """The trigger patterns as one alternation (one scan per sentence) and the type of each group; for an
    ASCII sentence, only the patterns written in ASCII."""
    with (project_data_dir() / "event_types.csv").open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["pattern"].isascii() or not ascii_only]
    for r in rows:
        re.compile(r["pattern"])  # a bad row fails here, naming itself in the traceback
    combined = "|".join(f"(?P<t{n}>{r['pattern']})" for n, r in enumerate(rows))
    return re.compile(combined, re.I), [r["type"] for r in rows]


EVENT_TYPES = ("talks", "strike", "advance", "capture", "withdrawal", "liberation", "atrocity", "deployment",
               "equipment_loss", "statement")


@lru_cache(maxsize=1)
def _actors() -> dict[str, str]:
    with (project_data_dir() / "actors.csv").open(newline="", encoding="utf-8") as f:
        return {r["name"]: r["actor"] for r in csv.DictReader(f)}


_SIDE = re.compile(r"\b(Russia(?:n|ns|'s|’s)?|Moscow(?:'s|’s)?|Kremlin|Ukrain(?:e|ian|ians|e's|e’s)|Kyiv(?:'s|’s)?|"
                   r"Kiev(?:'s|’s)?)\b(?:\s+(?:armed\s+)?(?:forces|troops|army|units|soldiers|military|"
                   r"defenders|assault|marines|paratroopers|brigades?))?", re.I)
_REPORT = re.compile(r"\b(?:said|says|reported|reports|claimed|claims|announced|stated|confirmed|according to|"
                     r"told)\b", re.I)
_PAST_PERFECT = re.compile(r"\b(?:had\s+(?:\w+ly\s+)?\w+(?:ed|en|held|met|led|won|lost|fought|seen|begun|taken|fled)|"
                           r"previously|before the full-scale invasion|at the start of the war)\b", re.I)


@dataclass
class _Trigger:
    type: str
    start: int
    end: int


def _triggers(sentence: str) -> list[_Trigger]:
    rx, names = _types(sentence.isascii())
    out = [_Trigger(names[int(m.lastgroup[1:])], m.start(), m.end()) for m in rx.finditer(sentence)]
    kinds = {t.type for t in out}
    if kinds - {"statement"}:
        out = [t for t in out if t.type != "statement"]  # said + something happened: the happening
    if "capture" in kinds and "advance" in kinds:
        out = [t for t in out if t.type != "capture" or not re.search(r"occupied more", sentence[t.start - 5:t.end + 10])]
    return out


def _side(text: str) -> str | None:
    word = text.lower()
    if word.startswith(("russia", "moscow", "kremlin")):
        return "RU"
    if word.startswith(("ukrain", "kyiv", "kiev")):
        return "UA"
    return None


def _actors_in(sentence: str, mentions: list[dict]) -> list[str]:
    found = []
    for m in mentions:
        if m["kind"] == "country" or m.get("demonym"):
            found.append(m["country"])
    for name, code in _actors().items():
        if re.search(rf"\b{re.escape(name)}\b", sentence):
            found.append(code)
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
            return _clean_party(subject)
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


# --------------------------------------------------------------------------------------------------------
# Extraction


_WHERE_BEFORE = re.compile(
    r"\b(?:in|near|at|on|outside|around|from|into|toward|towards|of|across|along|over|to|inside|between|"
    r"hit|hitting|struck|striking|shelled|shelling|attacked|attacking|bombed|bombing|captured|capturing|took|seized|"
    r"liberated|retook|entered|reached|stormed|surrounded|encircled|targeted|pounded|approaches to)\s+", re.I)
# words that may stand between the cue and the place are articles and adjectives, not clauses: "in the eastern
# Donetsk region" yes; "in Istanbul after Kiev", "reached if Kiev" no
_NOT_BETWEEN = {"if", "and", "or", "but", "after", "before", "that", "when", "while", "as", "because", "since",
                "until", "with", "without", "he", "she", "it", "they", "we", "is", "are", "was", "were", "be", "been",
                "has", "have", "had", "said", "says", "not", "which", "who", "whose", "by", "than", "then"}
_WHERE_AFTER = re.compile(
    r"^\s*,?\s*(?:was|were|has been|have been|had been|is being)\s+(?:\w+\s+)?(?:hit|struck|shelled|attacked|"
    r"bombed|captured|taken|seized|liberated|retaken|surrounded|targeted|pounded|occupied)\b", re.I)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|, and|, or)\s*$")
_DIRECTION_AFTER = re.compile(r"^[\s-]*(?:direction|axis|front|sector|напрям\w*|направлени\w*)\b", re.I)


def _event_places(sent: str, offset: int, mentions: list[dict]) -> list[dict]:
    """Mentions that say where something happened: settlements, regions and features named as places ("in
    Bucha", "attack on Kyiv", "Toretsk was shelled", and lists after them), not as actors ("Kiev exposed",
    "the Moscow delegation"). Countries and demonyms are too coarse to locate an event."""
    out: list[dict] = []
    prev_kept = None
    for m in mentions:
        if m["kind"] not in ("settlement", "region", "feature") or m.get("demonym"):
            prev_kept = None
            continue
        a, b = m["start"] - offset, m["end"] - offset
        before, after = sent[max(0, a - 60):a], sent[b:b + 40]
        listed = prev_kept is not None and _LIST_GAP.match(sent[prev_kept["end"] - offset:a])
        cues = list(_WHERE_BEFORE.finditer(before))
        between = before[cues[-1].end():].split() if cues else None
        cue = between is not None and len(between) <= 4 and not any(
            w[0].isupper() or w.lower() in _NOT_BETWEEN or not re.fullmatch(r"[\w'’-]+", w) for w in between)
        cyrillic = _CYRILLIC.search(m["surface"]) is not None  # free word order: any place named is where
        if cue or cyrillic or _WHERE_AFTER.search(after) or listed:
            out.append(m)
            prev_kept = m
        else:
            prev_kept = None
    # a direction's town ("in the Pokrovsk direction", "на Покровському напрямку") says where only when no
    # village is named with it: "advanced near Kotlyne in the Pokrovsk direction" is no advance at Pokrovsk
    directions = [m for m in out if _DIRECTION_AFTER.match(sent[m["end"] - offset:])]
    if directions and len(directions) < len(out):
        out = [m for m in out if m not in directions]
    return out


def _assign(triggers: list[_Trigger], places: list[dict], offset: int) -> dict[int, list[dict]]:
    """Each place goes to the trigger nearest it in the sentence."""
    out: dict[int, list[dict]] = {i: [] for i in range(len(triggers))}
    if not triggers:
        return out
    for p in places:
        a, b = p["start"] - offset, p["end"] - offset
        dist = [min(abs(a - t.end), abs(t.start - b)) for t in triggers]
        out[min(range(len(triggers)), key=dist.__getitem__)].append(p)
    return out


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
    dated = [find_dates(text[a:b], date) for a, b in spans]
    # The document's earlier time, for sentences about it that carry no date of their own.
    earlier = [w for ws in dated for w in ws if w.end < str(date) and w.end[:4] < str(date)[:4]]
    earlier.sort(key=lambda w: (w.precision != "year", w.start))
    events: list[dict] = []
    claims: list[dict] = []
    for (a, b), whens in zip(spans, dated):
        sent = text[a:b]
        in_sent = [m for m in mentions if a <= m["start"] and m["end"] <= b]
        triggers = _triggers(sent)
        if not triggers:
            continue
        when = _choose_when(sent, whens, earlier, date)
        actors = _actors_in(sent, in_sent)
        places = _event_places(sent, a, in_sent)
        by_trigger = _assign(triggers, places, a)
        seen: set[tuple[str, object]] = set()
        for i, trig in enumerate(triggers):
            targets = by_trigger[i] or [None]
            for place in targets:
                key = (trig.type, _place_key(place))
                if key in seen:
                    continue
                seen.add(key)
                rec = _record(doc_id, source, sent, a, b, trig, when, actors, place, date)
                events.append(rec)
                if trig.type in CLAIM_ACTIONS and place is not None:
                    claims.append(_claim(rec, sent, trig, source))
    # a region's claim yields to the located settlements named with it ("in the Donetsk region, especially
    # Pokrovsk"), not to a village named but not located
    towns = {(c["sentence_start"], c["action"]) for c in claims
             if c["place_kind"] == "settlement" and c["lat"] is not None}
    claims = [c for c in claims if c["place_kind"] == "settlement" or (c["sentence_start"], c["action"]) not in towns]
    # an event type found with and without a place in one sentence: keep the ones with a place (located or
    # named, not located)
    placed = {(e["sentence_start"], e["type"]) for e in events if e["place_name"] is not None}
    events = [e for e in events if e["place_name"] is not None or (e["sentence_start"], e["type"]) not in placed]
    return events, claims


def _located(place: dict | None) -> bool:
    """A place mention with a point (not one the geoparser left unresolved)."""
    return place is not None and place.get("resolved", True) and place.get("lat") is not None


def _place_key(place: dict | None):
    """What tells places apart within a sentence: the place id, or for a place not located its name."""
    if place is None:
        return None
    return place["place_id"] if _located(place) else ("unlocated", place.get("name") or place.get("surface"))


def _choose_when(sent: str, whens: list[When], earlier: list[When], date: str) -> When | None:
    if whens:
        return whens[0]
    if earlier and _PAST_PERFECT.search(sent) and not is_future(sent):
        return earlier[0]
    return None


def _record(doc_id, source, sent, a, b, trig, when, actors, place, date) -> dict:
    start = end = str(date)  # no date of its own: the article's
    precision = "day"
    date_text = ""
    if when is not None:
        start, end, precision, date_text = when.start, when.end, when.precision, when.text
    located = _located(place)
    rec = {
        "event_id": _hash(doc_id, a, b, trig.type, _event_place_part(place)),
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "date_precision": precision,
        "date_text": date_text,
        "type": trig.type,
        "actors": ",".join(actors),
        "place_id": str(place["place_id"]) if located else None,
        "place_name": (place.get("name") or place.get("surface")) if place else None,
        "place_kind": place.get("kind") if place else None,
        "place_note": None if located or place is None else (place.get("reason") or "not located"),
        "located": 1 if located else 0,
        "sentence": sent,
        "sentence_start": a,
        "sentence_end": b,
        "source": source,
        "confidence": round((place["score"] if located else 0.5) * (1.0 if when is not None else 0.8), 3),
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


def _claim(event: dict, sent: str, trig: _Trigger, source: str | None) -> dict:
    # the side that moved: the party named nearest before the action word ("Russian forces captured ...")
    side = None
    for m in _SIDE.finditer(sent[:trig.start]):
        side = _side(m.group(1)) or side
    if side is None:
        m = _SIDE.search(sent[trig.end:])
        side = _side(m.group(1)) if m else None
    return {
        **{k: event[k] for k in ("doc_id", "start", "end", "date_precision", "place_id", "place_name", "place_kind",
                                 "place_note", "sentence", "sentence_start", "sentence_end", "source", "confidence",
                                 "lat", "lon")},
        "claim_id": _hash(event["event_id"], "claim"),
        "event_id": event["event_id"],
        "claimant": _claimant(sent, trig, source),
        "side": side,
        "action": trig.type,
    }
