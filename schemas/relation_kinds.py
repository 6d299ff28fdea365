"""`vocabulary/relation_kinds.csv`: how one figure may bear on another."""

from __future__ import annotations

from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field


class RelationKinds(FactgateModel):
    """One row per relation kind. The checks give meaning to `subset_of`, `component_of`,
    `increment_of` and `alternative_claim_of`; another kind is recorded and shown, and no
    check compares its figures."""

    relation: Series[str] = term_field(unique=True)
    description: Series[str]
