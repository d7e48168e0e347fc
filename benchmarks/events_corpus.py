"""Events benchmark (issue 11): the event set's figures against a keyword baseline, in the same process.

The set is tests/event_corpus.py (development part) and tests/event_heldout.py (held-out part, not used to tune
the grammar). For each part: precision and recall on (type, place within 25 km, start date) and, on the matched
events, how often each other field (time precision, actors, count, outcome, disputed, casualties, the claimant's
word, the side that moved) agrees with the gold -- for ``geo.events.extract`` and for the baseline.

The baseline is the extractor as it was at commit b1c422f, reimplemented minimally here: a trigger word of the
vocabulary of that time, the nearest place the geoparser found in the sentence (settlement, region or feature),
the sentence's first date or the article's. It runs on today's geoparser and date parser, and its "liberation"
is scored as a capture (both in its favour).

Then the ingest rate: articles (the set's items, geoparsing included) per second, extract against the baseline,
the two timed alternately over ``--rounds`` rounds.

Usage: python benchmarks/events_corpus.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from event_corpus import ITEMS as DEV  # noqa: E402
from event_heldout import ITEMS as HELD  # noqa: E402
from event_scoring import score  # noqa: E402

from geo.dates import find_dates  # noqa: E402
from geo.events import extract, sentences  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402

BASELINE_TRIGGERS = [
    ("talks", r"\btalks\b|\bnegotiat\w*|\bmet\b|\bmeeting\b|\bsummit\b|переговор\w*|зустр\w*|встреч\w*"),
    ("equipment_loss", r"\b(?:shot down|downed|destroyed|lost) (?:an? )?(?:\w+ )?(?:Su-\d+|MiG-\d+|jet|aircraft|"
                       r"helicopter|tank|F-16)s?\b"),
    ("strike", r"\b(?:missile|drone|rocket|air|artillery)s? (?:attacks?|strikes?)\b|\bshell(?:ed|ing|s)\b|"
               r"\bbomb(?:ed|ing|s)\b|\bstruck\b|\bexplosions?\b|\b(?:drones?|missiles?|rockets?|shelling)\b[^.;]{0,40}?"
               r"\b(?:hit|hits|pounded|targeted)\b|обстр[еі]л\w*|удар\w*|атак\w*|ракетн\w*|вибух\w*|взрыв\w*|"
               r"безпілотник\w*|беспилотник\w*"),
    ("advance", r"\badvanc(?:ed|es|ing|e)\b|\bgained ground\b|\bpushed (?:forward|into|toward)\b|\bmade gains\b|"
                r"просун\w*|продвину\w*|наступ\w*"),
    ("capture", r"\bcaptur(?:ed|es|ing|e)\b|\btook (?:full )?control\b|\btaken (?:full )?control\b|\bseized\b|"
                r"\boccupied\b|захопи\w*|захвати\w*|окупува\w*|оккупирова\w*|взяли под контроль"),
    ("withdrawal", r"\bwithdr(?:ew|awn|awal|aw)\b|\bretreat\w*|\bpulled (?:back|out)\b|відступи\w*|отступи\w*|"
                   r"відійш\w*|отошли"),
    ("capture", r"\bliberat\w*|\brecaptur\w*|\bretook\b|звільни\w*|освободи\w*"),  # "liberation" then
]
_BASE_RX = re.compile("|".join(f"(?P<t{n}>{p})" for n, (_t, p) in enumerate(BASELINE_TRIGGERS)), re.I)


def baseline(text: str, date: str, doc_id: str, source: str | None = None) -> tuple[list[dict], list[dict]]:
    """Trigger word plus nearest place (the extractor at b1c422f, minimally)."""
    mentions = [m for m in geoparse(text) if m["kind"] in ("settlement", "region", "feature") and not m.get("demonym")]
    out = []
    for a, b in sentences(text):
        sent = text[a:b]
        whens = find_dates(sent, date)
        places = [m for m in mentions if a <= m["start"] and m["end"] <= b]
        for m in _BASE_RX.finditer(sent):
            kind = BASELINE_TRIGGERS[int(m.lastgroup[1:])][0]
            near = min(places, key=lambda p: abs(p["start"] - a - m.start()), default=None)
            located = near is not None and near.get("resolved", True) and near.get("lat") is not None
            out.append({"event_id": f"{doc_id}:{a}:{m.start()}", "type": kind, "start": whens[0].start if whens else date,
                        "place_name": near and (near.get("name") or near["surface"]),
                        "lat": near["lat"] if located else None, "lon": near["lon"] if located else None})
    return out, []


def _report(name: str, r: dict) -> None:
    print(f"  {name:9s} precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
          f"(matched {r['tp']} of {r['predicted']} predicted, {r['gold']} gold)")
    fields = "  ".join(f"{f} {v:.2f} (n={n})" if v is not None else f"{f} - (n=0)"
                       for f, (v, n) in r["fields"].items())
    print(f"  {'':9s} fields on matched events: {fields}")


def _rate(fn, items, rounds: int) -> float:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for n, (date, _s, _l, source, text, _g) in enumerate(items):
            fn(text, date, f"doc{n}", source)
    return rounds * len(items) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    geoparse("Kyiv")  # load the gazetteer before anything is timed
    for part, items in (("development part", DEV), ("held-out part", HELD)):
        n_sent = sum(len(sentences(i[4])) for i in items)
        print(f"{part}: {len(items)} items, {n_sent} sentences, {sum(len(i[5]) for i in items)} gold events")
        _report("extract", score(items, extract))
        _report("baseline", score(items, baseline))
    items = DEV + HELD
    new = base = 0.0
    for _ in range(args.rounds):  # alternate, so that neither gains from the other's warm caches alone
        base += _rate(baseline, items, 1)
        new += _rate(extract, items, 1)
    new, base = new / args.rounds, base / args.rounds
    print(f"ingest rate ({len(items)} articles x {args.rounds} rounds): extract {new:.1f} articles/s, "
          f"baseline {base:.1f} articles/s, ratio {new / base:.2f}")


if __name__ == "__main__":
    main()
