"""`junit.xml`: one test case per rule, so CI systems list the rules as tests.

A rule with error findings is a failure (the findings in its message and body); a rule that
could not run is skipped with the reason; warnings are kept in `system-out` of a passing case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from factgate.findings import Finding
from factgate.validate import Validation


def render_junit(validation: Validation, suite_name: str = "factgate") -> str:
    """The JUnit XML document as text."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in validation.findings:
        by_rule[finding.rule].append(finding)
    failures = sum(rule.errors > 0 for rule in validation.rules)
    skipped = sum(rule.status == "skipped" for rule in validation.rules)
    suites = ET.Element("testsuites", name=suite_name)
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=suite_name,
        tests=str(len(validation.rules)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    for rule in validation.rules:
        case = ET.SubElement(
            suite, "testcase", classname=f"{suite_name}.{rule.origin}", name=rule.id
        )
        found = by_rule.get(rule.id, [])
        errors = [f for f in found if f.severity == "error"]
        warnings = [f for f in found if f.severity == "warning"]
        if errors:
            failure = ET.SubElement(
                case,
                "failure",
                type="error",
                message=f"{len(errors)} error(s), first: {_line(errors[0])}",
            )
            failure.text = "\n".join(_line(f) for f in errors)
        elif rule.status == "skipped":
            ET.SubElement(case, "skipped", message=rule.skipped_reason or "skipped")
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_line(f) for f in warnings)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _line(finding: Finding) -> str:
    row = f" [{finding.row_id}]" if finding.row_id else ""
    return f"{finding.file}:{finding.line}{row} {finding.severity}: {finding.message}"
