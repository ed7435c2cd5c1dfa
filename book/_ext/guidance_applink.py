"""Local Sphinx extension: the served app's address, for every calculator box's link.

When the book is built with the address of a served app, each calculator box offers a
"use your own numbers" link that opens that calculator in the app with the page's inputs
(:mod:`guidance.files.applink`). The address is given in ``_config.yml``::

    sphinx:
      config:
        guidance_app_url: "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=voila/render/app/"

or in the environment variable ``GUIDANCE_APP_URL``, which wins when both are set (so a
publisher can build one checkout for several hosts). Empty in both: the boxes say how to
run the app locally.

The chapters run in kernels that this Sphinx process starts and that inherit its
environment, so the extension puts the configured address into ``GUIDANCE_APP_URL``
before anything runs. ``guidance_cache`` counts the address in its fingerprint, so a
changed address re-executes the chapters instead of keeping old links.
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

    >>> app_url("https://a.example/voila/render/", {})
    'https://a.example/voila/render/'
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
            f"app's render folder, such as https://mybinder.org/v2/gh/OWNER/REPO/HEAD"
            f"?urlpath=voila/render/app/; got {value!r}"
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
        logger.info("calculator boxes link to the app at %s", value)


def setup(app):
    app.add_config_value(CONFIG, "", "env", types=[str])
    # before guidance_cache (priority 500) fingerprints the build
    app.connect("config-inited", _config_inited, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
