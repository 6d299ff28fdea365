"""`junit.xml`: one test case per rule, so CI systems list the rules as tests.

A rule with error findings is a failure (the count and first finding in its message, every
error finding in its body); a rule that could not run is skipped with the reason; warnings are
kept in `system-out` of a passing case. A rule that ran but skipped a part (a source without
its text) keeps its verdict and says so: a `skipped-in-part` property and a line in
`system-out`, the same reasons the terminal and the other reports give. The shape is the
common one that Jenkins, GitLab, GitHub test reporters and junitparser read: `testsuites` >
`testsuite` > `testcase`, counts on both levels.

Findings quote cells, and a cell may hold what XML 1.0 cannot (the clean-text rule exists to
find control characters): such characters are written as `\\x07`-style escapes, so the file
stays well-formed and the reader still sees what was there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from factgate.findings import Finding
from factgate.report.skips import rule_skips
from factgate.validate import Validation

#: Characters XML 1.0 does not allow, even escaped (C0 controls but TAB, LF, CR; surrogates;
#: U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A failure's `message` attribute holds the first finding; the body holds them all.
_MESSAGE_CHARS = 500


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by a visible escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_junit(validation: Validation, suite_name: str = "factgate") -> str:
    """The JUnit XML document as text."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in validation.findings:
        by_rule[finding.rule].append(finding)
    counts = {
        "tests": str(len(validation.rules)),
        "failures": str(sum(rule.errors > 0 for rule in validation.rules)),
        "errors": "0",
        "skipped": str(sum(rule.status == "skipped" for rule in validation.rules)),
        "time": "0",  # no clock: two runs on one dataset give the same file
    }
    in_part: dict[str, list[str]] = defaultdict(list)
    for skip in rule_skips(validation):
        if skip.scope == "part":
            in_part[skip.rule].append(skip.reason)
    suites = ET.Element("testsuites", {"name": suite_name, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": suite_name, **counts})
    for rule in validation.rules:
        case = ET.SubElement(
            suite, "testcase", classname=f"{suite_name}.{rule.origin}", name=rule.id, time="0"
        )
        found = by_rule.get(rule.id, [])
        partial = in_part.get(rule.id, [])
        if partial:
            properties = ET.SubElement(case, "properties")
            for reason in partial:
                ET.SubElement(
                    properties, "property", name="skipped-in-part", value=xml_text(reason)
                )
        errors = [f for f in found if f.severity == "error"]
        warnings = [f for f in found if f.severity == "warning"]
        if errors:
            first = _line(errors[0])
            if len(first) > _MESSAGE_CHARS:
                first = first[:_MESSAGE_CHARS] + "…"
            failure = ET.SubElement(
                case,
                "failure",
                type="error",
                message=xml_text(f"{len(errors)} error(s), first: {first}"),
            )
            failure.text = xml_text("\n".join(_line(f) for f in errors))
        elif rule.status == "skipped":
            ET.SubElement(case, "skipped", message=xml_text(rule.skipped_reason or "skipped"))
        if warnings or partial:
            out = ET.SubElement(case, "system-out")
            lines = [f"skipped in part: {reason}" for reason in partial]
            out.text = xml_text("\n".join([*lines, *(_line(f) for f in warnings)]))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _line(finding: Finding) -> str:
    """`file:line [row] severity: message`, the form CI logs and editors link."""
    row = f" [{finding.row_id}]" if finding.row_id else ""
    label = f" ({finding.label})" if finding.label else ""
    return f"{finding.file}:{finding.line}{row} {finding.severity}{label}: {finding.message}"
