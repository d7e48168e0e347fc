"""A trigger near the start of a sentence reads its context from the sentence's start, not from its end."""

from __future__ import annotations

import pytest

from geo.events import extract


@pytest.mark.parametrize("lead", ["", "So ", "Then ", "They "])
def test_occupied_more_near_the_start_is_an_advance(lead: str) -> None:
    # "occupied more than ... km²" is ground gained, not a capture: with the trigger in the first five characters
    # the context slice used to wrap round to the sentence's end and miss the phrase
    text = f"{lead}occupied more than 20 square kilometres as troops advanced near Pokrovsk."
    events, _ = extract(text, "2025-05-15", "doc", "src", mentions=[])
    assert [e["type"] for e in events] == ["advance"]


def test_capture_without_occupied_more_stays_a_capture() -> None:
    events, _ = extract("So troops captured the village as others advanced near Pokrovsk.", "2025-05-15", "doc",
                        "src", mentions=[])
    assert "capture" in [e["type"] for e in events]
