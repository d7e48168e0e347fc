"""The command line's groups of sub-commands: ``frontline gazetteer``, ``snapshot``, ``store`` and
``boundaries``. Like ``geo.cli``, they parse, call the core and print."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .cli_common import Every, MentionFormat, PullSource, StoreOpt, emit, errors, load_gazetteer, say
from .errors import BadInput

__all__ = ["gazetteer_app", "snapshot_app", "store_app", "boundaries_app"]

gazetteer_app = typer.Typer(help="The gazetteer: look up places, import GeoNames dumps or CSV, rebuild the index.",
                            no_args_is_help=True,
                            rich_markup_mode=None)
snapshot_app = typer.Typer(help="Territory snapshots: import files, pull DeepStateMap.", no_args_is_help=True,
                            rich_markup_mode=None)
store_app = typer.Typer(help="The store itself: copy between GeoPackage and PostGIS.", no_args_is_help=True,
                            rich_markup_mode=None)
boundaries_app = typer.Typer(help="Ukraine's oblasts and land outline (geoBoundaries).", no_args_is_help=True,
                            rich_markup_mode=None)


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
    with errors():
        from . import gazetteer

        res = gazetteer.import_file(file)
        say(f"read {res['places']} places ({res['format']}) from {file}; rebuilding the index")
        emit(json.dumps({**res, "gazetteer_places": len(load_gazetteer())}) + "\n")


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
    with errors():
        from .fetch import pull_geonames

        res = pull_geonames(countries or ("UA", "RU", "BY"), progress=_progress)
        places = sum(r["places"] for r in res)
        say(f"read {places} populated places from {', '.join(r['country'] for r in res)}; rebuilding the index")
        emit(json.dumps({"pulled": res, "gazetteer_places": len(load_gazetteer())}) + "\n")


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
    name: str = typer.Argument(..., metavar="NAME", help="A place name in any spelling the gazetteer knows."),
    fmt: MentionFormat = typer.Option(MentionFormat.table, "--format", help="table, json, csv or geojson."),
) -> None:
    """List the places a name can mean, most prominent first; admin1 is the first-level region's name, as
    geocode gives it.

    \b
    Examples:
      frontline gazetteer lookup Kiev
      frontline gazetteer lookup Terny --format geojson
    """
    with errors():
        from . import report

        gaz = load_gazetteer()
        rows = [{**p.as_dict(), "admin1": gaz.admin1_name(p.country, p.admin1) if p.kind != "country" and p.admin1
                 else ""} for p in gaz.lookup(name)]
        emit(report.places(rows, fmt.value, name))


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Rebuild the cached look-up index now (it is rebuilt by itself when its inputs change)."""
    with errors():
        g = load_gazetteer(rebuild=True)
        emit(json.dumps({"places": len(g), "keys": len(g.keys)}) + "\n")


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
    with errors():
        from . import report
        from .snapshots import import_files

        done = import_files(files, store, source, time, status_map, drop_unknown, crs, replace)
        for n, (snap, status) in enumerate(done, 1):
            say(f"[{n}/{len(done)}] {Path(snap.path).name}: {report.snapshot_line(snap, status)}")
        emit(json.dumps([report.snapshot_record(s, status) for s, status in done], ensure_ascii=False) + "\n")


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
    with errors():
        from . import report, snapshots

        if since is None:
            if until is not None or every is not None:
                raise BadInput("--to and --every need --from (the first date of the history to pull)")
            snap, status, cached = snapshots.pull_one(time or "latest", store)
            say(report.snapshot_line(snap, status))
            emit(json.dumps({"map_time": snap.map_time, "status": status, "cached": str(cached),
                             "areas_km2": snap.areas()}) + "\n")
            return
        if time is not None:
            raise BadInput("--time pulls one map, --from a history: give one of them")

        def progress(done: int, total: int, map_time: Optional[str], what: str) -> None:
            say(f"[{done}/{total}] " + (f"{done} already in the store" if map_time is None else f"{map_time} {what}"))

        emit(json.dumps(snapshots.pull_history(since, until, (every or Every.day).value, store, progress)) + "\n")


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
    with errors():
        from .store import migrate

        emit(json.dumps(migrate(src, dst), indent=2) + "\n")


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
    with errors():
        from .boundaries import boundaries_dir
        from .fetch import pull_boundaries

        emit(json.dumps(pull_boundaries(boundaries_dir(dest))) + "\n")
