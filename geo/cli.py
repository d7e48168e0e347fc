"""The ``frontline`` command line: parses arguments, calls the core, prints. No logic of its own.

Results go to stdout (so commands pipe); progress and messages to stderr. Exit codes: 0 success, 1 a failure
while working, 2 bad input or usage (one line naming the file, line, feature or field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .cli_common import (BoundariesOpt, By, DiffFormat, Every, ExportFormat, FromOpt, FromRef, KmOpt,
                         MentionFormat, NearOpt, QueryFormat, QueryFormatOpt, SchedulerOpt, SeriesFormat, SnapshotsFormat, StoreOpt,
                         ToOpt, ToRef, emit, errors, load_gazetteer, say, terminate_as_interrupt)
from .cli_groups import boundaries_app, gazetteer_app, snapshot_app, store_app
from .errors import BadInput
from .vocab import CLAIM_ACTIONS, EVENT_TYPES

app = typer.Typer(
    name="frontline",
    help="Front-line map and territory tracker for the Russia-Ukraine war.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # click's plain help: a flag is shown as a flag (rich help printed "--help <bool>")
)
for _name, _group in (("gazetteer", gazetteer_app), ("snapshot", snapshot_app), ("store", store_app),
                      ("boundaries", boundaries_app)):
    app.add_typer(_group, name=_name)


@app.command()
def geocode(
    text: Optional[str] = typer.Argument(None, help="Text to geocode; standard input when neither TEXT nor --file."),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the text from this file."),
    date: Optional[str] = typer.Option(None, "--date", help="The text's date, YYYY-MM-DD: the store's front line "
                                       "of that date then places the villages."),
    fmt: MentionFormat = typer.Option(MentionFormat.table, "--format", help="Output format."),
    store: Optional[str] = typer.Option(None, "--store", help="The store whose snapshots give the front line; "
                                        "default $FRONTLINE_STORE, else data/tracker.gpkg (never created here)."),
) -> None:
    """Find every place named in a text and resolve it.

    With --date, the front line of that day (the store's nearest snapshot before it, within 90 days) settles
    namesakes, and a village named in a sentence about fighting but far from the front is left unresolved.

    \b
    Examples:
      frontline geocode "Russian forces pressed on Pokrovsk and Toretsk"
      frontline geocode "Russian forces recently advanced near Terny." --date 2025-05-15
      frontline geocode --file seeds/000_559b3a757218a85c.txt --format json
      echo "Strikes on Kiev" | frontline geocode --format geojson
    """
    with errors():
        from . import front_at, report
        from .documents import article_date, decode, read_input
        from .geoparse import geoparse

        front = None
        if date is not None:
            date = article_date(date)
        if text is not None and file is not None:
            raise BadInput("give TEXT or --file, not both")
        if file is not None:
            text, _ = decode(read_input(file), str(file))
        elif text is None:
            text, _ = decode(sys.stdin.buffer.read(), "standard input")
        if date is not None:
            front = front_at(date, store)
        found = geoparse(text, load_gazetteer(), front, front_date=date if front is not None else None)
        emit(report.mentions(found, fmt.value))


@app.command()
def ingest(
    files: list[Path] = typer.Argument(..., help="Article files (UTF-8 or cp1251 text)."),
    date: Optional[str] = typer.Option(None, "--date", help="Date of articles without a sidecar, YYYY-MM-DD."),
    source: Optional[str] = typer.Option(None, "--source", help="Source of articles without a sidecar."),
    store: Optional[str] = StoreOpt,
    scheduler: Optional[str] = SchedulerOpt,
) -> None:
    """Read articles into dated events and claims in the store.

    Date and source come from each file's sidecar (article.json) or front matter, else from the flags.
    Re-ingesting the same text changes nothing; a changed text under the same file name replaces its events.

    \b
    Examples:
      frontline ingest seeds/*.txt
      frontline ingest report.txt --date 2025-05-15 --source "Example News" --store team.gpkg
      frontline ingest corpus/*.txt --scheduler local:2 --store postgresql://frontline@db/frontline
    """
    with errors():
        from .cluster import scheduler as cluster
        from .ingest import ingest_documents, prepare
        from .report import ingest_totals
        from .store import open_store

        docs = prepare(files, date, source)
        load_gazetteer()
        with open_store(store) as st, cluster(scheduler) as client:
            results = ingest_documents(st, docs, lambda n, total, p, res: say(
                f"[{n}/{total}] {p.key}: {res.status}, {res.events} events ({res.unlocated} without a place), "
                f"{res.claims} claims"), client)
            totals = ingest_totals(results, st)
        emit(json.dumps(totals) + "\n")


def _query(layer: str, since, until, types, near, km, store) -> list[dict]:
    from .query import query_layer

    return query_layer(layer, since, until, types, near, km, store, load_gazetteer() if near else None)


@app.command()
def events(
    since: Optional[str] = typer.Option(None, "--since", help="Events ending on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="Events starting on or before this date."),
    type_: Optional[list[str]] = typer.Option(None, "--type", help=", ".join(EVENT_TYPES) + "."),
    near: Optional[str] = NearOpt,
    km: float = KmOpt,
    fmt: QueryFormat = QueryFormatOpt,
    store: Optional[str] = StoreOpt,
) -> None:
    """List dated events in the store.

    \b
    Examples:
      frontline events --since 2025-05-01 --type strike
      frontline events --near Pokrovsk --km 30 --format geojson
    """
    with errors():
        from . import report

        emit(report.rows(_query("events", since, until, type_, near, km, store), fmt.value, report.EVENT_COLUMNS))


@app.command()
def snapshots(
    fmt: SnapshotsFormat = typer.Option(SnapshotsFormat.table, "--format", help="table, json or csv (the "
                                        "polygons: `frontline export snapshots`)."),
    store: Optional[str] = StoreOpt,
) -> None:
    """List the snapshots the store holds, with their areas.

    \b
    Examples:
      frontline snapshots --format json
      frontline snapshots --format csv
      frontline export snapshots --format geojson -o snapshots.geojson
    """
    with errors():
        from . import report
        from .store import open_store

        with open_store(store, create=False) as st:
            rows = st.snapshot_list()
        emit(report.snapshots(rows, fmt.value))


@app.command("diff")
def diff_cmd(
    frm: str = FromRef,
    to: str = ToRef,
    by: Optional[By] = typer.Option(None, "--by", help="oblast: a row per oblast in the table."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format"),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    boundaries: Optional[Path] = BoundariesOpt,
    sliver_km2: float = typer.Option(0.01, "--sliver-km2", help="Pieces under this area count as slivers."),
    store: Optional[str] = StoreOpt,
) -> None:
    """How much ground changed hands between two snapshots, where, and which settlements.

    \b
    Examples:
      frontline diff 2024-07-31 2024-08-31 --format json
      frontline diff deepstate_2024-10-31T2117Z.geojson deepstate_2024-11-30T2121Z.geojson --by oblast
      frontline diff 2025-05-01 2025-06-30 --format geojson -o changes.geojson
    """
    with errors():
        from . import export, report
        from .boundaries import load_boundaries
        from .diff import diff
        from .snapshots import snapshot_pair

        if out is not None:
            export.check_output(out, store)
        a, b = snapshot_pair(frm, to, store)
        res = diff(a, b, load_boundaries(boundaries), load_gazetteer(), sliver_km2)
        if fmt is DiffFormat.json:
            emit(report.as_json(res.summary), out)
        elif fmt is DiffFormat.geojson:
            emit(export.layer_to_geojson(res.layer()), out)
        else:
            emit(report.diff_table(res.summary, by is By.oblast), out)


@app.command("series")
def series_cmd(
    since: Optional[str] = FromOpt,
    until: Optional[str] = ToOpt,
    every: Every = typer.Option(Every.month, "--every", help="day, week or month."),
    fmt: SeriesFormat = typer.Option(SeriesFormat.csv, "--format"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also write a PNG chart here."),
    store: Optional[str] = StoreOpt,
    scheduler: Optional[str] = SchedulerOpt,
) -> None:
    """Occupied and grey area over time, and the change per step (net, and ground gained and lost).

    \b
    Examples:
      frontline series --every month --format csv
      frontline series --from 2024-06-01 --plot maps/series.png
      frontline series --every day --scheduler local:2
    """
    with errors():
        from .export import check_output, to_csv
        from .report import SERIES_COLUMNS
        from .series import store_series

        if plot is not None:
            check_output(plot, store)
        rows = store_series(store, since, until, every.value, scheduler)
        emit(json.dumps(rows, indent=2) + "\n" if fmt is SeriesFormat.json else to_csv(rows, SERIES_COLUMNS))
        if plot is not None:
            from .maps import series_figure

            series_figure(rows, plot, rows[-1]["source"])
            say(f"wrote {plot}")


@app.command()
def claims(
    since: Optional[str] = typer.Option(None, "--since", help="Claims ending on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="Claims starting on or before this date."),
    type_: Optional[list[str]] = typer.Option(None, "--type", help=", ".join(CLAIM_ACTIONS) + "."),
    near: Optional[str] = NearOpt,
    km: float = KmOpt,
    fmt: QueryFormat = QueryFormatOpt,
    verify: bool = typer.Option(False, "--verify", help="Check each claim against the snapshots around its date."),
    days: int = typer.Option(30, "--days", help="With --verify: how long after a claim a change bears it out."),
    store: Optional[str] = StoreOpt,
) -> None:
    """List claimed advances and losses of ground: who claims what, where, when.

    With --verify, each claim is checked against the territory snapshots in the store: borne out (the place
    turned occupied or grey within --days, with the lag), already so before the claim, or not borne out.

    \b
    Examples:
      frontline claims --format json
      frontline claims --near Toretsk --km 20
      frontline claims --verify --days 30
    """
    with errors():
        from . import report

        rows = _query("claims", since, until, type_, near, km, store)
        if not verify:
            emit(report.rows(rows, fmt.value, report.CLAIM_COLUMNS))
            return
        from .verify import verify_in_store

        checked = verify_in_store(rows, store, days)
        emit(report.as_json(checked) if fmt is QueryFormat.json else report.verdicts(checked))


@app.command()
def export(
    layer: str = typer.Argument(..., help="events, claims or snapshots."),
    fmt: ExportFormat = typer.Option(ExportFormat.geojson, "--format", help="geojson, gpkg, csv or kml."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file; stdout when absent (not gpkg)."),
    store: Optional[str] = StoreOpt,
) -> None:
    """Export a layer for GIS tools: GeoJSON (RFC 7946), GeoPackage (dates as DATE), CSV, KML.

    \b
    Examples:
      frontline export events --format geojson -o events.geojson
      frontline export claims --format kml -o claims.kml
      frontline export events --format gpkg -o events.gpkg
    """
    with errors():
        from . import export as ex
        from .store import LAYERS, open_store

        if layer not in LAYERS:
            raise BadInput(f"layer {layer!r}: choose events, claims or snapshots")
        if out is not None:
            ex.check_output(out, store)
        with open_store(store, create=False) as st:
            frame = st.frame(layer)
        text = ex.write_layer(frame, fmt.value, out, layer)
        if text is not None:
            emit(text)
        else:
            say(f"wrote {len(frame)} {layer} to {out}")


@app.command("map")
def map_cmd(
    since: Optional[str] = typer.Option(None, "--from", help="First date shown (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--to", help="Last date shown (YYYY-MM-DD)."),
    out: Path = typer.Option(Path("maps/frontline.html"), "-o", "--output", help="The HTML file."),
    boundaries: Optional[Path] = BoundariesOpt,
    tolerance_m: float = typer.Option(100.0, "--tolerance-m", help="Simplify territory by this many metres."),
    self_contained: bool = typer.Option(False, "--self-contained", help="Put Leaflet and the plugins inside the "
                                        "file and draw land and oblasts from the boundaries: a map that works "
                                        "offline (the packages are fetched once from the npm registry into the "
                                        "cache, integrity checked). Default: scripts from the pinned CDN."),
    store: Optional[str] = StoreOpt,
) -> None:
    """Write the dated interactive map: territory, events and claims on one time slider.

    \b
    Examples:
      frontline map -o maps/frontline.html
      frontline map --from 2025-05-01 --to 2025-06-30 --boundaries ../shared/data/boundaries
      frontline map --self-contained --boundaries ../shared/data/boundaries -o archive.html
    """
    with errors():
        from .documents import parse_date
        from .export import check_output
        from .mapdata import store_map, write_map
        from .report import map_written

        since = parse_date(since, "--from") if since else None
        until = parse_date(until, "--to") if until else None
        check_output(out, store)
        data, bounds = store_map(store, since, until, boundaries, tolerance_m, self_contained)
        write_map(out, data, self_contained=self_contained, basemap=bounds if self_contained else None)
        for line in map_written(out, data):
            say(line)


@app.command()
def figure(
    frm: str = FromRef,
    to: str = ToRef,
    out: Path = typer.Option(Path("maps/diff.png"), "-o", "--output", help="The PNG file."),
    boundaries: Optional[Path] = BoundariesOpt,
    store: Optional[str] = StoreOpt,
) -> None:
    """A static PNG of the ground that changed hands between two dates, for reports.

    \b
    Example:
      frontline figure 2024-10-31 2024-11-30 -o maps/november-2024.png
    """
    with errors():
        from .atomic import output_error
        from .boundaries import load_boundaries
        from .diff import diff
        from .export import check_output
        from .maps import diff_figure
        from .snapshots import snapshot_pair

        check_output(out, store)
        a, b = snapshot_pair(frm, to, store)
        res = diff(a, b, load_boundaries(boundaries), load_gazetteer())
        try:
            diff_figure(res, out)
        except OSError as e:
            raise output_error(out, e) from None
        say(f"wrote {out}")


@app.command()
def build(
    seeds: Path = typer.Argument(Path("seeds"), help="Folder of articles (*.txt with *.json sidecars)."),
    out: Path = typer.Option(Path("maps"), "--out", help="Output folder."),
    snapshots_dir: Optional[Path] = typer.Option(None, "--snapshots", help="Folder of snapshot files; those dated "
                                                 "in the articles' period are imported."),
    boundaries: Optional[Path] = BoundariesOpt,
    offline: bool = typer.Option(False, "--offline", help="Never ask DeepStateMap for the period's maps."),
    cdn: bool = typer.Option(False, "--cdn", help="Load Leaflet and its plugins from the pinned CDN: a smaller map "
                             "that needs a network to open (default: inside the file, from the npm packages "
                             "fetched once into the cache)."),
    store: Optional[str] = StoreOpt,
) -> None:
    """The main job: gather the territory of the articles' period, ingest every article in SEEDS, write the
    map and the layers.

    The territory (the maps from the end of the month before the latest article's month to the end of that
    month) comes from the store, else from --snapshots DIR, else from DeepStateMap's history API (cached in
    the store). Writes OUT/frontline.html (opening on the latest article's date, and working offline: Leaflet
    inside the file, or from the CDN with a note when its packages cannot be fetched), OUT/events.geojson,
    OUT/claims.geojson and OUT/seed_places.geojson, and prints a summary of what was drawn.

    \b
    Examples:
      frontline build seeds --out maps
      frontline build seeds --out maps --snapshots ../shared/data/deepstate/raw --boundaries ../shared/data/boundaries
    """
    with errors():
        from . import build as job
        from .report import build_summary

        # the articles are checked (and the index built) before any territory is fetched
        built = job.build(seeds, out, load_gazetteer, snapshots_dir, boundaries, not offline, store, say, cdn)
        emit(build_summary(built))


def main() -> None:
    """Console-script entry point."""
    terminate_as_interrupt()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
