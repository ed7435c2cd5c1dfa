"""The facilitator notes send a trainer only to things that are there.

Reads the built notes (glued names resolved) and checks every name in italics against
the live calculators: a calculator's title, a worked example in a calculator's scenario
list (``Worked example: <title>`` of a shipped scenario), or a control the trainer app
shows (its label is in the front end's source). The notes' prose holds no hand-typed
figure: numbers come from glue (time plans, list numbers and chapter numbers aside).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from guidance.calculators import DEFINITIONS
from guidance.files.scenarios import shipped_scenarios

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "book" / "facilitator-notes.md"
FRONT_END = ROOT / "src" / "guidance" / "frontends" / "widgets"


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


def _controls() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in FRONT_END.glob("*.py"))


def test_every_named_scenario_button_and_calculator_exists(built_html):
    scan = Emphasis()
    scan.feed((built_html / "book" / "facilitator-notes.html").read_text(encoding="utf-8"))
    titles = {d.title for d in DEFINITIONS.values()}
    examples = {f"Worked example: {s.title}" for s in shipped_scenarios().values()}
    examples |= {s.title for s in shipped_scenarios().values()}
    controls = _controls()
    missing = []
    for name in scan.found:
        name = name.replace("’", "'")  # the book's typographic apostrophes
        if name in titles or name in examples or name == "et al.":
            continue
        label = name.replace("...", "").replace("…", "").strip()
        if label and label in controls:
            continue
        missing.append(name)
    assert scan.found, "no names in italics found in the notes"
    assert not missing, f"the notes name what the calculators do not have: {missing}"


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
