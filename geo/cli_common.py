"""What the command line's modules share: the error handler, output, the gazetteer with its message, and the
option types (choices as Enums, the common options)."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .errors import FrontlineError
from .vocab import EVERY

__all__ = ["errors", "emit", "say", "load_gazetteer", "MentionFormat", "QueryFormat", "ExportFormat", "DiffFormat",
           "SeriesFormat", "SnapshotsFormat", "PullSource", "Every", "By", "StoreOpt", "SchedulerOpt", "BoundariesOpt", "FromOpt",
           "ToOpt", "NearOpt", "KmOpt", "QueryFormatOpt", "FromRef", "ToRef"]

def _choices(name: str, values: str) -> type[Enum]:
    """A str-valued Enum of the words in ``values``: typer shows them as the option's choices and checks them."""
    return Enum(name, {v: v for v in values.split()}, type=str)


MentionFormat = _choices("MentionFormat", "json geojson table csv")
QueryFormat = _choices("QueryFormat", "table json geojson csv")
SnapshotsFormat = _choices("SnapshotsFormat", "table json csv")
ExportFormat = _choices("ExportFormat", "geojson gpkg csv kml")
DiffFormat = _choices("DiffFormat", "table json geojson")
SeriesFormat = _choices("SeriesFormat", "csv json")
PullSource = _choices("PullSource", "deepstate")
Every = _choices("Every", " ".join(EVERY))
By = _choices("By", "oblast")


StoreOpt = typer.Option(None, "--store", help="GeoPackage path or postgresql:// URL; default $FRONTLINE_STORE, "
                        "else data/tracker.gpkg.")
SchedulerOpt = typer.Option(None, "--scheduler", help="Spread the work over Dask: local, local:N or tcp://HOST:PORT.")
BoundariesOpt = typer.Option(None, "--boundaries", help="Folder with ADM1 and land GeoJSON.")
FromOpt = typer.Option(None, "--from", help="First date (YYYY-MM-DD).")
ToOpt = typer.Option(None, "--to", help="Last date (YYYY-MM-DD).")
NearOpt = typer.Option(None, "--near", help="A place name; with --km.")
KmOpt = typer.Option(25.0, "--km", help="Radius around --near, km.")
QueryFormatOpt = typer.Option(QueryFormat.table, "--format")
FromRef = typer.Argument(..., metavar="FROM", help="A snapshot file, or a map time (or date) in the store.")
ToRef = typer.Argument(..., metavar="TO", help="A snapshot file, or a map time (or date) in the store.")


@contextlib.contextmanager
def errors() -> Iterator[None]:
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


def say(line: str) -> None:
    """One line on stderr."""
    typer.echo(line, err=True)


def load_gazetteer(rebuild: bool = False):
    """The gazetteer, saying on stderr when its index has to be built."""
    from . import gazetteer

    return gazetteer.load(rebuild=rebuild, on_build=lambda msg: say(f"frontline: {msg}"))


def emit(text: str, out: Optional[Path] = None) -> None:
    """A result to stdout, or written to ``out`` (atomically, saying so on stderr)."""
    from .atomic import write_output

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_output(out, text)
        say(f"wrote {out}")
