"""Where frontline keeps its files; every path can be moved with an environment variable.

- ``FRONTLINE_HOME``: the user's frontline folder (default ``~/.local/share/frontline``), holding the
  gazetteer extension that ``frontline gazetteer import`` writes.
- ``FRONTLINE_CACHE``: the cache folder (default ``~/.cache/frontline``), holding the built look-up index.

The tables the code reads (aliases, regions, vocabularies) ship inside the package, in ``geo/data``, and are
read through ``importlib.resources``, so a normal (non-editable) install finds them.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["home_dir", "cache_dir", "project_data_dir", "extension_dir"]

def home_dir() -> Path:
    """The user's frontline folder (``FRONTLINE_HOME``)."""
    env = os.environ.get("FRONTLINE_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "frontline"


def cache_dir() -> Path:
    """The cache folder (``FRONTLINE_CACHE``)."""
    env = os.environ.get("FRONTLINE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontline"


def project_data_dir() -> Traversable:
    """The package's own small tables (aliases, regions, vocabularies), ``geo/data`` inside the package."""
    return resources.files("geo") / "data"


def extension_dir() -> Path:
    """Where imported gazetteer files are kept, one normalised TSV per import."""
    return home_dir() / "gazetteer"
