"""Privacy gate: the built book loads nothing from any other host.

A commissioner reading the book should not be tracked, and the book must work offline or
behind a strict firewall. Chromium checks the requests each page really makes
(``test_book_browser.py``); this gate reads the built files, so it also catches what a
page would load only later (after a click, on a slow connection, in another browser):

* no ``src``/``srcset``/``data``/``poster`` attribute and no ``<link href>`` (style sheets,
  fonts, icons, preloads) with an absolute ``http(s)://`` or ``//`` address;
* no ``url(...)`` or ``@import`` of another host in the book's style sheets, in
  ``<style>`` blocks or in ``style`` attributes;
* no address of another host in inline scripts, and no known analytics or CDN host in
  the scripts pages load.

Ordinary hyperlinks (``<a href="https://...">``) are allowed: they load nothing until the
reader chooses to follow them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_gate_integrity import BOOK_PAGES, internal_target, scan

ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.IGNORECASE
)
SCRIPT_REMOTE = re.compile(
    r"""["'`]((?:https?:|wss?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'`\s]*)""", re.IGNORECASE
)
# Hosts that serve trackers or code from elsewhere; none may appear in a script the book runs.
KNOWN_THIRD_PARTY = re.compile(
    r"unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|"
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|googletagmanager\.com|google-analytics\.com|"
    r"plausible\.io|mybinder\.org|cdn\.plot\.ly|code\.jquery\.com|use\.fontawesome\.com|"
    r"kit\.fontawesome\.com|polyfill\.io|stats\.wp\.com|hotjar\.com|clarity\.ms",
    re.IGNORECASE,
)


def remote_in_css(text: str) -> list[str]:
    """Addresses of other hosts that CSS text would fetch.

    >>> remote_in_css('a{background:url("https://cdn.example/x.png")} b{background:url(x.png)}')
    ['https://cdn.example/x.png']
    >>> remote_in_css("@import 'https://fonts.googleapis.com/css?family=Lato';")
    ['https://fonts.googleapis.com/css?family=Lato']
    >>> remote_in_css("i{background:url(\\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'\\")}")
    []
    """
    return [m.group(1) for m in CSS_REMOTE.finditer(text)]


def style_sheets(built_html: Path, name: str) -> list[Path]:
    """The book's own style sheets that a page loads."""
    found = []
    for tag, _, url in scan(built_html / name).resources:
        target = internal_target(name, url)
        if tag == "link" and target and target[0].endswith(".css"):
            found.append(built_html / target[0])
    return found


def scripts(built_html: Path, name: str) -> list[Path]:
    found = []
    for tag, _, url in scan(built_html / name).resources:
        target = internal_target(name, url)
        if tag == "script" and target and (built_html / target[0]).is_file():
            found.append(built_html / target[0])
    return found


@pytest.mark.parametrize("name", BOOK_PAGES)
def test_page_loads_nothing_from_other_hosts(built_html, name):
    page = scan(built_html / name)
    found = [
        f"  <{tag} {attribute}={url[:100]!r}>"
        for tag, attribute, url in page.resources
        if ABSOLUTE.match(url)
    ]
    for css in page.inline_styles:
        found += [f"  inline style loads {url}" for url in remote_in_css(css)]
    for script in page.inline_scripts:
        found += [f"  inline script names {url[:100]}" for url in SCRIPT_REMOTE.findall(script)]
    for sheet in style_sheets(built_html, name):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        # @import of another file of the book is followed (theme.css imports basic.css).
        found += [f"  {sheet.relative_to(built_html)} loads {url}" for url in remote_in_css(text)]
    for script in scripts(built_html, name):
        text = script.read_text(encoding="utf-8", errors="replace")
        found += [
            f"  {script.relative_to(built_html)} names {host}"
            for host in sorted(set(KNOWN_THIRD_PARTY.findall(text)))
        ]
    assert not found, (
        f"{name} would load from other hosts:\n"
        + "\n".join(found)
        + "\nShip the file in the book (book/_static/) or drop it; only <a href> may point "
        "elsewhere. A figure must be an image made by the package (show_figure), never a "
        "link to an image on the web."
    )


def test_every_style_sheet_is_checked(built_html):
    """Style sheets imported by other style sheets are in _static too: check them all."""
    found = []
    for sheet in sorted(built_html.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found += [f"  {sheet.relative_to(built_html)} loads {url}" for url in remote_in_css(text)]
    assert not found, "style sheets in the build load from other hosts:\n" + "\n".join(found)


def test_privacy_scan_finds_remote_loads(tmp_path):
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">'
        '<script src="//cdn.example.org/x.js"></script>'
        '<img src="https://example.org/chart.png" alt="A chart of costs by year">'
        '<a href="https://www.gov.uk/">GOV.UK</a>'
        '<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"</script>'
        '<div style="background: url(https://example.org/bg.png)"></div>'
    )
    scan.cache_clear()
    with pytest.raises(AssertionError) as failure:
        test_page_loads_nothing_from_other_hosts(tmp_path, "page.html")
    message = str(failure.value)
    for expected in (
        "fonts.googleapis.com",
        "//cdn.example.org/x.js",
        "chart.png",
        "unpkg.com",
        "bg.png",
    ):
        assert expected in message
    assert "www.gov.uk" not in message
    scan.cache_clear()
