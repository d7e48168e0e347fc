"""The one atomic writer: the target gets all of the new content or keeps the old, and no temporary file is
ever left beside it."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.atomic import atomic_path, write_atomic


def test_text_and_bytes_land_whole(tmp_path):
    p = tmp_path / "out.txt"
    write_atomic(p, "Київ\r\nOdesa\n")
    assert p.read_bytes() == "Київ\r\nOdesa\n".encode("utf-8")  # newlines as given
    write_atomic(p, "Харків", encoding="cp1251")
    assert p.read_bytes() == "Харків".encode("cp1251")
    write_atomic(p, b"\x00\xff")
    assert p.read_bytes() == b"\x00\xff"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_permissions_follow_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    p = tmp_path / "keep.txt"
    p.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(p, "Київ", encoding="ascii")
    with pytest.raises(RuntimeError):
        with atomic_path(p) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("interrupted")
    assert p.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["keep.txt"]


def test_a_failed_rename_removes_the_temporary(tmp_path):
    target = tmp_path / "dir"
    target.mkdir()
    (target / "inside").write_text("x", encoding="utf-8")  # os.replace cannot put a file over a full folder
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert sorted(os.listdir(tmp_path)) == ["dir"]


def test_without_overwrite_an_existing_file_wins(tmp_path):
    p = tmp_path / "s.gpkg"
    p.write_text("theirs", encoding="utf-8")
    with atomic_path(p, overwrite=False) as tmp:
        tmp.write_text("mine", encoding="utf-8")
    assert p.read_text(encoding="utf-8") == "theirs"
    assert os.listdir(tmp_path) == ["s.gpkg"]


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_round_trip(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("w") / "f.bin"
    write_atomic(p, data)
    assert p.read_bytes() == data
    assert os.listdir(p.parent) == ["f.bin"]
