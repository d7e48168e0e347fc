"""Cold start and memory of the gazetteer index.

- Cold start: wall time of a new process running ``frontline geocode "Kyiv" --format json`` with the index
  cached on disk, against ``python -c "import pandas"`` (issue 12's target: at most 1.5x) and a bare
  ``python -c pass`` started the same way in the same run; median of 7.
- Memory: peak resident memory of a process that loads the index, minus that of a process that imports the
  same modules without loading it (the issue's target: the index under 500 MB).
- Build: seconds to build the index from its inputs (once, on first use or when inputs change).

Usage: python benchmarks/gazetteer_load.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], env: dict, n: int = 7) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss_mb(code: str, env: dict) -> float:
    out = subprocess.run([sys.executable, "-c", code + "\nimport resource;print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                         env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    exe = shutil.which("frontline") or str(Path(sys.executable).with_name("frontline"))
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        env["FRONTLINE_CACHE"] = cache
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import geo.gazetteer as g; g.load()"], env=env, check=True)
        build = time.perf_counter() - t0
        cold = wall([exe, "geocode", "Kyiv", "--format", "json"], env)
        bare = wall([sys.executable, "-c", "pass"], env)
        pandas = wall([sys.executable, "-c", "import pandas"], env)
        with_index = peak_rss_mb("import geo.gazetteer as g, geo.geoparse, geo.cli; g.load()", env)
        without = peak_rss_mb("import geo.gazetteer as g, geo.geoparse, geo.cli", env)
    print(f"index build: {build:.1f} s (once; cached until inputs change)")
    print(f"cold `frontline geocode \"Kyiv\"`: {cold:.2f} s median of 7 (bare python start-up {bare:.2f} s, "
          f"ratio {cold / bare:.1f}); target < 1.5 s: {'met' if cold < 1.5 else 'NOT met'}")
    print(f"cold geocode / `python -c \"import pandas\"` ({pandas:.2f} s): {cold / pandas:.2f}x; "
          f"target <= 1.5x: {'met' if cold <= 1.5 * pandas else 'NOT met'}")
    print(f"index memory: {with_index - without:.0f} MB (peak RSS {with_index:.0f} MB with, {without:.0f} MB without); "
          f"target < 500 MB: {'met' if with_index - without < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
