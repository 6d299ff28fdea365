"""factgate's rules as Great Expectations expectations, generated, never written by hand.

The rules live in `schemas/` (Pandera models) and `checks/` (consistency checks); this module
reads them, as the project loads them, and says for each rule either which GX expectations
express it or why none can. It imports no Great Expectations (the result is plain data that
`factgate.gx.run` turns into GX objects), so the translation table can be listed, tested and
documented without paying GX's import.

What is read from where:

- Pandera columns: dtype (the engine's `cell-type` rule, checked on the cells as written, since
  the typed frame already holds the parse), `nullable`, `unique` and each column check by its
  name and `statistics` (`isin` `allowed_values`, `str_matches` `pattern`, bounds, lengths).
- Pandera dataframe checks and factgate's consistency checks are Python functions: their GX
  form cannot be derived from the code, so `_FRAME_CHECKS` and `_CONSISTENCY_CHECKS` translate
  them by rule ID, reading the data the check itself reads (the hedge table from the model's
  module; quantities, their units and words, and stage kinds from data/vocabulary/). A rule
  ID without an entry is listed as not translated. The differential tests
  (`tests/test_gx_differential.py`) are what keep an entry honest: Pandera and GX must fail
  the same rows.
- The Data Package: primary keys (rows are named by them in GX results) and foreign keys
  (`foreign-key`, or `value-vocabulary` for a reference into a vocabulary table, and
  `orphan-row`, as value sets the engine collects from the referenced table).

A rule is translated for a table as a whole or not at all: if one part of it has no GX form, the
rule is listed as not translated for that table, so "translated" always means "GX checks
everything the engine checks under that rule ID".
"""

from __future__ import annotations

import functools
import re
import string
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from factgate.checking import CheckSpec
from factgate.coerce import _ISO_DATE, _WHOLE_NUMBER, column_kind
from factgate.findings import Severity
from factgate.project import Project
from factgate.relational import lookup_tables
from factgate.rules import ENGINE_RULES
from factgate.schema import _CONTROL, _FORMULA_START, _rule_doc, rule_id_of, schema_rules
from factgate.vocabulary import HYPOTHETICAL, read_quantities, read_stage_kinds, stems_pattern

#: A filter on the rows an expectation applies to: (column, operator, value); clauses are ANDed.
#: Operators: "==", "!=", "in", "null", "not-null" (value unused for the last two).
Clause = tuple[str, str, Any]
#: Which frame of a table an expectation reads: the typed values, or the cells as written.
BatchKind = Literal["typed", "text"]
#: Where the rule comes from: a Pandera schema, a consistency check, or the engine itself.
Origin = Literal["schema", "check", "engine"]


@dataclass(frozen=True)
class KeysOf:
    """A value set the engine collects when the data is loaded: the distinct non-null values of
    each (table, column) in `sources` (the keys a foreign key may name, or the values that refer
    to a lookup table). Tables that could not be read contribute nothing, as in the engine."""

    sources: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Join:
    """A column the engine adds to `table` before GX sees it: `value` of the first row of
    `ref_table` whose `key` equals the row's `via` (empty where none does), the lookup a
    consistency check does in pandas. GX then compares two columns of one row."""

    table: str
    column: str
    via: str
    ref_table: str
    key: str
    value: str


@dataclass(frozen=True, eq=False)
class ExpectationSpec:
    """One GX expectation and the factgate rule it stands for.

    `columns` are the cells the rule involves (shown with each failing row; for a schema rule,
    the cells whose parse failure makes the engine stay silent on the row, as the type step
    reported it already: `factgate.schema.run_schema`). `needs` are tables that must have been
    readable for the expectation to run (the engine skips a check whose tables are unusable;
    so does GX).
    """

    rule: str
    table: str
    expectation: str
    kwargs: Mapping[str, Any]
    columns: tuple[str, ...]
    severity: Severity = "error"
    condition: tuple[Clause, ...] = ()
    batch: BatchKind = "typed"
    needs: tuple[str, ...] = ()
    origin: Origin = "schema"


@dataclass(frozen=True)
class NotTranslated:
    """A rule (for some tables, or for the dataset as a whole) that GX does not check, and why."""

    rule: str
    tables: tuple[str, ...]
    reason: str


@dataclass
class Translation:
    """Everything `factgate gx` runs, and everything it does not, by rule ID."""

    expectations: list[ExpectationSpec] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    not_translated: list[NotTranslated] = field(default_factory=list)

    def translated(self) -> dict[str, tuple[str, ...]]:
        """Rule ID -> the tables GX checks it on."""
        rules: dict[str, dict[str, None]] = {}
        for spec in self.expectations:
            rules.setdefault(spec.rule, {})[spec.table] = None
        return {rule: tuple(tables) for rule, tables in sorted(rules.items())}

    def for_table(self, table: str, batch: BatchKind) -> list[ExpectationSpec]:
        return [s for s in self.expectations if s.table == table and s.batch == batch]

    def reasons(self) -> dict[str, str]:
        """Rule ID -> why it is not translated (rules translated nowhere, or only on some
        tables, say so with the tables)."""
        out: dict[str, list[str]] = {}
        for item in self.not_translated:
            where = f" ({', '.join(item.tables)})" if item.tables else ""
            out.setdefault(item.rule, []).append(item.reason + where)
        return {rule: "; ".join(texts) for rule, texts in sorted(out.items())}


class NotTranslatable(Exception):
    """Raised by a builder: this rule has no faithful GX form; the message says why."""


# --- reasons shared by several rules --------------------------------------------------------

READING = (
    "reading the file is the engine's (strict CSV reader with physical lines, UTF-8, header, "
    "quoting); GX receives the frame that reader built, so a file it cannot read never reaches GX"
)
INTERVALS = (
    "interval semantics: compares [low, high] intervals and point estimates of figures across "
    "rows (grouped, or related through relations.csv) and grades each contradiction certain, "
    "point or possible; GX expectations compare cells of one row or one column"
)
EXCEPTIONS = (
    "bookkeeping of reviewed exceptions (row hash, expiry, use) over the engine's full set of "
    "findings; `factgate gx` applies current exceptions to GX's failures but cannot tell a "
    "stale or unused one from a subset of the rules"
)
GATE = (
    "an edit policy of `factgate gate`: it compares the dataset with its base revision; GX "
    "validates one batch, with no notion of a previous version"
)


# --- regexes ---------------------------------------------------------------------------------


def _anchored(pattern: str) -> str:
    """Pandera's `str_matches` uses `re.match` (anchored at the start); GX searches anywhere."""
    return pattern if pattern.startswith("^") else f"^(?:{pattern})"


def _full(pattern: str) -> str:
    """`re.fullmatch(pattern)` as a search pattern (`\\Z`: not before a trailing newline)."""
    return rf"\A(?:{pattern})\Z"


#: `true`/`false` in any case, as the engine's `str.lower() in {"true", "false"}`. Explicit
#: letter classes, not `(?i)`: case-insensitive regex also folds "ſ" (long s) into "s", and
#: "falſe".lower() is not "false".
_BOOLEAN = r"[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]"
#: A cell with leading or trailing blanks (what `str.strip()` removes) or a control character.
_UNCLEAN = rf"\A\s|\s\Z|{_CONTROL}"


# --- the translation -------------------------------------------------------------------------


def translate(project: Project) -> Translation:
    """Translate every rule the project's engine run knows into GX expectations, or say why not."""
    out = Translation()
    for name in project.tables:
        _translate_schema(out, project, name)
    _translate_keys(out, project)
    _translate_checks(out, project)
    known = set(out.translated()) | {item.rule for item in out.not_translated}
    for rule in ENGINE_RULES:
        if rule == "datapackage" or rule.startswith("csv-"):
            out.not_translated.append(NotTranslated(rule, (), READING))
        elif rule in ("stale-exception", "exception-unused"):
            out.not_translated.append(NotTranslated(rule, (), EXCEPTIONS))
        elif rule not in known:
            out.not_translated.append(
                NotTranslated(rule, (), "an engine rule with no GX translation written yet")
            )
    for rule in _gate_rules():
        out.not_translated.append(NotTranslated(rule, (), GATE))
    return out


def _gate_rules() -> list[str]:
    """The gate's edit policies, when this engine has a gate (imported lazily: it is optional
    for the translation, and the gate module is another engine part that may move)."""
    try:
        from factgate.gate import POLICY_DOCS
    except ImportError:  # pragma: no cover - an engine without a gate
        return []
    return sorted(POLICY_DOCS)


def _template_columns(template: str | None, columns: Sequence[str]) -> tuple[str, ...]:
    """The columns a row check's message names: the cells the engine reports it on."""
    if not template:
        return ()
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return tuple(name for name in dict.fromkeys(names) if name in columns)


class _Collector:
    """Specs for one table, kept per rule so that a rule is dropped whole when a part of it
    cannot be translated."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.specs: dict[str, list[ExpectationSpec]] = {}
        self.failed: dict[str, str] = {}

    def add(self, rule: str, specs: Iterator[ExpectationSpec] | list[ExpectationSpec]) -> None:
        self.specs.setdefault(rule, []).extend(specs)

    def fail(self, rule: str, reason: str) -> None:
        self.failed.setdefault(rule, reason)

    def flush(self, out: Translation) -> None:
        for rule, reason in self.failed.items():
            out.not_translated.append(NotTranslated(rule, (self.table,), reason))
        for rule, specs in self.specs.items():
            if rule not in self.failed:
                out.expectations.extend(specs)


def _translate_schema(out: Translation, project: Project, table: str) -> None:
    model = project.schemas[table]
    schema = model.to_schema()
    columns = list(schema.columns)
    collect = _Collector(table)

    def spec(
        rule: str, expectation: str, cols: Sequence[str], batch: BatchKind = "typed", **kw: Any
    ) -> ExpectationSpec:
        origin: Origin = "engine" if rule == "cell-type" else "schema"
        return ExpectationSpec(
            rule, table, expectation, kw, tuple(cols), batch=batch, origin=origin
        )

    for name, column in schema.columns.items():
        kind = column_kind(column.dtype)
        for expectation, kwargs in _cell_type_forms(kind):
            collect.add(
                "cell-type",
                [spec("cell-type", expectation, [name], column=name, batch="text", **kwargs)],
            )
        if not column.nullable:
            collect.add(
                "required-cell",
                [spec("required-cell", "ExpectColumnValuesToNotBeNull", [name], column=name)],
            )
        if column.unique:
            collect.add(
                "unique-value",
                [spec("unique-value", "ExpectColumnValuesToBeUnique", [name], column=name)],
            )
        for check in column.checks:
            rule = _rule_doc(check).rule
            try:
                made = _column_check(check, name, kind)
            except NotTranslatable as reason:
                collect.fail(rule, str(reason))
                continue
            collect.add(rule, [spec(rule, kind_, [name], column=name, **kw) for kind_, kw in made])
    if schema.unique:
        keys = [schema.unique] if isinstance(schema.unique, str) else list(schema.unique)
        # Pandera counts rows with empty key cells as duplicates of each other, as pandas'
        # `duplicated` does: "never" ignore a row, unlike GX's default.
        compound = spec(
            "unique-value",
            "ExpectCompoundColumnsToBeUnique",
            keys,
            column_list=keys,
            ignore_row_if="never",
        )
        collect.add("unique-value", [compound])
    module = sys.modules.get(model.__module__)
    for check in schema.checks:
        rule = rule_id_of(check)
        cells = _template_columns(check.error, columns)
        builder = _FRAME_CHECKS.get(rule)
        if builder is None:
            collect.fail(rule, "a custom dataframe check with no GX translation written")
            continue
        try:
            forms = list(builder(vars(module) if module else {}, columns))
        except NotTranslatable as reason:
            collect.fail(rule, str(reason))
            continue
        collect.add(
            rule,
            [
                ExpectationSpec(rule, table, kind_, kw, cells, condition=condition)
                for kind_, kw, condition in forms
            ],
        )
    collect.flush(out)


# --- Pandera column checks -------------------------------------------------------------------

ColumnForm = tuple[str, dict[str, Any]]


def _cell_type_forms(kind: str) -> list[ColumnForm]:
    """`cell-type` on the cells as written, as the engine parses each kind of column
    (`factgate.coerce.type_columns`); text columns have no form to get wrong."""
    if kind == "integer":
        return [("ExpectColumnValuesToMatchRegex", {"regex": _full(_WHOLE_NUMBER)})]
    if kind == "date":
        # The pattern rules out "2025-6-30" (strptime would take it); strptime rules out
        # "2025-02-30" (the pattern would take it).
        return [
            ("ExpectColumnValuesToMatchRegex", {"regex": _full(_ISO_DATE)}),
            ("ExpectColumnValuesToMatchStrftimeFormat", {"strftime_format": "%Y-%m-%d"}),
        ]
    if kind == "boolean":
        return [("ExpectColumnValuesToMatchRegex", {"regex": _full(_BOOLEAN)})]
    return []


def _column_check(check: Any, column: str, kind: str) -> list[ColumnForm]:
    """The GX form of one Pandera column check (an empty list: the check is a no-op here)."""
    stats: dict[str, Any] = dict(check.statistics or {})
    name = str(check.name)
    if name == "isin":
        return [("ExpectColumnValuesToBeInSet", {"value_set": list(stats["allowed_values"])})]
    if name == "notin":
        return [("ExpectColumnValuesToNotBeInSet", {"value_set": list(stats["forbidden_values"])})]
    if name == "str_matches":
        return [("ExpectColumnValuesToMatchRegex", {"regex": _anchored(str(stats["pattern"]))})]
    if name in ("greater_than_or_equal_to", "greater_than"):
        return [
            (
                "ExpectColumnValuesToBeBetween",
                {"min_value": stats["min_value"], "strict_min": name == "greater_than"},
            )
        ]
    if name in ("less_than_or_equal_to", "less_than"):
        return [
            (
                "ExpectColumnValuesToBeBetween",
                {"max_value": stats["max_value"], "strict_max": name == "less_than"},
            )
        ]
    if name == "in_range":
        return [
            (
                "ExpectColumnValuesToBeBetween",
                {
                    "min_value": stats["min_value"],
                    "max_value": stats["max_value"],
                    "strict_min": not stats.get("include_min", True),
                    "strict_max": not stats.get("include_max", True),
                },
            )
        ]
    if name == "str_length":
        if stats.get("exact_value") is not None:
            return [("ExpectColumnValueLengthsToEqual", {"value": stats["exact_value"]})]
        bounds = {k: stats[k] for k in ("min_value", "max_value") if stats.get(k) is not None}
        return [("ExpectColumnValueLengthsToBeBetween", bounds)]
    rule = rule_id_of(check)
    # factgate's own text hygiene (factgate.schema.FactgateModel): a no-op on non-text columns.
    if rule == "no-formula-cell":
        if kind != "text":
            return []
        return [("ExpectColumnValuesToNotMatchRegex", {"regex": f"^{_FORMULA_START}"})]
    if rule == "clean-text":
        if kind != "text":
            return []
        return [("ExpectColumnValuesToNotMatchRegex", {"regex": _UNCLEAN})]
    raise NotTranslatable(f"Pandera check `{name}` has no GX translation written")


# --- Pandera dataframe checks, by rule ID ----------------------------------------------------

FrameForm = tuple[str, dict[str, Any], tuple[Clause, ...]]
FrameBuilder = Callable[[Mapping[str, Any], Sequence[str]], Iterator[FrameForm]]


def _need(columns: Sequence[str], *names: str) -> None:
    missing = [name for name in names if name not in columns]
    if missing:
        raise NotTranslatable(f"the table has no column {', '.join(missing)}")


def _not_smaller(a: str, b: str, *, strict: bool = False) -> dict[str, Any]:
    """`a >= b` (or `a > b`) where both are set: a Pandera comparison ignores missing cells."""
    return {
        "column_A": a,
        "column_B": b,
        "or_equal": not strict,
        "ignore_row_if": "either_value_is_missing",
    }


def _bounds_ordered(_: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """low <= best <= high, and low <= high, each where both cells are set."""
    _need(columns, "value_low", "value_best", "value_high")
    pair = "ExpectColumnPairValuesAToBeGreaterThanB"
    yield pair, _not_smaller("value_best", "value_low"), ()
    yield pair, _not_smaller("value_high", "value_best"), ()
    yield pair, _not_smaller("value_high", "value_low"), ()


def _dates_ordered(_: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """date_start <= date_end where both are set."""
    _need(columns, "date_start", "date_end")
    yield "ExpectColumnPairValuesAToBeGreaterThanB", _not_smaller("date_end", "date_start"), ()


def _hedge_matches_bounds(module: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """Per hedge (a conditional expectation on `hedge == h`): the bounds the model's
    `BOUNDS_FOR_HEDGE` requires are set, those it forbids are empty; `exact` also has
    low = best = high. Rows with an unknown or empty hedge are not this rule's."""
    table = module.get("BOUNDS_FOR_HEDGE")
    if not isinstance(table, Mapping):
        raise NotTranslatable("the schema module has no BOUNDS_FOR_HEDGE table to read")
    bounds = ("value_low", "value_best", "value_high")
    _need(columns, "hedge", *bounds)
    for hedge, pattern in table.items():
        when: tuple[Clause, ...] = (("hedge", "==", hedge),)
        for column, wanted in zip(bounds, pattern, strict=True):
            if wanted is True:
                yield "ExpectColumnValuesToNotBeNull", {"column": column}, when
            elif wanted is False:
                yield "ExpectColumnValuesToBeNull", {"column": column}, when
    if "exact" in table:
        when = (("hedge", "==", "exact"),)
        for a, b in (("value_low", "value_best"), ("value_best", "value_high")):
            kwargs = {"column_A": a, "column_B": b, "ignore_row_if": "either_value_is_missing"}
            yield "ExpectColumnPairValuesToBeEqual", kwargs, when


def _dates_complete(_: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """Start, end and precision all set or all empty, keyed on `date_start`: with a start the
    other two are set, without one they are empty."""
    dates = ("date_start", "date_end", "date_precision")
    _need(columns, *dates)
    started: tuple[Clause, ...] = (("date_start", "not-null", None),)
    undated: tuple[Clause, ...] = (("date_start", "null", None),)
    for column in dates[1:]:
        yield "ExpectColumnValuesToNotBeNull", {"column": column}, started
        yield "ExpectColumnValuesToBeNull", {"column": column}, undated


def _adaptation_complete(_: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """`adapted_by` and `adapted_from_language` are both set or both empty."""
    _need(columns, "adapted_by", "adapted_from_language")
    yield (
        "ExpectColumnValuesToBeNull",
        {"column": "adapted_from_language"},
        (("adapted_by", "null", None),),
    )
    yield (
        "ExpectColumnValuesToNotBeNull",
        {"column": "adapted_from_language"},
        (("adapted_by", "not-null", None),),
    )


def _relation_not_reflexive(_: Mapping[str, Any], columns: Sequence[str]) -> Iterator[FrameForm]:
    """`figure_id` differs from `other_id` where both are set."""
    _need(columns, "figure_id", "other_id")
    yield (
        "ExpectSelectColumnValuesToBeUniqueWithinRecord",
        {"column_list": ["figure_id", "other_id"], "ignore_row_if": "any_value_is_missing"},
        (),
    )


def _precision_matches_span(_: Mapping[str, Any], __: Sequence[str]) -> Iterator[FrameForm]:
    raise NotTranslatable(
        "week, month and year spans need date arithmetic (the weekday of the start, the last "
        "day of its month or year) that no built-in GX expectation does; a custom expectation "
        "would re-implement the Pandera check rather than test it"
    )


_FRAME_CHECKS: dict[str, FrameBuilder] = {
    "bounds-ordered": _bounds_ordered,
    "dates-ordered": _dates_ordered,
    "hedge-matches-bounds": _hedge_matches_bounds,
    "dates-complete": _dates_complete,
    "adaptation-complete": _adaptation_complete,
    "relation-not-reflexive": _relation_not_reflexive,
    "precision-matches-span": _precision_matches_span,
}


# --- keys between tables (Data Package) -----------------------------------------------------


def _translate_keys(out: Translation, project: Project) -> None:
    """`foreign-key` and `orphan-row` as value sets the engine collects from the other table."""
    for name, spec in project.tables.items():
        if not spec.foreign_keys:
            continue
        if any(len(fk.fields) != 1 for fk in spec.foreign_keys):
            reason = "a compound foreign key (GX's value sets hold single values)"
            out.not_translated.append(NotTranslated("foreign-key", (name,), reason))
            continue
        for fk in spec.foreign_keys:
            target = project.tables.get(fk.reference_table)
            rule = "value-vocabulary" if target is not None and target.is_vocabulary else None
            out.expectations.append(
                ExpectationSpec(
                    rule or "foreign-key",
                    name,
                    "ExpectColumnValuesToBeInSet",
                    {
                        "column": fk.fields[0],
                        "value_set": KeysOf(((fk.reference_table, fk.reference_fields[0]),)),
                    },
                    fk.fields,
                    needs=(fk.reference_table,),
                    origin="engine",
                )
            )
    # The engine's lookup tables (referred to, referring to nothing), chosen as the engine does.
    for name in lookup_tables(project.tables):
        incoming = [
            (source, fk)
            for source, other in project.tables.items()
            for fk in other.foreign_keys
            if fk.reference_table == name
        ]
        key_fields = incoming[0][1].reference_fields
        if len(key_fields) != 1 or any(len(fk.fields) != 1 for _, fk in incoming):
            reason = "a compound key (GX's value sets hold single values)"
            out.not_translated.append(NotTranslated("orphan-row", (name,), reason))
            continue
        value_set = KeysOf(tuple(dict.fromkeys((s, fk.fields[0]) for s, fk in incoming)))
        out.expectations.append(
            ExpectationSpec(
                "orphan-row",
                name,
                "ExpectColumnValuesToBeInSet",
                {"column": key_fields[0], "value_set": value_set},
                key_fields,
                severity="warning",
                origin="engine",
            )
        )


# --- consistency checks (checks/), by rule ID -------------------------------------------------

CheckBuilder = Callable[[CheckSpec, Project, Translation], list[ExpectationSpec]]


def _tables_of(spec: CheckSpec, project: Project) -> tuple[str, ...]:
    return tuple(p for p in spec.parameters if p in project.tables)


def _unit_fits_quantity(spec: CheckSpec, project: Project, _: Translation) -> list[ExpectationSpec]:
    """Per quantity of data/vocabulary/quantities.csv (a conditional expectation on
    `quantity == q`): `unit` is one of the units quantity_units.csv pairs with it. An unknown
    quantity or unit is `value-vocabulary`'s business, an empty unit `required-cell`'s; both
    pass here, as in the check.

    Not one `ExpectColumnPairValuesToBeInSet` over (quantity, unit) pairs restricted to the
    known quantities: in GX 1.24 that expectation ignores its `row_condition` when it counts
    unexpected rows (its metric's `condition_domain_keys` leave the condition out), which
    ends in an `InvalidCacheValueError` as soon as an excluded row holds an unlisted pair.
    The differential tests found it (a `quantity` of "soldiers").
    """
    return [
        ExpectationSpec(
            spec.id,
            "figures",
            "ExpectColumnValuesToBeInSet",
            {"column": "unit", "value_set": list(term.units)},
            ("quantity", "unit"),
            severity=spec.severity,
            condition=(("quantity", "==", quantity), ("unit", "not-null", None)),
            needs=_tables_of(spec, project),
            origin="check",
        )
        for quantity, term in read_quantities(project.root).items()
    ]


def _evidence_names_quantity(
    spec: CheckSpec, project: Project, _: Translation
) -> list[ExpectationSpec]:
    """Per quantity (a conditional expectation on `quantity == q`): the evidence matches the
    check's wanted words and none of its unwanted ones, whatever their case.

    The check lowercases the text and matches lowercase patterns. `(?i)` is not the same:
    case-insensitive matching also folds "ſ" (long s) into "s", while "ſoldaten".lower()
    holds no "soldat". So each letter becomes the class of the characters that lowercase to
    it (`_case_blind`), which is exactly what lowercasing first does.
    """
    specs = []
    for quantity, term in read_quantities(project.root).items():
        when: tuple[Clause, ...] = (("quantity", "==", quantity),)
        wanted = stems_pattern("|".join(term.evidence_words))
        unwanted = stems_pattern("|".join(term.excluded_words))
        forms = [("ExpectColumnValuesToMatchRegex", wanted)] if wanted else []
        if unwanted:
            forms.append(("ExpectColumnValuesToNotMatchRegex", unwanted))
        for expectation, pattern in forms:
            specs.append(
                ExpectationSpec(
                    spec.id,
                    "figures",
                    expectation,
                    {"column": "evidence", "regex": _case_blind(pattern)},
                    ("quantity", "evidence"),
                    severity=spec.severity,
                    condition=when,
                    needs=_tables_of(spec, project),
                    origin="check",
                )
            )
    return specs


@functools.cache
def _lowercase_sources() -> dict[str, str]:
    """For each character, the other characters that lowercase to it ("k": "KK" with the
    Kelvin sign), lowercased as the checks do (pandas' `string` dtype)."""
    codes = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]  # no lone surrogates
    chars = pd.Series([chr(c) for c in codes], dtype="string")
    lowered = chars.str.lower()
    changed = (lowered != chars) & (lowered.str.len() == 1)
    sources: dict[str, list[str]] = {}
    for char, low in zip(chars[changed], lowered[changed], strict=True):
        sources.setdefault(str(low), []).append(str(char))
    return {low: "".join(found) for low, found in sources.items()}


#: What `_case_blind` rewrites: literal characters, `|`, plain groups and the escapes `\b`,
#: `\B` and escaped punctuation. No classes, counts, inline flags or escapes that stand for
#: letters (`\p{..}`, `\x41`), whose case the rewrite could not see.
_SIMPLE_PATTERN = re.compile(r"(?:[^\\\[\]{}(]|\\[bB.\-|()?*+]|\((?!\?))*")


def _case_blind(pattern: str) -> str:
    """A regex that matches text wherever `pattern` matches the lowercased text.

    Each literal letter becomes a character class of itself and what lowercases to it. Only
    simple patterns (letters, alternation, groups, escapes such as `\b`) are rewritten; a
    pattern with inline flags, classes or repetition counts is refused rather than guessed.
    """
    if _SIMPLE_PATTERN.fullmatch(pattern) is None:
        raise NotTranslatable(f"pattern {pattern!r} is too complex to rewrite case-blind")
    sources = _lowercase_sources()
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char.lower() != char:
            raise NotTranslatable(f"pattern {pattern!r} has an uppercase letter: it never matches")
        elif char in sources:
            out.append("[" + re.escape(char + sources[char]) + "]")
        else:
            out.append(char)
    return "".join(out)


def _dated_before_publication(
    spec: CheckSpec, project: Project, out: Translation
) -> list[ExpectationSpec]:
    """After the engine joins each row's source's `published_on` onto figures and events:
    published_on >= date_start (error: the period starts after publication) and
    published_on >= date_end (warning: it reaches past publication). Figures whose stage is
    of kind hypothetical (data/vocabulary/stages.csv) are exempt, as in the check."""
    specs = []
    hypothetical = _hypothetical_stages(project)
    for table in ("figures", "events"):
        column = "source_published_on"
        out.joins.append(Join(table, column, "source_id", "sources", "source_id", "published_on"))
        exempt: tuple[Clause, ...] = (
            tuple(("stage", "!=", stage) for stage in hypothetical) if table == "figures" else ()
        )
        ends: tuple[tuple[str, Severity], ...] = (("date_start", "error"), ("date_end", "warning"))
        for end, severity in ends:
            specs.append(
                ExpectationSpec(
                    spec.id,
                    table,
                    "ExpectColumnPairValuesAToBeGreaterThanB",
                    _not_smaller(column, end),
                    ("source_id", "date_start", "date_end"),
                    severity=severity,
                    condition=exempt,
                    needs=_tables_of(spec, project),
                    origin="check",
                )
            )
    return specs


def _hypothetical_stages(project: Project) -> list[str]:
    return sorted(s for s, kind in read_stage_kinds(project.root).items() if kind == HYPOTHETICAL)


def _dates_present(spec: CheckSpec, project: Project, _: Translation) -> list[ExpectationSpec]:
    """A figure with a stage, of a kind other than hypothetical, whose three date cells are
    all empty: `date_start` must be set where the other two are empty too (a partial date is
    `dates-complete`'s)."""
    condition: tuple[Clause, ...] = (
        ("stage", "not-null", None),
        *(("stage", "!=", stage) for stage in _hypothetical_stages(project)),
        ("date_end", "null", None),
        ("date_precision", "null", None),
    )
    return [
        ExpectationSpec(
            spec.id, "figures", "ExpectColumnValuesToNotBeNull", {"column": "date_start"},
            ("stage", "date_start", "date_end"), severity=spec.severity, condition=condition,
            needs=_tables_of(spec, project), origin="check",
        )
    ]  # fmt: skip


_CONSISTENCY_CHECKS: dict[str, CheckBuilder] = {
    "dates-present": _dates_present,
    "unit-fits-quantity": _unit_fits_quantity,
    "evidence-names-quantity": _evidence_names_quantity,
    "dated-before-publication": _dated_before_publication,
}

#: Checks known to have no GX form, and why.
_UNTRANSLATABLE_CHECKS: dict[str, str] = {
    "subset-within-parent": INTERVALS,
    "components-within-total": INTERVALS + " (and sums the components of each total)",
    "casualties-within-deployed": INTERVALS,
    "cumulative-not-falling": INTERVALS + " (ordered by date within each claimant's series)",
    "conflicting-claims": INTERVALS
    + " (pairs of claims within a group, less the pairs a relation ties together)",
    "alternative-claims-agree": INTERVALS
    + " (both ends of each relation must also count the same quantity, subject, unit, stage)",
    "evidence-holds-number": (
        'parses German numerals out of the evidence ("6.000", "sechs", "10 Millionen", '
        '"Hunderttausende") with factgate.numerals; GX has no numeral parser'
    ),
    "evidence-hedge-agrees": (
        'parses the hedge words of the evidence ("rund", "mehr als", "über" after a noun '
        "is no hedge) with factgate.numerals; GX has no such parser"
    ),
    "evidence-verbatim": (
        "looks each phrase up in the source text files given with --texts; GX validates "
        "tables, not documents"
    ),
    "numbers-accounted-for": (
        "reads the source texts and finds every number phrase with factgate's numeral parser; "
        "GX validates tables, not documents"
    ),
    "weekday-matches-date": (
        "needs the weekday of a date; no built-in GX expectation derives one (a strftime "
        "expectation parses text, it does not compare a weekday name with a date)"
    ),
}


def _translate_checks(out: Translation, project: Project) -> None:
    for spec in project.checks:
        tables = _tables_of(spec, project)
        builder = _CONSISTENCY_CHECKS.get(spec.id)
        if builder is None:
            reason = _UNTRANSLATABLE_CHECKS.get(
                spec.id, "a consistency check with no GX translation written"
            )
            out.not_translated.append(NotTranslated(spec.id, tables, reason))
            continue
        joins = len(out.joins)
        try:
            out.expectations.extend(builder(spec, project, out))
        except NotTranslatable as reason:
            del out.joins[joins:]
            out.not_translated.append(NotTranslated(spec.id, tables, str(reason)))


def rule_catalogue(project: Project) -> list[str]:
    """Every rule ID a `factgate validate` run of this project can report (for completeness
    checks: each must be translated or listed as not translatable)."""
    rules = set(ENGINE_RULES) | {spec.id for spec in project.checks} | set(_gate_rules())
    for model in project.schemas.values():
        rules |= {doc.rule for doc in schema_rules(model)}
    return sorted(rules)
