"""Read the counts and hedge words in German evidence phrases, so a check can compare them to a row.

A dataset row says "value_low 6000, hedge exact"; its evidence quote says "weitere 6000
Militäringenieure". This module turns the quote into a `Count` with the same fields, and never
invents a bound the words do not state: "rund 11.000" gives only a point estimate, "mehr als 10
Millionen" only an (exclusive) lower bound, "Hunderttausende" only a conservative floor.

Decisions the check has to know about:

* Not counts, so `find_counts` skips them and `parse_count` moves on to the next number:
  years ("im Jahr 2025", "seit 2022", "Juli 2025", "(2025)", sentence-initial "2024 wurden ..."),
  dates and ordinals ("2. Juli", "am 3. Tag", "30.06.2025", "(30.6.25)", "2025-07-02"), times
  ("15 Uhr", "15:30"), percentages and per mille ("5 Prozent", "5 %", "3 Prozentpunkte"),
  fractions ("zwei Drittel", "6.000,5", "1,5" with no scale word), factors ("drei Mal"),
  numbers inside names or compounds ("F-16", "G7", "78-Jährige", "1990er", "6000-Mann-Truppe")
  and numbers that label ("Resolution 2231", "Nr. 5"). "5 Prozent der 300 Soldaten" gives 300.
* A year-shaped number (1900-2099, plain digits) after "bis", "ab", "von", "vor", "nach", "um",
  "in", "für" is a year unless a capitalised noun follows: "bis 2030" is a year, "bis 2000
  Soldaten" is up_to 2000. "zwischen 2000 und 2500 Soldaten" is a range for the same reason.
* A lone "ein"/"eine" is an article, not a count; it counts only before a scale word ("eine
  Million", "ein Dutzend", "eine halbe Million").
* "über" before a number is `more_than`, unless the word before "über" governs the preposition
  ("Berichte über", "berichtet über", "spricht über", "verfügt über", "Kontrolle über"): then it
  means "about"/"has" and the count is exact. Only the word right before "über" (or the word
  before one plain adverb such as "bereits") is looked at.
* "gut 500" is `approx` (best only), the weaker reading of "a good 500"; "um die 500" is
  `approx`; bare "bis 500" is `up_to` like "bis zu 500"; "ab 500" is `at_least`; "nicht mehr
  als" is `up_to`, "nicht weniger als" `at_least`; "nur", "genau", "exakt", "lediglich" mark an
  explicit `exact` and belong to the span.
* Hedge words before a vague plural are ignored: "mehr als Tausende" is `vague_plural` with the
  floor 1000. "mehrere/einige/ein paar Tausend" is `vague_plural` with the floor 1000 too.
* A range keeps only low and high; a hedge before it is dropped ("rund 10 bis 12" is a plain
  range). A scale word after the upper bound is shared when the lower bound is the smaller bare
  number ("zwei bis drei Millionen" is 2,000,000-3,000,000; "500.000 bis 1 Million" shares
  nothing). "Zehn- bis zwanzigtausend" is 10,000-20,000. Two year-shaped bounds ("2020 bis
  2025", "zwischen 2020 und 2025") are a span of years unless a noun follows.
* "weitere", "zusätzliche" before the number, or right after it ("6000 weitere Soldaten"), set
  `increment` and belong to the span.
* Digits must be grouped the German or Swiss way: "6000", "6.000", "6'000", "6’000", "6 000"
  (plain space, U+00A0, U+202F or U+2009 between groups of exactly three; the spaces may stand
  for one another, the other marks may not mix), with a decimal comma only before a scale word.
  "6.00", "1.5", "0600" are rejected rather than guessed at, as are numbers over 21 digits.
* Number words: 0 to 999,999 as one word ("einhunderteinundvierzigtausendsiebenhundertdreizehn",
  "hundert" or "einhundert"), larger numbers with the scale words apart ("sieben Millionen
  einhunderteinundvierzigtausend...", "eine Million fünfhunderttausend", "einer Million ...")
  or run together ("einemillionfünfhunderttausend"), any capitalisation at a sentence start,
  and year-style hundreds ("neunzehnhundertdreiundsiebzig" is 1973). A number word standing
  for a year-shaped value (1900-2099, or year-style) follows the year rules for digits: "im
  Jahr neunzehnhundertdreiundsiebzig" is a year. "ein bis zwei Millionen" is a range.
* What cannot be read whole is `Unreadable` (from `read_count`; `parse_count` and
  `parse_number` give None), never its first part and never the next number in the phrase:
  number words that do not join ("zwei Millionen drei Millionen", "dreihunderttausend fünf"),
  a misspelt number word ("einstausend", "sechszehn"), digits after a scale word ("eine
  Million 500.000"), "eine Million und fünfhunderttausend", alternatives ("zwei oder drei"),
  decimals in words ("zwei Komma fünf"), digit groups that are not threes ("6'00", "6 00",
  "6000 000", "1.500 000"), "zwischen 12.000 und 10.000", and "zwei bis drei Millionen
  fünfhunderttausend" (does "zwei" borrow the scale word?). `find_counts` leaves such spans out.

Babel (`babel.numbers.parse_decimal(s, locale="de", strict=True)`, Babel 2.18) was measured on the
digit groups before writing the regex. It gets right: "6000", "6.000", "11.000", "1.500.000",
"1,5" (1.5), "6.000,5" (6000.5, which we then reject as not whole), and strict mode rejects
"6.00", "60.00.0", "06.000", "1.5", "6..000". It gets wrong for this purpose: every
space-grouped form ("6 000" with a plain space, U+00A0 or U+202F) is rejected although German
typesetting uses exactly these; leading zeros ("0600", "007") and signs ("-6.000", "+6000") and a
trailing comma ("6000,") are accepted. It also only validates a token we have already cut out:
it cannot find the number inside a phrase, so a regex is needed anyway. A call costs about 12 us
against 0.1 us for `int()` on the stripped digits, and `import babel.numbers` about 35 ms. Babel
is therefore not used: the strict regex below is shorter than the workarounds would be.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

__all__ = [
    "HEDGE_WORDS",
    "INCREMENT_WORDS",
    "Count",
    "Hedge",
    "Unreadable",
    "find_counts",
    "parse_count",
    "parse_number",
    "read_count",
]

Hedge = Literal[
    "exact",
    "approx",
    "more_than",
    "at_least",
    "up_to",
    "less_than",
    "just_under",
    "range",
    "vague_plural",
]


@dataclass(frozen=True)
class Count:
    """One count stated in a phrase, with exactly the bounds its words commit to."""

    low: int | None  # lower bound (exclusive for more_than, inclusive otherwise); None = open
    best: int | None  # point estimate as stated; None when the phrase states none
    high: int | None  # upper bound (exclusive for less_than); None = open
    hedge: Hedge
    increment: bool  # "weitere 6000": an addition to an earlier figure
    text: str  # the matched span (increment word + hedge word + number [+ scale word])
    start: int  # offsets of that span in the input string
    end: int


@dataclass(frozen=True)
class Unreadable:
    """Number words or digits that do not make one number, so no value is given for them.

    "zwei Millionen drei Millionen" or "zwischen 12.000 und 10.000": reading a part of such a
    span would state a number the text does not.
    """

    reason: str
    text: str  # the span that could not be read
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Word lists. Everything is compared in lower case.

#: Hedge phrases that may stand right before a number, by hedge, in the order shown in reports.
_HEDGE_TABLE: Final[tuple[tuple[Hedge, tuple[str, ...]], ...]] = (
    ("exact", ("genau", "exakt", "nur", "lediglich", "bloß")),
    (
        "approx",
        (
            "rund",
            "rd.",
            "etwa",
            "ca.",
            "circa",
            "zirka",
            "ungefähr",
            "annähernd",
            "um die",
            "schätzungsweise",
            "geschätzt",
            "geschätzte",
            "geschätzten",
            "gut",
            "gute",
            "guten",
        ),
    ),
    ("more_than", ("mehr als", "über")),
    ("at_least", ("mindestens", "mind.", "wenigstens", "zumindest", "nicht weniger als", "ab")),
    ("up_to", ("bis zu", "höchstens", "maximal", "max.", "nicht mehr als", "bis")),
    ("less_than", ("weniger als", "unter")),
    ("just_under", ("knapp", "fast", "beinahe", "nahezu")),
)

_HEDGE_LOOKUP: Final[dict[tuple[str, ...], Hedge]] = {
    tuple(phrase.split()): hedge for hedge, phrases in _HEDGE_TABLE for phrase in phrases
}
_HEDGE_LOOKUP[("zwischen",)] = "range"
_LONGEST_HEDGE: Final = max(len(key) for key in _HEDGE_LOOKUP)

#: Floors of the vague plurals ("Hunderttausende" is at least 100,000).
_VAGUE: Final[dict[str, int]] = {
    "dutzende": 12,
    "dutzenden": 12,
    "hunderte": 100,
    "hunderten": 100,
    "aberhunderte": 100,
    "aberhunderten": 100,
    "tausende": 1_000,
    "tausenden": 1_000,
    "abertausende": 1_000,
    "abertausenden": 1_000,
    "zehntausende": 10_000,
    "zehntausenden": 10_000,
    "zigtausende": 10_000,
    "zigtausenden": 10_000,
    "hunderttausende": 100_000,
    "hunderttausenden": 100_000,
    "millionen": 10**6,
    "milliarden": 10**9,
    "billionen": 10**12,
}

#: Words that make "mehrere Tausend", "einige hundert", "ein paar Dutzend" vague plurals.
_SOME: Final = frozenset({"mehrere", "einige"})
_SOME_BASES: Final[dict[str, int]] = {
    "dutzend": 12,
    "hundert": 100,
    "tausend": 1_000,
    "zehntausend": 10_000,
    "hunderttausend": 100_000,
    "millionen": 10**6,
    "mio.": 10**6,
    "milliarden": 10**9,
    "mrd.": 10**9,
}

#: Scale words after a number. German "Billion" is 10**12.
_SCALES: Final[dict[str, int]] = {
    "dutzend": 12,
    "hundert": 100,
    "tausend": 1_000,
    "tsd.": 1_000,
    "million": 10**6,
    "millionen": 10**6,
    "mio.": 10**6,
    "mio": 10**6,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "mrd.": 10**9,
    "mrd": 10**9,
    "billion": 10**12,
    "billionen": 10**12,
    "billiarde": 10**15,
    "billiarden": 10**15,
}

#: Scale words that may follow a vague plural: "Hunderte Millionen".
_PLURAL_SCALES: Final = frozenset(
    {"tausend", "millionen", "mio.", "mio", "milliarden", "mrd.", "mrd", "billionen"}
)

_ARTICLE_ONE: Final = frozenset({"ein", "eine", "einer", "einem", "einen", "eines"})
_HALF: Final = frozenset({"halbe", "halbes", "halben"})

#: Words marking an addition to an earlier figure, before the number ...
_INCREMENT_BEFORE: Final = frozenset(
    {
        "weitere",
        "weiteren",
        "weiterer",
        "weiteres",
        "zusätzliche",
        "zusätzlichen",
        "zusätzlicher",
        "zusätzlich",
    }
)
#: ... or right after it ("6000 weitere Soldaten").
_INCREMENT_AFTER: Final = _INCREMENT_BEFORE - {"zusätzlich"}
INCREMENT_WORDS: Final[tuple[str, ...]] = tuple(sorted(_INCREMENT_BEFORE))

#: A number followed by one of these is not a head count.
_NOT_A_COUNT_AFTER: Final = frozenset(
    {
        "prozent",
        "%",
        "prozentpunkt",
        "prozentpunkte",
        "prozentpunkten",
        "promille",
        "‰",
        "uhr",
        "mal",
        "drittel",
        "viertel",
        "fünftel",
        "sechstel",
        "siebtel",
        "achtel",
        "neuntel",
        "zehntel",
        "hundertstel",
        "tausendstel",
    }
)

#: A bare number after one of these labels something ("Resolution 2231"), it does not count.
_LABEL_WORDS: Final = frozenset(
    {
        "nr.",
        "nr",
        "nummer",
        "resolution",
        "artikel",
        "paragraf",
        "paragraph",
        "§",
        "seite",
        "kapitel",
        "absatz",
        "abs.",
        "platz",
        "rang",
        "stufe",
        "flug",
        "kw",
        "kalenderwoche",
        "band",
        "ausgabe",
        "folge",
        "version",
        "modell",
        "typ",
        "gleis",
        "linie",
        "route",
        "jahrgang",
        "aktenzeichen",
    }
)

_MONTHS: Final = frozenset(
    {
        "januar",
        "jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
        "jan.",
        "feb.",
        "mär.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "okt.",
        "nov.",
        "dez.",
    }
)

#: A year-shaped number after one of these is always a year.
_YEAR_ALWAYS: Final = frozenset(
    {
        "jahr",
        "jahre",
        "jahres",
        "jahren",
        "im",
        "seit",
        "anfang",
        "mitte",
        "ende",
        "frühjahr",
        "frühling",
        "sommer",
        "herbst",
        "winter",
        "jahresbeginn",
        "jahresende",
        "jahreswechsel",
        "stand",
    }
)
#: After one of these it is a year unless a noun follows ("bis 2030" vs "bis 2000 Soldaten").
_YEAR_UNLESS_NOUN: Final = frozenset({"bis", "ab", "von", "vor", "nach", "um", "in", "für"})

#: "der 3. Versuch", "am 30. Juni": a number with a period after these is an ordinal.
_ORDINAL_DETERMINERS: Final = frozenset(
    {
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "am",
        "im",
        "zum",
        "zur",
        "vom",
        "beim",
        "ins",
        "ans",
        "jeden",
        "jedem",
        "jeder",
        "dieser",
        "diesem",
        "dieses",
        "diesen",
        "seinem",
        "seiner",
        "ihrem",
        "ihrer",
    }
)

#: Stems of words after which "über" means "about"/"over", not "more than".
_GOVERNS_UEBER: Final = (
    "bericht",
    "sprech",
    "sprich",
    "sprach",
    "gesproch",
    "rede",
    "redet",
    "information",
    "informier",
    "verfüg",
    "meldung",
    "nachricht",
    "debatt",
    "diskut",
    "diskussion",
    "gespräch",
    "verhandl",
    "streit",
    "stritt",
    "kontrolle",
    "kontrollier",
    "herrsch",
    "befehl",
    "kommando",
    "aufsicht",
    "entscheid",
    "entschied",
    "klag",
    "beklag",
    "beschwer",
    "schreib",
    "schrieb",
    "geschrieb",
    "spekul",
    "studie",
    "auskunft",
    "aufschluss",
    "überblick",
    "abstimm",
    "wissen",
    "weiß",
    "wusst",
    "erzähl",
    "nachdenk",
    "dokument",
)
#: Adverbs that may stand between such a word and "über" ("verfügt bereits über 500 Panzer").
_ADVERBS: Final = frozenset(
    {
        "auch",
        "nun",
        "jetzt",
        "heute",
        "gestern",
        "bereits",
        "schon",
        "zudem",
        "ebenfalls",
        "erneut",
        "damals",
        "inzwischen",
        "offenbar",
        "angeblich",
        "demnach",
        "derzeit",
        "aktuell",
        "insgesamt",
    }
)

#: Capitalised mid-sentence, these are nouns ("außer Acht", "die Elf"), not numbers.
_NOUN_WHEN_CAPITALISED: Final = frozenset({"Acht", "Elf", "Null", "Eins"})

_SENTENCE_BREAKS: Final = frozenset({".", "!", "?", ":", ";", "„", "“", '"', "«", "»", "(", "["})

HEDGE_WORDS: Final[Mapping[Hedge, tuple[str, ...]]] = MappingProxyType(
    {
        **dict(_HEDGE_TABLE),
        "range": ("zwischen … und …", "… bis …", "…–…"),
        "vague_plural": (
            "Dutzende",
            "Hunderte",
            "Aberhunderte",
            "Tausende",
            "Abertausende",
            "Zehntausende",
            "Zigtausende",
            "Hunderttausende",
            "Millionen",
            "Milliarden",
            "Billionen",
            "mehrere …",
            "einige …",
            "ein paar …",
        ),
    }
)


# --------------------------------------------------------------------------------------------
# Number words.

_ONES: Final = ("", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_TEENS: Final = (
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
)
_TENS: Final[dict[int, tuple[str, ...]]] = {
    2: ("zwanzig",),
    3: ("dreißig", "dreissig"),
    4: ("vierzig",),
    5: ("fünfzig",),
    6: ("sechzig",),
    7: ("siebzig",),
    8: ("achtzig",),
    9: ("neunzig",),
}


def _below_hundred(n: int) -> tuple[str, ...]:
    """Spell 1..99 as it appears inside a compound (1 is "ein", as in "einhundert")."""
    if n < 10:
        return (_ONES[n],)
    if n < 20:
        return (_TEENS[n - 10],)
    tens, ones = divmod(n, 10)
    return tuple(f"{_ONES[ones]}und{t}" if ones else t for t in _TENS[tens])


def _build_number_words() -> tuple[dict[str, int], dict[str, int]]:
    """Spell 0..999 once at import, so reading a word is a dictionary look-up.

    Returns the forms that multiply "tausend" ("ein", "zweihundertein") and the forms that stand
    alone or end a numeral ("eins", "hunderteins", "null").
    """
    multiplier: dict[str, int] = {}
    final: dict[str, int] = {"null": 0}
    for n in range(1, 1000):
        hundreds, rest = divmod(n, 100)
        if hundreds == 0:
            heads: tuple[str, ...] = ("",)
        elif hundreds == 1:
            heads = ("hundert", "einhundert")
        else:
            heads = (_ONES[hundreds] + "hundert",)
        tails: tuple[str, ...] = ("",)
        if rest:
            tails = _below_hundred(rest)
            if hundreds:
                tails += tuple("und" + tail for tail in tails)
        for head in heads:
            for tail in tails:
                form = head + tail
                multiplier[form] = n
                final[form + "s" if form.endswith("ein") else form] = n
    return multiplier, final


_MULTIPLIER_WORDS, _FINAL_WORDS = _build_number_words()

#: "anderthalb", "eineinhalb", "zweieinhalb" ... : halves, whole only before a scale word.
_HALVES: Final[dict[str, Fraction]] = {"anderthalb": Fraction(3, 2)} | {
    f"{word}einhalb": Fraction(2 * n + 1, 2) for n, word in enumerate(_ONES) if n
}


#: Scale words inside one joined numeral, largest first: stem, value, spellings (plural first).
_JOINED_SCALES: Final = (
    ("billion", 10**12, ("billionen", "billion")),
    ("milliarde", 10**9, ("milliarden", "milliarde")),
    ("million", 10**6, ("millionen", "million")),
)
#: Multipliers of those scales: 1..999 as in "zweihundertein", and the feminine "eine",
#: "zweihunderteine" (Million and Milliarde are feminine).
_BIG_MULTIPLIER_WORDS: Final[dict[str, int]] = _MULTIPLIER_WORDS | {
    form + "e": n for form, n in _MULTIPLIER_WORDS.items() if form.endswith("ein")
}
#: 10..99, the hundreds of a year-style numeral ("neunzehn" in "neunzehnhundert").
_TEENS_AND_TENS: Final[dict[str, int]] = {
    form: n for n in range(10, 100) for form in _below_hundred(n)
}


def _word_value(word: str) -> int | None:
    """Value of one lower-case number word ("elftausend", "zweimillionenfünf"), else None.

    Dictionary look-ups and `str.partition` only: it runs on every word of every phrase, and
    almost all of them are nouns that fail the first test.
    """
    value = _FINAL_WORDS.get(word)
    if value is not None:
        return value
    if "tausend" not in word and "hundert" not in word and "illi" not in word:
        return None
    big = _big_word_value(word, 0)
    if big is not None:
        return big
    return _year_style_value(word)


def _below_million_value(word: str) -> int | None:
    """Value of a word below a million, 1..999,999 ("elftausend", "tausendeins")."""
    value = _FINAL_WORDS.get(word)
    if value is not None:
        return value or None  # "null" does not end a longer numeral
    head, sep, tail = word.partition("tausend")
    if not sep:
        return None
    thousands = 1 if head == "" else _MULTIPLIER_WORDS.get(head)
    if thousands is None:
        return None
    if tail == "":
        return thousands * 1000
    rest = _FINAL_WORDS.get(tail.removeprefix("und"))
    if not rest:  # None, or "tausendnull"
        return None
    return thousands * 1000 + rest


def _big_word_value(word: str, level: int) -> int | None:
    """Value of a joined numeral whose scale words, from `_JOINED_SCALES[level]` on, are inside.

    "einemillionfünfhunderttausend" is 1,500,000. Each scale takes a multiplier of 1..999
    ("eine", "zwei", "zweihundertein(e)") and may occur once, larger scales first; whatever
    follows the smallest one is a numeral below a million. Singular and plural are both tried
    after each scale word ("milliarde" + "neun" against "milliarden" + "eun"): only one of them
    can leave a numeral behind.
    """
    for k in range(level, len(_JOINED_SCALES)):
        stem, scale, forms = _JOINED_SCALES[k]
        head, sep, after = word.partition(stem)
        if not sep:
            continue
        multiplier = _BIG_MULTIPLIER_WORDS.get(head)
        if multiplier is None:
            return None
        after = stem + after
        for form in forms:
            if not after.startswith(form):
                continue
            tail = after[len(form) :]
            if tail == "":
                return multiplier * scale
            rest = _big_word_value(tail, k + 1)
            if rest is not None:
                return multiplier * scale + rest
        return None
    return _below_million_value(word) if word else None


def _year_style_value(word: str) -> int | None:
    """Value of a numeral that counts hundreds from ten up: "neunzehnhundertdreiundsiebzig"."""
    head, sep, tail = word.partition("hundert")
    hundreds = _TEENS_AND_TENS.get(head) if sep else None
    if hundreds is None:
        return None
    if tail == "":
        return hundreds * 100
    rest = _FINAL_WORDS.get(tail.removeprefix("und"))
    if not rest or rest >= 100:
        return None
    return hundreds * 100 + rest


# --------------------------------------------------------------------------------------------
# Tokens.

_GROUP_SPACES: Final = "\u0020\u00a0\u202f\u2009"
#: Marks inside one digit token: group separators (German ".", Swiss "'" and "’"), the decimal
#: comma, and the ":" and "/" of times and dates. A mixed or misplaced mark makes the token
#: malformed as a whole ("6'00", "1.500'000"), never a shorter number.
_GROUP_MARKS: Final = ".,:/'’"
_ABBREVIATIONS: Final = (
    "ca|rd|mind|max|mio|mrd|tsd|nr|abs|jan|feb|mär|apr|jun|jul|aug|sept|sep|okt|nov|dez"
)

_TOKEN_RE: Final = re.compile(
    rf"""
    (?P<num>
        [0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}                                  # ISO date: one token
      | [0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}}(?![0-9]))*                 # "6 00", "6 0000":
        [{_GROUP_SPACES}](?:[0-9]{{1,2}}|[0-9]{{4,}})(?![0-9])                  # one bad token
      | (?!(?:19|20)[0-9]{{2}}[{_GROUP_SPACES}][1-9])     # not "2025 300": a year and a count
        [0-9]{{4,}}(?:[{_GROUP_SPACES}][0-9]+)+                              # "6000 000"
      | [0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}}(?![0-9]))+(?:[{_GROUP_MARKS}][0-9]+)*  # "6 000"
      | [0-9]{{1,3}}(?:[.'’][0-9]{{3}})+(?:[{_GROUP_SPACES}][0-9]{{3}}(?![0-9]))+  # "1.500 000"
      | [0-9]+(?:[{_GROUP_MARKS}][0-9]+)*                                # "6.000", "30.6.25"
    )
    | (?P<abbr>(?<![^\W\d_])(?:{_ABBREVIATIONS})\.)
    | (?P<word>[^\W\d_]+)
    | (?P<punct>\S)
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: A whole digit token: German grouping, no leading zero, decimal comma.
_INTEGER_PART: Final = "|".join(
    (
        r"0|[1-9][0-9]*",  # "0", "6000"
        r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+",  # "6.000", "1.500.000"
        rf"[1-9][0-9]{{0,2}}(?:[{_GROUP_SPACES}][0-9]{{3}})+",  # "6 000"
        r"[1-9][0-9]{0,2}(?:'[0-9]{3})+",  # "6'000" (Swiss)
        r"[1-9][0-9]{0,2}(?:’[0-9]{3})+",  # "6’000" (Swiss, typographic apostrophe)
    )
)
_DIGITS_RE: Final = re.compile(rf"(?P<int>{_INTEGER_PART})(?:,(?P<frac>[0-9]+))?")
_NOT_DIGITS_RE: Final = re.compile(rf"[.'’{_GROUP_SPACES}]")
#: A malformed digit token holding one of these was meant as a grouped number ("6'00", "6 00",
#: "1.500 000"), not as a date or a time, so it is unreadable rather than skipped.
_MEANT_AS_GROUPED_RE: Final = re.compile(rf"['’{_GROUP_SPACES}]")
_YEAR_SHAPED_RE: Final = re.compile(r"(?:19|20)[0-9]{2}")
#: A word made only of these parts is meant as a number, spelt right or not.
_NUMBER_PARTS_RE: Final = re.compile(
    r"(?:null|eins|eine|ein|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf"
    r"|zwölf|zwanzig|zig|ßig|ssig|hundert|tausend|und|millionen|million|milliarden|milliarde"
    r"|billionen|billion)+"
)
_NOT_MISSPELT: Final = _ARTICLE_ONE | {"und", "eins", "null"}
#: How a word made of those parts can begin: a cheap test before the regular expression, which
#: most words (nouns, verbs) fail.
_NUMBER_STARTS: Final = frozenset(
    {"nu", "ei", "zw", "dr", "vi", "fü", "se", "si", "ac", "ne", "ze", "el", "hu", "ta", "mi"}
    | {"bi", "un"}
)
_MAX_DIGITS: Final = 21  # beyond this it is not a count of anything (and int() would balk)


class _Tok(NamedTuple):
    """One token; a tuple because a phrase makes several and a tuple is the cheapest to make."""

    kind: str  # "num", "abbr", "word" or "punct"
    text: str
    low: str
    start: int
    end: int


@dataclass(slots=True)  # not frozen: a frozen __init__ costs a call per field, per number
class _Qty:
    """A number read from tokens first..stop-1, before its context is judged."""

    first: int
    stop: int
    value: Fraction = Fraction(0)  # the floor, for a vague plural
    unscaled: Fraction = Fraction(0)
    scale: int = 1
    vague: bool = False
    bare: bool = False  # one plain digit token with no scale word: may be a year or a date
    invalid: bool = False  # looks numeric but is malformed ("6.00", "30.6.25"): swallow it
    #: The scale word the number ends in, if a smaller number word may still follow it
    #: ("eine Million" + "fünfhunderttausend"); 0 when nothing more can be added.
    place: int = 0
    joined: bool = False  # read from more than one term: "eine Million fünfhunderttausend"
    unreadable: str = ""  # why these number words make no one number; then value means nothing

    @property
    def whole(self) -> bool:
        return self.value.denominator == 1


def _tokenize(text: str) -> list[_Tok]:
    return [
        _Tok(m.lastgroup or "punct", word, word.lower(), *m.span())
        for m in _TOKEN_RE.finditer(text)
        for word in (m.group(),)
    ]


def _digits_value(token: str) -> Fraction | None:
    """Value of a German digit token ("6.000", "6 000", "1,5"), None if it is not one."""
    m = _DIGITS_RE.fullmatch(token)
    if m is None:
        return None
    whole = _NOT_DIGITS_RE.sub("", m["int"])
    frac = m["frac"] or ""
    if len(whole) + len(frac) > _MAX_DIGITS:
        return None
    return Fraction(int(whole + frac), 10 ** len(frac))


def _is_wordlike(tok: _Tok) -> bool:
    return tok.kind in ("word", "abbr")


def _sentence_start(toks: list[_Tok], i: int) -> bool:
    return i == 0 or toks[i - 1].text in _SENTENCE_BREAKS


def _scale_at(toks: list[_Tok], j: int) -> int | None:
    if j < len(toks) and _is_wordlike(toks[j]):
        return _SCALES.get(toks[j].low)
    return None


def _vague(toks: list[_Tok], first: int, j: int, floor: int) -> _Qty:
    """A vague plural whose base ends at token j-1, with an optional "Millionen" after it."""
    if floor < 10**6 and j < len(toks) and toks[j].low in _PLURAL_SCALES:
        floor *= _SCALES[toks[j].low]
        j += 1
    return _Qty(first, j, value=Fraction(floor), vague=True)


#: Scale words that a smaller number may follow in the same numeral ("zwei Millionen dreihundert"),
#: unlike "Dutzend": "zwei Dutzend drei" is not 27.
_PLACES: Final = frozenset({100, 1_000, 10**6, 10**9, 10**12, 10**15})


def _scaled(first: int, j: int, toks: list[_Tok], value: Fraction, bare: bool = False) -> _Qty:
    """Apply a scale word at token j, if there is one."""
    scale = _scale_at(toks, j)
    if scale is None:
        return _Qty(first, j, value, value, bare=bare)
    place = scale if scale in _PLACES and value.denominator == 1 else 0
    return _Qty(first, j + 1, value * scale, value, scale, place=place)


def _read_term(toks: list[_Tok], i: int) -> _Qty | None:
    """Read one number and its scale word at token i ("drei Millionen"), or None."""
    tok = toks[i]
    if tok.kind == "num":
        value = _digits_value(tok.text)
        if value is None:  # swallow a scale word too: "1.5 Millionen" is not "Millionen"
            if _scale_at(toks, i + 1):
                return _Qty(i, i + 2, unreadable="malformed digits before a scale word")
            if _MEANT_AS_GROUPED_RE.search(tok.text):
                return _Qty(i, i + 1, unreadable="digits not grouped by threes with one mark")
            return _Qty(i, i + 1, invalid=True)
        return _scaled(i, i + 1, toks, value, bare=True)
    if tok.kind == "punct":
        return None
    word = tok.low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if word in _VAGUE:
        return _vague(toks, i, i + 1, _VAGUE[word])
    if word in _SOME or (word == "ein" and nxt == "paar"):
        j = i + 1 if word in _SOME else i + 2
        if j < len(toks) and toks[j].low in _SOME_BASES:
            return _vague(toks, i, j + 1, _SOME_BASES[toks[j].low])
        return None
    if word in _ARTICLE_ONE:
        if nxt in _HALF:
            scale = _scale_at(toks, i + 2)
            return None if scale is None else _scaled(i, i + 2, toks, Fraction(1, 2))
        if word in ("ein", "eine") and nxt in ("bis", "oder"):
            return _Qty(i, i + 1, Fraction(1), Fraction(1))  # "ein bis zwei Millionen"
        return _scaled(i, i + 1, toks, Fraction(1)) if _scale_at(toks, i + 1) else None
    if word in _HALVES:
        return _scaled(i, i + 1, toks, _HALVES[word]) if _scale_at(toks, i + 1) else None
    number = _word_value(word)
    if number is None:
        feminine = _BIG_MULTIPLIER_WORDS.get(word)  # "zweihunderteine Millionen"
        scale = _scale_at(toks, i + 1) if feminine is not None else None
        if feminine is None or scale is None or scale < 10**6:
            if _misspelt_number(word):
                stop = i + 2 if _scale_at(toks, i + 1) else i + 1
                return _Qty(i, stop, unreadable="a number word that is not spelt as one")
            return None
        number = feminine
    if tok.text in _NOUN_WHEN_CAPITALISED and not _sentence_start(toks, i):
        return None
    return _scaled(i, i + 1, toks, Fraction(number))


def _read_quantity(toks: list[_Tok], i: int) -> _Qty | None:
    """Read the number starting at token i, or None if no number starts there.

    A numeral goes on past a scale word while smaller number words follow: "sieben Millionen
    einhunderteinundvierzigtausendsiebenhundertdreizehn" is 7,141,713, "zwei Milliarden
    dreihundert Millionen" 2,300,000,000. A number word that cannot continue it ("zwei
    Millionen drei Millionen", "dreihunderttausend fünf", "anderthalb Millionen zehn"), or
    digits right after a scale word ("eine Million 500.000"), make the whole span unreadable:
    reading only its first part would give a smaller number than the text states.
    """
    q = _read_term(toks, i)
    if q is None or q.vague or q.invalid or q.unreadable:
        return q
    if q.stop + 1 < len(toks) and toks[q.stop].low == "komma":  # "zwei Komma fünf Millionen"
        after = _read_term(toks, q.stop + 1)
        if after is not None and not after.vague:
            return replace(q, stop=after.stop, unreadable="a decimal written in words")
    total, place, stop = q.value, q.place, q.stop
    joined = False
    while stop < len(toks) and toks[stop - 1].kind == "word":
        nxt = toks[stop]
        if nxt.kind == "num":
            if toks[stop - 1].low in _SCALES and not _digits_glued(toks, stop):
                return replace(q, stop=stop + 1, unreadable="digits after a scale word")
            break
        term = _read_term(toks, stop) if nxt.kind == "word" else None
        if term is None or term.vague or term.invalid:
            break
        if term.unreadable:
            return replace(q, stop=term.stop, unreadable=term.unreadable)
        if not (place and term.whole and term.value < place):
            return replace(q, stop=term.stop, unreadable="number words that make no one number")
        total += term.value
        place, stop, joined = term.place, term.stop, True
    if not joined:
        return q
    return replace(q, stop=stop, value=total, place=place, joined=True)


def _misspelt_number(word: str) -> bool:
    """True for a word made of number parts that is no number: "einstausend", "sechszehn".

    Skipping such a word would let the number before it ("zwei Millionen einstausend") or a
    later one stand for it. Articles, "und" and scale words on their own are not meant.
    """
    return (
        word[:2] in _NUMBER_STARTS
        and word not in _NOT_MISSPELT
        and word not in _SCALES
        and _NUMBER_PARTS_RE.fullmatch(word) is not None
    )


def _digits_glued(toks: list[_Tok], j: int) -> bool:
    """True when the digit token at j is part of a compound ("155-mm-Granaten")."""
    return j + 1 < len(toks) and toks[j + 1].start == toks[j].end and toks[j + 1].text in "-‐"


# --------------------------------------------------------------------------------------------
# Context: what makes a number not a count, and which hedge governs it.


def _glued(text: str, start: int, end: int) -> bool:
    """True when the span is part of a word or name: "F-16", "G7", "78-Jährige", "5km", "-5"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "-‐−+±" or after.isalnum() or after in "-‐°"


def _is_ordinal_or_date(text: str, toks: list[_Tok], i: int) -> bool:
    """True for "2. Juli", "am 3. Tag", "30. 6. 2025", list markers "1. Punkt"."""
    j = i + 1
    if j + 1 >= len(toks) or toks[j].text != "." or toks[j].start != toks[i].end:
        return False
    after = toks[j + 1]
    if after.low in _MONTHS or after.kind == "num":
        return True
    if _is_wordlike(after) and after.text[0].islower():
        return True
    if i > 0 and toks[i - 1].low in _ORDINAL_DETERMINERS:
        return True
    line = text[text.rfind("\n", 0, toks[i].start) + 1 : toks[i].start]
    return line.strip() == "" and len(toks[i].text) <= 2


def _noun_follows(toks: list[_Tok], j: int) -> bool:
    return j < len(toks) and toks[j].kind == "word" and toks[j].text[0].isupper()


def _is_year(toks: list[_Tok], i: int) -> bool:
    """True when the year-shaped bare number at token i stands for a year."""
    if not _YEAR_SHAPED_RE.fullmatch(toks[i].text):
        return False
    return _year_context(toks, i)


def _is_year_word(toks: list[_Tok], q: _Qty) -> bool:
    """True when q is one number word that names a year in its context ("im Jahr zweitausend").

    Year-shaped words are 1900..2099 and the year-style hundreds ("neunzehnhundertdreiundsiebzig",
    "elfhundert"); the context rules are those for digits.
    """
    if q.stop != q.first + 1 or toks[q.first].kind != "word" or q.scale != 1:
        return False
    if not _year_context(toks, q.first):  # first: it is cheaper, and mostly False
        return False
    value = q.value.numerator  # whole: q is one number word
    return 1900 <= value <= 2099 or _year_style_value(toks[q.first].low) is not None


def _year_context(toks: list[_Tok], i: int) -> bool:
    """True when the words around token i make the number there a year."""
    prev = toks[i - 1].low if i > 0 else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev in _YEAR_ALWAYS or prev in _MONTHS:
        return True
    if nxt is not None and (nxt.low in _MONTHS or nxt.text == "/"):
        return True
    if prev == "(" and nxt is not None and nxt.text == ")":
        return True
    if prev in _YEAR_UNLESS_NOUN:
        return not _noun_follows(toks, i + 1)
    if _sentence_start(toks, i) and nxt is not None:
        return nxt.text == "," or (nxt.kind == "word" and nxt.text[0].islower())
    return False


def _governs_ueber(toks: list[_Tok], k: int, floor: int) -> bool:
    """True when the word at k (before "über") makes "über" mean "about", not "more than"."""
    if k >= floor and toks[k].low in _ADVERBS:
        k -= 1
    return k >= floor and toks[k].kind == "word" and toks[k].low.startswith(_GOVERNS_UEBER)


def _hedge_before(toks: list[_Tok], k: int, floor: int) -> tuple[Hedge | None, int]:
    """The hedge phrase ending right before token k, and the index where it starts."""
    for size in range(min(_LONGEST_HEDGE, k - floor), 0, -1):
        words = toks[k - size : k]
        if not all(_is_wordlike(t) for t in words):
            continue
        hedge = _HEDGE_LOOKUP.get(tuple(t.low for t in words))
        if hedge is None:
            continue
        if size == 1 and words[0].low == "über" and _governs_ueber(toks, k - 2, floor):
            return None, k
        return hedge, k - size
    return None, k


@dataclass(frozen=True, slots=True)
class _Range:
    low: int
    high: int
    stop: int
    years: bool = False  # "2020 bis 2025": a span of years, to be swallowed
    unreadable: str = ""  # "zwischen 12.000 und 10.000": a range, but not one that can be read


def _range_of(toks: list[_Tok], q: _Qty, between: bool) -> _Range | None:
    """The range that starts with q ("X bis Y", "X-Y", after "zwischen" "X und Y"), if any."""
    elided = _elided_range(toks, q)
    if elided is not None:
        return elided
    j = q.stop
    if j + 1 >= len(toks):
        return None
    joiner = toks[j].low
    if not (joiner in ("bis", "-", "–", "—") or (between and joiner == "und")):
        return None
    q2 = _read_quantity(toks, j + 1)
    if q2 is not None and q2.unreadable:
        return _Range(0, 0, q2.stop, unreadable=q2.unreadable)
    if between and q2 is not None and (q2.invalid or not q2.whole):
        # "zwischen 10.000 und 12.00": not the lone 10.000
        return _Range(0, 0, q2.stop, unreadable="a malformed upper bound")
    if q2 is None or q2.vague or q2.invalid or not q2.whole:
        return None
    if q.bare and q2.bare:
        first, second = toks[q.first].text, toks[q2.first].text
        years = _YEAR_SHAPED_RE.fullmatch(first) and _YEAR_SHAPED_RE.fullmatch(second)
        if years and not _noun_follows(toks, q2.stop):
            return _Range(0, 0, q2.stop, years=True)
    low = q.value
    if q.scale == 1 and q2.scale > 1 and q.unscaled <= q2.unscaled:
        if q2.joined:  # "zwei bis drei Millionen fünfhunderttausend": 2 or 2,000,000 or 2,500,000?
            return _Range(0, 0, q2.stop, unreadable="a lower bound that may share the scale word")
        low = q.unscaled * q2.scale  # "zwei bis drei Millionen"
    if low.denominator != 1 or low >= q2.value:
        if between:
            return _Range(0, 0, q2.stop, unreadable="a range whose bounds are not in order")
        return None
    return _Range(int(low), int(q2.value), q2.stop)


def _elided_range(toks: list[_Tok], q: _Qty) -> _Range | None:
    """Read "zwei- bis dreitausend", where the first word borrows the second one's ending."""
    i = q.first
    if q.stop != i + 1 or toks[i].kind != "word" or i + 3 >= len(toks):
        return None
    dash, joiner, second = toks[i + 1], toks[i + 2], toks[i + 3]
    if dash.text not in "-‐" or dash.start != toks[i].end:
        return None
    high = _word_value(second.low) if joiner.low in ("bis", "und", "oder") else None
    if high is None:
        return None
    for cut in range(1, len(second.low)):
        low = _word_value(toks[i].low + second.low[cut:])
        if low is not None and _word_value(second.low[:cut]) is not None:
            return _Range(low, high, i + 4) if low < high else None
    return None


def _increment_after(toks: list[_Tok], j: int) -> bool:
    return j < len(toks) and toks[j].low in _INCREMENT_AFTER


def _bounds(hedge: Hedge, n: int) -> tuple[int | None, int | None, int | None]:
    if hedge == "exact":
        return n, n, n
    if hedge == "approx":
        return None, n, None
    if hedge in ("more_than", "at_least", "vague_plural"):
        return n, None, None
    return None, None, n  # up_to, less_than, just_under


def _unreadable(text: str, toks: list[_Tok], first: int, stop: int, reason: str) -> Unreadable:
    start, end = toks[first].start, toks[stop - 1].end
    return Unreadable(reason, text[start:end], start, end)


def _and_continues(toks: list[_Tok], q: _Qty) -> int:
    """Where "eine Million und fünfhunderttausend" ends (0 if q is not followed so).

    Read either way the text would be wrong: as 1,000,000 it drops a part, as 1,500,000 it
    may join two separate numbers. So it is unreadable.
    """
    j = q.stop
    if not q.place or toks[j - 1].kind != "word" or j + 1 >= len(toks) or toks[j].low != "und":
        return 0
    if toks[j + 1].kind != "word":
        return 0
    term = _read_term(toks, j + 1)
    if term is None or term.vague or term.invalid or term.value >= q.place:
        return 0
    return term.stop


def _judge(
    text: str, toks: list[_Tok], q: _Qty, floor: int
) -> tuple[Count | Unreadable | None, int]:
    """Turn a quantity into a Count (or decide it is none) and say where reading resumes."""
    if q.invalid:
        return None, q.stop
    if q.unreadable:
        return _unreadable(text, toks, q.first, q.stop, q.unreadable), q.stop
    k = q.first
    increment = k - 1 >= floor and toks[k - 1].low in _INCREMENT_BEFORE
    if increment:
        k -= 1
    hedge, start = (None, k) if q.vague else _hedge_before(toks, k, floor)
    rng = None if q.vague else _range_of(toks, q, between=hedge == "range")
    if rng is not None:
        if rng.unreadable:
            return _unreadable(text, toks, q.first, rng.stop, rng.unreadable), rng.stop
        if rng.years:
            return None, rng.stop
        stop = rng.stop
        if hedge != "range":  # "rund 10 bis 12": the range says more than the hedge
            hedge, start = "range", k
    else:
        stop = q.stop
        if hedge == "range":  # "zwischen" with no "und": the number stands alone
            hedge, start = None, k
        if not q.whole:  # "1,5", "6.000,5"
            return None, stop
        if stop + 1 < len(toks) and toks[stop].low == "oder":  # "zwei oder drei Soldaten"
            other = _read_quantity(toks, stop + 1)
            if other is not None and not other.invalid:
                reason = "two numbers as alternatives"
                return _unreadable(text, toks, q.first, other.stop, reason), other.stop
        if q.place and (and_stop := _and_continues(toks, q)):
            reason = "a scale word, then und and a smaller number word"
            return _unreadable(text, toks, q.first, and_stop, reason), and_stop
    if stop < len(toks) and toks[stop].low in _NOT_A_COUNT_AFTER:
        return None, stop + 1
    if _glued(text, toks[q.first].start, toks[stop - 1].end):
        return None, stop
    if q.bare and rng is None:
        if _is_ordinal_or_date(text, toks, q.first) or _is_year(toks, q.first):
            return None, stop
        if q.first > 0 and toks[q.first - 1].low in _LABEL_WORDS:
            return None, stop
    if rng is None and not q.bare and _is_year_word(toks, q):
        return None, stop
    if q.vague:
        hedge = "vague_plural"  # a hedge word before a vague plural adds nothing
    if hedge is not None and start - 1 >= floor and toks[start - 1].low in _INCREMENT_BEFORE:
        increment, start = True, start - 1  # "weitere rund 6000"
    if _increment_after(toks, stop):
        increment, stop = True, stop + 1  # "6000 weitere Soldaten"
    final: Hedge = "exact" if hedge is None else hedge
    low, best, high = (rng.low, None, rng.high) if rng else _bounds(final, int(q.value))
    span_start, span_end = toks[start].start, toks[stop - 1].end
    count = Count(
        low, best, high, final, increment, text[span_start:span_end], span_start, span_end
    )
    return count, stop


def _iter_counts(text: str) -> Iterator[Count | Unreadable]:
    toks = _tokenize(text)
    i = floor = 0
    while i < len(toks):
        q = _read_quantity(toks, i)
        if q is None:
            i += 1
            continue
        count, i = _judge(text, toks, q, floor)
        floor = i
        if count is not None:
            yield count


# --------------------------------------------------------------------------------------------
# Public API.


def read_count(phrase: str) -> Count | Unreadable | None:
    """The first count in an evidence phrase, Unreadable if the first number in it cannot be
    read whole, or None if it states no count.

    Unlike `parse_count`, this says why there is no value: a check can then ask for a readable
    quote instead of reporting a missing number.
    """
    return _first_count(phrase)


@functools.lru_cache(maxsize=8192)
def _first_count(phrase: str) -> Count | Unreadable | None:
    return next(_iter_counts(phrase), None)


@functools.lru_cache(maxsize=8192)
def parse_count(phrase: str) -> Count | None:
    """The first count in an evidence phrase, or None if it states none or cannot be read.

    A number that cannot be read whole ("zwei Millionen drei Millionen") gives None, not the
    next number in the phrase and not its own first part. Cached, because the check asks once
    per distinct phrase and phrases repeat across rows.
    """
    found = next(_iter_counts(phrase), None)
    return found if isinstance(found, Count) else None


def find_counts(text: str) -> list[Count]:
    """Every count in a longer text, in order, so a whole article can be checked against a row.

    Spans that cannot be read as one number are left out (`read_count` names them).
    """
    return [found for found in _iter_counts(text) if isinstance(found, Count)]


def parse_number(token: str) -> int | None:
    """The value of one numeral ("6.000", "6'000", "1,5 Mio.", "eine Million fünfhunderttausend").

    None unless the whole token is one readable numeral: no hedge word, no noun, no trailing
    punctuation, so a caller can use it to validate a single cell. Vague plurals ("Tausende")
    have no value here.
    """
    toks = _tokenize(token.strip())
    if not toks:
        return None
    q = _read_quantity(toks, 0)
    if q is None or q.invalid or q.vague or q.unreadable or not q.whole or q.stop != len(toks):
        return None
    return int(q.value)
