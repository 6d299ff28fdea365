"""What the checks know about each `quantity`: its units, whether it accumulates, and the German
words an evidence phrase for it uses. A registry test keeps these keys equal to the schema's
`QUANTITIES` vocabulary, so a new quantity cannot slip past the checks unexplained.
"""

from __future__ import annotations

#: Units that make sense for each quantity.
UNITS_FOR_QUANTITY: dict[str, tuple[str, ...]] = {
    "troops_deployed": ("persons",),
    "workers_pledged": ("persons",),
    "casualties_kwc": ("persons",),
    "casualties_kw": ("persons",),
    "casualties_killed": ("persons",),
    "munitions_delivered": ("rounds", "items"),
    "coffins_shown": ("items",),
}

#: Quantities that only grow over time for one claimant and subject (totals "so far").
CUMULATIVE = frozenset(
    {
        "troops_deployed",
        "casualties_kwc",
        "casualties_kw",
        "casualties_killed",
        "munitions_delivered",
    }
)

#: Casualty quantities, each of which is part of the troops deployed.
CASUALTIES = ("casualties_kwc", "casualties_kw", "casualties_killed")

#: For each quantity, a regex the evidence must match and one it must not (case-insensitive).
#: The exclusions tell apart quantities that share words: "getötet, verwundet oder gefangen" is
#: casualties_kwc, not casualties_kw.
EVIDENCE_WORDS: dict[str, tuple[str, str | None]] = {
    "troops_deployed": (r"soldat|truppe|kämpfer|streitkräfte", r"getötet|tote\b|verwundet"),
    "workers_pledged": (r"arbeiter|ingenieur|arbeitskr", None),
    "casualties_kwc": (r"gefangen", None),
    "casualties_kw": (r"tote|getötet|gefallen|verwundet", r"gefangen"),
    "casualties_killed": (r"tote|getötet|gefallen", r"verwundet|gefangen"),
    "munitions_delivered": (r"geschoss|granate|rakete|munition|schuss", None),
    "coffins_shown": (r"sarg|särge", None),
}
