"""Layers import one way: calculations <- definitions <- presentation <- files <- front ends.

Every module of the package is read as source (an AST walk, so an import inside a
function counts as much as one at the top) and each ``guidance`` import must point at the
same layer or a lower one. Only the front ends may import ipywidgets. A new module must be
given a layer here (the test fails until it is), so the map in CONTRIBUTING.md stays true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "guidance"

LAYERS = ("calculations", "definitions", "presentation", "files", "front ends")
"""Lowest first: a module may import from its own layer and the ones before it."""

# Module (dotted, without "guidance.") or package prefix ending in "." -> layer.
MAP = {
    "": "calculations",  # the package's __init__ (its version only)
    "validation": "calculations",
    "evidence": "calculations",
    "sizing": "calculations",
    "kpis": "calculations",
    "conditions": "calculations",
    "benchmarking": "calculations",
    "models": "calculations",
    "ledger": "calculations",
    "wellbeing": "calculations",
    "fidelity": "calculations",
    "monitoring": "calculations",
    "monitoring.": "calculations",
    "payments": "calculations",
    "payments.": "calculations",
    "economics": "calculations",
    "economics.": "calculations",
    "calculators": "definitions",
    "calculators.": "definitions",
    "formatting": "presentation",
    "display": "presentation",
    "plots": "presentation",
    "livefigure": "presentation",
    "applink": "presentation",
    "presentation": "presentation",
    "presentation.": "presentation",
    "scenarios": "files",
    "exports": "files",
    "economic_report": "files",
    "widgets": "front ends",
    "widgets.": "front ends",
    "cli": "front ends",
    "__main__": "front ends",
}
FRONT_ENDS_ONLY = ("ipywidgets", "voila", "jupyter_server", "tornado")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def layer_of(module: str) -> str | None:
    """The layer of a module (dotted, without ``guidance.``); None if it has none."""
    if module in MAP:
        return MAP[module]
    prefixes = [p for p in MAP if p.endswith(".") and module.startswith(p)]
    return MAP[max(prefixes, key=len)] if prefixes else None


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, inside functions too.

    ``guidance`` imports are given without the ``guidance.`` prefix; relative imports are
    resolved against the module's package.
    """
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = [p for p in package if p]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # "from . import x": each name may be a module
                    found += [
                        (node.lineno, "guidance." + ".".join(base + [a.name]).strip("."))
                        for a in node.names
                    ]
                    continue
                found.append((node.lineno, "guidance." + target if target else "guidance"))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _target(imported: str, modules: dict[str, Path]) -> str | None:
    """The package module an import names (a "from pkg import name" may name a module)."""
    if imported != "guidance" and not imported.startswith("guidance."):
        return None
    name = imported[len("guidance.") :] if imported != "guidance" else ""
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in modules else ""


MODULES = _modules()


def test_every_module_has_a_layer():
    missing = [m or "guidance" for m in MODULES if layer_of(m) is None]
    assert not missing, f"give these modules a layer in tests/test_layers.py MAP: {missing}"


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda m: m or "guidance")
def test_imports_point_down_the_layers(module):
    own = LAYERS.index(layer_of(module))
    wrong = []
    for line, imported in imports_of(module, MODULES[module]):
        root = imported.split(".")[0]
        if root in FRONT_ENDS_ONLY and LAYERS[own] != "front ends":
            wrong.append(f"line {line}: imports {imported} (front ends only)")
        target = _target(imported, MODULES)
        if target is None or layer_of(target) is None:
            continue
        if LAYERS.index(layer_of(target)) > own:
            wrong.append(
                f"line {line}: {LAYERS[own]} module imports {imported} ({layer_of(target)})"
            )
    assert not wrong, f"guidance.{module}: " + "; ".join(wrong)


def test_the_check_catches_a_wrong_import(tmp_path):
    """A files-layer module importing the widget front end inside a function is caught."""
    bad = tmp_path / "scenarios.py"
    bad.write_text("def f():\n    from .widgets.base import Calculator\n    return Calculator\n")
    found = imports_of("scenarios", bad)
    assert found == [(2, "guidance.widgets.base")]
    target = _target(found[0][1], MODULES)
    assert LAYERS.index(layer_of(target)) > LAYERS.index(layer_of("scenarios"))
