"""The HTML report as plain data: what the page shows, decided in Python, drawn by the template.

Everything here is text and numbers; nothing is markup (the one exception, a chart's SVG, is
made and escaped in `charts.inline_svg`). The template escapes every value, so an article quote
holding `<script>` reaches the reader as those characters. Decisions that need data live here
rather than in the template: which findings fit on the page (`Limits`), where the evidence's
number and hedge sit in the phrase, which cells a change touched, what the charts may draw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from factgate import ratchet
from factgate.diff import DatasetDiff, RowChange
from factgate.findings import Finding
from factgate.numerals import parse_count
from factgate.report import charts
from factgate.report.context import ReportContext
from factgate.report.skips import rule_skips
from factgate.table import Table
from factgate.texts import SourceTexts
from factgate.validate import RuleResult, Validation


@dataclass(frozen=True)
class Limits:
    """How much the page lists; the rest is in report.json and findings.csv.

    The page has to open quickly from a CI artifact even when a bad import produces ten
    thousand findings, so it lists at most `per_rule` findings of each rule and `total` in
    all (rules earlier on the page get their share first), clips any text to `text`
    characters, and stops listing findings and changed rows once their markup would pass
    `chars` characters: with the charts and the rest, the page stays under 2 MB whatever the
    findings hold.
    """

    per_rule: int = 100
    total: int = 1500
    text: int = 300
    rows: int = 200  # rows of the data tables beside the charts, and of each change list
    chars: int = 1_200_000


# --------------------------------------------------------------------------------------------
# Text pieces.


@dataclass(frozen=True)
class Span:
    """A run of message text; `code` for the names a message quotes in backticks."""

    text: str
    code: bool = False


@dataclass(frozen=True)
class Evidence:
    """An evidence phrase split around the words that state the number and its hedge."""

    before: str
    match: str
    after: str
    #: Whose evidence, when it is not the finding's own row (a relation's figures).
    source: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.match)


@dataclass(frozen=True)
class Cell:
    """A cell a finding involves; `old` is its value at the base of a change, if it changed."""

    name: str
    value: str
    old: str | None = None


@dataclass(frozen=True)
class RowCell:
    """One cell of a finding's row as written in the CSV; `failing` if the finding names it."""

    name: str
    value: str
    failing: bool


@dataclass(frozen=True)
class FindingView:
    severity: str
    certainty: str | None
    label: str | None
    file: str
    line: int
    row_id: str | None
    message: list[Span]
    cells: list[Cell]
    evidence: list[Evidence]
    #: A warning that blocks: the gate found it on a row the change adds or edits.
    blocking: bool = False
    #: The gate's words for where the finding stands (factgate.ratchet), else None.
    standing: str | None = None
    #: The line at the checked commit on the repository's web site, when its address is known.
    url: str | None = None
    #: The whole row the finding is on (empty cells left out unless they fail).
    row: list[RowCell] = field(default_factory=list)

    @property
    def failing_cells(self) -> int:
        return sum(cell.failing for cell in self.row)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class RuleView:
    id: str
    severity: str
    origin: str
    status: str
    errors: int
    warnings: int
    skipped_reason: str | None
    doc: str
    tables: tuple[str, ...]
    total: int = 0
    findings: list[FindingView] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.total - len(self.findings)

    @property
    def anchor(self) -> str:
        return f"rule-{self.id}"

    @property
    def doc_paragraphs(self) -> list[list[Span]]:
        """The docstring as paragraphs (its source line breaks are not the reader's)."""
        return doc_paragraphs(self.doc)

    @property
    def shown_status(self) -> str:
        """ "warn" for a rule whose findings are all warnings: it reports, it does not fail."""
        return "warn" if self.status == "fail" and not self.errors else self.status


@dataclass(frozen=True)
class SkipView:
    """Something that did not run: a whole rule, or a part of it (`in_part`), and why."""

    rule: str
    in_part: bool
    reason: str


@dataclass(frozen=True)
class TableView:
    name: str
    file: str
    rows: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class SourceView:
    source_id: str
    publisher: str
    title: str
    published_on: str
    figures: int
    events: int
    #: Whether the source text is in the texts folder (None: no folder was given).
    text: bool | None
    #: How many of the text's number phrases rows quote, are ignored or are missing.
    coverage: CoverageView | None = None


@dataclass(frozen=True)
class CoverageView:
    entered: int
    ignored: int
    missing: int
    #: Pieces of the text around the missing phrases: (text, is a missing phrase).
    excerpts: list[list[tuple[str, bool]]] = field(default_factory=list)


@dataclass(frozen=True)
class PartyView:
    """One party to an event: the event's own `actor_id` (`chief`) or a row of event_actors."""

    actor_id: str
    name: str
    role: str
    chief: bool


@dataclass(frozen=True)
class EventView:
    event_id: str
    where: str
    url: str | None
    kind: str
    when: str
    parties: list[PartyView]


@dataclass(frozen=True)
class ChartView:
    key: str
    title: str
    svg: Markup | None
    unavailable: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FigureRowView:
    figure_id: str
    where: str
    claimant: str
    quantity: str
    unit: str
    low: str
    best: str
    high: str
    hedge: str
    stage: str
    evidence: Evidence | None
    severity: str | None
    url: str | None = None  # the line on the repository's web site, when known


@dataclass(frozen=True)
class TimelineRowView:
    kind: str
    row_id: str
    where: str
    what: str
    when: str
    published: str
    after_publication: bool
    severity: str | None
    url: str | None = None  # the line on the repository's web site, when known


@dataclass(frozen=True)
class CellChangeView:
    column: str
    old: str
    new: str
    failing: bool


@dataclass(frozen=True)
class ChangedRowView:
    row_id: str
    where: str
    base_line: int
    cells: list[CellChangeView]
    severity: str | None
    url: str | None = None  # the line on the repository's web site, when known


@dataclass(frozen=True)
class RowRefView:
    row_id: str
    where: str
    cells: list[tuple[str, str, bool]]  # column, value, failing
    severity: str | None
    url: str | None = None  # the line on the repository's web site, when known


@dataclass(frozen=True)
class TableChangesView:
    table: str
    file: str
    added: list[RowRefView]
    changed: list[ChangedRowView]
    removed: list[RowRefView]
    hidden: int  # rows beyond the page's limit


@dataclass(frozen=True)
class ChangesView:
    base: str
    base_commit: str | None
    added: int
    changed: int
    removed: int
    tables: list[TableChangesView]


@dataclass(frozen=True)
class PageView:
    """Everything `report.html.j2` renders."""

    verdict: str
    errors: int
    warnings: int
    commit: str | None
    root_name: str
    texts_dir: str | None
    rules: list[RuleView]
    failing: list[RuleView]
    skipped: list[RuleView]
    findings_total: int
    findings_shown: int
    limits: Limits
    tables: list[TableView]
    sources: list[SourceView]
    sources_total: int
    charts: list[ChartView]
    figure_rows: list[FigureRowView]
    figure_rows_total: int
    timeline_rows: list[TimelineRowView]
    timeline_rows_total: int
    undated: int
    changes: ChangesView | None
    labels: dict[str, int]
    fixed: list[FindingView]
    fixed_total: int
    blocking: int
    #: The gate's sentences on what the change does (factgate.ratchet); empty outside it.
    ratchet: list[str]
    silenced: list[FindingView]
    silenced_total: int
    #: Every skip, whole rules and parts, in the words of the other reports.
    skips: list[SkipView] = field(default_factory=list)
    #: The events with all their parties (events.actor_id and the rows of event_actors).
    events: list[EventView] = field(default_factory=list)
    events_total: int = 0
    #: Where `file:line` links point (the repository at a commit), when they are links.
    links_to: str | None = None
    #: The links point at a commit while data/ has uncommitted edits: lines may have moved.
    links_dirty: bool = False

    @property
    def skipped_in_part(self) -> int:
        """How many rules ran but left a part out."""
        return len({skip.rule for skip in self.skips if skip.in_part})


# --------------------------------------------------------------------------------------------
# Text helpers.

_BACKTICKED = re.compile(r"`([^`\n]+)`")


def visible(text: str) -> str:
    """Text with invisible characters made visible: a control character becomes its Control
    Pictures symbol (TAB is "␉"), a format character (zero-width space, bidi override) its code
    point. A reviewer must see what the clean-text rule complains about, and a right-to-left
    override must not reorder the report's own text."""
    if text.replace("\n", "").isprintable():  # the common case, at C speed
        return text
    out = []
    for char in text:
        if char == "\n" or char.isprintable():
            out.append(char)
        elif ord(char) < 0x20:
            out.append(chr(0x2400 + ord(char)))
        elif char == "\x7f":
            out.append("␡")
        elif unicodedata.category(char) in ("Zs", "Zl", "Zp"):
            out.append(" " if char != "\u2028" else "\n")
        else:
            out.append(f"⟨U+{ord(char):04X}⟩")
    return "".join(out)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters (a 10,000-character cell must not bloat the page)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def shown(text: str, limit: int) -> str:
    """Text for the page: clipped to `limit` characters, invisible ones made visible."""
    if len(text) <= limit:
        return visible(text)
    return f"{visible(text[:limit])}… ({len(text) - limit:,} more characters)"


def message_spans(message: str, limit: int) -> list[Span]:
    """A message split into text and the `names` it quotes, shown as code."""
    text = shown(message, limit)
    spans: list[Span] = []
    position = 0
    for match in _BACKTICKED.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        spans.append(Span(match.group(1), code=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return spans


def doc_paragraphs(doc: str, limit: int = 4000) -> list[list[Span]]:
    """A rule's docstring as paragraphs of text and `code`: blank lines part paragraphs, and
    a line opening with "Why:", "Fails:", "Passes:" (the parts every rule's doc has) starts one."""
    paragraphs: list[list[str]] = []
    for block in re.split(r"\n\s*\n", doc.strip()):
        current: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if current and _DOC_PART.match(line):
                paragraphs.append(current)
                current = []
            if line:
                current.append(line)
        if current:
            paragraphs.append(current)
    return [message_spans(" ".join(lines), limit) for lines in paragraphs]


_DOC_PART = re.compile(r"(Why|Fails|Passes|Example|Use instead)( \([a-z]+\))?:")


def split_evidence(phrase: str, limit: int, source: str | None = None) -> Evidence:
    """The phrase around the span `parse_count` reads as the count ("rund 11.000").

    Offsets are taken on the phrase as written; only then is each part made visible and
    clipped, so the highlight never shifts.
    """
    count = parse_count(phrase)
    if count is None:
        return Evidence(shown(phrase, limit), "", "", source)
    before, match, after = (
        phrase[: count.start],
        phrase[count.start : count.end],
        phrase[count.end :],
    )
    return Evidence(shown(before, limit), shown(match, limit), shown(after, limit), source)


def cell_text(value: Any) -> str:
    """A cell as text, missing as "" (findings carry values as written, sometimes numbers)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------
# Rows of tables, found by ID.


class _Rows:
    """Look up a table's rows by primary key, built only for the tables a page needs."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = tables
        self.by_file = {table.file: table for table in tables.values()}
        self._index: dict[str, dict[str, int]] = {}
        self._lines: dict[str, dict[int, int]] = {}

    def at_line(self, table: Table, line: int) -> int | None:
        """The position of the row that starts on `line`, if one does."""
        index = self._lines.get(table.name)
        if index is None:
            index = {int(start): i for i, start in enumerate(table.lines.tolist())}
            self._lines[table.name] = index
        return index.get(line)

    def position(self, table: Table, row_id: str) -> int | None:
        index = self._index.get(table.name)
        if index is None:
            index = {}
            for position, key in enumerate(table.row_ids.tolist()):
                if key is not None:
                    index.setdefault(str(key), position)
            self._index[table.name] = index
        return index.get(row_id)

    def cell(self, table: Table, row_id: str, column: str) -> str | None:
        if column not in table.raw.columns:
            return None
        position = self.position(table, row_id)
        if position is None:
            return None
        return cell_text(table.raw[column].iat[position])


class _Builder:
    """Builds the page for one validation; holds the lookups the parts share."""

    def __init__(self, context: ReportContext, limits: Limits) -> None:
        self.context = context
        self.validation: Validation = context.validation
        self.limits = limits
        self.rows = _Rows(self.validation.tables)
        self.room = limits.chars  # what is left of the page's budget for listed items
        self.blocking = {_identity(f) for f in self.validation.blocking}
        self.changes: dict[tuple[str, str], RowChange] = {}
        diff = self.validation.diff
        if diff is not None:
            for table_diff in diff.tables.values():
                for change in table_diff.changed:
                    self.changes[(table_diff.file, change.row_id)] = change

    # --- findings ----------------------------------------------------------------------------

    def finding(self, finding: Finding) -> FindingView:
        limit = self.limits.text
        change = self.changes.get((finding.file, finding.row_id or ""))
        changed = {c.column: c for c in change.cells} if change else {}
        cells = []
        for name, value in finding.columns.items():
            old = changed[name].old if name in changed else None
            cells.append(
                Cell(
                    shown(name, 80),
                    shown(cell_text(value), limit),
                    None if old is None else shown(old, limit),
                )
            )
        return FindingView(
            severity=finding.severity,
            certainty=finding.certainty,
            label=finding.label,
            file=finding.file,
            line=finding.line,
            row_id=None if finding.row_id is None else shown(finding.row_id, limit),
            message=message_spans(finding.message, limit * 2),
            cells=cells,
            evidence=self.evidence(finding),
            blocking=_identity(finding) in self.blocking,
            standing=ratchet.standing(finding, ratchet.touched_rows(self.validation)),
            url=self.context.line_url(finding.file, finding.line),
            row=self.row_cells(finding),
        )

    def row_cells(self, finding: Finding) -> list[RowCell]:
        """The cells of the row the finding is on, in file order, the ones it names marked.

        The row is found by its line (unique in a file, unlike an ID that may be duplicated);
        a finding about a whole file, or on a line that starts no row, has none.
        """
        table = self.rows.by_file.get(finding.file)
        if table is None or finding.line <= 0:
            return []
        position = self.rows.at_line(table, finding.line)
        if position is None:
            return []
        limit = self.limits.text // 2
        cells = []
        for name in table.raw.columns:
            value = cell_text(table.raw[name].iat[position])
            failing = name in finding.columns
            if value or failing:
                cells.append(RowCell(shown(str(name), 80), shown(value, limit), failing))
        return cells

    def evidence(self, finding: Finding) -> list[Evidence]:
        """The row's own evidence phrase, else those of the rows its foreign keys name
        (a relation's two figures), at most three."""
        table = self.rows.by_file.get(finding.file)
        if table is None or finding.row_id is None:
            return []
        limit = self.limits.text
        own = self.rows.cell(table, finding.row_id, "evidence")
        if own:
            return [split_evidence(own, limit)]
        project = self.validation.project
        spec = project.tables.get(table.name) if project is not None else None
        found: list[Evidence] = []
        for fk in spec.foreign_keys if spec is not None else ():
            target = self.validation.tables.get(fk.reference_table)
            if (
                len(fk.fields) != 1
                or target is None
                or tuple(fk.reference_fields) != tuple(target.primary_key)
            ):
                continue
            other_id = self.rows.cell(table, finding.row_id, fk.fields[0])
            phrase = self.rows.cell(target, other_id, "evidence") if other_id else None
            if phrase and other_id:
                found.append(split_evidence(phrase, limit, source=shown(other_id, 80)))
        return found[:3]

    def afford(self, cost: int) -> bool:
        """Take `cost` characters from the page's budget, if it has them."""
        if cost > self.room:
            self.room = 0  # once one item does not fit, later (smaller) ones do not jump in
            return False
        self.room -= cost
        return True

    def listed(self, findings: Sequence[Finding], most: int) -> list[FindingView]:
        """Views of the first findings, as many as `most` and the budget allow."""
        views = []
        for finding in findings[:most]:
            view = self.finding(finding)
            if not self.afford(_cost(view)):
                break
            views.append(view)
        return views

    def rules(self) -> tuple[list[RuleView], int]:
        """Every rule, failing first, each with the findings the page has room for."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.validation.findings:
            grouped.setdefault(finding.rule, []).append(finding)
        order = {"fail": 0, "skipped": 1, "pass": 2}
        ordered = sorted(self.validation.rules, key=lambda r: (order.get(r.status, 3), r.id))
        room = self.limits.total
        views = []
        for rule in ordered:
            found = grouped.get(rule.id, [])
            view = self.rule(rule, found, self.listed(found, min(self.limits.per_rule, room)))
            room -= len(view.findings)
            views.append(view)
        return views, self.limits.total - room

    def rule(
        self, rule: RuleResult, found: Sequence[Finding], listed: list[FindingView]
    ) -> RuleView:
        return RuleView(
            id=rule.id,
            severity=rule.severity,
            origin=rule.origin,
            status=rule.status,
            errors=rule.errors,
            warnings=rule.warnings,
            skipped_reason=rule.skipped_reason,
            doc=rule.doc,
            tables=rule.tables,
            total=len(found),
            findings=listed,
        )

    # --- dataset -----------------------------------------------------------------------------

    def tables(self) -> list[TableView]:
        counts = Counter((f.file, f.severity) for f in self.validation.findings)
        return [
            TableView(
                name,
                table.file,
                len(table.frame),
                counts[(table.file, "error")],
                counts[(table.file, "warning")],
            )
            for name, table in sorted(self.validation.tables.items())
        ]

    def sources(self) -> tuple[list[SourceView], int]:
        tables = self.validation.tables
        sources = tables.get("sources")
        if sources is None or "source_id" not in sources.raw.columns:
            return [], 0
        per = {
            name: Counter(cell_text(v) for v in tables[name].raw["source_id"].tolist())
            for name in ("figures", "events")
            if name in tables and "source_id" in tables[name].raw.columns
        }
        texts_dir = self.validation.texts_dir
        texts = SourceTexts(texts_dir) if texts_dir is not None else None
        raw = sources.raw
        views = []
        for i in range(min(len(raw), self.limits.rows)):
            row = {c: cell_text(raw[c].iat[i]) for c in raw.columns}
            source_id = row["source_id"]
            views.append(
                SourceView(
                    source_id=shown(source_id, 120),
                    publisher=shown(row.get("publisher", ""), 120),
                    title=shown(row.get("title", ""), self.limits.text),
                    published_on=shown(row.get("published_on", ""), 40),
                    figures=per.get("figures", Counter())[source_id],
                    events=per.get("events", Counter())[source_id],
                    text=None if texts is None else texts.get(source_id) is not None,
                    coverage=self._coverage(texts, row),
                )
            )
        return views, len(raw)

    def _coverage(self, texts: SourceTexts | None, row: Mapping[str, str]) -> CoverageView | None:
        """The source's numbers-accounted-for tally and excerpts (docs/extract.md)."""
        from factgate.extract.coverage import coverage_of

        source_id = row.get("source_id", "")
        raw = texts.original(source_id) if texts is not None else None
        try:
            published = dt.date.fromisoformat(row.get("published_on", ""))
        except ValueError:
            return None
        if raw is None:
            return None
        tables = self.validation.tables
        evidence = [
            cell_text(e)
            for name in ("figures", "events")
            if name in tables and {"source_id", "evidence"} <= set(tables[name].raw.columns)
            for sid, e in zip(
                tables[name].raw["source_id"].tolist(), tables[name].raw["evidence"].tolist(),
                strict=True,
            )
            if cell_text(sid) == source_id
        ]  # fmt: skip
        ignored = []
        table = tables.get("ignored_numbers")
        if table is not None and {"source_id", "phrase", "sentence"} <= set(table.raw.columns):
            for i, (sid, phrase, number) in enumerate(
                zip(
                    table.raw["source_id"].tolist(), table.raw["phrase"].tolist(),
                    table.raw["sentence"].tolist(), strict=True,
                )
            ):  # fmt: skip
                if cell_text(sid) == source_id and cell_text(number).isdigit():
                    ignored.append((i, cell_text(phrase), int(cell_text(number))))
        found = coverage_of(raw, published, evidence, ignored)
        excerpts = [
            [(clip(seg.text, self.limits.text), seg.missing) for seg in piece]
            for piece in found.excerpts()[:5]
        ]
        return CoverageView(
            found.count("entered"), found.count("ignored"), found.count("missing"), excerpts
        )

    def events(self) -> tuple[list[EventView], int]:
        """Each event (as many as the page lists) with every party to it: the event's own
        `actor_id` first, then the further parties `event_actors.csv` records, in file order."""
        tables = self.validation.tables
        events = tables.get("events")
        if events is None or "event_id" not in events.raw.columns:
            return [], 0
        names: dict[str, str] = {}
        actors = tables.get("actors")
        if actors is not None and {"actor_id", "name"} <= set(actors.raw.columns):
            names = dict(zip(actors.raw["actor_id"], actors.raw["name"], strict=True))
        further: dict[str, list[tuple[str, str]]] = {}
        links = tables.get("event_actors")
        if links is not None and {"event_id", "actor_id"} <= set(links.raw.columns):
            roles = links.raw["role"] if "role" in links.raw.columns else [""] * len(links.raw)
            for event_id, actor_id, role in zip(
                links.raw["event_id"], links.raw["actor_id"], roles, strict=True
            ):
                further.setdefault(cell_text(event_id), []).append(
                    (cell_text(actor_id), cell_text(role))
                )
        raw, limit = events.raw, self.limits.text

        def party(actor_id: str, role: str, chief: bool) -> PartyView:
            name = cell_text(names.get(actor_id, ""))
            return PartyView(shown(actor_id, 120), shown(name, 120), shown(role, limit), chief)

        views = []
        for i in range(min(len(raw), self.limits.rows)):
            row = {str(c): cell_text(raw[c].iat[i]) for c in raw.columns}
            event_id = row["event_id"]
            parties = [party(row["actor_id"], "", True)] if row.get("actor_id") else []
            parties += [party(a, r, False) for a, r in further.get(event_id, [])]
            start, end = row.get("date_start", ""), row.get("date_end", "")
            line = int(events.lines[i])
            views.append(
                EventView(
                    event_id=shown(event_id, 120),
                    where=f"{events.file}:{line}",
                    url=self.context.line_url(events.file, line),
                    kind=shown(row.get("kind", ""), 80),
                    when=shown(start if start == end or not end else f"{start} – {end}", 80),
                    parties=parties,
                )
            )
        return views, len(raw)

    # --- pictures ----------------------------------------------------------------------------

    def figure_chart(self) -> tuple[ChartView, list[FigureRowView], int]:
        title = "Every figure: interval and point estimate, log scale"
        validation = self.validation
        try:
            marks = charts.figure_marks(validation.tables, validation.findings)
        except charts.ChartUnavailable as exc:
            return ChartView("figures", title, None, unavailable=str(exc)), [], 0
        chosen = charts.select_rows(marks, charts.MAX_CHART_ROWS)
        note = None
        if len(chosen) < len(marks):
            note = (
                f"Showing {len(chosen):,} of {len(marks):,} figures: those with findings first, "
                "then in file order."
            )
        order = charts.quantity_order(chosen, charts.relation_pairs(validation.tables))
        chart = self._draw("figures", title, note, lambda: charts.draw_figures(chosen, order, ""))
        limit = self.limits.text
        rows = [
            FigureRowView(
                figure_id=shown(m.figure_id, 120),
                where=f"{validation.tables['figures'].file}:{m.line}",
                url=self.context.line_url(validation.tables["figures"].file, m.line),
                claimant=shown(m.claimant, 120),
                quantity=shown(m.quantity, 80),
                unit=shown(m.unit, 40),
                low=_number(m.low),
                best=_number(m.best),
                high=_number(m.high),
                hedge=shown(m.hedge, 40),
                stage=shown(m.stage, 40),
                evidence=self._figure_evidence(m.figure_id, limit),
                severity=m.severity,
            )
            for m in charts.select_rows(marks, self.limits.rows)
        ]
        return chart, rows, len(marks)

    def _figure_evidence(self, figure_id: str, limit: int) -> Evidence | None:
        figures = self.validation.tables["figures"]
        phrase = self.rows.cell(figures, figure_id, "evidence")
        return split_evidence(phrase, limit) if phrase else None

    def timeline_chart(self) -> tuple[ChartView, list[TimelineRowView], int, int]:
        title = "Events and figure dates against publication"
        validation = self.validation
        try:
            marks, undated = charts.timeline_marks(validation.tables, validation.findings)
        except charts.ChartUnavailable as exc:
            return ChartView("timeline", title, None, unavailable=str(exc)), [], 0, 0
        sources = charts.source_marks(validation.tables)
        chosen = charts.select_rows(marks, charts.MAX_CHART_ROWS)
        notes = []
        if len(chosen) < len(marks):
            notes.append(
                f"Showing {len(chosen):,} of {len(marks):,} dated rows: those with findings "
                "first, then in file order."
            )
        if undated:
            notes.append(
                f"{undated:,} row{'s' if undated != 1 else ''} without usable dates "
                "(hypothetical figures, dates that did not parse) are not drawn."
            )
        chart = self._draw(
            "timeline",
            title,
            " ".join(notes) or None,
            lambda: charts.draw_timeline(chosen, sources, ""),
        )
        files = {"event": "events", "figure": "figures"}
        rows = [
            TimelineRowView(
                kind=m.kind,
                row_id=shown(m.row_id, 120),
                where=f"{validation.tables[files[m.kind]].file}:{m.line}",
                url=self.context.line_url(validation.tables[files[m.kind]].file, m.line),
                what=shown(m.what, 80),
                when=m.when,
                published=m.published.isoformat() if m.published else "",
                after_publication=m.after_publication,
                severity=m.severity,
            )
            for m in charts.select_rows(marks, self.limits.rows)
        ]
        return chart, rows, len(marks), undated

    @staticmethod
    def _draw(key: str, title: str, note: str | None, draw: Any) -> ChartView:
        """Draw one chart; a chart that fails says why instead of taking the report down."""
        try:
            svg = charts.inline_svg(draw(), key, title)
        except charts.ChartUnavailable as exc:
            return ChartView(key, title, None, unavailable=str(exc), note=note)
        except Exception as exc:  # matplotlib on odd data: the report matters more
            reason = f"the chart could not be drawn ({type(exc).__name__}: {exc})"
            return ChartView(key, title, None, unavailable=clip(reason, 300), note=note)
        return ChartView(key, title, svg, note=note)

    # --- the change under review -------------------------------------------------------------

    def changes_view(self, diff: DatasetDiff) -> ChangesView:
        failing: dict[tuple[str, str], set[str]] = {}
        worst: dict[tuple[str, str], str] = charts.worst_severity(self.validation.findings)
        for finding in self.validation.findings:
            if finding.row_id is not None:
                key = (finding.file, finding.row_id)
                failing.setdefault(key, set()).update(finding.columns)
        limit, budget = self.limits.text, self.limits.rows
        tables = []
        for name in sorted(diff.tables):
            table_diff = diff.tables[name]
            if table_diff.empty:
                continue
            file = table_diff.file
            total = len(table_diff.added) + len(table_diff.changed) + len(table_diff.removed)

            def ref(row: Any, on_head: bool, file: str = file) -> RowRefView:
                bad = failing.get((file, row.row_id), set()) if on_head else set()
                cells = [
                    (shown(c, 80), shown(v, limit), c in bad) for c, v in row.cells.items() if v
                ]
                severity = worst.get((file, row.row_id)) if on_head else None
                url = (
                    self.context.line_url(file, row.line)
                    if on_head
                    else self.base_url(diff, file, row.line)
                )
                return RowRefView(
                    shown(row.row_id, 120), f"{file}:{row.line}", cells, severity, url
                )

            added = self.fitting([ref(r, True) for r in table_diff.added[:budget]])
            changed = [
                ChangedRowView(
                    row_id=shown(c.row_id, 120),
                    where=f"{file}:{c.line}",
                    base_line=c.base_line,
                    cells=[
                        CellChangeView(
                            shown(cell.column, 80),
                            shown(cell.old, limit),
                            shown(cell.new, limit),
                            cell.column in failing.get((file, c.row_id), set()),
                        )
                        for cell in c.cells
                    ],
                    severity=worst.get((file, c.row_id)),
                    url=self.context.line_url(file, c.line),
                )
                for c in table_diff.changed[:budget]
            ]
            changed = self.fitting(changed)
            removed = self.fitting([ref(r, False) for r in table_diff.removed[:budget]])
            hidden = total - len(added) - len(changed) - len(removed)
            tables.append(TableChangesView(name, file, added, changed, removed, hidden))
        counts = diff.counts()
        return ChangesView(
            base=diff.base,
            base_commit=diff.base_commit[:12] if diff.base_commit else None,
            added=counts["added"],
            changed=counts["changed"],
            removed=counts["removed"],
            tables=tables,
        )

    def base_url(self, diff: DatasetDiff, file: str, line: int) -> str | None:
        """A removed row's line at the base commit, when the address is known."""
        web = self.context.web
        commit = (diff.base_commit or "").lower()
        if web is None or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
            return None
        base = dataclasses.replace(self.context, web=dataclasses.replace(web, commit=commit))
        return base.line_url(file, line)

    def fitting(self, rows: list[R]) -> list[R]:
        """The first rows that fit the page's budget."""
        kept = []
        for row in rows:
            if not self.afford(_cost(row)):
                break
            kept.append(row)
        return kept

    # --- the page ----------------------------------------------------------------------------

    def page(self) -> PageView:
        validation = self.validation
        summary = validation.summary()
        rules, findings_shown = self.rules()
        sources, sources_total = self.sources()
        events, events_total = self.events()
        figure_chart, figure_rows, figure_total = self.figure_chart()
        timeline, timeline_rows, timeline_total, undated = self.timeline_chart()
        labels = Counter(f.label for f in validation.findings if f.label)
        if validation.fixed:
            labels["fixed"] = len(validation.fixed)
        fixed = sorted(validation.fixed, key=Finding.sort_key)
        silenced = sorted(validation.silenced, key=Finding.sort_key)
        return PageView(
            verdict=validation.verdict,
            errors=summary["errors"],
            warnings=summary["warnings"],
            commit=self.context.commit,
            root_name=validation.root.name,
            texts_dir=validation.texts_dir.name if validation.texts_dir else None,
            rules=rules,
            failing=[rule for rule in rules if rule.total],
            skipped=[rule for rule in rules if rule.status == "skipped"],
            findings_total=len(validation.findings),
            findings_shown=findings_shown,
            limits=self.limits,
            tables=self.tables(),
            sources=sources,
            sources_total=sources_total,
            charts=[figure_chart, timeline],
            figure_rows=figure_rows,
            figure_rows_total=figure_total,
            timeline_rows=timeline_rows,
            timeline_rows_total=timeline_total,
            undated=undated,
            changes=self.changes_view(validation.diff) if validation.diff is not None else None,
            labels={k: labels[k] for k in ("introduced", "pre-existing", "fixed") if labels[k]},
            fixed=self.listed(fixed, self.limits.per_rule),
            fixed_total=len(fixed),
            blocking=len(validation.blocking),
            ratchet=ratchet.sentences(ratchet.tally_of(validation)) if validation.diff else [],
            silenced=self.listed(silenced, self.limits.per_rule),
            silenced_total=len(silenced),
            skips=[
                SkipView(skip.rule, skip.scope == "part", shown(skip.reason, self.limits.text))
                for skip in rule_skips(validation)
            ],
            events=events,
            events_total=events_total,
            links_to=(
                f"{self.context.web.base} at {self.context.web.commit[:12]}"
                if self.context.web is not None
                else None
            ),
            links_dirty=self.context.web is not None
            and (self.context.commit or "").endswith("+dirty"),
        )


R = TypeVar("R", RowRefView, ChangedRowView)
#: Characters of markup around a listed item's text (tags, classes, labels), measured.
_ITEM_MARKUP = 700
#: Markup around each cell of a finding's row, and around its link.
_CELL_MARKUP = 60
_LINK_MARKUP = 40


def _cost(item: object) -> int:
    """About how many characters an item adds to the page: its text as escaped, plus markup.
    (Escaping counts: a cell of quotes and angle brackets grows fivefold.)"""
    markup = _ITEM_MARKUP
    if isinstance(item, FindingView):
        markup += _CELL_MARKUP * len(item.row) + (_LINK_MARKUP if item.url else 0)
    return markup + sum(len(escape(text)) for text in _texts(item))


def _texts(item: object) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, (list, tuple)):
        return [text for part in item for text in _texts(part)]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return [text for f in dataclasses.fields(item) for text in _texts(getattr(item, f.name))]
    return []


def _identity(finding: Finding) -> tuple[str, str, int, str, str]:
    """What makes two findings the same one (the gate relabels, so not object identity)."""
    return (finding.rule, finding.file, finding.line, finding.row_id or "", finding.message)


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def build_page(context: ReportContext, limits: Limits | None = None) -> PageView:
    """The view of one validation, ready for the template."""
    return _Builder(context, limits or Limits()).page()


__all__ = ["Limits", "PageView", "build_page", "clip", "split_evidence", "visible"]
