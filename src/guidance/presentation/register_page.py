"""The evidence register as a reader's page: one entry per figure, filterable, fit for A4.

Each figure is one row of four columns, every one of which wraps, so the table needs no
horizontal scrolling at 1280 pixels and prints on portrait A4:

* the figure: what it describes, its population and model, and its register key;
* its value and unit, at the precision its source published;
* its source: a short author-year citation linking to the reference list (and the
  publisher's page where the reference has one), the year, the table or section, and
  whether the value is published or derived;
* the chapters that use it, and the register's note.

Each row carries ``data-chapters`` and ``data-source`` so that the page's filter form
(``guidance-register.js``, which only enhances: without it every row shows) can show the
figures of one chapter or one source.

Example
-------
>>> from guidance.core.evidence import load_register
>>> page = register_html(load_register(), {3: 'ev.value("fss.reach_per_year")'})
>>> 'data-chapters="3"' in page and "Social Finance, 2020" in page
True
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
from collections.abc import Mapping
from pathlib import Path

from ..core.evidence import Register, short_citation
from .citations import cite_html
from .formatting import format_published

__all__ = ["chapter_text", "chapters_using", "register_html"]

_IMPORT = re.compile(r"from (guidance(?:\.\w+)+) import (?:\(([^)]*)\)|([\w ,]+))")
_CALCULATOR = re.compile(r"""calculator\(["'](\w+)["']\)""")
_PREFIX = re.compile(r"""["']([a-z0-9_]+(?:\.[a-z0-9_]+)*\.)(?=["'{])""")


def chapter_text(path: str | Path) -> str:
    """A chapter's text with the source of what it uses from the package.

    That is the chapter file, plus the source of every function or class it imports from
    ``guidance`` and of every calculator it shows (``calculator("name")``), so a figure a
    chapter reaches through the package counts as used by it.
    """
    from ..calculators import get

    body = Path(path).read_text(encoding="utf-8")
    parts = [body]
    for module_name, grouped, names in _IMPORT.findall(body):
        module = importlib.import_module(module_name)
        for name in re.findall(r"\w+", grouped or names):
            found = getattr(module, name, None)
            if inspect.isfunction(found) or inspect.isclass(found):
                parts.append(inspect.getsource(found))
    for name in _CALCULATOR.findall(body):
        parts.append(inspect.getsource(inspect.getmodule(get(name).compute)))
    return "\n".join(parts)


def chapters_using(register: Register, texts: Mapping[int, str]) -> dict[str, tuple[int, ...]]:
    """Which chapters use each register key, from the text of each chapter.

    A chapter uses a key if its text names the key, or names a prefix of it in quotes
    (``"fss.region."``, ``f"kpi.{model}..."``).

    >>> from guidance.core.evidence import load_register
    >>> used = chapters_using(load_register(), {1: 'ev.value("ndti.all.cost_per_person")'})
    >>> used["ndti.all.cost_per_person"], used["fss.reach_per_year"]
    ((1,), ())
    """
    found: dict[str, list[int]] = {row.key: [] for row in register}
    for chapter, body in sorted(texts.items()):
        prefixes = set(_PREFIX.findall(body))
        for row in register:
            if row.key in body or any(row.key.startswith(p) for p in prefixes):
                found[row.key].append(chapter)
    return {key: tuple(chapters) for key, chapters in found.items()}


def _chapters_words(chapters: tuple[int, ...]) -> str:
    if not chapters:
        return "this register only"
    return ("Chapter " if len(chapters) == 1 else "Chapters ") + ", ".join(map(str, chapters))


def register_html(register: Register, texts: Mapping[int, str]) -> str:
    """The register as a filterable HTML table (see the module's description)."""
    used = chapters_using(register, texts)
    rows = []
    for row in register:
        value = html.escape(format_published(row.value, row.unit, row.decimals))
        kind = "derived from a published table" if row.derived else "published"
        chapters = used[row.key]
        describe = cite_html(row.description)
        extra = html.escape(f"{row.population}; model: {row.model}")
        rows.append(
            f'<tr data-chapters="{" ".join(map(str, chapters))}" '
            f'data-source="{html.escape(row.source)}">'
            f"<td>{describe}<br><small>{extra}<br>key: {html.escape(row.key)}</small></td>"
            f"<td>{value}<br><small>{html.escape(row.unit)}</small></td>"
            f"<td>{cite_html(row.source, publisher=True)}<br><small>year {row.year}; "
            f"{html.escape(row.location)}; {kind}</small></td>"
            f"<td>{html.escape(_chapters_words(chapters))}"
            + (f"<br><small>{cite_html(row.note)}</small>" if row.note else "")
            + "</td></tr>"
        )
    chapter_options = sorted({c for cs in used.values() for c in cs})
    sources = sorted({row.source for row in register}, key=short_citation)
    options_c = "".join(f'<option value="{c}">Chapter {c}</option>' for c in chapter_options)
    options_s = "".join(
        f'<option value="{html.escape(s)}">{html.escape(short_citation(s))}</option>'
        for s in sources
    )
    form = (
        '<form class="guidance-register-filter" hidden>'
        '<label for="register-chapter">Chapter</label> '
        f'<select id="register-chapter"><option value="">every chapter</option>{options_c}'
        "</select> "
        '<label for="register-source">Source</label> '
        f'<select id="register-source"><option value="">every source</option>{options_s}'
        '</select> <output id="register-count" aria-live="polite"></output></form>'
    )
    return (
        form + '<table class="guidance-register">'
        f"<caption>All {len(register)} figures in the evidence register</caption>"
        '<thead><tr><th scope="col">Figure</th><th scope="col">Value and unit</th>'
        '<th scope="col">Source, year, table or section</th>'
        '<th scope="col">Used in, and note</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
