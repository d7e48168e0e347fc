"""Derive (and check) the gold points of the hand-written front-line sets from data, never from memory.

Each gold mention of tests/frontline_corpus.py and tests/frontline_heldout.py names the place it means by its
gazetteer name (nominative, Latin: ``name``) and gives a point or None ("unresolved" expected). The point is
derived here from the shared snapshot of the sentence's date:

* the settlements of Ukraine the embedded gazetteer holds under ``name`` (any spelling it knows; ``name@AA``
  keeps those of first-level region AA, for sentences that name the region) -- GeoNames cities500's at their own
  points and, since issue 17, the codifier's villages at their hromada's point -- are measured against the front
  line of the date (``frontline_scoring.front_line``: edge of occupied + grey inside Ukraine's land), a codifier
  village's distance less its uncertainty (``precision_km``);
* a single one is taken when it lies within ``NONE_KM`` of the front (towns a little behind it, used as the
  directions' anchors, included);
* of several, the nearest to the front must lie within ``NEAR_KM`` of it and every other one more than
  ``RIVAL_KM`` from it (or within ``RIGHT_KM`` of the winner): the front settles the name; otherwise the gold
  cannot be derived and the sentence has to change;
* a gold of None ("unresolved") requires that no place of the gazetteer under that name (any country, any
  spelling the index knows) lies within ``NONE_KM`` of the front that day, or that the front cannot settle the
  name (two namesakes near it).

For a codifier village the gold point is its hromada's: what the set then checks is that the right village of
its name is picked; how far a hromada's point lies from its villages is measured apart
(``benchmarks/katottg_placement.py``, leave-one-out over the villages GeoNames places).

Usage::

    python benchmarks/make_frontline_gold.py            # check both files, print any gold that does not hold
    python benchmarks/make_frontline_gold.py --fill F   # rewrite F's points from the data (then review the diff)
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from frontline_scoring import (RIGHT_KM, RIVAL_KM, Context, context_km, context_settles, distances_km,  # noqa: E402
                               front_line)
from geo.gazetteer import deinflect, distance_km, load, norm  # noqa: E402

NEAR_KM = 15.0
NONE_KM = 60.0
SHARED = ROOT.parent / "shared"


def _places(name: str, ukraine: bool = True) -> list:
    """Places of the gazetteer called ``name``: under its folded key (any spelling the index holds), else under
    the longest nominative of an inflected Cyrillic form the index knows -- exact names, not the geoparser's
    looser matching; ``name@AA`` keeps those of first-level region AA (GeoNames' code: 05 Donetsk, 14 Luhansk,
    26 Zaporizhzhia, ...); settlements of Ukraine only unless ``ukraine`` is False."""
    base, _, admin1 = name.partition("@")
    gaz = load()
    key = norm(base)
    idx = gaz.candidates(key)
    if not idx:
        known = [k for k in deinflect(key) if k in gaz.keys]
        idx = gaz.candidates(max(known, key=len)) if known else ()
    out = [gaz.place(i) for i in idx]
    out = [p for p in out if not admin1 or (p.country == "UA" and p.admin1 == admin1)]
    return [p for p in out if p.country == "UA" and p.kind == "settlement"] if ukraine else out




@lru_cache(maxsize=None)
def derive(name: str, date: str, shared: Path = SHARED, context: Context | None = None
           ) -> tuple[float, float, str]:
    """(lat, lon, why) of the settlement of Ukraine called ``name`` that the front of ``date`` picks: among the
    places at their own points first (GeoNames'), then among all (the codifier's villages too); where two lie near
    the front, the one near ``context`` (the sentence's other places, ``contexts_of``), when that settles it."""
    cands = _places(name)
    exact = [c for c in cands if c.geo_precision == "point"]
    if exact and len(exact) < len(cands):
        try:
            return _derive(name, date, shared, exact, context)
        except ValueError:
            pass
    return _derive(name, date, shared, cands, context)


def _in_context(name: str, near: list, context: Context | None):
    """Of namesakes all near the front, the one the sentence's other places settle (``context_settles`` over
    ``context_km``: the reach with the uncertainty allowed, rivals point to point), or None."""
    if context is None:
        return None
    to = lambda c: context_km((c.lat, c.lon, c.precision_km), context)  # noqa: E731
    by = sorted(near, key=to)
    d = [to(c) for c in by]
    rivals = [x for x, c in zip(d[1:], by[1:]) if distance_km(c.lat, c.lon, by[0].lat, by[0].lon) > RIGHT_KM]
    return (by[0], d[0][0]) if context_settles(d[0], rivals) else None


def _derive(name: str, date: str, shared: Path, cands: list, context: Context | None = None
            ) -> tuple[float, float, str]:
    if not cands:
        raise ValueError(f"{name}: no settlement of Ukraine of that name in the gazetteer")
    d = distances_km(front_line(date, shared), [c.lat for c in cands], [c.lon for c in cands])
    d = [max(0.0, km - c.precision_km) for km, c in zip(d, cands)]  # a codifier village may lie that much nearer
    if len(cands) == 1:
        if d[0] > NONE_KM:
            raise ValueError(f"{name} on {date}: the only one lies {d[0]:.0f} km from the front: gold None")
        return cands[0].lat, cands[0].lon, f"the only one; {d[0]:.0f} km from the front"
    order = sorted(range(len(cands)), key=lambda n: d[n])
    w = cands[order[0]]
    if d[order[0]] > NEAR_KM:
        raise ValueError(f"{name} on {date}: nearest of {len(cands)} is {d[order[0]]:.0f} km from the front")
    for n in order[1:]:
        c = cands[n]
        if d[n] <= RIVAL_KM and distance_km(c.lat, c.lon, w.lat, w.lon) > RIGHT_KM:
            got = _in_context(name, [cands[k] for k in order if d[k] <= RIVAL_KM], context)
            if got is not None:
                return got[0].lat, got[0].lon, f"{len(cands)} near the front; {got[1]:.0f} km from the sentence's places"
            raise ValueError(f"{name} on {date}: two near the front ({d[order[0]]:.0f} and {d[n]:.0f} km)")
    return w.lat, w.lon, f"{d[order[0]]:.0f} km from the front; {len(cands) - 1} namesakes further"


def check_none(name: str, date: str, shared: Path = SHARED) -> str | None:
    """None when no place called ``name`` (any country) lies within ``NONE_KM`` of the front of ``date``."""
    places = _places(name, ukraine=False)
    if not places:
        return None
    d = distances_km(front_line(date, shared), [p.lat for p in places], [p.lon for p in places])
    if min(d) <= NONE_KM:
        return f"{name} on {date}: gold unresolved, but a namesake lies {min(d):.0f} km from the front"
    return None


def contexts_of(sentence: dict, shared: Path = SHARED) -> list[Context | None]:
    """Each gold mention's context, the sector the sentence reports on: the middle of the sentence's gold points;
    where it has none, the places its other names may be -- each one's namesakes within ``RIVAL_KM`` of the front
    (less their uncertainty) -- so that names no other place settles settle one another (a report names the
    villages of one sector). None when there is neither."""
    pts = [(g["lat"], g["lon"]) for g in sentence["gold"] if g["lat"] is not None]
    if pts:
        middle = ((round(sum(p[0] for p in pts) / len(pts), 4), round(sum(p[1] for p in pts) / len(pts), 4), 0.0),)
        return [middle] * len(sentence["gold"])
    near = [_near_front(g["name"], sentence["date"], shared) for g in sentence["gold"]]
    return [tuple(p for k, alt in enumerate(near) if k != n for p in alt) or None for n in range(len(near))]


@lru_cache(maxsize=None)
def _near_front(name: str, date: str, shared: Path) -> Context:
    """(lat, lon, uncertainty km) of the settlements of Ukraine called ``name`` within ``RIVAL_KM`` of the front of
    ``date``, less their uncertainty."""
    cands = _places(name)
    if not cands:
        return ()
    d = distances_km(front_line(date, shared), [c.lat for c in cands], [c.lon for c in cands])
    return tuple((c.lat, c.lon, c.precision_km) for km, c in zip(d, cands) if km - c.precision_km <= RIVAL_KM)


def _derivable(name: str, date: str, shared: Path, context: Context | None = None) -> bool:
    try:
        derive(name, date, shared, context)
    except ValueError:
        return False
    return True


def check(sentences: list[dict], shared: Path = SHARED) -> list[str]:
    """Every gold that the data does not give back (empty when all hold)."""
    bad = []
    for s in sentences:
        for g, context in zip(s["gold"], contexts_of(s, shared)):
            try:
                if g["lat"] is None:
                    # unresolved is right when no namesake lies near the front (the nominative looked up, and
                    # the surface as written, Cyrillic case endings undone), or when the front cannot settle
                    # the name (two near it)
                    admin = g["name"].partition("@")[2]
                    for key in (g["name"], g["surface"] + (f"@{admin}" if admin else "")):
                        problem = check_none(key, s["date"], shared)
                        if problem and _derivable(g["name"], s["date"], shared, context):
                            bad.append(problem + " (and the front settles it: fill the point)")
                    continue
                lat, lon, _ = derive(g["name"], s["date"], shared, context)
                if (round(lat, 5), round(lon, 5)) != (round(g["lat"], 5), round(g["lon"], 5)):
                    bad.append(f"{g['name']} on {s['date']}: file has {g['lat']}, {g['lon']}; data gives {lat}, {lon}")
            except ValueError as e:
                bad.append(str(e))
    return bad


_SENTENCE = re.compile(r'^\s*\("(\d{4}-\d{2}-\d{2})",')
_GOLD = re.compile(r'\(("(?:[^"\\]|\\.)*"), "([^"]+)", (-?[\d.]+|None|_), (-?[\d.]+|None|_),')


def fill(path: Path, shared: Path = SHARED) -> tuple[int, list[str]]:
    """Rewrite the points of the gold tuples in ``path`` from the data: those with a point, and those without one
    that the data now settles (a village of the codifier near the front, or one of two that the sentence's other
    places settle: issue 17); returns how many changed and the golds with a point that could not be derived (left
    as they were). The file's sentences are read first, for each mention's context (``contexts_of``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    contexts = [contexts_of(s, shared) for s in module.SENTENCES]
    out, date, changed, errors, k, n = [], None, 0, [], -1, -1
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        m = _SENTENCE.match(line)
        if m:
            date, k, n = m.group(1), k + 1, -1

        def repl(g: re.Match) -> str:
            nonlocal changed, n
            n += 1
            try:
                lat, lon, _ = derive(g.group(2), date, shared, contexts[k][n])
            except ValueError as e:
                if g.group(3) != "None":
                    errors.append(str(e))
                return g.group(0)
            new = f'({g.group(1)}, "{g.group(2)}", {lat}, {lon},'
            changed += new != g.group(0)
            return new

        out.append(_GOLD.sub(repl, line) if date else line)
    path.write_text("".join(out), encoding="utf-8")
    return changed, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fill", type=Path, help="rewrite this corpus file's points from the data")
    ap.add_argument("--shared", type=Path, default=SHARED)
    a = ap.parse_args()
    if a.fill:
        changed, errors = fill(a.fill, a.shared)
        print(f"{a.fill}: {changed} points written")
        for e in errors:
            print("  ", e)
        sys.exit(1 if errors else 0)
    from frontline_corpus import SENTENCES as dev

    sets = {"dev": dev}
    try:
        from frontline_heldout import SENTENCES as held

        sets["held-out"] = held
    except ImportError:
        pass
    bad = 0
    for label, sents in sets.items():
        problems = check(sents, a.shared)
        bad += len(problems)
        print(f"{label}: {len(sents)} sentences, {sum(len(s['gold']) for s in sents)} gold mentions, "
              f"{len(problems)} problems")
        for p in problems:
            print("  ", p)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
