"""Words a commissioner uses (issue 17): every calculator is rendered as its live widget
shows it (JupyterLab, a chapter run live) and its labels, buttons, options, messages,
table headings and chart descriptions are scanned for code-like tokens: snake_case names,
CamelCase names, "GBP", parenthesised identifiers and words from code (nan, inf, None,
True, False, "got")."""

from __future__ import annotations

import re

import ipywidgets as w
import pytest

from guidance.calculators import DEFINITIONS
from guidance.frontends.widgets import calculator
from guidance.presentation.render import text

CODE = {
    "snake_case": re.compile(r"\b[A-Za-z]+_[A-Za-z0-9_]+\b"),
    "CamelCase": re.compile(r"\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z][a-z]+[A-Z][a-z]+[A-Za-z]*\b"),
    "GBP": re.compile(r"\bGBP\b"),
    "parenthesised identifier": re.compile(r"\(\s*[A-Za-z_]+\s*[\[(=]|\(\s*[a-z]+_[a-z_]+\s*\)"),
    "word from code": re.compile(r"\b(nan|inf|None|True|False|got)\b"),
}
"""What gives away a name from the code."""

# Proper names that look like CamelCase (none needed yet; add a name, never a pattern).
PROPER_NAMES: set[str] = set()


def code_tokens(words: str) -> list[tuple[str, str]]:
    """(kind, token) for every code-like token in ``words``."""
    return [
        (kind, m.group(0))
        for kind, pattern in CODE.items()
        for m in pattern.finditer(words)
        if m.group(0) not in PROPER_NAMES
    ]


def test_the_scanner_finds_what_the_issue_found():
    for words in (
        "value must be a finite number; got nan",
        "names like (in_contact) or (scores['caseload_size'])",
        "FSS GBP 6m",
        "CreamingParking",
    ):
        assert code_tokens(words), words
    assert not code_tokens("People in contact with services must be a whole number.")


def _shown(widget) -> list[tuple[str, str]]:
    """Every label, button, tooltip and option a widget tree puts on screen."""
    out: list[tuple[str, str]] = []
    if isinstance(widget, w.Button):
        out += [("button", widget.description), ("tooltip", widget.tooltip or "")]
    elif isinstance(getattr(widget, "description", None), str):
        out.append(("label", widget.description))
    if isinstance(widget, w.Dropdown):
        out += [("option", str(o[0] if isinstance(o, tuple) else o)) for o in widget.options]
    for child in getattr(widget, "children", ()):
        out += _shown(child)
    return out


def _result_words(calc) -> list[tuple[str, str]]:
    r = calc.result
    out = [("summary", text(r.summary))]
    for t in r.tables:
        out += [("caption", text(t.caption))] + [("table heading", c.label) for c in t.columns]
    out += [("check", c.label) for c in r.checks]
    out += [("note heading", n.heading) for n in r.notes]
    out += [("chart description", text(f.alt)) for f in r.figures]
    return out


def _messages(calc) -> list[tuple[str, str]]:
    """The message under each number box for text, empty, too small, too big, a decimal."""
    out = []
    for item in calc.definition.inputs:
        if item.kind not in ("number", "integer", "percent"):
            continue
        for typed in ("lots", "", "-1e9", "1e308", "nan", "inf") + (
            ("1.5",) if item.kind == "integer" else ()
        ):
            calc.type_value(item.name, typed)  # refused: nothing is recomputed
            out.append(("message under the box", calc.input_messages.get(item.name, "")))
            out.append(("results message", calc.message))
            assert item.name in calc.input_messages, (item.name, typed)
    return out


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_word_on_a_calculator_is_a_commissioners_word(name):
    calc = calculator(name)
    shown = _shown(calc.widget) + _result_words(calc) + _messages(calc)
    shown.append(("calculator title", calc.title))
    found = [
        (where, kind, token, words) for where, words in shown for kind, token in code_tokens(words)
    ]
    assert not found, found
