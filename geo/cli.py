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
        typer.echo(f"frontline: error: {e}", err=True)
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


_TABLE_COLUMNS = ["start", "end", "surface", "name", "kind", "country", "admin1", "lat", "lon", "score", "ambiguous"]


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
    date: Optional[str] = typer.Option(None, "--date", help="The text's date, YYYY-MM-DD."),
    fmt: MentionFormat = typer.Option(MentionFormat.table, "--format", help="Output format."),
) -> None:
    """Find every place named in a text and resolve it.

    \b
    Examples:
      frontline geocode "Russian forces pressed on Pokrovsk and Toretsk"
      frontline geocode --file seeds/000_559b3a757218a85c.txt --format json
      echo "Strikes on Kiev" | frontline geocode --format geojson
    """
    with _errors():
        from .documents import decode, parse_date
        from .geoparse import geoparse

        if date is not None:
            parse_date(date)
        if text is not None and file is not None:
            raise BadInput("give TEXT or --file, not both")
        if file is not None:
            if not file.is_file():
                raise BadInput(f"{file}: no such file")
            text, _ = decode(file.read_bytes(), str(file))
        elif text is None:
            text, _ = decode(sys.stdin.buffer.read(), "standard input")
        _emit(_format_mentions(geoparse(text, _gazetteer()), fmt))


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
        from . import gazetteer

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


@app.command()
def build(
    seeds: Path = typer.Argument(Path("seeds"), help="Folder of articles (*.txt with *.json sidecars)."),
    out: Path = typer.Option(Path("maps"), "--out", help="Output folder."),
) -> None:
    """The main job: geocode every article in SEEDS and write the places layer and a map.

    Writes OUT/seed_places.geojson (every mention, RFC 7946) and OUT/frontline.html.

    \b
    Example:
      frontline build seeds --out maps
    """
    with _errors():
        from . import export, maps
        from .documents import read_document
        from .geoparse import geoparse

        files = sorted(p for p in seeds.glob("*.txt")) if seeds.is_dir() else []
        if not files:
            raise BadInput(f"{seeds}: no articles (*.txt) to read")
        gaz = _gazetteer()
        records: list[dict] = []
        for n, path in enumerate(files, 1):
            doc = read_document(path)
            typer.echo(f"[{n}/{len(files)}] geocoding {path.name}", err=True)
            for m in geoparse(doc.text, gaz):
                lo = doc.text.rfind("\n", 0, m["start"]) + 1
                hi = doc.text.find("\n", m["end"])
                context = doc.text[lo: hi if hi >= 0 else len(doc.text)].strip()
                records.append({**m, "doc_id": doc.doc_id, "doc": path.name, "date": doc.date,
                                "source": doc.source, "context": context[:300]})
        _emit(export.to_geojson(records), out / "seed_places.geojson")
        maps.places_map(records, out / "frontline.html", title=f"frontline: places in {len(files)} article(s)")
        typer.echo(f"wrote {out / 'frontline.html'}", err=True)
        places: dict = {}
        for r in records:
            places.setdefault((r["name"], r["kind"], r["country"]), 0)
            places[(r["name"], r["kind"], r["country"])] += 1
        rows = [{"place": k[0], "kind": k[1], "country": k[2], "mentions": v}
                for k, v in sorted(places.items(), key=lambda kv: -kv[1])]
        sys.stdout.write(export.to_table(rows, ["place", "kind", "country", "mentions"]))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
