"""Public mode: the calculators as a public web site, one server process per container.

The container (``Dockerfile``) runs ``guidance serve --public --host 0.0.0.0``, which calls
:func:`serve_public`: uvicorn with ``$WEB_CONCURRENCY`` worker processes (1 by default: a
platform scales by starting containers) on ``$PORT`` (8080), each building its app with
:func:`app_from_environment`. Settings come from the environment:

``GUIDANCE_ALLOWED_HOSTS``
    The site's host names, separated by commas (``guide.example.org``); the server also
    answers on 127.0.0.1 and localhost (tests, the container's own health check).
``GUIDANCE_MAX_UPLOAD_MB``
    The largest request in MB (25); the pages answer a file over the calculators' 5 MB
    limit with the readers' own message, so this only cuts off, unread, what is far too
    large to be a return.
``GUIDANCE_RATE_LIMIT``
    Requests per reader's address (``20/second;600/minute``): a morning of commissioners
    behind one council's address stays below it; a script hammering the server does not.
``GUIDANCE_BOOK_URL``
    The published book's address, where each calculator links its chapter.
``FORWARDED_ALLOW_IPS``
    Read by uvicorn: the load balancer's addresses, whose ``X-Forwarded-For`` names the
    reader (``*`` where only the platform's front end can reach the container).

No access log is written (an address holds a reader's inputs), and nothing a reader types
or uploads is stored.

Example
-------
>>> settings = settings_from_environment({"GUIDANCE_ALLOWED_HOSTS": "guide.example.org"})
>>> settings.mode, sorted(settings.hosts)[:2], settings.rate
('public', ['127.0.0.1', '[::1]'], '20/second;600/minute')
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import uvicorn
from limits import parse_many

from .app import Settings, create_app

__all__ = ["DEFAULT_RATE", "app_from_environment", "serve_public", "settings_from_environment"]

DEFAULT_RATE = "20/second;600/minute"
"""Requests allowed per reader's address unless ``GUIDANCE_RATE_LIMIT`` says otherwise."""


def settings_from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """Public mode's :class:`Settings` from the environment (see the module).

    Raises
    ------
    ValueError
        Naming the variable and what is allowed.
    """
    env = os.environ if environ is None else environ
    names = [h.strip().lower() for h in env.get("GUIDANCE_ALLOWED_HOSTS", "").split(",")]
    names = [h for h in names if h]
    for name in names:
        if "/" in name or " " in name or name.startswith("*"):
            raise ValueError(
                "GUIDANCE_ALLOWED_HOSTS must be host names separated by commas, such as "
                f"guide.example.org (no scheme, path or wildcard); got {name!r}"
            )
    text = env.get("GUIDANCE_MAX_UPLOAD_MB", "25").strip()
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not 0.1 <= megabytes <= 100:
        raise ValueError(f"GUIDANCE_MAX_UPLOAD_MB must be a number from 0.1 to 100; got {text!r}")
    rate = env.get("GUIDANCE_RATE_LIMIT", DEFAULT_RATE).strip()
    try:
        parse_many(rate)
    except ValueError:
        raise ValueError(
            f"GUIDANCE_RATE_LIMIT must be limits such as 20/second;600/minute; got {rate[:60]!r}"
        ) from None
    port = int(env.get("PORT", "8080")) if env.get("PORT", "8080").isdigit() else 8080
    hosts = tuple(names) + ("127.0.0.1", "localhost", "[::1]")
    return Settings(
        mode="public",
        port=port,
        book_url=env.get("GUIDANCE_BOOK_URL", "").strip(),
        hosts=hosts,
        max_upload_bytes=int(megabytes * 1_000_000),
        rate=rate,
    )


def app_from_environment():
    """The public site's app (uvicorn's factory in each worker process)."""
    return create_app(settings_from_environment())


def serve_public(host: str = "0.0.0.0", port: int | None = None) -> int:
    """Run the public site until stopped; the exit status (2 with a message for bad settings).

    ``port`` defaults to ``$PORT`` (8080; Cloud Run sets it), the worker count to
    ``$WEB_CONCURRENCY`` (1).
    """
    try:
        settings_from_environment()  # a bad setting stops here, with its message
        port = port if port is not None else int(os.environ.get("PORT", "8080"))
        workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
    except ValueError as error:
        print(f"Problem: {error}", file=sys.stderr)
        return 2
    if not 1 <= workers <= 64:
        print(f"WEB_CONCURRENCY must be from 1 to 64; got {workers}", file=sys.stderr)
        return 2
    os.environ["PORT"] = str(port)
    uvicorn.run(
        "guidance.frontends.web.public:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # an address holds a reader's inputs: never logged
        server_header=False,
        log_level="warning",
        lifespan="off",
        proxy_headers=True,
    )
    return 0
