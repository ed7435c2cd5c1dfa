"""Plain-words gate: reader pages show no code, no paths and no unexplained abbreviations.

Over every built page of the table of contents except the package's reference (the one
page for contributors; the README and CONTRIBUTING are not pages of the book), it checks
what a reader sees:

* no shell command, no file path into the project and no line of code;
* every abbreviation in :data:`ABBREVIATIONS` is spelled out at its first use on the page
  (written out beside it, or its first use is a link to the glossary entry), and the
  glossary defines each of them and "starter";
* every link's text says where it goes: never a bare address, "here", "this page" or the
  whole book's title;
* no source shows as its ``references.bib`` key: a reader sees the short citation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_gate_integrity import CHAPTER_PAGES

from guidance.core.evidence import bibliography

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTOR_PAGES = {p for p in CHAPTER_PAGES if p.startswith("book/appendix-api")}
READER_PAGES = [page for page in CHAPTER_PAGES if page not in CONTRIBUTOR_PAGES]
BOOK_TITLE = "Commissioning Supported Employment"

ABBREVIATIONS = {
    "FTE": "Full-time equivalent",
    "KPI": "Key performance indicator",
    "SMI": "Severe mental illness",
    "IPS": "Individual Placement and Support",
    "SEQF": "Supported Employment Quality Framework",
    "CPA": "Care Programme Approach",
    "SIB": "Social impact bond",
}
"""Abbreviation -> its words, as the glossary spells it."""

COMMAND_OR_PATH = re.compile(
    r"\bbash [\w./-]+|\bscripts/[\w.-]+|\.venv/|\bpython3? -m\b|\bpip install\b|"
    r"\bjupyter[- ](?:lab|book)\b|\bsrc/guidance\b|\bbook/[\w-]+\.md\b|"
    r"\b[\w-]+\.(?:py|ipynb|csv|json|md|yml|toml)\b(?!\w)|"
    r"\bimport [a-z_.]+|\bdef [a-z_]+\(|\bcalculator\(\""
)


class Visible(HTMLParser):
    """The text a reader sees on a built page, and its links with their text."""

    SKIP = {"script", "style", "head", "nav", "footer", "header"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._skip = 0
        self._link: list[str] | None = None
        self._href = ""
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "bd-article" in (a.get("class") or ""):
            self._in_article += 1
        if tag in self.SKIP or (a.get("class") or "").find("headerlink") >= 0:
            self._skip += 1
        if tag == "a" and self._in_article and not self._skip:
            self._link, self._href = [], a.get("href") or ""
            self.parts.append(f"\0LINK {self._href}\0")

    def handle_endtag(self, tag):
        if tag == "article" and self._in_article:
            self._in_article -= 1
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._href, " ".join("".join(self._link).split())))
            self._link = None
            self.parts.append("\0END\0")

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self.parts.append(data)
            if self._link is not None:
                self._link.append(data)

    def text(self) -> str:
        return re.sub(r"\0[^\0]*\0", "", "".join(self.parts))


def visible(path: Path) -> Visible:
    scan = Visible()
    scan.feed(path.read_text(encoding="utf-8"))
    return scan


def spelled_out_at_first_use(raw: str, abbreviation: str, words: str) -> bool:
    """Whether the first use of ``abbreviation`` in the page's marked text is explained.

    Explained: the words appear before it or right after it in brackets, or the first use is
    the text of a link to the glossary.
    """
    first = re.search(rf"(?<![\w-]){abbreviation}s?(?![\w-])", raw)
    if not first:
        return True
    before = re.sub(r"\0[^\0]*\0", "", raw[: first.start()])
    after = re.sub(r"\0[^\0]*\0", "", raw[first.end() : first.end() + 120])
    if words.lower() in before.lower() or words.lower() in after.lower()[:80]:
        return True
    link = raw.rfind("\0LINK ", 0, first.start())
    closed = raw.rfind("\0END\0", 0, first.start())
    return link > closed and "appendix-glossary.html#term-" in raw[link : link + 200]


@pytest.mark.parametrize("page", READER_PAGES)
def test_no_command_path_or_code_on_reader_pages(built_html, page):
    text = " ".join(visible(built_html / page).text().split())
    found = sorted({m.group(0) for m in COMMAND_OR_PATH.finditer(text)})
    assert not found, f"{page} shows code, a command or a file path: {found}"


@pytest.mark.parametrize("page", READER_PAGES)
def test_abbreviations_are_spelled_out_at_first_use(built_html, page):
    raw = "".join(visible(built_html / page).parts)
    missing = [a for a, w in ABBREVIATIONS.items() if not spelled_out_at_first_use(raw, a, w)]
    assert not missing, f"{page} uses {missing} before spelling them out or linking the glossary"


def test_glossary_defines_every_abbreviation_and_starter():
    text = (ROOT / "book" / "appendix-glossary.md").read_text(encoding="utf-8")
    terms = set(re.findall(r"(?m)^([A-Z][^\n]*)$", text))
    for abbreviation, words in ABBREVIATIONS.items():
        assert abbreviation in terms, f"the glossary has no entry {abbreviation}"
        assert words in terms, f"the glossary does not spell {abbreviation} out as {words!r}"
    assert "Starter" in terms


@pytest.mark.parametrize("page", READER_PAGES)
def test_link_text_says_where_it_goes(built_html, page):
    for href, text in visible(built_html / page).links:
        if not text:
            continue  # an icon or image link is named by its alt text (the accessibility gate)
        assert not re.match(r"^(https?://|www\.)", text), f"{page}: a bare address {text!r}"
        assert text.lower() not in {"here", "click here", "this page", "link", "this"}, page
        assert not text.startswith(BOOK_TITLE), f"{page}: a link reads {text!r} ({href})"


@pytest.mark.parametrize("page", READER_PAGES)
def test_sources_show_as_citations_not_keys(built_html, page):
    text = visible(built_html / page).text()
    keys = "|".join(map(re.escape, sorted(bibliography(), key=len, reverse=True)))
    found = sorted(set(re.findall(rf"(?<![\w.])({keys})(?!\w)", text)))
    assert not found, f"{page} shows sources as their keys: {found}"


def test_gate_finds_code_and_an_unexplained_abbreviation(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><article class="bd-article"><p>Run <code>bash scripts/trainer-app</code>.'
        "</p><p>We need 3 FTE.</p><p>Two KPIs (key performance indicators).</p>"
        f'<p><a href="intro.html">{BOOK_TITLE}: an executable guide</a></p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    scan = visible(page)
    assert COMMAND_OR_PATH.search(scan.text())
    raw = "".join(scan.parts)
    assert not spelled_out_at_first_use(raw, "FTE", ABBREVIATIONS["FTE"])
    assert spelled_out_at_first_use(raw, "KPI", ABBREVIATIONS["KPI"])
    assert scan.links == [("intro.html", f"{BOOK_TITLE}: an executable guide")]
