"""The documentation of the rules the engine itself enforces while reading files."""

from __future__ import annotations

from factgate.exceptions import STALE_DOC, UNUSED_DOC
from factgate.relational import FOREIGN_KEY_DOC, ORPHAN_DOC

#: rule ID -> (severity, docstring). Shown in the report's rule table; one JUnit case each.
ENGINE_RULES: dict[str, tuple[str, str]] = {
    "datapackage": (
        "error",
        """`data/datapackage.json` is valid JSON describing every table.

Why: the descriptor tells factgate (and any Frictionless tool) which tables exist, their keys
and their references; without it nothing can be checked.
Fails: a trailing comma in the JSON. Passes: the descriptor as shipped.""",
    ),
    "csv-missing-file": (
        "error",
        """Every table the Data Package declares has its CSV file.

Why: a deleted file silently drops every figure in it.
Fails: `data/events.csv` removed. Passes: the file exists, with at least its header line.""",
    ),
    "csv-encoding": (
        "error",
        """A CSV file is UTF-8 text.

Why: a file saved as Latin-1 by a spreadsheet turns "Särge" into mojibake for every reader.
Fails: the byte 0xE4 (Latin-1 "ä"). Passes: the file saved as "CSV UTF-8".""",
    ),
    "csv-empty-file": (
        "error",
        """A CSV file has at least its header line.

Why: an empty file is a table whose columns nobody can know.
Fails: a 0-byte `figures.csv`. Passes: a header line and no rows (an empty table).""",
    ),
    "csv-no-rows": (
        "error",
        """A table the dataset cannot do without holds at least one row.

Why: a header-only `figures.csv` (a bad export, a merge that kept only the first line) would
pass every other rule while the dataset says nothing. Which tables need rows is data: the Data
Package marks them with `"factgate": {"rows": "required"}` (sources, actors, figures); other
tables, such as retractions or exceptions, are often rightly empty.
Fails: `figures.csv` holding only its header. Passes: the header and one figure.""",
    ),
    "csv-header": (
        "error",
        """The header names each expected column exactly once, comma-separated.

Why: checks read columns by name. A padded, unknown or unnamed label still lets the columns be
told apart, so the cells are checked as well; a missing or doubled expected column (or a
`;`-separated header) stops the cell checks of that table, while every row is still scanned
for blank, ragged and quoting defects in the same run.
Fails: `figure_id;source_id;...` (a German spreadsheet export).
Passes: `figure_id,source_id,...`.""",
    ),
    "csv-structure": (
        "error",
        """The CSV's quoting is well formed.

Why: an unclosed quote would swallow the rest of the file into one cell, and text after a
closing quote makes the cell ambiguous. The defect is reported where its row starts and reading
resumes on the next line, so only that row is lost.
Fails: `"rund 11.000` with no closing quote. Passes: `"rund 11.000"`.""",
    ),
    "csv-ragged-row": (
        "error",
        """Every row has as many cells as the header.

Why: a short or long row shifts values into the wrong columns.
Fails: `1,5 Millionen` unquoted in a cell (two cells). Passes: `"1,5 Millionen"`.""",
    ),
    "csv-blank-row": (
        "error",
        """No empty line and no row of empty cells between the rows of a table.

Why: a spreadsheet leaves `,,,,` behind when rows are cleared instead of deleted, and an empty
line often marks a row that was cut by mistake; either way it is no row, and it says nothing.
Empty lines at the very end of a file are harmless (editors add them) and are not reported.
Fails: an empty line, or `,,,,`, between two rows. Passes: the rows one after another.""",
    ),
    "cell-type": (
        "error",
        """A number is a whole number in digits; a date is YYYY-MM-DD; a flag is true/false.

Why: "6.000" is six in a program and six thousand to a German reader; the dataset must hold
one unambiguous form.
Fails: `value_best` = `6.000`, `date_start` = `30.6.2025`. Passes: `6000`, `2025-06-30`.""",
    ),
    "foreign-key": ("error", FOREIGN_KEY_DOC),
    "orphan-row": ("warning", ORPHAN_DOC),
    "stale-exception": ("error", STALE_DOC),
    "exception-unused": ("warning", UNUSED_DOC),
}
