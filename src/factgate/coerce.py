"""Type raw CSV text column by column, reporting every cell that does not parse.

Pandera can coerce, but on a column holding one bad value it retries element by element, which
costs hundreds of times the clean case (pandera issue #876; docs/performance.md). So the engine
parses each column once, vectorised, turns what does not parse into `cell-type` findings with a
message that says how to write the value, and hands Pandera columns that are already typed:
a bad cell becomes a null there, and the schema's own checks leave it alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from factgate.findings import Finding

#: The kinds of column the engine knows how to parse, keyed by the Pandera dtype's text form.
_INTEGER = {"Int64", "int64", "Int32", "int32"}
_DATE = {"datetime64[ns]", "datetime64[us]", "datetime64[ms]", "datetime64[s]", "date"}
_BOOLEAN = {"boolean", "bool"}

_WHOLE_NUMBER = r"-?[0-9]{1,18}"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def column_kind(dtype: Any) -> str:
    """Classify a Pandera column dtype as integer, date, boolean or text."""
    text = str(dtype)
    if text in _INTEGER:
        return "integer"
    if text in _DATE or text.startswith("datetime64"):
        return "date"
    if text in _BOOLEAN:
        return "boolean"
    return "text"


def type_columns(
    raw: pd.DataFrame, kinds: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Return the typed frame and, per column, a boolean mask of cells that did not parse.

    Empty cells become missing values in every kind of column; whether a column may be empty is
    the schema's business, not this step's.
    """
    typed: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    for name in raw.columns:
        text = raw[name].astype("str")  # Arrow-backed: the regular expressions run in Arrow
        empty = text.eq("")
        kind = kinds.get(name, "text")
        values: pd.Series
        if kind == "integer":
            ok = text.str.fullmatch(_WHOLE_NUMBER).fillna(False).astype(bool)
            values = pd.to_numeric(text.where(ok), errors="coerce").astype("Int64")
        elif kind == "date":
            ok = text.str.fullmatch(_ISO_DATE).fillna(False).astype(bool)
            values = pd.to_datetime(text.where(ok), format="%Y-%m-%d", errors="coerce")
            ok = ok & values.notna()
        elif kind == "boolean":
            lowered = text.str.lower()
            ok = lowered.isin(["true", "false"])
            values = lowered.map({"true": True, "false": False}).astype("boolean")
        else:
            ok = ~empty
            values = text.where(~empty).astype("str")
        typed[name] = values.where(ok) if kind != "text" else values
        bad[name] = ~empty & ~ok
    frame = pd.DataFrame(typed, index=raw.index)
    return frame, bad


def cell_type_findings(
    table: Any, bad: dict[str, pd.Series], kinds: dict[str, str]
) -> list[Finding]:
    """One `cell-type` finding per cell that did not parse, saying how to write it."""
    findings: list[Finding] = []
    for name, mask in bad.items():
        if not mask.any():
            continue
        values = table.raw[name]
        kind = kinds.get(name, "text")
        messages = values[mask].map(lambda v, n=name, k=kind: explain_bad_cell(n, v, k))
        positions = mask.to_numpy().nonzero()[0]
        findings += table.findings("cell-type", "error", positions, messages, [name])
    return findings


def explain_bad_cell(column: str, value: str, kind: str) -> str:
    """Say what is wrong with one unparsable cell and how to write it instead."""
    import re

    shown = f"`{column}` is {value!r}"
    if kind == "integer":
        stripped = value.strip()
        if re.fullmatch(r"[0-9]{1,3}([.\u202f\u00a0 ][0-9]{3})+", stripped):
            digits = re.sub(r"[^0-9]", "", stripped)
            return f"{shown}, expected a whole number without thousands separators: write {digits}"
        if re.fullmatch(r"-?[0-9]{19,}", stripped):
            return f"{shown}, too large for a count (at most 18 digits); check for a typo"
        if re.fullmatch(r"-?[0-9]+", stripped):
            return f"{shown}, expected a whole number without blanks around it: write {stripped}"
        if re.fullmatch(r"-?[0-9]+[.,][0-9]+", stripped):
            return f"{shown}, expected a whole number (counts have no fractions)"
        return f"{shown}, expected a whole number such as 6000"
    if kind == "date":
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return f"{shown}, which is not a date that exists"
        match = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", value.strip())
        if match:
            day, month, year = match.groups()
            iso = f"{year}-{int(month):02}-{int(day):02}"
            return f"{shown}, expected a date as YYYY-MM-DD: write {iso}"
        return f"{shown}, expected a date as YYYY-MM-DD such as 2025-07-02"
    if kind == "boolean":
        return f"{shown}, expected true or false"
    return f"{shown}, which could not be read"
