"""Tests for factgate.numerals: the corpus row by row, a real article, and properties.

The corpus (tests/fixtures/numerals-de.tsv) is the shared one followed by rows of our own; each
row is its own test so a failure names the phrase. Empty cells mean None; a row with no hedge is
not a count at all.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factgate.numerals import (
    HEDGE_WORDS,
    INCREMENT_WORDS,
    Count,
    Hedge,
    Unreadable,
    find_counts,
    parse_count,
    parse_number,
    read_count,
)

FIXTURE = Path(__file__).parent / "fixtures" / "numerals-de.tsv"
SHARED_CORPUS = Path(__file__).parents[2] / "shared/numerals-de.tsv"
ARTICLE = Path(__file__).parents[2] / "shared/sources/dw-2025-07-02-nordkorea-russland.txt"


class Row(NamedTuple):
    line: int
    phrase: str
    low: int | None
    best: int | None
    high: int | None
    hedge: str | None
    note: str


def _cell(text: str) -> int | None:
    return int(text) if text else None


def _load_rows() -> list[Row]:
    # Split by hand: the notes hold double quotes, which the csv module would take as quoting.
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["phrase", "low", "best", "high", "hedge", "note"]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        phrase, low, best, high, hedge, note = line.split("\t")
        rows.append(Row(number, phrase, _cell(low), _cell(best), _cell(high), hedge or None, note))
    return rows


ROWS = _load_rows()


def _german(n: int, sep: str = ".") -> str:
    return f"{n:,}".replace(",", sep)


def _bounds(count: Count | None) -> tuple[int | None, int | None, int | None, str] | None:
    return None if count is None else (count.low, count.best, count.high, count.hedge)


# --------------------------------------------------------------------------------------------
# The corpus, one test per row.


@pytest.mark.parametrize("row", ROWS, ids=[f"L{r.line}-{r.phrase}" for r in ROWS])
def test_corpus_row(row: Row) -> None:
    got = parse_count(row.phrase)
    if row.hedge is None:
        assert got is None, row.note
        return
    assert _bounds(got) == (row.low, row.best, row.high, row.hedge), row.note
    assert got is not None
    assert row.phrase[got.start : got.end] == got.text


def test_fixture_covers_every_hedge_and_holds_non_counts() -> None:
    hedges = {row.hedge for row in ROWS}
    assert set(get_args(Hedge)) <= hedges
    assert sum(row.hedge is None for row in ROWS) >= 30
    assert len(ROWS) >= 31 + 30  # the shared corpus plus at least thirty of our own


def test_fixture_starts_with_the_shared_corpus() -> None:
    if not SHARED_CORPUS.exists():
        pytest.skip(f"shared corpus not present at {SHARED_CORPUS}")
    shared = SHARED_CORPUS.read_text(encoding="utf-8")
    assert FIXTURE.read_text(encoding="utf-8").startswith(shared)


# --------------------------------------------------------------------------------------------
# The real article: exactly these counts, no dates, no years.

ARTICLE_COUNTS = [
    # text, hedge, low, best, high, increment
    ("weitere 6000", "exact", 6000, 6000, 6000, True),
    ("mehr als 10 Millionen", "more_than", 10_000_000, None, None, False),
    ("Hunderttausende", "vague_plural", 100_000, None, None, False),
    ("nur sechs", "exact", 6, 6, 6, False),
    ("rund 11.000", "approx", None, 11_000, None, False),
    ("etwa 6.000", "approx", None, 6_000, None, False),
    ("weitere 6.000", "exact", 6000, 6000, 6000, True),
]


def test_find_counts_on_the_dw_article() -> None:
    if not ARTICLE.exists():
        pytest.skip(f"article not present at {ARTICLE} (it lives outside the repository)")
    article = ARTICLE.read_text(encoding="utf-8")
    counts = find_counts(article)
    got = [(c.text, c.hedge, c.low, c.best, c.high, c.increment) for c in counts]
    assert got == ARTICLE_COUNTS
    for count in counts:
        assert article[count.start : count.end] == count.text
    assert "sechs Särge" in article[counts[3].start : counts[3].end + len(" Särge")]


# --------------------------------------------------------------------------------------------
# Spans, increments, order, caching.


def test_span_offsets_point_into_the_input() -> None:
    phrase = "Es heißt, rund 11.000 Soldaten seien eingesetzt."
    count = parse_count(phrase)
    assert count == Count(None, 11_000, None, "approx", False, "rund 11.000", 10, 21)


@pytest.mark.parametrize(
    ("phrase", "text", "increment"),
    [
        ("weitere 6000 Militäringenieure", "weitere 6000", True),
        ("6000 weitere Soldaten", "6000 weitere", True),
        ("weitere rund 6000", "weitere rund 6000", True),
        ("mindestens weitere 6000", "mindestens weitere 6000", True),
        ("zusätzlich 500 Mann", "zusätzlich 500", True),
        ("weiteren Tausenden", "weiteren Tausenden", True),
        ("weitere 10 bis 12", "weitere 10 bis 12", True),
        ("rund 6000 Soldaten", "rund 6000", False),
        ("eine weitere Mobilmachung und 300 Tote", "300", False),
    ],
)
def test_increment(phrase: str, text: str, increment: bool) -> None:
    count = parse_count(phrase)
    assert count is not None
    assert (count.text, count.increment) == (text, increment)


def test_find_counts_keeps_order_and_skips_non_counts() -> None:
    text = (
        "Am 2. Juli 2025 meldete die Armee um 15 Uhr 5 Prozent Verluste: "
        "rund 11.000 Soldaten, davon etwa 6.000 getötet, seit 2022 zwischen 1,5 und 2 Millionen."
    )
    got = [(c.text, c.hedge) for c in find_counts(text)]
    assert got == [
        ("rund 11.000", "approx"),
        ("etwa 6.000", "approx"),
        ("zwischen 1,5 und 2 Millionen", "range"),
    ]


def test_parse_count_is_cached() -> None:
    parse_count.cache_clear()
    first = parse_count("rund 11.000 Soldaten")
    assert parse_count("rund 11.000 Soldaten") is first
    assert parse_count.cache_info().hits == 1


def test_count_is_frozen() -> None:
    count = parse_count("6000")
    assert count is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        count.low = 1  # type: ignore[misc]


def test_hedge_words_cover_every_hedge() -> None:
    assert set(HEDGE_WORDS) == set(get_args(Hedge))
    assert all(HEDGE_WORDS[hedge] for hedge in HEDGE_WORDS)
    assert "weitere" in INCREMENT_WORDS


# Every word listed for a prefix hedge, in front of a number, gives that hedge.
PREFIX_HEDGES = [
    (hedge, word)
    for hedge in ("exact", "approx", "more_than", "at_least", "up_to", "less_than", "just_under")
    for word in HEDGE_WORDS[hedge]
]
EXPECTED: dict[str, tuple[int | None, int | None, int | None]] = {
    "exact": (1234, 1234, 1234),
    "approx": (None, 1234, None),
    "more_than": (1234, None, None),
    "at_least": (1234, None, None),
    "up_to": (None, None, 1234),
    "less_than": (None, None, 1234),
    "just_under": (None, None, 1234),
}


@pytest.mark.parametrize(("hedge", "word"), PREFIX_HEDGES, ids=[w for _, w in PREFIX_HEDGES])
def test_every_hedge_word(hedge: str, word: str) -> None:
    count = parse_count(f"{word} 1.234 Soldaten")
    assert _bounds(count) == (*EXPECTED[hedge], hedge)
    assert count is not None
    assert count.text == f"{word} 1.234"


# --------------------------------------------------------------------------------------------
# parse_number: one numeral, nothing around it.


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("6000", 6000),
        ("6.000", 6000),
        ("11.000", 11_000),
        ("1.500.000", 1_500_000),
        ("6 000", 6000),
        ("6\u202f000", 6000),
        ("6\u00a0000", 6000),
        ("6\u2009000", 6000),
        (" 6.000 ", 6000),
        ("0", 0),
        ("1,5 Mio.", 1_500_000),
        ("1,5 Millionen", 1_500_000),
        ("2,25 Mrd.", 2_250_000_000),
        ("eine Billion", 10**12),
        ("elftausend", 11_000),
        ("zehn Millionen", 10_000_000),
        ("ein Dutzend", 12),
        ("anderthalb Millionen", 1_500_000),
        ("zweihundertfünfzig", 250),
        ("einundzwanzig", 21),
        ("hundertundeins", 101),
        ("neunhundertneunundneunzigtausendneunhundertneunundneunzig", 999_999),
        ("dreissig", 30),
        # Not one whole numeral:
        ("6.000,5", None),
        ("1,5", None),
        ("6.00", None),
        ("60.00.0", None),
        ("1.5", None),
        ("0600", None),
        ("06.000", None),
        ("6000,", None),
        ("-6.000", None),
        ("6..000", None),
        ("30.6.25", None),
        ("ein", None),
        ("eine", None),
        ("Tausende", None),
        ("rund 6000", None),
        ("6000 Soldaten", None),
        ("einstausend", None),
        ("sechszehn", None),
        ("٣٠٠", None),
        ("1" + "0" * 30, None),
        ("", None),
    ],
)
def test_parse_number(token: str, value: int | None) -> None:
    assert parse_number(token) == value


# Babel is not a dependency; where it is installed, pin what the module docstring says about it.
BABEL_AGREES = ["6000", "6.000", "11.000", "1.500.000", "0", "12.345.678"]
BABEL_DIFFERS = {
    # token: (Babel strict, ours)
    "6 000": (None, 6000),
    "6\u202f000": (None, 6000),
    "6\u00a0000": (None, 6000),
    "0600": (Decimal(600), None),
    "-6.000": (Decimal(-6000), None),
    "6000,": (Decimal(6000), None),
}


def _babel_strict(token: str) -> Decimal | None:
    numbers = pytest.importorskip("babel.numbers")
    try:
        result: Decimal = numbers.parse_decimal(token, locale="de", strict=True)
    except numbers.NumberFormatError:
        return None
    return result


@pytest.mark.parametrize("token", BABEL_AGREES)
def test_babel_agrees(token: str) -> None:
    assert _babel_strict(token) == parse_number(token)


@pytest.mark.parametrize("token", list(BABEL_DIFFERS))
def test_babel_differs_as_documented(token: str) -> None:
    babel_value, ours = BABEL_DIFFERS[token]
    assert (_babel_strict(token), parse_number(token)) == (babel_value, ours)


# --------------------------------------------------------------------------------------------
# Properties.

COUNTS = st.integers(min_value=0, max_value=10**18)
SEPARATORS = st.sampled_from([".", " ", "\u202f", "\u00a0"])


@given(COUNTS, SEPARATORS)
def test_any_german_grouped_number_parses_back(n: int, sep: str) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(_german(n, sep)) == n


@given(COUNTS, SEPARATORS)
def test_grouped_number_in_a_phrase_is_an_exact_count(n: int, sep: str) -> None:
    phrase = f"Die Behörden zählten {_german(n, sep)} Soldaten"
    assert _bounds(parse_count(phrase)) == (n, n, n, "exact")


@given(st.sampled_from(PREFIX_HEDGES), COUNTS, SEPARATORS, st.booleans())
def test_hedge_word_and_number_give_the_right_bounds(
    hedge_word: tuple[str, str], n: int, sep: str, noun: bool
) -> None:
    hedge, word = hedge_word
    number = _german(n, sep)
    phrase = f"{word} {number}" + (" Soldaten" if noun else "")
    expected = {
        "exact": (n, n, n),
        "approx": (None, n, None),
        "more_than": (n, None, None),
        "at_least": (n, None, None),
    }.get(hedge, (None, None, n))
    count = parse_count(phrase)
    assert _bounds(count) == (*expected, hedge)
    assert count is not None
    assert count.text == f"{word} {number}"


@given(st.integers(0, 10**15), st.integers(1, 10**15), SEPARATORS)
def test_between_gives_a_range(a: int, gap: int, sep: str) -> None:
    count = parse_count(f"zwischen {_german(a, sep)} und {_german(a + gap, sep)} Toten")
    assert _bounds(count) == (a, None, a + gap, "range")


def _spell(n: int) -> str:
    """Spell 0..999,999 in German, independently of the module's tables."""
    ones = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
    teens = ["zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn"]
    teens += ["siebzehn", "achtzehn", "neunzehn"]
    tens = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig"]
    tens += ["achtzig", "neunzig"]

    def below_thousand(m: int) -> str:
        hundreds, rest = divmod(m, 100)
        head = ones[hundreds] + "hundert" if hundreds else ""
        if rest < 10:
            tail = ones[rest]
        elif rest < 20:
            tail = teens[rest - 10]
        else:
            tail = (ones[rest % 10] + "und" if rest % 10 else "") + tens[rest // 10]
        return head + tail

    if n == 0:
        return "null"
    thousands, rest = divmod(n, 1000)
    word = below_thousand(thousands) + "tausend" if thousands else ""
    word += below_thousand(rest)
    return word + "s" if word.endswith("ein") else word


@given(st.integers(0, 999_999))
def test_spelled_numbers_parse_back(n: int) -> None:
    assert parse_number(_spell(n)) == n
    assert _bounds(parse_count(f"{_spell(n)} Soldaten")) == (n, n, n, "exact")


def _check_counts(text: str) -> None:
    counts = find_counts(text)
    end = 0
    for count in counts:
        assert text[count.start : count.end] == count.text
        assert count.start >= end
        end = count.end
        if count.low is not None and count.high is not None:
            assert count.low <= count.high
        assert any(v is not None for v in (count.low, count.best, count.high))
    # parse_count gives the first count, unless the first number cannot be read whole: then
    # None, never a later number (find_counts leaves such spans out).
    first = read_count(text)
    assert parse_count(text) == (first if isinstance(first, Count) else None)
    if isinstance(first, Count):
        assert first == counts[0]
    elif first is None:
        assert counts == []


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_counts(text)


WORDS = [
    "rund", "mehr", "als", "über", "bis", "zu", "zwischen", "und", "weitere", "ein", "eine",
    "Dutzend", "Tausende", "Millionen", "Mio.", "Prozent", "%", "Uhr", "Jahr", "im", "Juli",
    "Berichte", "Soldaten", "sechs", "elftausend", "anderthalb", "2025", "6.000", "6 000",
    "1,5", "30.6.25", "2.", "-", "–", "(", ")", ".", ",", "0600", "6.00", "Zehn-", "F-16",
    "\n", "mehrere", "Hundert", "nicht", "weniger",
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "", "\u202f"]))
def test_never_raises_on_german_like_soup(words: list[str], glue: str) -> None:
    _check_counts(glue.join(words))


# --------------------------------------------------------------------------------------------
# Numerals of several words, Swiss grouping, year-style hundreds, and what cannot be read.


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("eine Million fünfhunderttausend", 1_500_000),
        ("Eine Million fünfhunderttausend", 1_500_000),
        ("einer Million fünfhunderttausend", 1_500_000),
        ("sieben Millionen einhunderteinundvierzigtausendsiebenhundertdreizehn", 7_141_713),
        ("dreiundfünfzig Milliarden zweihundertdreiundvierzigtausend", 53_000_243_000),
        ("zwei Milliarden dreihundert Millionen", 2_300_000_000),
        ("eine Million eins", 1_000_001),
        ("zweihunderteine Millionen", 201_000_000),
        ("fünf Tausend dreihundert", 5_300),
        ("einemillionfünfhunderttausend", 1_500_000),
        ("zweimilliardenneun", 2_000_000_009),
        ("einebillion", 10**12),
        ("neunzehnhundertdreiundsiebzig", 1973),
        ("Neunzehnhundertdreiundsiebzig", 1973),
        ("elfhundert", 1100),
        ("6'000", 6000),
        ("6’000", 6000),
        ("1'500'000", 1_500_000),
        # Unreadable as one numeral, so no value rather than its first part:
        ("zwei Millionen drei Millionen", None),
        ("dreihunderttausend fünf", None),
        ("anderthalb Millionen zehn", None),
        ("eine Million 500.000", None),
        ("zwei Millionen einstausend", None),
        ("6'00", None),
        ("6’0000", None),
        ("1.500'000", None),
        ("1'500.000", None),
        ("1.500 000", None),
        ("6 00", None),
        ("neunzehnhundert", 1900),
        ("hundertneunzehnhundert", None),
    ],
)
def test_parse_number_compounds(token: str, value: int | None) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("rund eine Million fünfhunderttausend Soldaten", 1_500_000),
        ("Sieben Millionen einhunderteinundvierzigtausendsiebenhundertdreizehn Schuss", 7_141_713),
        ("mehr als zwei Milliarden dreihundert Millionen Euro", 2_300_000_000),
        ("etwa 6'000 Soldaten", 6000),
        ("neunzehnhundertdreiundsiebzig Soldaten", 1973),
    ],
)
def test_compound_in_a_phrase(phrase: str, value: int) -> None:
    count = parse_count(phrase)
    assert count is not None
    assert value in (count.low, count.best, count.high)
    assert count.text.split()[-1] in phrase.split()


@pytest.mark.parametrize(
    ("phrase", "span"),
    [
        ("zwei Millionen drei Millionen Soldaten", "zwei Millionen drei Millionen"),
        ("eine Million und fünfhunderttausend Soldaten", "eine Million und fünfhunderttausend"),
        ("eine Million 500.000 Soldaten und 300 Tote", "eine Million 500.000"),
        ("sechszehn Soldaten und 300 Tote", "sechszehn"),
        ("6'00 Soldaten und 300 Tote", "6'00"),
        ("1.5 Millionen Schuss und 300 Tote", "1.5 Millionen"),
        ("zwischen 12.000 und 10.000 Soldaten", "12.000 und 10.000"),
        (
            "zwei bis drei Millionen fünfhunderttausend",
            "zwei bis drei Millionen fünfhunderttausend",
        ),
    ],
)
def test_unreadable_is_named_and_gives_no_count(phrase: str, span: str) -> None:
    found = read_count(phrase)
    assert isinstance(found, Unreadable)
    assert found.text == span == phrase[found.start : found.end]
    assert parse_count(phrase) is None  # never the later "300", never the first part


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("im Jahr neunzehnhundertdreiundsiebzig starben 300 Soldaten", "300"),
        ("seit zweitausendzweiundzwanzig 300 Soldaten", "300"),
        ("bis zweitausendzwanzig Soldaten", "bis zweitausendzwanzig"),
        ("10 Millionen 155-mm-Granaten", "10 Millionen"),
        ("zwei Millionen Soldaten und drei Panzer", "zwei Millionen"),
    ],
)
def test_year_words_and_neighbours_that_are_not_part_of_the_number(phrase: str, text: str) -> None:
    count = parse_count(phrase)
    assert count is not None
    assert count.text == text


@pytest.mark.parametrize(
    ("phrase", "span"),
    [
        ("ein oder zwei Soldaten", "ein oder zwei"),
        ("zwei oder drei Millionen Flüchtlinge", "zwei oder drei Millionen"),
        ("zwei Komma fünf Millionen Euro", "zwei Komma fünf Millionen"),
        ("2 Komma 5 Millionen Euro", "2 Komma 5 Millionen"),
        ("6000 000 Schuss", "6000 000"),
    ],
)
def test_alternatives_and_decimals_in_words_are_unreadable(phrase: str, span: str) -> None:
    found = read_count(phrase)
    assert isinstance(found, Unreadable)
    assert found.text == span
    assert parse_count(phrase) is None


def test_ein_bis_zwei_millionen_is_a_range() -> None:
    assert _bounds(parse_count("ein bis zwei Millionen Flüchtlinge")) == (
        1_000_000,
        None,
        2_000_000,
        "range",
    )
