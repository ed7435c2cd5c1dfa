"""Links from the published book to the live app: "use your own numbers".

When the book is built with the address of a served app (``$GUIDANCE_APP_URL``, for
example ``https://mybinder.org/v2/gh/OWNER/REPO/main?urlpath=voila/render/`` or a
trainer's ``http://host:8866/voila/render/``), every calculator box links to that
calculator in the app with the page's inputs as URL parameters. Built without one, the
box says how to run the app locally. The link is plain navigation: nothing is fetched
until the reader clicks it.

The app reads the parameters back with :func:`parse_values`, which checks every value
against the calculator's fields and names what is allowed when one is wrong.

This module is pure: no widgets, no formatting.

Example
-------
>>> app_link("ramp_up", {"months": 6}, base="https://app.example/voila/render/")
'https://app.example/voila/render/calculator.ipynb?name=ramp_up&months=6'
>>> app_link("ramp_up", {"months": 6}, base="") is None
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

__all__ = ["ENV_APP_URL", "LOCAL_HINT", "app_base", "app_link", "encode_value", "parse_values"]

ENV_APP_URL = "GUIDANCE_APP_URL"
"""Environment variable holding the served app's render address (ends with ``render/``)."""

LOCAL_HINT = (
    "To use your own numbers, open this calculator in the trainer app: a trainer or your "
    "IT team can start it on a laptop, as the guide's README explains."
)
"""What a calculator box says when the book was built without an app address."""

_RESERVED = {"name", "token", "code"}


def app_base(base: str | None = None) -> str | None:
    """The app's render address: ``base`` if given, else ``$GUIDANCE_APP_URL``; None if unset.

    Only ``http`` and ``https`` addresses are accepted.

    >>> app_base("ftp://x/") is None
    True
    >>> app_base("https://hub.example/user/me/voila/render")
    'https://hub.example/user/me/voila/render/'
    """
    text = os.environ.get(ENV_APP_URL, "") if base is None else base
    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return text if text.endswith("/") else text + "/"


def encode_value(value: Any) -> str:
    """One input as URL text: numbers as plain decimals (shares stay 0-1), text as is.

    >>> encode_value(0.25), encode_value(12), encode_value(True), encode_value("a b")
    ('0.25', '12', 'true', 'a b')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def app_link(name: str, values: Mapping[str, Any], base: str | None = None) -> str | None:
    """The address that opens calculator ``name`` in the app with ``values`` loaded.

    Parameters
    ----------
    name : str
        The calculator's name (``Calculator.name``).
    values : mapping
        The inputs in package units (``Calculator.values()``).
    base : str, optional
        The app's render address; default ``$GUIDANCE_APP_URL``. Empty: no link.

    Returns
    -------
    str or None
        ``base + "calculator.ipynb?name=<name>&<input>=<value>..."``, or None without an
        app address (the box then shows :data:`LOCAL_HINT`).

    Examples
    --------
    >>> app_link("service_sizing", {"reach_per_year": 0.25}, base="http://h:1/voila/render/")
    'http://h:1/voila/render/calculator.ipynb?name=service_sizing&reach_per_year=0.25'
    >>> b = "https://mybinder.org/v2/gh/o/r/main?urlpath=voila/render/"
    >>> app_link("ramp_up", {"months": 6}, base=b)
    'https://mybinder.org/v2/gh/o/r/main?urlpath=voila/render/calculator.ipynb%3Fname%3Dramp_up%26months%3D6'
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a calculator's name (text); got {name!r}")
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of input name to value; got {values!r}")
    root = app_base(base)
    if root is None:
        return None
    query = urlencode([("name", name)] + [(k, encode_value(v)) for k, v in values.items()])
    target = f"calculator.ipynb?{query}"
    if "?" in root:  # Binder: the app address travels inside urlpath=, encoded once more
        return root + quote(target, safe="")
    return root + target


def _number(label: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{label} must be a number; got {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{label} must be a finite number; got {text!r}")
    return value


def parse_values(query: str, fields: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Read inputs from an address's query text, checking each against its field.

    Parameters
    ----------
    query : str
        The query text (``name=ramp_up&months=6``).
    fields : mapping
        ``Calculator.fields``: name -> field with ``kind``, ``label`` and ``options``.

    Returns
    -------
    (values, problems)
        The inputs that passed (package units) and one plain-English line per input that
        did not (unknown name, not a number, a decimal for a whole number, a share outside
        0-1, a choice not offered). Inputs with a problem keep their defaults.

    Examples
    --------
    >>> from types import SimpleNamespace as F
    >>> fields = {"n": F(kind="integer", label="People", options=())}
    >>> parse_values("name=x&n=12", fields)
    ({'n': 12}, [])
    >>> parse_values("n=1.5&zz=3", fields)[1]
    ['People must be a whole number; got 1.5', 'zz is not an input of this calculator']
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, texts in parse_qs(query, keep_blank_values=True).items():
        if key in _RESERVED:
            continue
        text = texts[-1].strip()
        f = fields.get(key)
        if f is None:
            problems.append(f"{key[:40]} is not an input of this calculator")
            continue
        label = getattr(f, "label", key)
        try:
            if f.kind == "integer":
                number = _number(label, text)
                if not number.is_integer():
                    raise ValueError(f"{label} must be a whole number; got {text}")
                values[key] = int(number)
            elif f.kind == "number":
                values[key] = _number(label, text)
            elif f.kind == "percent":
                number = _number(label, text)
                if not 0 <= number <= 1:
                    raise ValueError(f"{label} must be a share between 0 and 1; got {text}")
                values[key] = number
            elif f.kind == "choice":
                allowed = [v for _, v in f.options]
                match = [v for v in allowed if str(v) == text]
                if not match:
                    shown = ", ".join(str(v) for v in allowed)
                    raise ValueError(f"{label} must be one of {shown}; got {text[:40]!r}")
                values[key] = match[0]
            else:
                values[key] = text[:500]
        except ValueError as error:
            problems.append(str(error))
    return values, problems
