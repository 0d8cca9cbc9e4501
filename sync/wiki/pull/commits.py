"""One git commit per wiki author: the edits of a pull, as the people who made them.

Each page's edits since wikipk's revision come in runs by author (:class:`Step`). The commits are
made in the order the runs happened: each takes every run of one author that is next in line on
its page, so one author's edits on many pages are one commit, and a page that two people edited
gets both commits, in their order. The commit's author is the wiki user; the committer is
whoever runs the pull (the workflow's identity).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from sync.wiki.pull.home import Pulled, Step
from sync.wiki.pull.pull import PullPlan
from wikipk.boundary import create_content_file
from wikipk.errors import EXIT_USAGE, WikipkError


class GitError(WikipkError):
    """A git command failed (its own message says why; exit code 2)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class Commit:
    """One commit to make: an author's runs, each with its page."""

    user: str
    steps: tuple[tuple[Pulled, Step], ...]


def commits(plan: PullPlan) -> list[Commit]:
    """The commits of a plan's changed pages, in the order their edits were made."""
    queues = {page.path: [(page, step) for step in page.steps] for page in plan.changed}
    made: list[Commit] = []
    while any(queues.values()):
        heads = [queue[0] for queue in queues.values() if queue]
        _, first = min(heads, key=lambda head: head[1].run.revisions[0].timestamp)
        user = first.run.user
        group = []
        for queue in queues.values():
            while queue and queue[0][1].run.user == user:
                group.append(queue.pop(0))
        made.append(Commit(user, tuple(group)))
    return made


def author(user: str, url: str) -> str:
    """The git author of a wiki user: ``Name <Name@wiki host>``."""
    host = urlsplit(url).hostname or "wiki"
    return f"{user} <{quote(user.replace(' ', '_'), safe='')}@{host}>"


def message(commit: Commit, plan: PullPlan) -> str:
    """The commit message: who, which pages, and each revision's link."""
    pages = {pulled.path for pulled, _ in commit.steps}
    noun = "page" if len(pages) == 1 else "pages"
    lines = [f"Wiki Pakistan: edits by {commit.user} on {len(pages)} {noun}", ""]
    lines.append("Brought home from Wiki Pakistan by `wikipk pull wiki`.")
    for pulled, step in commit.steps:
        lines += ["", f"{pulled.title} ({pulled.path}):"]
        for rev in step.run.revisions:
            comment = f' "{rev.comment}"' if rev.comment else ""
            lines.append(f"- revision {rev.revid}, {rev.timestamp}{comment}")
            lines.append(f"  {plan.revision_url(rev.revid)}")
    return "\n".join(lines) + "\n"


def commit_plan(plan: PullPlan, content_dir: Path, repository: Path) -> list[str]:
    """Write the plan's files one author at a time, committing each author's edits.

    Returns:
        The new commits' ids, oldest first.

    Raises:
        GitError: git refused (not a repository, a file outside it, ...).
    """
    planned = commits(plan)
    touched = sorted(
        {str((content_dir / pulled.path).resolve()) for c in planned for pulled, _ in c.steps}
    )
    if touched:
        dirty = _git(repository, "status", "--porcelain", "--", *touched).splitlines()
        if dirty:
            names = ", ".join(line[3:] for line in dirty)
            raise GitError(
                f"--commit would also commit uncommitted changes in {names}: commit or "
                "discard them first (nothing was written)"
            )
    made = []
    for commit in planned:
        paths = []
        for pulled, step in commit.steps:
            path = content_dir / pulled.path
            create_content_file(content_dir, path, step.text, replace=True)
            paths.append(str(path.resolve()))
        _git(repository, "add", "--", *paths)
        _git(
            repository,
            "commit",
            "--quiet",
            "--no-verify",
            f"--author={author(commit.user, plan.url)}",
            "--file=-",
            "--",
            *paths,
            stdin=message(commit, plan),
        )
        made.append(_git(repository, "rev-parse", "HEAD").strip())
    return made


def _git(repository: Path, *args: str, stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=repository,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise GitError(f"git cannot run: {error.strerror}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else done.returncode}")
    return done.stdout
