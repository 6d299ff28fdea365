"""The schemas' vocabularies and what the checks know about each word stay in step."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_vocab_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VOCABULARY = _module(REPO / "schemas" / "_vocabulary.py")
QUANTITIES = _module(REPO / "checks" / "_quantities.py")


def test_every_quantity_has_units_and_evidence_words() -> None:
    declared = set(VOCABULARY.QUANTITIES)
    assert set(QUANTITIES.UNITS_FOR_QUANTITY) == declared
    assert set(QUANTITIES.EVIDENCE_WORDS) == declared


def test_units_for_quantities_are_declared_units() -> None:
    used = {unit for units in QUANTITIES.UNITS_FOR_QUANTITY.values() for unit in units}
    assert used == set(VOCABULARY.UNITS)


def test_cumulative_and_casualty_quantities_are_declared() -> None:
    assert set(QUANTITIES.CUMULATIVE) <= set(VOCABULARY.QUANTITIES)
    assert set(QUANTITIES.CASUALTIES) <= set(VOCABULARY.QUANTITIES)
