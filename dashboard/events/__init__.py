"""Store layer: the event table (pandas), its SQLite store, filters and online backup. No extraction here.

``schema`` opens and migrates the file, ``store`` writes articles' events and analysts' edits and reads the
table back, ``table`` gives it dtypes and filters, ``backup`` copies it safely. May import the foundation only
(models, errors, settings); the pipeline writes the store, the page reads it.
"""
