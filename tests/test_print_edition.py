"""Print edition: the book build writes a PDF of the whole book and of every page.

The PDFs are printed from the built HTML by ``book/_ext/guidance_print.py``. These tests
read them back with ``pdftotext`` (Debian's poppler-utils, installed by
``scripts/setup-env test``) and check what a reader of the PDF relies on:

* every page of the table of contents has its PDF, and each page links to it and to the
  whole book's;
* each chapter's worked-example figures are in its PDF and in the whole book, as the
  package calculates them from the evidence register (nothing typed here), with the
  pound sign intact;
* the cover gives the version from ``pyproject.toml``, the git commit and the build date;
* each chapter of the whole book starts on a new page, and no page shows navigation;
* a PDF holds no script, no action that opens anything, and nothing it would fetch;
* the reader's edition (issue 27) leaves out the package reference (the contributor's PDF
  has it), shows no code or shell command, prints every calculator box's inputs with
  their values and sources as citations, prints every register column a reader needs,
  and numbers the chapters as the pages, the trainer app and the facilitator notes do.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from test_gate_integrity import CHAPTER_PAGES, scan

from guidance.calculators import DEFINITIONS
from guidance.calculators.benefit_ledger import ledger_inputs
from guidance.core import monitoring as mon
from guidance.core.benchmarking import cost_per_job_from_averages
from guidance.core.evidence import bibliography, load_register, short_citation
from guidance.core.ledger import benefit_ledger
from guidance.core.models import apply_odds_ratio
from guidance.presentation.formatting import decimal, gbp, pct, whole
from guidance.presentation.render import inputs_rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import guidance_print  # noqa: E402  (the book's own extension, not an installed package)

BOOK_PDF = guidance_print.BOOK_PDF


def _worked_examples() -> dict[str, list[str]]:
    """Each chapter's worked-example figures, as the chapter shows them."""
    ev = load_register()
    mhep = mon.mhep_per_es(ev).loc["All providers (published)"]
    return {
        "book/ch1-right-conditions.html": [
            gbp(ev.value("ndti.all.cost_per_job_outcome")),
            gbp(
                cost_per_job_from_averages(
                    ev.value("ndti.all.cost_per_person"), ev.value("ndti.all.job_outcome_rate")
                )
            ),
        ],
        "book/ch2-choosing-the-model.html": [
            pct(
                apply_odds_ratio(
                    ev.value("evidence.ips_smi.job_entry_control"),
                    ev.value("evidence.whitworth_meta.large_medium.or"),
                ),
                1,
            ),
        ],
        "book/ch3-contract-parameters.html": [
            whole(ev.value("fss.total.in_contact_published")),
            whole(ev.value("fss.total.eligible_published")),
            gbp(ev.value("fss.cost_per_engagement")),
        ],
        "book/ch4-joint-commissioning.html": [
            gbp(benefit_ledger(ledger_inputs()).public_gains),
            gbp(ev.value("fss.annual_cost_published")),
        ],
        "book/ch5-payment-by-results.html": [
            whole(ev.value("mhep.engagements_published")),
            whole(ev.value("mhep.job_starts_published")),
            gbp(ev.value("mhep.providers_total_loss_published")),
        ],
        "book/ch6-managing-performance.html": [
            decimal(mhep["Engagements"]),
            decimal(mhep["Job starts"]),
            whole(ev.value("fidelity.ips.max_total")),
        ],
    }


WORKED_EXAMPLES = _worked_examples()


@pytest.fixture(scope="module")
def pdf_dir(built_html) -> Path:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: run scripts/setup-env test")
    return built_html / guidance_print.PDF_DIR


def pdf_text(path: Path) -> str:
    """The text of a PDF (pages separated by form feeds), as pdftotext reads it."""
    if not path.is_file():
        pytest.fail(f"{path.name} was not built: the book build makes it (GUIDANCE_PDF=0?)")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def book_text(pdf_dir) -> str:
    return pdf_text(pdf_dir / BOOK_PDF)


def test_worked_examples_cover_every_chapter():
    chapters = [page for page in CHAPTER_PAGES if re.search(r"/ch\d", page)]
    assert sorted(WORKED_EXAMPLES) == sorted(chapters)


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_every_page_has_a_pdf_and_links_to_it(built_html, pdf_dir, page):
    own = guidance_print.pdf_name(page)
    links = set(scan(built_html / page).links)
    up = "../" * page.count("/")
    if guidance_print.is_reference(page):  # the reference is one PDF
        assert f"{up}pdf/{guidance_print.REFERENCE_PDF}" in links
        assert not (pdf_dir / own).exists(), f"{own}: a reference page has no PDF of its own"
        return
    assert (pdf_dir / own).is_file(), f"no PDF of {page}"
    assert f"{up}pdf/{BOOK_PDF}" in links, f"{page} does not link to the whole book's PDF"
    if page != CHAPTER_PAGES[0]:
        assert f"{up}pdf/{own}" in links, f"{page} does not link to its own PDF"


@pytest.mark.parametrize("page", sorted(WORKED_EXAMPLES))
def test_chapter_pdf_has_its_worked_examples(pdf_dir, book_text, page):
    text = flat(pdf_text(pdf_dir / guidance_print.pdf_name(page)))
    whole_book = flat(book_text)
    for figure in WORKED_EXAMPLES[page]:
        assert figure in text, f"{figure} is missing from the PDF of {page}"
        assert figure in whole_book, f"{figure} is missing from the whole book's PDF"


@pytest.mark.parametrize("name", [BOOK_PDF, "ch3-contract-parameters.pdf"])
def test_pound_sign_is_intact(pdf_dir, name):
    text = pdf_text(pdf_dir / name)
    assert re.search(r"£\d", text), "no £ amount in the PDF text"
    assert "Â£" not in text and "\ufffd" not in text and "?\u200b" not in text


def test_cover_gives_version_commit_and_date(book_text):
    cover = flat(book_text.split("\f")[0])
    version = re.search(
        r'(?m)^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    ).group(1)
    assert f"Version {version}" in cover
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if commit:
        assert f"Git commit {commit}" in cover
    built = re.search(r"Built (\d{1,2} [A-Z][a-z]+ \d{4})", cover)
    assert built, "the cover gives no build date"
    day = datetime.strptime(built.group(1), "%d %B %Y").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - day).days) <= 2
    assert "Contents" in cover


def test_each_chapter_starts_a_page_and_navigation_is_not_printed(book_text):
    pages = book_text.split("\f")
    firsts = [flat(page).strip() for page in pages]
    for title in ["Chapter 1: The right conditions", "Chapter 3: Contract parameters", "Evidence"]:
        assert any(first.startswith(title) for first in firsts), f"{title} starts mid-page"
    for words in ["Skip to main content", "Back to top", "Ctrl+K", "previous page"]:
        assert words not in book_text, f"navigation ({words!r}) is printed"
    assert "Print edition: download" not in book_text


def test_page_numbers_run_through_the_book(book_text):
    pages = [page for page in book_text.split("\f") if page.strip()]
    assert f"page {len(pages)} of {len(pages)}" in flat(pages[-1])


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_pdf_has_no_script_action_or_remote_content(pdf_dir, page):
    if guidance_print.is_reference(page):  # printed in the reference's one PDF
        data = (pdf_dir / guidance_print.REFERENCE_PDF).read_bytes()
    else:
        data = (pdf_dir / guidance_print.pdf_name(page)).read_bytes()
    for marker in (b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"/ImportData"):
        assert marker not in data, f"{page}'s PDF contains {marker.decode()}"
    assert b"/FileSpec" not in data and b"/EmbeddedFile" not in data


def test_printing_blocks_requests_to_other_hosts(chromium_program, tmp_path):
    """A page that asks for another host's file fails the print, naming the address."""
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://example.org/x.css"></head><body>'
        '<article class="bd-article"><h1>T</h1><p>£1</p></article></body></html>',
        encoding="utf-8",
    )
    details = {"version": "1", "commit": "c", "date": "1 January 2026"}
    with pytest.raises(RuntimeError, match="example.org"):
        guidance_print.print_edition(tmp_path, ["book/page.html"], details, "T")


# ---------------------------------------------------------------------------------------
# The reader's edition a board can read (issue 27).

CHAPTER_HEADING = re.compile(r"^# (Chapter (\d): .+)$", re.MULTILINE)
NOTES_HEADING = re.compile(r"^## Chapter (\d): (.+) \(\d+ minutes\)$", re.MULTILINE)
# A shell command, a path into the project or a line of code, as a reader would see it.
CODE_OR_COMMAND = re.compile(
    r"bash scripts/|scripts/[a-z-]+\b|\.venv/|python -m|pip install|jupyter[- ]lab|"
    r"src/guidance|\bimport guidance\b|from guidance\b|guidance\.[a-z_]+\.[a-z_]+|"
    r"\bdef [a-z_]+\(|\bcalculator\(\"|ev\.value\("
)


def _chapter_titles() -> dict[int, str]:
    """Chapter number -> "Chapter N: Title", from each chapter file's first heading."""
    found = {}
    for path in sorted((ROOT / "book").glob("ch[1-9]-*.md")):
        match = CHAPTER_HEADING.search(path.read_text(encoding="utf-8"))
        assert match, f"{path.name}'s title does not start with its chapter number"
        found[int(match.group(2))] = match.group(1)
    return found


@pytest.fixture(scope="module")
def reference_text(pdf_dir) -> str:
    return pdf_text(pdf_dir / guidance_print.REFERENCE_PDF)


def test_readers_edition_leaves_out_the_package_reference(book_text, reference_text):
    cover = flat(book_text.split("\f")[0])
    assert "The package’s reference" not in cover and "The package's reference" not in cover
    assert "Facilitator notes" not in cover
    for part in ["Evidence register", "Glossary", "References"]:
        assert part in cover, f"{part} is missing from the reader's edition"
    assert "guidance.core" not in book_text, "the package reference is in the reader's edition"
    pages = [page for page in book_text.split("\f") if page.strip()]
    assert len(pages) < 200, f"the reader's edition has {len(pages)} pages"
    assert "guidance.core" in reference_text, "the contributor's PDF lacks the package reference"
    assert "for contributors" in flat(reference_text.split("\f")[0])


def test_readers_edition_has_no_code_or_shell_command(book_text):
    found = sorted({m.group(0) for m in CODE_OR_COMMAND.finditer(flat(book_text))})
    assert not found, f"code or a shell command in the reader's edition: {found}"


def test_each_calculator_box_says_in_plain_words_where_to_get_own_numbers(book_text):
    text = flat(book_text)
    boxes = text.count("Inputs used for this result Default inputs")
    assert boxes >= len([d for d in DEFINITIONS.values() if d.chapter]) - 2
    assert text.count("To use your own numbers") + text.count("Use your own numbers") >= boxes


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_every_calculator_box_prints_its_inputs_values_and_sources(pdf_dir, name):
    """The box prints each input's label, its default value and its source as a citation."""
    definition = DEFINITIONS[name]
    pages = [p for p in CHAPTER_PAGES if re.search(rf"/ch{definition.chapter}-", p)]
    if not pages:
        pytest.fail(f"{name} names chapter {definition.chapter}, which the book does not have")
    text = flat(pdf_text(pdf_dir / guidance_print.pdf_name(pages[0])))
    heading = text.find("Inputs used for this result Default inputs")
    assert heading >= 0, f"no printed inputs table in chapter {definition.chapter}"
    for label, value, source in inputs_rows(definition, definition.defaults()):
        # a table cell's lines interleave with its neighbours' in the PDF's text: each word
        # pdftotext may drop a hyphen (inside a cell or where a line breaks): compare without
        words = set(re.sub(r"(\w)- (\w)", r"\1\2", text).replace("-", "").split())
        missing = [w for w in flat(f"{label} {value}").replace("-", "").split() if w not in words]
        assert not missing, f"{name}: input {label!r} = {value} is not printed ({missing})"
        for key in bibliography():
            if re.search(rf"(?<![\w.]){key}(?!\w)", source):
                assert short_citation(key) in text, f"{name}: the source {key} is not printed"


def test_register_prints_every_column_a_reader_needs(pdf_dir, book_text):
    text = flat(pdf_text(pdf_dir / "appendix-evidence.pdf"))
    for column in ["Figure", "Value and unit", "Source, year, table or section", "Used in"]:
        assert column in text, f"the printed register has no {column!r} column"
    register = load_register()
    for row in list(register)[:: max(1, len(register) // 25)]:  # every 25th row or so
        assert f"year {row.year};" in text, f"{row.key}: its year is not printed"
        assert short_citation(row.source) in text, f"{row.key}: its source is not printed"
        missing = [w for w in flat(row.description).split() if w not in set(text.split())]
        assert not missing, f"{row.key}: its description is not printed ({missing})"
    assert "socialfinance2020, " not in text, "a source is printed as its raw key"
    assert "Value and unit" in flat(book_text)


def test_chapter_numbers_agree_in_contents_pages_app_and_notes(book_text):
    titles = _chapter_titles()
    assert sorted(titles) == list(range(1, 7))
    cover = flat(book_text.split("\f")[0])
    firsts = [flat(page).strip() for page in book_text.split("\f")]
    from guidance.frontends.web.pages import CHAPTERS

    notes = {
        int(n): title
        for n, title in NOTES_HEADING.findall(
            (ROOT / "book" / "facilitator-notes.md").read_text(encoding="utf-8")
        )
    }
    for number, title in titles.items():
        assert title in cover, f"the contents do not list {title!r}"
        assert any(first.startswith(title) for first in firsts), f"{title!r} starts no page"
        assert title == f"Chapter {number}: {CHAPTERS[number][0]}", "the web pages disagree"
        assert notes.get(number) == title.split(": ", 1)[1], "the facilitator notes disagree"
    assert not re.search(r"\b\d+\. (The right conditions|Contract parameters)", cover)
