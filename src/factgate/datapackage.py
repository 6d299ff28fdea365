"""Describe Pandera schemas as Frictionless Table Schema fields.

`data/datapackage.json` lets any Frictionless tool read the dataset; its `fields` must say what
the Pandera schemas say. Rather than trust two hand-kept copies, a test compares the descriptor
with `table_schema_fields()` of each model, and prints the fields to paste when they drift.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from factgate.coerce import column_kind

_FRICTIONLESS_TYPE = {"integer": "integer", "date": "date", "boolean": "boolean", "text": "string"}


def table_schema_fields(model: type[pa.DataFrameModel]) -> list[dict[str, Any]]:
    """The Frictionless `fields` list equivalent to a Pandera model's columns."""
    fields = []
    for name, column in model.to_schema().columns.items():
        constraints: dict[str, Any] = {}
        if not column.nullable:
            constraints["required"] = True
        if column.unique:
            constraints["unique"] = True
        for check in column.checks:
            stats = check.statistics or {}
            if check.name == "isin":
                constraints["enum"] = list(stats["allowed_values"])
            elif check.name == "str_matches":
                constraints["pattern"] = str(stats["pattern"]).removeprefix("^").removesuffix("$")
            elif check.name == "greater_than_or_equal_to":
                constraints["minimum"] = stats["min_value"]
            elif check.name == "str_length" and stats.get("max_value") is not None:
                constraints["maxLength"] = stats["max_value"]
        field: dict[str, Any] = {
            "name": name,
            "type": _FRICTIONLESS_TYPE[column_kind(column.dtype)],
        }
        if column.description:
            field["description"] = column.description
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return fields
