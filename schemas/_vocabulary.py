"""Controlled vocabularies and patterns shared by the table schemas.

Each list is the complete set of words a column may hold; adding a word is a schema change that
the checks in `checks/` may need to learn about (e.g. a new `quantity` needs its unit in
`UNITS_FOR_QUANTITY`).
"""

from __future__ import annotations

from factgate.schema import SLUG

SLUG_FIELD = {"str_matches": rf"^{SLUG}$", "description": "a lowercase slug such as `troops-deployed-west`"}
COUNTRY = {"str_matches": r"^[A-Z]{3}$", "description": "an ISO 3166-1 alpha-3 code such as `PRK`"}
LANGUAGE = {"str_matches": r"^[a-z]{2}$", "description": "an ISO 639-1 code such as `de`"}

ACTOR_KINDS = [
    "person", "intelligence_service", "government", "military", "media", "unnamed_officials",
    "analysts",
]
QUANTITIES = [
    "troops_deployed",       # soldiers sent to fight
    "workers_pledged",       # engineers and labourers promised
    "casualties_kwc",        # killed, wounded or captured
    "casualties_kw",         # killed or wounded
    "casualties_killed",
    "munitions_delivered",   # shells, rockets and missiles handed over
    "coffins_shown",         # coffins visible in footage
]
#: Which units make sense for each quantity (used by the `unit-fits-quantity` check).
UNITS_FOR_QUANTITY = {
    "troops_deployed": ("persons",),
    "workers_pledged": ("persons",),
    "casualties_kwc": ("persons",),
    "casualties_kw": ("persons",),
    "casualties_killed": ("persons",),
    "munitions_delivered": ("rounds", "items"),
    "coffins_shown": ("items",),
}
UNITS = sorted({unit for units in UNITS_FOR_QUANTITY.values() for unit in units})
HEDGES = [
    "exact", "approx", "more_than", "at_least", "up_to", "less_than", "just_under", "range",
    "vague_plural",
]
STAGES = ["claimed", "announced", "delivered", "visually_confirmed", "hypothetical"]
PRECISIONS = ["day", "week", "month", "year", "range"]
EVENT_KINDS = ["visit", "announcement", "confirmation", "ceremony", "broadcast", "publication"]
RELATIONS = ["subset_of", "component_of", "increment_of", "alternative_claim_of"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
#: Evidence is a short quote, not a paragraph (design section 3: at most ~15 words).
EVIDENCE_MAX_CHARS = 160
