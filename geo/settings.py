"""Where frontline keeps its files; every path can be moved with an environment variable.

- ``FRONTLINE_HOME``: the user's frontline folder (default ``~/.local/share/frontline``), holding the
  gazetteer extension that ``frontline gazetteer import`` writes.
- ``FRONTLINE_CACHE``: the cache folder (default ``~/.cache/frontline``), holding the built look-up index.
- ``FRONTLINE_MAX_INPUT_MB``: the largest input file read (articles, snapshot files; default 100 MB); a larger
  one is refused with its size rather than read whole into memory.

The tables the code reads (aliases, regions, vocabularies) ship inside the package, in ``geo/data``, and are
read through ``importlib.resources``, so a normal (non-editable) install finds them.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import BadInput

__all__ = ["home_dir", "cache_dir", "project_data_dir", "extension_dir", "max_input_bytes"]

MAX_INPUT_MB = 100
"""The default input size limit, in MB (2**20 bytes)."""


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


def max_input_bytes() -> int:
    """The largest input file frontline reads, in bytes (``FRONTLINE_MAX_INPUT_MB``, default 100)."""
    env = os.environ.get("FRONTLINE_MAX_INPUT_MB")
    if not env:
        return MAX_INPUT_MB * 2**20
    try:
        mb = float(env)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise BadInput(f"FRONTLINE_MAX_INPUT_MB: {env!r} is not a positive number of megabytes")
    return int(mb * 2**20)
