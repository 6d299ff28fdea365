"""`actors.csv`: who claims, announces or does things (claimants and event actors)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import ACTOR_KINDS, COUNTRY, SLUG_FIELD


class Actors(FactgateModel):
    """One row per actor; unnamed groups ("westliche Geheimdienste") are actors too."""

    actor_id: Series[str] = pa.Field(unique=True, **SLUG_FIELD)
    name: Series[str]
    kind: Series[str] = pa.Field(isin=ACTOR_KINDS)
    country: Series[str] = pa.Field(nullable=True, **COUNTRY)
    role: Series[str] = pa.Field(nullable=True)
