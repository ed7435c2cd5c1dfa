"""Local Sphinx extension for the book: clean pages with no dead weight.

* The calculators' widget state is saved in each executed notebook, and myst-nb embeds it
  in the page as a JSON script. Without a kernel that state can drive nothing (the book
  loads no widget JavaScript), so it is dropped to keep pages light.
* The stock Jupyter Book set-up adds the Thebe configuration script twice, which logs
  "Identifier 'THEBE_JS_URL' has already been declared" in the console; duplicates are
  dropped.
"""

from __future__ import annotations

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, seen = [], set()
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        if attributes.get("type") == WIDGET_STATE:
            continue
        identity = (getattr(script, "filename", None) or "", attributes.get("body"))
        if identity in seen:
            continue
        seen.add(identity)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _drop_widget_state, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
