"""The package's layers, read from its source with ast: no import cycle among geo's modules (imports inside
functions count: a lazy import only hides a cycle), no module reaching for another's private names, a command
line that only parses (cli.py under 450 lines) and no function over 80 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
CLI_MAX_LINES = 450
FUNCTION_MAX_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(GEO.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(GEO.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, path in MODULES.items()}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (never run, so never part of a cycle)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _base(module: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` names (``from .x import y`` in geo.a -> geo.x)."""
    if not node.level:
        return node.module or ""
    package = module if _is_package(module) else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports(module: str) -> list[tuple[str, str, int]]:
    """Every geo import in ``module``: (imported geo module, name taken from it or "", line), at any depth."""
    tree, found = TREES[module], []
    skip = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            for a in node.names:
                if f"{base}.{a.name}" in MODULES:  # `from . import x`: the submodule x itself
                    found.append((f"{base}.{a.name}", "", node.lineno))
                elif base in MODULES:
                    found.append((base, a.name, node.lineno))
    return found


def graph() -> dict[str, set[str]]:
    return {m: {target for target, _, _ in imports(m) if target != m} for m in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one cycle through it."""
    index, low, stack, on_stack, comps = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(_cycle_through(sorted(comp)[0], comp, edges))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return comps


def _cycle_through(start: str, comp: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path start -> ... -> start inside the component (breadth first)."""
    prev, frontier = {}, [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(edges[v] & comp):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w not in prev:
                    prev[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"{start} is in no cycle")


def test_the_walker_sees_known_imports():
    """The walker itself: geo/__init__ imports errors, and cli imports geo modules (lazily, inside functions)."""
    assert "geo.errors" in graph()["geo"]
    assert len(graph()["geo.cli"]) >= 5


def test_cycle_finder():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert cycles({"a": {"b", "c"}, "b": {"a"}, "c": {"b"}}) == [["a", "b", "a"]]


def test_resolves_relative_imports():
    tree = ast.parse("from . import errors\nfrom .errors import BadInput\nfrom .. import geo\n")
    nodes = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert [_base("geo.cli", n) for n in nodes[:2]] == ["geo", "geo.errors"]


def test_no_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles in geo/ (imports inside functions included):\n" + "\n".join(
        " -> ".join(c) for c in found)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(module: str) -> list[str]:
    """`from geo.x import _y`, and `x._y` where x names another geo module imported here."""
    found = [f"{MODULES[module].relative_to(GEO.parent)}:{line}: from {target} import {name}"
             for target, name, line in imports(module) if name and _private(name) and target != module]
    aliases = {}
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            aliases |= {a.asname or a.name: f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
        elif isinstance(node, ast.Import):
            aliases |= {a.asname: a.name for a in node.names if a.asname and a.name in MODULES}
    for node in ast.walk(TREES[module]):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr)
                and aliases.get(node.value.id, module) != module):
            found.append(f"{MODULES[module].relative_to(GEO.parent)}:{node.lineno}: "
                         f"{aliases[node.value.id]}.{node.attr}")
    return found


def test_private_use_finder():
    TREES["geo._probe"] = ast.parse("from .store import _CLAIM_FIELDS, LAYERS\nfrom . import gazetteer as g\n"
                                    "def f():\n    return g._LOADED, g.load\n")
    MODULES["geo._probe"] = GEO / "_probe.py"
    try:
        assert private_uses("geo._probe") == ["geo/_probe.py:1: from geo.store import _CLAIM_FIELDS",
                                              "geo/_probe.py:4: geo.gazetteer._LOADED"]
    finally:
        del TREES["geo._probe"], MODULES["geo._probe"]


def test_no_module_imports_a_private_name_of_another():
    found = [use for m in MODULES for use in private_uses(m)]
    assert not found, f"{len(found)} uses of another module's private names:\n" + "\n".join(found)


def test_cli_is_under_450_lines():
    lines = len((GEO / "cli.py").read_text(encoding="utf-8").splitlines())
    assert lines < CLI_MAX_LINES, f"geo/cli.py has {lines} lines (limit {CLI_MAX_LINES})"


def long_functions(limit: int = FUNCTION_MAX_LINES) -> list[tuple[str, int]]:
    """(file:line name, lines) for every function or method, nested ones included, over ``limit`` lines."""
    found = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    found.append((f"{MODULES[module].relative_to(GEO.parent)}:{node.lineno} {node.name}", n))
    return sorted(found, key=lambda f: -f[1])


def test_long_function_finder():
    assert ("geo/cli.py:" in " ".join(w for w, _ in long_functions(1))) and long_functions(10_000) == []


def test_no_function_over_80_lines():
    found = long_functions()
    assert not found, f"{len(found)} functions over {FUNCTION_MAX_LINES} lines:\n" + "\n".join(
        f"{where}: {n} lines" for where, n in found)


def test_the_wheel_packages_every_subpackage():
    """pyproject's package list names every package under geo/ (a missing one installs broken from a wheel)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "geo").rglob("__init__.py")}
    assert found <= listed, f"not in pyproject's packages: {sorted(found - listed)}"
