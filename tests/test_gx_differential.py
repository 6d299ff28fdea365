"""Two engines, one set of rules: Pandera + checks (`factgate validate`) and Great Expectations
(`factgate gx`) fail the same rows, rule by translated rule.

The GX suite is generated from `schemas/` and `checks/` (`factgate.gx.translate`); running it
beside the engine on the same data is the strongest test either has. Datasets compared:

- the bundled dataset;
- every corruption the other tests make (mutations, schema edits, one-cell edits, malformed
  input, the check cases), reused from those modules so a new corruption is compared too;
- generated datasets (hypothesis) whose cells mix valid values with the mistakes editors make.

For each rule GX translates, and each table it translates it on, both sides give the set of
failing rows (and the severity on each). One normalisation, documented in the engine: a schema
rule is not reported on a row whose involved cell did not parse (the type step reported it as
`cell-type` already); GX, which sees that cell as empty, is held to the same by dropping its
schema-rule failures on rows where its own `cell-type` expectations failed on an involved cell.
"""

from __future__ import annotations

import importlib.util
import shutil
import string
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factgate.findings import Finding
from factgate.gx.run import GxOutcome, evaluate
from factgate.project import load_project
from factgate.testing import build_project, copy_project
from factgate.validate import Validation, validate

pytestmark = pytest.mark.gx

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
Rows = dict[tuple[str, str], dict[int, str]]
_RANK = {"warning": 0, "error": 1}


# --- the comparison --------------------------------------------------------------------------


def _worst(rows: dict[int, str], position: int, severity: str) -> None:
    if _RANK[severity] >= _RANK.get(rows.get(position, "warning"), 0):
        rows[position] = severity


def engine_rows(validation: Validation, outcome: GxOutcome) -> Rows:
    """(rule, table) -> {row position: worst severity} from the engine's findings."""
    translated = outcome.translation.translated()
    by_file = {batch.table.file: batch.table for batch in outcome.batches.tables.values()}
    found: list[Finding] = [*validation.findings, *getattr(validation, "silenced", [])]
    rows: Rows = {}
    for finding in found:
        table = by_file.get(finding.file)
        if table is None or finding.line == 0 or table.name not in translated.get(finding.rule, ()):
            continue
        positions = (table.lines == finding.line).nonzero()[0]
        assert positions.size == 1, f"{finding} names no single row"
        _worst(rows.setdefault((finding.rule, table.name), {}), int(positions[0]), finding.severity)
    return rows


def gx_rows(outcome: GxOutcome) -> Rows:
    """(rule, table) -> {row position: worst severity} from GX's failing rows."""
    from factgate.gx.batches import positions_of

    unparsed: dict[tuple[str, str], set[int]] = {}  # (table, column) -> rows
    for result in outcome.results:
        if result.spec.rule == "cell-type":
            table = outcome.batches.tables[result.spec.table].table
            cells = unparsed.setdefault((result.spec.table, result.spec.columns[0]), set())
            cells.update(int(p) for p in positions_of(table, result.lines))
    rows: Rows = {}
    for result in outcome.results:
        assert result.crashed is None, f"GX crashed on {result.spec}: {result.crashed}"
        spec = result.spec
        if result.skipped is not None:
            continue
        table = outcome.batches.tables[spec.table].table
        failing = {int(p) for p in positions_of(table, result.lines)}
        if spec.origin == "schema":
            for column in spec.columns:
                failing -= unparsed.get((spec.table, column), set())
        target = rows.setdefault((spec.rule, spec.table), {})
        for position in failing:
            _worst(target, position, spec.severity)
    return rows


def disagreements(root: Path, seen: Callable[[str], None] | None = None) -> list[str]:
    """Every (rule, table, row) on which the two engines differ, described; [] when they agree.

    `seen` is told each translated rule that failed somewhere (hypothesis counts them, so a
    generator that stops producing failures for a rule shows in its statistics).
    """
    validation = validate(root)
    if validation.project is None:  # the descriptor itself is broken: GX cannot start either
        return []
    outcome = evaluate(load_project(root))
    engine, gx = engine_rows(validation, outcome), gx_rows(outcome)
    if seen is not None:
        for rule, _ in sorted(k for k, rows in engine.items() if rows):
            seen(f"fails {rule}")
    problems = []
    for key in sorted(set(engine) | set(gx)):
        ours, theirs = engine.get(key, {}), gx.get(key, {})
        if ours == theirs:
            continue
        table = outcome.batches.tables[key[1]].table
        ids = table.row_ids
        for position in sorted(set(ours) | set(theirs)):
            if ours.get(position) != theirs.get(position):
                problems.append(
                    f"{key[0]} on {key[1]} line {int(table.lines[position])} "
                    f"({ids.iloc[position]}): engine {ours.get(position, 'pass')}, "
                    f"GX {theirs.get(position, 'pass')}"
                )
    return problems


# --- the bundled dataset ---------------------------------------------------------------------


def _copy(target: Path) -> Path:
    copy_project(REPO, target, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return target


def test_engines_agree_on_the_bundled_dataset(tmp_path: Path) -> None:
    root = _copy(tmp_path / "project")
    assert disagreements(root) == []
    outcome = evaluate(load_project(root))
    assert all(r.success for r in outcome.results), [
        r.spec for r in outcome.results if not r.success
    ]


def test_a_disagreement_is_reported(tmp_path: Path) -> None:
    """The harness can fail: a translation that drops a rule's rows is caught."""
    root = _copy(tmp_path / "project")
    path = root / "data" / "figures.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",more_than,", ",approx,", 1), encoding="utf-8"
    )
    validation = validate(root)
    outcome = evaluate(load_project(root))
    for result in outcome.results:
        if result.spec.rule == "hedge-matches-bounds":
            result.lines.clear()
    engine, gx = engine_rows(validation, outcome), gx_rows(outcome)
    assert engine[("hedge-matches-bounds", "figures")]
    assert not gx.get(("hedge-matches-bounds", "figures"))


_DEFAULTS: dict[str, Any] = yaml.safe_load(
    (TESTS / "check_cases" / "_defaults.yml").read_text("utf-8")
)


def test_empty_source_id_matches_no_source(tmp_path: Path) -> None:
    """Found by this comparison: the engine matched an empty `source_id` to a source whose ID
    was empty too; a missing key matches nothing, in both engines."""
    figure = {"figure_id": "unsourced", "source_id": None, "date_end": "2025-06-30"}
    figure["date_start"] = "2025-06-30"
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [{"source_id": "src"}, {"source_id": None, "published_on": "2025-01-01"}],
        "figures": [figure],
    }
    root = build_project(REPO, tmp_path / "p", tables, _DEFAULTS)
    problems = disagreements(root)
    if not all(p.startswith("dated-before-publication on figures") for p in problems):
        pytest.fail(f"a disagreement other than the known one: {problems}")
    assert problems == []


# --- every corruption the other tests make ---------------------------------------------------


def _test_module(name: str) -> ModuleType:
    """Load tests/<name>.py under a private name, to reuse its corruptions."""
    private = f"_gx_reuses_{name}"
    if private in sys.modules:
        return sys.modules[private]
    spec = importlib.util.spec_from_file_location(private, TESTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[private] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Corruption:
    """One way another test module damages a copy of the project."""

    source: str
    name: str
    apply: Callable[[Path], None]


def _mutations() -> Iterator[Corruption]:
    module = _test_module("test_mutations")

    def make(table: str, index: int, mutation: str) -> Callable[[Path], None]:
        def apply(root: Path) -> None:
            path = root / "data" / f"{table}.csv"
            header, rows = module._read(path)
            mutations = (
                module.RELATION_MUTATIONS if table == "relations" else module.FIGURE_MUTATIONS
            )
            mutated = mutations[mutation.removeprefix("relation-")](dict(rows[index]))
            assert mutated is not None
            rows[index] = mutated
            module._write(path, header, rows)

        return apply

    for param in module._cases():
        table, index, mutation = param.values
        yield Corruption("test_mutations", str(param.id), make(table, index, mutation))


def _schema_edits() -> Iterator[Corruption]:
    module = _test_module("test_schemas")
    for name, (table, key, changes, _) in module.EDITS.items():

        def apply(root: Path, table: str = table, key: str = key, changes: Any = changes) -> None:
            module.set_cells(root / "data" / f"{table}.csv", key, changes)

        yield Corruption("test_schemas", name, apply)


def _one_cell_edits() -> Iterator[Corruption]:
    module = _test_module("test_dataset_edits")
    for name, edit in module.EDITS.items():

        def apply(root: Path, edit: Any = edit) -> None:
            module.set_cell(
                root / "data" / f"{edit.table}.csv", edit.prefix, edit.column, edit.value
            )

        yield Corruption("test_dataset_edits", name, apply)


def _malformed() -> Iterator[Corruption]:
    module = _test_module("test_malformed_input")
    for name, case in module.CASES.items():

        def apply(root: Path, case: Any = case) -> None:
            case.damage(root)

        yield Corruption("test_malformed_input", name, apply)


def _check_cases() -> Iterator[Corruption]:
    cases_dir = TESTS / "check_cases"
    defaults = yaml.safe_load((cases_dir / "_defaults.yml").read_text("utf-8"))
    for path in sorted(cases_dir.glob("[!_]*.yml")):
        for name, case in yaml.safe_load(path.read_text("utf-8"))["cases"].items():
            tables = {k: v for k, v in case.items() if k not in ("expect", "texts")}
            texts = case.get("texts")

            def apply(root: Path, tables: Any = tables, texts: Any = texts) -> None:
                shutil.rmtree(root / "data")
                build_project(REPO, root, tables, defaults, texts)

            yield Corruption("check_cases", f"{path.stem}::{name}", apply)


def _corruptions() -> list[Any]:
    found = [
        *_mutations(),
        *_schema_edits(),
        *_one_cell_edits(),
        *_malformed(),
        *_check_cases(),
    ]
    return [pytest.param(c, id=f"{c.source}::{c.name}") for c in found]


CORRUPTIONS = _corruptions()


def test_every_source_of_corruptions_is_used() -> None:
    """A renamed catalogue in another test module must not quietly shrink this one."""
    sources = {param.values[0].source for param in CORRUPTIONS}
    assert sources == {
        "test_mutations",
        "test_schemas",
        "test_dataset_edits",
        "test_malformed_input",
        "check_cases",
    }
    assert len(CORRUPTIONS) >= 100


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_engines_agree_on_corruption(corruption: Corruption, tmp_path: Path) -> None:
    root = _copy(tmp_path / "project")
    corruption.apply(root)
    assert disagreements(root) == []


# --- generated datasets ----------------------------------------------------------------------

SLUG = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
#: Text an editor might type, including the blanks, controls and formula starts the schema
#: forbids and some Unicode whitespace and case oddities.
TEXT = st.one_of(
    st.sampled_from(
        [
            "rund 11.000 Soldaten",
            "etwa 6.000 getötet, verwundet oder gefangen",
            "nur sechs Särge",
            "mehr als 10 Millionen Artilleriegeschosse",
            "Hunderttausende Tote und Verwundete",
            "RUND 11.000 SOLDATEN",
            " rund 11.000 Soldaten",
            "Soldaten\u00a0",
            "=HYPERLINK(1)",
            "+49 30",
            "-5 Grad",
            "@dw",
            "Särge\x07",
            "Tote\nund Verwundete",
            "Totenkopf",
            "ſoldaten",
            "KÄMPFER",
            "STREIẞKRÄFTE",
            "Truppen\u212a",
            "Kämpfer",
            "Särge",
            "weitere 6000 Militäringenieure und Arbeiter",
            "Totenkopf-Granaten",
            "rund 11.000 Soldaten " * 8,  # longer than evidence may be
        ]
    ),
    st.text(alphabet=string.ascii_letters + "äöüßÄÖÜ .,-=+@\t\u00a0\u2009", max_size=20),
)
INTEGER = st.one_of(
    st.sampled_from(["", "0", "6", "6000", "11000", "10000000", "-5", "6.000", "1e3", " 6", "x"]),
    st.integers(0, 20_000).map(str),
)
DATE = st.sampled_from(
    ["", "2025-05-01", "2025-05-31", "2025-06-30", "2025-07-02", "2025-07-30", "2026-07-02",
     "2025-02-30", "30.6.2025", "2025-6-30", "2024-02-29"]
)  # fmt: skip
BOOLEAN = st.sampled_from(["true", "false", "TRUE", "False", "", "nein", "1"])


def _vocab(words: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(words), st.sampled_from(["", "roughly", words[0].upper()]))


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """A small project: fixed sources and actors, generated figures, relations and events."""
    quantities = ["troops_deployed", "casualties_kwc", "casualties_kw", "casualties_killed",
                  "munitions_delivered", "coffins_shown", "workers_pledged"]  # fmt: skip
    hedges = ["exact", "approx", "more_than", "at_least", "up_to", "less_than", "just_under",
              "range", "vague_plural"]  # fmt: skip
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(SLUG, min_size=n, max_size=n))
    figures = [
        {
            "figure_id": ids[i],
            "source_id": draw(st.sampled_from(["src", "src", "other", "", "Src"])),
            "claimant_id": draw(st.sampled_from(["west", "nis", "shoigu", "nobody", ""])),
            "subject": draw(st.sampled_from(["PRK", "RUS", "prk", "", "DEUT"])),
            "quantity": draw(_vocab(quantities)),
            "unit": draw(_vocab(["persons", "rounds", "items"])),
            "value_low": draw(INTEGER),
            "value_best": draw(INTEGER),
            "value_high": draw(INTEGER),
            "hedge": draw(_vocab(hedges)),
            "increment": draw(BOOLEAN),
            "stage": draw(_vocab(["claimed", "announced", "delivered", "hypothetical"])),
            "date_start": draw(DATE),
            "date_end": draw(DATE),
            "date_precision": draw(_vocab(["day", "week", "month", "year", "range"])),
            "evidence": draw(TEXT),
            "location": draw(st.one_of(st.just(""), TEXT)),
        }
        for i in range(n)
    ]
    relations = [
        {
            "figure_id": draw(st.sampled_from([*ids, "ghost", ""])),
            "relation": draw(_vocab(["subset_of", "component_of", "alternative_claim_of"])),
            "other_id": draw(st.sampled_from([*ids, "ghost"])),
            "note": draw(st.one_of(st.just(""), TEXT)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    events = [
        {
            "event_id": draw(SLUG),
            "source_id": draw(st.sampled_from(["src", "other"])),
            "kind": draw(_vocab(["visit", "broadcast"])),
            "actor_id": draw(st.sampled_from(["west", "nobody"])),
            "date_start": draw(DATE),
            "date_end": draw(DATE),
            "date_precision": draw(_vocab(["day", "range", "month"])),
            "weekday_stated": draw(st.sampled_from(["", "Montag", "Monday"])),
            "evidence": draw(TEXT),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    sources = [
        {
            "source_id": "src",
            "adapted_from_language": draw(st.sampled_from(["", "en", "EN"])),
            "adapted_by": draw(st.sampled_from(["", "Dang Yuan", " Dang"])),
            "url": draw(st.sampled_from(["", "https://dw.com/a", "dw.com"])),
        }
    ]
    return {"figures": figures, "relations": relations, "events": events, "sources": sources}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets())
def test_engines_agree_on_generated_datasets(tables: dict[str, list[dict[str, Any]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = build_project(REPO, Path(tmp) / "p", tables, _DEFAULTS)
        assert disagreements(root, seen=event) == []
