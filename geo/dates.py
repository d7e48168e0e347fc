"""Dates in news text, resolved against the article's date, with their precision.

Each expression becomes a ``When``: ``start`` and ``end`` (ISO dates; an instant has start = end), a
``precision`` (day | month | year) and the text it came from. Weekdays look forward in a sentence about what
will happen ("will meet on Friday") and back in one about what happened ("met on Thursday", "said Thursday").

>>> import datetime as dt
>>> d = dt.date(2025, 5, 15)  # a Thursday
>>> find_dates("Talks will be held on Friday in Istanbul.", d)[0].start
'2025-05-16'
>>> w = find_dates("He led the delegation in early 2022.", d)[0]
>>> (w.start, w.end, w.precision)
('2022-01-01', '2022-04-30', 'month')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["When", "Chain", "find_dates", "find_chains", "shift", "is_future", "article_day", "MONTHS_CYR"]

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3}
# Ukrainian and Russian month names in the genitive ("14 травня", "14 мая"), weekday stems in any case
MONTHS_CYR = {m: i + 1 for i, ms in enumerate([
    ("січня", "января"), ("лютого", "февраля"), ("березня", "марта"), ("квітня", "апреля"), ("травня", "мая"),
    ("червня", "июня"), ("липня", "июля"), ("серпня", "августа"), ("вересня", "сентября"), ("жовтня", "октября"),
    ("листопада", "ноября"), ("грудня", "декабря")]) for m in ms}
_WEEKDAYS_CYR = [(r"понеділ\w*|понедельник\w*", 0), (r"вівтор\w*|вторник\w*", 1), (r"серед[ау]|сред[ау]", 2),
                 (r"четвер\w*|четверг\w*", 3), (r"п['ʼ’]?ятниц\w*|пятниц\w*", 4), (r"субот\w*|суббот\w*", 5),
                 (r"неділ\w*|воскресень\w*", 6)]
_NUMBERS_CYR = {"один": 1, "одна": 1, "одного": 1, "два": 2, "дві": 2, "две": 2, "двох": 2, "двоє": 2, "двух": 2,
                "три": 3, "трьох": 3, "троє": 3, "трех": 3, "трёх": 3, "чотири": 4, "четыре": 4}
_MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUM_RE = r"(?:\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_CYR_MONTH_RE = "(?:" + "|".join(MONTHS_CYR) + ")"
_CYR_WEEKDAY_RE = "(?:" + "|".join(p for p, _ in _WEEKDAYS_CYR) + ")"
_FUTURE = re.compile(r"\b(?:will|shall|'ll|is to|are to|is set to|are set to|is expected to|are expected to|"
                     r"plans? to|planned|scheduled|due to|going to|would be held|upcoming|next|could|might|may)\b", re.I)


@dataclass(frozen=True)
class When:
    """A resolved date expression."""

    start: str
    end: str
    precision: str  # day | month | year
    text: str
    span: tuple[int, int]
    rank: int  # how specific: lower is more specific


def article_day(value: str | dt.date) -> dt.date:
    """An ISO date string (or date) as a ``date``."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def is_future(sentence: str) -> bool:
    """Whether a sentence speaks of what will happen."""
    return _FUTURE.search(sentence) is not None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _shift_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else _NUMBERS[s]


def _w(a: dt.date, b: dt.date, precision: str, m: re.Match, rank: int) -> When:
    return When(a.isoformat(), b.isoformat(), precision, m.group(0).strip(), m.span(), rank)


_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r"),?\s+(\d{4})\b", re.I), "dmy"),
    (re.compile(r"\b(?:on\s+)?(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})", re.I), "md"),
    (re.compile(r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH_RE + r")\b(?!,?\s*\d{4})", re.I), "dm"),
    (re.compile(r"\b(early|late|mid|the middle of|the end of|the beginning of|the start of|the summer of|the spring of|"
                r"the autumn of|the fall of|the winter of)[-\s]+(\d{4})\b", re.I), "part_year"),
    (re.compile(r"\b(?:in\s+)?(" + _MONTH_RE + r")\s+(\d{4})\b", re.I), "month_year"),
    (re.compile(r"\b(?:in|since|during|by|of|from)\s+(\d{4})\b", re.I), "year"),
    (re.compile(r"\b(" + _NUM_RE + r")\s+(day|week|month|year)s?\s+ago\b", re.I), "ago"),
    (re.compile(r"\b(?:in|over|during)\s+(?:the\s+)?(?:past|last)\s+(" + _NUM_RE + r")\s+(day|week|month|year)s?\b", re.I), "past_n"),
    (re.compile(r"\bsince\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I), "since"),
    (re.compile(r"\b(?:in\s+)?(early|mid|late)[-\s]+(" + _MONTH_RE + r")\b(?!\s*\d)", re.I), "part_month"),
    (re.compile(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:day|24 hours)\b", re.I), "past_day"),
    (re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                r"(?:\s+(?:morning|afternoon|evening|night))?\b", re.I), "weekday"),
    (re.compile(r"\b(yesterday|last night|today|tonight|this morning|this afternoon|this evening|overnight|before dawn|"
                r"tomorrow|earlier today|earlier this week|earlier this month|earlier this year|this week|last week|"
                r"next week|this month|last month|next month|this year|last year|next year|in recent days|"
                r"in recent weeks|in recent months|recent days|past few days|past week|recently)\b", re.I), "relative"),
    (re.compile(r"\b(?:in|by|until|since)\s+(" + _MONTH_RE + r")\b(?!\s+\d)", re.I), "month"),
]
_PATTERNS_CYR: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(\d{1,2})\s+(" + _CYR_MONTH_RE + r")(?:\s+(\d{4}))?", re.I), "dm_cyr"),
    (re.compile(r"(?<!\w)(?:у|в|во)\s+(" + _CYR_WEEKDAY_RE + r")\b", re.I), "weekday_cyr"),
    (re.compile(r"(?<!\w)(вчора|вчера|сьогодні|сегодня|вночі|ночью|минулої ночі|прошлой ночью|за минулу добу|"
                r"за добу|за минувшие сутки|за прошедшие сутки|за сутки)(?!\w)", re.I), "relative_cyr"),
]
"""The patterns tried after ``_PATTERNS``, in this order; each needs a Cyrillic letter, so no ASCII sentence is
tried against them (a Cyrillic letter matches no ASCII one, case ignored or not)."""
_ALL_PATTERNS = _PATTERNS + _PATTERNS_CYR
# A sentence is read only when it holds one of these: a cheap first look that spares most sentences the full
# scan. The Cyrillic words each begin with a Cyrillic letter, so an ASCII sentence is looked at for the others
# only. (Not every pattern needs one of these -- "over the past two days" has none -- so the look decides.)
_DATEISH_CYR_WORDS = ["вчора", "вчера", "сьогодні", "сегодня", "ноч", "доб", "сутки", _CYR_MONTH_RE, _CYR_WEEKDAY_RE]
_DATEISH_CYR = re.compile("|".join(_DATEISH_CYR_WORDS), re.I)
_DATEISH_LATIN = re.compile(r"\d|\b(?:" + "|".join(sorted(set(_MONTHS) | set(_WEEKDAYS), key=len, reverse=True)) +
                            r"|yesterday|today|tonight|tomorrow|morning|afternoon|evening|overnight|dawn|week|"
                            r"month|year|ago|recent|recently|night|past day|24 hours)", re.I)
_PART = {"early": (1, 4), "the beginning of": (1, 3), "the start of": (1, 3), "mid": (5, 8), "the middle of": (5, 8),
         "late": (9, 12), "the end of": (10, 12), "the spring of": (3, 5), "the summer of": (6, 8),
         "the autumn of": (9, 11), "the fall of": (9, 11), "the winter of": (1, 2)}


def _weekday_back(d: dt.date, wd: int) -> dt.date:
    """The last weekday ``wd`` on or before ``d``."""
    return d - dt.timedelta(days=(d.weekday() - wd) % 7)


def _r_iso(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    day = dt.date(int(g[0]), int(g[1]), int(g[2]))
    return _w(day, day, "day", m, 0)


def _r_mdy(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    day = dt.date(int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
    return _w(day, day, "day", m, 0)


def _r_dmy(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    day = dt.date(int(g[2]), _MONTHS[g[1].lower().rstrip(".")], int(g[0]))
    return _w(day, day, "day", m, 0)


def _r_day_month(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    mon, dd = (g[0], g[1]) if kind == "md" else (g[1], g[0])
    month = _MONTHS[mon.lower().rstrip(".")]
    if mon.lower() == "may" and kind == "md" and not m.group(0).lower().startswith("on"):
        return None  # "may 3" is rarer than "May 3" only when capitalised; keep "on May 3" only
    day = dt.date(d.year, month, int(dd))
    if future and day < d - dt.timedelta(days=31):
        day = day.replace(year=d.year + 1)
    elif not future and day > d + dt.timedelta(days=31):
        day = day.replace(year=d.year - 1)
    return _w(day, day, "day", m, 1)


def _r_part_year(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    a, b = _PART[g[0].lower()]
    y = int(g[1])
    return _w(dt.date(y, a, 1), _month_end(y, b), "month", m, 4)


def _r_month_year(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    y, mo = int(g[1]), _MONTHS[g[0].lower().rstrip(".")]
    return _w(dt.date(y, mo, 1), _month_end(y, mo), "month", m, 3)


def _r_year(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    y = int(g[0])
    if not 1900 <= y <= d.year + 5:
        return None
    return _w(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m, 5)


def _r_ago(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    n, unit = _num(g[0]), g[1].lower()
    if unit == "day":
        day = d - dt.timedelta(days=n)
        return _w(day, day, "day", m, 2)
    if unit == "week":
        day = d - dt.timedelta(weeks=n)
        return _w(day - dt.timedelta(days=3), day + dt.timedelta(days=3), "day", m, 3)
    if unit == "month":
        day = _shift_months(d, -n)
        return _w(day.replace(day=1), _month_end(day.year, day.month), "month", m, 3)
    y = d.year - n
    return _w(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m, 5)


def _r_past_n(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    n, unit = _num(g[0]), g[1].lower()
    delta = {"day": dt.timedelta(days=n), "week": dt.timedelta(weeks=n)}.get(unit)
    a = d - delta if delta else _shift_months(d, -n if unit == "month" else -12 * n)
    return _w(a, d, "day" if delta else "month", m, 6)


def _r_weekday(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    wd = _WEEKDAYS[g[0].lower()]
    text = m.group(0).lower()
    if text.startswith("next") or (future and not text.startswith("last")):
        ahead = (wd - d.weekday()) % 7
        day = d + dt.timedelta(days=ahead)
    else:
        back = (d.weekday() - wd) % 7
        day = d - dt.timedelta(days=back + (7 if text.startswith("last") and back == 0 else 0))
    return _w(day, day, "day", m, 1)


def _r_relative(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    t = g[0].lower()
    monday = d - dt.timedelta(days=d.weekday())
    table = {
        "yesterday": (d - dt.timedelta(days=1),) * 2, "last night": (d - dt.timedelta(days=1), d),
        "today": (d, d), "tonight": (d, d), "this morning": (d, d), "this afternoon": (d, d),
        "this evening": (d, d), "overnight": (d, d), "before dawn": (d, d), "earlier today": (d, d),
        "tomorrow": (d + dt.timedelta(days=1),) * 2,
        "earlier this week": (monday, d), "this week": (monday, monday + dt.timedelta(days=6)),
        "last week": (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)),
        "next week": (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)),
        "in recent days": (d - dt.timedelta(days=7), d), "recent days": (d - dt.timedelta(days=7), d),
        "past few days": (d - dt.timedelta(days=7), d), "past week": (d - dt.timedelta(days=7), d),
        "recently": (d - dt.timedelta(days=30), d), "in recent weeks": (d - dt.timedelta(days=28), d),
    }
    if t in table:
        a, b = table[t]
        return _w(a, b, "day", m, 2 if a == b else 6)
    if t in ("earlier this month", "this month"):
        return _w(d.replace(day=1), d if "earlier" in t else _month_end(d.year, d.month), "month", m, 6)
    if t in ("last month", "next month"):
        x = _shift_months(d, -1 if t.startswith("last") else 1)
        return _w(x.replace(day=1), _month_end(x.year, x.month), "month", m, 6)
    if t == "in recent months":
        return _w(_shift_months(d, -3), d, "month", m, 6)
    y = d.year + {"this year": 0, "earlier this year": 0, "last year": -1, "next year": 1}[t]
    return _w(dt.date(y, 1, 1), d if t == "earlier this year" else dt.date(y, 12, 31), "year", m, 7)


def _r_since(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    day = _weekday_back(d, _WEEKDAYS[g[0].lower()])
    return _w(day, d, "day", m, 6)


def _r_past_day(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    return _w(d - dt.timedelta(days=1), d, "day", m, 2)


def _r_part_month(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    mo = _MONTHS[g[1].lower().rstrip(".")]
    y = d.year + (1 if future and mo < d.month else -1 if not future and mo > d.month else 0)
    return _w(dt.date(y, mo, 1), _month_end(y, mo), "month", m, 4)


def _r_dm_cyr(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    mo = MONTHS_CYR[g[1].lower()]
    y = int(g[2]) if g[2] else d.year
    day = dt.date(y, mo, int(g[0]))
    if not g[2] and not future and day > d + dt.timedelta(days=31):
        day = day.replace(year=d.year - 1)
    return _w(day, day, "day", m, 0 if g[2] else 1)


def _r_weekday_cyr(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    wd = next(i for p, i in _WEEKDAYS_CYR if re.fullmatch(p, g[0], re.I))
    day = d + dt.timedelta(days=(wd - d.weekday()) % 7) if future else _weekday_back(d, wd)
    return _w(day, day, "day", m, 1)


def _r_relative_cyr(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    t = g[0].lower()
    if t in ("вчора", "вчера"):
        return _w(d - dt.timedelta(days=1), d - dt.timedelta(days=1), "day", m, 2)
    if t.startswith("за "):
        return _w(d - dt.timedelta(days=1), d, "day", m, 2)
    return _w(d, d, "day", m, 2)


def _r_month(kind: str, g: tuple, m: re.Match, d: dt.date, future: bool) -> When | None:
    mo = _MONTHS[g[0].lower().rstrip(".")]
    if g[0].lower().startswith("may") and not g[0][0].isupper():
        return None
    y = d.year
    if future and mo < d.month:
        y += 1
    elif not future and mo > d.month:
        y -= 1
    return _w(dt.date(y, mo, 1), _month_end(y, mo), "month", m, 4)


_RESOLVERS = {"iso": _r_iso, "mdy": _r_mdy, "dmy": _r_dmy, "md": _r_day_month, "dm": _r_day_month,
              "part_year": _r_part_year, "month_year": _r_month_year, "year": _r_year, "ago": _r_ago,
              "past_n": _r_past_n, "weekday": _r_weekday, "relative": _r_relative, "since": _r_since,
              "past_day": _r_past_day, "part_month": _r_part_month, "dm_cyr": _r_dm_cyr,
              "weekday_cyr": _r_weekday_cyr, "relative_cyr": _r_relative_cyr, "month": _r_month}
"""Each kind of date expression (the ``kind`` of its pattern) and the function that resolves it."""


def _resolve(kind: str, m: re.Match, d: dt.date, future: bool) -> When | None:
    resolver = _RESOLVERS.get(kind)
    if resolver is None:
        return None
    try:
        return resolver(kind, m.groups(), m, d, future)
    except (ValueError, KeyError):
        return None


def find_dates(sentence: str, article_date: str | dt.date) -> list[When]:
    """Every date expression of a sentence, resolved; most specific first.

    Durations are not dates: "the first talks in three years" yields nothing.
    """
    ascii_only = sentence.isascii()
    if _DATEISH_LATIN.search(sentence) is None and (ascii_only or _DATEISH_CYR.search(sentence) is None):
        return []
    d = article_day(article_date)
    future = is_future(sentence)
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in _PATTERNS if ascii_only else _ALL_PATTERNS:
        for m in rx.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            w = _resolve(kind, m, d, future)
            if w is not None:
                found.append(w)
                taken.append(m.span())
    return sorted(found, key=lambda w: (w.rank, w.span[0]))


# --------------------------------------------------------------------------------------------------------
# Dates chained to other events


@dataclass(frozen=True)
class Chain:
    """A date said relative to another event: ``kind`` "after" ("a day after X": what follows the phrase
    happened ``days`` before the sentence's own date) or "shift" ("two days later", "the day before": the
    sentence's events happened ``days`` after the last event told before it, negative for before)."""

    kind: str
    days: int
    span: tuple[int, int]


_UNIT = {"day": 1, "days": 1, "week": 7, "weeks": 7, "дні": 1, "дня": 1, "днів": 1, "дней": 1, "день": 1}
_CHAINS = [
    (re.compile(r"\b(" + _NUM_RE + r"|the)\s+(days?|weeks?)\s+after\b", re.I), "after", 1),
    (re.compile(r"\b(" + _NUM_RE + r")\s+(days?|weeks?)\s+before\b(?!\s*[,.;]|\s*$)", re.I), "after", -1),
    (re.compile(r"\b(" + _NUM_RE + r")\s+(days?|weeks?)\s+later\b", re.I), "shift", 1),
    (re.compile(r"\b(?:the\s+)?(next|following)\s+(day|week)\b", re.I), "shift", 1),
    (re.compile(r"\b(" + _NUM_RE + r")\s+(days?|weeks?)\s+(?:earlier|before)\b", re.I), "shift", -1),
    (re.compile(r"\bthe\s+(day|night|previous)\s+(before|day)\b", re.I), "shift", -1),
    (re.compile(r"(?<!\w)(наступного|на наступний|на следующий|следующего)\s+(дня|день)(?!\w)", re.I), "shift", 1),
    (re.compile(r"(?<!\w)через\s+(\w+)\s+(дні|дня|днів|дней|день)(?!\w)", re.I), "shift", 1),
    (re.compile(r"(?<!\w)(напередодні|накануне)(?!\w)", re.I), "shift", -1),
]
_CHAIN_HINT = re.compile(r"day|week|night|previous|дн|день|напередодні|накануне", re.I)
"""Words one of which every pattern of ``_CHAINS`` needs (its unit, or "previous", "напередодні", "накануне"):
a sentence with none of them (most) is spared the patterns."""


def _chain_days(groups: tuple) -> int:
    words = [g.lower() for g in groups if g]
    n = 1
    for w in words:
        if w.isdigit() or w in _NUMBERS:
            n = _num(w)
        elif w in _NUMBERS_CYR:
            n = _NUMBERS_CYR[w]
    unit = next((_UNIT[w] for w in words if w in _UNIT), 1)
    return n * unit


def find_chains(sentence: str) -> list[Chain]:
    """The chained-date phrases of a sentence, in text order.

    >>> [(c.kind, c.days) for c in find_chains("Troops took the town on Saturday, a day after a withdrawal.")]
    [('after', 1)]
    >>> [(c.kind, c.days) for c in find_chains("Two days later they entered the city.")]
    [('shift', 2)]
    """
    out: list[Chain] = []
    if _CHAIN_HINT.search(sentence) is None:
        return out
    for rx, kind, sign in _CHAINS:
        for m in rx.finditer(sentence):
            if any(c.span[0] < m.end() and m.start() < c.span[1] for c in out):
                continue
            out.append(Chain(kind, sign * _chain_days(m.groups()), m.span()))
    return sorted(out, key=lambda c: c.span)


def shift(iso: str, days: int) -> str:
    """An ISO date moved by ``days``."""
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
