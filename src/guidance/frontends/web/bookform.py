"""A calculator box's form in the book: the calculator's inputs, for its web page.

When the book is built with the address of the served pages (``guidance_app_url`` or
``$GUIDANCE_APP_URL``, read by :func:`guidance.files.applink.app_base`), each calculator
box ends with :func:`app_form_html`: a plain HTML form written at build time from the
definition, with the page's values filled in the way the pages themselves write them
(:func:`~guidance.frontends.web.pages.typed_value`, labels by
:func:`~guidance.frontends.web.pages.field_label`), submitted by GET to the calculator's
page. Nothing leaves the book's page until the reader presses the button.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ...files.applink import app_action
from .pages import field_label, typed_value

__all__ = ["app_form_html"]


def app_form_html(definition: Any, values: Mapping[str, Any], base: str | None = None) -> str:
    """A calculator box's form: every input with the page's value, submitted to its page.

    Written once, when the book is built, from the definition: each input's label, unit,
    help and allowed values, its value in the page, and the calculator's version (``v``,
    so a page opened years later says which inputs were added since). The form is
    submitted by GET to the calculator's page on the served app; nothing is sent before
    the reader presses the button, and the form has no script.

    Parameters
    ----------
    definition : Definition
        The calculator.
    values : mapping
        The page's inputs (package units).
    base : str, optional
        The pages' address; default ``$GUIDANCE_APP_URL``.

    Returns
    -------
    str
        The form's HTML, or ``""`` without an address.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> d = get("ramp_up")
    >>> form = app_form_html(d, d.defaults(), base="https://guide.example.org/")
    >>> 'action="https://guide.example.org/calculators/ramp_up"' in form
    True
    >>> 'method="get"' in form and "<script" not in form
    True
    """
    action = app_action(definition.name, base)
    if action is None:
        return ""
    prefix = f"guidance-{definition.name}"
    rows = []
    for item in definition.inputs:
        field_id = f"{prefix}-{item.name}"
        hint_id = f"{field_id}-hint"
        value = typed_value(item, values[item.name])
        hint = " ".join(p for p in (item.help, f"Allowed: {item.allowed}.") if p)
        if item.kind == "choice":
            options = "".join(
                f'<option value="{html.escape(typed_value(item, v))}"'
                f"{' selected' if typed_value(item, v) == value else ''}>"
                f"{html.escape(label)}</option>"
                for label, v in item.options
            )
            control = (
                f'<select id="{field_id}" name="{html.escape(item.name)}" '
                f'aria-describedby="{hint_id}">{options}</select>'
            )
        else:
            mode = ' inputmode="decimal"' if item.kind != "text" else ""
            control = (
                f'<input id="{field_id}" name="{html.escape(item.name)}" type="text"'
                f'{mode} value="{html.escape(value)}" aria-describedby="{hint_id}"'
                ' autocomplete="off" spellcheck="false">'
            )
        rows.append(
            f'<div class="guidance-field"><label for="{field_id}">'
            f"{html.escape(field_label(item))}</label>"
            f'<p class="guidance-help" id="{hint_id}">{html.escape(hint)}</p>{control}</div>'
        )
    host = urlsplit(action).netloc
    return (
        f'<form class="guidance-app-form" method="get" action="{html.escape(action)}"'
        " novalidate><fieldset><legend>Your numbers</legend>"
        f"{''.join(rows)}"
        f'<input type="hidden" name="v" value="{definition.version}">'
        '</fieldset><p><button type="submit" class="guidance-app-submit">'
        "Calculate with your numbers</button></p>"
        f'<p class="guidance-help">This opens the calculator at {html.escape(host)} with the '
        "numbers above. Nothing is sent until you press the button.</p></form>"
    )
