"""Errors that decide the exit status, kept free of heavy imports so the CLI starts fast."""

from __future__ import annotations

#: Where a project declares its tables, relative to the project root.
DATAPACKAGE = "data/datapackage.json"


class UsageError(Exception):
    """The tool cannot run as asked (no such root, no schema for a table): exit status 2."""
