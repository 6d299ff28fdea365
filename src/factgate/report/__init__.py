"""Report writers: JSON for machines, HTML for people, JUnit for CI, workflow commands for
GitHub. Each writer takes the same `Validation`; `write_reports` writes them all atomically."""

from factgate.report.writer import write_reports

__all__ = ["write_reports"]
