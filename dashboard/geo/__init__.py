"""Geo layer: the gazetteer (load, validate, name index), the offline geopy geocoder, transliteration keys and
the one distance function. May import text and the foundation.
"""
