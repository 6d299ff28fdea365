"""Coverage: every number of a source text is entered as a row, or listed as rightly none.

A dataset can be wrong by leaving a number out as much as by mistyping one. Where a source's
text is at hand, `factgate extract`'s phrase finder lists its number phrases (counts, dates
with digits, years, percentages); each must lie inside the evidence of a figure or event of
that source, or be listed in `ignored_numbers.csv` for its sentence.
"""

from __future__ import annotations

import pandas as pd

from factgate import Failures, SkipCheck, Skipped, check
from factgate.extract import phrases_of_text
from factgate.texts import SourceTexts, normalise_text


def _spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of each phrase in the text (line breaks read as blanks)."""
    flat = text.replace("\n", " ")
    found = []
    for phrase in dict.fromkeys(p for p in phrases if p):
        start = flat.find(phrase)
        while start >= 0:
            found.append((start, start + len(phrase)))
            start = flat.find(phrase, start + 1)
    return found


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


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
    quoted = pd.concat(
        [figures[["source_id", "evidence"]], events[["source_id", "evidence"]]]
    ).dropna()
    quoted_by = quoted.groupby("source_id")["evidence"].agg(list)
    ignored = ignored_numbers.dropna(subset=["source_id", "phrase", "sentence"])
    missing: list[tuple[object, str]] = []  # (source row index, message)
    stale = pd.Series(False, index=ignored_numbers.index)
    stale_why = pd.Series("", index=ignored_numbers.index, dtype=object)
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
        text, sentences, phrases = phrases_of_text(raw, day.date())
        flat = text.replace("\n", " ")
        evidence = [normalise_text(str(e)) for e in quoted_by.get(source_id, [])]
        covered = _spans(text, evidence)
        mine = ignored[ignored["source_id"].astype(str) == source_id]
        by_number = {s.number: s for s in sentences}
        listed: list[tuple[int, int]] = []
        for row, written, number in zip(
            mine.index, mine["phrase"].astype(str), mine["sentence"], strict=True
        ):
            sentence = by_number.get(int(number))
            hits = _spans(text, [normalise_text(written)])
            hits = [h for h in hits if sentence and sentence.start <= h[0] < sentence.end]
            holds = [p for p in phrases if _inside(p.start, p.end, hits)]
            if not holds:
                stale[row] = True
                where = f"sentence {int(number)}" if sentence else f"no sentence {int(number)}"
                stale_why[row] = (
                    f"`phrase` {written!r} names no number phrase of {where} of `{source_id}`"
                    f" ({len(sentences)} sentences); correct the phrase or the sentence number"
                )
            listed += hits
        for phrase in phrases:
            if _inside(phrase.start, phrase.end, covered) or _inside(
                phrase.start, phrase.end, listed
            ):
                continue
            context = flat[max(0, phrase.start - 30) : phrase.end + 30].strip()
            missing.append(
                (
                    index,
                    f"sentence {phrase.sentence} of `{source_id}`: {phrase.text!r} "
                    f"(…{context}…) is no row's evidence and not in ignored_numbers.csv",
                )
            )
    results: list[Failures | Skipped] = []
    by_row: dict[object, list[str]] = {}
    for index, message in missing:
        by_row.setdefault(index, []).append(message)
    rounds = max((len(v) for v in by_row.values()), default=0)
    for k in range(rounds):  # one finding per phrase: a row can hold one message per round
        messages = pd.Series(
            {i: v[k] for i, v in by_row.items() if len(v) > k}, dtype=object
        ).reindex(sources.index)
        results.append(Failures("sources", messages.notna(), messages.fillna(""), ["source_id"]))
    results.append(
        Failures("ignored_numbers", stale, stale_why, ["source_id", "phrase", "sentence"])
    )
    if without_text:
        results.append(Skipped(f"no text for {', '.join(sorted(without_text))}"))
    return results
