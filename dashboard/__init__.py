"""Incident Map: news articles about incidents in Iraq -> geocoded, reviewable events."""

from pathlib import Path

__version__ = "0.1.0"

#: Repository root when installed from a checkout (editable install); holds data/ and seeds/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
