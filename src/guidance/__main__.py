"""``python -m guidance``: the command line (see :mod:`guidance.frontends.cli`)."""

import sys

from .frontends.cli import main

if __name__ == "__main__":  # not when a server's worker process imports it
    sys.exit(main())
