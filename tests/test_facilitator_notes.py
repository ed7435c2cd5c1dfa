"""The facilitator notes send a trainer only to things that are there.

Reads the built notes (glued names resolved) and checks every name in italics against
what the trainer app shows (``scripts/trainer-app`` serves the calculators' web pages): a
calculator's title, or a text on its page, on one of its worked examples' pages
(``Worked example: <title>``) or on a comparison of two scenarios: buttons, links,
headings, labels. The notes' prose holds no hand-typed
figure: numbers come from glue (time plans, list numbers and chapter numbers aside).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from guidance.calculators import DEFINITIONS
from guidance.files.scenarios import shipped_scenarios
from guidance.frontends.web.app import Settings, create_app

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "book" / "facilitator-notes.md"


class Emphasis(HTMLParser):
    """The text of every <em> in the page's article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "em":
            self._depth += 1
            self._text = []

    def handle_endtag(self, tag):
        if tag == "em" and self._depth:
            self._depth -= 1
            self.found.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._depth:
            self._text.append(data)


def _words(page: str) -> list[str]:
    """The texts of a page: each run of text between tags, white space collapsed."""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return [" ".join(html.unescape(part).split()) for part in re.split(r"<[^>]+>", body)]


@pytest.fixture(scope="module")
def on_screen() -> set[str]:
    """What the trainer app's web pages show: every calculator's page, each of its worked
    examples and a comparison of two scenarios (texts, buttons, links, headings)."""
    found: set[str] = set()
    with TestClient(create_app(Settings(port=8000)), base_url="http://127.0.0.1:8000") as c:
        for name in DEFINITIONS:
            page = c.get(f"/calculators/{name}").text
            found.update(_words(page))
            for href in re.findall(r'href="([^"]*(?:\?|&amp;)example=[^"]*)"', page):
                found.update(_words(c.get(html.unescape(href)).text))
            compare = re.findall(r'href="(/calculators/[^"]*/compare\?[^"]*)"', page)
            if compare:
                found.update(_words(c.get(html.unescape(compare[-1])).text))
    return found


def test_every_named_scenario_button_and_calculator_exists(built_html, on_screen):
    scan = Emphasis()
    scan.feed((built_html / "book" / "facilitator-notes.html").read_text(encoding="utf-8"))
    titles = {d.title for d in DEFINITIONS.values()}
    missing = []
    shown = {s.replace("’", "'") for s in on_screen}
    for name in scan.found:
        name = name.replace("’", "'")  # the book's typographic apostrophes
        if name in titles or name == "et al." or name in shown:
            continue
        if f"Worked example: {name}" in shown:
            continue  # named as the example's page shows it, without its prefix
        missing.append(name)
    assert scan.found, "no names in italics found in the notes"
    assert not missing, f"the notes name what the trainer app does not show: {missing}"


def test_fair_start_scotland_example_is_shipped():
    titles = {s.title for s in shipped_scenarios("service_sizing").values()}
    assert "Fair Start Scotland review estimate" in titles


def test_notes_prose_has_no_hand_typed_figures():
    text = NOTES.read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text.split("\n---\n", 1)[1], flags=re.DOTALL)
    typed = []
    for line in prose.splitlines():
        if line.startswith(("|", "#", "---")) or not line.strip():
            continue
        line = re.sub(r"\{glue:text\}`[^`]*`|\{cite:p\}`[^`]*`|\{doc\}`[^`]*`", "", line)
        line = re.sub(r"^\s*\d+\.\s", "", line)  # a numbered list
        allowed = r"\b[Cc]hapter \d\b|\bExercise \d\b|\b100%|\bCtrl|multiple above 1\b"
        allowed += r"|\b(?:January|February|March|April|May|June|July|August|September"
        allowed += r"|October|November|December) \d{4}\b"  # a source's dates, not figures
        line = re.sub(allowed, "", line)
        typed += re.findall(r"£?\d[\d,.]*%?", line)
    assert not typed, f"figures typed into the notes instead of glued: {typed}"
