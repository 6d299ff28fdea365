"""`vocabulary/stages.csv`: how far a figure is from fact (claimed, announced, hypothetical...)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import STAGE_KINDS, term_field, terms_field


class Stages(FactgateModel):
    """One row per stage, with the kind the checks reason over: a `report` of what happened,
    a `plan` (announced, dated by its announcement), or a `hypothetical` (may have no dates,
    never compared with reports)."""

    stage: Series[str] = term_field(unique=True)
    description: Series[str]
    kind: Series[str] = pa.Field(isin=STAGE_KINDS)
    #: German word stems that mark this stage in an article (`factgate extract` reads them).
    evidence_words: Series[str] = terms_field(nullable=True)
