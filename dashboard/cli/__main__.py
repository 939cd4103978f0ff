"""``python -m dashboard.cli`` (face layer): the same as the ``incident-map`` script."""

import sys

from dashboard.cli import main

if __name__ == "__main__":  # Dask's local workers re-import the main module: run only in the parent
    sys.exit(main())
