"""Local Sphinx extension: the served calculator pages' address, for every calculator box.

When the book is built with the address of the calculators' served web pages, each
calculator box holds a form with the page's inputs that opens that calculator's page with
them (:mod:`guidance.files.applink`). The address is given in ``_config.yml``::

    sphinx:
      config:
        guidance_app_url: "https://guide.example.org/"

or in the environment variable ``GUIDANCE_APP_URL``, which wins when both are set (so a
publisher can build one checkout for several hosts). Empty in both: the boxes say how to
get their own numbers.

The chapters run in kernels that this Sphinx process starts and that inherit its
environment, so the extension puts the configured address into ``GUIDANCE_APP_URL``
before anything runs. ``guidance_cache`` counts the address in its fingerprint, so a
changed address re-executes the chapters instead of keeping old forms.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

from sphinx.util import logging

from guidance.files.applink import ENV_APP_URL, app_base

CONFIG = "guidance_app_url"
logger = logging.getLogger(__name__)


def app_url(configured: str, environ: MutableMapping[str, str]) -> str:
    """The address the build uses: the environment variable if set, else the config.

    >>> app_url("https://a.example/", {})
    'https://a.example/'
    >>> app_url("https://a.example/", {"GUIDANCE_APP_URL": "http://b.example/"})
    'http://b.example/'
    """
    return (environ.get(ENV_APP_URL) or configured or "").strip()


def apply(configured: str, environ: MutableMapping[str, str]) -> str:
    """Put the address into ``environ`` for the chapters' kernels; return it ('' if none).

    Raises
    ------
    ValueError
        If the address is not an ``http://`` or ``https://`` address.
    """
    value = app_url(configured, environ)
    if not value:
        return ""
    if app_base(value) is None:
        raise ValueError(
            f"{CONFIG} (or ${ENV_APP_URL}) must be an http:// or https:// address of the "
            f"calculators' web pages, such as https://guide.example.org/; got {value!r}"
        )
    environ[ENV_APP_URL] = value
    return value


def _config_inited(app, config) -> None:
    try:
        value = apply(getattr(config, CONFIG, "") or "", os.environ)
    except ValueError as error:
        logger.warning(str(error))
        return
    if value:
        logger.info("calculator boxes submit to the pages at %s", value)


def setup(app):
    app.add_config_value(CONFIG, "", "env", types=[str])
    # before guidance_cache (priority 500) fingerprints the build
    app.connect("config-inited", _config_inited, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
