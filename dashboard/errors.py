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


class EditConflict(StoreError):
    """An analyst's edit was made on a version of the event that another analyst has changed since.

    Nothing was written. ``mine`` holds the refused changes, ``theirs`` the event as it is now stored, and
    ``since`` the edits made after ``version`` (who, when, which field), so both versions can be shown.
    """

    def __init__(self, event_id: str, version: int, theirs: dict, mine: dict, since: list[dict]) -> None:
        self.event_id, self.version, self.theirs, self.mine, self.since = event_id, version, theirs, mine, since
        who = sorted({e.get("analyst") or "someone" for e in since}) or ["someone"]
        when = max((e.get("edited_at") or "" for e in since), default="")
        fields = sorted({e["field"] for e in since if e.get("field")})
        what = f" ({', '.join(fields)})" if fields else ""
        at = f" at {when}" if when else ""
        super().__init__(
            f"event {event_id} was changed since you opened it: {' and '.join(who)} changed it{at}{what}. "
            "Your changes were not saved; compare both versions and save again on the current one."
        )


class DatasetError(IncidentMapError, ValueError):
    """A reference dataset file (ACLED, UCDP) cannot be read: missing, undecodable, wrong columns."""


class GeocodeInputError(IncidentMapError, ValueError):
    """A names file or CSV that cannot be geocoded (missing, unreadable, no such column)."""


class ExportError(IncidentMapError, RuntimeError):
    """An export cannot be produced (empty selection, blank render, missing renderer)."""


class ValidationError(IncidentMapError, ValueError):
    """A domain value is out of range (latitude beyond ±90, unknown status, ...)."""
