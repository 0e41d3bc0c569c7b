"""A Report as JUnit XML, the test-result format CI systems (GitLab, Jenkins, GitHub
Actions' reporters) show: one test case per check, failed when it made a finding at
or above the severity that fails the run."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .._core.finding import SEVERITY_RANK
from .._core.report import Report

#: Characters XML 1.0 cannot hold (control characters but tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", str(value))


def junit_xml(report: Report, *, fail_on: str | None = "critical", checks: Iterable[str] = ()) -> str:
    """The report as a JUnit ``<testsuite>``.

    Parameters
    ----------
    fail_on : {"info", "warning", "critical"} or None
        A check with a finding at or above this severity is a failed test case;
        its other findings are listed in the case's output. None fails nothing.
    checks : iterable of str
        Checks that ran: those without findings appear as passed test cases.
    """
    limit = SEVERITY_RANK[fail_on] if fail_on else -1
    by_check: dict[str, list] = {check: [] for check in checks}
    for finding in report.findings:
        by_check.setdefault(finding.check, []).append(finding)
    failed = sum(any(SEVERITY_RANK[f.severity] <= limit for f in found) for found in by_check.values())
    suite = ET.Element("testsuite", name=_text(f"mlqa: {report.title}"), tests=str(len(by_check)),
                       failures=str(failed), errors="0", skipped="0")
    for check, found in by_check.items():
        case = ET.SubElement(suite, "testcase", classname=f"mlqa.{report.kind}", name=check)
        failing = [f for f in found if SEVERITY_RANK[f.severity] <= limit]
        if failing:
            element = ET.SubElement(case, "failure", message=_text(failing[0].message),
                                    type=failing[0].severity)
            element.text = _text("\n".join(f"[{f.severity}] {f.message}" for f in failing))
        rest = [f for f in found if f not in failing]
        if rest:
            ET.SubElement(case, "system-out").text = _text("\n".join(f"[{f.severity}] {f.message}" for f in rest))
    if report.silenced:
        ET.SubElement(suite, "system-out").text = _text(
            "silenced: " + "; ".join(f"[{f.severity}] {f.message}" for f in report.silenced))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
