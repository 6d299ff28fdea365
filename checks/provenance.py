"""Provenance: the quote behind each figure holds its number and hedge, and is a real quote.

Parsing German numerals is text work that pandas cannot vectorise; the parser runs once per
distinct evidence phrase (phrases repeat little, but each is parsed once however many rows
share it) and everything after that is column arithmetic.
"""

from __future__ import annotations

import pandas as pd

from factgate import Failures, SkipCheck, Skipped, check
from factgate.numerals import Unreadable, read_count
from factgate.texts import SourceTexts, normalise_text


def _parsed(evidence: pd.Series) -> pd.DataFrame:
    """low, best, high, hedge, increment parsed from each evidence phrase (NaN where none)."""
    distinct = evidence.dropna().unique()
    rows: dict[object, tuple[object, ...]] = {}
    for phrase in distinct:
        found = read_count(str(phrase))
        if isinstance(found, Unreadable):
            # No value, and the reason: reading part of the span would state a wrong number.
            unread = f"{found.text!r} cannot be read as one number ({found.reason})"
            rows[phrase] = (None, None, None, None, None, unread)
        elif found is not None:
            rows[phrase] = (found.low, found.best, found.high, found.hedge, found.increment, None)
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["low", "best", "high", "hedge", "increment", "unreadable"]
    )
    return table.reindex(evidence.to_numpy()).set_axis(evidence.index)


def _point(low: pd.Series, best: pd.Series, high: pd.Series) -> pd.Series:
    return best.astype("Float64").fillna(low.astype("Float64")).fillna(high.astype("Float64"))


@check("evidence-holds-number")
def evidence_holds_number(figures: pd.DataFrame) -> Failures:
    """The number in the evidence phrase is the figure's number.

    Why: the evidence is the figure's proof; "etwa 6.000" in the quote and 60000 in
    `value_best` means one of them was mistyped. "6.000", "6000", "10 Millionen", "sechs"
    and "Hunderttausende" all parse; the figure's stated number (best, else its one bound)
    must equal the quote's.
    Fails: `value_best` 60000 with "etwa 6.000 getötet". Passes: 6000 with the same quote.
    """
    parsed = _parsed(figures["evidence"])
    stated = _point(parsed["low"], parsed["best"], parsed["high"])
    recorded = _point(figures["value_low"], figures["value_best"], figures["value_high"])
    no_number = figures["evidence"].notna() & stated.isna()
    differs = stated.notna() & recorded.notna() & stated.ne(recorded).fillna(False)
    message = pd.Series(
        "`evidence` "
        + figures["evidence"].astype(str).map(repr)
        + " states "
        + stated.round().astype("Int64").astype(str)
        + ", the row records "
        + recorded.round().astype("Int64").astype(str),
        index=figures.index,
    ).where(
        ~no_number,
        "`evidence` "
        + figures["evidence"].astype(str).map(repr)
        + " holds no number; quote the words that state it",
    )
    unreadable = parsed["unreadable"].notna()
    message = message.where(
        ~unreadable,
        "`evidence` "
        + figures["evidence"].astype(str).map(repr)
        + ": "
        + parsed["unreadable"].astype(str)
        + "; quote the number as the article writes it, or correct the quote",
    )
    return Failures(
        "figures",
        (no_number | differs).astype(bool),
        message,
        ["evidence", "value_low", "value_best", "value_high"],
    )


@check("evidence-hedge-agrees")
def evidence_hedge_agrees(figures: pd.DataFrame) -> Failures:
    """The hedge word in the evidence agrees with `hedge`, and "weitere" with `increment`.

    Why: "rund 11.000" is an estimate and "mehr als 10 Millionen" a floor; recording them as
    exact figures (or an exact one as an estimate) changes what the article said. "über"
    after a noun ("Berichte über 6000") means "about" and is no hedge.
    Fails: `hedge` exact with "rund 11.000 Soldaten". Passes: `hedge` approx.
    """
    parsed = _parsed(figures["evidence"])
    found = parsed["hedge"].notna()
    hedge_differs = found & figures["hedge"].notna() & parsed["hedge"].ne(figures["hedge"])
    increment_differs = (
        found
        & figures["increment"].notna()
        & parsed["increment"].astype("boolean").ne(figures["increment"]).fillna(False)
    )
    message = (
        "`evidence` "
        + figures["evidence"].astype(str).map(repr)
        + " reads as `hedge` "
        + parsed["hedge"].astype(str)
        + ", increment "
        + parsed["increment"].astype(str).str.lower()
        + "; the row says `hedge` "
        + figures["hedge"].astype(str)
        + ", increment "
        + figures["increment"].astype(str).str.lower()
    )
    return Failures(
        "figures",
        (hedge_differs | increment_differs).fillna(False).astype(bool),
        message,
        ["evidence", "hedge", "increment"],
    )


@check("evidence-verbatim")
def evidence_verbatim(
    figures: pd.DataFrame, events: pd.DataFrame, texts: SourceTexts
) -> list[Failures | Skipped]:
    """The evidence phrase occurs word for word in the source text, where the text is at hand.

    Why: a paraphrase can carry a different number or hedge than the article; only a quote
    can be checked. Source texts are read from `--texts DIR` (`<source_id>.txt`); sources
    without a text are skipped and named in the report. Whitespace, typographic quotes and
    dashes are folded before comparing.
    Fails: "rund 12.000 Soldaten" when the article says "rund 11.000". Passes: "rund 11.000
    nordkoreanischen Soldaten".
    """
    if texts.directory is None:
        raise SkipCheck("no source texts given (--texts DIR with <source_id>.txt files)")
    results: list[Failures | Skipped] = []
    missing: set[str] = set()
    for name, frame in (("figures", figures), ("events", events)):
        source_ids = frame["source_id"].dropna().unique()
        available = {sid: texts.get(str(sid)) for sid in source_ids}
        missing |= {str(sid) for sid, text in available.items() if text is None}
        pairs = frame[["source_id", "evidence"]].dropna().drop_duplicates()
        # One substring search per distinct (source, phrase); rows look the verdict up.
        found = {
            f"{sid}\x1f{phrase}": normalise_text(str(phrase)) in text
            for sid, phrase in pairs.itertuples(index=False)
            if (text := available.get(sid)) is not None
        }
        key = frame["source_id"].astype(str) + "\x1f" + frame["evidence"].astype(str)
        verdict = key.map(found)
        broken = verdict.eq(False).fillna(False).astype(bool)
        message = (
            "`evidence` " + frame["evidence"].astype(str).map(repr) + " does not occur in the "
            "text of `" + frame["source_id"].astype(str) + "`"
        )
        results.append(Failures(name, broken, message, ["source_id", "evidence"]))
    if missing:
        results.append(Skipped(f"no text for {', '.join(sorted(missing))}"))
    return results
