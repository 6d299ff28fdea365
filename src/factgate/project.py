"""Find a factgate project on disk: its tables (from `data/datapackage.json`), the Pandera model
of each table (`schemas/<table>.py`) and its checks (`checks/*.py`).

Content is discovered by path from the project root, the way pytest finds `conftest.py`: the
engine never imports content by package name, so two projects (or a test's copy of one) can be
loaded in one process without clashing.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandera.pandas as pa

from factgate.checking import CheckSpec, spec_of
from factgate.errors import DATAPACKAGE, UsageError

__all__ = ["DATAPACKAGE", "UsageError", "load_project", "read_datapackage"]

_import_counter = itertools.count()


class DatapackageError(Exception):
    """`data/datapackage.json` is unreadable: a dataset error (exit status 1) with a line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class ForeignKey:
    """`fields` of a table refer to `reference_fields` of `reference_table`."""

    fields: tuple[str, ...]
    reference_table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """A table as `datapackage.json` declares it."""

    name: str
    path: str
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    #: "vocabulary" for the tables of terms under data/vocabulary/ (a resource's
    #: `"factgate": {"role": "vocabulary"}`): others refer to them, and an unused term is no
    #: orphan. "data" for every other table.
    role: str = "data"
    #: The table must hold rows (`"factgate": {"rows": "required"}`): a header-only file of it
    #: is a `csv-no-rows` finding, where an empty retractions table is simply empty.
    rows_required: bool = False

    @property
    def is_vocabulary(self) -> bool:
        return self.role == "vocabulary"


@dataclass
class Project:
    """Everything the engine needs to know about one dataset's content."""

    root: Path
    tables: dict[str, TableSpec]
    schemas: dict[str, type[pa.DataFrameModel]]
    checks: list[CheckSpec]

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def display_path(self, path: Path) -> str:
        """A path as reports show it: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def load_project(root: Path) -> Project:
    """Load a project's declarations; raise `UsageError` if `root` is not a factgate project."""
    if not root.is_dir():
        raise UsageError(f"no such project root: {root}")
    if not (root / DATAPACKAGE).is_file():
        raise UsageError(f"{root} is not a factgate project: {DATAPACKAGE} is missing")
    tables = read_datapackage(root / DATAPACKAGE)
    namespace = f"_factgate_content_{next(_import_counter)}"
    schemas = _load_schemas(root, namespace, tables)
    checks = _load_checks(root, namespace)
    return Project(root, tables, schemas, checks)


def read_datapackage(path: Path) -> dict[str, TableSpec]:
    """Parse the Frictionless Data Package descriptor into table specs."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")  # editors on Windows add a BOM
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatapackageError("not UTF-8 text; re-save it as UTF-8", line) from exc
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise DatapackageError(message, exc.lineno) from exc
    try:
        specs = {spec.name: spec for spec in map(_table_spec, descriptor["resources"])}
    except (KeyError, TypeError, AttributeError) as exc:
        raise DatapackageError(
            f"each resource needs `name`, `path` and `schema.fields` ({exc!s} is missing)", 1
        ) from exc
    for problem, token in _descriptor_problems(specs):
        raise DatapackageError(problem, _line_of(raw, token))
    return specs


def _descriptor_problems(specs: dict[str, TableSpec]) -> list[tuple[str, str]]:
    """What in the descriptor does not fit together: (message, a token to locate it by).

    A key naming no field would otherwise crash a check or, worse, quietly switch it off.
    """
    problems: list[tuple[str, str]] = []
    for spec in specs.values():
        where = f"resource `{spec.name}`"
        if not _inside_data(spec.path):
            problems.append(
                (
                    f"{where}: `path` {spec.path!r} must be a relative path inside data/ "
                    "such as `figures.csv` or `vocabulary/units.csv`",
                    spec.path,
                )
            )
        if spec.role not in ("data", "vocabulary"):
            problems.append(
                (f"{where}: `factgate.role` is {spec.role!r}, expected data or vocabulary", where)
            )
        for name in spec.primary_key:
            if name not in spec.fields:
                problems.append(
                    (f"resource `{spec.name}`: primaryKey names `{name}`, which is no field", name)
                )
        for fk in spec.foreign_keys:
            for name in fk.fields:
                if name not in spec.fields:
                    problems.append(
                        (
                            f"{where}: a foreignKey uses `{name}`, which is no field",
                            name,
                        )
                    )
            target = specs.get(fk.reference_table)
            if target is None:
                problems.append(
                    (
                        f"resource `{spec.name}`: a foreignKey refers to resource "
                        f"`{fk.reference_table}`, which does not exist",
                        fk.reference_table,
                    )
                )
                continue
            for name in fk.reference_fields:
                if name not in target.fields:
                    problems.append(
                        (
                            f"resource `{spec.name}`: a foreignKey refers to `{name}`, which is "
                            f"no field of `{target.name}`",
                            name,
                        )
                    )
    return problems


def _inside_data(path: str) -> bool:
    """True for a relative path with forward slashes that stays inside data/."""
    parts = path.split("/")
    return (
        bool(path)
        and "\\" not in path
        and ":" not in path
        and all(part not in ("", ".", "..") and not part.startswith(".") for part in parts)
    )


def _line_of(raw: bytes, token: str) -> int:
    """The first line of the descriptor that quotes `token` (1 if none does)."""
    needle = f'"{token}"'.encode()
    position = raw.find(needle)
    return raw[:position].count(b"\n") + 1 if position >= 0 else 1


def _table_spec(resource: dict[str, Any]) -> TableSpec:
    schema = resource["schema"]
    key = schema.get("primaryKey", [])
    extension = resource.get("factgate") or {}
    return TableSpec(
        name=resource["name"],
        path=resource["path"],
        fields=tuple(field["name"] for field in schema["fields"]),
        primary_key=(key,) if isinstance(key, str) else tuple(key),
        foreign_keys=tuple(
            _foreign_key(fk, resource["name"]) for fk in schema.get("foreignKeys", [])
        ),
        role=str(extension.get("role", "data")) if isinstance(extension, dict) else "?",
        rows_required=isinstance(extension, dict) and extension.get("rows") == "required",
    )


def _foreign_key(fk: dict[str, Any], own_table: str) -> ForeignKey:
    fields = fk["fields"]
    reference = fk["reference"]
    ref_fields = reference["fields"]
    return ForeignKey(
        fields=(fields,) if isinstance(fields, str) else tuple(fields),
        reference_table=reference.get("resource") or own_table,
        reference_fields=(ref_fields,) if isinstance(ref_fields, str) else tuple(ref_fields),
    )


def _package(namespace: str, directory: Path) -> str:
    """Register `directory` as an importable package under a private name."""
    name = f"{namespace}.{directory.name}"
    if namespace not in sys.modules:
        root_spec = importlib.machinery.ModuleSpec(namespace, None, is_package=True)
        root_spec.submodule_search_locations = []
        sys.modules[namespace] = importlib.util.module_from_spec(root_spec)
    init = directory / "__init__.py"
    if init.is_file():
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(directory)]
        )
    else:
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [str(directory)]
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    if spec.loader is not None:
        spec.loader.exec_module(module)
    return name


def _import(package: str, stem: str) -> ModuleType:
    try:
        return importlib.import_module(f"{package}.{stem}")
    except Exception as exc:  # content code is the user's: say which file broke and how
        raise UsageError(f"cannot import {package.split('.')[-1]}/{stem}.py: {exc!r}") from exc


def _load_schemas(
    root: Path, namespace: str, tables: dict[str, TableSpec]
) -> dict[str, type[pa.DataFrameModel]]:
    directory = root / "schemas"
    if not directory.is_dir():
        raise UsageError(f"{root} has no schemas/ folder")
    package = _package(namespace, directory)
    schemas: dict[str, type[pa.DataFrameModel]] = {}
    for name in tables:
        if not (directory / f"{name}.py").is_file():
            raise UsageError(f"table `{name}` has no schema: schemas/{name}.py is missing")
        module = _import(package, name)
        models = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, pa.DataFrameModel)
            and value.__module__ == module.__name__
            and not value.__name__.startswith("_")
        ]
        if len(models) != 1:
            raise UsageError(
                f"schemas/{name}.py must define exactly one DataFrameModel for table `{name}`, "
                f"found {len(models)}"
            )
        schemas[name] = models[0]
    return schemas


def _load_checks(root: Path, namespace: str) -> list[CheckSpec]:
    directory = root / "checks"
    if not directory.is_dir():
        return []
    package = _package(namespace, directory)
    specs: dict[str, CheckSpec] = {}
    for path in sorted(directory.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = _import(package, path.stem)
        for value in vars(module).values():
            spec = spec_of(value)
            if spec is None or getattr(value, "__module__", None) != module.__name__:
                continue
            if spec.id in specs:
                raise UsageError(f"check ID `{spec.id}` is registered twice (checks/{path.name})")
            specs[spec.id] = spec
    return sorted(specs.values(), key=lambda spec: spec.id)
