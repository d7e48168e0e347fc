"""Where frontline keeps its files; every path can be moved with an environment variable.

- ``FRONTLINE_HOME``: the user's frontline folder (default ``~/.local/share/frontline``), holding the
  gazetteer extension that ``frontline gazetteer import`` writes.
- ``FRONTLINE_CACHE``: the cache folder (default ``~/.cache/frontline``), holding the built look-up index.
- ``FRONTLINE_MAX_INPUT_MB``: the largest input file read (articles, snapshot files; default 100 MB); a larger
  one is refused with its size rather than read whole into memory; also the largest download kept in memory.
- ``FRONTLINE_MAX_DOWNLOAD_MB``: the largest file downloaded to disk (default 2048 MB).
- ``FRONTLINE_TIMEOUT``: seconds a download waits for the server (default 30); ``FRONTLINE_DOWNLOAD_DEADLINE``:
  seconds one download may take in all, retries included (default 3600).

The tables the code reads (aliases, regions, vocabularies) ship inside the package, in ``geo/data``, and are
read through ``importlib.resources``, so a normal (non-editable) install finds them.
"""

from __future__ import annotations

import math
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import BadInput

__all__ = ["home_dir", "cache_dir", "project_data_dir", "extension_dir", "max_input_bytes", "max_download_bytes",
           "timeout_s", "download_deadline_s"]

MAX_INPUT_MB = 100
"""The default input size limit, in MB (2**20 bytes)."""
MAX_DOWNLOAD_MB = 2048
"""The default limit of a file downloaded to disk, in MB."""


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


def _positive(name: str, default: float, unit: str) -> float:
    """A positive number from the environment variable ``name`` (``default`` when unset or empty);
    ``BadInput`` naming the variable for anything else (text, zero, negative, NaN, infinity)."""
    env = os.environ.get(name)
    if not env:
        return default
    try:
        value = float(env)
    except ValueError:
        value = -1.0
    if not (value > 0 and math.isfinite(value)):
        raise BadInput(f"{name}: {env!r} is not a positive number of {unit}")
    return value


def max_input_bytes() -> int:
    """The largest input file frontline reads, in bytes (``FRONTLINE_MAX_INPUT_MB``, default 100); also the
    largest answer a download keeps in memory."""
    return int(_positive("FRONTLINE_MAX_INPUT_MB", MAX_INPUT_MB, "megabytes") * 2**20)


def max_download_bytes() -> int:
    """The largest file a download streams to disk, in bytes (``FRONTLINE_MAX_DOWNLOAD_MB``, default 2048:
    GeoNames' allCountries.zip is about 400 MB)."""
    return int(_positive("FRONTLINE_MAX_DOWNLOAD_MB", MAX_DOWNLOAD_MB, "megabytes") * 2**20)


def timeout_s() -> float:
    """How long a download may wait for the server to answer or send more (``FRONTLINE_TIMEOUT``, 30 s)."""
    return _positive("FRONTLINE_TIMEOUT", 30.0, "seconds")


def download_deadline_s() -> float:
    """How long one download may take in all, retries included (``FRONTLINE_DOWNLOAD_DEADLINE``, 3600 s): a
    server that trickles bytes slower than that is given up on."""
    return _positive("FRONTLINE_DOWNLOAD_DEADLINE", 3600.0, "seconds")
