"""Thin ipywidgets front ends over the package, one module per chapter.

Each chapter module exposes ``CALCULATORS``: a dict of calculator name -> a function with
no arguments that builds the :class:`~guidance.widgets.base.Calculator` with its defaults.
:func:`all_calculators` collects them, so the trainer app, the scenario files and the
benchmarks find every calculator without a hand-kept list.

Example
-------
>>> "service_sizing" in all_calculators()
True
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

__all__ = ["all_calculators"]


def all_calculators() -> dict[str, Callable]:
    """Every calculator factory, by name, in chapter-module order."""
    found: dict[str, Callable] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, factory in getattr(module, "CALCULATORS", {}).items():
            if name in found:
                raise ValueError(f"two calculators are named {name!r}")
            found[name] = factory
    return found
