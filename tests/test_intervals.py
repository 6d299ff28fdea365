"""Interval semantics: the vectorised comparisons agree with a plain, row-at-a-time reading
of design section 4 on any figures hypothesis can make."""

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
    """Design section 4, one pair at a time, straight from the words."""

    def bounds(f: dict[str, object]) -> tuple[float, float, bool, bool, float]:
        low = f["value_low"] if f["value_low"] is not None else None
        high = f["value_high"] if f["value_high"] is not None else None
        lo = float(low) + (f["hedge"] == "more_than") if low is not None else 0.0  # type: ignore[arg-type]
        hi = float(high) - (f["hedge"] == "less_than") if high is not None else math.inf  # type: ignore[arg-type]
        if f["value_best"] is not None:
            point = float(f["value_best"])  # type: ignore[arg-type]
        elif (low is None) != (high is None):
            point = float(low if low is not None else high)  # type: ignore[arg-type]
        else:
            point = math.nan
        return lo, hi, low is None, high is None, point

    a_lo, a_hi, _, a_high_open, a_point = bounds(a)
    b_lo, b_hi, b_low_open, _, b_point = bounds(b)
    if a_lo > b_hi:
        return "certain"
    if a_point > b_point:
        return "point"
    if not a_high_open and not b_low_open and a_hi > b_lo:
        return "possible"
    return None


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
    assert view["point"].tolist() == [10.0, 100.0]


def test_describe_shows_the_hedge() -> None:
    rows = frame([
        {"hedge": "approx", "value_low": None, "value_best": 11000, "value_high": None},
        {"hedge": "more_than", "value_low": 10, "value_best": None, "value_high": None},
        {"hedge": "range", "value_low": 1, "value_best": None, "value_high": 2},
    ])  # fmt: skip
    assert describe(rows).tolist() == ["~11000", ">10", "1-2"]
