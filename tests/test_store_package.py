"""The store as one package: an abstract interface every backend implements, a writer that gives an older
store whatever columns it lacks (whatever its version number says) while a reader changes nothing, and the
front line cached per store."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
import shapely

from geo.store import LAYERS, SCHEMA_VERSION, BaseStore, GpkgStore, open_store
from geo.territory import Snapshot

DOC = {"doc_id": "d1", "doc_key": "a.txt", "title": "a", "date": "2025-05-15", "source": "wire", "path": "a.txt",
       "encoding": "utf-8", "chars": 10}
EVENT = {"event_id": "e1", "doc_id": "d1", "start": "2025-05-13", "end": "2025-05-13", "type": "strike",
         "place_name": "Odesa", "lat": 46.4825, "lon": 30.7233, "target": "port", "fatalities": 2}


def test_the_interface_is_abstract():
    with pytest.raises(TypeError, match="abstract"):
        BaseStore("x")

    class Half(BaseStore):  # a backend that forgot how to run SQL
        def close(self):
            pass

    with pytest.raises(TypeError, match="_execute"):
        Half("x")
    assert GpkgStore.__abstractmethods__ == frozenset()


def _drop(path, column: str, version: int | None = None) -> None:
    con = sqlite3.connect(path)
    con.execute(f'ALTER TABLE events DROP COLUMN "{column}"')
    if version is not None:
        con.execute("UPDATE frontline_meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    con.commit()
    con.close()


def _columns(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[1] for r in con.execute('PRAGMA table_info("events")')}
    finally:
        con.close()


def test_a_writer_adds_a_missing_column_even_at_the_current_version(tmp_path):
    store = tmp_path / "s.gpkg"
    open_store(store).close()
    _drop(store, "target")  # the version still says current: only the columns tell
    assert "target" not in _columns(store)
    with open_store(store) as st:
        assert "target" in st.fields("events")
        st.ingest(DOC, [EVENT], [])
        (row,) = st.query("events")
    assert (row["target"], row["fatalities"], round(row["lat"], 4)) == ("port", 2, 46.4825)
    assert _columns(store) >= set(LAYERS["events"][1])


def test_a_reader_never_upgrades_and_sees_absent_fields_as_none(tmp_path):
    store = tmp_path / "s.gpkg"
    with open_store(store) as st:
        st.ingest(DOC, [EVENT], [])
    _drop(store, "target", version=1)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    with open_store(store, create=False) as st:
        assert "target" not in st.fields("events")
        (row,) = st.query("events", bbox=(30.0, 46.0, 31.0, 47.0))
        assert row["target"] is None and row["fatalities"] == 2 and row["place_name"] == "Odesa"
        assert st.checksum("events")[0] == 1
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    with open_store(store):  # the next writer brings it up to date
        pass
    con = sqlite3.connect(store)
    assert con.execute("SELECT value FROM frontline_meta").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()
    assert "target" in _columns(store)


def _square(x0: float) -> shapely.MultiPolygon:
    return shapely.MultiPolygon([shapely.box(x0, 47.0, x0 + 1.0, 48.0)])


def test_front_edge_is_computed_once_per_snapshot(tmp_path):
    with open_store(tmp_path / "s.gpkg") as st:
        assert st.front_edge("2025-05-01") is None
        st.put_snapshot(Snapshot("2025-05-01T00:00:00Z", "test", {"occupied": _square(37.0)}, source_kind="plain"))
        edge = st.front_edge("2025-05-10")
        assert edge is st.front_edge("2025-05-20")  # the same snapshot: the cached lines
        assert edge.length == pytest.approx(4.0)
        assert st.front_edge("2025-09-01") is None  # more than 90 days after the last map
        st.put_snapshot(Snapshot("2025-06-01T00:00:00Z", "test", {"occupied": _square(38.0)}, source_kind="plain"))
        assert st.front_edge("2025-06-02").bounds == (38.0, 47.0, 39.0, 48.0)
        assert st.front_edge("2025-05-20") is edge
