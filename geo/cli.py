"""The ``frontline`` command line: parses arguments, calls the core, prints. No logic of its own.

Results go to stdout (so commands pipe); progress and messages to stderr. Exit codes: 0 success, 1 a failure
while working, 2 bad input or usage (one line naming the file, line, feature or field).
"""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .errors import BadInput, FrontlineError

app = typer.Typer(
    name="frontline",
    help="Front-line map and territory tracker for the Russia-Ukraine war.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(help="The gazetteer: look up places, import GeoNames dumps or CSV, rebuild the index.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
snapshot_app = typer.Typer(help="Territory snapshots: import files, pull DeepStateMap.", no_args_is_help=True)
app.add_typer(snapshot_app, name="snapshot")
store_app = typer.Typer(help="The store itself: copy between GeoPackage and PostGIS.", no_args_is_help=True)
app.add_typer(store_app, name="store")
boundaries_app = typer.Typer(help="Ukraine's oblasts and land outline (geoBoundaries).", no_args_is_help=True)
app.add_typer(boundaries_app, name="boundaries")


class MentionFormat(str, Enum):
    json = "json"
    geojson = "geojson"
    table = "table"
    csv = "csv"


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn frontline's errors into one line on stderr and the matching exit code."""
    try:
        yield
    except FrontlineError as e:
        message = " ".join(str(e).split())  # one line, whatever a library's message held
        typer.echo(f"frontline: error: {message}", err=True)
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("frontline: interrupted", err=True)
        raise typer.Exit(130) from None


def _gazetteer(rebuild: bool = False):
    """The gazetteer, saying on stderr when its index has to be built."""
    from . import gazetteer

    return gazetteer.load(rebuild=rebuild, on_build=lambda msg: typer.echo(f"frontline: {msg}", err=True))


def _emit(text: str, out: Optional[Path] = None) -> None:
    from .export import write_text_atomic

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_text_atomic(out, text)
        except OSError as e:
            raise BadInput(f"{out}: cannot write ({e.strerror})") from None
        typer.echo(f"wrote {out}", err=True)


_TABLE_COLUMNS = ["start", "end", "surface", "name", "kind", "country", "admin1", "lat", "lon", "score", "ambiguous",
                  "resolved"]


def _format_mentions(records: list[dict], fmt: MentionFormat) -> str:
    from . import export

    if fmt is MentionFormat.json:
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt is MentionFormat.geojson:
        return export.to_geojson(records)
    if fmt is MentionFormat.csv:
        return export.to_csv(records)
    if not records:
        return "no places found\n"
    return export.to_table(records, _TABLE_COLUMNS)


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
    with _errors():
        from . import front_at
        from .documents import decode, parse_date, read_input
        from .geoparse import geoparse

        front = None
        if date is not None:
            date = parse_date(date)
        if text is not None and file is not None:
            raise BadInput("give TEXT or --file, not both")
        if file is not None:
            text, _ = decode(read_input(file), str(file))
        elif text is None:
            text, _ = decode(sys.stdin.buffer.read(), "standard input")
        if date is not None:
            front = front_at(date, store)
        _emit(_format_mentions(geoparse(text, _gazetteer(), front, front_date=date if front is not None else None),
                               fmt))


@gazetteer_app.command("import")
def gazetteer_import(
    file: Path = typer.Argument(..., help="A GeoNames dump (UA.txt, tab-separated) or a CSV with name, lat, lon."),
) -> None:
    """Add populated places to the local gazetteer extension, then rebuild the index.

    \b
    Examples:
      frontline gazetteer import UA.txt          # GeoNames export, ~30,000 Ukrainian places
      frontline gazetteer import villages.csv    # name,lat,lon[,alternate_names,country,admin1]
    """
    with _errors():
        from . import gazetteer

        res = gazetteer.import_file(file)
        typer.echo(f"read {res['places']} places ({res['format']}) from {file}; rebuilding the index", err=True)
        typer.echo(json.dumps({**res, "gazetteer_places": len(_gazetteer())}))


@gazetteer_app.command("pull")
def gazetteer_pull(
    countries: Optional[list[str]] = typer.Argument(None, metavar="[COUNTRY]...",
                                                     help="ISO codes (default UA RU BY), or 'all' for every country."),
) -> None:
    """Download GeoNames' country dumps (every village), check them, import their populated places and rebuild
    the index; the source is $FRONTLINE_GEONAMES_URL.

    \b
    Examples:
      frontline gazetteer pull              # Ukraine, Russia, Belarus
      frontline gazetteer pull UA
      frontline gazetteer pull all          # allCountries, ~400 MB
    """
    with _errors():
        from .fetch import pull_geonames

        res = pull_geonames(countries or ("UA", "RU", "BY"), progress=_progress)
        places = sum(r["places"] for r in res)
        typer.echo(f"read {places} populated places from {', '.join(r['country'] for r in res)}; "
                   "rebuilding the index", err=True)
        typer.echo(json.dumps({"pulled": res, "gazetteer_places": len(_gazetteer())}))


def _progress(name: str, done: int, total: Optional[int]) -> None:
    """One self-overwriting stderr line per download: bytes so far and of how many."""
    def size(n: int) -> str:
        return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n} B"

    line = f"{name}: {size(done)} / {size(total)} ({100 * done // total}%)" if total else f"{name}: {size(done)}"
    end = "\n" if total is not None and done >= total else ""
    sys.stderr.write(f"\rfrontline: downloading {line}{end}")
    sys.stderr.flush()


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str = typer.Argument(..., help="A place name in any spelling the gazetteer knows."),
    fmt: MentionFormat = typer.Option(MentionFormat.table, "--format", help="json or table."),
) -> None:
    """List the places a name can mean, most prominent first.

    \b
    Example:
      frontline gazetteer lookup Kiev
    """
    with _errors():
        rows = [p.as_dict() for p in _gazetteer().lookup(name)]
        if fmt is MentionFormat.json:
            _emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            from .export import to_table

            _emit(to_table(rows, ["place_id", "name", "kind", "country", "admin1", "population", "lat", "lon"])
                  if rows else f"no place called {name!r}\n")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Rebuild the cached look-up index now (it is rebuilt by itself when its inputs change)."""
    with _errors():
        g = _gazetteer(rebuild=True)
        typer.echo(json.dumps({"places": len(g), "keys": len(g.keys)}))


StoreOpt = typer.Option(None, "--store", help="GeoPackage path or postgresql:// URL; default $FRONTLINE_STORE, "
                        "else data/tracker.gpkg.")
SchedulerOpt = typer.Option(None, "--scheduler", help="Spread the work over Dask: local, local:N or tcp://HOST:PORT.")


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    geojson = "geojson"
    csv = "csv"


class ExportFormat(str, Enum):
    geojson = "geojson"
    gpkg = "gpkg"
    csv = "csv"
    kml = "kml"


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
    with _errors():
        from .ingest import ingest_documents, prepare
        from .store import open_store

        docs = prepare(files, date, source)
        _gazetteer()

        def progress(n, total, p, res):
            typer.echo(f"[{n}/{total}] {p.key}: {res.status}, {res.events} events ({res.unlocated} without a place),"
                       f" {res.claims} claims", err=True)

        from .cluster import scheduler as cluster

        with open_store(store) as st, cluster(scheduler) as client:
            results = ingest_documents(st, docs, progress, client)
            totals = {"documents": len(results), "added": sum(r.status == "added" for r in results),
                      "replaced": sum(r.status == "replaced" for r in results),
                      "unchanged": sum(r.status == "unchanged" for r in results),
                      "events": sum(r.events for r in results), "claims": sum(r.claims for r in results),
                      "events_without_place": sum(r.unlocated for r in results),
                      "store": st.url, "store_events": st.count("events"), "store_claims": st.count("claims")}
        typer.echo(json.dumps(totals))


def _query(layer: str, since, until, types, near, km, store) -> list[dict]:
    from .documents import parse_date
    from .store import open_store

    since = parse_date(since, "--since") if since else None
    until = parse_date(until, "--until") if until else None
    around = None
    if near:
        places = _gazetteer().lookup(near)
        if not places:
            raise BadInput(f"--near: no place called {near!r} in the gazetteer")
        around = (places[0].lat, places[0].lon, km)
    with open_store(store, create=False) as st:
        rows = st.query(layer, since=since, until=until, types=types or None, near=around)
    for r in rows:
        r.pop("wkb", None)
    return rows


def _print_rows(rows: list[dict], fmt: QueryFormat, columns: list[str]) -> None:
    from . import export

    if fmt is QueryFormat.json:
        _emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is QueryFormat.geojson:
        _emit(export.to_geojson(rows))
    elif fmt is QueryFormat.csv:
        _emit(export.to_csv(rows, columns + ["lat", "lon", "sentence"]))
    else:
        short = [{**r, "sentence": (r.get("sentence") or "")[:60]} for r in rows]
        _emit(export.to_table(short, columns) if rows else "nothing matches\n")


@app.command()
def events(
    since: Optional[str] = typer.Option(None, "--since", help="Events ending on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="Events starting on or before this date."),
    type_: Optional[list[str]] = typer.Option(None, "--type", help="talks, strike, advance, capture, withdrawal, "
                                              "attack, atrocity, deployment, equipment_loss, statement."),
    near: Optional[str] = typer.Option(None, "--near", help="A place name; with --km."),
    km: float = typer.Option(25.0, "--km", help="Radius around --near, km."),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format"),
    store: Optional[str] = StoreOpt,
) -> None:
    """List dated events in the store.

    \b
    Examples:
      frontline events --since 2025-05-01 --type strike
      frontline events --near Pokrovsk --km 30 --format geojson
    """
    with _errors():
        rows = _query("events", since, until, type_, near, km, store)
        _print_rows(rows, fmt, ["start", "end", "date_precision", "type", "place_name", "actor1", "actor2",
                                "outcome", "count", "disputed", "actors", "sentence"])


def _snapshot_line(snap, status: str) -> str:
    a = snap.areas()
    grey = f", grey {a['grey']:,.1f}" if "grey" in a else ""
    crs = f"; converted from {snap.crs}" if snap.crs else ""
    return (f"{snap.map_time} {snap.source}: {status}; occupied {a['occupied_total']:,.1f} km²{grey}; "
            f"{snap.repairs} repaired, {snap.dropped} dropped{crs}")


def _status_map(value: Optional[str]) -> Optional[dict]:
    if not value:
        return None
    out = {}
    for pair in value.split(","):
        word, sep, status = pair.partition("=")
        if not sep or status.strip() not in ("occupied", "pre2022", "crimea", "grey", "liberated", "drop"):
            raise BadInput(f"--status-map: {pair!r}: give WORD=STATUS pairs, STATUS one of occupied, pre2022, "
                           "crimea, grey, liberated, drop")
        out[word.strip()] = status.strip()
    return out


@snapshot_app.command("import")
def snapshot_import(
    files: list[Path] = typer.Argument(..., help="DeepState raw feeds, occupied-area files, GeoJSON/GeoPackage "
                                       "with a status property, KML/KMZ."),
    source: Optional[str] = typer.Option(None, "--source", help="Who made the map (default by format)."),
    time: Optional[str] = typer.Option(None, "--time", help="Map time (ISO) when the file's name has none."),
    status_map: Optional[str] = typer.Option(None, "--status-map", help="WORD=STATUS,... for other status words."),
    drop_unknown: bool = typer.Option(False, "--drop-unknown", help="Drop features of an unknown status word "
                                      "(counted and listed) instead of refusing the file."),
    crs: Optional[str] = typer.Option(None, "--crs", help="The files' CRS when not longitude/latitude, e.g. "
                                      "EPSG:3857; converted to EPSG:4326."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite a different map stored under the same "
                                 "source and time."),
    store: Optional[str] = StoreOpt,
) -> None:
    """Import territory snapshots into the store (one per file). Every file is checked before any is stored;
    a file that is not a territory map is refused (exit 2) and the store left as it was.

    Re-importing the same map changes nothing ("unchanged"); a different map under a stored source and time is
    refused unless --replace.

    \b
    Examples:
      frontline snapshot import deepstate_2024-08-31T2046Z.geojson
      frontline snapshot import occupied_2025-05-01.geojson
      frontline snapshot import mymap.kmz --time 2025-06-01T12:00Z --status-map "Russian held=occupied"
      frontline snapshot import control_2025-06-01.geojson --crs EPSG:3857 --drop-unknown
    """
    with _errors():
        from .store import open_store
        from .territory import parse_time, read_snapshots

        smap = _status_map(status_map)
        if time is not None:
            parse_time(time)
        snaps = read_snapshots(files, source, time, smap, drop_unknown, crs)
        out = []
        with open_store(store) as st:
            statuses = st.put_snapshots(snaps, replace)
        for n, (snap, status) in enumerate(zip(snaps, statuses), 1):
            typer.echo(f"[{n}/{len(snaps)}] {Path(snap.path).name}: {_snapshot_line(snap, status)}", err=True)
            out.append({"map_time": snap.map_time, "source": snap.source, "status": status,
                        "areas_km2": snap.areas(), "repairs": snap.repairs, "dropped": snap.dropped,
                        "unknown_names": snap.unknown, "converted_from": snap.crs or None})
        typer.echo(json.dumps(out, ensure_ascii=False))


class PullSource(str, Enum):
    deepstate = "deepstate"


class Every(str, Enum):
    day = "day"
    week = "week"
    month = "month"


@snapshot_app.command("pull")
def snapshot_pull(
    source: PullSource = typer.Argument(PullSource.deepstate, help="deepstate"),
    time: Optional[str] = typer.Option(None, "--time", help="latest (default), or an ISO time (the last map at or "
                                       "before it)."),
    since: Optional[str] = typer.Option(None, "--from", help="Pull a history from this date (YYYY-MM-DD; DeepState "
                                        "starts 2022-02-24)."),
    until: Optional[str] = typer.Option(None, "--to", help="... to this date (default today)."),
    every: Optional[Every] = typer.Option(None, "--every", help="With --from: the last map of each day, week or "
                                          "month (default day)."),
    store: Optional[str] = StoreOpt,
) -> None:
    """Download DeepStateMap snapshots (history API) into the cache and the store: one map (--time), or a
    history (--from/--to/--every), three downloads at a time; maps already in the store are skipped, so an
    interrupted pull resumes where it stopped.

    \b
    Examples:
      frontline snapshot pull deepstate
      frontline snapshot pull deepstate --time 2025-05-15
      frontline snapshot pull deepstate --from 2022-02-24 --to 2025-07-31 --every week
    """
    with _errors():
        from .store import open_store
        from .territory import from_feed

        if since is None:
            if until is not None or every is not None:
                raise BadInput("--to and --every need --from (the first date of the history to pull)")
            _pull_one(time or "latest", store)
            return
        if time is not None:
            raise BadInput("--time pulls one map, --from a history: give one of them")
        import datetime as dt

        from .documents import parse_date
        from .fetch import deepstate_maps

        since = parse_date(since, "--from")
        until = parse_date(until, "--to") if until else dt.date.today().isoformat()
        if until < since:
            raise BadInput(f"--to {until} is before --from {since}")

        skipped = [0]

        def progress(done: int, total: int, map_time: Optional[str], what: str) -> None:
            if map_time is None:
                skipped[0] = done
            line = f"{done} already in the store" if map_time is None else f"{map_time} {what}"
            typer.echo(f"[{done}/{total}] {line}", err=True)

        added = []
        with open_store(store) as st:
            held = {s["map_time"] for s in st.snapshot_list() if s["source"] == "DeepStateMap"}
            for feed, map_time, cached in deepstate_maps(since, until, (every or Every.day).value, held,
                                                         progress=progress):
                snap = from_feed(feed, map_time, "DeepStateMap", str(cached))
                st.put_snapshot(snap)
                added.append(map_time)
        typer.echo(json.dumps({"from": since, "to": until, "every": (every or Every.day).value,
                               "added": len(added), "skipped": skipped[0], "first": min(added, default=None),
                               "last": max(added, default=None)}))


def _pull_one(time: str, store: Optional[str]) -> None:
    """One map: the latest, or the last at or before ``time``."""
    from .fetch import deepstate_feed
    from .store import open_store
    from .territory import from_feed

    feed, map_time, cached = deepstate_feed(time)
    snap = from_feed(feed, map_time, "DeepStateMap", str(cached))
    with open_store(store) as st:
        status = st.put_snapshot(snap)
    typer.echo(_snapshot_line(snap, status), err=True)
    typer.echo(json.dumps({"map_time": snap.map_time, "status": status, "cached": str(cached),
                           "areas_km2": snap.areas()}))


@app.command()
def snapshots(
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", help="table or json."),
    store: Optional[str] = StoreOpt,
) -> None:
    """List the snapshots the store holds, with their areas.

    \b
    Example:
      frontline snapshots --format json
    """
    with _errors():
        from .store import open_store

        with open_store(store, create=False) as st:
            rows = st.snapshot_list()
        if fmt is QueryFormat.json:
            _emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            from .export import to_table

            _emit(to_table(rows, ["map_time", "source", "occupied_km2", "grey_km2", "snapshot_id"]) if rows
                  else "no snapshots: import some with `frontline snapshot import FILE` or `snapshot pull deepstate`\n")


@store_app.command("migrate")
def store_migrate(
    src: str = typer.Argument(..., metavar="FROM", help="The store to copy (GeoPackage path or postgresql:// URL)."),
    dst: str = typer.Argument(..., metavar="TO", help="An empty or new store to copy into."),
) -> None:
    """Copy every layer of one store into another (GeoPackage <-> PostGIS), in one transaction, then compare
    row counts and a checksum of every layer; exit 1 if anything differs.

    \b
    Examples:
      frontline store migrate data/tracker.gpkg postgresql://frontline@db.example/frontline
      frontline store migrate postgresql://frontline@db.example/frontline backup.gpkg
    """
    with _errors():
        from .store import migrate

        report = migrate(src, dst)
        typer.echo(json.dumps(report, indent=2))


@boundaries_app.command("pull")
def boundaries_pull(
    dest: Optional[Path] = typer.Option(None, "--dest", help="Folder (default $FRONTLINE_BOUNDARIES or "
                                        "FRONTLINE_HOME/boundaries)."),
) -> None:
    """Download Ukraine's first-level units (geoBoundaries ADM1) and a land outline, for diffs by oblast and the
    front line.

    \b
    Example:
      frontline boundaries pull
    """
    with _errors():
        from .boundaries import boundaries_dir
        from .fetch import pull_boundaries

        typer.echo(json.dumps(pull_boundaries(boundaries_dir(dest))))


def _snapshot_pair(frm: str, to: str, store: Optional[str]):
    """FROM and TO as snapshots (files, or map times in the store), earlier first."""
    from .store import open_store

    need_store = not (Path(frm).is_file() and Path(to).is_file())
    st = open_store(store, create=False) if need_store else None
    try:
        a, b = _resolve_snapshot(frm, st), _resolve_snapshot(to, st)
    finally:
        if st is not None:
            st.close()
    return (b, a) if a.map_time > b.map_time else (a, b)


def _resolve_snapshot(ref: str, st):
    from .territory import read_snapshot

    p = Path(ref)
    if p.is_file():
        return read_snapshot(p)
    if st is None:
        raise BadInput(f"{ref}: no such file, and no store to look the time up in")
    return st.get_snapshot(ref)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    geojson = "geojson"


@app.command("diff")
def diff_cmd(
    frm: str = typer.Argument(..., metavar="FROM", help="A snapshot file, or a map time (or date) in the store."),
    to: str = typer.Argument(..., metavar="TO", help="A snapshot file, or a map time (or date) in the store."),
    by: Optional[str] = typer.Option(None, "--by", help="oblast: a row per oblast in the table."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format"),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries", help="Folder with ADM1 and land GeoJSON."),
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
    with _errors():
        from . import export
        from .boundaries import load_boundaries
        from .diff import diff

        if by not in (None, "oblast"):
            raise BadInput(f"--by: {by!r}: only 'oblast'")
        if out is not None:
            export.check_output(out, store)
        a, b = _snapshot_pair(frm, to, store)
        res = diff(a, b, load_boundaries(boundaries), _gazetteer(), sliver_km2)
        if fmt is DiffFormat.json:
            _emit(json.dumps(res.summary, ensure_ascii=False, indent=2) + "\n", out)
        elif fmt is DiffFormat.geojson:
            _emit(export.layer_to_geojson(res.layer()), out)
        else:
            _emit(_diff_table(res.summary, by == "oblast"), out)


def _diff_table(s: dict, by_oblast: bool) -> str:
    from .export import to_table

    lines = [f"from {s['from']['time']}: occupied {s['from']['occupied_km2']:,.1f} km²",
             f"to   {s['to']['time']}: occupied {s['to']['occupied_km2']:,.1f} km²",
             f"gained {s['gained_km2']:,.1f} km², lost {s['lost_km2']:,.1f} km², net {s['net_km2']:+,.1f} km²"
             + (f", grey zone {s['grey_change_km2']:+,.1f} km²" if s.get("grey_change_km2") is not None else ""),
             f"slivers: {s['slivers']['count']} pieces, {s['slivers']['km2']} km² (under {s['slivers']['threshold_km2']} km²)"]
    if "front_length_km" in s:
        lines.append(f"front line: {s['front_length_km']['from']:,.0f} km -> {s['front_length_km']['to']:,.0f} km")
    text = "\n".join(lines) + "\n"
    if by_oblast and s.get("by_oblast"):
        rows = [r for r in s["by_oblast"] if r["gained_km2"] or r["lost_km2"] or r["occupied_km2"]]
        text += "\n" + to_table(rows, ["oblast", "iso", "gained_km2", "lost_km2", "occupied_km2", "occupied_share"])
    if s.get("settlements"):
        text += "\n" + to_table(s["settlements"], ["name", "admin1", "from_status", "to_status", "population"])
    for note in s.get("notes", []):
        text += f"note: {note}\n"
    return text


class SeriesFormat(str, Enum):
    csv = "csv"
    json = "json"


@app.command("series")
def series_cmd(
    since: Optional[str] = typer.Option(None, "--from", help="First date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)."),
    every: str = typer.Option("month", "--every", help="day, week or month."),
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
    with _errors():
        from .diff import series
        from .documents import parse_date
        from .export import check_output, to_csv
        from .store import open_store

        if every not in ("day", "week", "month"):
            raise BadInput(f"--every: {every!r}: day, week or month")
        if plot is not None:
            check_output(plot, store)
        since = parse_date(since, "--from") if since else None
        until = parse_date(until, "--to") if until else None
        from .cluster import scheduler as cluster

        with open_store(store, create=False) as st:
            snaps = st.snapshot_list()
            url = st.url
        if not snaps:
            raise BadInput("the store holds no snapshots: `frontline snapshot import FILE` first")
        with cluster(scheduler) as client:
            rows = series(snaps, since, until, every, store_url=url, client=client)
        if not rows:
            raise BadInput(f"no snapshots between {since or 'the start'} and {until or 'the end'}; the store holds "
                           f"{snaps[0]['map_time']} .. {snaps[-1]['map_time']}")
        cols = ["period", "map_time", "source", "occupied_km2", "grey_km2", "change_km2", "gained_km2", "lost_km2"]
        _emit(json.dumps(rows, indent=2) + "\n" if fmt is SeriesFormat.json else to_csv(rows, cols))
        if plot is not None:
            from .maps import series_figure

            series_figure(rows, plot, rows[-1]["source"])
            typer.echo(f"wrote {plot}", err=True)


@app.command()
def claims(
    since: Optional[str] = typer.Option(None, "--since", help="Claims ending on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="Claims starting on or before this date."),
    type_: Optional[list[str]] = typer.Option(None, "--type", help="advance, capture, withdrawal."),
    near: Optional[str] = typer.Option(None, "--near", help="A place name; with --km."),
    km: float = typer.Option(25.0, "--km", help="Radius around --near, km."),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format"),
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
    with _errors():
        rows = _query("claims", since, until, type_, near, km, store)
        if not verify:
            _print_rows(rows, fmt, ["start", "end", "action", "side", "place_name", "claimant", "disputed",
                                    "sentence"])
            return
        from .diff import status_lookup, verify_claims
        from .store import open_store

        with open_store(store, create=False) as st:
            snaps = st.snapshot_list()
            if not snaps:
                raise BadInput("--verify needs territory snapshots in the store: `frontline snapshot import FILE`")
            checked = verify_claims(rows, snaps, status_lookup(st), days)
        if fmt is QueryFormat.json:
            _emit(json.dumps(checked, ensure_ascii=False, indent=2) + "\n")
        else:
            from .export import to_table

            cols = ["start", "place_name", "side", "action", "claimant", "verdict", "lag_days", "before", "after"]
            undisputed = [c for c in checked if not c["disputed"]]
            disputed = [c for c in checked if c["disputed"]]
            text = to_table(undisputed, cols) if undisputed else ("nothing matches\n" if not disputed else "")
            if disputed:
                text += (f"\ndisputed by the other side ({len(disputed)}):\n"
                         + to_table(disputed, cols + ["disputed_by"]))
            _emit(text)


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
    with _errors():
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
            _emit(text)
        else:
            typer.echo(f"wrote {len(frame)} {layer} to {out}", err=True)


@app.command("map")
def map_cmd(
    since: Optional[str] = typer.Option(None, "--from", help="First date shown (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--to", help="Last date shown (YYYY-MM-DD)."),
    out: Path = typer.Option(Path("maps/frontline.html"), "-o", "--output", help="The HTML file."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries", help="Folder with ADM1 and land GeoJSON."),
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
    with _errors():
        from .boundaries import load_boundaries
        from .diff import map_data
        from .documents import parse_date
        from .export import check_output
        from .store import open_store

        since = parse_date(since, "--from") if since else None
        until = parse_date(until, "--to") if until else None
        check_output(out, store)
        bounds = load_boundaries(boundaries)
        with open_store(store, create=False) as st:
            data = map_data(st, since, until, bounds, tolerance_m)
        if self_contained and bounds is None:
            data["notes"].append("no offline basemap: give --boundaries DIR (or FRONTLINE_BOUNDARIES) or run "
                                 "`frontline boundaries pull`")
        _write_map(out, data, self_contained=self_contained, basemap=bounds if self_contained else None)


def _write_map(out: Path, data: dict, **how) -> None:
    from . import maps

    try:
        maps.frontline_map(out, **data, title="frontline", **how)
    except OSError as e:
        raise BadInput(f"{out}: cannot write the map ({e.strerror})") from None
    n_t = 0 if data["territory"] is None else len(data["territory"])
    typer.echo(f"wrote {out}: {n_t} territory pieces, {len(data['events'])} events, {len(data['claims'])} claims",
               err=True)
    for note in data.get("notes", []):
        typer.echo(f"note: {note}", err=True)


@app.command()
def figure(
    frm: str = typer.Argument(..., metavar="FROM", help="A snapshot file, or a map time (or date) in the store."),
    to: str = typer.Argument(..., metavar="TO", help="A snapshot file, or a map time (or date) in the store."),
    out: Path = typer.Option(Path("maps/diff.png"), "-o", "--output", help="The PNG file."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries", help="Folder with ADM1 and land GeoJSON."),
    store: Optional[str] = StoreOpt,
) -> None:
    """A static PNG of the ground that changed hands between two dates, for reports.

    \b
    Example:
      frontline figure 2024-10-31 2024-11-30 -o maps/november-2024.png
    """
    with _errors():
        from .boundaries import load_boundaries
        from .diff import diff
        from .export import check_output
        from .maps import diff_figure

        check_output(out, store)
        a, b = _snapshot_pair(frm, to, store)
        res = diff(a, b, load_boundaries(boundaries), _gazetteer())
        try:
            diff_figure(res, out)
        except OSError as e:
            raise BadInput(f"{out}: cannot write ({e.strerror})") from None
        typer.echo(f"wrote {out}", err=True)


@app.command()
def build(
    seeds: Path = typer.Argument(Path("seeds"), help="Folder of articles (*.txt with *.json sidecars)."),
    out: Path = typer.Option(Path("maps"), "--out", help="Output folder."),
    snapshots_dir: Optional[Path] = typer.Option(None, "--snapshots", help="Folder of snapshot files; those dated "
                                                 "in the articles' period are imported."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries", help="Folder with ADM1 and land GeoJSON."),
    offline: bool = typer.Option(False, "--offline", help="Never ask DeepStateMap for the period's maps."),
    store: Optional[str] = StoreOpt,
) -> None:
    """The main job: gather the territory of the articles' period, ingest every article in SEEDS, write the
    map and the layers.

    The territory (the maps from the end of the month before the latest article's month to the end of that
    month) comes from the store, else from --snapshots DIR, else from DeepStateMap's history API (cached in
    the store). Writes OUT/frontline.html, OUT/events.geojson, OUT/claims.geojson and OUT/seed_places.geojson,
    and prints a summary.

    \b
    Examples:
      frontline build seeds --out maps
      frontline build seeds --out maps --snapshots ../shared/data/deepstate/raw --boundaries ../shared/data/boundaries
    """
    with _errors():
        from . import export
        from .boundaries import load_boundaries
        from .build import article_files, gather_territory
        from .diff import map_data
        from .geoparse import geoparse
        from .ingest import ingest_documents, prepare
        from .store import open_store

        docs = prepare(article_files(seeds))
        focus = max(p.date for p in docs)
        bounds = load_boundaries(boundaries)
        gaz = _gazetteer()
        with open_store(store) as st:
            terr = gather_territory(st, focus, snapshots_dir, online=not offline,
                                    progress=lambda msg: typer.echo(f"frontline: {msg}", err=True))
            results = ingest_documents(st, docs, lambda n, t, p, r: typer.echo(
                f"[{n}/{t}] {p.key}: {r.status}, {r.events} events, {r.claims} claims", err=True))
            data = map_data(st, boundaries=bounds, focus=focus, note=terr.note or None)
            events, claims = st.frame("events"), st.frame("claims")
            n_snaps = len(st.snapshot_list())
            fronts = {p.date: st.front_edge(p.date) for p in docs}
        _write_map(out / "frontline.html", data)
        _emit(export.layer_to_geojson(events), out / "events.geojson")
        _emit(export.layer_to_geojson(claims), out / "claims.geojson")
        places = []
        for p in docs:
            for m in geoparse(p.doc.text, gaz, front=fronts[p.date]):
                places.append({**m, "doc_id": p.doc.doc_id, "doc": p.key, "date": p.date, "source": p.source})
        _emit(export.to_geojson(places), out / "seed_places.geojson")
        unlocated = int((events["located"] == 0).sum()) if len(events) else 0
        where = {"store": "already in the store", "folder": f"imported from {snapshots_dir}",
                 "deepstate": "pulled from DeepStateMap"}
        snap_note = (f"{where[terr.how]}; front line on {data['front_time'][:10]}" if terr.how != "none" and
                     data.get("front_time") else "no territory (see the note below)")
        rows = [{"what": "articles", "count": len(docs), "note": f"{sum(r.status == 'added' for r in results)} new"},
                {"what": "events", "count": len(events), "note": f"{unlocated} without a place"},
                {"what": "claims", "count": len(claims),
                 "note": ", ".join(sorted(set(claims["place_name"].dropna())))[:60] if len(claims) else ""},
                {"what": "snapshots", "count": n_snaps, "note": snap_note},
                {"what": "places", "count": len({p["place_id"] for p in places}), "note": "geocoded in the articles"}]
        sys.stdout.write(export.to_table(rows, ["what", "count", "note"]))
        if terr.note:
            sys.stdout.write(f"note: {terr.note}\n")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
