"""The geoparser's tokeniser against its plain definition.

``geo.geoparse._tokens`` scans only capitals and reads the lowercase words next to them. Its definition is
simpler and slower: one regular expression over every word -- dotted initials, capitalised words, any word right
before a capitalised one, the suffixes and verbs of speech anywhere -- keeping the lowercase words some rule reads.
The two token lists differ only in lowercase words that touch no capitalised one, which no rule reads: the
mentions found from them must be the same, for any text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import geoparse as gp
from geo.gazetteer import load, norm

# The plain definition (the tokeniser of frontline 0.x, before the scan of capitals).
_DEFINITION = re.compile(
    r"(?:[A-Z][a-z]{0,2}\.){2,}"
    r"|\b(?:[" + gp._UPPER + r"]" + gp._WORD_TAIL +
    r"|[^\W\d_]++(?=[ \t]+[" + gp._UPPER + r"\"“(«])"
    r"|(?:" + gp._AFTER_WORDS + r")\b)")


def defined_tokens(text: str) -> gp._Tokens:
    rows = []
    keep = gp._keep_lower()
    for m in _DEFINITION.finditer(text):
        t = m.group()
        if t[0].isupper():
            rows.append((m.start(), m.end(), t, t.lower() if t.isascii() and t.isalpha() else norm(t), True))
        elif t in keep:
            rows.append((m.start(), m.end(), t, t, False))
    if not rows:
        return gp._Tokens([], [], [], [], [], [])
    starts, ends, texts, keys, caps = map(list, zip(*rows))
    joined = [a == b or text[a:b].isspace() for a, b in zip(ends, starts[1:])] + [False]
    return gp._Tokens(starts, ends, texts, keys, caps, joined)


def found(text: str, tokens: gp._Tokens) -> list[tuple]:
    gaz = load()
    gp._mark_people(text, tokens, gaz)
    return [(m.start, m.end, tuple(m.candidates), m.demonym, m.unknown) for m in gp._find(text, tokens, gaz)]


WORDS = sorted(gp._keep_lower()) + gp._AFTER_WORDS.split("|") + [
    "Kyiv", "Donetsk", "Marco", "Rubio", "President", "U.S.", "non-U.S.", "iPhone-Kyiv", "Kellogg", "Toretsk",
    "Pokrovsk", "Chasiv", "Yar", "New", "York", "City", "Ky.", "Alta.", "Glasgow", "Stepova", "Novoselivka", "Mali",
    "Shcherbaky", "Russian-Ukrainian", "Часовому", "Яру", "ātrs", "Ōsaka", "2Kyiv", "x_Kyiv", "(Kyiv)", "Kyiv's",
    "Sen.", "Mr.", "TASS", "NATO", "EU", "Reading", "Oskil", "Lyman", "ДНР", "Донецької", "області", "the", "a"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\t", " \n ", ", ", ". ", " (", " \"", " “", " «", "-", "'", "\u00a0", ";"]


@pytest.mark.parametrize("text", [
    "Kellogg said\nKyiv was calm.", "the river\nOskil", "in  Kyiv and\tLyman", "non-U.S. troops in (Kyiv)",
    "iPhone-Kyiv deal", "officials in \"Kyiv\" said", "Donetsk region said Marco Rubio.", "",
])
def test_tokens_find_what_the_definition_finds(text):
    assert found(text, gp._tokens(text)) == found(text, defined_tokens(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30))
def test_tokens_find_what_the_definition_finds_for_any_text(parts):
    text = "".join(w + s for w, s in parts)
    assert found(text, gp._tokens(text)) == found(text, defined_tokens(text))


def test_lowercase_tokens_touch_a_capitalised_one():
    text = "They said the talks in Istanbul ended, the region said\nKyiv and Donetsk region officials said."
    t = gp._tokens(text)
    lower = [(t.texts[i], t.starts[i]) for i in range(len(t)) if not t.caps[i]]
    assert lower == [("said", 5), ("in", text.index(" in ") + 1), ("said", text.index("said\n")),
                     ("and", text.index(" and ") + 1), ("region", text.index("region officials"))]
