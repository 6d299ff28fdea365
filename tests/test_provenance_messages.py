"""A quote whose number cannot be read whole is reported as such, never as a wrong number."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from factgate.checking import Failures
from factgate.project import load_project

REPO = Path(__file__).resolve().parents[1]


def evidence_holds_number(figures: pd.DataFrame) -> Failures:
    """The project's own check, loaded as the engine loads it (checks/ is no package)."""
    [spec] = [s for s in load_project(REPO).checks if s.id == "evidence-holds-number"]
    result: Failures = spec.function(figures)
    return result


def _figures(evidence: list[str], best: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "evidence": evidence,
            "value_low": pd.array([None] * len(best), dtype="Int64"),
            "value_best": pd.array(best, dtype="Int64"),
            "value_high": pd.array([None] * len(best), dtype="Int64"),
        }
    )


def test_an_unreadable_number_says_why_and_what_to_do() -> None:
    figures = _figures(["zwei Millionen drei Millionen Soldaten", "rund 6.000 Soldaten"], [2, 6000])
    failures = evidence_holds_number(figures)
    assert failures.mask.tolist() == [True, False]
    assert isinstance(failures.message, pd.Series)
    message = failures.message.iloc[0]
    assert "'zwei Millionen drei Millionen' cannot be read as one number" in message
    assert "states" not in message  # no value is invented for it


def test_a_quote_without_any_number_keeps_its_message() -> None:
    failures = evidence_holds_number(_figures(["Soldaten wurden entsandt"], [5]))
    assert failures.mask.tolist() == [True]
    assert isinstance(failures.message, pd.Series)
    assert "holds no number" in failures.message.iloc[0]
