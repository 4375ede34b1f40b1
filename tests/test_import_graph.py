"""The import graph of `api/` has no cycle: layers stay layers (docs/architecture.md).

Every module of `api/` is parsed with `ast` (nothing is imported), and every import counts:
top-level ones, function-local ones and those under `if TYPE_CHECKING:` alike, so a cycle
cannot hide in a function body. `from api.x import y` is an edge to `api.x.y` when that is a
module, to `api.x` otherwise.

Two graphs are checked:
- modules: no cycle at all;
- packages (`api.parcours`, `api.core`, top-level modules such as `api.main`): no cycle once
  the edges into a `models` module are set aside. The tables are one schema, linked by foreign
  keys and relationships both ways (a parcours names its salarié, a salarié's queries join
  parcours): reading another feature's table is not depending on its rules.
And two layers: `api.referentiel` imports nothing of the project; `api.core` imports no feature,
except the tables its metrics read at scrape time (`CORE_READS`).
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

API = Path(__file__).resolve().parent.parent / "api"

# What api.core may import of the features: the tables /metrics counts (backlogs, daily jobs).
CORE_READS = {"api.rgpd.models", "api.webhooks.models"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(API.rglob("*.py")):
        parts = list(path.relative_to(API.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def module_graph() -> dict[str, set[str]]:
    """Module -> the modules of `api` it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str | None] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(_resolve(a.name, modules) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    targets.add(full if full in modules else _resolve(source, modules))
        graph[name] = {t for t in targets if t and t.startswith("api.") and t != name}
    return graph


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def package_graph(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {package_of(m): set() for m in graph}
    for module, targets in graph.items():
        for target in targets:
            if target.rpartition(".")[2] == "models":
                continue
            if package_of(target) != package_of(module):
                packages[package_of(module)].add(package_of(target))
    return packages


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A shortest cycle of the graph (first node repeated at the end), or None."""
    best: list[str] | None = None
    for start in sorted(graph):
        parents: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if start in graph.get(node, ()):
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                cycle = [*reversed(path), start]
                if best is None or len(cycle) < len(best):
                    best = cycle
                break
            for target in sorted(graph.get(node, ())):
                if target not in parents and target != start:
                    parents[target] = node
                    queue.append(target)
    return best


def test_the_module_graph_has_no_cycle() -> None:
    graph = module_graph()
    cycle = find_cycle(graph)
    edges = sum(len(t) for t in graph.values())
    print(f"\nimport graph: {len(graph)} modules, {edges} edges, ", end="")
    assert cycle is None, "import cycle: " + " -> ".join(cycle)
    print("no cycle")


def test_the_package_graph_has_no_cycle() -> None:
    packages = package_graph(module_graph())
    cycle = find_cycle(packages)
    edges = sum(len(t) for t in packages.values())
    print(f"\npackage graph (edges into models set aside): {len(packages)} packages, ", end="")
    print(f"{edges} edges, ", end="")
    assert cycle is None, "package cycle: " + " -> ".join(cycle)
    print("no cycle")


def test_the_vocabulary_and_core_stay_below_the_features() -> None:
    graph = module_graph()
    for module, targets in graph.items():
        if package_of(module) == "api.referentiel":
            outside = {t for t in targets if package_of(t) != "api.referentiel"}
            assert not outside, f"{module} imports {sorted(outside)}"
        if package_of(module) == "api.core":
            features = {t for t in targets if package_of(t) not in ("api.core", "api.referentiel")}
            features -= CORE_READS | {"api.settings"}
            assert not features, f"{module} imports {sorted(features)}"


def test_the_check_sees_function_local_imports_and_finds_cycles() -> None:
    graph = module_graph()
    # A function-local import counts: the CLI imports its commands' modules in their bodies.
    assert "api.rgpd.jobs" in graph["api.cli"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
