"""`index.html`: the report a person reads, rendered by Jinja2 with autoescape on.

Everything from the dataset is untrusted text (an article quote can hold `<script>`), so no HTML
is built in Python: the writer prepares plain view-model objects and the template escapes them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import jinja2

from factgate.findings import Finding
from factgate.report.context import ReportContext
from factgate.validate import RuleResult

#: Findings shown per rule; the rest are in report.json and findings.csv.
FINDINGS_PER_RULE = 200


@dataclass
class RuleView:
    """A rule with the findings the page shows for it."""

    rule: RuleResult
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.findings)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("factgate.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(context: ReportContext, per_rule: int = FINDINGS_PER_RULE) -> str:
    """Render the page; at most `per_rule` findings of each rule are listed."""
    validation = context.validation
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in validation.findings:
        grouped[finding.rule].append(finding)
    views = [
        RuleView(rule, grouped[rule.id][:per_rule], len(grouped[rule.id]))
        for rule in validation.rules
    ]
    template = _environment().get_template("report.html.j2")
    return template.render(
        verdict=validation.verdict,
        summary=validation.summary(),
        commit=context.commit,
        root_name=validation.root.name,
        rules=views,
        failing=[view for view in views if view.total],
        texts_dir=validation.texts_dir.name if validation.texts_dir else None,
    )
