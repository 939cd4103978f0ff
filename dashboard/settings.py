"""Settings declared once: name, environment variable, default, help (foundation layer: imports nothing).

Precedence is flag > environment variable > default; :func:`resolve` applies it. The CLI builds its
options from :data:`SETTINGS` so help texts never drift from the defaults. Every environment variable the
product reads is declared here and read through :func:`resolve`, nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db", "INCIDENT_MAP_DB", "incident-map.db",
                "event store: a SQLite file, or postgresql://USER@HOST:PORT/DBNAME for a team"),
        Setting(
            "gazetteer", "INCIDENT_MAP_GAZETTEER", "", "gazetteer file(s), ':'-separated; default: the shipped one"
        ),
        Setting("port", "INCIDENT_MAP_PORT", "8501", "port of the dashboard server"),
        Setting(
            "host", "INCIDENT_MAP_HOST", "127.0.0.1",
            "address the dashboard binds (keep 127.0.0.1 unless behind a proxy)",
        ),
        Setting(
            "trusted_user_header", "INCIDENT_MAP_TRUSTED_USER_HEADER", "",
            "HTTP header naming the signed-in analyst, set by the authenticating proxy (e.g. X-Forwarded-User); "
            "without it the page asks for a name",
        ),
        Setting(
            "tiles", "INCIDENT_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "tile URL template of the basemap; 'offline' uses only the bundled basemap",
        ),
        Setting(
            "made_at", "INCIDENT_MAP_MADE_AT", "",
            "the 'made at' time of exports (ISO date-time), for reproducible files; default: now",
        ),
        Setting("chromium", "INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium", "Chromium binary of the PNG screenshot"),
        Setting(
            "cache", "INCIDENT_MAP_CACHE", "",
            "folder of the parsed-gazetteer cache; default: $XDG_CACHE_HOME/incident-map or ~/.cache/incident-map",
        ),
        Setting("xdg_cache", "XDG_CACHE_HOME", "", "the user's cache folder (XDG base directories); default ~/.cache"),
        Setting(
            "gazetteer_sources", "INCIDENT_MAP_WOF_DIR", "",
            "folder of the village-scale gazetteer sources read by scripts/build_gazetteer.py; "
            "default ../shared/gazetteer-sources",
        ),
    )
}


def resolve(name: str, flag_value: str | None = None) -> str:
    """Value of setting ``name``: the flag if given, else its environment variable, else the default."""
    setting = SETTINGS[name]
    if flag_value not in (None, ""):
        return str(flag_value)
    return os.environ.get(setting.env) or setting.default
