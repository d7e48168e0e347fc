"""Derive the event set's gold points from the gazetteer: every ``Name@AA`` of tests/event_corpus.py and
tests/event_heldout.py looked up with ``geo.gazetteer.load().lookup(Name)``, keeping the namesake whose
first-level region is AA (``RU41``: country RU, region 41; a bare code is Ukraine's, a two-letter country code
with digits another country's). Writes tests/event_places.py; fails on a name with no such namesake.

    python benchmarks/make_event_gold.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from event_corpus import ITEMS as DEV  # noqa: E402
from event_heldout import ITEMS as HELD  # noqa: E402

from geo.gazetteer import load  # noqa: E402


def keys() -> list[str]:
    """Every ``Name@AA`` the two parts use."""
    out = set()
    for item in DEV + HELD:
        for gold in item[5]:
            m = re.match(r"\S+ (.+?@[A-Z0-9]+) ", gold)
            if m:
                out.add(m.group(1))
    return sorted(out)


def resolve(key: str) -> tuple[float, float]:
    """The point of ``Name@AA``."""
    name, code = key.rsplit("@", 1)
    m = re.fullmatch(r"([A-Z]{2})?(\w+)", code)
    country, admin1 = (m.group(1) or "UA"), m.group(2)
    hits = [p for p in load().lookup(name) if p.country == country and p.admin1 == admin1]
    if not hits:
        raise SystemExit(f"{key}: no namesake in {country}.{admin1}")
    return round(hits[0].lat, 5), round(hits[0].lon, 5)


def main() -> None:
    lines = ['"""Gold points of the event set, written by benchmarks/make_event_gold.py from the gazetteer."""', "",
             "PLACES = {"]
    for k in keys():
        lat, lon = resolve(k)
        lines.append(f"    {k!r}: ({lat}, {lon}),")
    lines.append("}")
    (ROOT / "tests" / "event_places.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 4} places")


if __name__ == "__main__":
    main()
