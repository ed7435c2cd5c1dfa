"""Sources as a reader sees them: short author-year citations that link to the reference.

The register and the calculators name a source by its ``references.bib`` key
(``socialfinance2020``). On a page a reader sees instead the short citation the book's text
uses ("Social Finance, 2020"), linked to its entry in the reference list, and, where the
reference has a web address, a link to the publisher's page.

The reference list's entries have the anchor ``ref-<key>`` (``bibtex_cite_id`` in
``_config.yml``), so a page of the book links to ``references.html#ref-<key>``.

Example
-------
>>> cite_text("socialfinance2020, footnote 3 to the NHS Scotland region table")
'Social Finance, 2020, footnote 3 to the NHS Scotland region table'
>>> cite_html("socialfinance2020")
'<a class="guidance-cite" href="references.html#ref-socialfinance2020">Social Finance, 2020</a>'
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ..core.evidence import bibliography, short_citation

__all__ = ["REFERENCES_PAGE", "reference_anchor", "cite_text", "cite_html", "publisher_url"]

REFERENCES_PAGE = "references.html"
"""The reference list's page, relative to the book's chapter pages."""


def reference_anchor(key: str) -> str:
    """The reference list entry's anchor for a key.

    >>> reference_anchor("ndti2014")
    'ref-ndti2014'
    """
    return f"ref-{key}"


@lru_cache(maxsize=1)
def _key_pattern() -> re.Pattern[str]:
    keys = sorted(bibliography(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, keys)) + r")(?![\w])")


def publisher_url(key: str) -> str | None:
    """The publisher's page for a key, where the reference gives one.

    >>> publisher_url("baseseqf")
    'https://www.base-uk.org/model-fidelity'
    >>> publisher_url("ndti2014") is None
    True
    """
    url = bibliography().get(key, {}).get("url", "")
    return url if url.startswith(("https://", "http://")) else None


def cite_text(text: str) -> str:
    """Every ``references.bib`` key in ``text`` replaced by its short citation."""
    return _key_pattern().sub(lambda m: short_citation(m.group(1)), text)


def cite_html(text: str, references: str = REFERENCES_PAGE, publisher: bool = False) -> str:
    """``text`` as HTML, each key a link to its reference (and, if asked, the publisher's page).

    Parameters
    ----------
    text : str
        Plain text that may name sources by key.
    references : str
        The reference list page, as a link from the page this HTML goes on.
    publisher : bool
        Add "(publisher's page)" linking to the reference's web address, where it has one.

    >>> cite_html("baseseqf, p. 2", publisher=True)  # doctest: +ELLIPSIS
    '<a ...>British Association ... 2026</a> (<a ...>publisher...s page</a>), p. 2'
    """
    out = []
    last = 0
    for match in _key_pattern().finditer(text):
        key = match.group(1)
        out.append(html.escape(text[last : match.start()]))
        out.append(
            f'<a class="guidance-cite" href="{html.escape(references)}#{reference_anchor(key)}">'
            f"{html.escape(short_citation(key))}</a>"
        )
        url = publisher_url(key) if publisher else None
        if url:
            out.append(f' (<a href="{html.escape(url)}">publisher\'s page</a>)')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
