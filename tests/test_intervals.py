"""Interval semantics: the vectorised comparisons agree with a plain, row-at-a-time reading
of the rules in docs/intervals.md on any figures hypothesis can make."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from factgate.intervals import compare_not_greater, describe, disjoint, intervals

# (hedge, which bounds it sets) as the schema's hedge-matches-bounds demands
SHAPES = {
    "exact": "lbh",
    "approx": "b",
    "more_than": "l",
    "at_least": "l",
    "vague_plural": "l",
    "up_to": "h",
    "less_than": "h",
    "just_under": "h",
    "range": "lh",
}


@st.composite
def figure(draw: st.DrawFn) -> dict[str, object]:
    hedge = draw(st.sampled_from(sorted(SHAPES)))
    shape = SHAPES[hedge]
    first = draw(st.integers(0, 20))
    second = draw(st.integers(first, 25))
    row: dict[str, object] = {"hedge": hedge, "value_low": None, "value_best": None,
                              "value_high": None}  # fmt: skip
    if hedge == "exact":
        row.update(value_low=first, value_best=first, value_high=first)
    elif hedge == "range":
        row.update(value_low=first, value_high=second)
    else:
        row[{"l": "value_low", "b": "value_best", "h": "value_high"}[shape]] = first
    return row


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    data = pd.DataFrame(rows)
    for column in ("value_low", "value_best", "value_high"):
        data[column] = data[column].astype("Int64")
    return data


def reference(a: dict[str, object], b: dict[str, object]) -> str | None:
    """The rule "a <= b", one pair at a time, straight from the words of docs/intervals.md:
    certain when a's low is above b's high; point when a's best (else its stated floor) is
    above b's best (else its stated ceiling); possible when a's stated high is above b's
    stated low and neither side is a lone bound (a has a best or floor, b a best or ceiling).
    A lone bound is never a point."""

    def bounds(f: dict[str, object]) -> tuple[float, float, float | None, float | None]:
        low, best, high = f["value_low"], f["value_best"], f["value_high"]
        lo = float(low) + (f["hedge"] == "more_than") if low is not None else None  # type: ignore[arg-type]
        hi = float(high) - (f["hedge"] == "less_than") if high is not None else None  # type: ignore[arg-type]
        floor = float(best) if best is not None else lo  # type: ignore[arg-type]
        ceiling = float(best) if best is not None else hi  # type: ignore[arg-type]
        return (lo if lo is not None else 0.0), (hi if hi is not None else math.inf), floor, ceiling

    a_lo, a_hi, a_floor, _ = bounds(a)
    b_lo, b_hi, _, b_ceiling = bounds(b)
    anchored = a_floor is not None and b_ceiling is not None
    if a_lo > b_hi:
        return "certain"
    if a_floor is not None and b_ceiling is not None and a_floor > b_ceiling:
        return "point"
    if anchored and a["value_high"] is not None and b["value_low"] is not None and a_hi > b_lo:
        return "possible"
    return None


def test_a_lone_floor_is_no_point_estimate() -> None:
    """After "rund 11.000", "mehr als 10.000": the floor agrees with 11,000 (no finding); and
    "mehr als 10.000" then "rund 9.000" breaks by the estimates (point)."""
    rows = frame([
        {"hedge": "approx", "value_low": None, "value_best": 11000, "value_high": None},
        {"hedge": "more_than", "value_low": 10000, "value_best": None, "value_high": None},
        {"hedge": "approx", "value_low": None, "value_best": 9000, "value_high": None},
    ])  # fmt: skip
    view = intervals(rows)
    first, floor, lower = view.iloc[[0]], view.iloc[[1]], view.iloc[[2]]
    assert compare_not_greater(first, floor.set_axis(first.index)).isna().all()
    assert compare_not_greater(floor, lower.set_axis(floor.index)).tolist() == ["point"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(figure(), figure()), min_size=1, max_size=30))
def test_compare_not_greater_matches_the_reference(
    pairs: list[tuple[dict[str, object], ...]],
) -> None:
    a = intervals(frame([p[0] for p in pairs]))
    b = intervals(frame([p[1] for p in pairs]))
    got = [x if isinstance(x, str) else None for x in compare_not_greater(a, b).tolist()]
    assert got == [reference(x, y) for x, y in pairs]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(figure(), figure()), min_size=1, max_size=30))
def test_disjoint_is_symmetric_and_implies_a_certain_contradiction(
    pairs: list[tuple[dict[str, object], ...]],
) -> None:
    a = intervals(frame([p[0] for p in pairs]))
    b = intervals(frame([p[1] for p in pairs]))
    forward, backward = disjoint(a, b), disjoint(b, a)
    assert forward.tolist() == backward.tolist()
    certain_either_way = (compare_not_greater(a, b) == "certain") | (
        compare_not_greater(b, a) == "certain"
    )
    assert forward.tolist() == certain_either_way.tolist()


def test_exclusive_bounds_become_whole_numbers() -> None:
    view = intervals(frame([
        {"hedge": "more_than", "value_low": 10, "value_best": None, "value_high": None},
        {"hedge": "less_than", "value_low": None, "value_best": None, "value_high": 100},
    ]))  # fmt: skip
    assert view["low"].tolist() == [11.0, 0.0]
    assert view["high"].tolist() == [math.inf, 99.0]
    assert view[["point", "floor", "ceiling"]].isna().values.tolist() == [
        [True, False, True],
        [True, True, False],
    ]
    assert view["floor"].iloc[0] == 11.0
    assert view["ceiling"].iloc[1] == 99.0


def test_describe_shows_the_hedge() -> None:
    rows = frame([
        {"hedge": "approx", "value_low": None, "value_best": 11000, "value_high": None},
        {"hedge": "more_than", "value_low": 10, "value_best": None, "value_high": None},
        {"hedge": "range", "value_low": 1, "value_best": None, "value_high": 2},
    ])  # fmt: skip
    assert describe(rows).tolist() == ["~11000", ">10", "1-2"]
