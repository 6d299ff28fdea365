"""Find the dates of a sentence and resolve them against the publication date.

A German article dates things relative to its own day: "am Montag", "im Mai", "diese Woche",
"im vergangenen Jahr", "bisher". A draft row needs calendar dates with the precision the
words commit to (docs/data-model.md): a day, a week, a month, a year, or a range between two
days. The rules, each a named case in tests/test_extract.py:

* explicit dates ("2. Juli 2025", "30.6.25", "(30.6.25)", "2025-07-02") are days; a date
  without a year ("am 30. Juni", "im Mai") is the latest one on or before publication;
* a weekday ("am Montag", "Dienstagabend") is the latest such day on or before publication
  and is kept as `weekday_stated`; a weekday followed by an explicit date takes that date;
* the current month or year so far ("im Juli" in July, "in diesem Jahr") runs from its first
  day to publication, as `range`, so no draft is dated after its source;
* "diese Woche" runs from that week's Monday to publication (`range`); "vergangene Woche" is
  the whole previous week (`week`); "im vergangenen Jahr" the previous year (`year`);
* "heute", "gestern", "vorgestern" are days; "am Wochenende" the last Saturday and Sunday;
* "bisher", "inzwischen", "derzeit", "bislang" mean "as of publication": the publication day,
  marked `as_of` so that it dates a figure but is no event of its own.

Month and weekday names are the language, not a dataset's content, so they live here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from factgate.extract.spans import Occupied

__all__ = ["WEEKDAYS", "DatePhrase", "find_dates"]

Precision = Literal["day", "week", "month", "year", "range"]
Kind = Literal["explicit", "relative", "as_of"]

WEEKDAYS: Final = (
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
)  # fmt: skip
_MONTHS: Final = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "jan.": 1, "feb.": 2, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8, "sep.": 9,
    "sept.": 9, "okt.": 10, "nov.": 11, "dez.": 12,
}  # fmt: skip
_AS_OF: Final = ("bisher", "bislang", "inzwischen", "mittlerweile", "derzeit", "zurzeit")

_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_EXPLICIT_NUMERIC = r"(?P<d>[0-3]?[0-9])\.(?P<m>[01]?[0-9])\.(?P<y>(?:19|20)?[0-9]{2})?"

_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])\b"),
        (
            "weekday_date",
            rf"\b(?:am\s+)?(?P<wd>{_WEEKDAY})(?:abend|morgen|nachmittag|vormittag|mittag)?"
            rf"\s*(?:\(\s*{_EXPLICIT_NUMERIC}\s*\)|,?\s+(?:dem\s+|den\s+)?"
            rf"(?P<d2>[0-3]?[0-9])\.\s*(?P<mn>{_MONTH})(?:\s+(?P<y2>(?:19|20)[0-9]{{2}}))?)",
        ),
        (
            "day_month",
            rf"\b(?:am\s+|vom\s+|zum\s+|seit\s+dem\s+|bis\s+zum\s+)?(?P<d>[0-3]?[0-9])\.\s*"
            rf"(?P<mn>{_MONTH})(?:\s+(?P<y>(?:19|20)[0-9]{{2}}))?(?![\w])",
        ),
        ("numeric", rf"(?<![\w.])(?:\(\s*)?{_EXPLICIT_NUMERIC}(?:\s*\))?(?![\w.])"),
        (
            "weekday",
            rf"\b(?P<rel>(?:am|vergangenen|letzten|diesen|kommenden|nächsten)\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?:abend|morgen|nachmittag|vormittag|mittag)?\b",
        ),
        (
            "month",
            rf"\b(?P<pre>(?:schon\s+|bereits\s+|noch\s+)?(?:im|seit|bis|ab|anfang|mitte|ende)"
            rf"\s+)?(?P<mn>{_MONTH})(?:\s+(?P<y>(?:19|20)[0-9]{{2}}))?(?![\w])",
        ),
        (
            "year",
            r"\b(?:im\s+jahr(?:e)?|seit|bis|anfang|mitte|ende)\s+(?P<y>(?:19|20)[0-9]{2})\b",
        ),
        ("this_week", r"\b(?:in\s+)?(?:diese|dieser)\s+woche\b"),
        (
            "last_week",
            r"\b(?:in\s+der\s+)?(?:vergangene[n]?|letzte[n]?|vorige[n]?)\s+woche\b",
        ),
        ("this_year", r"\b(?:in\s+diesem|dieses|diesen)\s+jahr(?:es)?\b"),
        (
            "last_year",
            r"\b(?:im\s+(?:vergangenen|letzten|vorigen)\s+jahr|(?:vergangenes|letztes|voriges)"
            r"\s+jahr|im\s+vorjahr)\b",
        ),
        ("weekend", r"\b(?:am|vergangenen|letzten)\s+wochenende\b"),
        ("today", r"\b(?:heute|vorgestern|gestern)\b"),
        ("as_of", rf"\b(?:{'|'.join(_AS_OF)})\b"),
    )
)


@dataclass(frozen=True)
class DatePhrase:
    """A date stated in a sentence, resolved: the words, their span, the period, and why."""

    text: str
    start: int
    end: int
    date_start: dt.date
    date_end: dt.date
    precision: Precision
    kind: Kind
    weekday: str | None
    why: str


def _year_of(month: int, day: int, published: dt.date) -> int:
    """The year that puts day/month latest on or before publication."""
    year = published.year
    if (month, day) > (published.month, published.day):
        year -= 1
    return year


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _month_span(year: int, month: int, published: dt.date) -> tuple[dt.date, dt.date, Precision]:
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if first <= published < last:  # the current month so far
        return first, published, "range"
    return first, last, "month"


def _last_weekday(index: int, published: dt.date, back: int = 0) -> dt.date:
    days = (published.weekday() - index) % 7
    return published - dt.timedelta(days=days + 7 * back)


def _resolve(
    name: str, m: re.Match[str], published: dt.date
) -> tuple[dt.date, dt.date, Precision, Kind, str | None, str] | None:
    """Period, precision, kind, weekday and why of one match, None when it is no date."""
    groups = m.groupdict()
    text = m.group().lower()
    if name in ("iso", "numeric", "weekday_date", "day_month"):
        day = int(groups.get("d") or groups.get("d2") or 0)
        month_name = groups.get("mn")
        month = _MONTHS[month_name.lower()] if month_name else int(groups.get("m") or 0)
        year = _full_year(groups.get("y") or groups.get("y2"))
        if name == "numeric" and groups.get("y") is None and not m.group().endswith("."):
            return None  # "1.5" or "6.000" are numbers, not dates
        if year is None:
            year = _year_of(month, day, published)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        weekday = groups.get("wd")
        why = f"{m.group()!r}: the date as written"
        return date, date, "day", "explicit", weekday.capitalize() if weekday else None, why
    if name == "weekday":
        weekday = str(groups["wd"]).capitalize()
        index = WEEKDAYS.index(weekday)
        rel = (groups.get("rel") or "").strip().lower()
        if rel in ("kommenden", "nächsten"):
            date = published + dt.timedelta(days=(index - published.weekday() - 1) % 7 + 1)
            why = f"{m.group()!r}: the next {weekday} after publication"
        else:
            date = _last_weekday(index, published, back=1 if rel in ("vergangenen",) else 0)
            why = f"{m.group()!r}: the latest {weekday} on or before publication"
        return date, date, "day", "relative", weekday, why
    if name == "month":
        month = _MONTHS[str(groups["mn"]).lower()]
        pre = (groups.get("pre") or "").strip().lower()
        if not pre and not groups.get("y"):
            return None  # a bare "Mai" may be a name; "im Mai" or "Mai 2025" is a date
        year = _full_year(groups.get("y")) or _year_of(month, 1, published)
        first, last, precision = _month_span(year, month, published)
        why = f"{m.group()!r}: " + ("the month" if groups.get("y") else "the latest such month")
        if pre.endswith("seit"):
            return first, published, "range", "relative", None, why + " up to publication"
        return first, last, precision, "relative", None, why
    if name == "year":
        year = int(groups["y"])
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if text.startswith("seit"):
            return first, published, "range", "explicit", None, f"{m.group()!r}: up to publication"
        if first <= published < last:
            return first, published, "range", "explicit", None, f"{m.group()!r}: the year so far"
        return first, last, "year", "explicit", None, f"{m.group()!r}: the year"
    if name == "this_week":
        monday = published - dt.timedelta(days=published.weekday())
        why = f"{m.group()!r}: from Monday of the publication week to publication"
        return monday, published, "range", "relative", None, why
    if name == "last_week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        why = f"{m.group()!r}: the week before publication"
        return monday, monday + dt.timedelta(days=6), "week", "relative", None, why
    if name == "this_year":
        why = f"{m.group()!r}: from 1 January to publication"
        return dt.date(published.year, 1, 1), published, "range", "relative", None, why
    if name == "last_year":
        year = published.year - 1
        why = f"{m.group()!r}: the year before publication"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "relative", None, why
    if name == "weekend":
        saturday = _last_weekday(5, published - dt.timedelta(days=1))
        why = f"{m.group()!r}: the last weekend before publication"
        return saturday, saturday + dt.timedelta(days=1), "range", "relative", None, why
    if name == "today":
        back = {"heute": 0, "gestern": 1, "vorgestern": 2}[text]
        date = published - dt.timedelta(days=back)
        return date, date, "day", "relative", None, f"{m.group()!r}: {back} days before publication"
    why = f"{m.group()!r}: as of publication"
    return published, published, "day", "as_of", None, why


def find_dates(sentence: str, published: dt.date) -> list[DatePhrase]:
    """Every date phrase of a sentence, left to right, none overlapping another (the longest,
    most explicit reading wins: "am Montag (30.6.25)" is one date, not two)."""
    found: list[DatePhrase] = []
    taken = Occupied(len(sentence))
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if not taken.free(m.start(), m.end()):
                continue
            resolved = _resolve(name, m, published)
            if resolved is None:
                continue
            start, end, precision, kind, weekday, why = resolved
            text = m.group()
            found.append(
                DatePhrase(text, m.start(), m.end(), start, end, precision, kind, weekday, why)
            )
            taken.take(m.start(), m.end())
    return sorted(found, key=lambda p: p.start)
