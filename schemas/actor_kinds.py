"""`vocabulary/actor_kinds.csv`: what kinds of actor `actors.csv` holds."""

from __future__ import annotations

from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field


class ActorKinds(FactgateModel):
    """One row per kind of actor (person, intelligence service, government...)."""

    kind: Series[str] = term_field(unique=True)
    description: Series[str]
