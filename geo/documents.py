"""Documents: reading article files as text, with their date and source.

A document's date and source come from a sidecar (``article.txt`` -> ``article.json`` with ``date``,
``source``, optional ``title``) or from YAML-style front matter at the top of the file::

    ---
    date: 2025-05-15
    source: Example News
    ---

Text is decoded as UTF-8; UTF-16 with a byte-order mark, or without one when every character then reads as
text (NUL bytes only in the high halves, as Windows "Unicode" exports write them); failing that, as
Windows-1251 (common in Ukrainian and Russian sources) when the bytes read as Cyrillic text; anything else is
refused with one line that says what failed. Files over ``FRONTLINE_MAX_INPUT_MB`` are refused unread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput
from .settings import max_input_bytes

__all__ = ["Document", "decode", "read_document", "parse_date", "article_date", "input_path", "read_input"]


@dataclass(frozen=True)
class Document:
    """One article: its text and where it came from."""

    text: str
    path: str
    date: str | None
    source: str | None
    title: str | None
    encoding: str

    @property
    def doc_id(self) -> str:
        """A stable id from the text's content (sha256, 16 hex digits)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str, where: str = "--date") -> str:
    """Check an ISO 8601 calendar date (``YYYY-MM-DD``) and return it; ``BadInput`` names the value."""
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise BadInput(f"{where}: {value!r} is not a date in the form YYYY-MM-DD") from None


EARLIEST = dt.date(1900, 1, 1)
"""The earliest date an article may carry: reports of this war are after it, and date arithmetic ("three years
ago", "on Friday") stays inside the calendar."""


def article_date(value: str, where: str = "--date") -> str:
    """``parse_date`` for the date of a text: ``BadInput`` as well for a date before 1900 or after tomorrow (an
    article cannot be from the future; tomorrow allows for time zones)."""
    date = parse_date(value, where)
    latest = dt.date.today() + dt.timedelta(days=1)
    if not EARLIEST.isoformat() <= date <= latest.isoformat():
        raise BadInput(f"{where}: {date} is {'in the future' if date > latest.isoformat() else 'before 1900'}: "
                       "give the article's own date")
    return date


def input_path(path: str | Path) -> Path:
    """An input file that exists, is a file and is within ``FRONTLINE_MAX_INPUT_MB``; ``BadInput`` otherwise."""
    p = Path(path)
    if p.is_dir():
        raise BadInput(f"{p}: is a folder, not a file")
    if not p.exists():
        if p.is_symlink():  # a loop of links, or a link to nothing
            try:
                os.stat(p)
            except OSError as e:
                raise BadInput(f"{p}: a symbolic link that leads nowhere ({e.strerror})") from None
        raise BadInput(f"{p}: no such file")
    if not p.is_file():
        raise BadInput(f"{p}: not a regular file")
    size, limit = p.stat().st_size, max_input_bytes()
    if size > limit:
        raise BadInput(f"{p}: {size / 2**20:,.1f} MB, over the input limit of {limit / 2**20:,.0f} MB "
                       "(set FRONTLINE_MAX_INPUT_MB to raise it)")
    return p


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file checked by ``input_path``; ``BadInput`` when it cannot be read."""
    p = input_path(path)
    try:
        return p.read_bytes()
    except OSError as e:
        raise BadInput(f"{p}: cannot read ({e.strerror})") from None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: NUL bytes in one half of the code units only (the high byte of
    Latin characters, spaces and digits), and every decoded character printable or a line break or tab."""
    if len(data) % 2 or not data:
        return None
    units = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if min(even, odd) > 0 or max(even, odd) < units * 0.05:
        return None
    enc = "utf-16-le" if odd else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\n\r\t" for ch in text):
        return text.lstrip("\ufeff"), enc
    return None


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name). ``BadInput`` when the bytes are not text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark (Windows "Unicode")
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput(f"{where}: starts with a UTF-16 byte-order mark but does not decode as UTF-16") from None
    if b"\x00" in data[:8192]:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        raise BadInput(f"{where}: binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    letters = [ch for ch in text if ch.isalpha()]
    cyr = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    # Windows-1251 when the bytes read as mostly Cyrillic words (each Cyrillic letter next to another)
    if cyr >= 8 and cyr / len(letters) > 0.6 and re.search("[а-яёіїєґА-ЯЁІЇЄҐ]{3}", text):
        return text, "cp1251"
    raise BadInput(f"{where}: not UTF-8 text (invalid byte at offset {first_bad}) and not Windows-1251 Cyrillic")


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def read_document(path: str | Path) -> Document:
    """Read an article file with its sidecar or front matter (date and source may be absent)."""
    p = Path(path)
    text, enc = decode(read_input(p), str(p))
    meta: dict = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            k, sep, v = line.partition(":")
            if sep:
                meta[k.strip().lower()] = v.strip().strip("'\"")
        text = text[m.end():]
    side = p.with_suffix(".json")
    if side.is_file() and side != p:
        try:
            found = json.loads(read_input(side).decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise BadInput(f"{side}: sidecar is not valid JSON ({e})") from None
        except RecursionError:
            raise BadInput(f"{side}: sidecar is JSON nested too deeply to read") from None
        if not isinstance(found, dict):
            raise BadInput(f"{side}: sidecar is not a JSON object ({{\"date\": \"YYYY-MM-DD\", \"source\": \"...\"}})")
        meta = {**found, **meta}
    where = side if side.is_file() else p
    for field in ("date", "source", "title"):
        if meta.get(field) is not None and not isinstance(meta[field], str):
            raise BadInput(f"{where}: field {field}: a JSON {type(meta[field]).__name__.replace('dict', 'object')}, "
                           "not text")
    date = meta.get("date")
    if date:
        date = article_date(date, f"{where}: field date")
    return Document(text, str(p), date, meta.get("source"), meta.get("title"), enc)
