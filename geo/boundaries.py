"""Ukraine's first-level units and land outline, for shares by oblast and the front line.

They come from a folder holding a geoBoundaries ADM1 GeoJSON (``*ADM1*.geojson``: properties ``shapeName``,
``shapeISO``) and a land outline (``*land*.geojson``): ``--boundaries DIR``, else ``FRONTLINE_BOUNDARIES``,
else ``FRONTLINE_HOME/boundaries`` where ``frontline boundaries pull`` puts them. The ADM1 polygons include
territorial sea; they are clipped to land before any share is computed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput
from .settings import home_dir

__all__ = ["Boundaries", "load_boundaries", "boundaries_dir"]


@dataclass
class Boundaries:
    """Oblasts clipped to land (a GeoDataFrame in EPSG:4326: ``oblast``, ``iso``, geometry) and the land
    outline (one (multi)polygon)."""

    oblasts: "geopandas.GeoDataFrame"  # noqa: F821
    land: object
    folder: str


def boundaries_dir(explicit: str | Path | None = None) -> Path:
    """Where boundaries are looked for."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("FRONTLINE_BOUNDARIES")
    return Path(env) if env else home_dir() / "boundaries"


def load_boundaries(folder: str | Path | None = None, required: bool = False) -> Boundaries | None:
    """Read the ADM1 and land files from ``folder`` (see the module doc); None when absent and not required."""
    import geopandas as gpd
    import shapely
    from pyogrio.errors import DataLayerError, DataSourceError

    d = boundaries_dir(folder)
    adm1 = sorted(d.glob("*ADM1*.geojson")) if d.is_dir() else []
    land = sorted(d.glob("*land*.geojson")) if d.is_dir() else []
    if not adm1 or not land:
        if required or folder:
            raise BadInput(f"{d}: no boundaries (needs a *ADM1*.geojson and a *land*.geojson); "
                           f"run `frontline boundaries pull` or give --boundaries DIR")
        return None
    try:
        units = gpd.read_file(adm1[0]).to_crs(4326)
        outline = shapely.union_all(gpd.read_file(land[0]).to_crs(4326).geometry.values)
    except (DataSourceError, DataLayerError, shapely.errors.GEOSException, ValueError) as e:  # ValueError: no CRS
        raise BadInput(f"{d}: cannot read boundaries ({e})") from None
    for col in ("shapeName", "shapeISO"):
        if col not in units.columns:
            raise BadInput(f"{adm1[0]}: field {col}: missing (geoBoundaries ADM1 files have it)")
    clipped = units.geometry.make_valid().intersection(outline)
    oblasts = gpd.GeoDataFrame({"oblast": units["shapeName"].values, "iso": units["shapeISO"].values},
                               geometry=clipped.values, crs=4326)
    return Boundaries(oblasts, shapely.make_valid(outline), str(d))
