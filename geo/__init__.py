"""frontline: a front-line map and territory tracker for the Russia-Ukraine war.

The Python API::

    import geo
    mentions = geo.geocode("Russian forces advanced near Pokrovsk, in the Donetsk region.")
    frame = geo.geocode("...", as_frame=True)   # a GeoDataFrame in EPSG:4326
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import BadInput, FrontlineError, WorkFailed

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["geocode", "mentions_frame", "FrontlineError", "BadInput", "WorkFailed"]
__version__ = "0.1.0"


def geocode(text: str, date: str | None = None, as_frame: bool = False, store: str | None = None):
    """Find and resolve the places named in ``text``.

    Parameters
    ----------
    text : str
        Any text (news article, briefing).
    date : str, optional
        The document's date, ``YYYY-MM-DD``; checked now, and used by signals that depend on time.
    as_frame : bool
        Return a GeoDataFrame (EPSG:4326, point geometry) instead of a list of dicts.
    store : str, optional
        A store with territory snapshots: with ``date``, places near the front line on that date are preferred
        among places of one name.

    Returns
    -------
    list of dict or geopandas.GeoDataFrame
        One record per mention (see ``geo.geoparse.geoparse``).

    Examples
    --------
    >>> [m["name"] for m in geocode("Talks in Istanbul; strikes on Kiev.")]
    ['Istanbul', 'Kyiv']
    """
    from .documents import parse_date
    from .geoparse import geoparse

    front = None
    if date is not None:
        date = parse_date(date, "date")
        if store is not None:
            from .store import open_store

            with open_store(store, create=False) as st:
                front = st.front_edge(date)
    records = geoparse(text, front=front)
    return mentions_frame(records) if as_frame else records


def mentions_frame(records: list[dict]) -> "geopandas.GeoDataFrame":
    """Mention records -> a GeoDataFrame in EPSG:4326 (``candidates`` kept as a list column)."""
    import geopandas as gpd
    import pandas as pd

    df = pd.DataFrame.from_records(records, columns=None if records else
                                   ["start", "end", "surface", "place_id", "name", "lat", "lon", "kind", "country",
                                    "admin1", "score", "ambiguous"])
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
