"""Atomic writes: a temporary file in the target's folder, flushed to disk, then renamed over the target.

A reader sees the old file or the new one, never half of one; a failed or interrupted write leaves the old
file as it was and no temporary file behind. What the target is counts: a symbolic link is followed, never
replaced (a loop or a link to nothing is refused); a file keeps its permissions and owner; a device or FIFO is
written through, never replaced by a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["write_atomic", "write_output", "atomic_path", "output_error", "writes_to"]


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


def writes_to(path: Path) -> Path:
    """The file a write to ``path`` lands in: a symbolic link is followed (the link stays and its target gets
    the new content); a loop of links (``ELOOP``) or a link to nothing is refused with an ``OSError``."""
    if not path.is_symlink():
        return path
    try:
        os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, "a symbolic link to nothing: not followed", str(path)) from None
    return Path(os.path.realpath(path))


@contextmanager
def atomic_path(path: str | Path, *, overwrite: bool = True, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside ``path`` to write; when the block ends without an error it is flushed to disk
    and renamed to ``path``. The temporary file is removed in every case.

    What is at ``path`` is respected: a symbolic link is followed (its target is replaced, the link kept); an
    existing file keeps its permission bits (a new one gets ``0o666`` less the umask); a device, FIFO or other
    file that is not a regular file is never replaced but written through (the content, built aside in the
    temporary folder, is copied into it: ``-o /dev/stdout``, a named pipe).

    With ``overwrite=False`` an existing ``path`` wins: the new file is linked into place only if none is
    there yet (for a file other processes may be creating at the same moment).
    """
    path = writes_to(Path(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    special = st is not None and not stat.S_ISREG(st.st_mode)
    if special and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    if not special:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=None if special else path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        if special:
            if overwrite:
                _write_through(Path(tmp), path)
            return
        _fsync(tmp)
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        if st is not None and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                os.chown(tmp, st.st_uid, st.st_gid)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
    finally:
        Path(tmp).unlink(missing_ok=True)


def _write_through(src: Path, dest: Path) -> None:
    """Copy ``src`` into the device or FIFO ``dest`` (opened for writing, never replaced)."""
    if stat.S_ISSOCK(os.stat(dest).st_mode):
        raise OSError(95, "a socket, not a file to write", str(dest))
    with open(src, "rb") as f, open(dest, "wb") as out:
        shutil.copyfileobj(f, out, 1 << 16)


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
    """``write_atomic`` for a file the user named, nothing half-written: ``BadInput`` (exit 2) naming it and why
    when it cannot be written (a folder, no permission, a loop of links), ``WorkFailed`` (exit 1) when the disk
    fails (full, quota, I/O error)."""
    try:
        write_atomic(path, data)
    except OSError as e:
        raise output_error(path, e) from None


_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def output_error(path: str | Path, e: OSError) -> Exception:
    """The one-line error for an ``OSError`` met writing ``path``: ``WorkFailed`` for a failing disk (full,
    quota, I/O), else ``BadInput``."""
    from .errors import BadInput, WorkFailed

    why = e.strerror or str(e)
    if e.errno in _DISK_ERRNOS:
        return WorkFailed(f"{path}: cannot write ({why}); the previous file, if any, is unchanged")
    return BadInput(f"{path}: cannot write ({why})")
