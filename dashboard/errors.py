"""One exception tree for Incident Map (foundation layer, the lowest: imports nothing).

Every error is also a subclass of the stdlib exception it resembles, so callers that only know the
stdlib can still catch it. Messages name the file (or value) and say what to do. The CLI turns
these into one line on stderr and a non-zero exit; the page into ``st.error``.
"""

from __future__ import annotations


class IncidentMapError(Exception):
    """Base class of every error Incident Map raises on purpose."""


class ArticleError(IncidentMapError, ValueError):
    """An article file cannot be read: missing, empty, binary, undecodable, bad sidecar."""


class DateInputError(IncidentMapError, ValueError):
    """A publication date given by the user is malformed or in the future."""


class GazetteerError(IncidentMapError, ValueError):
    """The gazetteer file is missing or has a malformed row."""


class StoreError(IncidentMapError, RuntimeError):
    """The event store cannot be opened, migrated or written."""


class DatasetError(IncidentMapError, ValueError):
    """A reference dataset file (ACLED, UCDP) cannot be read: missing, undecodable, wrong columns."""


class ExportError(IncidentMapError, RuntimeError):
    """An export cannot be produced (empty selection, blank render, missing renderer)."""


class ValidationError(IncidentMapError, ValueError):
    """A domain value is out of range (latitude beyond ±90, unknown status, ...)."""
