"""Run the translated rules with Great Expectations and publish its Data Docs.

`factgate gx` builds a file-backed GX context in a temporary folder (never in the project),
one expectation suite per table and batch (`figures`: the typed values; `figures.cells`: the
cells as written), one checkpoint over all of them, and Data Docs into `OUT/gx/`, beside
`factgate-gx.json` (what GX found, by factgate rule, and what it could not check) and the
suites as JSON for teams that run GX themselves.

Great Expectations is imported inside `evaluate` only: it costs seconds to import, and
`factgate validate` must never pay that (it never imports this module).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from factgate.errors import DATAPACKAGE, UsageError
from factgate.findings import Finding, sort_findings
from factgate.gx.batches import Batches, load_batches, positions_of, resolve
from factgate.gx.translate import (
    BatchKind,
    Clause,
    ExpectationSpec,
    KeysOf,
    Translation,
    translate,
)
from factgate.project import DatapackageError, Project, load_project
from factgate.report.writer import swap_folder

#: The folder under OUT that `factgate gx` owns and replaces on every run.
GX_FOLDER = "gx"
RESULTS_FILE = "factgate-gx.json"
#: How many failing rows the terminal shows (all of them are in the JSON and the Data Docs).
_SHOWN = 20


@dataclass
class SpecResult:
    """What GX said about one expectation: the lines of the rows that failed it."""

    spec: ExpectationSpec
    success: bool
    lines: list[int] = field(default_factory=list)
    skipped: str | None = None
    crashed: str | None = None


@dataclass
class GxOutcome:
    """One GX run over a project, in factgate's terms."""

    translation: Translation
    batches: Batches
    results: list[SpecResult]
    version: str
    suites: dict[str, dict[str, Any]] = field(default_factory=dict)

    def findings(self) -> list[Finding]:
        """One finding per failing row and expectation, with file, line and row ID."""
        found: list[Finding] = []
        for result in self.results:
            if result.success or result.skipped is not None or result.crashed is not None:
                continue
            spec = result.spec
            table = self.batches.tables[spec.table].table
            positions = positions_of(table, result.lines)
            message = f"GX {spec.expectation}: expected {describe(spec)}"
            found += table.findings(spec.rule, spec.severity, positions, message, spec.columns)
        return sort_findings(found)


def run_gx(root: Path, out: Path) -> int:
    """`factgate gx`: 0 when every expectation passes (warnings aside), 1 when one fails on a
    row (or a table could not be read), `UsageError` when GX cannot run as asked."""
    started = time.perf_counter()
    root, out = root.resolve(), out.resolve()
    _refuse_foreign(out)
    try:
        project = load_project(root)
    except DatapackageError as exc:
        print(f"factgate gx: FAIL: {DATAPACKAGE}:{exc.line}: error: [datapackage] {exc}")
        return 1
    target = out / GX_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{GX_FOLDER}-", dir=out))
    try:
        outcome = evaluate(project, docs=staging)
        kept, silenced = _apply_exceptions(outcome)
        seconds = time.perf_counter() - started
        report = _report(outcome, kept, silenced, seconds)
        (staging / RESULTS_FILE).write_text(
            json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8"
        )
        suites = staging / "suites"
        suites.mkdir()
        for name, suite in outcome.suites.items():
            (suites / f"{name}.json").write_text(
                json.dumps(suite, indent=2, default=str) + "\n", encoding="utf-8"
            )
        swap_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _print_summary(outcome, kept, silenced, report, target)
    crashed = [r for r in outcome.results if r.crashed is not None]
    if crashed:
        raise UsageError(
            f"GX could not evaluate {len(crashed)} expectation(s), e.g. "
            f"{crashed[0].spec.expectation} for `{crashed[0].spec.rule}` on "
            f"{crashed[0].spec.table}: {crashed[0].crashed}"
        )
    blocking = [f for f in kept if f.severity == "error"]
    read_errors = [f for f in outcome.batches.findings if f.severity == "error"]
    return 1 if blocking or read_errors else 0


def evaluate(project: Project, docs: Path | None = None) -> GxOutcome:
    """Translate, load and validate `project` with GX; build Data Docs into `docs` if given.

    The GX context is file-backed, in a temporary folder removed afterwards: the suites and
    results are regenerated on every run from schemas/ and checks/, never kept as a second
    source of truth.
    """
    translation = translate(project)
    batches = load_batches(project, translation)
    with _quiet_gx() as gx, tempfile.TemporaryDirectory(prefix="factgate-gx-") as tmp:
        return _run(gx, Path(tmp), translation, batches, docs)


@contextmanager
def _quiet_gx() -> Iterator[Any]:
    """Import GX with analytics off and its warnings about its own deprecations silenced."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"great_expectations(\.|$)")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        import great_expectations as gx

        yield gx


def _run(
    gx: Any, tmp: Path, translation: Translation, batches: Batches, docs: Path | None
) -> GxOutcome:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(tmp / "context"))
    context.enable_analytics(False)
    on_terminal = sys.stderr.isatty()
    context.variables.progress_bars = ProgressBarsConfig(
        globally=on_terminal, metric_calculations=on_terminal
    )
    context.variables.save()
    source = context.data_sources.add_pandas("factgate")
    frames = tmp / "batches"
    frames.mkdir()
    results: list[SpecResult] = []
    definitions = []
    number = {id(spec): n for n, spec in enumerate(translation.expectations)}
    parameters: dict[str, list[object]] = {}
    suites: dict[str, dict[str, Any]] = {}
    unusable = batches.unusable
    for table, batch in batches.tables.items():
        kinds: tuple[tuple[BatchKind, pd.DataFrame], ...] = (
            ("typed", batch.typed),
            ("text", batch.text),
        )
        for kind, frame in kinds:
            specs = translation.for_table(table, kind)
            runnable = []
            for spec in specs:
                blocked = sorted(({table} | set(spec.needs)) & unusable)
                if blocked:
                    reason = f"{', '.join(blocked)} could not be read"
                    results.append(SpecResult(spec, True, skipped=reason))
                else:
                    runnable.append(spec)
            if not runnable:
                continue
            name = table if kind == "typed" else f"{table}.cells"
            path = frames / f"{name}.pickle"
            # A file asset, not a dataframe asset: a dataframe asset takes its frame as a batch
            # parameter, and a checkpoint passes the same batch parameters to every table.
            # Pickle keeps the engine's dtypes exactly (nullable integers, Arrow-backed text,
            # text as Python objects in the `cells` batch); GX reads it back in this process.
            frame.to_pickle(path)
            asset = source.add_pickle_asset(name=name, filepath_or_buffer=path)
            definition = asset.add_batch_definition_whole_dataframe(name)
            expectations = []
            for spec in runnable:
                expectations.append(_expectation(gx, spec, number[id(spec)], batches, parameters))
            suite = context.suites.add(
                gx.ExpectationSuite(name=name, expectations=expectations, notes=_notes(table))
            )
            suites[name] = suite.to_json_dict()
            definitions.append(
                context.validation_definitions.add(
                    gx.ValidationDefinition(name=name, data=definition, suite=suite)
                )
            )
    if definitions:
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name="factgate",
                validation_definitions=definitions,
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": [batches.key, batches.line],
                    "include_unexpected_rows": False,
                },
            )
        )
        outcome = checkpoint.run(expectation_parameters=parameters)
        for suite_result in outcome.run_results.values():
            for result in suite_result.results:
                spec = translation.expectations[
                    int(result.expectation_config.meta["factgate_spec"])
                ]
                results.append(_spec_result(spec, result, batches.line))
    if docs is not None:
        context.add_data_docs_site(
            site_name="factgate",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs),
                },
            },
        )
        context.build_data_docs(site_names=["factgate"])
        _use_local_logo(docs)
    results.sort(key=lambda r: number[id(r.spec)])
    return GxOutcome(translation, batches, results, str(gx.__version__), suites)


#: GX's page header loads its logo from GX's web server with the context's ID and the time in
#: the URL, on every view of every page; the same logo ships in `static/images/`.
_REMOTE_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/"
    r"(logo-long\.png|full_logo_dark\.png)(\?[^\"']*)?"
)


def _use_local_logo(docs: Path) -> None:
    """Point the Data Docs' header logo at the local copy: reading the docs must not report
    to a third party who reads them and when (the styles still come from public CDNs, as
    GX's templates load them; the pages are readable without them)."""
    for page in docs.rglob("*.html"):
        depth = len(page.relative_to(docs).parts) - 1
        local = "../" * depth + "static/images/logo-long.png"
        text = page.read_text(encoding="utf-8")
        changed = _REMOTE_LOGO.sub(local, text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def _expectation(
    gx: Any, spec: ExpectationSpec, number: int, batches: Batches, parameters: dict[str, Any]
) -> Any:
    """The GX expectation object for a spec, with the factgate rule in its `meta`.

    A value set the engine collects from the data (the keys a foreign key may name) is a
    suite parameter, filled in when the checkpoint runs: the suite stays the rules, without
    100,000 keys written into it and into every Data Docs page that shows it.
    """
    kwargs = dict(spec.kwargs)
    for name, value in kwargs.items():
        if isinstance(value, KeysOf):
            # A suite parameter's name is parsed as an expression: an identifier it must be.
            parameter = "values_of_" + "_and_".join(f"{t}_{c}" for t, c in value.sources)
            parameter = re.sub(r"\W", "_", parameter)
            parameters[parameter] = resolve(value, batches)
            kwargs[name] = {"$PARAMETER": parameter}
    cls = getattr(gx.expectations, spec.expectation)
    if spec.condition:
        kwargs["row_condition"] = _condition(spec.condition)
    return cls(
        **kwargs,
        severity="warning" if spec.severity == "warning" else "critical",
        meta={"factgate_rule": spec.rule, "factgate_spec": number},
        notes=f"factgate rule `{spec.rule}` ({spec.severity})",
    )


def _condition(clauses: Sequence[Clause]) -> Any:
    """A GX row condition (all clauses hold) from the translation's plain clauses."""
    from great_expectations.expectations.row_conditions import Column

    parts = []
    for column, operator, value in clauses:
        col = Column(column)
        if operator == "==":
            parts.append(col == value)
        elif operator == "!=":
            parts.append(col != value)
        elif operator == "in":
            parts.append(col.is_in(value))
        elif operator == "null":
            parts.append(col.is_null())
        elif operator == "not-null":
            parts.append(col.is_not_null())
        else:  # pragma: no cover - the translation only writes the operators above
            raise ValueError(f"unknown operator {operator!r}")
    condition = parts[0]
    for part in parts[1:]:
        condition = condition & part
    return condition


def _spec_result(spec: ExpectationSpec, result: Any, line: str) -> SpecResult:
    crashed = _exception_of(result.exception_info)
    if crashed is not None:
        return SpecResult(spec, False, crashed=crashed)
    rows = result.result.get("unexpected_index_list") or []
    lines = [int(row[line]) for row in rows if isinstance(row, Mapping) and line in row]
    return SpecResult(spec, bool(result.success), lines)


def _exception_of(info: Any) -> str | None:
    """The message of an exception GX caught while evaluating (None when it evaluated)."""
    if not isinstance(info, Mapping):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():  # GX 1.x nests the info per metric
        if isinstance(value, Mapping) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _notes(table: str) -> str:
    """The suite's notes in Data Docs: where the rules come from."""
    return (
        f"Generated by `factgate gx` from schemas/{table}.py, checks/ and "
        "data/datapackage.json; do not edit. Each expectation's `factgate_rule` meta names "
        "the factgate rule it stands for. Rules GX cannot express are listed in "
        f"{RESULTS_FILE} (`not_translated`) and in the README."
    )


def describe(spec: ExpectationSpec) -> str:
    """What an expectation expects, in words, for messages."""
    k = spec.kwargs
    what = {
        "ExpectColumnValuesToNotBeNull": lambda: f"`{k.get('column')}` to be set",
        "ExpectColumnValuesToBeNull": lambda: f"`{k.get('column')}` to be empty",
        "ExpectColumnValuesToBeUnique": lambda: f"`{k.get('column')}` to be unique",
        "ExpectCompoundColumnsToBeUnique": lambda: (
            "(" + ", ".join(f"`{c}`" for c in k.get("column_list", [])) + ") to be unique"
        ),
        "ExpectColumnValuesToBeInSet": lambda: _in_set(k),
        "ExpectColumnValuesToNotBeInSet": lambda: f"`{k.get('column')}` not in a forbidden set",
        "ExpectColumnValuesToMatchRegex": lambda: f"`{k.get('column')}` to match {k.get('regex')}",
        "ExpectColumnValuesToNotMatchRegex": lambda: (
            f"`{k.get('column')}` not to match {k.get('regex')}"
        ),
        "ExpectColumnValuesToMatchStrftimeFormat": lambda: (
            f"`{k.get('column')}` to be a date in {k.get('strftime_format')}"
        ),
        "ExpectColumnValuesToBeBetween": lambda: _between(k),
        "ExpectColumnValueLengthsToBeBetween": lambda: (
            f"`{k.get('column')}` to have {k.get('min_value', 0)} to {k.get('max_value')} chars"
        ),
        "ExpectColumnPairValuesAToBeGreaterThanB": lambda: (
            f"`{k.get('column_A')}` {'>=' if k.get('or_equal') else '>'} `{k.get('column_B')}`"
        ),
        "ExpectColumnPairValuesToBeEqual": lambda: f"`{k.get('column_A')}` = `{k.get('column_B')}`",
        "ExpectColumnPairValuesToBeInSet": lambda: (
            f"(`{k.get('column_A')}`, `{k.get('column_B')}`) to be an allowed pair"
        ),
        "ExpectSelectColumnValuesToBeUniqueWithinRecord": lambda: (
            " and ".join(f"`{c}`" for c in k.get("column_list", [])) + " to differ"
        ),
    }.get(spec.expectation, lambda: spec.expectation)()
    if spec.condition:
        what += " where " + " and ".join(_clause_text(c) for c in spec.condition)
    return what


def _in_set(kwargs: Mapping[str, Any]) -> str:
    value_set = kwargs.get("value_set")
    if isinstance(value_set, KeysOf):
        names = " or ".join(f"`{t}.{c}`" for t, c in value_set.sources)
        return f"`{kwargs.get('column')}` to be a value of {names}"
    shown = ", ".join(map(str, list(value_set or [])[:12]))
    return f"`{kwargs.get('column')}` to be one of {shown}"


def _between(kwargs: Mapping[str, Any]) -> str:
    parts = []
    if kwargs.get("min_value") is not None:
        parts.append(f"{'>' if kwargs.get('strict_min') else '>='} {kwargs['min_value']}")
    if kwargs.get("max_value") is not None:
        parts.append(f"{'<' if kwargs.get('strict_max') else '<='} {kwargs['max_value']}")
    return f"`{kwargs.get('column')}` " + " and ".join(parts)


def _clause_text(clause: Clause) -> str:
    column, operator, value = clause
    if operator in ("null", "not-null"):
        return f"`{column}` is {'empty' if operator == 'null' else 'set'}"
    return f"`{column}` {operator} {value!r}"


def _apply_exceptions(outcome: GxOutcome) -> tuple[list[Finding], list[Finding]]:
    """GX's findings less those a current reviewed exception (data/exceptions.csv) silences.

    Whether an exception is stale or unused is the engine's bookkeeping over all its rules;
    GX runs a subset, so those two findings are left to `factgate validate`. A stale
    exception silences nothing: its finding stays.
    """
    from factgate.exceptions import apply_exceptions

    findings = outcome.findings()
    tables = {n: b.table for n, b in outcome.batches.tables.items() if b.usable}
    kept, silenced = apply_exceptions(findings, tables)
    engine_only = {"stale-exception", "exception-unused"}
    return [f for f in kept if f.rule not in engine_only], silenced


def _report(
    outcome: GxOutcome, kept: list[Finding], silenced: list[Finding], seconds: float
) -> dict[str, Any]:
    """The content of `factgate-gx.json`."""
    translation = outcome.translation
    ran = [r for r in outcome.results if r.skipped is None]
    errors = sum(f.severity == "error" for f in kept)
    read_errors = [f.to_dict() for f in outcome.batches.findings]
    return {
        "verdict": "fail" if errors or read_errors else "pass",
        "great_expectations": outcome.version,
        "seconds": round(seconds, 3),
        "summary": {
            "expectations": len(ran),
            "expectations_failed": sum(not r.success for r in ran),
            "expectations_skipped": len(outcome.results) - len(ran),
            "errors": errors,
            "warnings": sum(f.severity == "warning" for f in kept),
            "silenced": len(silenced),
            "read_errors": len(read_errors),
        },
        "translated": translation.translated(),
        "not_translated": translation.reasons(),
        "expectations": [
            {
                "rule": r.spec.rule,
                "table": r.spec.table,
                "batch": r.spec.batch,
                "expectation": r.spec.expectation,
                "expects": describe(r.spec),
                "severity": r.spec.severity,
                "success": r.success,
                "failing_lines": r.lines,
                **({"skipped": r.skipped} if r.skipped else {}),
                **({"crashed": r.crashed} if r.crashed else {}),
            }
            for r in outcome.results
        ],
        "findings": [f.to_dict() for f in kept],
        "silenced": [f.to_dict() for f in silenced],
        "read_errors": read_errors,
    }


def _print_summary(
    outcome: GxOutcome,
    kept: list[Finding],
    silenced: list[Finding],
    report: dict[str, Any],
    target: Path,
    stream: TextIO | None = None,
) -> None:
    stream = stream or sys.stdout
    summary = report["summary"]
    print(
        f"factgate gx: {report['verdict'].upper()}: {summary['errors']} errors, "
        f"{summary['warnings']} warnings from {summary['expectations']} expectations "
        f"({summary['expectations_failed']} failed; Great Expectations {outcome.version}, "
        f"{report['seconds']:.1f} s)",
        file=stream,
    )
    for finding in outcome.batches.findings:
        print(
            f"  {finding.file}:{finding.line}: {finding.severity}: [{finding.rule}] "
            f"{finding.message} (read by factgate; GX saw the rows that could be read)",
            file=stream,
        )
    for result in outcome.results:
        if result.skipped is not None:
            print(
                f"  skipped {result.spec.expectation} for `{result.spec.rule}` on "
                f"{result.spec.table}: {result.skipped}",
                file=stream,
            )
    for finding in kept[:_SHOWN]:
        print(
            f"  {finding.file}:{finding.line}: {finding.severity}: [{finding.rule}] "
            f"{finding.row_id or ''}: {finding.message}",
            file=stream,
        )
    if len(kept) > _SHOWN:
        print(f"  ... {len(kept) - _SHOWN} more in {target / RESULTS_FILE}", file=stream)
    if silenced:
        print(f"  {len(silenced)} silenced by data/exceptions.csv", file=stream)
    untranslated = ", ".join(sorted(report["not_translated"]))
    print(f"  not translated to GX (reasons in {RESULTS_FILE}): {untranslated}", file=stream)
    print(f"Data Docs: {target / 'index.html'}", file=stream)


def _refuse_foreign(out: Path) -> None:
    """Never write into a folder of other files: OUT is factgate's report folder or new."""
    from factgate.report.writer import MARKER

    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    ours = {GX_FOLDER, "README.md", ".gitignore", MARKER}
    foreign = [p.name for p in out.iterdir() if p.name not in ours and not p.name.startswith(".")]
    if foreign and not (out / MARKER).exists():
        examples = ", ".join(sorted(foreign)[:3])
        raise UsageError(
            f"--out {out} holds files factgate did not write ({examples}); "
            "choose an empty or new folder"
        )


#: A staging or retired folder older than this is a leftover of a run that was killed.
_STALE_SECONDS = 3600


def _clear_leftovers(out: Path) -> None:
    """Remove `.gx-*` folders that killed runs left in OUT (younger ones may be a run that is
    going on beside this one)."""
    now = time.time()
    for path in out.glob(f".{GX_FOLDER}-*"):
        try:
            stale = now - path.stat().st_mtime > _STALE_SECONDS
        except OSError:
            continue
        if stale and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
