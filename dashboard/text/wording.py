"""Counted nouns for messages (text layer): "1 event", "2 events", never "1 events".

>>> counted(1, "event"), counted(3, "event"), counted(1, "unchanged article")
('1 event', '3 events', '1 unchanged article')
>>> counted(2, "unchanged article")
'2 unchanged articles'
"""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one (thousands separated: "1,204 events")."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{n:,} {noun}"
