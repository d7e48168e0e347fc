"""The faster scans find what the plain ones find: the trigger alternation said once at word starts and compiled
for plain ASCII, the date look split by script, and the cheap first looks in front of the costlier patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import dates, events
from geo.rx import alternatives, begins_word, is_plain_ascii
from event_corpus import ITEMS as DEV
from event_heldout import ITEMS as HELD

TEXTS = [item[4] for item in DEV + HELD]
ROWS = events._rows("event_types.csv")  # the table the trigger scan is built from


@pytest.mark.parametrize("pattern, yes", [
    (r"\bmet\b|\b(?:peace )?talks\b", True), (r"\b(?P<n>a|b)c", True), (r"\b\w+", True), (r"\bб", True),
    (r"\b(?:x|y){0,2}z", True), (r"\bmet|talks", False), (r"\b(?:a )?", False), (r"\bx?-", False),
    (r"\b(?:x|y){0,2}-", False), (r"\b[a-z]", False), (r"\b(?=x)x", False), (r"\b(a|-)", False),
    (r"\b(?#c)a", False), (r"\b(a", False)])
def test_begins_word_is_sure_or_says_no(pattern, yes):
    assert begins_word(pattern) is yes


def test_alternatives_split_at_the_top_level_only():
    assert alternatives(r"a(b|c)|[|\]]d|\|e|[^]|]f") == ["a(b|c)", r"[|\]]d", r"\|e", "[^]|]f"]
    assert alternatives("a(b") is None


def test_every_trigger_row_begins_a_word():
    """What lets ``_types`` say ``\\b(?=\\w)`` once in front (were a row added that does not, the scan would
    only be slower, never different)."""
    assert all(begins_word(r["pattern"]) for r in ROWS)


def _plain_alternation(ascii_only: bool) -> re.Pattern:
    rows = [r for r in ROWS if r["pattern"].isascii() or not ascii_only]
    return re.compile("|".join(f"(?P<t{n}>{r['pattern']})" for n, r in enumerate(rows)), re.I)


def _spans(rx: re.Pattern, text: str) -> list:
    return [(m.lastgroup, m.span()) for m in rx.finditer(text)]


_WORDS = ["attacked", "talks", "shot down", "F-16", "Su-34s", "retreat", "the", "troops", "war crimes",
          "обстріл", "атакували", "заявив", "peace", "met", "MiG-29", "killed", "a", "x", "_"]
_GLUE = [" ", "  ", ", ", ".", "-", "'", "’", "\n", "\x1f", "", "—", "й"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=14))
def test_trigger_scan_finds_what_the_plain_alternation_finds(parts):
    text = "".join(w + g for w, g in parts)
    for ascii_only in (True, False):
        if ascii_only and not text.isascii():
            continue
        fast, _ = events._types(ascii_only, ascii_only and is_plain_ascii(text))
        assert _spans(fast, text) == _spans(_plain_alternation(ascii_only), text)


def test_trigger_scan_on_the_event_set():
    for text in TEXTS:
        for a, b in events.sentences(text):
            s = text[a:b]
            fast, _ = events._types(s.isascii(), s.isascii() and is_plain_ascii(s))
            assert _spans(fast, s) == _spans(_plain_alternation(s.isascii()), s)


_OLD_DATEISH = re.compile(r"\d|вчора|вчера|сьогодні|сегодня|ноч|доб|сутки|" + dates._CYR_MONTH_RE + "|"
                          + dates._CYR_WEEKDAY_RE + r"|\b(?:" + "|".join(sorted(set(dates._MONTHS)
                          | set(dates._WEEKDAYS), key=len, reverse=True)) +
                          r"|yesterday|today|tonight|tomorrow|morning|afternoon|evening|overnight|dawn|week|month|"
                          r"year|ago|recent|recently|night|past day|24 hours)", re.I)


def _dateish(s: str) -> bool:
    return dates._DATEISH_LATIN.search(s) is not None or (
        not s.isascii() and dates._DATEISH_CYR.search(s) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["травня", "вчора", "ночі", "доба", "May", "week", "7", "Friday", "п'ятниці",
                                 "у", "понеділок", "the", "war", "’", " ", "  ", "ago"]), max_size=8))
def test_the_date_look_split_by_script_decides_as_before(words):
    text = " ".join(words)
    assert _dateish(text) == (_OLD_DATEISH.search(text) is not None)


def test_cyrillic_date_patterns_need_cyrillic():
    for word in dates._DATEISH_CYR_WORDS:
        for alt in alternatives(word.removeprefix("(?:").removesuffix(")")):
            assert not alt[0].isascii(), alt
    for text in TEXTS:
        if text.isascii():
            assert not any(rx.search(text) for rx, _ in dates._PATTERNS_CYR)


@pytest.mark.parametrize("hint, patterns", [
    (events._COUNTED_HINT, [events._COUNT]), (events._KILLED_HINT, events._KILLED),
    (events._INJURED_HINT, events._INJURED), (dates._CHAIN_HINT, [c[0] for c in dates._CHAINS])])
def test_every_match_holds_its_hint(hint, patterns):
    """A first look spares a sentence only when none of the patterns could match it."""
    found = 0
    extra = ["Ukrainian forces repelled 45 Russian assaults", "killing 3 people", "5 civilians were killed",
             "загинули 2 людини", "3 людей загинули", "wounding 12", "7 people were injured", "поранено 4",
             "двоє мирних жителів поранені", "two days later", "the day before", "the following week",
             "наступного дня", "через два дні", "напередодні", "a week after the strike", "the night before"]
    for text in TEXTS + extra:
        for rx in patterns:
            for m in rx.finditer(text):
                found += 1
                assert hint.search(m.group(0)), (m.group(0), hint.pattern)
    assert found  # the set and the examples exercise every hint
