"""How a consistency check is declared: `@check(ID, severity=...)` on a typed function.

A check names the tables it reads as parameters (`figures`, `relations`, ...), the way pytest
injects fixtures; it returns `Failures` (which rows of which table break it, and a message per
row) and never builds findings itself. The engine owns file, line and row ID, so a check stays a
few vectorised lines that say the rule and nothing else.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from factgate.findings import Certainty, Severity

_CHECK_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: The sections a check's docstring must have, so the report can explain every rule.
DOC_SECTIONS = ("Why:", "Fails:", "Passes:")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its ID, severity, the tables it reads and its documentation."""

    id: str
    severity: Severity
    function: Callable[..., Any]
    parameters: tuple[str, ...]
    doc: str

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else ""


@dataclass
class Failures:
    """Rows of one table that break a check.

    `mask` is a boolean Series over the table's frame (True = fails). `message` is one text or a
    Series of texts indexed like the frame. `severity` and `certainty` may vary per row: interval
    comparisons make a certain or point contradiction an error and a possible one a warning.
    """

    table: str
    mask: pd.Series
    message: str | pd.Series
    columns: Sequence[str] = ()
    severity: Severity | pd.Series | None = None
    certainty: Certainty | pd.Series | None = None


@dataclass(frozen=True)
class Skipped:
    """A check (or part of it) that could not run, and why: shown in every report."""

    reason: str


class SkipCheck(Exception):
    """Raised by a check that cannot run at all here (e.g. no source texts were given)."""


@dataclass
class CheckOutcome:
    """What running one check produced."""

    failures: list[Failures] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def check(check_id: str, *, severity: Severity = "error") -> Callable[[F], F]:
    """Register a function as the consistency check `check_id`.

    The function's parameters name what it reads: a table name of the dataset or `texts`
    (the source texts). Its docstring is the rule's documentation in every report.
    """
    if not _CHECK_ID.fullmatch(check_id):
        raise ValueError(
            f"check ID {check_id!r} must be kebab-case, e.g. `casualties-within-deployed`"
        )
    if severity not in ("error", "warning"):
        raise ValueError(f"severity of {check_id!r} must be 'error' or 'warning', not {severity!r}")

    def register(function: F) -> F:
        parameters = tuple(inspect.signature(function).parameters)
        doc = inspect.cleandoc(function.__doc__ or "")
        function.__factgate_check__ = CheckSpec(  # type: ignore[attr-defined]
            check_id, severity, function, parameters, doc
        )
        return function

    return register


def spec_of(obj: object) -> CheckSpec | None:
    """The check registered on `obj`, if it is a check function."""
    spec = getattr(obj, "__factgate_check__", None)
    return spec if isinstance(spec, CheckSpec) else None


def collect_outcome(result: object) -> CheckOutcome:
    """Normalise what a check returned (None, Failures, Skipped, or an iterable of those)."""
    outcome = CheckOutcome()
    items: Iterable[object]
    if result is None:
        items = ()
    elif isinstance(result, (Failures, Skipped)):
        items = (result,)
    else:
        items = result  # type: ignore[assignment]
    for item in items:
        if isinstance(item, Failures):
            outcome.failures.append(item)
        elif isinstance(item, Skipped):
            outcome.skipped.append(item)
        elif item is not None:
            raise TypeError(f"a check returned {type(item).__name__}; expected Failures or Skipped")
    return outcome
