"""`event_actors.csv`: further parties to an event (both states of an agreement, a host)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import slug_field


class EventActors(FactgateModel):
    """One row per party to an event beyond its `actor_id` (who acted first or chiefly)."""

    event_id: Series[str] = slug_field()
    actor_id: Series[str] = slug_field()
    role: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ["event_id", "actor_id"]  # noqa: RUF012 (Pandera reads a plain class attribute)
