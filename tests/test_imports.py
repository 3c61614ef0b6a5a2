"""The house's floors, checked on the source: every module's run-time imports (at the top and
inside functions; not those under ``if TYPE_CHECKING:``) form no cycle, between modules or
between subpackages, and no front end (cli.py, views.py, serve/) imports ``retrieval`` or
``sources``: they go through the Library (library.py, maintenance.py, request.py, status.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pmi_law"
FRONT_ENDS = ("pmi_law.cli", "pmi_law.views", "pmi_law.serve")
BELOW_THE_FACADE = ("pmi_law.retrieval", "pmi_law.sources")


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted name → (file, is a package's __init__)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, package)
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, source: str, package: bool, known: set[str]) -> list[tuple[str, int]]:
    """The package modules ``source`` imports at run time, as (module, line)."""
    found: list[tuple[str, int]] = []

    def target(module: str, names: list[str]) -> list[str]:
        # "from . import fusion" imports a module; "from .hits import Hit" the module hits
        subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
        return subs if subs and len(subs) == len(names) else [module]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(child: ast.AST) -> None:
        if isinstance(child, ast.Import):
            found.extend(
                (a.name, child.lineno) for a in child.names if a.name.startswith("pmi_law")
            )
        elif isinstance(child, ast.ImportFrom):
            if child.level:
                base = name.split(".") if package else name.split(".")[:-1]
                base = base[: len(base) - (child.level - 1)]
                module = ".".join(base + ([child.module] if child.module else []))
            else:
                module = child.module or ""
            if module == "pmi_law" or module.startswith("pmi_law."):
                names = [a.name for a in child.names]
                found.extend((t, child.lineno) for t in target(module, names))
        visit(child)

    visit(ast.parse(source))
    return [(t, line) for t, line in found if t != name]


def import_graph(root: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    modules = _modules(root)
    known = set(modules)
    return {
        name: imports_of(name, path.read_text(encoding="utf-8"), package, known)
        for name, (path, package) in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan), each a set of nodes that
    import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def unit_of(module: str, root: Path = PACKAGE) -> str:
    """A module's floor: its subpackage (pmi_law.retrieval) or itself (pmi_law.library)."""
    parts = module.split(".")
    if len(parts) >= 2 and (root / parts[1]).is_dir():
        return ".".join(parts[:2])
    return module


def _edges(graph: dict[str, list[tuple[str, int]]], unit: bool = False) -> dict[str, set[str]]:
    known = set(graph)
    out: dict[str, set[str]] = {}
    for source, targets in graph.items():
        a = unit_of(source) if unit else source
        out.setdefault(a, set())
        for t, _ in targets:
            if t not in known:
                continue
            b = unit_of(t) if unit else t
            if a != b:
                out[a].add(b)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, list[tuple[str, int]]]:
    return import_graph()


# -- the walker, on snippets ------------------------------------------------------------

KNOWN = {"pmi_law.library", "pmi_law.retrieval", "pmi_law.retrieval.search", "pmi_law.errors"}


@pytest.mark.parametrize(
    ("name", "package", "source", "expected"),
    [
        ("pmi_law.cli", False, "from .library import Library", ["pmi_law.library"]),
        (
            "pmi_law.cli",
            False,
            "def f():\n    from .retrieval.search import Searcher\n",
            ["pmi_law.retrieval.search"],
        ),
        ("pmi_law.cli", False, "if TYPE_CHECKING:\n    from .retrieval import search\n", []),
        (
            "pmi_law.cli",
            False,
            "import typing\nif typing.TYPE_CHECKING:\n    import pmi_law.library\n"
            "else:\n    import pmi_law.errors\n",
            ["pmi_law.errors"],
        ),
        ("pmi_law.retrieval.hits", False, "from . import search", ["pmi_law.retrieval.search"]),
        ("pmi_law.retrieval", True, "from .search import Hit", ["pmi_law.retrieval.search"]),
        ("pmi_law.retrieval.hits", False, "from ..errors import QueryError", ["pmi_law.errors"]),
        ("pmi_law.cli", False, "import json\nfrom typer import Typer\n", []),
        ("pmi_law.cli", False, "from pmi_law import Hit", ["pmi_law"]),
    ],
)
def test_walker_reads_runtime_imports(name, package, source, expected):
    assert [t for t, _ in imports_of(name, source, package, KNOWN)] == expected


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# -- the package ---------------------------------------------------------------------------


def test_the_walker_sees_the_whole_package(graph):
    assert {"pmi_law.cli", "pmi_law.library", "pmi_law.serve.api"} <= set(graph)
    assert len(graph) > 50
    # the lazy imports inside functions count: the Library loads the searcher in one
    assert "pmi_law.retrieval.search" in {t for t, _ in graph["pmi_law.library"]}


def test_no_import_cycle_between_modules(graph):
    assert cycles(_edges(graph)) == []


def test_no_import_cycle_between_subpackages(graph):
    assert cycles(_edges(graph, unit=True)) == []


def test_front_ends_go_through_the_library(graph):
    around = [
        f"{source}:{line} imports {target}"
        for source, targets in sorted(graph.items())
        if source.startswith(FRONT_ENDS)
        for target, line in targets
        if target.startswith(BELOW_THE_FACADE)
    ]
    assert around == []


def test_retrieval_never_calls_back_into_the_library(graph):
    """Not even for its types: the searcher is built from plain data."""
    for source, (path, _) in _modules(PACKAGE).items():
        if source.startswith(BELOW_THE_FACADE):
            assert "pmi_law.library" not in path.read_text(encoding="utf-8"), source
