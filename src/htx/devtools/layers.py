"""The layering check: ``python -m htx.devtools.layers`` fails when the floors are crossed.

Two rules, read from the source (every ``import``, including the ones inside functions, since
a lazy import is still a dependency):

1. a domain folder (``geo``, ``stats``, ``registry``, ``fund``, ``programs``, ``ingest``,
   ``validate``, ``reports``, ``classify``, ``workflow``, ``survey``) imports neither
   ``htx.db``, ``htx.web``, ``htx.cli``, ``htx.services`` nor ``htx.bootstrap``;
2. packages do not import each other in a loop.

A feature's command-line module (``htx/<feature>/cli.py``) is an entry point like
``htx/cli.py``, not part of the domain folder: it counts as its own node ``<feature>.cli``.
The import graph is computed by hand with :mod:`ast` (a few lines; ``import-linter`` would
need a second configuration language for the same two rules).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DOMAIN = ("geo", "stats", "registry", "fund", "programs", "ingest", "validate", "reports",
          "classify", "workflow", "survey")
UPPER = ("db", "web", "cli", "services", "bootstrap")
ENTRY_MODULES = ("cli",)  # htx/<feature>/cli.py are entry points, nodes of their own

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Import:
    module: str  # importing module, e.g. "htx.stats.figures"
    target: str  # imported module, e.g. "htx.db.facts_repo"
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str, root: Path) -> bool:
    rel = Path(*name.split(".")[1:]) if "." in name else Path()
    base = root / rel
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path: Path, root: Path) -> Iterable[Import]:
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "htx":
                    yield Import(me, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "htx":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield Import(me, sub if _is_module(sub, root) else base, node.lineno)


def node_of(module: str) -> str:
    """The graph node of a module: its top folder (``stats``), or ``<feature>.cli``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "htx"
    if len(parts) >= 3 and parts[2] in ENTRY_MODULES:
        return f"{parts[1]}.{parts[2]}"
    return parts[1]


def all_imports(root: Path = ROOT) -> list[Import]:
    out: list[Import] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        out.extend(imports_of(path, root))
    return out


def crossings(imports: Iterable[Import]) -> list[str]:
    """Rule 1: domain folders importing an upper floor."""
    out = []
    for imp in imports:
        src, dst = node_of(imp.module), node_of(imp.target)
        if src in DOMAIN and dst in UPPER:
            out.append(f"{imp.module}:{imp.line} imports {imp.target} (the domain stays below db/web/cli)")
    return out


def package_graph(imports: Iterable[Import]) -> dict[str, dict[str, Import]]:
    """node → {imported node: one import that makes the edge} (for the message)."""
    graph: dict[str, dict[str, Import]] = defaultdict(dict)
    for imp in imports:
        src, dst = node_of(imp.module), node_of(imp.target)
        if src != dst and dst != "htx":
            graph[src].setdefault(dst, imp)
    return graph


def loops(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Rule 2: the strongly connected groups of more than one package (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def problems(root: Path = ROOT) -> list[str]:
    imports = all_imports(root)
    out = crossings(imports)
    graph = package_graph(imports)
    for group in loops(graph):
        edges = [f"{graph[a][b].module}:{graph[a][b].line} → {graph[a][b].target}"
                 for a in group for b in group if b in graph.get(a, {})]
        out.append(f"packages import each other in a loop: {', '.join(group)} ({'; '.join(edges)})")
    return out


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} layering problem(s)", file=sys.stderr)
        return 1
    print("layers: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
