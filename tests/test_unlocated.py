"""Places named but not located: an event or claim whose place the geoparser leaves unresolved keeps it by name
(no geometry, located 0, the reason in place_note), the store keeps it so, and the map lists it apart."""

from __future__ import annotations

import sqlite3
from html.parser import HTMLParser

import pytest

from geo.events import extract
from geo.maps import frontline_map
from geo.store import SCHEMA_VERSION, open_store

TEXT = ("Russian forces captured Kotlyne and Pokrovsk on Friday, the Russian defence ministry said. "
        "Ukrainian troops shelled Udachne and Kotlyne <i>again</i>.")
REASON = "no 'Kotlyne' within 60 km of the front on 2025-05-15; nearest 412 km"


def _mention(surface: str, nth: int = 0, **fields) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "surface": surface, "name": surface, "kind": "settlement",
            "country": "UA", "admin1": "Donetsk Oblast", "population": None, "ambiguous": False, **fields}


def _unresolved(surface: str, nth: int = 0, reason: str = REASON) -> dict:
    """A mention as the contract has the geoparser return it when no candidate lies where the text puts it."""
    return _mention(surface, nth, place_id=None, lat=None, lon=None, score=0.0, resolved=False, reason=reason,
                    country="", admin1="",
                    candidates=[{"place_id": 1, "name": surface, "admin1": "Kyiv Oblast", "country": "UA",
                                 "lat": 50.1, "lon": 30.2, "distance_km": 412.0}])


MENTIONS = [
    _unresolved("Kotlyne"),
    _mention("Pokrovsk", place_id=704422, lat=48.28014, lon=37.17706, score=0.97, resolved=True, reason=None),
    _unresolved("Udachne", reason="no 'Udachne' within 60 km of the front on 2025-05-15; nearest 95 km"),
    _unresolved("Kotlyne", nth=1),
]


def _extract():
    return extract(TEXT, date="2025-05-15", doc_id="doc1", source="test", mentions=[dict(m) for m in MENTIONS])


def test_an_unresolved_place_stays_on_its_event_and_claim_by_name():
    events, claims = _extract()
    captures = {e["place_name"]: e for e in events if e["type"] == "capture"}
    assert set(captures) == {"Kotlyne", "Pokrovsk"}
    k = captures["Kotlyne"]
    assert (k["located"], k["place_id"], k["lat"], k["lon"], k["place_note"]) == (0, None, None, None, REASON)
    assert k["start"] == "2025-05-09" and k["sentence"].startswith("Russian forces captured Kotlyne")
    p = captures["Pokrovsk"]
    assert (p["located"], p["place_id"], p["lat"], p["place_note"]) == (1, "704422", 48.28014, None)
    by_place = {c["place_name"]: c for c in claims}
    assert by_place["Kotlyne"]["lat"] is None and by_place["Kotlyne"]["place_note"] == REASON
    assert by_place["Kotlyne"]["side"] == "RU" and by_place["Kotlyne"]["action"] == "capture"
    assert by_place["Pokrovsk"]["lat"] == 48.28014
    # two places named but not located in one sentence are two events, not one
    strikes = sorted(e["place_name"] for e in events if e["type"] == "strike")
    assert strikes == ["Kotlyne", "Udachne"]
    # ids stay stable and distinct
    again, _ = _extract()
    assert [e["event_id"] for e in again] == [e["event_id"] for e in events]
    assert len({e["event_id"] for e in events}) == len(events)


def test_the_store_keeps_them_unlocated_with_the_reason(tmp_path):
    events, claims = _extract()
    doc = {"doc_id": "doc1", "doc_key": "a.txt", "title": "a", "date": "2025-05-15", "source": "test",
           "path": "a.txt", "encoding": "utf-8", "chars": len(TEXT)}
    with open_store(tmp_path / "s.gpkg") as st:
        res = st.ingest(doc, events, claims)
        assert res.unlocated == 3
        got = {(e["type"], e["place_name"]): e for e in st.query("events")}
        cl = {c["place_name"]: c for c in st.query("claims")}
        in_box = {e["place_name"] for e in st.query("events", bbox=(36.0, 47.0, 39.0, 49.0))}
    k = got[("capture", "Kotlyne")]
    assert (k["located"], k["lat"], k["place_id"], k["place_note"]) == (0, None, None, REASON)
    assert got[("strike", "Udachne")]["place_note"].endswith("nearest 95 km")
    assert got[("capture", "Pokrovsk")]["located"] == 1 and got[("capture", "Pokrovsk")]["place_note"] is None
    assert cl["Kotlyne"]["place_note"] == REASON and cl["Kotlyne"]["lat"] is None
    assert in_box == {"Pokrovsk"}  # no point, so in no box


class _Panel(HTMLParser):
    """The rows (cell texts) of the "named, not located" panel, and the title of its place cells."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside the panel
        self.heading = ""
        self.rows: list[list[str]] = []
        self.titles: list[str] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and (self.depth or a.get("id") == "fl-unlocated"):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self._cell = ""
            if tag == "td" and not self.rows[-1]:
                self.titles.append(a.get("title", ""))

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self.depth and not self.rows:
            self.heading += data


def _panel(path) -> _Panel:
    p = _Panel()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_the_map_lists_them_apart(tmp_path):
    events, claims = _extract()
    doc = {"doc_id": "doc1", "doc_key": "a.txt", "title": "a", "date": "2025-05-15", "source": "test",
           "path": "a.txt", "encoding": "utf-8", "chars": len(TEXT)}
    with open_store(tmp_path / "s.gpkg") as st:
        st.ingest(doc, events, claims)
        events, claims = st.query("events"), st.query("claims")
    out = frontline_map(tmp_path / "m.html", events=events, claims=claims)
    panel = _panel(out)
    assert panel.heading.startswith("named, not located (3)")
    header, *rows = panel.rows
    assert header == ["place", "date", "type", "sentence", "why"]
    assert [r[:3] for r in rows] == [
        ["Kotlyne", "2025-05-09 (day)", "capture; claimed by the Russian defence ministry (RU)"],
        ["Kotlyne", "2025-05-15 (day)", "strike"],
        ["Udachne", "2025-05-15 (day)", "strike"],
    ]
    assert rows[0][3] == TEXT.split(". ")[0] + "." and rows[0][4] == REASON
    # article text is escaped: the sentence's "<i>" is text in the cell, not markup
    assert rows[2][3] == "Ukrainian troops shelled Udachne and Kotlyne <i>again</i>."
    assert "Kotlyne &lt;i&gt;again&lt;/i&gt;." in out.read_text(encoding="utf-8")
    assert panel.titles[0] == REASON
    assert "Pokrovsk" not in {r[0] for r in rows}


def test_no_panel_when_every_place_is_located(tmp_path):
    events, claims = extract("Russian forces captured Pokrovsk on Friday.", date="2025-05-15", doc_id="d",
                             mentions=[{"start": 24, "end": 32, "surface": "Pokrovsk", "name": "Pokrovsk",
                                        "kind": "settlement", "country": "UA", "admin1": "", "place_id": 704422,
                                        "lat": 48.28, "lon": 37.18, "score": 0.9, "ambiguous": False}])
    assert events and all(e["located"] for e in events)
    out = frontline_map(tmp_path / "m.html", events=events, claims=claims)
    assert "fl-unlocated" not in out.read_text(encoding="utf-8")
    assert not _panel(out).rows


def _make_schema_1(url: str) -> None:
    """Turn a new store into one an earlier frontline wrote: no place_note, schema version 1."""
    stmts = [f'ALTER TABLE "{t}" DROP COLUMN place_note' for t in ("events", "claims")]
    stmts.append("UPDATE frontline_meta SET value = '1' WHERE key = 'schema_version'")
    if url.endswith(".gpkg"):
        con = sqlite3.connect(url)
        for stmt in stmts:
            con.execute(stmt)
        con.commit()
        con.close()
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"), future=True)
        with engine.begin() as con:
            for stmt in stmts:
                con.execute(text(stmt))
        engine.dispose()


def test_an_older_store_gains_place_note_when_opened(store_url):
    open_store(store_url).close()
    _make_schema_1(store_url)
    events, claims = _extract()
    doc = {"doc_id": "doc1", "doc_key": "a.txt", "title": "a", "date": "2025-05-15", "source": "test",
           "path": "a.txt", "encoding": "utf-8", "chars": len(TEXT)}
    with open_store(store_url) as st:
        st.ingest(doc, events, claims)
        assert {e["place_note"] for e in st.query("events") if e["place_name"] == "Kotlyne"} == {REASON}
        assert {c["place_note"] for c in st.query("claims")} == {REASON, None}
    with open_store(store_url) as st:  # opened again: nothing left to add
        assert len(st.query("events")) == len(events)
    if store_url.endswith(".gpkg"):
        con = sqlite3.connect(store_url)
        assert con.execute("SELECT value FROM frontline_meta WHERE key='schema_version'").fetchone()[0] == \
            str(SCHEMA_VERSION)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


@pytest.mark.parametrize("reason", [None, ""])
def test_a_missing_reason_still_says_not_located(reason):
    m = _unresolved("Kotlyne", reason=reason)
    events, _ = extract(TEXT.split(". ")[0] + ".", date="2025-05-15", doc_id="d", mentions=[m])
    assert [(e["place_name"], e["located"], e["place_note"]) for e in events] == [("Kotlyne", 0, "not located")]


@pytest.mark.parametrize("text,town,village", [
    ("Russian forces advanced near Kotlyne in the Pokrovsk direction.", "Pokrovsk", "Kotlyne"),
    ("На Покровському напрямку ворог намагався просунутися в районі Котлине.", "Покровському", "Котлине"),
])
def test_a_direction_town_yields_to_the_villages_named_with_it(text, town, village):
    """The direction's town is where the fighting is only when no village is named: with one, located or
    not, the event is the village's."""
    a, b = text.index(town), text.index(village)
    pokrovsk = {"start": a, "end": a + len(town), "surface": town, "name": "Pokrovsk", "kind": "settlement",
                "country": "UA", "admin1": "", "place_id": 704422, "lat": 48.28, "lon": 37.18, "score": 0.9,
                "ambiguous": False, "resolved": True, "reason": None}
    kotlyne = {"start": b, "end": b + len(village), "surface": village, "name": village, "kind": "settlement",
               "country": "", "admin1": "", "place_id": None, "lat": None, "lon": None, "score": 0.0,
               "ambiguous": False, "resolved": False, "reason": REASON, "candidates": []}
    events, _ = extract(text, date="2025-05-15", doc_id="d", mentions=[pokrovsk, kotlyne])
    assert [(e["type"], e["place_name"], e["located"]) for e in events] == [("advance", village, 0)]
    alone, _ = extract(text, date="2025-05-15", doc_id="d", mentions=[pokrovsk])
    assert [(e["type"], e["place_name"], e["located"]) for e in alone] == [("advance", "Pokrovsk", 1)]
