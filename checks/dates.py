"""Checks on dates: nothing happens after it is reported, and weekdays match their dates."""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check
from factgate.vocabulary import HYPOTHETICAL, kind_of_stage

from ._frames import day as _day

_WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def _hypothetical(figures: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    return kind_of_stage(figures["stage"], stages).eq(HYPOTHETICAL).fillna(False).astype(bool)


def _published(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    # A missing source_id names no source, even if a source row lacks its ID too.
    named = sources[sources["source_id"].notna()]
    dates = named.drop_duplicates("source_id").set_index("source_id")["published_on"]
    # reindex keeps the datetime dtype even when nothing matches (map would give floats)
    matched = dates.reindex(frame["source_id"].astype(object)).to_numpy()
    return pd.Series(matched, index=frame.index, dtype="datetime64[ns]")


def _after_publication(
    frame: pd.DataFrame, published: pd.Series, exempt: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(broken, certainty, severity): start after publication is certain, only the end after
    it (a period reaching past the publication) is possible."""
    start_after = (frame["date_start"] > published).fillna(False).astype(bool)
    end_after = (frame["date_end"] > published).fillna(False).astype(bool)
    certainty = pd.Series(None, index=frame.index, dtype=object)
    certainty[end_after] = "possible"
    certainty[start_after] = "certain"
    broken = (start_after | end_after) & ~exempt
    severity = certainty.map({"certain": "error", "possible": "warning"})
    return broken, certainty, severity


@check("dated-before-publication")
def dated_before_publication(
    figures: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, stages: pd.DataFrame
) -> list[Failures]:
    """Figures and events are dated on or before the publication of their source.

    Why: an article cannot report what has not happened yet; a date after publication is a
    typo (2026 for 2025, 7 for 6). A period that starts before publication and ends after it
    is a warning. Figures whose stage is of kind `hypothetical` are exempt. A plan is dated
    by its announcement, which precedes the report too (the plan's own future date is not a
    column), so plans are checked like reports.
    Fails: `date_start` 2025-07-30 in an article of 2025-07-02. Passes: "am Montag (30.6.25)"
    as 2025-06-30.
    """
    results = []
    for name, frame, exempt in (
        ("figures", figures, _hypothetical(figures, stages)),
        ("events", events, pd.Series(False, index=events.index)),
    ):
        published = _published(frame, sources)
        broken, certainty, severity = _after_publication(frame, published, exempt)
        message = (
            "dated "
            + _day(frame["date_start"])
            + " to "
            + _day(frame["date_end"])
            + ", after its source `"
            + frame["source_id"].astype(str)
            + "` was published on "
            + _day(published)
        )
        results.append(
            Failures(
                name,
                broken,
                message,
                ["source_id", "date_start", "date_end"],
                severity=severity,
                certainty=certainty,
            )
        )
    return results


@check("weekday-matches-date")
def weekday_matches_date(events: pd.DataFrame) -> Failures:
    """A weekday the article states ("am Montag") is the weekday of the event's date.

    Why: "am Montag (30.6.25)" gives the date twice; when the weekday and the date disagree,
    one of them was copied wrongly. Only single-day events are checked.
    Fails: `weekday_stated` Montag with 2025-07-01 (a Dienstag). Passes: Montag, 2025-06-30.
    """
    stated = events["weekday_stated"]
    actual = events["date_start"].dt.day_of_week.map(dict(enumerate(_WEEKDAYS_DE)))
    single_day = events["date_start"].eq(events["date_end"]).fillna(False).astype(bool)
    broken = stated.notna() & actual.notna() & single_day & stated.ne(actual)
    message = (
        "`weekday_stated` "
        + stated.astype(str)
        + " but "
        + _day(events["date_start"])
        + " is a "
        + actual.astype(str)
    )
    return Failures("events", broken, message, ["weekday_stated", "date_start"])


@check("dates-present")
def dates_present(figures: pd.DataFrame, stages: pd.DataFrame) -> Failures:
    """A figure has a date (start, end and precision), unless it is hypothetical.

    Why: a figure without a date cannot be checked against publication or against later
    figures; only a hypothetical ("Wenn ... weitere 6.000", a stage of kind `hypothetical`
    in data/vocabulary/stages.csv) has none. For "bisher" the date is the publication's.
    Fails: a `claimed` figure with no dates. Passes: a `hypothetical` one with no dates.
    """
    undated = figures[["date_start", "date_end", "date_precision"]].isna().all(axis=1)
    broken = undated & ~_hypothetical(figures, stages) & figures["stage"].notna()
    message = (
        "the figure has no date (stage `" + figures["stage"].astype(str) + "`): give "
        '`date_start`, `date_end` and `date_precision`; for "bisher" use the publication day'
    )
    return Failures("figures", broken, message, ["stage", "date_start", "date_end"])
