"""Integrity gate: no broken links, anchors or files in the built book.

Every ``<a href>`` on every built page that points inside the book must reach a page that
exists and, if it has a ``#fragment``, an element with that id on that page. Every file a
page loads from the book itself (style sheets, scripts, images, icons) must exist. Links
to other sites are not followed (no network here, and they are ordinary hyperlinks).

The build itself runs with warnings as errors (the ``book_build`` fixture), and Chromium
checks each page for console errors and failed requests (``test_book_browser.py``).

This module also holds the helpers the other gates share: the list of pages to check
(``BOOK_PAGES``, from ``_toc.yml``) and a small HTML scanner (standard library only).
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPHINX_PAGES = ["index.html", "search.html"]  # no genindex: the reference appendix is the index
SITE = "http://book.invalid/"  # a stand-in origin to resolve relative links against


def toc_pages(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """The HTML page of every file in the table of contents (root first)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(re.sub(r"\.(md|ipynb)$", "", node[key]) + ".html")
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc.read_text(encoding="utf-8")))
    return found


CHAPTER_PAGES = toc_pages()
BOOK_PAGES = SPHINX_PAGES + CHAPTER_PAGES

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
# Resources a browser fetches by itself (hyperlinks are <a href> and are not in this list).
RESOURCE_ATTRIBUTES = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("link", "href"),
    ("image", "href"),
    ("use", "href"),
}
# <link rel> values that are not fetched.
UNFETCHED_LINK_RELS = {
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "search",
    "index",
    "next",
    "prev",
    "previous",
    "up",
    "first",
    "last",
    "me",
}


class PageScan(HTMLParser):
    """Ids, hyperlinks, fetched resources and inline code of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.inline_scripts: list[str] = []
        self.inline_styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        rels = set(a.get("rel", "").lower().split())
        for attribute in ("src", "srcset", "data", "poster", "href"):
            if (tag, attribute) not in RESOURCE_ATTRIBUTES or not a.get(attribute):
                continue
            if tag == "link" and rels and rels <= UNFETCHED_LINK_RELS:
                continue
            for url in _split_srcset(a[attribute]) if attribute == "srcset" else [a[attribute]]:
                self.resources.append((tag, attribute, url))
        if "style" in a:
            self.inline_styles.append(a["style"])
        if tag in ("script", "style") and not a.get("src"):
            if tag == "script" and a.get("type", "text/javascript") not in (
                "text/javascript",
                "module",
                "application/javascript",
                "",
            ):
                return  # data blocks (JSON, thebe config) are not run
            self._in = tag
            getattr(self, f"inline_{tag}s").append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in = None

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            getattr(self, f"inline_{self._in}s")[-1] += data


def _split_srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


@functools.cache
def scan(path: Path) -> PageScan:
    """The scan of one built page (cached: pages do not change during a test session)."""
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def internal_target(page: str, href: str) -> tuple[str, str] | None:
    """The (file, fragment) an href on ``page`` points to in the book, or None if external.

    >>> internal_target("book/ch1.html", "ch2.html#costs")
    ('book/ch2.html', 'costs')
    >>> internal_target("book/ch1.html", "#top")
    ('book/ch1.html', 'top')
    >>> internal_target("book/ch1.html", "https://example.org/") is None
    True
    >>> internal_target("index.html", "mailto:someone@example.org") is None
    True
    """
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    url = urlparse(urljoin(SITE + page, href))
    if f"{url.scheme}://{url.netloc}/" != SITE:
        return None
    path = unquote(url.path.lstrip("/")) or "index.html"
    if path.endswith("/"):
        path += "index.html"
    return path, unquote(url.fragment)


def all_pages(built_html: Path) -> list[str]:
    return sorted(
        str(p.relative_to(built_html))
        for p in built_html.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


# -- the gate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_links_and_anchors_resolve(built_html, name):
    page = built_html / name
    assert page.exists(), f"{name} was not built"
    broken = []
    for href in scan(page).links:
        target = internal_target(name, href)
        if target is None:
            continue
        file, fragment = target
        target_path = built_html / file
        if not target_path.is_file():
            broken.append(f"  {href!r}: no page {file}")
        elif fragment and target_path.suffix == ".html" and fragment not in scan(target_path).ids:
            broken.append(f"  {href!r}: {file} has no anchor #{fragment}")
    assert not broken, (
        f"{name}: broken links:\n"
        + "\n".join(sorted(set(broken)))
        + "\nLink to chapters with {doc}`ch3-contract-parameters` and to sections with "
        "labels ((my-label)= above a heading, then {ref}`my-label`), so Sphinx checks them."
    )


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_files_the_page_loads_exist(built_html, name):
    page = built_html / name
    missing = []
    for tag, attribute, url in scan(page).resources:
        target = internal_target(name, url)
        if target is not None and not (built_html / target[0]).is_file():
            missing.append(f"  <{tag} {attribute}={url!r}>: {target[0]} is missing")
    assert not missing, f"{name}: loads files that are not in the build:\n" + "\n".join(missing)


def test_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(
        '<h1 id="top">A</h1><a href="b.html#there">ok</a><a href="b.html#nowhere">bad</a>'
        '<a href="missing.html">gone</a><a href="https://example.org/x">external</a>'
    )
    (tmp_path / "book" / "b.html").write_text('<p id="there">B</p>')
    scan.cache_clear()
    with pytest.raises(AssertionError) as failure:
        test_links_and_anchors_resolve(tmp_path, "book/a.html")
    message = str(failure.value)
    assert "b.html has no anchor #nowhere" in message
    assert "no page book/missing.html" in message
    assert "example.org" not in message
    scan.cache_clear()


def test_toc_pages_follow_the_table_of_contents(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: A\n"
        "    chapters:\n      - file: book/ch1.md\n        sections:\n"
        "          - file: book/ch1a\n"
    )
    assert toc_pages(toc) == ["book/intro.html", "book/ch1.html", "book/ch1a.html"]
