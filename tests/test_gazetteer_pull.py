"""`frontline gazetteer pull`: GeoNames' dumps from a loopback server, checked, imported all or none, and the
pulled villages found by `geocode` and `gazetteer lookup`."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import GEONAMES_UA, OFFLINE, geonames_line, geonames_zip
from typer.testing import CliRunner

from geo import fetch, gazetteer
from geo.cli import app
from geo.errors import BadInput
from geo.gazetteer import distance_km

runner = CliRunner()


def _installed(home) -> list[str]:
    """Every file in the extension folder (installed or half-written)."""
    folder = home / "gazetteer"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.slow
def test_pull_then_geocode_finds_the_villages(isolated_home, geonames_server):
    routes, seen = geonames_server
    r = runner.invoke(app, ["gazetteer", "pull"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [(p["country"], p["places"]) for p in out["pulled"]] == [("UA", 6), ("RU", 1), ("BY", 1)]
    assert [path for path, _ in seen] == ["/geonames/UA.zip", "/geonames/RU.zip", "/geonames/BY.zip"]
    assert all(ua.startswith("frontline/") for _, ua in seen)
    ua_size = len(routes["/geonames/UA.zip"])
    assert f"downloading UA.zip: {ua_size} B / {ua_size} B (100%)" in r.stderr
    assert _installed(isolated_home) == ["geonames-BY.tsv", "geonames-RU.tsv", "geonames-UA.tsv"]

    r = runner.invoke(app, ["geocode", "Russian forces advanced near Kotlyne and Stupochky.",
                                    "--format", "json"])
    assert r.exit_code == 0, r.output
    found = {m["name"]: m for m in json.loads(r.stdout)}
    for gid, name, *_rest in GEONAMES_UA[:2]:
        row = next(x for x in GEONAMES_UA if x[0] == gid)
        assert found[name]["place_id"] == gid
        assert distance_km(found[name]["lat"], found[name]["lon"], row[4], row[5]) < 0.1

    g = gazetteer.load()
    # the namesake pair: two places ~310 km apart, both known
    # (the pulled ones at their own points; the codifier's other Novoserhiivkas at their hromadas)
    pair = [p for p in g.lookup("Новосергіївка") if p.country == "UA" and p.geo_precision == "point"]
    assert sorted(p.admin1 for p in pair) == ["05", "10"]
    assert distance_km(pair[0].lat, pair[0].lon, pair[1].lat, pair[1].lon) > 300
    # a town cities500 already has stays one place and gains the dump's spellings
    pokrovsk = [p for p in g.lookup("Pokrovsk") if p.place_id == 704422]
    assert len(pokrovsk) == 1
    assert g.lookup("Pokrowsk")[0].place_id == 704422
    # a hill and a raion are not populated places
    assert not g.lookup("Mohyla Kotlyne")
    assert any(p.place_id == 9900021 and p.country == "RU" for p in g.lookup("Журавлёвка"))
    assert any(p.place_id == 9900031 and p.country == "BY" for p in g.lookup("Hlushkavichy"))


def test_pull_all_takes_all_countries_and_a_second_pull_replaces(isolated_home, geonames_server):
    _, seen = geonames_server
    res = fetch.pull_geonames(["all"])
    assert [(p["country"], p["places"]) for p in res] == [("allCountries", 8)]
    assert seen[-1][0] == "/geonames/allCountries.zip"
    fetch.pull_geonames(["all", "ALL"])  # one download, the same file replaced
    assert [p for p, _ in seen].count("/geonames/allCountries.zip") == 2
    assert _installed(isolated_home) == ["geonames-allCountries.tsv"]
    assert not list((fetch.cache_dir() / "geonames").glob("*"))  # the archives are not kept


def _damaged_crc() -> bytes:
    raw = bytearray(geonames_zip("UA.txt", GEONAMES_UA))
    i = raw.index(b"PK\x01\x02")  # the central directory: keep it, corrupt the stored data before it
    raw[i - 10] ^= 0xFF
    return bytes(raw)


def _zip_text(text: str | bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("UA.txt", text)
    return buf.getvalue()


BAD = {
    "html": (b"<html><body>Service unavailable</body></html>", r"UA\.zip: not a zip archive"),
    "no member": (geonames_zip("readme.txt", GEONAMES_UA), r"UA\.zip: holds no UA\.txt \(holds readme\.txt\)"),
    "short row": (_zip_text("\n".join(
        [geonames_line(GEONAMES_UA[0]), geonames_line(GEONAMES_UA[1]), "9900099\tBroken\t48.0\t37.0"]) + "\n"),
        r"UA\.zip: UA\.txt: line 3: 4 tab-separated fields, GeoNames rows have 19"),
    "no places": (geonames_zip("UA.txt", GEONAMES_UA[-2:]), r"UA\.zip: UA\.txt: no populated places found"),
    "not utf-8": (None, r"UA\.zip: UA\.txt: not UTF-8 text"),
    "damaged": (None, r"UA\.zip: damaged archive \(Bad CRC-32 for file .UA\.txt.\)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_archive_is_refused_in_one_line_and_nothing_changes(case, isolated_home, geonames_server):
    import re

    routes, _ = geonames_server
    body, message = BAD[case]
    if case == "not utf-8":
        body = _zip_text(geonames_line(GEONAMES_UA[0]).encode("utf-8") + b"\n" + "Котлине".encode("cp1251"))
    if case == "damaged":
        body = _damaged_crc()
    routes["/geonames/UA.zip"] = body
    fetch.pull_geonames(["RU"])  # something pulled before stays
    before = _installed(isolated_home)
    r = runner.invoke(app, ["gazetteer", "pull", "BY", "UA"])  # BY downloads and checks fine first
    assert r.exit_code == 1, r.output
    lines = r.stderr.strip().splitlines()
    error = [ln for ln in lines if "error" in ln]
    assert len(error) == 1 and re.search(message, error[0]), r.stderr
    assert error[0].endswith(f"(downloaded from {fetch.setting('FRONTLINE_GEONAMES_URL')}/UA.zip)")
    assert _installed(isolated_home) == before == ["geonames-RU.tsv"]


def test_a_missing_dump_is_404_and_nothing_is_imported(isolated_home, geonames_server):
    r = runner.invoke(app, ["gazetteer", "pull", "UA", "XX"])
    assert r.exit_code == 1
    assert "cannot download" in r.stderr and "XX.zip: HTTP 404" in r.stderr
    assert _installed(isolated_home) == []


def test_offline_exits_1_with_one_line(isolated_home, monkeypatch):
    monkeypatch.setenv("FRONTLINE_GEONAMES_URL", f"{OFFLINE}/dump")  # a port nobody listens on
    monkeypatch.setenv("FRONTLINE_TIMEOUT", "2")
    monkeypatch.setattr(fetch.time, "sleep", lambda s: None)
    r = runner.invoke(app, ["gazetteer", "pull", "UA"])
    assert r.exit_code == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith(f"frontline: error: cannot download {OFFLINE}/dump/UA.zip")
    assert _installed(isolated_home) == []


@pytest.mark.parametrize("arg", ["Ukraine", "U1", "UKR"])
def test_a_country_that_is_not_a_code_is_bad_input(arg, isolated_home):
    r = runner.invoke(app, ["gazetteer", "pull", arg])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"frontline: error: country {arg!r}: give ISO 3166 two-letter codes (UA RU BY) or 'all'"


def test_default_url_is_geonames_dump_folder(monkeypatch):
    monkeypatch.delenv("FRONTLINE_GEONAMES_URL", raising=False)
    assert fetch.setting("FRONTLINE_GEONAMES_URL") == "https://download.geonames.org/export/dump"
    assert fetch.geonames_codes(["ua", "all", "UA", "by"]) == ["UA", "allCountries", "BY"]


def test_import_names_the_19_fields_geonames_rows_have(isolated_home, tmp_path):
    src = tmp_path / "UA.txt"
    fields = geonames_line(GEONAMES_UA[0]).split("\t")
    src.write_text(geonames_line(GEONAMES_UA[1]) + "\n" + "\t".join(fields[:16]) + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"UA\.txt: line 2: 16 tab-separated fields, GeoNames rows have 19"):
        gazetteer.import_file(src)
    assert _installed(isolated_home) == []


def test_pulled_villages_take_part_in_directions_and_the_front(isolated_home, geonames_server):
    """After a pull the new namesakes are read like any place: the direction picks the Novoserhiivka near
    Pokrovsk (not the one 300 km west), and a pulled village listed under a direction it lies far from is left
    unresolved rather than placed."""
    assert runner.invoke(app, ["gazetteer", "pull"]).exit_code == 0
    text = ("На Покровському напрямку ворог 45 разів намагався просунутися в районах населених пунктів Котлине "
            "та Новосергіївка.")
    r = runner.invoke(app, ["geocode", text, "--format", "json"])
    assert r.exit_code == 0, r.output
    found = {m["surface"]: m for m in json.loads(r.stdout)}
    assert found["Новосергіївка"]["place_id"] == 9900004 and found["Новосергіївка"]["resolved"] is True
    assert found["Котлине"]["place_id"] == 9900001
    far = "На Покровському напрямку ворог атакував поблизу Глушкевичи."  # a village in Belarus, 600 km away
    r = runner.invoke(app, ["geocode", far, "--format", "json"])
    rec = {m["surface"]: m for m in json.loads(r.stdout)}.get("Глушкевичи")
    assert rec is not None and rec["resolved"] is False and rec["lat"] is None, rec
    assert "Pokrovsk" in rec["reason"] and rec["candidates"][0]["place_id"] == 9900031
