"""The package reference (book/appendix-api.md and its page per layer) covers the package.

Its modules and calculator tables are generated when the book is built
(``book/_ext/guidance_reference.py``); these tests read the built page.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from guidance.calculators import DEFINITIONS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from guidance_reference import public_modules  # noqa: E402  (the book's own extension)

PAGE = "book/appendix-api.html"  # the calculators' inputs; a page per layer follows
LAYERS = ("core", "calculators", "presentation", "files", "frontends")
PLAIN_QUOTES = str.maketrans(
    dict.fromkeys("\u2018\u2019", "'") | dict.fromkeys("\u201c\u201d", '"')
)


def _page(built_html: Path) -> str:
    return (built_html / PAGE).read_text(encoding="utf-8")


def test_every_public_module_is_documented_on_its_layers_page(built_html):
    documented = set(re.findall(r'id="module-(guidance[\w.]*)"', _page(built_html)))
    for layer in LAYERS:
        page = (built_html / f"book/appendix-api-{layer}.html").read_text(encoding="utf-8")
        found = set(re.findall(r'id="module-(guidance[\w.]*)"', page))
        assert found, f"no module on the {layer} page"
        assert all(m.startswith(f"guidance.{layer}") for m in found), (layer, sorted(found))
        documented |= found
    modules = set(public_modules("guidance"))
    assert len(modules) > 70
    assert modules <= documented, f"missing from the appendix: {sorted(modules - documented)}"


def test_every_calculator_input_is_in_its_table(built_html):
    text = html.unescape(re.sub(r"<[^>]+>", " ", _page(built_html)))
    text = " ".join(text.translate(PLAIN_QUOTES).split())
    for d in DEFINITIONS.values():
        assert f"{d.title} ( {d.name} , chapter {d.chapter}" in text, d.name
        for item in d.inputs:
            assert f"{item.name} {' '.join(item.label.split())} {item.kind}" in text, (
                d.name,
                item.name,
            )
            assert " ".join(d.source(item.name).split()) in text, (d.name, item.name)


def test_the_module_list_is_walked_not_kept_by_hand():
    modules = public_modules("guidance")
    assert "guidance.core.payments.mechanisms" in modules
    assert "guidance.calculators.service_sizing" in modules
    assert not [m for m in modules if any(p.startswith("_") for p in m.split("."))]
