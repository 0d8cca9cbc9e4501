"""The report of a pull, as text (a terminal), Markdown (a pull request's body) or JSON."""

from __future__ import annotations

import json

from sync.wiki.pull.history import Revision
from sync.wiki.pull.home import Outcome, Pulled
from sync.wiki.pull.pull import MadeEdit, PullPlan
from wikipk.report_markdown import cell

FORMATS = ("text", "markdown", "json")

_ORDER = (Outcome.CONFLICT, Outcome.NEEDS_PERSON, Outcome.MERGED, Outcome.HOME)


def pull_output(plan: PullPlan, output_format: str, dry_run: bool = False) -> str:
    """The report in ``output_format`` (``text``, ``markdown`` or ``json``)."""
    if output_format == "json":
        return json.dumps({**plan.to_json(), "dry_run": dry_run}, ensure_ascii=False, indent=2)
    if output_format == "markdown":
        return markdown_report(plan, dry_run)
    return text_report(plan, dry_run)


def totals(plan: PullPlan) -> str:
    """One sentence with the counts: ``2 pages edited on the wiki: 1 merged, 1 conflict.``"""
    edited = len(plan.pages)
    if not edited and not plan.deleted and not plan.made:
        return f"No page edited on the wiki since wikipk wrote it ({plan.checked} checked)."
    parts = [f"{plan.count(outcome)} {outcome.value}" for outcome in _ORDER if plan.count(outcome)]
    if plan.deleted:
        parts.append(f"{len(plan.deleted)} deleted")
    if plan.made:
        parts.append(f"{len(plan.made)} made from templates, categories or scorecards")
    edited += len(plan.deleted) + len(plan.made)
    noun = "page" if edited == 1 else "pages"
    return f"{edited} {noun} edited on the wiki ({plan.checked} checked): {', '.join(parts)}."


def _outcome(page: Pulled) -> str:
    if page.outcome is Outcome.MERGED and page.notes:
        return "merged in part"
    return page.outcome.value


def _revision_line(rev: Revision) -> str:
    comment = f': "{rev.comment}"' if rev.comment else ""
    return f"revision {rev.revid} by {rev.user} at {rev.timestamp}{comment}"


def _conflict_note(page: Pulled) -> str:
    regions = "region" if page.conflicts == 1 else "regions"
    return (
        f"{page.conflicts} conflicting {regions} written with conflict markers: keep the right "
        "text, delete the marker lines, then run wikipk check"
    )


def text_report(plan: PullPlan, dry_run: bool) -> str:
    """The report for a terminal: each page, its revisions, notes and the file's diff."""
    lines = [f"Wiki: {plan.url}"]
    for page in sorted(plan.pages, key=lambda p: (_ORDER.index(p.outcome), p.path)):
        lines.append("")
        lines.append(f"{_outcome(page)}: {page.title} ({page.path})")
        if page.history is not None:
            lines.extend(f"  {_revision_line(rev)}" for rev in page.history.revisions)
            lines.append(f"  diff on the wiki: {plan.diff_url(page)}")
        if page.conflicts:
            lines.append(f"  {_conflict_note(page)}")
        lines.extend(f"  {note}" for note in (*page.done, *page.notes))
        for item in page.unknown:
            lines.append(f"  {_where(page, item.line)}: {item.kind}: {item.wikitext}")
        if page.changed:
            lines.extend(f"  {line}" for line in page.diff("content/").splitlines())
    for deleted in plan.deleted:
        lines.append("")
        lines.append(f"deleted: {deleted.title} ({deleted.path})")
        lines.append(f"  {_deletion(deleted.user, deleted.timestamp, deleted.comment)}")
    for made in plan.made:
        lines.append("")
        lines.append(f"needs a person: {made.title} (made from {made.source})")
        lines.append(f"  {_made(made)}")
        lines.append(f"  {plan.revision_url(made.revid)}")
    lines.append("")
    lines.append(totals(plan))
    if dry_run and plan.changed:
        lines.append("Dry run: no file was changed.")
    return "\n".join(lines)


def _where(page: Pulled, line: int) -> str:
    """Where wikitext stands: ``line 12 of revision 15``."""
    if page.history is None:
        return f"line {line}"
    return f"line {line} of revision {page.history.latest.revid}"


def _deletion(user: str, timestamp: str, comment: str) -> str:
    reason = f' ("{comment}")' if comment else ""
    return (
        f"deleted by {user} at {timestamp}{reason}: the document is kept; remove it in git if "
        "the page should go, or restore the page on the wiki"
    )


def markdown_report(plan: PullPlan, dry_run: bool) -> str:
    """The report as the body of the pull request "Edits made on Wiki Pakistan"."""
    out = [
        "Edits people made on [Wiki Pakistan]"
        f"({plan.url}) since wikipk last wrote each page, "
        "brought home as Markdown by `wikipk pull wiki`.",
        "",
        totals(plan),
    ]
    if plan.pages:
        out += ["", "| Page | File | Result | Revisions |", "|---|---|---|---|"]
        for page in sorted(plan.pages, key=lambda p: (_ORDER.index(p.outcome), p.path)):
            revisions = "<br>".join(
                f"[{rev.revid}]({plan.revision_url(rev.revid)}) by {cell(rev.user)}"
                + (f": {cell(rev.comment)}" if rev.comment else "")
                for rev in (page.history.revisions if page.history else ())
            )
            title = f"[{cell(page.title)}]({plan.diff_url(page)})"
            out.append(f"| {title} | `{page.path}` | {_outcome(page)} | {revisions} |")
    attention = [page for page in plan.pages if page.needs_person]
    if attention or plan.deleted or plan.made:
        out += ["", "## Needs an editor"]
    for page in attention:
        out += ["", f"### {page.title} (`{page.path}`)", ""]
        if page.conflicts:
            out.append(f"- {_conflict_note(page)}")
        out += [f"- {note}" for note in page.notes]
        for item in page.unknown:
            out += [f"- {_where(page, item.line)}: {item.kind}:", "", "  ```wikitext"]
            out += [f"  {line}" for line in item.wikitext.splitlines()]
            out += ["  ```"]
    for deleted in plan.deleted:
        out += ["", f"### {deleted.title} (`{deleted.path}`)", ""]
        out.append(f"- {_deletion(deleted.user, deleted.timestamp, deleted.comment)}")
    for made in plan.made:
        out += ["", f"### [{made.title}]({plan.revision_url(made.revid)})", ""]
        out.append(f"- {_made(made)}")
    if dry_run and plan.changed:
        out += ["", "Dry run: no file was changed."]
    return "\n".join(out)


def _made(made: MadeEdit) -> str:
    return (
        f"revision {made.revid} by {made.user} at {made.timestamp}: wikipk makes this page from "
        f"{made.source}; bring the change there by hand, or undo it on the wiki (until then the "
        "page is drift, left alone)"
    )
