"""Text layer: Arabic and English normalisation with offsets, proclitics, sentence and clause splitting.

Imports nothing of the project: every other layer may use it.
"""
