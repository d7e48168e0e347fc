"""Event extraction on one long article: the time grows with the article's length, not with its square.

The seed article (seeds/*.txt) repeated to 1, 2, 4 and 10 MB, and the same text with its full stops and line
breaks turned into commas (one "sentence" as long as the article: the case that used to be quadratic in the
sentence too). For each size: geoparse + ``events.extract`` time, the events found, and two ratios:

- against a linear baseline run in the same process on the same text (one pass of a plain word regex,
  ``re.findall(r"\\w+")``): constant when extraction is linear, growing with the size when it is not;
- seconds per MB against the 1 MB run: about 1.0 for linear work (it was ~4 at 4 MB before the fix).

Target: a 10 MB article in under 30 s. Usage: python benchmarks/events_long_article.py [--sizes 1 2 4 10]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.events import extract  # noqa: E402
from geo.gazetteer import load  # noqa: E402
from geo.geoparse import geoparse  # noqa: E402


def article(mb: float, run_on: bool) -> str:
    """The seed article repeated to ``mb`` MB (2**20 characters); ``run_on``: without sentence ends."""
    seed = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    if run_on:
        seed = re.sub(r"[.!?\n]+", ",", seed)
    unit = seed + ("," if run_on else "\n\n")
    n = int(mb * 2**20)
    return (unit * (n // len(unit) + 1))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 10])
    args = ap.parse_args()
    gaz = load()
    word = re.compile(r"\w+")
    for run_on in (False, True):
        per_mb_1 = None
        label = "run-on (no full stops)" if run_on else "paragraphs"
        for mb in args.sizes:
            text = article(mb, run_on)
            t0 = time.perf_counter()
            words = len(word.findall(text))
            base = time.perf_counter() - t0
            t0 = time.perf_counter()
            mentions = geoparse(text, gaz)
            events, claims = extract(text, "2025-05-15", "bench", "bench", mentions)
            took = time.perf_counter() - t0
            per_mb = took / mb
            per_mb_1 = per_mb_1 or per_mb
            print(f"{label:>22}: {mb:>4g} MB ({words} words): {took:6.1f} s, {len(events)} events, "
                  f"{len(claims)} claims; {took / base:5.0f}x the regex pass; s/MB {per_mb:.2f} "
                  f"= {per_mb / per_mb_1:.2f}x the first size's", flush=True)


if __name__ == "__main__":
    main()
