"""``python -m guidance``: the command line (see :mod:`guidance.cli`)."""

import sys

from .cli import main

sys.exit(main())
