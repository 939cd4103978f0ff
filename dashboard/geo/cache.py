"""The on-disk cache of parsed data (geo layer): gazetteers and name automatons, keyed by their files' content.

Where it lives is the ``cache`` setting (``INCIDENT_MAP_CACHE``), else ``$XDG_CACHE_HOME/incident-map`` or
``~/.cache/incident-map``. A cache that cannot be read or written is ignored by its users: loading never fails
because of it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from dashboard.settings import resolve


def cache_dir() -> Path:
    """Where parsed gazetteers are cached: $INCIDENT_MAP_CACHE, else $XDG_CACHE_HOME or ~/.cache/incident-map."""
    own = resolve("cache")
    if own:
        return Path(own)
    base = resolve("xdg_cache")
    return (Path(base) if base else Path.home() / ".cache") / "incident-map"


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading 22,000 places allocates only acyclic objects, and its
    passes over them would triple the time in a process that already holds many objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Cached copies kept per kind (older ones, of gazetteers since edited, are deleted).
CACHE_KEEP = 4


def prune_cache(folder: Path, prefix: str) -> None:
    """Delete all but the CACHE_KEEP newest ``prefix*.pickle`` files in ``folder``."""
    files = sorted(folder.glob(f"{prefix}*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
