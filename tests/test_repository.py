"""The repository itself: no store or other output committed, and the package ships only its tables."""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_package_data_holds_only_the_tables_it_ships():
    """``geo/data`` holds what ``pyproject.toml`` ships as package data (a stray store there, as a default
    ``tracker.gpkg`` written from inside ``geo/``, would be committed and never shipped)."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = conf["tool"]["setuptools"]["package-data"]["geo.data"]
    folder = ROOT / "geo" / "data"
    stray = sorted(p.name for p in folder.iterdir()
                   if p.name != "__pycache__" and not any(fnmatch.fnmatch(p.name, g) for g in shipped))
    assert stray == [], f"{folder}: files the package does not ship: {stray}"
    assert len(list(folder.glob("*.csv"))) >= 5  # the glob matches the tables themselves


def test_no_store_is_committed():
    """A GeoPackage or SQLite store is what a run writes (into ``data/``, ignored): never part of the repository."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True)
    stores = [f for f in tracked.stdout.splitlines() if f.endswith((".gpkg", ".sqlite", ".db"))]
    assert stores == []
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", "geo/data/tracker.gpkg"])
    assert ignored.returncode == 0, "a store written anywhere in the checkout is ignored by git (.gitignore: *.gpkg)"


def test_the_suite_keeps_its_own_cache_and_home():
    """The gazetteer index the tests build (and every index a test's imports make) stays out of the user's
    ``~/.cache/frontline``; the user's imported places stay out of the tests."""
    import os

    from conftest import test_cache
    from geo import gazetteer, settings

    user_cache = Path.home() / ".cache" / "frontline"
    assert settings.cache_dir() == test_cache() != user_cache
    assert settings.home_dir() != Path.home() / ".local" / "share" / "frontline"
    assert not list(settings.extension_dir().glob("*.tsv"))  # no imports: the suite's index has none
    gazetteer.load()
    assert list(test_cache().glob("gazetteer-*.index"))
    assert os.environ["FRONTLINE_CACHE"] == str(test_cache())  # so do the processes tests start
