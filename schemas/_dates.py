"""Row checks on date spans shared by figures and events (vectorised, null-tolerant)."""

from __future__ import annotations

import pandas as pd


def span_agrees_with_precision(df: pd.DataFrame) -> pd.Series:
    """True where `date_precision` fits `date_start`..`date_end` (rows without dates pass).

    day: one day; week: Monday to Sunday; month: first to last day of one month; year: 1 January
    to 31 December; range: start before end (a period known only by its bounds).
    """
    start, end, precision = df["date_start"], df["date_end"], df["date_precision"]
    present = start.notna() & end.notna() & precision.notna()
    day = start.eq(end)
    week = start.dt.day_of_week.eq(0) & (end - start).eq(pd.Timedelta(days=6))
    month = start.dt.is_month_start & end.eq(start + pd.offsets.MonthEnd(0))
    year = start.dt.is_year_start & end.eq(start + pd.offsets.YearEnd(0))
    span = start.lt(end)
    fits = (
        (precision.eq("day") & day)
        | (precision.eq("week") & week)
        | (precision.eq("month") & month)
        | (precision.eq("year") & year)
        | (precision.eq("range") & span)
    )
    result: pd.Series = (~present | fits.fillna(False)).astype(bool)
    return result


def dates_complete(df: pd.DataFrame) -> pd.Series:
    """True where start, end and precision are all set or all empty."""
    filled = df[["date_start", "date_end", "date_precision"]].notna().sum(axis=1)
    return filled.isin([0, 3])


def start_not_after_end(df: pd.DataFrame) -> pd.Series:
    """True where `date_start` <= `date_end` or either is missing."""
    return ~(df["date_start"] > df["date_end"]).fillna(False).astype(bool)
