"""Local Sphinx extension for the book: clean, private and accessible pages.

* The calculators' widget state is saved in each executed notebook, and myst-nb embeds it
  in the page as a JSON script. Without a kernel that state can drive nothing (the book
  loads no widget JavaScript), so it is dropped to keep pages light.
* Jupyter Book always loads sphinx-thebe, which puts a third-party script address
  (unpkg.com) and a Binder configuration in every page, and adds its set-up script twice
  (logging "Identifier 'THEBE_JS_URL' has already been declared"). The book has no
  "run live" button, so all of it is dropped: a page never points the browser at another
  host.
* The theme's ``fontawesome.js`` (1.4 MB, most of each page's weight) is replaced by an
  empty stub after the build; ``_static/guidance.css`` draws the few icons the theme uses
  as small inline SVG masks.
* Accessibility fixes to the theme's HTML, found by the axe-core gate in
  ``tests/test_book_browser.py``:

  - the book title at the top of the side bar sits in a ``<nav>`` landmark, so that no
    content lies outside a landmark (axe rule ``region``);
  - the bibliography list uses ``role="listitem"`` for its entries instead of the
    deprecated ``doc-biblioentry`` role, which is not allowed in a ``role="list"``
    (axe rules ``aria-required-children`` and ``aria-deprecated-role``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from jinja2 import DictLoader

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

THEBE_SCRIPTS = ("sphinx-thebe.js",)
THEBE_BODY = re.compile(
    r"\s*<script type=\"text/x-thebe-config\">.*?</script>\s*"
    r"(?:<script>kernelName = '[^']*'</script>\s*)?",
    re.DOTALL,
)

BRAND_TEMPLATE = "guidance-brand.html"
TEMPLATES = {
    BRAND_TEMPLATE: (
        '<nav class="guidance-brand" aria-label="Book title">{% include "navbar-logo.html" %}</nav>'
    ),
}


def _add_templates(app) -> None:
    """Add (after the theme's, so overriding none) the templates defined here."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "loaders"):
        return
    templates.loaders.append(DictLoader(TEMPLATES))


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = getattr(script, "attributes", {}).get("body") or ""
    return filename.endswith(THEBE_SCRIPTS) or "THEBE_JS_URL" in body


def _clean_page(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        kept, seen = [], set()
        for script in scripts:
            attributes = getattr(script, "attributes", {})
            if attributes.get("type") == WIDGET_STATE or _is_thebe(script):
                continue
            identity = (getattr(script, "filename", None) or "", attributes.get("body"))
            if identity in seen:
                continue
            seen.add(identity)
            kept.append(script)
        context["script_files"] = kept

    body = context.get("body")
    if isinstance(body, str):
        body = THEBE_BODY.sub("\n", body)
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body

    sidebars = context.get("sidebars")
    if sidebars and "navbar-logo.html" in sidebars:
        context["sidebars"] = [
            BRAND_TEMPLATE if name == "navbar-logo.html" else name for name in sidebars
        ]


def _replace_fontawesome(app, exception) -> None:
    """Swap the theme's 1.4 MB fontawesome.js for an empty stub (icons come from CSS)."""
    target = Path(app.outdir) / "_static" / "scripts" / "fontawesome.js"
    if exception is None and target.is_file():
        shutil.copyfile(Path(__file__).with_name("fontawesome-stub.js"), target)


def setup(app):
    app.connect("builder-inited", _add_templates)
    app.connect("build-finished", _replace_fontawesome)
    app.connect("html-page-context", _clean_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
