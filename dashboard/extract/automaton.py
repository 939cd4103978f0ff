"""The name automaton of place mentions (extract layer): every normalised gazetteer name in one Aho-Corasick
automaton, kept in the on-disk cache (:mod:`dashboard.geo.cache`) keyed by a hash of the names.
"""

from __future__ import annotations

import hashlib
import os
import pickle

import ahocorasick

from dashboard.geo.cache import cache_dir, prune_cache
from dashboard.models import Place


def _build_automaton(index: dict[str, tuple[Place, ...]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in index:
        if len(key) < 2:
            continue
        automaton.add_word(key, (key, False))
        if key.startswith("ال") and len(key) > 4 and key[2:] not in index:
            # "للعراق" = ل + العراق with the article's alef dropped
            automaton.add_word(key[2:], (key, True))
    automaton.make_automaton()
    return automaton


def cached_automaton(index: dict[str, tuple[Place, ...]]) -> ahocorasick.Automaton:
    """The automaton over ``index``'s names, from a disk cache keyed by a hash of those names, else built
    (and cached). A cache that cannot be read or written is ignored."""
    library = f"{ahocorasick.__file__}|{os.path.getmtime(ahocorasick.__file__)}"
    digest = hashlib.sha256(f"{AUTOMATON_FORMAT}|{library}|".encode())
    digest.update("\n".join(sorted(index)).encode("utf-8"))
    target = cache_dir() / f"automaton-{digest.hexdigest()[:24]}.pickle"
    try:
        with target.open("rb") as handle:
            automaton = pickle.load(handle)
        if isinstance(automaton, ahocorasick.Automaton):
            return automaton
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    automaton = _build_automaton(index)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(automaton, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
        prune_cache(target.parent, "automaton-")
    except OSError:
        pass
    return automaton


#: Bump when the automaton's values change shape, so stale caches are ignored.
AUTOMATON_FORMAT = 1
