"""Incident Map: news articles about incidents in Iraq -> geocoded, reviewable events.

The package is layered along the pipeline it implements (docs/architecture.md): faces (``cli``, ``app``) ->
``export`` -> ``views`` -> ``pipeline`` -> ``events`` (the store) -> ``extract`` -> ``geo`` -> ``text`` ->
``models``, ``errors``, ``settings``, ``resources``; each imports only the layers below it (import-linter checks).
"""

__version__ = "0.1.0"
