"""Time the German numeral parser on evidence phrases, and count wrong readings of large numbers.

    python benchmarks/numerals_bench.py [--phrases 100000] [--runs 5] [--cardinals 3000] [--seed 1]

The parser runs once per distinct evidence phrase of a dataset, so its cost per phrase bounds
what the provenance checks cost. The phrases are generated the way evidence is written: a hedge
word or none, a number in digits (German, Swiss or space grouping, a scale word sometimes) or in
words, and a noun; every tenth phrase is one of the fixture corpus rows. Timing bypasses the
phrase cache of `parse_count`, so each call does the full work. Prints the median, min and max
CPU seconds of this process per 100,000 phrases: CPU time rather than wall time, because the
machines it runs on are shared and wall time then mostly measures the neighbours.

Then it spells `--cardinals` random integers between 10^6 and 10^12 with num2words (the oracle
of the property tests; install the test dependency group) and counts how many `parse_number`
reads as a different number (wrong) or not at all (unread), bare and in a phrase. Compare
timings from one machine as ratios: shared machines vary by a third from run to run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from factgate import numerals  # the source tree, not an installed copy

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "numerals-de.tsv"
HEDGES = ["", "", "", "rund ", "etwa ", "mehr als ", "mindestens ", "bis zu ", "knapp ", "über "]
NOUNS = ["Soldaten", "Artilleriegeschosse", "Tote und Verwundete", "Särge", "Arbeiter"]
SCALES = [" Millionen", " Mio.", " Milliarden", " Mrd."]
GROUPS = [".", ".", ".", "", " ", "\u202f", "'", "\u2019"]


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep) if sep else str(n)


def _spell(n: int) -> str:
    """The oracle's spelling of n, or digits when num2words is not installed."""
    try:
        from num2words import num2words
    except ImportError:
        return str(n)
    return str(num2words(n, lang="de"))


def phrases(count: int, rng: random.Random) -> list[str]:
    """`count` evidence-like phrases, most of them distinct."""
    corpus = [line.split("\t", 1)[0] for line in CORPUS.read_text("utf-8").splitlines()[1:]]
    out = []
    for k in range(count):
        if k % 10 == 0:
            out.append(rng.choice(corpus))
            continue
        kind = rng.random()
        if kind < 0.6:
            number = _grouped(rng.randrange(1, 10**7), rng.choice(GROUPS))
        elif kind < 0.75:
            number = f"{rng.randrange(1, 100)},{rng.randrange(1, 10)}{rng.choice(SCALES)}"
        elif kind < 0.9:
            number = _spell(rng.randrange(1, 10**4))
        else:
            number = _spell(rng.randrange(10**6, 10**12))
        out.append(f"{rng.choice(HEDGES)}{number} {rng.choice(NOUNS)}")
    return out


def time_per_100k(parse: Callable[[str], object], batch: list[str], runs: int) -> list[float]:
    """CPU seconds per 100,000 phrases for each of `runs` passes over `batch`."""
    seconds = []
    for _ in range(runs):
        start = time.process_time()
        for phrase in batch:
            parse(phrase)
        seconds.append((time.process_time() - start) * 100_000 / len(batch))
    return seconds


def cardinals(count: int, rng: random.Random) -> None:
    """Print how many spelled-out cardinals 10^6..10^12 are read wrongly or not at all."""
    try:
        from num2words import num2words
    except ImportError:
        print("num2words not installed: install the test dependency group to count wrong values")
        return
    numbers = [rng.randrange(10**6, 10**12 + 1) for _ in range(count)]
    for label, template in (("bare", "{}"), ("phrase", "rund {} Soldaten")):
        wrong = unread = quirk = 0
        for n in numbers:
            words = num2words(n, lang="de")
            text = template.format(words)
            if label == "bare":
                got = numerals.parse_number(text)
            else:
                found = numerals.parse_count(text)
                got = None if found is None else found.best
            if got is None:
                unread += 1
                quirk += "einstausend" in words  # num2words' spelling of 101,000: see the tests
            elif got != n:
                wrong += 1
        print(
            f"{count} cardinals 10^6..10^12 in words, {label:<6}: {wrong} wrong, {unread} unread"
            f" ({quirk} of them spelt '...einstausend' by num2words)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cardinals", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    batch = phrases(args.phrases, rng)
    # Bypass the lru_cache: each distinct phrase is parsed once per dataset anyway.
    parse = getattr(numerals.parse_count, "__wrapped__", numerals.parse_count)
    seconds = time_per_100k(parse, batch, args.runs)
    print(
        f"parse_count, uncached: median {statistics.median(seconds):.3f} CPU s per 100,000 phrases "
        f"(min {min(seconds):.3f}, max {max(seconds):.3f}; {args.runs} runs over "
        f"{len(batch)} phrases, {len(set(batch))} distinct)"
    )
    if args.cardinals:
        cardinals(args.cardinals, random.Random(args.seed))


if __name__ == "__main__":
    main()
