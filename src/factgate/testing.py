"""Helpers for testing a dataset's own checks: build a small project from rows, run it.

A check's fixture names only the cells that matter to it; `build_project` fills the rest of
each row from defaults and writes a complete project (the real `schemas/` and `checks/`
copied, `data/` written from the rows), so every case runs through the same engine as the
real dataset.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from factgate.project import DATAPACKAGE, read_datapackage
from factgate.validate import Validation, validate

Rows = Sequence[Mapping[str, Any]]


def build_project(
    source_root: Path,
    target: Path,
    tables: Mapping[str, Rows],
    defaults: Mapping[str, Any],
    texts: Mapping[str, str] | None = None,
) -> Path:
    """Write a project under `target` whose tables hold `tables` rows over `defaults`.

    Tables not named in `tables` get the rows given in `defaults["<table>_rows"]` if any,
    else stay empty (header only). Values are written as text; None becomes an empty cell.
    """
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("schemas", "checks"):
        shutil.copytree(
            source_root / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
            dirs_exist_ok=True,
        )
    (target / "data").mkdir(exist_ok=True)
    shutil.copy2(source_root / DATAPACKAGE, target / DATAPACKAGE)
    specs = read_datapackage(source_root / DATAPACKAGE)
    for name, spec in specs.items():
        base = dict(defaults.get(name, {}))
        rows = tables.get(name, defaults.get(f"{name}_rows", []))
        (target / "data" / spec.path).parent.mkdir(parents=True, exist_ok=True)
        with (target / "data" / spec.path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(spec.fields)
            for number, row in enumerate(rows, start=1):
                unknown = set(row) - set(spec.fields)
                if unknown:
                    raise ValueError(f"{name} row {number}: unknown column(s) {sorted(unknown)}")
                full = {**base, **row}
                writer.writerow([_cell(full.get(field)) for field in spec.fields])
    if texts:
        texts_dir = target / "data" / "texts"
        texts_dir.mkdir(exist_ok=True)
        for source_id, text in texts.items():
            (texts_dir / f"{source_id}.txt").write_text(text, encoding="utf-8")
    return target


def copy_project(source_root: Path, target: Path, data: Path | None = None) -> Path:
    """Copy a project's schemas/ and checks/ and a data folder (its own by default) to
    `target`. `data` may be a fixture's folder of CSV files: the Data Package descriptor is
    then the source project's, so the fixture is judged by the project's current layout."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("schemas", "checks"):
        skip = shutil.ignore_patterns("__pycache__")
        shutil.copytree(source_root / folder, target / folder, ignore=skip, dirs_exist_ok=True)
    skip = shutil.ignore_patterns("texts")
    shutil.copytree(data or source_root / "data", target / "data", ignore=skip, dirs_exist_ok=True)
    shutil.copy2(source_root / DATAPACKAGE, target / DATAPACKAGE)
    return target


def run_project(root: Path) -> Validation:
    """Validate a built project (source texts from its data/texts when present)."""
    return validate(root, root / "data" / "texts")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)
