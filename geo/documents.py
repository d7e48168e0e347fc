"""Documents: reading article files as text, with their date and source.

A document's date and source come from a sidecar (``article.txt`` -> ``article.json`` with ``date``,
``source``, optional ``title``) or from YAML-style front matter at the top of the file::

    ---
    date: 2025-05-15
    source: Example News
    ---

Text is decoded as UTF-8; failing that, as Windows-1251 (common in Ukrainian and Russian sources) when the
bytes read as Cyrillic text; anything else is refused with one line that says what failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput

__all__ = ["Document", "decode", "read_document", "parse_date"]


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


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name). ``BadInput`` when the bytes are not text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark (Windows "Unicode")
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput(f"{where}: starts with a UTF-16 byte-order mark but does not decode as UTF-16") from None
    if b"\x00" in data[:8192]:
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
    if not p.is_file():
        raise BadInput(f"{p}: no such file")
    text, enc = decode(p.read_bytes(), str(p))
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
            meta = {**json.loads(side.read_text(encoding="utf-8")), **meta}
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise BadInput(f"{side}: sidecar is not valid JSON ({e})") from None
    date = meta.get("date")
    if date:
        date = parse_date(str(date), f"{side if side.is_file() else p}: field date")
    return Document(text, str(p), date, meta.get("source"), meta.get("title"), enc)
