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

__all__ = ["geocode", "front_at", "mentions_frame", "FrontlineError", "BadInput", "WorkFailed"]
__version__ = "0.1.0"


def geocode(text: str, date: str | None = None, as_frame: bool = False, store: str | None = None):
    """Find and resolve the places named in ``text``.

    Parameters
    ----------
    text : str
        Any text (news article, briefing).
    date : str, optional
        The document's date, ``YYYY-MM-DD``. With it, the front line of that date (``front_at``) takes part:
        among places of one name the one near the front wins, and in a sentence about fighting a village far
        from it is left unresolved.
    as_frame : bool
        Return a GeoDataFrame (EPSG:4326, point geometry) instead of a list of dicts.
    store : str, optional
        The store holding territory snapshots; by default ``FRONTLINE_STORE`` or ``data/tracker.gpkg``.

    Returns
    -------
    list of dict or geopandas.GeoDataFrame
        One record per mention (see ``geo.geoparse.geoparse``).

    Examples
    --------
    >>> [m["name"] for m in geocode("Talks in Istanbul; strikes on Kiev.")]
    ['Istanbul', 'Kyiv']
    """
    from .documents import article_date
    from .geoparse import geoparse

    front = None
    if date is not None:
        date = article_date(date, "date")
        front = front_at(date, store)
    records = geoparse(text, front=front, front_date=date if front is not None else None)
    return mentions_frame(records) if as_frame else records


def front_at(date: str, store: str | None = None):
    """The front line on ``date`` (WGS84 lines) from the store's nearest snapshot at or before it (within 90
    days; ``store.front_edge``), or None: no snapshot then, or no store (a missing store file is not created).

    ``store`` defaults to ``FRONTLINE_STORE`` or ``data/tracker.gpkg``, as for the other commands.
    """
    from pathlib import Path

    from .store import default_store, is_postgres_url, open_store

    url = str(store or default_store())
    if not is_postgres_url(url) and not Path(url).exists():
        return None
    with open_store(url, create=False) as st:
        return st.front_edge(date)


def mentions_frame(records: list[dict]) -> "geopandas.GeoDataFrame":
    """Mention records -> a GeoDataFrame in EPSG:4326 (``candidates`` kept as a list column; an unresolved
    mention's geometry is None)."""
    import geopandas as gpd
    import pandas as pd

    df = pd.DataFrame.from_records(records, columns=None if records else
                                   ["start", "end", "surface", "place_id", "name", "lat", "lon", "kind", "country",
                                    "admin1", "score", "ambiguous"])
    points = gpd.points_from_xy(df["lon"], df["lat"])
    located = df["lat"].notna().to_numpy() if len(df) else []
    geometry = [p if ok else None for p, ok in zip(points, located)]  # an unresolved mention has no point
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"), crs="EPSG:4326")
