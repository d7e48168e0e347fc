"""What the command line's modules share: the error handler, output, the gazetteer with its message, and the
option types (choices as Enums, the common options)."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .errors import FrontlineError, WorkFailed
from .vocab import EVERY

__all__ = ["errors", "terminate_as_interrupt", "emit", "say", "load_gazetteer", "MentionFormat", "QueryFormat", "ExportFormat", "DiffFormat",
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
    """Turn frontline's errors into one line on stderr and the matching exit code; what escaped a specific
    check (a disk or file the system refused, input nested too deeply to read) is one line too, exit 1."""
    try:
        yield
    except FrontlineError as e:
        _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        typer.echo("frontline: interrupted", err=True)
        raise typer.Exit(130) from None
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        _fail(f"{where}{e.strerror or e}", 1)
    except RecursionError:
        _fail("input nested too deeply to read", 2)
    except MemoryError:
        _fail("out of memory (an input too large: see FRONTLINE_MAX_INPUT_MB)", 1)


def _fail(message: str, code: int):
    from .export import visible

    message = visible(" ".join(message.split()))  # one line, whatever a library's message held; no escapes
    typer.echo(f"frontline: error: {message}", err=True)
    raise typer.Exit(code) from None


def terminate_as_interrupt() -> None:
    """Make SIGTERM end a command as Ctrl-C does: the work in hand unwinds (temporary files removed, the open
    transaction rolled back) and the command exits 130 with one line."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread: leave the default
        signal.signal(signal.SIGTERM, handler)


def say(line: str) -> None:
    """One line on stderr (control characters made visible: file names and values may carry escapes)."""
    from .export import visible

    typer.echo(visible(line), err=True)


def load_gazetteer(rebuild: bool = False):
    """The gazetteer, saying on stderr when its index has to be built."""
    from . import gazetteer

    return gazetteer.load(rebuild=rebuild, on_build=lambda msg: say(f"frontline: {msg}"))


def emit(text: str, out: Optional[Path] = None) -> None:
    """A result to stdout, or written to ``out`` (atomically, saying so on stderr)."""
    from .atomic import write_output

    if out is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped (`| head`): nothing more to say
            _quiet_stdout()
            raise typer.Exit(0) from None
        except OSError as e:
            _quiet_stdout()
            raise WorkFailed(f"standard output: cannot write ({e.strerror or e})") from None
    else:
        write_output(out, text)
        say(f"wrote {out}")


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush at exit fails no more."""
    import io
    import os

    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
