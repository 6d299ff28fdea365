"""Rules between tables that follow from `datapackage.json` alone: keys that resolve, and rows
nothing refers to. They are the engine's, not the dataset's, because every dataset declared in a
Data Package gets them for free.
"""

from __future__ import annotations

import pandas as pd

from factgate.findings import Finding
from factgate.project import ForeignKey, TableSpec
from factgate.table import Table

FOREIGN_KEY_DOC = """Every reference names a row that exists (a source, claimant, actor, figure).

Why: a figure whose claimant is not in `actors.csv` cannot be attributed, and a relation to a
missing figure silently disables the consistency checks that use it.
Fails: `claimant_id` = `nis-korea` when actors.csv has `nis`. Passes: `claimant_id` = `nis`."""

ORPHAN_DOC = """Every source and actor is used by at least one figure or event (warning).

Why: an unused actor is usually a typo'd ID on the other side (the figure points elsewhere) or
a leftover of a removed figure.
Fails: actors.csv has `zinberg` and no figure or event names him. Passes: a figure has
`claimant_id` = `zinberg`."""


def _key_text(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    # object dtype: pandas hashes it in C, where Arrow-backed strings' isin goes through Python
    keys = frame[list(columns)].astype(object)
    joined = keys.iloc[:, 0]
    for name in columns[1:]:
        joined = joined + "|" + keys[name]
    return joined.where(keys.notna().all(axis=1))


#: Terms listed in a `value-vocabulary` message; a longer vocabulary is named by its file.
_TERMS_SHOWN = 30


def foreign_key_findings(tables: dict[str, Table], specs: dict[str, TableSpec]) -> list[Finding]:
    """Every foreign key value that names no row of the referenced table.

    A reference into a vocabulary table (`data/vocabulary/`) is reported as `value-vocabulary`
    with the terms it could have been: to the editor it is an unknown word, not a broken link.
    """
    findings: list[Finding] = []
    for name, spec in specs.items():
        table = tables.get(name)
        if table is None:
            continue
        for fk in spec.foreign_keys:
            target = tables.get(fk.reference_table)
            target_spec = specs.get(fk.reference_table)
            if target is None or target_spec is None:
                continue
            values = _key_text(table.frame, fk.fields)
            known = _key_text(target.frame, fk.reference_fields).dropna()
            broken = values.notna() & ~values.isin(known)
            if not broken.any():
                continue
            column = ", ".join(f"`{f}`" for f in fk.fields)
            if target_spec.is_vocabulary:
                rule = "value-vocabulary"
                terms = sorted(set(known.astype(str)))
                listed = ", ".join(terms[:_TERMS_SHOWN]) + (", ..." if len(terms) > 30 else "")
                messages = (
                    column + " is " + values[broken].map(repr) + f", not a term of "
                    f"`{target.file}`: expected one of {listed or '(none yet)'}, or add a row "
                    "there"
                )
            else:
                rule = "foreign-key"
                messages = (
                    column + " " + values[broken].map(repr) + f" names no row of "
                    f"`{target.file}` (by {', '.join(fk.reference_fields)})"
                )
            findings += table.findings(
                rule, "error", broken[broken].index, messages, list(fk.fields)
            )
    return findings


def lookup_tables(specs: dict[str, TableSpec]) -> tuple[str, ...]:
    """Tables that exist only to be referred to: named by another table's foreign keys, and
    referring to nothing but vocabularies themselves (sources and actors here; figures refer
    onwards, so they are not). Vocabularies are not among them: a term nobody uses yet is no
    orphan."""
    referenced = {fk.reference_table for spec in specs.values() for fk in spec.foreign_keys}

    def refers_onwards(spec: TableSpec) -> bool:
        targets = (specs.get(fk.reference_table) for fk in spec.foreign_keys)
        return any(target is None or not target.is_vocabulary for target in targets)

    return tuple(
        n
        for n, spec in specs.items()
        if n in referenced and not spec.is_vocabulary and not refers_onwards(spec)
    )


def orphan_findings(tables: dict[str, Table], specs: dict[str, TableSpec]) -> list[Finding]:
    """Rows of lookup tables (see `lookup_tables`) that no foreign key refers to."""
    orphan_tables = lookup_tables(specs)
    referenced: dict[str, set[str]] = {name: set() for name in orphan_tables}
    incoming: dict[str, list[tuple[str, ForeignKey]]] = {name: [] for name in orphan_tables}
    for name, spec in specs.items():
        for fk in spec.foreign_keys:
            if fk.reference_table in referenced and name in tables:
                incoming[fk.reference_table].append((name, fk))
                values = _key_text(tables[name].frame, fk.fields).dropna()
                referenced[fk.reference_table].update(values.tolist())
    findings: list[Finding] = []
    for name in orphan_tables:
        table = tables.get(name)
        if table is None or not incoming[name]:
            continue
        key_fields = incoming[name][0][1].reference_fields
        keys = _key_text(table.frame, key_fields)
        orphan = keys.notna() & ~keys.isin(referenced[name])
        if orphan.any():
            users = sorted({f"{src}.{','.join(fk.fields)}" for src, fk in incoming[name]})
            messages = keys[orphan].map(repr) + " is not referred to by " + " or ".join(users)
            findings += table.findings(
                "orphan-row", "warning", orphan[orphan].index, messages, list(key_fields)
            )
    return findings
