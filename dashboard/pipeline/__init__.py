"""Pipeline layer: read -> extract -> geocode -> store, the stages joined.

``articles`` reads files and uploads into Articles, ``extraction`` turns one Article into Events (extraction and
geocoding in :mod:`dashboard.extract` and :mod:`dashboard.geo`), ``ingest`` writes them to the store
(:mod:`dashboard.events`). May import the store, extract, geo, text and the foundation; never views, export or a face.
"""
