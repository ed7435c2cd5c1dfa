"""Every calculator as an ordinary web page: the address is the scenario, HTML alone works.

Why Starlette (with uvicorn and Jinja2): it is small, well kept and ASGI, with no ORM, no
sessions and no global state to keep between requests, so any worker process can answer
any request; uvicorn runs it in worker processes, which suits matplotlib (not
thread-safe) better than threads. Flask or FastAPI would work too; FastAPI adds typed
JSON APIs the pages do not need, and Flask's WSGI servers would need a second server for
an asynchronous route.

* :mod:`.pages` - what a page shows, from the address alone (no framework);
* :mod:`.app` - :func:`create_app`, the routes and the one place requests are checked;
* :mod:`.serve` - local mode: uvicorn on 127.0.0.1, the address printed, a browser opened.
"""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
