"""The YouTube plan as Markdown, for a pull-request comment or a job summary.

The text form is :meth:`sync.youtube.plan.YouTubePlan.to_text`; this one carries the same facts
(problems, calls with their cost, notes, the total against the budget) as a table.
"""

from __future__ import annotations

from sync.youtube.plan import OFFLINE_HEADLINE, OFFLINE_TITLE, YouTubePlan
from wikipk.report_markdown import cell, code, table


def plan_markdown(plan: YouTubePlan) -> str:
    """The priced plan: one row per call, reads first, then changes and possible updates."""
    if plan.offline:
        lines = [f"### {OFFLINE_TITLE}", "", f"> {OFFLINE_HEADLINE}", ""]
    else:
        lines = [f"### YouTube plan for channel {cell(plan.channel.title)} ({plan.channel.id})", ""]
    if plan.problems:
        lines.append("Cited videos readers cannot watch:")
        lines.append("")
        lines += [
            f"- {code(f'{p.path}:{p.line}:{p.column}')} {p.rule.value}: {cell(p.message)}"
            for p in plan.problems
        ]
        lines.append("")
    rows = [[code(call.method.value), cell(call.detail), str(call.cost)] for call in plan.reads]
    rows += [
        [code(change.method.value), cell(change.summary()), str(change.cost)]
        for change in plan.changes
    ]
    rows += [[code(call.method.value), cell(call.detail), str(call.cost)] for call in plan.possible]
    lines += table(["call", "what", "units"], rows)
    lines.append("")
    lines += [f"- note: {cell(note)}" for note in plan.notes]
    lines.append(f"**{plan.total_line()}**")
    return "\n".join(lines)
