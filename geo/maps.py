"""folium maps: they present what the core computed, and credit every source.

All text taken from articles is HTML-escaped before it reaches a popup or tooltip.
"""

from __future__ import annotations

import html
from pathlib import Path

from .export import write_text_atomic

__all__ = ["places_map", "ATTRIBUTION"]

ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) | '
    'Map tiles &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

_KIND_COLOURS = {"settlement": "blue", "region": "purple", "country": "gray", "feature": "green"}


def places_map(mentions: list[dict], out: str | Path, title: str = "frontline: places") -> Path:
    """Write an HTML map of geocoded mentions, one marker per place, to ``out`` (atomically).

    Parameters
    ----------
    mentions : list of dict
        Records from ``geo.geocode`` (``name``, ``lat``, ``lon``, ``kind``, ``surface``, optional
        ``context``/``doc`` keys).
    out : path
        The HTML file to write.
    """
    import folium
    from folium.plugins import MeasureControl, MiniMap

    by_place: dict = {}
    for m in mentions:
        by_place.setdefault(m["place_id"], []).append(m)
    if mentions:
        lats = [m["lat"] for m in mentions if m["kind"] != "country"] or [m["lat"] for m in mentions]
        lons = [m["lon"] for m in mentions if m["kind"] != "country"] or [m["lon"] for m in mentions]
        centre = [sum(lats) / len(lats), sum(lons) / len(lons)]
    else:
        centre = [48.5, 31.5]
    fmap = folium.Map(location=centre, zoom_start=5, tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", attr=ATTRIBUTION, name="OpenStreetMap").add_to(fmap)
    layers = {k: folium.FeatureGroup(name=f"{k}s") for k in _KIND_COLOURS}
    for ms in by_place.values():
        m0 = ms[0]
        surfaces = sorted({m["surface"] for m in ms})
        lines = [
            f"<b>{html.escape(m0['name'])}</b> ({html.escape(m0['kind'])}, {html.escape(m0['country'] or '')}"
            f"{', ' + html.escape(m0['admin1']) if m0.get('admin1') else ''})",
            f"mentioned {len(ms)}&times; as: {html.escape(', '.join(surfaces))}",
            f"GeoNames id: {html.escape(str(m0['place_id']))}",
        ]
        for m in ms[:3]:
            if m.get("context"):
                lines.append(f"<i>&ldquo;{html.escape(m['context'])}&rdquo;</i>")
        if any(m.get("ambiguous") for m in ms):
            lines.append("<b>ambiguous</b>: " + html.escape(", ".join(
                f"{c['name']} ({c['country']})" for c in ms[0].get("candidates", []))))
        folium.Marker(
            [m0["lat"], m0["lon"]],
            tooltip=html.escape(m0["name"]),
            popup=folium.Popup("<br>".join(lines), max_width=360),
            icon=folium.Icon(color=_KIND_COLOURS.get(m0["kind"], "blue")),
        ).add_to(layers.get(m0["kind"], layers["settlement"]))
    for layer in layers.values():
        layer.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    MeasureControl(primary_length_unit="kilometers").add_to(fmap)
    MiniMap(toggle_display=True).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(
        f'<div style="position:fixed;bottom:28px;left:10px;z-index:9999;background:white;padding:4px 8px;'
        f'font:12px sans-serif;border-radius:4px">{html.escape(title)}<br>{ATTRIBUTION}</div>'))
    out = Path(out)
    write_text_atomic(out, fmap.get_root().render())
    return out


def series_figure(rows: list[dict], out: str | Path, source: str = "DeepStateMap") -> Path:
    """A PNG of occupied area over time (line) and the change per month (bars), source credited.

    ``rows`` are ``geo.diff.series`` records (``map_time``, ``occupied_km2``, ``change_km2``).
    """
    import datetime as dt
    import tempfile
    import os

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times = [dt.datetime.fromisoformat(r["map_time"].replace("Z", "+00:00")) for r in rows]
    occ = [r["occupied_km2"] for r in rows]
    months: dict = {}
    for r, t in zip(rows, times):
        if r.get("change_km2") is not None:
            key = dt.datetime(t.year, t.month, 15)
            months[key] = months.get(key, 0.0) + r["change_km2"]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(times, occ, color="#b71c1c", marker="o", ms=3)
    ax1.set_ylabel("occupied area (km²)")
    ax1.set_title("Occupied area of Ukraine (occupied, held before 2022, Crimea)")
    ax1.grid(alpha=0.3)
    if months:
        keys = sorted(months)
        ax2.bar(keys, [months[k] for k in keys], width=20, color=["#b71c1c" if months[k] >= 0 else "#1565c0" for k in keys])
    ax2.axhline(0, color="black", lw=0.8)
    ax2.set_ylabel("change per month (km²)")
    ax2.set_xlabel("map time (UTC)")
    ax2.grid(alpha=0.3)
    fig.text(0.01, 0.01, f"Source: {source} (deepstatemap.live); areas in an equal-area projection centred on "
             "Ukraine. Made with frontline.", fontsize=8, color="#444")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".png")
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=110)
        os.replace(tmp, out)
    finally:
        plt.close(fig)
        Path(tmp).unlink(missing_ok=True)
    return out
