"""`data/datapackage.json` says what the Pandera schemas and the CSV files say.

The descriptor lets any Frictionless tool read the dataset, and the engine reads its keys;
it must not drift from `schemas/*.py` or from the CSV headers. When a field list drifts, the
failure prints the fields to paste into the descriptor.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from factgate.datapackage import table_schema_fields
from factgate.project import Project, load_project

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = REPO / "data" / "datapackage.json"


@pytest.fixture(scope="module")
def descriptor() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def resources(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in descriptor["resources"]}


@pytest.fixture(scope="module")
def bundled() -> Project:
    return load_project(REPO)


def schema_modules() -> list[str]:
    return sorted(p.stem for p in (REPO / "schemas").glob("*.py") if not p.stem.startswith("_"))


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_descriptor_is_a_tabular_data_package(descriptor: dict[str, Any]) -> None:
    assert descriptor["profile"] == "tabular-data-package"
    names = [resource["name"] for resource in descriptor["resources"]]
    assert len(names) == len(set(names)), names
    for resource in descriptor["resources"]:
        vocabulary = resource.get("factgate", {}).get("role") == "vocabulary"
        file = resource["path"].removeprefix("vocabulary/") if vocabulary else resource["path"]
        assert resource["path"].startswith("vocabulary/") == vocabulary
        assert file == f"{resource['name']}.csv"
        assert resource["encoding"] == "utf-8"
        assert resource["format"] == "csv"


def test_declares_exactly_the_tables_that_have_schemas(
    resources: dict[str, dict[str, Any]],
) -> None:
    assert sorted(resources) == schema_modules()


def test_every_declared_file_exists(resources: dict[str, dict[str, Any]]) -> None:
    missing = [r["path"] for r in resources.values() if not (REPO / "data" / r["path"]).is_file()]
    assert missing == []


@pytest.mark.parametrize("table", schema_modules())
def test_fields_match_the_pandera_model(
    resources: dict[str, dict[str, Any]], bundled: Project, table: str
) -> None:
    expected = table_schema_fields(bundled.schemas[table])
    declared = resources[table]["schema"]["fields"]
    paste = json.dumps(expected, indent=2, ensure_ascii=False)
    assert declared == expected, (
        f"data/datapackage.json: the fields of `{table}` differ from schemas/{table}.py; "
        f"paste this as resources[name={table!r}].schema.fields:\n{paste}"
    )


@pytest.mark.parametrize("table", schema_modules())
def test_csv_header_is_the_declared_field_order(
    resources: dict[str, dict[str, Any]], table: str
) -> None:
    resource = resources[table]
    with (REPO / "data" / resource["path"]).open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [field["name"] for field in resource["schema"]["fields"]]


@pytest.mark.parametrize("table", schema_modules())
def test_primary_key_is_unique_in_the_schema(
    resources: dict[str, dict[str, Any]], bundled: Project, table: str
) -> None:
    key = as_list(resources[table]["schema"].get("primaryKey", []))
    assert key, f"`{table}` declares no primaryKey"
    schema = bundled.schemas[table].to_schema()
    assert set(key) <= set(schema.columns)
    if len(key) == 1:
        column = schema.columns[key[0]]
        assert column.unique, f"schemas/{table}.py: `{key[0]}` needs pa.Field(unique=True)"
        assert not column.nullable
    else:
        assert schema.unique is not None
        assert sorted(as_list(schema.unique)) == sorted(key), (
            f"schemas/{table}.py: the model's Config.unique must be {key}"
        )
        assert not any(schema.columns[name].nullable for name in key)


@pytest.mark.parametrize("table", schema_modules())
def test_foreign_keys_name_existing_resources_and_fields(
    resources: dict[str, dict[str, Any]], bundled: Project, table: str
) -> None:
    own_fields = {field["name"] for field in resources[table]["schema"]["fields"]}
    for fk in resources[table]["schema"].get("foreignKeys", []):
        fields = as_list(fk["fields"])
        target = fk["reference"].get("resource") or table
        reference_fields = as_list(fk["reference"]["fields"])
        assert set(fields) <= own_fields, fk
        assert target in resources, f"{table}: foreign key to unknown resource {target!r}"
        target_fields = {field["name"] for field in resources[target]["schema"]["fields"]}
        assert set(reference_fields) <= target_fields, fk
        assert len(fields) == len(reference_fields), fk
        # a reference is to the target's key, so each value names at most one row
        assert reference_fields == as_list(resources[target]["schema"]["primaryKey"]), fk


def test_engine_reads_the_same_keys(resources: dict[str, dict[str, Any]], bundled: Project) -> None:
    for name, spec in bundled.tables.items():
        schema = resources[name]["schema"]
        assert list(spec.fields) == [field["name"] for field in schema["fields"]]
        assert list(spec.primary_key) == as_list(schema["primaryKey"])
        assert len(spec.foreign_keys) == len(schema.get("foreignKeys", []))


def test_table_schema_fields_describes_constraints() -> None:
    """The generator itself, on a small model: type, required, unique, enum, pattern, range."""

    class Sample(pa.DataFrameModel):
        sample_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z]+$", description="an id")
        kind: Series[str] = pa.Field(isin=["a", "b"])
        count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
        quote: Series[str] = pa.Field(str_length={"max_value": 10})

    assert table_schema_fields(Sample) == [
        {
            "name": "sample_id",
            "type": "string",
            "description": "an id",
            "constraints": {"required": True, "unique": True, "pattern": "[a-z]+"},
        },
        {"name": "kind", "type": "string", "constraints": {"required": True, "enum": ["a", "b"]}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "quote", "type": "string", "constraints": {"required": True, "maxLength": 10}},
    ]
