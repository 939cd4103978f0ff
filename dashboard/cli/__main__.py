"""``python -m dashboard.cli`` (face layer): the same as the ``incident-map`` script."""

import sys

from dashboard.cli import main

sys.exit(main())
