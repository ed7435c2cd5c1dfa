"""Local Sphinx extension: the package reference, generated from the package itself.

Two directives keep the package reference (``book/appendix-api.md`` and its page per
layer, ``book/appendix-api-core.md`` and the rest) complete without a hand-kept list:

* ``.. guidance-modules:: guidance.core`` documents every public module under a layer's
  folder (``autodoc``'s ``automodule`` for each, found by walking the package), so a new
  module appears in the appendix without an edit;
* ``.. guidance-calculators::`` gives, for every calculator definition, a table of its
  inputs: name, label, kind, default, unit, allowed range and the default's source, each
  read from the definition (``guidance.calculators.DEFINITIONS``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def public_modules(package: str) -> list[str]:
    """The package and every module below it whose dotted name has no ``_`` part."""
    root = importlib.import_module(package)
    names = [package]
    if hasattr(root, "__path__"):
        names += [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")]
    return [n for n in names if not any(part.startswith("_") for part in n.split("."))]


class _Generated(SphinxDirective):
    def _parse(self, lines: list[str]):
        from docutils import nodes

        # The page is MyST Markdown, so the generated reStructuredText goes in an eval-rst
        # block, as a hand-written one would.
        text = ["```{eval-rst}", *lines, "```"]
        holder = nodes.container()
        self.state.nested_parse(StringList(text, source="generated"), self.content_offset, holder)
        return holder.children


class ModulesDirective(_Generated):
    """``automodule`` with ``:members:`` for every public module under one package."""

    required_arguments = 1

    def run(self):
        names = public_modules(self.arguments[0])
        lines: list[str] = []
        for name in names:
            lines += [f".. automodule:: {name}", "   :members:"]
            elsewhere = _documented_elsewhere(name, names)
            if elsewhere:
                lines.append(f"   :exclude-members: {', '.join(elsewhere)}")
            lines.append("")
        return self._parse(lines)


def _documented_elsewhere(name: str, documented: list[str]) -> list[str]:
    """Members that a package above re-exports in its ``__all__``: documented there, under
    the name the docstrings use (``guidance.core.payments.compare``), and not twice."""
    module = importlib.import_module(name)
    found = set()
    parent = name
    while "." in parent:
        parent = parent.rsplit(".", 1)[0]
        if parent not in documented:
            continue
        package = importlib.import_module(parent)
        for member in getattr(package, "__all__", ()):
            if getattr(module, member, None) is getattr(package, member):
                found.add(member)
    return sorted(found)


def _cell(text: object) -> str:
    """One line of table text; a leading "1." stays text, not a numbered list."""
    line = " ".join(str(text).split()) or "-"
    return re.sub(r"^(\d+)\.", r"\1\\.", line)


class CalculatorsDirective(_Generated):
    """One table per calculator definition: every input with its default and source."""

    def run(self):
        from guidance.calculators import DEFINITIONS

        lines: list[str] = []
        for d in sorted(DEFINITIONS.values(), key=lambda d: (d.chapter, d.title)):
            values = d.defaults()
            lines += [
                f".. rubric:: {d.title} (``{d.name}``, chapter {d.chapter}, version {d.version})",
                "",
                _cell(d.description),
                "",
                ".. list-table::",
                "   :header-rows: 1",
                "",
                "   * - Input",
                "     - Label",
                "     - Kind",
                "     - Default",
                "     - Allowed",
                "     - Source of the default",
            ]
            for item in d.inputs:
                default = values[item.name]
                if item.kind == "percent":
                    shown = f"{default * 100:g}%"
                elif item.kind in ("number", "integer"):
                    shown = item.with_unit(f"{default:,.6g}")
                else:
                    shown = str(default)
                lines += [
                    f"   * - ``{item.name}``",
                    f"     - {_cell(item.label)}",
                    f"     - {item.kind}",
                    f"     - {_cell(shown)}",
                    f"     - {_cell(item.allowed)}",
                    f"     - {_cell(d.source(item.name))}",
                ]
            lines.append("")
        return self._parse(lines)


def setup(app):
    app.add_directive("guidance-modules", ModulesDirective)
    app.add_directive("guidance-calculators", CalculatorsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
