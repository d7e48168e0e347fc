"""Writers: GeoJSON (RFC 7946), CSV and tables of records that carry ``lat``/``lon``.

These functions present; they compute nothing. Output goes to a path atomically (temporary file, then
rename) or to a text stream.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Iterable

__all__ = ["feature_collection", "to_geojson", "to_csv", "to_table", "write_text_atomic"]

_DROP = {"candidates"}


def _props(rec: dict, drop: set[str]) -> dict:
    return {k: v for k, v in rec.items() if k not in drop and k not in ("lat", "lon")}


def feature_collection(records: Iterable[dict], keep_candidates: bool = True) -> dict:
    """Records with ``lat``/``lon`` -> an RFC 7946 FeatureCollection of points (lon, lat; 6 decimals).

    Records without coordinates become features with a null geometry.
    """
    feats = []
    for r in records:
        props = _props(r, set() if keep_candidates else _DROP)
        if r.get("lat") is None or r.get("lon") is None:
            geom = None
        else:
            geom = {"type": "Point", "coordinates": [round(float(r["lon"]), 6), round(float(r["lat"]), 6)]}
        feats.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "features": feats}


def to_geojson(records: Iterable[dict]) -> str:
    """The FeatureCollection as compact-ish JSON text."""
    return json.dumps(feature_collection(records), ensure_ascii=False, indent=None) + "\n"


_CSV_COLUMNS = ["start", "end", "surface", "name", "kind", "country", "admin1", "lat", "lon", "place_id",
                "score", "ambiguous", "candidates"]


def to_csv(records: list[dict], columns: list[str] | None = None) -> str:
    """Records -> CSV text; ``candidates`` is written as ``name (country)`` joined by ``|``."""
    cols = columns or _CSV_COLUMNS
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in records:
        row = []
        for c in cols:
            v = r.get(c, "")
            if c == "candidates" and isinstance(v, list):
                v = "|".join(f"{x['name']} ({x['country']})" for x in v)
            row.append("" if v is None else v)
        w.writerow(row)
    return buf.getvalue()


def to_table(records: list[dict], columns: list[str]) -> str:
    """A plain aligned text table for the terminal."""
    rows = [[str(r.get(c, "")) for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_stream(stream: IO[str], text: str) -> None:
    """Write to a text stream (stdout) and flush."""
    stream.write(text)
    stream.flush()
