"""Every `frontline ...` example in the README runs and succeeds; the Quickstart holds exactly two commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geo.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)
EXAMPLES = [line.strip() for lang, body in BLOCKS if lang == "" for line in body.splitlines()
            if line.strip().startswith("frontline ")]


def test_quickstart_is_two_commands_and_ci_runs_the_second():
    section = re.search(r"^## Quickstart\n(.*?)(?=^## )", README, re.S | re.M).group(1)
    commands = [ln.strip() for body in re.findall(r"```\w*\n(.*?)```", section, re.S) for ln in body.splitlines()
                if ln.strip() and not ln.strip().startswith("#")]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dask_cluster():
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of the project's seeds in a fresh folder: the examples' relative paths and default store work
    there, and nothing is written into the repository."""
    import shutil

    wd = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", wd / "seeds")
    (wd / "maps").mkdir()
    return wd


@pytest.mark.parametrize("line", [e for e in EXAMPLES if "import UA.txt" not in e])
def test_readme_example_runs(line, monkeypatch, workdir, request):
    """Run in README order in one folder: ingest first, then the queries and exports read its store. Paths
    into ../shared point at the shared data; downloads go to a loopback server serving it."""
    import glob

    monkeypatch.chdir(workdir)
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    if "../shared" in line:
        shared = request.getfixturevalue("shared")("data")
        line = line.replace("../shared/data", str(shared))
    if " pull" in line:
        request.getfixturevalue("urls")
        if "gazetteer pull" in line:  # GeoNames' dumps from the loopback server, into a home of their own
            request.getfixturevalue("isolated_home")
        else:
            monkeypatch.setenv("FRONTLINE_HOME", str(workdir / "home"))
    if "--self-contained" in line:  # the pinned npm packages from a loopback registry
        monkeypatch.setenv("FRONTLINE_NPM_URL", request.getfixturevalue("npm_registry"))
        monkeypatch.setenv("FRONTLINE_CACHE", str(workdir / "cache"))
    if "postgresql://" in line:  # the team examples run against the test database
        from conftest import PG_URL, need_postgis, reset_postgis

        need_postgis()  # skips with its reason where no server runs (fails in CI, where .ci/run starts one)
        if "migrate" in line:
            reset_postgis()
        line = re.sub(r"postgresql://\S+", PG_URL, line)
    if "articles/*.txt" in line:
        line = line.replace("articles/*.txt", "seeds/*.txt")
    if "tcp://HOST:8786" in line:  # a real scheduler on loopback, with two workers
        cluster = request.getfixturevalue("dask_cluster")
        line = line.replace("tcp://HOST:8786", cluster.scheduler_address)
    args = [x for a in shlex.split(line)[1:] for x in (sorted(glob.glob(a)) if "*" in a else [a])]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    if "-o" in args:
        out = workdir / args[args.index("-o") + 1]
        assert out.stat().st_size > 100
    else:
        assert r.stdout.strip()
        assert "nothing matches" not in r.stdout


def test_readme_import_example(tmp_path, monkeypatch, isolated_home):
    """`frontline gazetteer import UA.txt` with a UA.txt in GeoNames' format."""
    line = next(e for e in EXAMPLES if "import UA.txt" in e)
    row = ["702095", "Robotyne", "Robotyne", "Роботине", "47.4469", "35.8378", "P", "PPL", "UA", "", "26", "", "",
           "", "480", "", "100", "Europe/Kyiv", "2024-01-01"]
    (tmp_path / "UA.txt").write_text("\t".join(row) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, shlex.split(line)[1:])
    assert r.exit_code == 0, r.output
    assert '"places": 1' in r.stdout


def test_readme_python_example():
    code = "\n".join(body for lang, body in BLOCKS if lang == "python")
    ns: dict = {}
    exec(code, ns)
    assert [m["name"] for m in ns["mentions"]] == ["Istanbul", "Kyiv"]
    assert len(ns["frame"]) == 2
