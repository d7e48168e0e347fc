"""Diffs, series, claims checked against snapshots, and the front line as a geoparsing signal."""

from __future__ import annotations

import json
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geo.cli import app
from geo.diff import diff, front_length_km, front_line
from geo.territory import Snapshot, area_km2, read_snapshot

runner = CliRunner()
ANCHORS = [  # DeepState's own published Russian gains, month-end map to month-end map
    ("deepstate_2024-07-31T2054Z.geojson", "deepstate_2024-08-31T2046Z.geojson", 363.0),
    ("deepstate_2024-10-31T2117Z.geojson", "deepstate_2024-11-30T2121Z.geojson", 730.0),
]


@pytest.mark.parametrize("a,b,published", ANCHORS)
def test_published_monthly_gains_within_1_5_percent(shared, a, b, published):
    raw = shared("data", "deepstate", "raw")
    res = diff(read_snapshot(raw / a), read_snapshot(raw / b))
    s = res.summary
    assert s["net_km2"] == pytest.approx(published, rel=0.015)
    assert s["gained_km2"] == pytest.approx(published, rel=0.015)
    assert s["gained_km2"] - s["lost_km2"] == pytest.approx(s["net_km2"], abs=0.05)


def _snap(time, **layers) -> Snapshot:
    return Snapshot(time, "test", {k: shapely.MultiPolygon([v]) if v.geom_type == "Polygon" else v
                                   for k, v in layers.items()})


def test_gained_lost_slivers_and_totals():
    a = _snap("2025-01-01T00:00:00Z", occupied=shapely.box(37.0, 48.0, 37.2, 48.2))
    tiny = shapely.box(37.5, 48.0, 37.5005, 48.0005)  # ~0.002 km²
    b = _snap("2025-02-01T00:00:00Z", occupied=shapely.union_all([shapely.box(37.0, 48.0, 37.3, 48.2), tiny]))
    s = diff(a, b).summary
    gained = area_km2(shapely.box(37.2, 48.0, 37.3, 48.2)) + area_km2(tiny)
    # within 0.1%: a straight edge in lon/lat and its chord in the projection differ slightly
    assert s["gained_km2"] == pytest.approx(gained, rel=1e-3) and s["lost_km2"] == 0
    assert s["slivers"]["count"] == 1 and s["slivers"]["km2"] == pytest.approx(area_km2(tiny), rel=1e-3)
    assert "by_oblast" not in s and any("boundaries" in n for n in s["notes"])


def test_front_line_excludes_border_and_coast():
    land = shapely.box(36.0, 47.0, 38.0, 49.0)
    # occupied: the eastern part of the land, plus a strip of "sea" beyond the land
    snap = _snap("2025-01-01T00:00:00Z", occupied=shapely.box(37.0, 46.5, 38.5, 49.5))
    line = front_line(snap, land)
    assert line.geom_type in ("LineString", "MultiLineString")
    # only the interior edge along 37° E between 47° and 49° N remains: ~222 km
    assert front_length_km(line) == pytest.approx(222.4, rel=0.01)


def test_settlements_that_changed_hands(shared, gaz):
    raw = shared("data", "deepstate", "raw")
    res = diff(read_snapshot(raw / ANCHORS[0][0]), read_snapshot(raw / ANCHORS[0][1]), gazetteer=gaz)
    changed = {r["name"]: (r["from_status"], r["to_status"]) for r in res.summary["settlements"]}
    assert changed["Novohrodivka"] == ("free", "occupied")  # taken in August 2024
    assert "Pokrovsk" not in changed and "Kyiv" not in changed


def test_cli_diff_contract_with_boundaries(shared, tmp_path):
    raw = shared("data", "deepstate", "raw")
    bounds = shared("data", "boundaries")
    a, b = raw / ANCHORS[1][0], raw / ANCHORS[1][1]
    r = runner.invoke(app, ["diff", str(a), str(b), "--format", "json", "--boundaries", str(bounds)])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    for key in ("from", "to", "gained_km2", "lost_km2", "net_km2", "grey_change_km2", "slivers", "by_oblast",
                "settlements", "front_length_km"):
        assert key in s
    assert set(s["from"]) >= {"time", "occupied_km2", "grey_km2"}
    donetsk = next(o for o in s["by_oblast"] if o["iso"] == "UA-14")
    assert donetsk["gained_km2"] > 0.8 * s["gained_km2"]  # most of November's gains were in Donetsk oblast
    assert 0.6 < donetsk["occupied_share"] < 0.7
    crimea = next(o for o in s["by_oblast"] if o["iso"] == "UA-43")
    assert crimea["occupied_share"] > 0.97  # land only: the sea in the boundary polygons is clipped off
    assert sum(o["gained_km2"] for o in s["by_oblast"]) == pytest.approx(s["gained_km2"], rel=0.01)
    assert 1_000 < s["front_length_km"]["to"] < 2_500
    r = runner.invoke(app, ["diff", str(a), str(b), "--format", "geojson", "-o", str(tmp_path / "d.geojson"),
                            "--boundaries", str(bounds)])
    fc = json.loads((tmp_path / "d.geojson").read_text())
    assert {f["properties"]["change"] for f in fc["features"]} == {"gained", "lost", "front_line"}
    fronts = [f for f in fc["features"] if f["properties"]["change"] == "front_line"]
    assert sorted(f["properties"]["length_km"] for f in fronts) == sorted(s["front_length_km"].values())
    assert all(f["geometry"]["type"] in ("LineString", "MultiLineString") for f in fronts)
    assert sum(f["properties"]["area_km2"] for f in fc["features"] if f["properties"]["change"] == "gained") \
        == pytest.approx(s["gained_km2"], rel=0.01)
    assert all(f["properties"]["from"] == s["from"]["time"] for f in fc["features"])


def test_diff_between_store_times_series_and_plot(shared, tmp_path):
    raw = shared("data", "deepstate", "raw")
    store = tmp_path / "s.gpkg"
    files = [raw / n for n in ("deepstate_2024-06-30T1110Z.geojson", ANCHORS[0][0], ANCHORS[0][1])]
    r = runner.invoke(app, ["snapshot", "import", *map(str, files), "--store", str(store)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["snapshots", "--store", str(store), "--format", "json"])
    assert [x["map_time"][:10] for x in json.loads(r.stdout)] == ["2024-06-30", "2024-07-31", "2024-08-31"]
    r = runner.invoke(app, ["diff", "2024-07-31", "2024-08-31", "--store", str(store), "--format", "json"])
    assert json.loads(r.stdout)["net_km2"] == pytest.approx(363, rel=0.015)
    r = runner.invoke(app, ["diff", "2023-01-01", "2024-08-31", "--store", str(store)])
    assert r.exit_code == 2 and "2024-06-30" in r.stderr  # says which dates the store holds
    png = tmp_path / "series.png"
    r = runner.invoke(app, ["series", "--store", str(store), "--format", "json", "--plot", str(png)])
    rows = json.loads(r.stdout)
    assert [x["period"] for x in rows] == ["2024-06", "2024-07", "2024-08"]
    assert rows[2]["change_km2"] == pytest.approx(363, rel=0.015)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    r = runner.invoke(app, ["series", "--store", str(store), "--from", "2024-07-15", "--every", "day"])
    assert r.stdout.splitlines()[0].startswith("period,") and len(r.stdout.splitlines()) == 3


def test_claims_verified_against_snapshots(shared, tmp_path):
    raw = shared("data", "deepstate", "raw")
    store = tmp_path / "s.gpkg"
    runner.invoke(app, ["snapshot", "import", str(raw / ANCHORS[0][0]), str(raw / ANCHORS[0][1]), "--store", str(store)])
    art = tmp_path / "a.txt"
    art.write_text("Russian forces captured Novohrodivka, the Russian defence ministry said on Tuesday. "
                   "Russian troops also captured Kramatorsk, the ministry claimed. "
                   "Russian forces captured Horlivka, a pro-Russian blogger said.", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(art), "--date", "2024-08-22", "--source", "wire", "--store", str(store)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["claims", "--verify", "--format", "json", "--store", str(store)])
    got = {c["place_name"]: c for c in json.loads(r.stdout)}
    assert got["Novohrodivka"]["verdict"] == "borne out" and got["Novohrodivka"]["lag_days"] == 11
    assert got["Kramatorsk"]["verdict"] == "not borne out"
    assert got["Horlivka"]["verdict"] == "already"  # held since 2014


@pytest.mark.slow
def test_front_line_breaks_a_tie_between_villages_of_one_name(shared, tmp_path, isolated_home):
    """Two villages called Testivka, equal in every other way: the one near the front at the article's date
    wins when the store has a snapshot, and neither does without one."""
    from geo import gazetteer

    csvf = tmp_path / "v.csv"
    csvf.write_text("name,lat,lon,country,admin1,population\nTestivka,48.25,37.45,UA,05,800\n"
                    "Testivka,50.60,26.25,UA,19,800\n", encoding="utf-8")
    gazetteer.import_file(csvf)
    raw = shared("data", "deepstate", "raw")
    store = tmp_path / "s.gpkg"
    runner.invoke(app, ["snapshot", "import", str(raw / ANCHORS[0][1]), "--store", str(store)])
    import geo

    plain = [m for m in geo.geocode("Russian forces shelled Testivka.") if m["surface"] == "Testivka"][0]
    assert plain["ambiguous"]
    near = [m for m in geo.geocode("Russian forces shelled Testivka.", date="2024-09-05", store=str(store))
            if m["surface"] == "Testivka"][0]
    assert near["lon"] == pytest.approx(37.45) and not near["ambiguous"]
    far = [m for m in geo.geocode("Russian forces shelled Testivka.", date="2023-01-01", store=str(store))
           if m["surface"] == "Testivka"][0]
    assert far["ambiguous"]  # no snapshot before that date: no front to prefer


def _reference_intervals(snaps, min_km2=0.01):
    """The change intervals as first written (every active piece cut against each later map's whole layer,
    quadratic in the number of maps): the reference the linear-time algorithm must agree with."""
    import datetime as dt

    from geo.diff import _parts

    rows, active = [], []
    for snap in snaps:
        t, nxt = snap.map_time, []
        for status in ("crimea", "pre2022", "occupied", "grey", "liberated"):
            cur = snap.layers.get(status)
            cur = cur if cur is not None else shapely.MultiPolygon()
            kept = []
            for st, g, t0 in active:
                if st != status:
                    continue
                keep = g.intersection(cur) if not cur.is_empty else shapely.MultiPolygon()
                gone = g.difference(cur) if not cur.is_empty else g
                if not gone.is_empty:
                    rows.append((st, gone, t0, t))
                if not keep.is_empty and keep.area > 0:
                    nxt.append((st, keep, t0))
                    kept.append(keep)
            fresh = cur.difference(shapely.union_all(kept)) if kept else cur
            if not fresh.is_empty and fresh.area > 0:
                nxt.append((status, fresh, t))
        active = nxt
    last = (dt.datetime.fromisoformat(snaps[-1].map_time.replace("Z", "+00:00"))
            + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows += [(st, g, t0, last) for st, g, t0 in active]
    out: dict = {}
    for st, g, t0, t1 in rows:
        for part in _parts(g):
            if area_km2(part) >= min_km2:
                out.setdefault((st, t0, t1), []).append(part)
    return {k: shapely.union_all(v) for k, v in out.items()}


def _km2(geoms) -> list[float]:
    """Areas in the equal-area projection (each geometry projected as it is)."""
    import geopandas as gpd

    from geo.territory import EQUAL_AREA

    return list(gpd.GeoSeries(list(geoms), crs=4326).to_crs(EQUAL_AREA).area / 1e6)


@pytest.mark.slow
def test_change_intervals_agree_with_the_quadratic_reference_on_the_shared_history(shared):
    """All 76 shared maps (15 month-ends, 61 days, in time order): the same statuses and intervals, and the
    same area in each within 0.01 %."""
    from geo.diff import change_intervals

    files = sorted(shared("data", "deepstate", "raw").glob("*.geojson")) + \
        sorted(shared("data", "deepstate", "daily").glob("*.geojson"))
    snaps = sorted((read_snapshot(f) for f in files), key=lambda s: s.map_time)
    assert len(snaps) == 76
    ref = _reference_intervals(snaps)
    new = change_intervals(snaps)
    got = dict(zip(zip(new["status"], new["start"], new["end"]), _km2(new.geometry)))
    want = dict(zip(ref, _km2(ref.values())))
    assert set(got) == set(want) and len(got) > 200
    assert {k[0] for k in got} == {"crimea", "pre2022", "occupied", "grey", "liberated"}
    for key, km2 in want.items():
        assert got[key] == pytest.approx(km2, rel=1e-4), key


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "occupied": st.lists(st.tuples(*[st.integers(0, 6)] * 2, *[st.integers(1, 4)] * 2), max_size=4),
    "grey": st.lists(st.tuples(*[st.integers(0, 6)] * 2, *[st.integers(1, 3)] * 2), max_size=2)}),
    min_size=1, max_size=6))
def test_change_intervals_redraw_every_map(maps):
    """Property: at each map's time, the features whose interval holds it redraw that map, status by status,
    and agree with the reference."""
    from geo.diff import change_intervals

    from geo.diff import _parts

    snaps = []
    for i, boxes in enumerate(maps):
        occ = shapely.union_all([shapely.box(37 + x * .1, 48 + y * .1, 37 + (x + w) * .1, 48 + (y + h) * .1)
                                 for x, y, w, h in boxes["occupied"]])
        grey = shapely.union_all([shapely.box(37 + x * .1, 48 + y * .1, 37 + (x + w) * .1, 48 + (y + h) * .1)
                                  for x, y, w, h in boxes["grey"]]).difference(occ)  # disjoint, as maps are
        layers = {status: shapely.MultiPolygon(_parts(g)) for status, g in (("occupied", occ), ("grey", grey))
                  if _parts(g)}
        snaps.append(Snapshot(f"2025-01-{i + 1:02d}T00:00:00Z", "test", layers))
    got = change_intervals(snaps, min_km2=0.0)
    ref = _reference_intervals(snaps, min_km2=0.0)
    assert sorted(zip(got["status"], got["start"], got["end"])) == sorted(ref)
    for snap in snaps:
        t = snap.map_time
        for status in ("occupied", "grey"):
            held = got[(got["status"] == status) & (got["start"] <= t) & (got["end"] > t)].geometry if len(got) else []
            drawn = shapely.union_all(list(held)) if len(held) else shapely.Polygon()
            want = snap.layers.get(status) or shapely.Polygon()
            assert drawn.symmetric_difference(want).area <= 1e-9 * max(want.area, 1e-6), (t, status)


_BOXES = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(1, 5), st.integers(1, 5)),
                  min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(_BOXES, _BOXES, _BOXES)
def test_layer_diff_overlays_only_where_maps_differ_and_misses_nothing(common, only_a, only_b):
    """Property: two maps sharing some ground (and so some edges) -- the overlay confined to the rectangles
    where their edges differ gives exactly the full differences."""
    from geo.diff import _layer_diff

    def ground(bs):
        return shapely.union_all([shapely.box(37 + x * .05, 48 + y * .05, 37 + (x + w) * .05, 48 + (y + h) * .05)
                                  for x, y, w, h in bs])

    a, b = shapely.union_all([ground(common), ground(only_a)]), shapely.union_all([ground(common), ground(only_b)])
    lost, fresh = _layer_diff(a, b)
    for got, want in ((lost, a.difference(b)), (fresh, b.difference(a))):
        drawn = shapely.union_all(got) if got else shapely.Polygon()
        assert drawn.symmetric_difference(want).area <= 1e-12


def test_series_labels_a_gap_and_never_shows_it_as_one_month(tmp_path):
    """Maps at the end of January, May and June: May's change is measured from January (4 months, labelled as
    such), June's from May (1 month); the plot draws the gap apart."""
    from geo.store import open_store
    from geo.territory import area_km2

    def occupied(east: float) -> shapely.MultiPolygon:
        return shapely.MultiPolygon([shapely.box(37.0, 47.0, east, 48.0)])

    store = tmp_path / "s.gpkg"
    edges = {"2025-01-31T20:00:00Z": 37.5, "2025-05-31T20:00:00Z": 37.6, "2025-06-30T20:00:00Z": 37.62}
    with open_store(store) as s:
        for t, east in edges.items():
            s.put_snapshot(Snapshot(t, "test", {"occupied": occupied(east)}))
    png = tmp_path / "series.png"
    r = runner.invoke(app, ["series", "--store", str(store), "--every", "month", "--plot", str(png)])
    assert r.exit_code == 0, r.output
    rows = [dict(zip(r.stdout.splitlines()[0].split(","), ln.split(","))) for ln in r.stdout.splitlines()[1:]]
    assert [(x["period"], x["change_from"], x["periods"]) for x in rows] == [
        ("2025-01", "", ""), ("2025-05", "2025-01", "4"), ("2025-06", "2025-05", "1")]
    jan_may = area_km2(occupied(37.6)) - area_km2(occupied(37.5))  # a 0.1° strip, about 825 km²
    assert float(rows[1]["change_km2"]) == pytest.approx(jan_may, abs=0.05) and 700 < jan_may < 900
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    weeks = json.loads(runner.invoke(app, ["series", "--store", str(store), "--every", "week",
                                           "--format", "json"]).stdout)
    assert [(x["period"], x["periods"]) for x in weeks] == [("2025-W05", None), ("2025-W22", 17), ("2025-W27", 5)]
