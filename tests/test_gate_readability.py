"""Readability gate: chapters are written in short sentences.

The book is for busy commissioners, so prose follows GOV.UK's advice to keep sentences
short. Each page's prose is read from the built HTML (so glued numbers and citations
appear as the reader sees them) and split into sentences:

* a sentence of more than ``LONG_WORDS`` (35) words is *long*; every long sentence is
  listed as a warning, with its first words, so you can find and split it;
* a page **fails** only when more than ``MAX_LONG_SHARE`` (10%) of its sentences are
  long, and one long sentence is always allowed. The gate is a nudge, not a style police.

Skipped, because they are not running prose: quotations (``<blockquote>``, ``<q>`` and
anything in double quotation marks), tables, code and cell outputs (calculator results),
figure and table captions, headings, the bibliography and navigation.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_gate_integrity import CHAPTER_PAGES, VOID

LONG_WORDS = 35
MAX_LONG_SHARE = 0.15

SKIP_TAGS = {
    "script",
    "style",
    "pre",
    "table",
    "blockquote",
    "q",
    "figure",
    "figcaption",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "nav",
    "math",
    "svg",
    "button",
    "details",
    "aside",
    "form",
    "dialog",
}
SKIP_CLASSES = {
    "cell_output",
    "cell_input",
    "citation",
    "citation-list",
    "bibliography",
    "toctree-wrapper",
    "math",
    "headerlink",
    "admonition-title",
    "caption",
    "caption-text",
    "epigraph",
    "pull-quote",
    "highlights",
    "footnote-list",
}
BLOCKS = {"p", "li", "dd", "dt"}
ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|etc|et al|cf|vs|approx|no|nos|p|pp|fig|para|ch|dr|mr|mrs|ms|st|vol)\.",
    re.IGNORECASE,
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[A-Z0-9£“\"(‘'])")


class ProseScan(HTMLParser):
    """The running prose of a page's article, one string per paragraph or list item."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, in article)
        self._buffers: list[list[str]] = []

    def _state(self) -> tuple[bool, bool]:
        return (self._stack[-1][1], self._stack[-1][2]) if self._stack else (False, False)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        skipping, in_article = self._state()
        classes = set((a.get("class") or "").split())
        in_article = in_article or (tag == "article" and "bd-article" in classes)
        skipping = skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        self._stack.append((tag, skipping, in_article))
        if tag in BLOCKS and in_article and not skipping:
            self._buffers.append([])

    def handle_endtag(self, tag):
        if tag in VOID or tag not in {t for t, _, _ in self._stack}:
            return
        while self._stack:
            open_tag, skipping, in_article = self._stack.pop()
            if open_tag in BLOCKS and in_article and not skipping and self._buffers:
                text = " ".join("".join(self._buffers.pop()).split())
                if text:
                    self.blocks.append(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        skipping, in_article = self._state()
        if in_article and not skipping and self._buffers:
            self._buffers[-1].append(data)


def prose(html: str) -> list[str]:
    parser = ProseScan()
    parser.feed(html)
    parser.close()
    return parser.blocks


def sentences(block: str) -> list[str]:
    """Split a paragraph into sentences (quotations count as one word).

    >>> sentences("Budgets vary, e.g. by area. The guide says “place then train, as IPS does”.")
    ['Budgets vary, e.g. by area.', 'The guide says “…”.']
    """
    text = QUOTED.sub("“…”", block)
    text = ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    return [s.replace("\u2024", ".").strip() for s in SENTENCE_END.split(text) if s.strip()]


def words(sentence: str) -> int:
    """Words in a sentence: tokens with a letter or digit (so '£2,000' is one word)."""
    return sum(1 for token in sentence.split() if re.search(r"[\w£%]", token))


def long_sentences(blocks: list[str]) -> tuple[int, list[tuple[int, str]]]:
    """(number of sentences, [(words, sentence) for the long ones])."""
    all_sentences = [s for block in blocks for s in sentences(block)]
    long = [(words(s), s) for s in all_sentences if words(s) > LONG_WORDS]
    return len(all_sentences), long


def allowed_long(total: int) -> int:
    """How many long sentences a page of ``total`` sentences may have.

    >>> allowed_long(5), allowed_long(30), allowed_long(100)
    (1, 4, 15)
    """
    return max(1, int(total * MAX_LONG_SHARE))


@pytest.mark.parametrize("name", CHAPTER_PAGES)
def test_sentences_are_mostly_short(built_html: Path, name):
    total, long = long_sentences(prose((built_html / name).read_text(encoding="utf-8")))
    listing = "\n".join(f"  ({n} words) {' '.join(s.split()[:14])} ..." for n, s in long)
    if long:
        warnings.warn(
            f"{name}: {len(long)} of {total} sentences have more than {LONG_WORDS} words; "
            f"consider splitting them:\n{listing}",
            stacklevel=1,
        )
    assert len(long) <= allowed_long(total), (
        f"{name}: {len(long)} of {total} sentences ({len(long) / max(total, 1):.0%}) have "
        f"more than {LONG_WORDS} words; at most {allowed_long(total)} may "
        f"({MAX_LONG_SHARE:.0%}). Split these into two sentences, or turn a list of things "
        f"into bullet points:\n{listing}"
    )


# -- the gate's own checks ------------------------------------------------------------------

ARTICLE = '<article class="bd-article">{}</article>'


def test_prose_skips_quotes_tables_code_captions_and_outputs():
    html = (
        ARTICLE.format(
            "<h1>Title words</h1><p>Kept prose.</p><blockquote><p>Quoted.</p></blockquote>"
            "<table><caption>Cap</caption><tr><td><p>Cell.</p></td></tr></table>"
            "<figure><img src='x.png' alt='a b c'><figcaption><p>Fig.</p></figcaption></figure>"
            "<div class='cell_output'><p>Output.</p></div><pre>code</pre>"
            "<ul><li>Item one.</li><li><p>Item two.</p></li></ul>"
            "<div class='citation'><p>Becker 2019.</p></div>"
        )
        + "<p>Outside the article.</p>"
    )
    assert prose(html) == ["Kept prose.", "Item one.", "Item two."]


def test_long_sentences_are_counted_and_only_many_fail():
    long = "word " * (LONG_WORDS + 1)
    short = "A short sentence of a few words."
    total, found = long_sentences([f"{long.strip()}. {short}", short])
    assert total == 3 and len(found) == 1
    assert found[0][0] == LONG_WORDS + 1
    assert words("It costs £2,000 a year (38%).") == 6
    # a quotation counts as one word, however long
    assert long_sentences([f"He said “{long}”."])[1] == []
