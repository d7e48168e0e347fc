"""Shared fixtures: the real data in ../shared (skipped where absent, except in CI) and an isolated home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``FRONTLINE_SHARED`` or ``../shared`` beside the project."""
    return Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared"))


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skip with the reason where it is absent, fail in CI (CI=true)."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        msg = f"{path} not found: tests of real data need ../shared beside the project (or FRONTLINE_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture
def isolated_home(tmp_path, monkeypatch):
    """A fresh FRONTLINE_HOME (gazetteer extensions) for tests that import places; the index cache is shared."""
    import geo.gazetteer as g

    home = tmp_path / "home"
    monkeypatch.setenv("FRONTLINE_HOME", str(home))
    g._LOADED = None  # this test's gazetteer is built from this home's extensions
    yield home
    g._LOADED = None


@pytest.fixture(scope="session")
def gaz():
    from geo.gazetteer import load

    return load()


@pytest.fixture
def shared():
    """``shared("data", "boundaries", ...)`` -> the path under ../shared, or skip (fail in CI) when absent."""
    return need_shared


# Shared test geometries (lon/lat around Donetsk oblast), reused through parametrisation: each is a shape
# real maps contain and a tracker must survive.
def _shapes():
    from shapely.geometry import MultiPolygon, Polygon

    sq = [(37.0, 48.0), (37.2, 48.0), (37.2, 48.2), (37.0, 48.2), (37.0, 48.0)]
    return {
        "square": Polygon(sq),
        "clockwise": Polygon(list(reversed(sq))),
        "hole": Polygon(sq, [[(37.05, 48.05), (37.15, 48.05), (37.15, 48.15), (37.05, 48.15), (37.05, 48.05)]]),
        "multipart": MultiPolygon([Polygon(sq), Polygon([(37.5, 48.0), (37.6, 48.0), (37.6, 48.1), (37.5, 48.1)])]),
        "bowtie": Polygon([(37.0, 48.0), (37.2, 48.2), (37.2, 48.0), (37.0, 48.2), (37.0, 48.0)]),
        "empty": Polygon(),
    }


SHAPES = _shapes()
