"""``python -m guidance``: the command line (see :mod:`guidance.frontends.cli`)."""

import sys

from .frontends.cli import main

sys.exit(main())
