"""ACLED's coding conventions (store layer, vocabulary shared by the importers and the ``acled-csv`` export).

ACLED groups its event types into disorder types; codes actors by kind (``inter1``/``inter2``: 1 state forces,
2 rebel groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other
forces) and their pairing (``interaction``: the two codes, smaller first, "60" for protesters alone); marks
"Civilian targeting"; and writes countries with their ISO 3166 numeric code. The matcher's event-type families are
ACLED's disorder types.

>>> disorder_type("Protests", "Excessive force against protesters"), interaction("2", "4"), interaction("6", "")
('Political violence; Demonstrations', '24', '60')
"""

from __future__ import annotations

DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
#: Sub-event types ACLED counts under two disorder types.
BOTH = {"Excessive force against protesters", "Mob violence"}
#: ACLED's inter codes by actor kind.
INTER_CODES: dict[str, str] = {
    "state": "1", "rebel": "2", "political_militia": "3", "identity_militia": "4", "rioters": "5",
    "protesters": "6", "civilians": "7", "external": "8",
}
#: country_code -> (ISO numeric, ACLED country name, ACLED region), for Iraq and its neighbours.
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "IQ": ("368", "Iraq", "Middle East"), "SY": ("760", "Syria", "Middle East"), "IR": ("364", "Iran", "Middle East"),
    "TR": ("792", "Turkey", "Middle East"), "KW": ("414", "Kuwait", "Middle East"),
    "SA": ("682", "Saudi Arabia", "Middle East"), "JO": ("400", "Jordan", "Middle East"),
}
COUNTRY_CODES = {name: code for code, (_, name, _) in COUNTRIES.items()}


def disorder_type(event_type: str, sub_event_type: str = "") -> str:
    """ACLED's disorder type of an event type ('' when the type is not ACLED's)."""
    if sub_event_type in BOTH:
        return "Political violence; Demonstrations"
    return DISORDER_TYPES.get(event_type, "")


def family(event_type: str) -> str:
    """The event-type family the matcher compares: ACLED's disorder type, or the type itself when unknown."""
    return DISORDER_TYPES.get(event_type, event_type)


def interaction(inter1: str, inter2: str) -> str:
    """ACLED's interaction code of two inter codes ('' when the first actor's kind is unknown)."""
    codes = sorted(c for c in (inter1.strip(), inter2.strip()) if c and c != "0")
    if not inter1.strip() or inter1.strip() == "0":
        return ""
    return codes[0] + "0" if len(codes) == 1 else codes[0] + codes[1]


def is_civilian_targeting(event_type: str, inter2: str) -> bool:
    """Civilians are the target: violence against civilians, or any event whose second actor is civilians."""
    return event_type == "Violence against civilians" or inter2.strip() == INTER_CODES["civilians"]
