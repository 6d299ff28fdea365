"""`actors.csv`: who claims, announces or does things (claimants and event actors)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import country_field, slug_field


class Actors(FactgateModel):
    """One row per actor; unnamed groups ("westliche Geheimdienste") are actors too."""

    actor_id: Series[str] = slug_field(unique=True)
    name: Series[str]
    kind: Series[str]  # a row of data/vocabulary/actor_kinds.csv
    country: Series[str] = country_field(nullable=True)
    role: Series[str] = pa.Field(nullable=True)
