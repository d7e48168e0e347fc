"""Great-circle distance, the one the package measures places with (the gazetteer, the codifier's placing, the
geoparser)."""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "distance_km"]

EARTH_RADIUS_KM = 6371.0088
"""The Earth's mean radius (IUGG), the sphere of every great-circle distance in the package."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine on a sphere of ``EARTH_RADIUS_KM``).

    >>> round(distance_km(50.45, 30.52, 50.45, 30.52), 6), round(distance_km(0, 0, 0, 1))
    (0.0, 111)
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
