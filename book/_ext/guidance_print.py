"""Print edition: the reader's guide, the contributor's package reference and each page as PDF.

Commissioners circulate PDFs to boards and panels, so every HTML build also writes

* ``pdf/<book>.pdf``, the reader's edition: a cover (title, version, git commit, build
  date, contents), then the guidance, the evidence register, the glossary and the
  references in table-of-contents order, with running page numbers. It leaves out the
  pages for trainers and contributors (:data:`NOT_FOR_READERS`);
* ``pdf/<reference>.pdf``, the contributor's edition: the package's reference on its own;
* ``pdf/<page>.pdf``: each page of the table of contents on its own;

into the HTML output folder, and links them from each page (under its title).

The PDFs are printed by Debian's Chromium (headless, through Playwright) from the same
HTML the website serves, so they show the same static figures and tables. Before each
print every collapsed ``<details>`` (a calculator's "Inputs used for this result") is
opened, so each input, its value and its source reach paper. The print rules in
``_static/guidance.css`` (``@media print``) hide the navigation, keep figures, tables and
boxes on one page where they fit and start each chapter on a new page. Chromium may load
only files of the built book: any other request is blocked and fails the build, so a PDF
never depends on (or tells) another host.

Set ``GUIDANCE_PDF=0`` to build the HTML alone (a quicker draft build): no PDFs and no
links to them. The module also runs on its own, on a built book::

    python book/_ext/guidance_print.py _build/html book/intro.html book/ch1-...html
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import sync_playwright
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
CHROMIUM = os.environ.get("GUIDANCE_CHROMIUM", "/usr/bin/chromium")
PDF_DIR = "pdf"
BOOK_PDF = "commissioning-supported-employment.pdf"
REFERENCE_PDF = "commissioning-supported-employment-package-reference.pdf"
REFERENCE_PAGE = "appendix-api"
"""The package reference's first page; its pages per layer are ``appendix-api-*``."""
NOT_FOR_READERS = ("facilitator-notes",)
"""Pages left out of the reader's edition besides the package's reference (the
contributor's edition): the trainers' notes (they have their own PDF)."""
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
COMBINED = "_print-edition.html"  # written next to the pages while printing, then removed
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTICLE_OPEN = re.compile(r'<article class="bd-article"[^>]*>')
ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>")
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
STYLESHEET = re.compile(r'<link rel="stylesheet"[^>]*>|<link[^>]*rel="stylesheet"[^>]*>')
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def enabled() -> bool:
    """Whether this build makes the print edition (``GUIDANCE_PDF=0`` turns it off)."""
    return os.environ.get("GUIDANCE_PDF", "1").strip().lower() not in {"0", "no", "false", "off"}


def edition_details(root: Path) -> dict[str, str]:
    """Version (from ``pyproject.toml``), git commit and build date for the cover.

    The date is today's (UTC), or ``SOURCE_DATE_EPOCH``'s for a reproducible build.
    """
    version = "unknown"
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"))
        if found:
            version = found.group(1)
    commit = ""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.strip()
        if commit and changes:
            commit += " with uncommitted changes"
    except (OSError, subprocess.SubprocessError):
        commit = ""
    commit = commit or os.environ.get("GITHUB_SHA", "")[:12]  # a CI checkout git cannot read
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return {
        "version": version,
        "commit": commit or "not built from a git checkout",
        "date": when.strftime("%-d %B %Y"),
    }


def pdf_name(page: str) -> str:
    """The PDF file of one page: ``book/ch1-right-conditions.html`` -> ``ch1-...pdf``."""
    return posixpath.splitext(posixpath.basename(page))[0] + ".pdf"


def _stem(page: str) -> str:
    return posixpath.splitext(posixpath.basename(page))[0]


def is_reference(page: str) -> bool:
    """Whether ``page`` is one of the package reference's pages.

    >>> is_reference("book/appendix-api.html"), is_reference("book/appendix-api-core.html")
    (True, True)
    >>> is_reference("book/appendix-evidence.html")
    False
    """
    stem = _stem(page)
    return stem == REFERENCE_PAGE or stem.startswith(REFERENCE_PAGE + "-")


def reader_pages(pages: list[str]) -> list[str]:
    """The pages of the reader's edition: every page but the reference's and
    :data:`NOT_FOR_READERS`."""
    return [p for p in pages if not is_reference(p) and _stem(p) not in NOT_FOR_READERS]


def reference_pages(pages: list[str]) -> list[str]:
    """The pages of the contributor's edition: the package's reference."""
    return [page for page in pages if is_reference(page)]


def pdf_links(page: str, is_root: bool) -> str:
    """The HTML paragraph linking a page to its PDF and the whole book's."""
    up = "../" * page.count("/")
    if is_reference(page):
        ref = f'<a href="{up}{PDF_DIR}/{REFERENCE_PDF}">the package reference as a PDF</a>'
        return f'<p class="guidance-pdf-links">For contributors: download {ref}.</p>\n'
    book = f'<a href="{up}{PDF_DIR}/{BOOK_PDF}">the whole guide as a PDF</a>'
    if is_root:
        return f'<p class="guidance-pdf-links">Print edition: download {book}.</p>\n'
    own = f'<a href="{up}{PDF_DIR}/{pdf_name(page)}">this page as a PDF</a>'
    return f'<p class="guidance-pdf-links">Print edition: download {own} or {book}.</p>\n'


def article(page_html: str) -> str:
    """The inner HTML of a built page's ``<article class="bd-article">``."""
    start = ARTICLE_OPEN.search(page_html)
    if not start:
        raise ValueError('no <article class="bd-article"> in the page')
    depth = 1
    for tag in ARTICLE_TAG.finditer(page_html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page_html[start.end() : tag.start()]
    raise ValueError("the page's <article> is not closed")


def _anchor(page: str) -> str:
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", posixpath.splitext(page)[0])


READERS_NOTE = (
    "This edition is printed from the web version of the guide. Each calculator shows its "
    "result for the evidence register's figures, and lists every input it used with its "
    "value and source. To try your own numbers, open the calculator in the web version of "
    "the guide, or ask the trainer who runs your session."
)
CONTRIBUTORS_NOTE = (
    "This edition is for contributors: it documents the Python package behind the guide's "
    "calculators. Readers of the guide do not need it."
)


def combined_html(
    html_dir: Path,
    pages: list[str],
    details: dict[str, str],
    title: str,
    subtitle: str = "print edition",
    note: str = READERS_NOTE,
) -> str:
    """One HTML document: a cover, then every page's article, links kept inside it.

    A link to a page that is not in the document points to the web page beside the PDF.
    """
    here = posixpath.dirname(pages[0])
    articles = {page: article((html_dir / page).read_text(encoding="utf-8")) for page in pages}
    ids: dict[str, int] = {}
    for body in articles.values():
        for found in ID_ATTRIBUTE.finditer(body):
            ids[found.group(1)] = ids.get(found.group(1), 0) + 1

    def rewrite(page: str, body: str) -> str:
        def fix(match: re.Match) -> str:
            url = match.group(2)
            if not url or url.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
                return match.group(0)
            path, _, fragment = url.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if target in articles:
                if fragment and ids.get(fragment) == 1:
                    return f"{match.group(1)}#{fragment}{match.group(3)}"
                return f"{match.group(1)}#{_anchor(target)}{match.group(3)}"
            moved = posixpath.relpath(target, here or ".")
            return f"{match.group(1)}{moved}{'#' + fragment if fragment else ''}{match.group(3)}"

        return URL_ATTRIBUTE.sub(fix, body)

    first = (html_dir / pages[0]).read_text(encoding="utf-8")
    sheets = "\n".join(STYLESHEET.findall(first))
    contents = []
    sections = []
    for page in pages:
        heading = H1.search(articles[page])
        name = html.unescape(TAG.sub("", heading.group(1))).strip() if heading else page
        name = name.rstrip("#").strip()
        contents.append(f'<li><a href="#{_anchor(page)}">{html.escape(name)}</a></li>')
        sections.append(
            f'<section class="guidance-print-page" id="{_anchor(page)}">\n'
            f"{rewrite(page, articles[page])}\n</section>"
        )
    cover = (
        '<section class="guidance-print-cover">\n'
        f"<h1>{html.escape(title)}</h1>\n"
        '<p class="guidance-print-subtitle">An executable guide to commissioning Supported '
        f"Employment: {html.escape(subtitle)}</p>\n"
        '<dl class="guidance-print-edition">\n'
        f"<dt>Version</dt><dd>{html.escape(details['version'])}</dd>\n"
        f"<dt>Git commit</dt><dd>{html.escape(details['commit'])}</dd>\n"
        f"<dt>Built</dt><dd>{html.escape(details['date'])}</dd>\n"
        "</dl>\n"
        f"<p>{html.escape(note)}</p>\n"
        '<nav aria-label="Contents"><h2>Contents</h2>\n<ul class="guidance-print-contents">\n'
        + "\n".join(contents)
        + "\n</ul></nav>\n</section>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en" data-theme="light" data-mode="light">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n{sheets}\n</head>\n'
        '<body class="guidance-print-book">\n<main class="bd-main"><div class="bd-content">'
        '<article class="bd-article">\n'
        + cover
        + "\n"
        + "\n".join(sections)
        + "\n</article></div></main>\n</body>\n</html>\n"
    )


def footer(title: str, details: dict[str, str]) -> str:
    """Chromium's page footer: the edition on the left, the page number on the right."""
    edition = html.escape(f"{title} · version {details['version']} · built {details['date']}")
    return (
        '<div style="font-size:8px;color:#444;width:100%;margin:0 12mm;display:flex;'
        f'justify-content:space-between"><span>{edition}</span><span>page '
        '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


def print_edition(
    html_dir: Path, pages: list[str], details: dict[str, str], title: str
) -> list[Path]:
    """Print every page and the whole book to ``html_dir/pdf``; return the PDF files.

    Raises
    ------
    RuntimeError
        If Chromium is missing or a page asked for anything outside the built book.
    """
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(
            f"The print edition needs Debian's Chromium at {CHROMIUM}: run "
            "`bash scripts/setup-env book`, or set GUIDANCE_PDF=0 to build the HTML only."
        )
    out = html_dir / PDF_DIR
    out.mkdir(exist_ok=True)
    for old in out.glob("*.pdf"):  # a page gone (or no longer printed) leaves no PDF behind
        old.unlink()
    blocked: list[str] = []

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    options = {
        "format": "A4",
        "print_background": True,
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": footer(title, details),
        "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
    }
    written = []
    combined = html_dir / posixpath.dirname(pages[0]) / COMBINED
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(offline=True)
            context.route("**/*", only_local)
            page = context.new_page()
            page.emulate_media(media="print")
            # a page of its own for every page but the reference's, whose pages link to
            # the reference as one PDF
            for name in [p for p in pages if not is_reference(p)]:
                page.goto((html_dir / name).resolve().as_uri(), wait_until="load")
                page.evaluate(OPEN_DETAILS)
                target = out / pdf_name(name)
                page.pdf(path=str(target), **options)
                written.append(target)
            editions = [(BOOK_PDF, reader_pages(pages), "print edition", READERS_NOTE)]
            if reference_pages(pages):
                editions.append(
                    (
                        REFERENCE_PDF,
                        reference_pages(pages),
                        "the package reference, for contributors",
                        CONTRIBUTORS_NOTE,
                    )
                )
            for pdf, chosen, subtitle, note in editions:
                combined.write_text(
                    combined_html(html_dir, chosen, details, title, subtitle, note),
                    encoding="utf-8",
                )
                page.goto(combined.resolve().as_uri(), wait_until="load")
                page.evaluate(OPEN_DETAILS)
                target = out / pdf
                page.pdf(path=str(target), **options)
                written.append(target)
        finally:
            combined.unlink(missing_ok=True)
            browser.close()
    if blocked:
        raise RuntimeError("printing asked for files outside the book: " + ", ".join(blocked))
    return written


# ---------------------------------------------------------------------------------------
# The Sphinx side: links on each page, and printing once the HTML build has finished.


def _toc_pages(app) -> list[str]:
    """The HTML file of every document in table-of-contents order, root first."""
    env = app.env
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(app.config.root_doc)
    return [app.builder.get_target_uri(doc) for doc in order]


def _add_links(app, pagename, templatename, context, doctree) -> None:
    if not enabled() or doctree is None or app.builder.format != "html":
        return
    body = context.get("body")
    if not isinstance(body, str):
        return
    page = app.builder.get_target_uri(pagename)
    links = pdf_links(page, pagename == app.config.root_doc)
    heading = body.find("</h1>")
    if heading < 0:
        context["body"] = links + body
    else:
        cut = heading + len("</h1>")
        context["body"] = body[:cut] + "\n" + links + body[cut:]


def _print(app, exception) -> None:
    if exception is not None or not enabled() or app.builder.format != "html":
        return
    pages = _toc_pages(app)
    request = {
        "html_dir": str(app.outdir),
        "pages": pages,
        "title": app.config.html_title or app.config.project,
        "root": str(Path(app.srcdir)),
    }
    # A separate process: Playwright's event loop stays out of the Sphinx build's.
    done = subprocess.run(
        [sys.executable, __file__, "--json", json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise ExtensionError("The print edition (PDF) failed:\n" + (done.stderr or done.stdout))
    LOGGER.info(done.stdout.strip())


def setup(app):
    # A config value, so that turning the PDFs on or off rewrites every page's links.
    app.add_config_value("guidance_pdf", enabled(), "html")
    app.connect("html-page-context", _add_links, priority=950)
    app.connect("build-finished", _print)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--json"]:
        request = json.loads(argv[1])
    else:
        if len(argv) < 2:
            print(__doc__, file=sys.stderr)
            return 2
        request = {"html_dir": argv[0], "pages": argv[1:], "title": "", "root": "."}
    html_dir = Path(request["html_dir"])
    title = request["title"] or "Commissioning Supported Employment"
    try:
        written = print_edition(
            html_dir, request["pages"], edition_details(Path(request["root"])), title
        )
    except (RuntimeError, ValueError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"The print edition is in {html_dir / PDF_DIR} ({len(written)} PDF files).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
