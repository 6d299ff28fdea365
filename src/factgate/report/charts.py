"""The report's pictures: every figure on a log scale, and a timeline against publication.

Two halves, kept apart so each can be tested alone:

* *marks*: plain data taken from the typed tables (`figure_marks`, `timeline_marks`). They
  never fail on bad data: a cell that did not parse is simply absent, the row is still drawn
  where it can be, and the caller is told what was left out.
* *drawing*: matplotlib, imported only here and only when a chart is drawn (it is the optional
  extra `charts`; without it the report says so and shows the same data as tables). Output is
  SVG, made deterministic (fixed hash salt, no date, text as text) and then passed through
  `inline_svg`, which re-serialises it with ElementTree and refuses anything but drawing
  elements, so dataset text inside a chart is escaped by construction.

The charts expect the bundled data model (`figures` with `value_low`/`value_best`/
`value_high` and `hedge`; `events` and `sources` with dates). A project without those columns
gets no chart and a sentence saying why, never an exception.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import math
import re
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
from markupsafe import Markup

from factgate.findings import Finding
from factgate.numerals import Count, parse_count
from factgate.table import Table

#: Rows drawn per chart: beyond this a chart stops being readable (and the page small).
MAX_CHART_ROWS = 60
#: Summary rows a chart adds once it cannot draw every row (one per quantity or source).
MAX_SUMMARY_ROWS = 20

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
#: What matplotlib's SVG backend emits for our charts; anything else is refused.
_SVG_ELEMENTS = frozenset(
    {"svg", "g", "defs", "path", "use", "clipPath", "rect", "text", "tspan", "title", "desc"}
    | {"circle", "ellipse", "line", "polyline", "polygon"}
)
_DROPPED_ELEMENTS = frozenset({"metadata", "style"})
_URL_REF = re.compile(r"url\(#([^)]+)\)")

_COLOURS = {"error": "#b00020", "warning": "#8a5a00", None: "#1f4e79"}
_TAGS = {"error": "  ✘ error", "warning": "  ⚠ warning", None: ""}
_LOWER_HEDGES = frozenset({"more_than", "at_least", "vague_plural"})
_UPPER_HEDGES = frozenset({"up_to", "less_than", "just_under"})
_MARKERS = {"exact": "o", "approx": "D", "range": "|"}


class ChartUnavailable(Exception):
    """A chart cannot be drawn; the message says why, in words for the report."""


# --------------------------------------------------------------------------------------------
# Marks: what to draw, as plain data.


@dataclass(frozen=True)
class FigureMark:
    """One figure as the value chart draws it."""

    figure_id: str
    line: int
    quantity: str
    unit: str
    claimant: str
    subject: str
    low: int | None
    best: int | None
    high: int | None
    hedge: str
    stage: str
    label: str  # the words of the evidence that state the number ("rund 11.000")
    severity: str | None  # worst finding on the row
    stated: int | None = None  # the number those words state, to show when the row differs

    @property
    def point(self) -> int | None:
        """The point estimate: best, else the one bound the figure has (docs/intervals.md)."""
        if self.best is not None:
            return self.best
        if self.low is not None and self.high is None:
            return self.low
        if self.high is not None and self.low is None:
            return self.high
        return None


@dataclass(frozen=True)
class TimelineMark:
    """One dated row (an event or a figure) as the timeline draws it."""

    kind: str  # "event" or "figure"
    row_id: str
    line: int
    source_id: str
    what: str  # the event's kind or the figure's quantity
    start: dt.date
    end: dt.date
    precision: str
    published: dt.date | None
    severity: str | None

    @property
    def after_publication(self) -> bool:
        return self.published is not None and self.end > self.published

    @property
    def when(self) -> str:
        """The date as the precision states it, ISO so it reads the same everywhere."""
        if self.precision == "day" or self.start == self.end:
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class SourceMark:
    """A source with its publication date: the line the timeline measures against."""

    source_id: str
    name: str
    published: dt.date | None


@dataclass(frozen=True)
class Summary:
    """All rows of one group (a quantity, a source) as one drawn row: what a reader can see
    of a hundred thousand rows is their spread, their middle and how many are wrong."""

    group: str  # the quantity or the source_id
    label: str  # how the chart names the group
    count: int
    low: float | None  # smallest value or earliest day ordinal of the group
    middle: float | None  # median value, or None
    high: float | None  # largest value or latest day ordinal
    errors: int
    warnings: int
    late: int = 0  # rows dated after their source's publication (timeline)


M = TypeVar("M", FigureMark, TimelineMark)
T = TypeVar("T")

_RANK = {"error": 0, "warning": 1}


class MarkList(Sequence[T], Generic[T]):
    """Every row of a chart as marks, built only for the rows that are looked at.

    A dataset of a million figures has a million marks, but a chart draws `MAX_CHART_ROWS`
    of them and the page lists a few hundred: so the list knows its length, each row's
    worst severity (to choose rows by) and its groups' summaries, and makes a mark only when
    one is asked for."""

    def __init__(
        self,
        ranks: npt.NDArray[np.int8],
        build: Callable[[int], T],
        summaries: Callable[[], list[Summary]] = list,
    ) -> None:
        self.ranks = ranks
        self._build = build
        self._summaries = summaries
        self._summarised: list[Summary] | None = None

    def __len__(self) -> int:
        return len(self.ranks)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._build(i) for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._build(index % len(self))

    def __iter__(self) -> Iterator[T]:
        return (self._build(i) for i in range(len(self)))

    def summaries(self) -> list[Summary]:
        """One summary per group, the groups with most findings first, at most
        `MAX_SUMMARY_ROWS`. Computed once: the chart and the table beside it both ask."""
        if self._summarised is None:
            self._summarised = self._summaries()[:MAX_SUMMARY_ROWS]
        return self._summarised


class Selection(list[T]):
    """The marks a chart draws, with what it had to leave out: the number of rows it stands
    for and a summary of each group, so the chart itself can say what it summarised."""

    def __init__(self, marks: Iterable[T], total: int, summaries: list[Summary]) -> None:
        super().__init__(marks)
        self.total = total
        self.summaries = summaries


def _ranks(ids: pd.Series, file: str, worst: Mapping[tuple[str, str], str]) -> pd.Series:
    """Each row's worst finding as a rank (0 error, 1 warning, 2 none), by its ID."""
    ranks = np.full(len(ids), 2, dtype=np.int8)
    for severity, rank in sorted(_RANK.items(), key=lambda item: -item[1]):
        marked = [row_id for (f, row_id), sev in worst.items() if f == file and sev == severity]
        if marked:
            ranks[ids.isin(marked).to_numpy()] = rank
    return pd.Series(ranks, index=ids.index)


def worst_severity(findings: Iterable[Finding]) -> dict[tuple[str, str], str]:
    """(file, row_id) -> "error" or "warning": the worst finding on each row."""
    worst: dict[tuple[str, str], str] = {}
    for finding in findings:
        if finding.row_id is None:
            continue
        key = (finding.file, finding.row_id)
        if worst.get(key) != "error":
            worst[key] = finding.severity
    return worst


def _has(table: Table | None, columns: Iterable[str]) -> bool:
    return table is not None and all(c in table.frame.columns for c in columns)


def _column(raw: pd.DataFrame, name: str) -> list[str]:
    """A column of cells as written ("" where the table lacks it or a cell is missing)."""
    if name not in raw.columns:
        return [""] * len(raw)
    return ["" if v is None or v is pd.NA else str(v) for v in raw[name].tolist()]


def _int(value: Any) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _names(tables: Mapping[str, Table]) -> dict[str, str]:
    """actor_id -> name, so charts show "Sergei Schoigu" rather than `shoigu`."""
    actors = tables.get("actors")
    if not _has(actors, ("actor_id", "name")):
        return {}
    assert actors is not None
    raw = actors.raw
    return {str(k): str(v) for k, v in zip(raw["actor_id"], raw["name"], strict=True) if k and v}


FIGURE_COLUMNS = ("figure_id", "quantity", "value_low", "value_best", "value_high", "hedge")


def figure_marks(tables: Mapping[str, Table], findings: Iterable[Finding]) -> MarkList[FigureMark]:
    """Every figure of the `figures` table, in file order (made when asked for). Raises
    `ChartUnavailable` when the project has no such table."""
    figures = tables.get("figures")
    if figures is None or not _has(figures, FIGURE_COLUMNS):
        raise ChartUnavailable(
            "no `figures` table with " + ", ".join(f"`{c}`" for c in FIGURE_COLUMNS)
        )
    severity = worst_severity(findings)
    names = _names(tables)
    frame, raw = figures.frame, figures.raw
    ids = _text_column(raw, "figure_id")
    ranks = _ranks(ids, figures.file, severity)

    def build(i: int) -> FigureMark:
        text = {c: _cell(raw, c, i) for c in ("quantity", "unit", "claimant_id", "subject")}
        text |= {c: _cell(raw, c, i) for c in ("hedge", "stage", "evidence")}
        evidence = text["evidence"]
        count = parse_count(evidence) if evidence else None
        claimant_id = text["claimant_id"]
        return FigureMark(
            figure_id=_cell(raw, "figure_id", i),
            line=int(figures.lines[i]),
            quantity=text["quantity"],
            unit=text["unit"],
            claimant=names.get(claimant_id, claimant_id),
            subject=text["subject"],
            low=_int(frame["value_low"].iat[i]),
            best=_int(frame["value_best"].iat[i]),
            high=_int(frame["value_high"].iat[i]),
            hedge=text["hedge"],
            stage=text["stage"],
            label=count.text if count is not None else "",
            severity=severity.get((figures.file, str(ids.iat[i]))),
            stated=_stated(count),
        )

    return MarkList(ranks.to_numpy(), build, lambda: figure_summaries(figures, ranks))


def figure_summaries(figures: Table, ranks: pd.Series) -> list[Summary]:
    """Per quantity and unit: how many figures, their smallest, median and largest value,
    and how many have findings; quantities with the most errors first, then the largest."""
    frame, raw = figures.frame, figures.raw
    low, best, high = (
        pd.to_numeric(frame[c], errors="coerce").astype("float64").to_numpy()
        for c in ("value_low", "value_best", "value_high")
    )
    # The point as FigureMark.point has it: best, else the one bound a figure has.
    point = np.where(np.isnan(best), np.where(np.isnan(high), low, np.nan), best)
    point = np.where(np.isnan(point) & np.isnan(low), high, point)
    positive = [np.where(v > 0, v, np.nan) for v in (low, best, high)]
    with np.errstate(invalid="ignore"):
        smallest = np.fmin(np.fmin(positive[0], positive[1]), positive[2])
        largest = np.fmax(np.fmax(positive[0], positive[1]), positive[2])
    groups = pd.DataFrame(
        {
            "quantity": _text_column(raw, "quantity"),
            "unit": _text_column(raw, "unit"),
            "low": smallest,
            "point": np.where(point > 0, point, np.nan),
            "high": largest,
            "error": ranks.eq(0).to_numpy(),
            "warning": ranks.eq(1).to_numpy(),
        },
        index=raw.index,
    ).groupby(["quantity", "unit"], sort=True)
    table = groups.agg(
        count=("point", "size"), low=("low", "min"), middle=("point", "median"),
        high=("high", "max"), errors=("error", "sum"), warnings=("warning", "sum"),
    ).sort_values(["errors", "warnings", "count"], ascending=False, kind="stable")  # fmt: skip
    return [
        Summary(
            group=str(row["quantity"]),
            label=f"{row['quantity']} ({row['unit']})" if row["unit"] else str(row["quantity"]),
            count=int(row["count"]),
            low=_float(row["low"]),
            middle=_float(row["middle"]),
            high=_float(row["high"]),
            errors=int(row["errors"]),
            warnings=int(row["warnings"]),
        )
        # One row per quantity and unit, not per figure.
        for row in table.reset_index().to_dict("records")
    ]


def _float(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _text_column(raw: pd.DataFrame, name: str) -> pd.Series:
    """A column as written, "" where the table lacks it or a cell is missing."""
    if name not in raw.columns:
        return pd.Series("", index=raw.index, dtype="str")
    return raw[name].fillna("").astype("str")


def _cell(raw: pd.DataFrame, name: str, i: int) -> str:
    """One cell as written ("" where missing), as `_column` has it."""
    if name not in raw.columns:
        return ""
    value: Any = raw[name].iat[i]
    return "" if value is None or value is pd.NA or pd.isna(value) else str(value)


def _stated(count: Count | None) -> int | None:
    """The point a parsed evidence phrase states (best, else its one bound)."""
    if count is None:
        return None
    if count.best is not None:
        return count.best
    if (count.low is None) != (count.high is None):
        return count.low if count.low is not None else count.high
    return None


def source_marks(tables: Mapping[str, Table]) -> dict[str, SourceMark]:
    """source_id -> the source's name and publication date."""
    sources = tables.get("sources")
    if sources is None or not _has(sources, ("source_id",)):
        return {}
    published = (
        sources.frame["published_on"].tolist()
        if "published_on" in sources.frame.columns
        else [None] * len(sources.frame)
    )
    publishers = _column(sources.raw, "publisher")
    marks: dict[str, SourceMark] = {}
    for i, source_id in enumerate(_column(sources.raw, "source_id")):
        name = publishers[i] or source_id
        marks.setdefault(source_id, SourceMark(source_id, name, _date(published[i])))
    return marks


_DATED = ("source_id", "date_start", "date_end")


def timeline_marks(
    tables: Mapping[str, Table], findings: Iterable[Finding]
) -> tuple[MarkList[TimelineMark], int]:
    """Dated events and figures (made when asked for), and how many rows had no usable dates
    (hypothetical figures, unparsed dates). Raises `ChartUnavailable` when neither table has
    dates."""
    severity = worst_severity(findings)
    sources = source_marks(tables)
    published = {k: v.published for k, v in sources.items()}
    parts: list[pd.DataFrame] = []
    kept: dict[str, tuple[Table, str, str]] = {}
    undated = 0
    for kind, name, key, what in (
        ("event", "events", "event_id", "kind"),
        ("figure", "figures", "figure_id", "quantity"),
    ):
        table = tables.get(name)
        if table is None or not _has(table, (key, what, *_DATED)):
            continue
        kept[kind] = (table, key, what)
        start = pd.to_datetime(table.frame["date_start"], errors="coerce").dt.normalize()
        end = pd.to_datetime(table.frame["date_end"], errors="coerce").dt.normalize()
        usable = start.notna() & end.notna() & (end >= start)
        undated += int((~usable).sum())
        ids = _text_column(table.raw, key)
        source_ids = _text_column(table.raw, "source_id")
        on = pd.to_datetime(source_ids.map(published), errors="coerce")
        parts.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "position": np.arange(len(table.frame)),
                    "source_id": source_ids,
                    "start": start,
                    "end": end,
                    "late": (end > on).fillna(False).astype(bool),
                    "rank": _ranks(ids, table.file, severity),
                }
            )[usable.to_numpy()]
        )
    if not kept:
        raise ChartUnavailable("no `events` or `figures` table with `date_start` and `date_end`")
    rows = pd.concat(parts, ignore_index=True)
    kinds, positions = rows["kind"].to_numpy(), rows["position"].to_numpy()

    def build(i: int) -> TimelineMark:
        kind, position = str(kinds[i]), int(positions[i])
        table, key, what = kept[kind]
        row_id, source_id = _cell(table.raw, key, position), _cell(table.raw, "source_id", position)
        source = sources.get(source_id)
        return TimelineMark(
            kind=kind,
            row_id=row_id,
            line=int(table.lines[position]),
            source_id=source_id,
            what=_cell(table.raw, what, position),
            start=_day_at(rows["start"], i),
            end=_day_at(rows["end"], i),
            precision=_cell(table.raw, "date_precision", position),
            published=source.published if source else None,
            severity=severity.get((table.file, row_id)),
        )

    return MarkList(rows["rank"].to_numpy(), build, lambda: timeline_summaries(rows, sources)), (
        undated
    )


def _day_at(days: pd.Series, i: int) -> dt.date:
    """The `i`-th day of a column of dated rows (only usable dates reach it)."""
    day = _date(days.iat[i])
    if day is None:
        raise ValueError(f"row {i} has no date")  # timeline_marks keeps dated rows only
    return day


def timeline_summaries(rows: pd.DataFrame, sources: Mapping[str, SourceMark]) -> list[Summary]:
    """Per source: how many dated rows, the earliest start and latest end (as day ordinals),
    how many lie after publication and how many have findings; the most errors first."""
    table = (
        rows.assign(error=rows["rank"].eq(0), warning=rows["rank"].eq(1))
        .groupby("source_id", sort=True)
        .agg(
            count=("kind", "size"), low=("start", "min"), high=("end", "max"),
            late=("late", "sum"), errors=("error", "sum"), warnings=("warning", "sum"),
        )
        .sort_values(["errors", "late", "warnings", "count"], ascending=False, kind="stable")
    )  # fmt: skip
    summaries = []
    for source_id, row in table.iterrows():  # one row per source, not per dated row
        source = sources.get(str(source_id))
        summaries.append(
            Summary(
                group=str(source_id),
                label=source.name if source else str(source_id),
                count=int(row["count"]),
                low=float(row["low"].date().toordinal()),
                middle=None,
                high=float(row["high"].date().toordinal()),
                errors=int(row["errors"]),
                warnings=int(row["warnings"]),
                late=int(row["late"]),
            )
        )
    return summaries


def select_rows(marks: Sequence[M], limit: int) -> list[M]:
    """At most `limit` marks: rows with findings first (errors, then warnings), then the rest,
    each in file order; returned in file order so the chart reads like the CSV.

    From a `MarkList` longer than `limit` the result is a `Selection` that carries the
    groups' summaries: the chart draws them beside the chosen rows and says so."""
    if isinstance(marks, MarkList):
        if len(marks) <= limit:
            return list(marks)
        chosen = np.sort(np.argsort(marks.ranks, kind="stable")[:limit])
        return Selection((marks[int(i)] for i in chosen), len(marks), marks.summaries())
    if len(marks) <= limit:
        return list(marks)
    rank = {"error": 0, "warning": 1, None: 2}
    picked = sorted(range(len(marks)), key=lambda i: (rank[marks[i].severity], i))[:limit]
    return [marks[i] for i in sorted(picked)]


def summary_caption(marks: Sequence[FigureMark] | Sequence[TimelineMark], noun: str) -> str | None:
    """What a chart summarised, in one sentence (None when it draws every row)."""
    if not isinstance(marks, Selection) or not marks.summaries:
        return None
    kind, kinds = ("quantity", "quantities") if noun == "figures" else ("source", "sources")
    return (
        f"Summarised: {marks.total:,} {noun}, {len(marks):,} drawn one by one (findings "
        f"first); a grey bar per {kind} spans all its rows (at most {MAX_SUMMARY_ROWS} "
        f"{kinds}). Every finding is in report.json and findings.csv."
    )


def quantity_order(marks: list[FigureMark], relations: Iterable[tuple[str, str]] = ()) -> list[str]:
    """Quantities in the order the chart stacks them: related ones next to each other.

    `relations` are (figure_id, other_id) pairs; the quantities of the two figures are
    neighbours, so casualties sit beside the troops they are a subset of and "etwa 6.000"
    is read against "rund 11.000" at a glance. Otherwise first appearance in the file.
    """
    quantity_of = {m.figure_id: m.quantity for m in marks}
    first = list(dict.fromkeys(m.quantity for m in marks))
    neighbours: dict[str, list[str]] = {q: [] for q in first}
    for a, b in relations:
        qa, qb = quantity_of.get(a), quantity_of.get(b)
        if qa is None or qb is None or qa == qb:
            continue
        neighbours[qa].append(qb)
        neighbours[qb].append(qa)
    order: list[str] = []

    def visit(quantity: str) -> None:
        # Depth-first, iteratively: a long chain of relations must not hit the recursion limit.
        stack = [quantity]
        while stack:
            current = stack.pop()
            if current in order:
                continue
            order.append(current)
            following = sorted(set(neighbours[current]) - set(order), key=first.index)
            stack.extend(reversed(following))

    for quantity in first:
        visit(quantity)
    return order


def relation_pairs(tables: Mapping[str, Table]) -> list[tuple[str, str]]:
    """(figure_id, other_id) of every row of the `relations` table, if there is one."""
    relations = tables.get("relations")
    if relations is None or not _has(relations, ("figure_id", "other_id")):
        return []
    raw = relations.raw
    return [(str(a), str(b)) for a, b in zip(raw["figure_id"], raw["other_id"], strict=True)]


# --------------------------------------------------------------------------------------------
# Drawing.


def _matplotlib() -> Any:
    """Import matplotlib on first use, headless. Raises `ChartUnavailable` without it."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ChartUnavailable(
            "matplotlib is not installed (pip install 'factgate[charts]'); "
            "the tables below hold the same data"
        ) from exc
    if "matplotlib.pyplot" not in sys.modules:
        # Never a GUI backend: a report is drawn on CI machines without a display.
        matplotlib.use("Agg")
    return matplotlib


def _rc(key: str) -> dict[str, Any]:
    """Settings that make the SVG the same on every run and keep dataset text as text."""
    return {
        "svg.hashsalt": f"factgate-{key}",  # stable element IDs instead of random ones
        "svg.fonttype": "none",  # text stays text: smaller, searchable, escaped by the writer
        "text.parse_math": False,  # a `$` in a claimant's name is a dollar, not TeX
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: same layout everywhere
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "path.simplify": True,
    }


def _svg_of(figure: Any) -> str:
    # No bbox_inches="tight": the constrained layout already fits the figure, and "tight"
    # draws the whole figure once more only to measure it (a third of a chart's cost).
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count_label(value: float, _position: float = 0) -> str:
    """Tick labels: 1, 10, 100, 1,000, 10k, 1M (no TeX, readable in any language)."""
    if value <= 0:
        return ""
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e4, "k")):
        if value >= size:
            divisor = 1e3 if suffix == "k" else size  # 10,000 is "10k", not "1k"
            return f"{value / divisor:,.0f}{suffix}"
    return f"{value:,.0f}"


def draw_figures(marks: list[FigureMark], order: list[str], title: str) -> str:
    """Every figure as its interval and point estimate on one log axis, one row each,
    grouped by quantity (in `order`) and, within a quantity, by claimant.

    Given a `Selection` (more figures than a chart can show), each quantity also gets a
    grey summary row spanning all its figures, and the chart says what it summarised."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    summaries = marks.summaries if isinstance(marks, Selection) else []
    values: list[float] = [
        v for m in marks for v in (m.low, m.best, m.high) if v is not None and v > 0
    ]
    values += [v for s in summaries for v in (s.low, s.high) if v is not None and v > 0]
    if not marks or not values:
        raise ChartUnavailable("no figure has a number to draw")
    left = 10 ** math.floor(math.log10(min(values) / 2))
    right = 10 ** math.ceil(math.log10(max(values) * 60))

    of_quantity: dict[str, list[Summary]] = {}
    for summary in summaries:
        of_quantity.setdefault(summary.group, []).append(summary)
    rows: list[tuple[float, FigureMark | Summary]] = []
    headers: list[tuple[float, str]] = []
    y = 0.0
    quantities = list(dict.fromkeys([*order, *(m.quantity for m in marks), *of_quantity]))
    rank = {q: i for i, q in enumerate(quantities)}
    grouped: dict[str, list[FigureMark]] = {}
    for mark in sorted(marks, key=lambda m: (rank[m.quantity], m.claimant, m.figure_id)):
        grouped.setdefault(mark.quantity, []).append(mark)
    for quantity in quantities:
        members, summed = grouped.get(quantity, []), of_quantity.get(quantity, [])
        if not members and not summed:
            continue
        y += 0.4 if headers else 0.0
        unit = members[0].unit if members else ""
        headers.append((y, f"{quantity} ({unit})" if unit else (summed[0].label)))
        y += 0.8
        group: list[FigureMark | Summary] = [*summed, *members]
        for row in group:
            rows.append((y, row))
            y += 1.0
    caption = summary_caption(marks, "figures")

    with matplotlib.rc_context(_rc("figures")):
        figure = Figure(figsize=(9, 0.9 + 0.26 * y), layout="constrained")
        ax = figure.add_subplot()
        ax.set_xscale("log")
        ax.set_xlim(left, right)
        ax.set_ylim(y - 0.4, -0.9)
        ax.xaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.xaxis.set_major_formatter(FuncFormatter(_count_label))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.grid(axis="x", color="#d8d8d8", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        for header_y, text in headers:
            ax.text(
                0.0,
                header_y,
                text,
                transform=ax.get_yaxis_transform(),
                fontweight="bold",
                va="center",
                ha="left",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            ).set_in_layout(False)  # a heading may run over the plot; it must not shrink it
        for row_y, row in rows:
            if isinstance(row, Summary):
                _draw_summary_row(ax, row_y, row, f"{row.count:,} figures")
            else:
                _draw_figure_row(ax, row_y, row, left, right)
        ax.set_yticks([row_y for row_y, _ in rows], [_figure_tick(m) for _, m in rows])
        ax.set_xlabel("count (log scale)")
        legend = [
            Line2D([], [], marker="o", linestyle="none", color="#333", label="exact"),
            Line2D([], [], marker="D", linestyle="none", color="#333", label="approx (best)"),
            Line2D(
                [], [], marker=">", linestyle="-", color="#333", label="lower bound, open above"
            ),
            Line2D(
                [], [], marker="<", linestyle="-", color="#333", label="upper bound, open below"
            ),
            Line2D([], [], marker="|", linestyle="-", color="#333", label="range"),
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="white",
                linestyle="none",
                color="#333",
                label="hypothetical (hollow)",
            ),
        ]
        figure.legend(
            handles=legend,
            loc="outside lower center",
            ncols=3,
            frameon=False,
            fontsize=8,
        )
        _titles(figure, title, caption)
        return _svg_of(figure)


def _figure_tick(row: FigureMark | Summary) -> str:
    if isinstance(row, Summary):
        return "all figures (summary)" if row.label == row.group else f"all · {row.label}"
    return _clip(f"{row.claimant} · {row.subject}" if row.subject else row.claimant, 46)


def _titles(figure: Any, title: str, caption: str | None) -> None:
    """The chart's title and, when it summarised, the sentence saying what: inside the SVG,
    so the chart says it wherever it is shown."""
    lines = [title] if title else []
    if caption:
        lines += textwrap.wrap(caption, 120)
    if lines:
        figure.suptitle("\n".join(lines), x=0.01, ha="left", fontsize=10 if title else 8)


def _draw_summary_row(ax: Any, y: float, summary: Summary, what: str) -> None:
    """A group's spread as a grey bar from its lowest to its highest row, a tick at its
    median, and how many rows it stands for and how many have findings."""
    if summary.low is None or summary.high is None:
        ax.text(0.0, y, f"  {what}: no number to draw", va="center", color="#666",
                transform=ax.get_yaxis_transform())  # fmt: skip
        return
    ax.plot([summary.low, summary.high], [y, y], color="#888", linewidth=6, alpha=0.45,
            solid_capstyle="butt")  # fmt: skip
    if summary.middle is not None:
        ax.plot([summary.middle], [y], marker="|", markersize=10, color="#444")
    label = f"{what}: {_amount(summary.low)}–{_amount(summary.high)}"
    if summary.middle is not None:
        label += f", median {_amount(summary.middle)}"
    label += _found(summary)
    ax.annotate(label, xy=(summary.high, y), xytext=(8, 0), textcoords="offset points",
                va="center", ha="left", color="#333", fontstyle="italic")  # fmt: skip


def _amount(value: float) -> str:
    return f"{value:,.0f}"


def _found(summary: Summary) -> str:
    parts = []
    if summary.late:
        parts.append(f"{summary.late:,} after publication")
    if summary.errors:
        parts.append(f"{summary.errors:,} errors")
    if summary.warnings:
        parts.append(f"{summary.warnings:,} warnings")
    return (" · " + ", ".join(parts)) if parts else ""


def _draw_figure_row(ax: Any, y: float, mark: FigureMark, left: float, right: float) -> None:
    colour = _COLOURS.get(mark.severity, _COLOURS[None])
    hollow = mark.stage == "hypothetical"
    face = "white" if hollow else colour
    point = mark.point
    low = mark.low if mark.low and mark.low > 0 else None
    high = mark.high if mark.high and mark.high > 0 else None
    style = {"color": colour, "linewidth": 1.6, "solid_capstyle": "butt"}
    if mark.hedge == "range" and low and high:
        ax.plot([low, high], [y, y], marker="|", markersize=9, **style)
        anchor = float(high)
    elif mark.hedge in _LOWER_HEDGES and low:
        ax.annotate(
            "",
            xy=(right, y),
            xytext=(low, y),
            arrowprops={"arrowstyle": "-|>", "color": colour, "linestyle": "--", "lw": 1.2},
        )
        ax.plot([low], [y], marker=">", markersize=8, color=colour, markerfacecolor=face)
        anchor = float(low)
    elif mark.hedge in _UPPER_HEDGES and high:
        ax.annotate(
            "",
            xy=(left, y),
            xytext=(high, y),
            arrowprops={"arrowstyle": "-|>", "color": colour, "linestyle": "--", "lw": 1.2},
        )
        ax.plot([high], [y], marker="<", markersize=8, color=colour, markerfacecolor=face)
        anchor = float(high)
    elif point is not None and point > 0:
        if low and high and low != high:
            ax.plot([low, high], [y, y], **style)
        marker = _MARKERS.get(mark.hedge, "X")
        ax.plot([point], [y], marker=marker, markersize=7, color=colour, markerfacecolor=face)
        anchor = float(point)
    else:
        ax.text(left, y, "  no number to draw", va="center", color=colour, fontstyle="italic")
        return
    label = mark.label or (f"{point:,}" if point is not None else "")
    if mark.label and mark.stated is not None and point is not None and mark.stated != point:
        label += f" · row: {point:,}"  # drawn where the row puts it, not where the words do
    if hollow:
        label += " (hypothetical)"
    label += _TAGS.get(mark.severity, "")
    ax.annotate(
        _clip(label, 60),
        xy=(anchor, y),
        xytext=(8, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        color=colour,
        zorder=5,
        fontweight="bold" if mark.severity == "error" else "normal",
        # White behind the words: an open bound's arrow runs on underneath, not through them.
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
    )


def draw_timeline(marks: list[TimelineMark], sources: Mapping[str, SourceMark], title: str) -> str:
    """Events and dated figures as bars (a span) or points (a day), grouped by source, each
    source's publication date a dashed line: what lies right of it was dated in the future.

    Given a `Selection` (more dated rows than a chart can show), each source also gets a grey
    summary row spanning all its rows, and the chart says what it summarised."""
    matplotlib = _matplotlib()
    mdates: Any = importlib.import_module("matplotlib.dates")  # partly typed: date2num is not
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory as blended

    if not marks:
        raise ChartUnavailable("no event or figure has usable dates")
    one_day = dt.timedelta(days=1)
    summaries = marks.summaries if isinstance(marks, Selection) else []
    of_source = {summary.group: summary for summary in summaries}
    days = [d for m in marks for d in (m.start, m.end)]
    days += [m.published for m in marks if m.published is not None]
    days += [dt.date.fromordinal(int(v)) for s in summaries for v in (s.low, s.high) if v]
    days += [p for s in summaries if (p := _published(sources, s.group)) is not None]
    span = max(days) - min(days)
    pad = max(dt.timedelta(days=3), span / 8)
    left, right = min(days) - pad, max(days) + pad + span / 3 + dt.timedelta(days=10)

    by_source: dict[str, list[TimelineMark]] = {source_id: [] for source_id in of_source}
    for mark in marks:
        by_source.setdefault(mark.source_id, []).append(mark)
    rows: list[tuple[float, TimelineMark | Summary]] = []
    blocks: list[tuple[float, float, str, dt.date | None]] = []
    y = 0.0
    for source_id in sorted(by_source):
        source = sources.get(source_id)
        if blocks:
            y += 0.4
        top = y
        y += 0.8
        if source_id in of_source:
            rows.append((y, of_source[source_id]))
            y += 1.0
        for mark in sorted(by_source[source_id], key=lambda m: (m.start, m.end, m.row_id)):
            rows.append((y, mark))
            y += 1.0
        name = source.name if source else source_id
        published = source.published if source else None
        header = _clip(f"{name} · {source_id}", 80)
        if published is not None:
            header += f"  –  published {published.isoformat()} (dashed line)"
        blocks.append((top, y - 0.5, header, published))

    with matplotlib.rc_context(_rc("timeline")):
        figure = Figure(figsize=(9, 1.1 + 0.26 * y), layout="constrained")
        ax = figure.add_subplot()
        ax.set_ylim(y - 0.4, -0.9)
        ax.set_xlim(mdates.date2num(left), mdates.date2num(right))
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        # Month starts read "May 2025" and no offset text floats below the axis.
        zero_formats = ["", "%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M"]
        ax.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(locator, zero_formats=zero_formats, show_offset=False)
        )
        ax.grid(axis="x", color="#d8d8d8", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        for top, bottom, label, published in blocks:
            # A source heads its block from the figure's left edge, across the row labels.
            ax.text(
                0.005,
                top,
                label,
                transform=blended(figure.transFigure, ax.transData),
                fontweight="bold",
                va="center",
                ha="left",
            ).set_in_layout(False)
            if published is not None:
                x = mdates.date2num(published + one_day)  # the end of the publication day
                ax.vlines(x, top + 0.4, bottom, colors="#444", linestyles="--", linewidth=1)
        for row_y, row in rows:
            if isinstance(row, Summary):
                _draw_span_summary(ax, row_y, row, mdates.date2num)
                continue
            mark = row
            colour = _COLOURS.get(mark.severity, _COLOURS[None])
            start = mdates.date2num(mark.start)
            end = mdates.date2num(mark.end + one_day)  # a day is drawn as the whole day
            marker = "s" if mark.kind == "event" else "o"
            if mark.end > mark.start:
                ax.plot([start, end], [row_y, row_y], color=colour, linewidth=5, alpha=0.55)
            middle = (start + end) / 2 if mark.end == mark.start else start
            ax.plot([middle], [row_y], marker=marker, markersize=6, color=colour)
            text = mark.when
            if mark.after_publication:
                text += " · after publication"
            text += _TAGS.get(mark.severity, "")
            ax.annotate(
                text,
                xy=(end, row_y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                color=colour,
                fontweight="bold" if mark.severity == "error" else "normal",
            )
        ax.set_yticks([row_y for row_y, _ in rows], [_timeline_tick(m) for _, m in rows])
        legend = [
            Line2D([], [], marker="s", linestyle="none", color="#333", label="event"),
            Line2D([], [], marker="o", linestyle="none", color="#333", label="figure"),
            Line2D([], [], color="#333", alpha=0.55, linewidth=5, label="period (start to end)"),
            Line2D([], [], color="#444", linestyle="--", label="source published"),
        ]
        figure.legend(handles=legend, loc="outside lower center", ncols=4, frameon=False)
        _titles(figure, title, summary_caption(marks, "dated rows"))
        return _svg_of(figure)


def _published(sources: Mapping[str, SourceMark], source_id: str) -> dt.date | None:
    source = sources.get(source_id)
    return source.published if source else None


def _timeline_tick(row: TimelineMark | Summary) -> str:
    if isinstance(row, Summary):
        return "all dated rows (summary)"
    return _clip(f"{row.kind} · {row.what} · {row.row_id}", 58)


def _draw_span_summary(ax: Any, y: float, summary: Summary, date2num: Any) -> None:
    """A source's dated rows as one grey bar from the earliest start to the latest end."""
    if summary.low is None or summary.high is None:
        return  # a source's summary comes from its dated rows: never without dates
    first = dt.date.fromordinal(int(summary.low))
    last = dt.date.fromordinal(int(summary.high))
    start, end = date2num(first), date2num(last + dt.timedelta(days=1))
    ax.plot([start, end], [y, y], color="#888", linewidth=6, alpha=0.45, solid_capstyle="butt")
    label = f"{summary.count:,} dated rows: {first.isoformat()} – {last.isoformat()}"
    ax.annotate(label + _found(summary), xy=(end, y), xytext=(6, 0), textcoords="offset points",
                va="center", ha="left", color="#333", fontstyle="italic")  # fmt: skip


# --------------------------------------------------------------------------------------------
# Inlining.


def inline_svg(svg_text: str, key: str, label: str) -> Markup:
    """Matplotlib's SVG made fit to sit inside the HTML page, and proven harmless.

    The document is parsed and written out again by ElementTree, which escapes every text and
    attribute value, so what reaches the page is well-formed markup whatever the dataset
    held. Element IDs get the chart's `key` as prefix (two charts on one page must not share
    a clip path), the `<style>` and metadata go (the page styles charts), width and height
    go (CSS scales the chart by its viewBox), and an element or attribute that is not
    drawing (script, event handler, outside link) fails the chart rather than the reader.
    """
    root = ET.fromstring(svg_text.encode("utf-8"))
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise ValueError(f"not an SVG document: <{root.tag}>")
    _prune(root)
    for element in root.iter():
        name = element.tag.removeprefix(f"{{{_SVG_NS}}}")
        if name not in _SVG_ELEMENTS:
            raise ValueError(f"unexpected <{name}> in chart SVG")
        # Plain names: inside HTML the parser puts <svg> and its children in the SVG namespace.
        element.tag = name
        for attribute in list(element.attrib):
            value = element.attrib.pop(attribute)
            attribute = "href" if attribute == f"{{{_XLINK_NS}}}href" else attribute
            if attribute.lower().startswith("on") or "{" in attribute:
                raise ValueError(f"unexpected attribute {attribute!r} in chart SVG")
            if attribute == "href":
                if not value.startswith("#"):
                    raise ValueError(f"chart SVG links outside itself: {value!r}")
                value = f"#{key}-{value[1:]}"
            elif attribute == "id":
                value = f"{key}-{value}"
            else:
                value = _URL_REF.sub(lambda m: f"url(#{key}-{m.group(1)})", value)
            element.set(attribute, value)
    for attribute in ("width", "height", "version"):
        root.attrib.pop(attribute, None)
    root.set("xmlns", _SVG_NS)
    root.set("role", "img")
    root.set("aria-labelledby", f"{key}-title")
    title = ET.Element("title", id=f"{key}-title")
    title.text = label
    root.insert(0, title)
    text = ET.tostring(root, encoding="unicode")
    return Markup(text)  # re-serialised by ElementTree above: every value is escaped


def _prune(element: ET.Element) -> None:
    for child in list(element):
        if child.tag.removeprefix(f"{{{_SVG_NS}}}") in _DROPPED_ELEMENTS:
            element.remove(child)
        else:
            _prune(child)
