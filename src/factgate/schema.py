"""Pandera, the factgate way: a base model every table schema extends, and the runner that
turns Pandera's failure table into findings with file, line and a message that carries values.

Schemas in `schemas/` declare; this module executes (the split pandera itself makes between
`pandera/api` and `pandera/backends`). Custom checks name themselves with a stable kebab-case
`name` (the rule ID) and an `error` that is a message template: `{column}` and `{value}` for a
column check, `{<column name>}` for a row check, filled with the cells as written in the CSV.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pa

from factgate.findings import Finding, sort_findings
from factgate.table import Table

#: Lowercase slug: what every ID looks like, and what makes a `source_id` safe as a file name.
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: What a spreadsheet runs as a formula when a cell starts with it (CSV injection).
_FORMULA_START = r"[=+\-@\t\r]"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object


class FactgateModel(pa.DataFrameModel):
    """Base of every table schema: text hygiene that holds for all text columns of all tables."""

    @pa.check(
        ".*",
        regex=True,
        error="`{column}` starts with {first!r}: a spreadsheet would run {value!r} as a formula; "
        "reword it, or quote it so it does not start with = + - @",
    )
    def _no_formula_cell(cls, series: pd.Series) -> pd.Series:
        """A cell that opens with = + - or @ is executed by spreadsheets (CSV injection).

        Why: the dataset is opened in Excel and LibreOffice by its editors.
        Fails: `=HYPERLINK("http://x","click")`. Passes: `rund 11.000 Soldaten`.
        """
        if not _is_text(series):
            return pd.Series(True, index=series.index)
        return ~series.str.match(_FORMULA_START).fillna(False).astype(bool)

    @pa.check(
        ".*",
        regex=True,
        error="`{column}` is {value!r}: remove leading or trailing blanks and control characters",
    )
    def _clean_text(cls, series: pd.Series) -> pd.Series:
        """Text has no leading or trailing blanks and no control characters.

        Why: " 6000" and "6000" look alike in a spreadsheet and differ in every comparison, and
        control characters hide text from reviewers. Fails: `" rund 11.000"`. Passes:
        `"rund 11.000"` (a newline inside a note is allowed).
        """
        if not _is_text(series):
            return pd.Series(True, index=series.index)
        padded = series.str.strip().ne(series)
        control = series.str.contains(_CONTROL, regex=True)
        return ~(padded | control).fillna(False).astype(bool)

    class Config:
        strict = True
        coerce = False


@dataclass(frozen=True)
class RuleDoc:
    """What the report says about a rule that a schema enforces."""

    rule: str
    severity: str
    doc: str


#: Pandera's built-in checks, as factgate rules.
_BUILTIN_RULES: dict[str, RuleDoc] = {
    "not_nullable": RuleDoc(
        "required-cell",
        "error",
        "A required cell is filled. Why: an empty ID, date or "
        "evidence leaves a figure that nobody can check. Fails: an empty `source_id`.",
    ),
    "field_uniqueness": RuleDoc(
        "unique-value",
        "error",
        "A column declared unique (an ID) holds each value once. Why: "
        "two rows with one ID make every reference to it ambiguous. Fails: two rows "
        "`troops-deployed-west`.",
    ),
    "multiple_fields_uniqueness": RuleDoc(
        "unique-value", "error", "A compound key holds each combination once."
    ),
    "str_matches": RuleDoc(
        "value-pattern",
        "error",
        "A cell has the declared form (an ID is a lowercase slug, a "
        "country an ISO 3166-1 alpha-3 code, a language ISO 639-1). Fails: `Troops_Deployed`.",
    ),
    "isin": RuleDoc(
        "value-vocabulary",
        "error",
        "A cell holds a word of its controlled vocabulary: a term of its table under "
        "`data/vocabulary/` (quantity, unit, stage, event, actor and relation kinds; a desk adds "
        "a word by adding a row) or one of the engine's own words (hedge, date precision, "
        "weekday, stage kind). Why: checks reason over `hedge`, `stage`, `quantity`; an "
        "unknown word escapes them all. Fails: `hedge` = `roughly`, `quantity` = `troops`. "
        "Passes: `approx`, `troops_deployed`.",
    ),
    "greater_than_or_equal_to": RuleDoc(
        "value-range",
        "error",
        "A number lies in its allowed range (counts are not negative). Fails: `value_best` = -5.",
    ),
    "less_than_or_equal_to": RuleDoc("value-range", "error", "A number lies in its range."),
    "in_range": RuleDoc("value-range", "error", "A number lies in its range."),
    "str_length": RuleDoc(
        "value-length", "error", "Text is no longer than allowed (evidence is a short quote)."
    ),
}
_RULE_FOR_BUILTIN_ERROR = re.compile(r"^([a-z_]+)\(")


def schema_rules(model: type[pa.DataFrameModel]) -> list[RuleDoc]:
    """Every rule a schema enforces, with the docstring the report shows."""
    schema = model.to_schema()
    rules: dict[str, RuleDoc] = {}
    for column in schema.columns.values():
        if not column.nullable:
            rules.setdefault("required-cell", _BUILTIN_RULES["not_nullable"])
        if column.unique:
            rules.setdefault("unique-value", _BUILTIN_RULES["field_uniqueness"])
        for check in column.checks:
            doc = _rule_doc(check)
            rules.setdefault(doc.rule, doc)
    for check in schema.checks:
        doc = _rule_doc(check)
        rules.setdefault(doc.rule, doc)
    return list(rules.values())


def rule_id_of(check: Any) -> str:
    """The rule ID of a custom Pandera check: its method name in kebab-case.

    Derived from the name rather than read from `name=`, because Pandera loses a check's
    `name=` when a model class is built twice (it falls back to the method name).
    """
    return str(check.name).lstrip("_").replace("_", "-")


def _rule_doc(check: Any) -> RuleDoc:
    if check.name in _BUILTIN_RULES:
        return _BUILTIN_RULES[check.name]
    return RuleDoc(rule_id_of(check), "error", _dedent(check.description or ""))


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc) if doc else ""


def run_schema(
    table: Table, model: type[pa.DataFrameModel], bad_cells: dict[str, pd.Series]
) -> list[Finding]:
    """Validate `table.frame` lazily against `model`; every failure becomes a finding.

    Cells that did not parse were already reported by the type step and are null here; the
    `required-cell` failures Pandera raises for them are dropped so each problem is told once.
    """
    schema = model.to_schema()
    try:
        schema.validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    cases = cases[cases["index"].notna()]
    findings: list[Finding] = []
    for (context, column, check_number, check_text), group in cases.groupby(
        ["schema_context", "column", "check_number", "check"], dropna=False, sort=False
    ):
        positions = pd.Index(group["index"].astype("int64").unique())
        if context == "Column":
            findings += _column_findings(
                table, schema, str(column), check_number, str(check_text), positions, bad_cells
            )
        else:
            check = schema.checks[int(check_number)] if pd.notna(check_number) else None
            findings += _row_findings(table, check, str(check_text), positions, bad_cells)
    # A row check reports each of its rows once per column of the frame; keep one per row.
    return sort_findings(findings)


def _column_findings(
    table: Table,
    schema: Any,
    column: str,
    check_number: Any,
    check_text: str,
    positions: pd.Index,
    bad_cells: dict[str, pd.Series],
) -> list[Finding]:
    if column in bad_cells:
        positions = positions[~bad_cells[column].to_numpy()[positions]]
    if positions.empty:
        return []
    raw = table.raw[column]
    values = raw.loc[positions]
    if check_text == "not_nullable":
        return table.findings(
            "required-cell", "error", positions, f"`{column}` is empty; it is required", [column]
        )
    if check_text == "field_uniqueness":
        lines = pd.Series(table.lines[positions], index=positions)
        others = lines.groupby(values).transform(lambda s: ", ".join(map(str, s)))
        messages = (
            "`"
            + column
            + "` "
            + values.map(repr)
            + " is on more than one row (lines "
            + others
            + ")"
        )
        return table.findings("unique-value", "error", positions, messages, [column])
    check = schema.columns[column].checks[int(check_number)]
    doc = _rule_doc(check)
    description = schema.columns[column].description
    messages = values.map(lambda v: _column_message(check, column, v, description))
    return table.findings(doc.rule, "error", positions, messages, [column])


def _column_message(check: Any, column: str, value: str, description: str | None) -> str:
    stats = check.statistics or {}
    if check.name == "isin":
        allowed = ", ".join(sorted(map(str, stats.get("allowed_values", []))))
        return f"`{column}` is {value!r}, expected one of: {allowed}"
    if check.name == "str_matches":
        expected = description or f"text matching {stats.get('pattern')}"
        return f"`{column}` is {value!r}, expected {expected}"
    if check.name == "greater_than_or_equal_to":
        return f"`{column}` is {value}, expected at least {stats.get('min_value')}"
    if check.name == "less_than_or_equal_to":
        return f"`{column}` is {value}, expected at most {stats.get('max_value')}"
    if check.name == "str_length":
        return f"`{column}` has {len(value)} characters, at most {stats.get('max_value')} allowed"
    return _fill(check.error or check.name, {"column": column, "value": value, "first": value[:1]})


def _row_findings(
    table: Table,
    check: Any,
    template: str,
    positions: pd.Index,
    bad_cells: dict[str, pd.Series],
) -> list[Finding]:
    if check is None:  # a compound uniqueness failure
        columns = list(table.primary_key)
        return table.findings(
            "unique-value",
            "error",
            positions,
            "the key " + table.row_ids.loc[positions] + " is on more than one row",
            columns,
        )
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    columns = [name for name in dict.fromkeys(names) if name in table.raw.columns]
    # A row whose involved cells did not parse was reported by the type step already.
    for name in columns:
        if name in bad_cells:
            positions = positions[~bad_cells[name].to_numpy()[positions]]
    if positions.empty:
        return []
    rows = table.raw.loc[positions, columns].to_dict("records")
    filled = [_fill(template, {str(key): value for key, value in row.items()}) for row in rows]
    messages = pd.Series(filled, index=positions, dtype=object)
    return table.findings(rule_id_of(check), "error", positions, messages, columns)


def _fill(template: str, values: dict[str, Any]) -> str:
    """Fill a message template; an empty cell shows as `(empty)`, a missing name stays as is."""

    class Cells(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    shown = Cells({key: (value if value != "" else "(empty)") for key, value in values.items()})
    try:
        return template.format_map(shown)
    except (ValueError, IndexError, KeyError):
        return template
