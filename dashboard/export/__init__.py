"""Export layer: the briefing products made from the page's current view (PNG, PDF, HTML, CSV, GeoJSON, KML).

``view`` defines the view (filters, area, size, title) and its command-line flags; ``writers`` joins each format
to its writer (``png`` matplotlib, ``screenshot`` Chromium, ``pdf``, ``html``, ``data``; ``tiles`` and ``fonts``
serve them). May import the map views, the pipeline, the store and everything below; never a face.
"""
