"""folium maps: they present what the core computed, and credit every source.

All text taken from articles is HTML-escaped before it reaches a popup, a tooltip or the list of places named
but not located.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .atomic import atomic_path, write_atomic

__all__ = ["frontline_map", "series_figure", "diff_figure", "FULL_ATTRIBUTION", "WEB_ASSETS"]

FULL_ATTRIBUTION = (
    'Territory: <a href="https://deepstatemap.live/">DeepStateMap</a> | Places: '
    '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) | Oblasts: '
    '<a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0) | Tiles &copy; '
    '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# Every script and style the maps load, from npm packages through jsDelivr's npm mirror: one source, pinned
# versions, and the same files a test can install from the npm registry and serve itself.
_NPM = "https://cdn.jsdelivr.net/npm/"
WEB_ASSETS = {
    "js": {
        "leaflet": _NPM + "leaflet@1.9.3/dist/leaflet.js",
        "jquery": _NPM + "jquery@3.7.1/dist/jquery.min.js",
        "bootstrap": _NPM + "bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
        "awesome_markers": _NPM + "leaflet.awesome-markers@2.0.5/dist/leaflet.awesome-markers.min.js",
        "timeline": _NPM + "leaflet.timeline@1.6.0/dist/leaflet.timeline.js",
        "moment": _NPM + "moment@2.18.1/min/moment.min.js",
        "leaflet_measure_js": _NPM + "leaflet-measure@2.1.7/dist/leaflet-measure.js",
        "Control_MiniMap_js": _NPM + "leaflet-minimap@3.6.1/dist/Control.MiniMap.min.js",
    },
    "css": {
        "leaflet_css": _NPM + "leaflet@1.9.3/dist/leaflet.css",
        "bootstrap_css": _NPM + "bootstrap@5.2.2/dist/css/bootstrap.min.css",
        "awesome_markers_font_css": _NPM + "@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "awesome_markers_css": _NPM + "leaflet.awesome-markers@2.0.5/dist/leaflet.awesome-markers.css",
        "leaflet_measure_css": _NPM + "leaflet-measure@2.1.7/dist/leaflet-measure.css",
        "Control_MiniMap_css": _NPM + "leaflet-minimap@3.6.1/dist/Control.MiniMap.min.css",
    },
}
STATUS_STYLE = {  # colours as readers of DeepStateMap expect them
    "occupied": ("#e53935", "occupied"),
    "pre2022": ("#8e0000", "held by Russia before 2022 (CADR, CALR)"),
    "crimea": ("#6d1b1b", "Crimea (occupied since 2014)"),
    "grey": ("#9e9e9e", "grey zone (unknown status)"),
    "liberated": ("#1e88e5", "liberated"),
}
EVENT_ICONS = {  # Font Awesome 6 icons and marker colours per event type
    "strike": ("bomb", "red"), "talks": ("handshake", "blue"), "statement": ("comment", "lightgray"),
    "advance": ("arrow-right", "darkred"), "capture": ("flag", "darkred"), "withdrawal": ("arrow-left", "orange"),
    "liberation": ("flag-checkered", "darkblue"), "atrocity": ("skull", "black"), "deployment": ("truck", "purple"),
    "equipment_loss": ("plane-slash", "cadetblue"), "attack": ("crosshairs", "darkred"),
}


def _npm_spec(url: str) -> tuple[str, str]:
    """A ``WEB_ASSETS`` URL -> (npm package ``name@version``, path inside the package)."""
    rest = url[len(_NPM):]
    at = rest.index("@", 1)  # a scoped name starts with "@"
    slash = rest.index("/", at)
    return rest[:slash], rest[slash + 1:]


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_TTF_AFTER_WOFF2 = re.compile(r"""(url\([^)]*\.woff2\)\s*format\(["']woff2["']\))\s*,\s*url\([^)]*\.ttf\)\s*"""
                              r"""format\(["']truetype["']\)""")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".woff2": "font/woff2",
         ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject"}


def _inline_css(css: str, folder: Path) -> str:
    """A stylesheet with the files its ``url()``s name (images, fonts) inlined as data: URIs; a font offered as
    woff2 and TrueType keeps the woff2 only (every browser that runs Leaflet 1.9 reads woff2)."""
    import base64

    def inline(m: re.Match) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        path = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if not path.is_file():
            from .errors import WorkFailed

            raise WorkFailed(f"{path}: a file the stylesheet {folder} names is not in its npm package")
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return f"url(data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()})"

    return _CSS_URL.sub(inline, _TTF_AFTER_WOFF2.sub(r"\1", css))


def _asset_credits() -> list[str]:
    """Each package the maps load, as "name@version (licence)", the licence read from its package.json."""
    import json

    from .fetch import npm_package

    specs = dict.fromkeys(_npm_spec(u)[0] for urls in WEB_ASSETS.values() for u in urls.values())
    return [f"{spec} ({json.loads((npm_package(spec) / 'package.json').read_text(encoding='utf-8')).get('license')})"
            for spec in specs]


def _inline_assets(page: str) -> str:
    """The rendered page with every ``WEB_ASSETS`` script and stylesheet inside it, read from the npm packages in
    the cache (``geo.fetch.npm_package`` downloads each once, its integrity checked)."""
    from .errors import WorkFailed
    from .fetch import npm_package

    for kind, urls in WEB_ASSETS.items():
        for url in urls.values():
            spec, path = _npm_spec(url)
            file = npm_package(spec) / path
            body = file.read_text(encoding="utf-8")
            if kind == "js":
                page = page.replace(f'<script src="{url}"></script>',
                                    "<script>" + body.replace("</script", "<\\/script") + "</script>")
            else:
                page = page.replace(f'<link rel="stylesheet" href="{url}"/>',
                                    "<style>" + _inline_css(body, file.parent).replace("</style", "<\\/style") + "</style>")
    if _NPM in page:
        raise WorkFailed("the self-contained map would still load files from the CDN: folium's page layout changed")
    return page


_BASEMAP = """{% macro script(this, kwargs) %}
(function(map) {
    [['fl-land', 150], ['fl-oblasts', 250]].forEach(function(p) {
        map.createPane(p[0]);
        map.getPane(p[0]).style.zIndex = p[1];
        map.getPane(p[0]).style.pointerEvents = 'none';
    });
    L.geoJSON({{ this.land }}, {pane: 'fl-land', interactive: false,
        style: {stroke: false, fillColor: '#f3efe6', fillOpacity: 1}}).addTo(map);
    L.geoJSON({{ this.oblasts }}, {pane: 'fl-oblasts', interactive: false,
        style: {color: '#7d7d7d', weight: 0.8, opacity: 0.8, fill: false}}).addTo(map);
})({{ this._parent.get_name() }});
{% endmacro %}"""
BASEMAP_TOLERANCE_DEG = 0.005
"""The offline basemap's land and oblast outlines are simplified to this (about 500 m): light, and enough to read
where a place is at the zoom levels the territory is drawn for."""


def _basemap(boundaries):
    """A light vector basemap for maps without tiles: Ukraine's land (under the tiles, so it shows where they do
    not load) and its oblast outlines (over them)."""
    import json

    import shapely
    from branca.element import MacroElement
    from jinja2 import Template

    def gj(geom) -> str:
        geom = shapely.set_precision(shapely.simplify(geom, BASEMAP_TOLERANCE_DEG, preserve_topology=True), 1e-4)
        return json.dumps(shapely.geometry.mapping(geom), separators=(",", ":"))

    el = MacroElement()
    el._name = "Basemap"
    el._template = Template(_BASEMAP)
    el.land = gj(boundaries.land)
    el.oblasts = gj(shapely.union_all(list(boundaries.oblasts.geometry.boundary.values)))
    return el


def _npm_assets(element) -> None:
    """Point an element's scripts and styles at ``WEB_ASSETS`` (unknown ones are dropped: nothing else loads)."""
    for kind in ("js", "css"):
        attr = f"default_{kind}"
        own = getattr(element, attr, None)
        if own:
            setattr(element, attr, [(name, WEB_ASSETS[kind][name]) for name, _ in own if name in WEB_ASSETS[kind]])
    for child in getattr(element, "_children", {}).values():
        _npm_assets(child)

def series_figure(rows: list[dict], out: str | Path, source: str = "DeepStateMap") -> Path:
    """A PNG of occupied area over time (line) and the change per month (bars), source credited.

    ``rows`` are ``geo.series.series`` records (``map_time``, ``occupied_km2``, ``change_km2``). A change measured
    across a gap (its previous map more than a calendar month before) is no month's: it is drawn hatched across
    the whole gap and labelled with its span.
    """
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times = [dt.datetime.fromisoformat(r["map_time"].replace("Z", "+00:00")) for r in rows]
    occ = [r["occupied_km2"] for r in rows]
    months: dict = {}
    gaps = []  # (previous map's time, this map's time, change, calendar months spanned)
    for r, t, before in zip(rows, times, [None, *times]):
        if r.get("change_km2") is None or before is None:
            continue
        span = (t.year - before.year) * 12 + t.month - before.month
        if span > 1:
            gaps.append((before, t, r["change_km2"], span))
            continue
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
    for before, t, change, span in gaps:  # a gap's change spread over its months, hatched, its total written
        mid = before + (t - before) / 2
        ax2.bar(mid, change / span, width=(t - before).days, fill=False, hatch="//", edgecolor="#555555",
                label="a gap (no map between): its change spread over its months")
        ax2.annotate(f"{change:+,.0f} km² over {span} months\n({before:%Y-%m-%d} to {t:%Y-%m-%d})",
                     (mid, change / span), ha="center", va="bottom" if change >= 0 else "top", fontsize=7,
                     color="#333333")
    if gaps:
        handles, labels = ax2.get_legend_handles_labels()
        ax2.legend(handles[:1], labels[:1], fontsize=8, loc="upper left")
        ax2.margins(y=0.3)
    ax2.axhline(0, color="black", lw=0.8)
    ax2.set_ylabel("change per month (km²)")
    ax2.set_xlabel("map time (UTC)")
    ax2.grid(alpha=0.3)
    fig.text(0.01, 0.01, f"Source: {source} (deepstatemap.live); areas in an equal-area projection centred on "
             "Ukraine. Made with frontline.", fontsize=8, color="#444")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save_png(fig, out)


def _ms(iso: str) -> int:
    import datetime as dt

    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp() * 1000)


def _day_ms(day: str, after: bool = False) -> int:
    """A date's start in ms since the epoch (UTC); ``after``: the start of the next day (end-exclusive)."""
    import datetime as dt

    d = dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1 if after else 0)
    return _ms(d.isoformat() + "T00:00:00Z")


def _popup(rows: list[tuple[str, str]]) -> str:
    return "<table class='fl-popup'>" + "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows if v not in (None, "")
    ) + "</table>"


def _date_text(rec: dict) -> str:
    if rec["start"] == rec["end"]:
        return f"{rec['start']} ({rec['date_precision']})"
    return f"{rec['start']} .. {rec['end']} ({rec['date_precision']})"


def _marker_features(records: list[dict], kind: str) -> list[dict]:
    feats = []
    for r in records:
        if r.get("lat") is None:
            continue
        typ = r["action"] if kind == "claim" else r["type"]
        icon, colour = EVENT_ICONS.get(typ, ("circle", "gray"))
        rows = [("date", _date_text(r)), ("type" if kind == "event" else "claim", typ),
                ("place", r.get("place_name")), ("side", r.get("side")), ("claimant", r.get("claimant")),
                ("actors", r.get("actors")), ("source", r.get("source")), ("sentence", r.get("sentence"))]
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                      "properties": {"start": _day_ms(r["start"]), "end": _day_ms(r["end"], after=True),
                                     "icon": icon, "color": colour, "popup": _popup(rows),
                                     "tooltip": html.escape(f"{typ}: {r.get('place_name') or ''}")}})
    return feats


_POINT_TO_LAYER = """function(feature, latlng) {
    var p = feature.properties;
    var m = L.marker(latlng, {icon: L.AwesomeMarkers.icon({icon: p.icon, prefix: 'fa', markerColor: p.color})});
    m.bindPopup(p.popup, {maxWidth: 420});
    m.bindTooltip(p.tooltip);
    return m;
}"""
_INTERVAL = """function(feature) {
    return {start: feature.properties.start, end: feature.properties.end, startExclusive: false, endExclusive: true};
}"""
_STYLE = """function(feature) {
    return {color: feature.properties.color, fillColor: feature.properties.color, weight: 1, fillOpacity: 0.45};
}"""


_TIMELINE_JS = """{% macro script(this, kwargs) %}
    var {{ this.get_name() }}_options = {{ this.options|tojavascript }};
    var {{ this.get_name() }} = L.timeline(JSON.parse({{ this.data|tojson|tojson }}), {{ this.get_name() }}_options);
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}"""


def _timeline(data: dict, **kwargs):
    """folium's Timeline with its GeoJSON handed to ``JSON.parse`` as one string: a long history's territory
    is read faster than as a script literal, so the first polygon is drawn sooner."""
    from folium.plugins import Timeline
    from folium.template import Template

    tl = Timeline(data, **kwargs)
    tl._template = Template(_TIMELINE_JS)
    return tl


def frontline_map(out: str | Path, territory=None, events: list[dict] = (), claims: list[dict] = (),
                  changes=None, front=None, tolerance_m: float = 0.0, title: str = "frontline",
                  period: tuple[str, str] | None = None, front_time: str | None = None,
                  notes: list[str] = (), self_contained: bool = False, basemap=None, start: str | None = None,
                  open_at: str | None = None) -> Path:
    """Write the dated interactive map (one HTML file, atomically).

    Parameters
    ----------
    out : path
        The HTML file.
    territory : GeoDataFrame, optional
        Change intervals (``geo.diff.change_intervals``): ``status``, ``start``, ``end`` (ISO), polygons.
    events, claims : list of dict
        Store records; each shows from its start day to the end of its end day.
    changes : GeoDataFrame, optional
        Gained and lost ground between the first and last snapshots (``DiffResult.pieces``).
    front : shapely geometry, optional
        The front line, at ``front_time`` (the map time it was drawn from).
    notes : list of str
        Lines for the legend (no territory, and how to add it; no front line).
    tolerance_m : float
        The territory's simplification, stated on the map.
    period : (str, str), optional
        The map's first and last dates, for its title.
    self_contained : bool
        Put Leaflet, the plugins and their styles (fonts and images inlined) inside the file, so that it works
        with no network; they come from the npm packages in the cache (``geo.fetch.npm_package``: downloaded
        once from the registry, integrity checked). Default: the pinned CDN (``WEB_ASSETS``), a smaller file.
    basemap : geo.boundaries.Boundaries, optional
        Land and oblast outlines drawn as a light vector basemap, so the map reads without tiles.
    start : str, optional
        The time slider's first date (default: the earliest record); events and claims that ended before it
        (dated only by month or year) are drawn apart, in a layer of their own, hidden at first.
    open_at : str, optional
        The time (ISO) the map opens at (default: the slider's start).
    """
    import folium
    from folium.plugins import MeasureControl, MiniMap, TimelineSlider

    fmap = folium.Map(location=[48.6, 35.0], zoom_start=6, tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", attr=FULL_ATTRIBUTION, name="OpenStreetMap").add_to(fmap)
    if basemap is not None:
        fmap.add_child(_basemap(basemap))
    events, claims = list(events), list(claims)
    earlier = [[r for r in recs if start and r.get("end") and r["end"] < start] for recs in (events, claims)]
    timelines = _timelines(fmap, territory, *[[r for r in recs if r not in old] for recs, old in
                                              zip((events, claims), earlier)])
    if timelines:
        slider = TimelineSlider(auto_play=False, show_ticks=True, enable_keyboard_controls=True,
                                date_options="YYYY-MM-DD", playback_duration=30000,
                                start=_day_ms(start) if start else None)
        slider.add_timelines(*timelines)
        slider.add_to(fmap)
        if open_at:
            fmap.add_child(_open_at(slider, _ms(open_at)))
    _add_earlier(fmap, *earlier)
    _add_changes(fmap, changes)
    if front is not None and not front.is_empty:
        when = f"{front_time[:10]} map" if front_time else "last map"
        folium.GeoJson(shapely_mapping(front), name=f"front line ({when})",
                       style_function=lambda _f: {"color": "#000000", "weight": 2, "dashArray": "6 4"}).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    MeasureControl(primary_length_unit="kilometers", primary_area_unit="sqmeters").add_to(fmap)
    MiniMap(toggle_display=True, position="bottomleft").add_to(fmap)
    credits = _asset_credits() if self_contained else []
    fmap.get_root().html.add_child(folium.Element(_legend(title, period, tolerance_m, notes, credits,
                                                          basemap is not None)))
    unlocated = _unlocated_panel(list(events), list(claims))
    if unlocated:
        fmap.get_root().html.add_child(folium.Element(unlocated))
    _npm_assets(fmap)
    for tl in timelines:
        _npm_assets(tl)
    out = Path(out)
    page = fmap.get_root().render()
    write_atomic(out, _inline_assets(page) if self_contained else page)
    return out


_OPEN_AT = """{% macro script(this, kwargs) %}
    {{ this.slider.get_name() }}.setTime({{ this.at }});
{% endmacro %}"""


def _open_at(slider, at_ms: int):
    """A script, after the slider's own, that moves the slider (and every dated layer) to ``at_ms``."""
    from branca.element import MacroElement
    from jinja2 import Template

    el = MacroElement()
    el._name = "OpenAt"
    el._template = Template(_OPEN_AT)
    el.slider, el.at = slider, int(at_ms)
    return el


def _add_earlier(fmap, events: list[dict], claims: list[dict]) -> None:
    """Events and claims that ended before the slider's start (dated by month or year), as one layer of markers
    outside the time slider, hidden at first; their popups give their dates."""
    import folium
    from folium.utilities import JsCode

    feats = _marker_features(events, "event") + _marker_features(claims, "claim")
    if feats:
        folium.GeoJson({"type": "FeatureCollection", "features": feats}, name=f"earlier, dated by month or year "
                       f"({len(feats)})", show=False,
                       pointToLayer=JsCode(_POINT_TO_LAYER)).add_to(fmap)


def _timelines(fmap, territory, events, claims) -> list:
    """The map's dated layers -- territory by change interval, events, claims -- added to ``fmap``."""
    import json

    from folium.utilities import JsCode

    timelines = []
    if territory is not None and len(territory):
        feats = []
        for rec in json.loads(territory.to_json(drop_id=True))["features"]:
            p = rec["properties"]
            colour, label = STATUS_STYLE.get(p["status"], ("#555555", p["status"]))
            rec["properties"] = {"start": _ms(p["start"]), "end": _ms(p["end"]), "color": colour,
                                 "status": label}
            feats.append(rec)
        tl = _timeline({"type": "FeatureCollection", "features": feats}, get_interval=JsCode(_INTERVAL),
                      style=JsCode(_STYLE))
        tl.layer_name = "territory (by date)"  # Timeline takes no name of its own; the layer control reads this
        tl.add_to(fmap)
        timelines.append(tl)
    for kind, recs, name in (("event", events, "events"), ("claim", claims, "claimed advances")):
        feats = _marker_features(list(recs), kind)
        if feats:
            tl = _timeline({"type": "FeatureCollection", "features": feats}, get_interval=JsCode(_INTERVAL),
                          pointToLayer=JsCode(_POINT_TO_LAYER))
            tl.layer_name = name
            tl.add_to(fmap)
            timelines.append(tl)
    return timelines


def _add_changes(fmap, changes) -> None:
    """The ground gained and lost between the first and last snapshots, as two layers (hidden at first)."""
    import json

    import folium

    if changes is None or not len(changes):
        return
    for change, colour in (("gained", "#b71c1c"), ("lost", "#1565c0")):
        part = changes[changes["change"] == change]
        if len(part):
            folium.GeoJson(
                json.loads(part[["change", "area_km2", "oblast", "from", "to", "geometry"]].to_json(drop_id=True)),
                name=f"ground {change} by Russia ({part['from'].iloc[0][:10]} to {part['to'].iloc[0][:10]})",
                style_function=lambda _f, c=colour: {"color": c, "fillColor": c, "weight": 1, "fillOpacity": 0.6},
                tooltip=folium.GeoJsonTooltip(["change", "area_km2", "oblast"]), show=False,
            ).add_to(fmap)


def shapely_mapping(geom) -> dict:
    from shapely.geometry import mapping

    return {"type": "Feature", "properties": {}, "geometry": mapping(geom)}


def _legend(title: str, period, tolerance_m: float, notes: list[str] = (), credits: list[str] = (),
            basemap: bool = False) -> str:
    rows = "".join(f"<div><span style='display:inline-block;width:14px;height:14px;background:{c};opacity:.7;"
                   f"margin-right:6px;vertical-align:middle'></span>{html.escape(label)}</div>"
                   for c, label in STATUS_STYLE.values())
    icons = "".join(f"<span style='margin-right:8px'><i class='fa fa-{i}'></i> {html.escape(t.replace('_', ' '))}</span>"
                    for t, (i, _c) in EVENT_ICONS.items())
    when = f"{period[0]} to {period[1]}" if period else ""
    simp = (f"Territory simplified to {tolerance_m:g} m." if tolerance_m else "Territory not simplified.")
    return (f"<div id='fl-legend' class='fl-legend' style='position:fixed;top:10px;left:60px;z-index:9999;"
            f"background:rgba(255,255,255,.92);padding:8px 10px;font:12px sans-serif;border-radius:6px;"
            f"max-width:330px;box-shadow:0 1px 4px rgba(0,0,0,.3)'><b>{html.escape(title)}</b> "
            f"{html.escape(when)}{rows}<div style='margin-top:4px'>{icons}</div>"
            + "".join(f"<div class='fl-note' style='margin-top:4px;color:#b71c1c'>{html.escape(n)}</div>"
                      for n in notes) +
            f"<div style='margin-top:4px;color:#555'>{html.escape(simp)} Intervals end-exclusive: a boundary day "
            f"shows the later state.<br>{FULL_ATTRIBUTION}"
            + (" | Basemap: land and oblasts from the boundaries (geoBoundaries, CC BY 4.0)" if basemap else "")
            + (f"<div class='fl-credits' style='margin-top:4px;font-size:10px'>Inside this file: "
               f"{html.escape(', '.join(credits))}</div>" if credits else "") + "</div></div>")


def _unlocated_panel(events: list[dict], claims: list[dict]) -> str:
    """The events and claims whose place is named but not located (no point: the geoparser found no candidate
    where the text puts it), listed apart: place, date, type, sentence and why; "" when there are none.

    A claim shares the row of its event; a claim whose event is not listed has a row of its own.
    """
    def apart(r: dict) -> bool:
        return r.get("place_name") is not None and r.get("lat") is None and r.get("wkb") is None

    listed = [e for e in events if apart(e)]
    by_event: dict = {}
    for c in claims:
        if apart(c):
            by_event.setdefault(c.get("event_id"), []).append(c)
    ids = {e.get("event_id") for e in listed}
    rows = []
    for e in listed:
        what = e["type"]
        for c in by_event.get(e.get("event_id"), ()):
            what += f"; claimed by {c.get('claimant') or 'unknown'}" + (f" ({c['side']})" if c.get("side") else "")
        rows.append((e, what))
    for event_id, cs in by_event.items():
        if event_id not in ids:
            rows += [(c, f"claim: {c['action']}" + (f" ({c['side']})" if c.get("side") else "")) for c in cs]
    if not rows:
        return ""
    rows.sort(key=lambda rw: (rw[0].get("start") or "", rw[0].get("place_name") or ""))
    esc = html.escape
    body = "".join(
        f"<tr><td title='{esc(r.get('place_note') or '', quote=True)}'>{esc(r['place_name'])}</td>"
        f"<td>{esc(_date_text(r))}</td><td>{esc(what.replace('_', ' '))}</td><td>{esc(r.get('sentence') or '')}</td>"
        f"<td style='color:#555'>{esc(r.get('place_note') or '')}</td></tr>"
        for r, what in rows)
    return (f"<div id='fl-unlocated' class='fl-unlocated' style='position:fixed;bottom:30px;right:10px;z-index:9999;"
            f"background:rgba(255,255,255,.95);padding:8px 10px;font:12px sans-serif;border-radius:6px;"
            f"max-width:560px;max-height:40%;overflow:auto;box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            f"<b>named, not located</b> ({len(rows)}): places the text names where no known place of that name "
            f"lies<table class='fl-unlocated-list'><tr><th>place</th><th>date</th><th>type</th><th>sentence</th>"
            f"<th>why</th></tr>{body}</table></div>")


def diff_figure(result, out: str | Path, places: int = 10) -> Path:
    """A PNG of a diff for reports: ground gained (red) and lost (blue), the front line, the places that
    changed hands labelled, a scale bar, the source credited. Drawn in the equal-area projection."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .territory import EQUAL_AREA

    s = result.summary
    fig, ax = plt.subplots(figsize=(10, 8))
    pieces = result.pieces.to_crs(EQUAL_AREA) if len(result.pieces) else result.pieces
    for change, colour in (("gained", "#c62828"), ("lost", "#1565c0")):
        part = pieces[pieces["change"] == change] if len(pieces) else pieces
        if len(part):
            part.plot(ax=ax, color=colour, edgecolor=colour, linewidth=0.4, alpha=0.8)
    to_front = result.fronts.get(s["to"]["time"]) if result.fronts else None
    if to_front is not None and not to_front.is_empty:
        gpd.GeoSeries([to_front], crs=4326).to_crs(EQUAL_AREA).plot(ax=ax, color="black", linewidth=0.8)
    labelled = (s.get("settlements") or [])[:places]
    if labelled:
        pts = gpd.GeoSeries(gpd.points_from_xy([p["lon"] for p in labelled], [p["lat"] for p in labelled]),
                            crs=4326).to_crs(EQUAL_AREA)
        for p, pt in zip(labelled, pts):
            ax.plot(pt.x, pt.y, "o", color="black", ms=3)
            ax.annotate(p["name"], (pt.x, pt.y), xytext=(4, 4), textcoords="offset points", fontsize=8)
    if len(pieces):
        xmin, ymin, xmax, ymax = pieces.total_bounds
        pad = max(xmax - xmin, ymax - ymin) * 0.15 + 5000
        ax.set_xlim(xmin - pad, xmax + pad)
        ax.set_ylim(ymin - pad, ymax + pad)
    # scale bar: a round number of km near a fifth of the width
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = max(1, int(round((x1 - x0) / 5 / 1000 / 10.0)) * 10) if (x1 - x0) > 20_000 else 1
    bx, by = x0 + (x1 - x0) * 0.05, y0 + (y1 - y0) * 0.05
    ax.plot([bx, bx + km * 1000], [by, by], color="black", lw=3)
    ax.text(bx, by + (y1 - y0) * 0.015, f"{km} km", fontsize=9)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"Ground changing hands, {s['from']['time'][:10]} to {s['to']['time'][:10]}: "
                 f"Russia gained {s['gained_km2']:,.0f} km², lost {s['lost_km2']:,.0f} km² (net {s['net_km2']:+,.0f})")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color="#c62828", label="gained by Russia"), Patch(color="#1565c0", label="retaken"),
                       plt.Line2D([], [], color="black", label="front line (TO)")], loc="upper right", fontsize=8)
    fig.text(0.01, 0.01, f"Source: {s['to'].get('source', 'DeepStateMap')} (deepstatemap.live); places GeoNames; "
             "oblasts geoBoundaries. Lambert equal-area projection centred on Ukraine. Made with frontline.",
             fontsize=7, color="#444")
    return _save_png(fig, out)


def _save_png(fig, out: str | Path) -> Path:
    """Save a matplotlib figure as PNG atomically (a temporary file beside it, then rename) and close it."""
    import matplotlib.pyplot as plt

    out = Path(out)
    try:
        with atomic_path(out, suffix=".png") as tmp:
            fig.savefig(tmp, dpi=110)
    finally:
        plt.close(fig)
    return out
