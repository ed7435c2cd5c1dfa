"""Layers import one way, and the folder says the layer.

``src/guidance/`` has one folder per layer, lowest first::

    core/  <-  calculators/  <-  presentation/  <-  files/  <-  frontends/

Every module of the package is read as source (an AST walk, so an import inside a
function counts as much as one at the top) and each ``guidance`` import must point at the
same layer or a lower one; ``from guidance import X`` counts as an import of ``X``.
Outside libraries have a lowest layer too: matplotlib from presentation up, openpyxl and
python-docx from files up, ipywidgets and web frameworks in front ends only. The package
root (its version) and ``__main__`` (``python -m guidance``) are the only modules outside
the folders.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "guidance"

LAYERS = ("core", "calculators", "presentation", "files", "frontends")
"""Lowest first: a module may import from its own layer and the ones before it."""

ROOT_MODULES = {"": "core", "__main__": "frontends"}
"""The package root holds only the version; ``__main__`` starts the command line."""

LOWEST = {
    "matplotlib": "presentation",
    "openpyxl": "files",
    "docx": "files",
    "ipywidgets": "frontends",
    "jupyter_server": "frontends",
    "tornado": "frontends",
    "starlette": "frontends",
    "fastapi": "frontends",
    "flask": "frontends",
    "uvicorn": "frontends",
    "jinja2": "frontends",
}
"""Outside library -> the lowest layer that may import it."""


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def layer_of(module: str) -> str | None:
    """The layer of a module (dotted, without ``guidance.``): its top folder.

    >>> layer_of("core.payments.simulation"), layer_of("frontends.cli"), layer_of("plots")
    ('core', 'frontends', None)
    """
    if module in ROOT_MODULES:
        return ROOT_MODULES[module]
    top = module.split(".")[0]
    return top if top in LAYERS else None


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, inside functions too.

    ``from pkg import name`` gives ``pkg.name`` (the name may be a module: a check that
    keeps only what exists sees ``pkg`` when it is not); relative imports are resolved
    against the module's package.
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
                target = "guidance." + ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            target = target.rstrip(".")
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def _target(imported: str, modules: dict[str, Path]) -> str | None:
    """The package module an import names: the longest existing module it starts with."""
    if imported != "guidance" and not imported.startswith("guidance."):
        return None
    name = imported[len("guidance.") :] if imported != "guidance" else ""
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in modules else ""


def problems(module: str, path: Path, modules: dict[str, Path]) -> list[str]:
    """Every import of ``module`` (at ``path``) that points up the layers."""
    own = LAYERS.index(layer_of(module))
    wrong = []
    for line, imported in imports_of(module, path):
        root = imported.split(".")[0]
        if root in LOWEST and LAYERS.index(LOWEST[root]) > own:
            wrong.append(f"line {line}: imports {root} ({LOWEST[root]} and up only)")
        target = _target(imported, modules)
        if target is None or layer_of(target) is None:
            continue
        if LAYERS.index(layer_of(target)) > own:
            wrong.append(
                f"line {line}: {LAYERS[own]} module imports {imported} ({layer_of(target)})"
            )
    return wrong


MODULES = _modules()


def test_every_module_is_in_a_layer_folder():
    stray = [m or "guidance" for m in MODULES if layer_of(m) is None]
    assert not stray, f"put these modules in a layer folder ({', '.join(LAYERS)}): {stray}"


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda m: m or "guidance")
def test_imports_point_down_the_layers(module):
    wrong = problems(module, MODULES[module], MODULES)
    assert not wrong, f"guidance.{module}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "files.scenarios",
            "def f():\n    from ..frontends.widgets.base import Calculator\n",
            "files module imports guidance.frontends.widgets.base.Calculator (frontends)",
        ),
        (
            "core.sizing",
            "from guidance import frontends\n",
            "core module imports guidance.frontends (frontends)",
        ),
        (
            "core.sizing",
            "from guidance.frontends import cli\n",
            "core module imports guidance.frontends.cli (frontends)",
        ),
        ("core.sizing", "import matplotlib.pyplot as plt\n", "imports matplotlib"),
        ("calculators.ramp_up", "from matplotlib.figure import Figure\n", "imports matplotlib"),
        ("presentation.render", "from openpyxl import Workbook\n", "imports openpyxl"),
        ("presentation.render", "import docx\n", "imports docx"),
        ("files.exports", "import ipywidgets\n", "imports ipywidgets"),
        ("calculators.spec", "from ..presentation import render\n", "(presentation)"),
    ],
)
def test_the_check_catches_a_wrong_import(tmp_path, module, source, expected):
    """Each kind of wrong import is caught: upward, absolute, and an outside library."""
    bad = tmp_path / "bad.py"
    bad.write_text(source)
    found = problems(module, bad, MODULES)
    assert found and expected in found[0], found


def test_a_right_import_passes(tmp_path):
    good = tmp_path / "good.py"
    good.write_text("from guidance.core import sizing\nfrom ..calculators import get\n")
    assert problems("presentation.render", good, MODULES) == []


def test_importing_the_package_leaves_matplotlib_alone():
    """No import-time side effects: no backend chosen, no pyplot state (figures are Figure
    objects)."""
    code = (
        "import sys, matplotlib\n"
        "matplotlib.use = lambda *a, **k: sys.exit('matplotlib.use called on import')\n"
        "import guidance.presentation.plots, guidance.presentation.figures\n"
        "import guidance.files.exports\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
