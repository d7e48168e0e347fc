"""Atomic writes: a temporary file in the target's folder, flushed to disk, then renamed over the target.

A reader sees the old file or the new one, never half of one; a failed or interrupted write leaves the old
file as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["write_atomic", "write_output", "atomic_path"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | Path, *, overwrite: bool = True, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside ``path`` to write; when the block ends without an error it is flushed to disk,
    given the user's usual permissions (``0o666`` less the umask) and renamed to ``path``. The temporary file
    is removed in every case.

    With ``overwrite=False`` an existing ``path`` wins: the new file is linked into place only if none is
    there yet (for a file other processes may be creating at the same moment).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        _fsync(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a written file is the user's usual
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_atomic(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write ``data`` (text is encoded with ``encoding``, newlines kept as given) to ``path`` atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, "kyiv\\n"); p.read_text()
    'kyiv\\n'
    >>> sorted(x.name for x in p.parent.iterdir())
    ['a.txt']
    """
    raw = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(raw)


def write_output(path: str | Path, data: bytes | str) -> None:
    """``write_atomic`` for a file the user named: a path that cannot be written is ``BadInput`` (exit 2) naming it
    and why, with nothing half-written."""
    from .errors import BadInput

    try:
        write_atomic(path, data)
    except OSError as e:
        raise BadInput(f"{path}: cannot write ({e.strerror or e})") from None
