"""The package reads as the pipeline: each layer imports only the layers below it, and no module imports itself
back through others (every import counts, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "retrieval"
BOTTOM = "bottom"  # models, config, lexicon and the package's own __init__
# What each layer may import besides itself.
ALLOWED = {
    BOTTOM: {BOTTOM},
    "ingest": {BOTTOM},
    "index": {BOTTOM, "ingest"},
    "answer": {BOTTOM, "ingest", "index"},
    "webapp": {BOTTOM, "ingest", "index", "answer"},
    "cli": {BOTTOM, "ingest", "index", "answer"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    if module == "retrieval.__main__":  # the entry point of the CLI
        return "cli"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else BOTTOM


def imports(path: Path) -> set[str]:
    """Every ``retrieval…`` module a file imports (``from retrieval.x import y`` counts y when it is a module)."""
    found: set[str] = set()
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("retrieval")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("retrieval"):
            found.add(node.module)  # importing from a package runs the package itself
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                if child in modules:
                    found.add(child)
    return found - {"retrieval"}


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_package_has_one_subpackage_per_pipeline_step() -> None:
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == set(ALLOWED) - {BOTTOM}
    for name in set(ALLOWED) - {BOTTOM}:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"retrieval/{name}/__init__.py must say what the layer may import"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_own_layer_and_the_layers_below(module: str) -> None:
    own = layer(module)
    wrong = sorted(m for m in GRAPH[module] if layer(m) != own and layer(m) not in ALLOWED[own])
    assert not wrong, f"{module} ({own}) imports {wrong}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target] if target in path else [module, target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target in GRAPH and not state.get(target):
                visit(target, path + [target])
        state[module] = 2

    for module in GRAPH:
        if not state.get(module):
            visit(module, [module])


@pytest.mark.parametrize("page", [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))], ids=lambda p: p.name)
def test_pages_only_draw_and_call_the_package(page: Path) -> None:
    """Pages hold no shared code of their own: ``pages/`` is not a package and pages import no other page."""
    assert not (REPO / "pages" / "__init__.py").exists()
    tree = ast.parse(page.read_text(encoding="utf-8"))
    local = [
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] in {"pages", "app"}
    ]
    assert not local, f"{page.name} imports page code {local}"
