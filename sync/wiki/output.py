"""The wiki plan and report as text for a terminal, as Markdown for a pull-request comment, and
as JSON for tools."""

from __future__ import annotations

from sync.wiki.plan import Action, FileChange, PageChange, WikiPlan, removes
from sync.wiki.report import Outcome, WikiReport
from sync.wiki.unchanged import json_text
from wikipk.report_markdown import cell, code, details, table

FORMATS = ("text", "markdown", "json")
"""The formats ``wikipk publish wiki`` prints a plan and a report in."""

_ORDER = (
    Action.CREATE,
    Action.UPDATE,
    Action.MOVE,
    Action.DRIFT,
    Action.BLOCKED,
    Action.REMOVE,
    Action.UPLOAD,
    Action.UNCHANGED,
)


def counts_line(plan: WikiPlan) -> str:
    """``3 create, 1 update, ...`` for every action that occurs."""
    parts = [f"{plan.count(action)} {action.value}" for action in _ORDER if plan.count(action)]
    return ", ".join(parts) if parts else "nothing to publish"


def _describe(change: PageChange, plan: WikiPlan) -> str:
    text = f"{change.action.value:9} {change.title}"
    if change.old_title:
        text = f"{change.action.value:9} {change.old_title} -> {change.title}"
        if change.text_changed:
            text += " (and update)"
    if change.path:
        text += f"  [{change.path}]"
    if change.language:
        text += f"  (page language: {change.language})"
    if removes(change):
        text += "  (delete)" if plan.prune else "  (mark for review)"
    if change.reason and change.action in (Action.DRIFT, Action.BLOCKED):
        text += f"\n          {change.reason}"
        if change.action is Action.DRIFT:
            text += "; kept" if not plan.force else "; overwritten (--force)"
    return text


def plan_text(plan: WikiPlan, verbose: bool = False) -> str:
    """The plan for a terminal: one line per change, diffs of updates and drift.

    Args:
        plan: the plan.
        verbose: also list unchanged pages.
    """
    lines = [f"Wiki plan for {plan.wiki}: {counts_line(plan)}"]
    for upload in plan.files:
        version = " (new version)" if upload.new_version else ""
        lines.append(f"{upload.action.value:9} File:{upload.name}{version}  [{upload.source}]")
        if upload.reason:
            kept = "; overwritten (--force)" if plan.force else "; kept"
            lines.append(f"          {upload.reason}{kept}")
    for change in plan.pages:
        if change.action is Action.UNCHANGED and not (verbose or change.language):
            continue
        lines.append(_describe(change, plan))
        if change.diff:
            lines.extend("          " + line for line in change.diff.splitlines())
    return "\n".join(lines)


def plan_markdown(plan: WikiPlan) -> str:
    """The plan as Markdown, for a pull-request comment or a job summary."""
    lines = [f"### Wiki Pakistan: {counts_line(plan)}", ""]
    changed = [c for c in plan.pages if c.action is not Action.UNCHANGED]
    if changed or plan.files:
        rows = [[_action_cell(f, plan), cell(f"File:{f.name}"), code(f.source)] for f in plan.files]
        rows += [[_action_cell(c, plan), _page_cell(c), code(c.path)] for c in changed]
        lines += table(["change", "page", "document"], rows)
    for c in changed:
        if c.diff:
            lines += details(f"{c.action.value}: {c.title}", c.diff, "diff")
    return "\n".join(lines)


def _action_cell(change: PageChange | FileChange, plan: WikiPlan) -> str:
    if isinstance(change, PageChange) and change.action is Action.REMOVE:
        return "remove (delete)" if plan.prune else "remove (mark for review)"
    if change.action is Action.DRIFT:
        return "drift (overwritten: --force)" if plan.force else "drift (kept)"
    return str(change.action.value)


def _page_cell(change: PageChange) -> str:
    if change.old_title:
        return f"{cell(change.old_title)} → {cell(change.title)}"
    return cell(change.title)


def report_text(report: WikiReport) -> str:
    """What applying did: problems first, then the counts."""
    lines = []
    for result in report.results:
        if result.outcome is not Outcome.DONE:
            lines.append(
                f"{result.outcome.value}: {result.action.value} {result.title}: {result.detail}"
            )
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    lines.append(f"Applied: {counts or 'nothing to do'}")
    return "\n".join(lines)


def plan_output(plan: WikiPlan, output_format: str) -> str:
    """The plan as ``wikipk publish wiki`` prints it in ``output_format`` (text, markdown, json)."""
    if output_format == "json":
        return json_text(plan.to_json())
    return plan_markdown(plan) if output_format == "markdown" else plan_text(plan)


def report_output(report: WikiReport, output_format: str) -> str | None:
    """The report as ``wikipk publish wiki`` prints it (None: markdown prints no report)."""
    if output_format == "json":
        return json_text(report.to_json())
    return report_text(report) if output_format == "text" else None
