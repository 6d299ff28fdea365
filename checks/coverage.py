"""Coverage: every number of a source text is entered as a row, or listed as rightly none.

A dataset can be wrong by leaving a number out as much as by mistyping one. Where a source's
text is at hand, `factgate extract`'s phrase finder lists its number phrases (counts, dates
with digits, years, percentages); each must lie inside the evidence of a figure or event of
that source, or be listed in `ignored_numbers.csv` for its sentence
(`factgate.extract.coverage`, which the HTML report uses too).
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from factgate import Failures, SkipCheck, Skipped, check
from factgate.extract.coverage import coverage_of
from factgate.texts import SourceTexts


@check("numbers-accounted-for", severity="warning")
def numbers_accounted_for(
    sources: pd.DataFrame,
    figures: pd.DataFrame,
    events: pd.DataFrame,
    ignored_numbers: pd.DataFrame,
    texts: SourceTexts,
) -> list[Failures | Skipped]:
    """Every number phrase of a source's text is some row's evidence or an ignored number.

    Why: a figure left out is as wrong as a figure mistyped, and nobody sees it: the rows
    that are there all pass. Each number phrase the text states ("rund 11.000", "sechs",
    "2. Juli 2025", "seit 2022") must lie inside the `evidence` of a figure or event of that
    source, or be a row of `ignored_numbers.csv` (source, phrase, sentence number as
    `factgate extract` counts them, reason). A listed phrase that no longer occurs in its
    sentence is reported too, so the list cannot go stale unseen.
    Fails: a text saying "Es gebe 600 Tote" with no row quoting it. Passes: a figure whose
    evidence is "Es gebe 600 Tote", or an ignored row ("600 Tote", sentence 1, "a quote
    already entered").
    """
    if texts.directory is None:
        raise SkipCheck("no source texts given (--texts DIR with <source_id>.txt files)")
    quoted = pd.concat([figures[["source_id", "evidence"]], events[["source_id", "evidence"]]])
    quoted_by = quoted.dropna().groupby("source_id")["evidence"].agg(list)
    ignored = ignored_numbers.dropna(subset=["source_id", "phrase", "sentence"])
    missing: dict[object, list[str]] = {}  # source row -> one message per phrase
    stale_why: dict[Hashable, str] = {}
    without_text = []
    published = pd.to_datetime(sources["published_on"], errors="coerce")
    dated = published.notna()  # a bad date is the schema's finding
    for index, source_id, day in zip(
        sources.index[dated], sources["source_id"].astype(str)[dated], published[dated],
        strict=True,
    ):  # fmt: skip
        raw = texts.original(source_id)
        if raw is None:
            without_text.append(source_id)
            continue
        mine = ignored[ignored["source_id"].astype(str) == source_id]
        coverage = coverage_of(
            raw,
            day.date(),
            quoted_by.get(source_id, []),
            zip(mine.index, mine["phrase"].astype(str), mine["sentence"].astype(int), strict=True),
        )
        for row, why in coverage.stale:
            stale_why[row] = (
                f"{why} of `{source_id}` ({len(coverage.sentences)} sentences); correct the "
                "phrase or the sentence number"
            )
        missing[index] = [
            f"sentence {phrase.sentence} of `{source_id}`: {phrase.text!r} "
            f"(…{coverage.context(phrase)}…) is no row's evidence and not in "
            "ignored_numbers.csv"
            for phrase in coverage.missing
        ]
    results: list[Failures | Skipped] = []
    rounds = max((len(v) for v in missing.values()), default=0)
    for k in range(rounds):  # one finding per phrase: a row holds one message per round
        messages = pd.Series(
            {i: v[k] for i, v in missing.items() if len(v) > k}, dtype=object
        ).reindex(sources.index)
        results.append(Failures("sources", messages.notna(), messages.fillna(""), ["source_id"]))
    stale = pd.Series(stale_why, dtype=object).reindex(ignored_numbers.index)
    results.append(
        Failures(
            "ignored_numbers", stale.notna(), stale.fillna(""), ["source_id", "phrase", "sentence"]
        )
    )
    if without_text:
        results.append(Skipped(f"no text for {', '.join(sorted(without_text))}"))
    return results
