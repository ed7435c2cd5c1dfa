"""The facilitator notes send a trainer only to things that are there.

Reads the built notes (glued names resolved) and checks every name in italics against
what the trainer app shows: a calculator's title, or a label in a calculator's trainer
panel (its buttons, its scenario list with ``Worked example: <title>`` for each shipped
scenario, its headings and fields), read from the live widgets. The notes' prose holds no hand-typed
figure: numbers come from glue (time plans, list numbers and chapter numbers aside).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guidance.calculators import DEFINITIONS
from guidance.files.scenarios import shipped_scenarios
from guidance.frontends.widgets import app as trainer
from guidance.frontends.widgets import calculator, compare

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


def _words_on_screen(widget, found: set[str]) -> set[str]:
    """Every label a trainer sees in a widget tree: buttons, options, headings, fields."""
    for attribute in ("description", "placeholder"):
        value = getattr(widget, attribute, None)
        if isinstance(value, str) and value:
            found.add(value)
    for option in getattr(widget, "options", ()) or ():
        found.add(option[0] if isinstance(option, tuple) else str(option))
    value = getattr(widget, "value", None)
    if isinstance(value, str) and "<" in value:
        found.update(" ".join(t.split()) for t in re.split(r"<[^>]+>", html.unescape(value)))
    for child in getattr(widget, "children", ()) or ():
        _words_on_screen(child, found)
    return found


@pytest.fixture(scope="module")
def on_screen(tmp_path_factory) -> set[str]:
    """What the trainer app shows for every calculator: its controls and scenario lists."""
    folder = tmp_path_factory.mktemp("trainer-files")
    found: set[str] = set()
    for name in DEFINITIONS:
        panel = trainer.TrainerPanel(calculator(name), folder=folder)
        if name == "service_sizing":  # a group's saved scenario, as "Saved: ..." in the list
            panel.title.value = "Group A"
            panel.save()
        _words_on_screen(panel.widget, found)
    # a comparison of two scenarios, as "Compare side by side" shows it
    calc = calculator("readiness_self_assessment")
    choices = [key for _, key in compare.scenario_choices(calc, folder)]
    one, two = (compare.side(calc, key, folder) for key in choices[1:3])
    found.update(re.split(r"<[^>]+>", compare.comparison_html(one, two)))
    return found


def test_every_named_scenario_button_and_calculator_exists(built_html, on_screen):
    scan = Emphasis()
    scan.feed((built_html / "book" / "facilitator-notes.html").read_text(encoding="utf-8"))
    titles = {d.title for d in DEFINITIONS.values()}
    missing = []
    for name in scan.found:
        name = name.replace("’", "'")  # the book's typographic apostrophes
        if name in titles or name == "et al." or name in on_screen:
            continue
        if f"Worked example: {name}" in on_screen:
            continue  # named as the scenario list shows it, without its prefix
        prefix = name.replace("...", "").replace("…", "").strip()
        if prefix and prefix.endswith(":") and any(s.startswith(prefix) for s in on_screen):
            continue  # "Saved: ..." stands for any saved scenario
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
        line = re.sub(allowed, "", line)
        typed += re.findall(r"£?\d[\d,.]*%?", line)
    assert not typed, f"figures typed into the notes instead of glued: {typed}"
