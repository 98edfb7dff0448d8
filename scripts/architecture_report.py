"""Measures how the code's parts depend on each other, for docs/architecture.md and reviews.

    python scripts/architecture_report.py [SRC_DIR]      (default: src/vermilion)

Prints, for the package under SRC_DIR:
- imports of project code made inside function bodies (TYPE_CHECKING blocks aside), in all and
  between top-level packages, and which of them sit outside the places allowed to defer an import
  (the wiring app, the CLI, the demo, and an AppConfig.ready that Django makes wait for the registry);
- pairs of top-level packages that import each other, counting imports anywhere in a module;
- signal receivers (`@receiver(...)` and `<signal>.connect(...)`), by signal;
- parameters naming a person (viewer, user, author, …) annotated with `Any`.

`lint-imports` (pyproject.toml) enforces the layers; this prints the numbers behind them.
"""

from __future__ import annotations

import ast
import collections
import re
import sys
from pathlib import Path

PERSON = re.compile(r"^(viewer|user|users|actor|author|sender|recipient|reporter|moderator|owner|reader|who|me|target"
                    r"|follower|followee|appellant)$")
ALLOWED_DEFERRED = ("wiring", "cli", "demo")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def top_of(module: str, package: str) -> str | None:
    parts = module.split(".")
    if parts[0] != package:
        return None
    return parts[1] if len(parts) > 1 else package


def resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def enclosing(parents: dict[ast.AST, ast.AST], node: ast.AST) -> tuple[list[ast.AST], bool]:
    chain, type_checking = [], False
    while node in parents:
        node = parents[node]
        chain.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_checking = True
    return chain, type_checking


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "src/vermilion").resolve()
    package = root.name
    deferred: list[tuple[str, int, str, bool, bool]] = []
    edges: dict[str, set[str]] = collections.defaultdict(set)
    receivers: collections.Counter[str] = collections.Counter()
    any_people: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(root, path)
        source_top = top_of(module, package) or ""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([resolve(node, module, path.name == "__init__.py")] if isinstance(node, ast.ImportFrom)
                         else [alias.name for alias in node.names])
                chain, type_checking = enclosing(parents, node)
                if type_checking:
                    continue
                functions = [n for n in chain if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                for name in names:
                    target_top = top_of(name, package)
                    if target_top is None:
                        continue
                    if target_top != source_top:
                        edges[source_top].add(target_top)
                    if functions:
                        in_ready = any(f.name == "ready" for f in functions) and path.name == "apps.py"
                        allowed = source_top in ALLOWED_DEFERRED or in_ready
                        deferred.append((str(path.relative_to(root.parent)), node.lineno, name,
                                         target_top != source_top, allowed))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("receiver"):
                        receivers[ast.unparse(decorator.args[0]) if decorator.args else "?"] += 1
                for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                    if PERSON.match(arg.arg) and arg.annotation is not None and "Any" in ast.unparse(arg.annotation):
                        any_people.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name}({arg.arg})")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect":
                owner = ast.unparse(node.func.value)
                if owner.endswith(("_save", "_delete", "_created", "_ready", "_failed", "_published", "_edited",
                                   "request_started", "request_finished")):
                    receivers[owner] += 1
    pairs = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, set())})
    between = [d for d in deferred if d[3]]
    outside = [d for d in deferred if not d[4]]
    print(f"imports of project code inside functions: {len(deferred)} ({len(between)} between packages)")
    print(f"  outside the wiring app, the CLI, the demo and AppConfig.ready: {len(outside)}")
    for path, line, name, _between, _allowed in outside:
        print(f"    {path}:{line} {name}")
    print(f"pairs of packages importing each other: {len(pairs)}")
    for a, b in pairs:
        print(f"    {a} <-> {b}")
    print(f"signal receivers: {sum(receivers.values())}")
    for signal, count in sorted(receivers.items()):
        print(f"    {signal}: {count}")
    print(f"person parameters typed Any: {len(any_people)}")
    for item in any_people:
        print(f"    {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
