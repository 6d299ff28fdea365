"""`index.html`: the report a person reads, rendered by Jinja2 with autoescape on.

Everything from the dataset is untrusted text (an article quote can hold `<script>`), so no HTML
is built in Python: `view.build_page` prepares plain view-model objects and the template escapes
them. The page is one file (CSS inline, charts as inline SVG, no script, no font or image from
anywhere), so it opens from a CI artifact or an e-mail attachment as it is.
"""

from __future__ import annotations

import jinja2

from factgate.report.context import ReportContext
from factgate.report.view import Limits, PageView, build_page

#: Findings listed per rule; the rest are in report.json and findings.csv.
FINDINGS_PER_RULE = Limits.per_rule


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("factgate.report", "templates"),
        autoescape=True,  # every file, whatever its extension: CSS is included, data is not
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(page: PageView, gx_docs: bool = False) -> str:
    """Render a prepared view (tests build views by hand).

    `gx_docs`: the report folder holds Great Expectations Data Docs (`factgate gx` ran), so
    the page links them.
    """
    template = _environment().get_template("report.html.j2")
    return template.render(page=page, gx_docs=gx_docs)


def render_html(context: ReportContext, limits: Limits | None = None, gx_docs: bool = False) -> str:
    """Render the page for a validation; `limits` bounds how many findings it lists."""
    return render_page(build_page(context, limits), gx_docs)
