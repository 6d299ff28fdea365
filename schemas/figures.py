"""`figures.csv`: one row per number an article reports, as an interval with its hedge."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._dates import dates_complete, span_agrees_with_precision, start_not_after_end
from ._vocabulary import EVIDENCE_MAX_CHARS, HEDGES, PRECISIONS, country_field, slug_field

#: For each hedge, which of (value_low, value_best, value_high) must be set (True), must be
#: empty (False) or may be either (None). Design section 3: never invent bounds.
BOUNDS_FOR_HEDGE: dict[str, tuple[bool | None, bool | None, bool | None]] = {
    "exact": (True, True, True),
    "approx": (False, True, False),
    "more_than": (True, False, False),
    "at_least": (True, False, False),
    "vague_plural": (True, False, False),
    "up_to": (False, False, True),
    "less_than": (False, False, True),
    "just_under": (False, False, True),
    "range": (True, None, True),
}


class Figures(FactgateModel):
    """A reported figure: who claims it, of what, how hedged, when it holds, and the quote."""

    figure_id: Series[str] = slug_field(unique=True)
    source_id: Series[str] = slug_field()
    claimant_id: Series[str] = slug_field()
    subject: Series[str] = country_field()
    # quantity, unit and stage name rows of data/vocabulary/ (foreign keys in datapackage.json)
    quantity: Series[str]
    unit: Series[str]
    value_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    value_best: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    value_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    hedge: Series[str] = pa.Field(isin=HEDGES)
    increment: Series[pd.BooleanDtype]
    stage: Series[str]
    date_start: Series[pd.Timestamp] = pa.Field(nullable=True)
    date_end: Series[pd.Timestamp] = pa.Field(nullable=True)
    date_precision: Series[str] = pa.Field(nullable=True, isin=PRECISIONS)
    evidence: Series[str] = pa.Field(str_length={"max_value": EVIDENCE_MAX_CHARS})
    location: Series[str] = pa.Field(nullable=True)
    notes: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(
        error="bounds out of order: `value_low` {value_low}, `value_best` {value_best}, "
        "`value_high` {value_high}; expected low <= best <= high",
    )
    def _bounds_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """`value_low` <= `value_best` <= `value_high` wherever both sides are set.

        Why: an interval whose low end exceeds its high end contradicts itself and breaks
        every comparison made with it. Fails: low 12000, best 11000. Passes: low 10000,
        high 12000.
        """
        low, best, high = df["value_low"], df["value_best"], df["value_high"]
        broken = (
            (low > best).fillna(False) | (best > high).fillna(False) | (low > high).fillna(False)
        )
        return ~broken.astype(bool)

    @pa.dataframe_check(
        error="`hedge` {hedge} does not fit the bounds set (low {value_low}, best {value_best}, "
        "high {value_high}); see the hedge table in README.md",
    )
    def _hedge_matches_bounds(cls, df: pd.DataFrame) -> pd.Series:
        """The hedge says which bounds are set: the article's words, never invented bounds.

        Why: "rund 11.000" states a point, not a range; inventing 10.000-12.000 puts words in
        the article's mouth. exact: low = best = high; approx: best only; more_than,
        at_least, vague_plural: low only; up_to, less_than, just_under: high only;
        range: low and high. Fails: `approx` with low 10000 and best 11000. Passes: `approx`
        with best 11000 alone.
        """
        ok = pd.Series(False, index=df.index)
        present = [df[c].notna() for c in ("value_low", "value_best", "value_high")]
        for hedge, pattern in BOUNDS_FOR_HEDGE.items():
            fits = df["hedge"].eq(hedge)
            for is_set, wanted in zip(present, pattern, strict=True):
                if wanted is not None:
                    fits &= is_set.eq(wanted)
            ok |= fits.fillna(False)
        exact = df["hedge"].eq("exact")
        same = df["value_low"].eq(df["value_best"]) & df["value_best"].eq(df["value_high"])
        ok &= ~(exact & ~same.fillna(False)).fillna(False)
        unknown_hedge = ~df["hedge"].isin(list(BOUNDS_FOR_HEDGE))
        return (ok | unknown_hedge).astype(bool)

    @pa.dataframe_check(
        error="`date_start` {date_start} is after `date_end` {date_end}",
    )
    def _dates_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """`date_start` is on or before `date_end`.

        Why: a period that ends before it starts is a typo in one of the two dates.
        Fails: 2025-07-02 to 2025-06-30. Passes: 2025-06-30 to 2025-07-02.
        """
        return start_not_after_end(df)

    @pa.dataframe_check(
        error="`date_precision` {date_precision} does not fit {date_start} to {date_end}",
    )
    def _precision_matches_span(cls, df: pd.DataFrame) -> pd.Series:
        """The precision agrees with the span of the dates.

        Why: "im Mai" is 2025-05-01 to 2025-05-31 with precision month; a month precision
        on a one-day span claims a precision the article does not give. day: start = end;
        week: Monday to Sunday; month: first to last day; year: whole year; range: start
        before end. Fails: month, 2025-05-01 to 2025-05-30. Passes: month, 2025-05-01 to
        2025-05-31.
        """
        return span_agrees_with_precision(df)

    @pa.dataframe_check(
        error="dates incomplete (start {date_start}, end {date_end}, precision "
        "{date_precision}): give all three, or none for a figure without a date",
    )
    def _dates_complete(cls, df: pd.DataFrame) -> pd.Series:
        """A figure's start, end and precision are given together or not at all.

        Why: a start without an end (or a date without its precision) cannot be compared with
        the publication date or with other figures. Whether a figure may have no date at all
        is the check `dates-present`'s (only a hypothetical may). Fails: `date_start`
        2025-07-02 with no `date_end`. Passes: all three, or none.
        """
        return dates_complete(df)
