"""Extract layer: what one article says happened, where and when (place mentions, roles, dates, incident types,
casualties, actors), from lexicons kept as package data in ``lexicon/``.

May import geo (place names are matched against the gazetteer), text and the foundation; never the store.
"""
