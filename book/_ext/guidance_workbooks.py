"""Local Sphinx extension: every calculator's Excel workbook, built with the book.

After the HTML is written, each calculator that has a workbook
(:mod:`guidance.files.workbooks`) gets ``book/workbooks/NAME.xlsx`` beside the chapter
pages, at the evidence defaults, recalculated by one LibreOffice run so the numbers show
in any viewer. Each calculator box links to its workbook (``workbooks/NAME.xlsx``).
"""

from __future__ import annotations

import time
from pathlib import Path

from sphinx.util import logging

from guidance.files.workbooks import FOLDER, names, write_workbooks

logger = logging.getLogger(__name__)


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "book" / FOLDER
    started = time.perf_counter()
    paths = write_workbooks([(name, None, folder / f"{name}.xlsx") for name in names()])
    logger.info(
        "wrote %d workbooks to %s in %.1f s", len(paths), folder, time.perf_counter() - started
    )


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
