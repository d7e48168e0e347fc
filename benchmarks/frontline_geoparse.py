"""Front-line reading benchmark (issue 10): the hand-written front-line sets and the generated namesake set.

Hand sets: tests/frontline_corpus.py (development) and tests/frontline_heldout.py (held out), scored apart and
together. Per gold mention (tests/frontline_scoring.py ``judge``): right = placed within 25 km of the gold point;
unresolved = ``resolved`` false or ambiguous; confidently wrong = placed, not ambiguous, further than 25 km, or
placed where the gold says unresolved; missed = not found. Shares: right over the places the gazetteer holds
(``right/held``; target >= 0.95), and over all mentions; unresolved, wrong (target <= 0.02) and missed over all.

Four configurations side by side: with and without the front (the store's edge of the date, computed from the
shared snapshot files without a store: the latest at or before the date within 90 days), with and without the
direction rules (``geoparse(..., directions=False)``; the columns say n/a when the geoparser has no such flag).

Generated set: for each map date (month ends and a few daily files), the cities500 settlements within 12 km of
the front line whose name a Ukrainian place at least 100 km away shares, each alone in a short report of that
day (tests/frontline_scoring.py ``generated_set``); share right per date (target >= 0.92 at every date).

Front namesake set (issue 17): at ``NAMESAKE_DATES``, every settlement of Ukraine within 10 km of the front line
(less its uncertainty: the codifier's villages at their hromada's point count) whose name another settlement of
Ukraine bears, alone or beside a neighbour, in three languages; gold the place itself, and whether the data can
tell it from its namesakes (tests/frontline_scoring.py ``front_namesake_set``). Right: placed within 25 km;
wrong: placed further; abstained: ambiguous or unresolved, the right answer where the name is not settled. A
third of the places (by code) are held out; ``--failures`` lists the development part's wrong answers.

Usage::

    python benchmarks/frontline_geoparse.py [--shared ../shared] [--failures] [--imported]

The gold's "unresolved" answers are places the embedded gazetteer (cities500) lacks, so the run leaves out the
villages imported into FRONTLINE_HOME (``frontline gazetteer pull``) unless ``--imported`` is given.

``--failures`` lists the development part's misses and wrong answers (never the held-out part's).
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from frontline_scoring import (NAMESAKE_DATES, front_edge, front_namesake_set, generated_set,  # noqa: E402
                               namesake_tally, snapshot_files, tally)
from geo.gazetteer import load  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402

CONFIGS = (("front+dir", True, True), ("front", True, False), ("dir", False, True), ("neither", False, False))
"""(label, with the front, with the direction rules)."""
DAILY_DATES = ("2025-05-10", "2025-06-10", "2025-06-20")
"""Daily maps scored besides the month ends."""
ROWS = (("right/held", "right_held"), ("right/all", "right_all"), ("unresolved", "unresolved_all"),
        ("wrong", "wrong_all"), ("missed", "missed_all"), ("none ok", "none_ok"))


def has_directions_flag() -> bool:
    """Whether ``geoparse`` takes the contract's ``directions`` keyword."""
    return "directions" in inspect.signature(geoparse).parameters


def parser(shared: Path, with_front: bool, directions: bool):
    """``parse(text, date) -> records`` for one configuration (None when the geoparser cannot run it)."""
    if not directions and not has_directions_flag():
        return None
    gaz = load()
    kw = {} if directions else {"directions": False}

    def parse(text: str, date: str) -> list[dict]:
        front = front_edge(date, shared) if with_front else None
        return geoparse(text, gaz, front, **kw)

    return parse


def map_dates(shared: Path) -> list[str]:
    """The month-end maps and ``DAILY_DATES``, where present."""
    files = snapshot_files(shared)
    raw = [d for d, p in files.items() if p.parent.name == "raw"]
    return sorted(set(raw) | {d for d in DAILY_DATES if d in files})


def _table(title: str, results: dict[str, dict | None]) -> None:
    labels = list(results)
    print(f"\n{title}")
    first = next((r for r in results.values() if r), None)
    if first:
        print(f"  {first['sentences']} sentences, {first['mentions']} gold mentions: {first['held']} the gazetteer "
              f"holds, {first['gold_unresolved']} expected unresolved")
    print("  " + " " * 12 + "".join(f"{lab:>12}" for lab in labels))
    for name, key in ROWS:
        cells = [f"{r[key]:12.3f}" if r else f"{'n/a':>12}" for r in results.values()]
        print(f"  {name:<12}" + "".join(cells))


def arguments(doc: str, failures: str = "list the development part's failures") -> argparse.Namespace:
    """``--shared DIR``, ``--failures``, ``--imported`` of a front-line benchmark whose usage is ``doc``; exits
    when the shared snapshots are missing; without ``--imported``, an empty FRONTLINE_HOME (no imported villages)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--failures", action="store_true", help=failures)
    ap.add_argument("--imported", action="store_true",
                    help="keep the villages imported into FRONTLINE_HOME (the gold assumes the embedded gazetteer)")
    a = ap.parse_args()
    if not (a.shared / "data" / "deepstate" / "raw").is_dir():
        sys.exit(f"{a.shared}/data/deepstate/raw not found: give --shared DIR")
    if not a.imported:
        # the sets' "unresolved" golds are places the embedded gazetteer lacks: leave imported villages out
        os.environ["FRONTLINE_HOME"] = tempfile.mkdtemp(prefix="frontline-bench-")
    return a


def main() -> None:
    a = arguments(__doc__)
    from frontline_corpus import SENTENCES as dev
    from frontline_heldout import SENTENCES as held

    t0 = time.perf_counter()
    if not has_directions_flag():
        print("note: geo.geoparse.geoparse has no `directions` keyword yet (issue 10 contract): "
              "the columns without the direction rules are n/a, and 'front+dir' and 'dir' are this geoparser as it is "
              "(with and without the front)")
    parsers = {label: parser(a.shared, f, d) for label, f, d in CONFIGS}
    sets = {"development": dev, "held-out": held, "both": dev + held}
    results = {name: {label: (tally(sents, p) if p else None) for label, p in parsers.items()}
               for name, sents in sets.items()}
    for name, res in results.items():
        _table(f"Hand set, {name}", res)
    if a.failures:
        print("\nDevelopment failures (front+dir):")
        for date, text, surface, verdict in results["development"]["front+dir"]["failures"]:
            print(f"  {verdict:<10} {date} {surface!r} in {text!r}")
    t1 = time.perf_counter()

    print("\nGenerated set: settlements within 12 km of the front sharing a name with a place 100+ km away")
    shown = [lab for lab, p in parsers.items() if p]
    print(f"  {'date':<11}{'n':>5}" + "".join(f"{lab:>12}" for lab in shown) + f"{'wrong':>7}{'unres.':>7}")
    worst = {lab: 1.0 for lab in shown}
    total = {lab: [0, 0] for lab in shown}
    for date in map_dates(a.shared):
        gen = generated_set(date, a.shared)
        if not gen:
            continue
        res = {lab: tally(gen, parsers[lab]) for lab in shown}
        for lab in shown:
            worst[lab] = min(worst[lab], res[lab]["right_held"])
            total[lab][0] += res[lab]["right"]
            total[lab][1] += res[lab]["held"]
        best = res[shown[0]]
        print(f"  {date:<11}{len(gen):>5}" + "".join(f"{res[lab]['right_held']:12.3f}" for lab in shown)
              + f"{best['wrong']:>7}{best['unresolved']:>7}")
    print(f"  {'all dates':<16}" + "".join(f"{total[lab][0] / max(total[lab][1], 1):12.3f}" for lab in shown))
    print(f"  {'worst date':<16}" + "".join(f"{worst[lab]:12.3f}" for lab in shown))
    print(f"  (wrong and unres. counts are {shown[0]}'s)")
    t2 = time.perf_counter()

    print("\nFront namesake set: settlements within 10 km of the front (less their uncertainty) whose name another "
          "settlement of Ukraine bears,\n  alone or beside a neighbour; gold the place itself (front+dir)")
    print(f"  {'part':<10}{'n':>6}{'settled':>9}{'right':>8}{'wrong':>8}{'abst.':>8}{'right/settled':>15}"
          f"{'abst./unsettled':>17}")
    for part in ("dev", "heldout"):
        sents = [s for date in NAMESAKE_DATES for s in front_namesake_set(date, a.shared, part=part)]
        r = namesake_tally(sents, parsers["front+dir"])
        print(f"  {part:<10}{r['mentions']:>6}{r['settled']:>9}{r['right_all']:8.3f}{r['wrong_all']:8.3f}"
              f"{r['abstained_all']:8.3f}{r['right_settled']:15.3f}{r['abstained_unsettled']:17.3f}")
        if part == "dev" and a.failures:
            for date, text, surface, verdict, settled in r["failures"]:
                print(f"    {verdict} {date} {surface!r} in {text!r} (settled: {settled})")
    print(f"  dates: {', '.join(NAMESAKE_DATES)}; held out: a third of the places, by their code")
    t3 = time.perf_counter()
    print(f"\nTime: hand sets {t1 - t0:.0f} s, generated set {t2 - t1:.0f} s, namesake set {t3 - t2:.0f} s")


if __name__ == "__main__":
    main()
