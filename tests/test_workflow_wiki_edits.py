"""The workflow that brings edits made on Wiki Pakistan home as one pull request.

Its script runs here as GitHub runs it (``bash --noprofile --norc -eo pipefail``), with real git
against a bare repository in the place of GitHub's, and two stand-ins on the PATH: ``wikipk``
(its ``pull wiki`` commits one change per author, prints a report and exits with the code the
scenario gives) and ``gh`` (records its calls and answers ``pr list`` with the scenario's open
pull request). ``tests/test_wiki_pull*.py`` test the real ``wikipk pull wiki``; this file tests
what the workflow does with its exit code, its commits and its report.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_workflows import runs, steps, triggers, workflow

NAME = "wiki-pull.yml"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
EDITOR = ("-c", "user.name=Editor", "-c", "user.email=editor@example.org")
REPORT = "# Edits made on Wiki Pakistan\n\n2 pages edited by Amina and Bilal.\n"

WIKIPK = """#!/bin/bash
if [ "$1 $2" = "pull wiki" ]; then
  [ "$*" = "pull wiki --commit --format markdown" ] || { echo "unexpected: $*" >&2; exit 99; }
  for author in $STUB_AUTHORS; do
    if [ -n "$STUB_CONFLICT" ]; then
      printf '<<<<<<< git\nours\n=======\n%s\n>>>>>>> wiki\n' "$author" > content/page.md
    else
      echo "$author's words" >> content/page.md
    fi
    git add content/page.md
    git commit -q --author "$author <$author@wiki.example.org>" -m "Edits by $author"
  done
  printf '%s' "$STUB_REPORT"
  exit "$STUB_PULL_EXIT"
fi
if [ "$1" = check ]; then
  grep -Hn '^<<<<<<<' content/*.md && exit 1
  exit 0
fi
exit 98
"""

GH = """#!/bin/bash
printf '%s\\n' "$*" >> "$STUB_GH_LOG"
case "$1 $2" in
  "repo view") echo main ;;
  "pr list") [ -z "$STUB_PR" ] || echo "$STUB_PR" ;;
  "pr create" | "pr edit")
    while [ $# -gt 0 ]; do [ "$1" != --body-file ] || cp "$2" "$STUB_BODY"; shift; done ;;
esac
exit 0
"""

VIEW = "repo view --json defaultBranchRef --jq .defaultBranchRef.name"
LIST = "pr list --head wiki-edits --base main --state open --json number --jq .[0].number // empty"
CREATE = (
    "pr create --base main --head wiki-edits --title Edits made on Wiki Pakistan"
    " --body-file $RUNNER_TEMP/wiki-edits-body.md"
)
EDIT = "pr edit 7 --title Edits made on Wiki Pakistan --body-file $RUNNER_TEMP/wiki-edits-body.md"
CLOSE = (
    "pr close 7 --comment The last run of the workflow Wiki edits found no edit to bring home:"
    " the edits of this pull request were published, reverted or overwritten on Wiki Pakistan."
)


def test_wiki_edits_are_pulled_daily_and_on_demand_into_one_pull_request() -> None:
    data = workflow(NAME)
    on = triggers(data)
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", schedule["cron"]), "once a day"
    assert data["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert data["concurrency"] == {"group": "wiki-pull", "cancel-in-progress": False}
    env = data["jobs"]["pull"]["env"]
    assert (env["BRANCH"], env["TITLE"]) == ("wiki-edits", "Edits made on Wiki Pakistan")
    assert env["GH_TOKEN"] == "${{ github.token }}"
    for secret in ("WIKIPK_WIKI_URL", "WIKIPK_WIKI_USER", "WIKIPK_WIKI_PASSWORD"):
        assert env[secret] == f"${{{{ secrets.{secret} }}}}"
    assert 'wikipk pull wiki --commit --format markdown > "$report"' in runs(data, "pull")
    checkout = steps(data, "pull")[1]
    assert checkout["with"]["fetch-depth"] == 0


@dataclass
class Repository:
    """GitHub's repository (a bare one), with the environment the job's git commands run in."""

    origin: Path
    env: dict[str, str] = field(default_factory=dict)

    def git(self, *args: str, cwd: Path) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def clone(self, target: Path, *args: str) -> Path:
        """A new clone of the repository (``actions/checkout`` with ``fetch-depth: 0``)."""
        self.git("clone", "-q", *args, str(self.origin), str(target), cwd=self.origin)
        return target

    def branch(self, name: str) -> str:
        """The commit the branch ``name`` of GitHub's repository points at, "" if none."""
        return self.git(
            "for-each-ref", "--format=%(objectname)", f"refs/heads/{name}", cwd=self.origin
        )


@dataclass(frozen=True)
class Run:
    """One run of the job's script."""

    status: int
    output: str
    gh: list[str]
    """``gh`` calls, ``$RUNNER_TEMP`` standing for the runner's folder."""
    body: str
    """The body given to ``gh pr create`` or ``gh pr edit``, "" if none."""
    summary: str


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
    repo = Repository(tmp_path / "origin.git", env)
    repo.git("init", "-q", "--bare", "-b", "main", str(repo.origin), cwd=tmp_path)
    start = repo.clone(tmp_path / "start")
    (start / "content").mkdir()
    (start / "content" / "page.md").write_text("The page as git has it.\n")
    repo.git("add", ".", cwd=start)
    repo.git(*EDITOR, "commit", "-qm", "Start", cwd=start)
    repo.git("push", "-q", "origin", "main", cwd=start)
    return repo


def run_job(
    repo: Repository,
    tmp_path: Path,
    *,
    authors: str = "Amina Bilal",
    pull_exit: int = 0,
    open_pr: str = "",
    report: str = REPORT,
    conflict: bool = False,
) -> Run:
    """Run the job's script in a new checkout, as GitHub would after ``scripts/setup``."""
    bin_dir, runner = tmp_path / "bin", tmp_path / "runner"
    for folder in (bin_dir, runner):
        folder.mkdir(exist_ok=True)
    runs = len(list(tmp_path.glob("checkout-*")))
    checkout = repo.clone(tmp_path / f"checkout-{runs + 1}")
    for name, text in (("wikipk", WIKIPK), ("gh", GH)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    log, body, summary = runner / "gh.log", runner / "body.md", runner / "summary.md"
    for path in (log, body, summary):
        path.write_text("")
    data = workflow(NAME)
    script = next(s["run"] for s in steps(data, "pull") if "wikipk pull wiki" in s.get("run", ""))
    env = {
        **repo.env,
        **{key: str(value) for key, value in data["jobs"]["pull"]["env"].items()},
        "PATH": f"{bin_dir}{os.pathsep}{repo.env['PATH']}",
        "RUNNER_TEMP": str(runner),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "wikipk/knowledge-base",
        "GITHUB_RUN_ID": "42",
        "STUB_AUTHORS": authors,
        "STUB_PULL_EXIT": str(pull_exit),
        "STUB_PR": open_pr,
        "STUB_REPORT": report,
        "STUB_CONFLICT": "yes" if conflict else "",
        "STUB_GH_LOG": str(log),
        "STUB_BODY": str(body),
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    calls = log.read_text().replace(str(runner), "$RUNNER_TEMP").splitlines()
    output = result.stdout + result.stderr
    return Run(result.returncode, output, calls, body.read_text(), summary.read_text())


def commits(repo: Repository, branch: str) -> list[str]:
    """``author <email> / committer email`` of the branch's commits not on main, oldest first."""
    log = repo.git(
        "log", "--reverse", "--format=%an <%ae> / %ce", f"main..{branch}", cwd=repo.origin
    )
    return log.splitlines()


def test_edits_become_a_new_pull_request_with_one_commit_per_author(
    repository: Repository, tmp_path: Path
) -> None:
    run = run_job(repository, tmp_path)
    assert run.status == 0, run.output
    assert commits(repository, "wiki-edits") == [
        f"Amina <Amina@wiki.example.org> / {BOT_EMAIL}",
        f"Bilal <Bilal@wiki.example.org> / {BOT_EMAIL}",
    ]
    assert run.gh == [VIEW, LIST, CREATE]
    assert run.body == REPORT
    assert run.summary == REPORT


def test_edits_that_need_a_person_still_update_the_pull_request(
    repository: Repository, tmp_path: Path
) -> None:
    run = run_job(repository, tmp_path, authors="Amina", pull_exit=1, open_pr="7")
    assert run.status == 0, run.output
    assert (
        "::warning::some edits made on Wiki Pakistan need a person: read the report" in run.output
    )
    assert commits(repository, "wiki-edits") == [f"Amina <Amina@wiki.example.org> / {BOT_EMAIL}"]
    assert run.gh == [VIEW, LIST, EDIT]
    assert run.body == REPORT


@pytest.mark.parametrize("pull_exit", [2, 3])
def test_a_failed_pull_fails_the_job_and_touches_nothing(
    repository: Repository, tmp_path: Path, pull_exit: int
) -> None:
    run = run_job(repository, tmp_path, pull_exit=pull_exit, open_pr="7")
    assert run.status == pull_exit
    assert (
        f"::error::wikipk pull wiki failed (exit {pull_exit}); the branch wiki-edits and its"
        " pull request were left as they were"
    ) in run.output
    assert repository.branch("wiki-edits") == ""
    assert run.gh == [VIEW]


def test_conflicts_that_wikipk_check_reports_are_added_to_the_report(
    repository: Repository, tmp_path: Path
) -> None:
    run = run_job(repository, tmp_path, authors="Amina", pull_exit=1, conflict=True)
    assert run.status == 0, run.output
    assert run.body == (
        f"{REPORT}\n## Problems that wikipk check reports\n\n```\n"
        "content/page.md:1:<<<<<<< git\n```\n"
    )


def test_a_run_with_the_same_edits_pushes_nothing_and_updates_the_report(
    repository: Repository, tmp_path: Path
) -> None:
    first = run_job(repository, tmp_path)
    pushed = repository.branch("wiki-edits")
    second = run_job(repository, tmp_path, open_pr="7", report=REPORT + "Checked again.\n")
    assert (first.status, second.status) == (0, 0), second.output
    assert repository.branch("wiki-edits") == pushed
    assert "The branch wiki-edits already holds these edits; only the report is updated." in (
        second.output
    )
    assert second.gh == [VIEW, LIST, EDIT]
    assert second.body == REPORT + "Checked again.\n"


def test_new_edits_replace_the_branch_made_by_the_last_run(
    repository: Repository, tmp_path: Path
) -> None:
    run_job(repository, tmp_path, authors="Amina")
    run = run_job(repository, tmp_path, authors="Amina Chanda", open_pr="7")
    assert run.status == 0, run.output
    assert [line.split(" <")[0] for line in commits(repository, "wiki-edits")] == [
        "Amina",
        "Chanda",
    ]
    assert run.gh == [VIEW, LIST, EDIT]


def test_an_editors_commit_on_the_pull_request_is_never_overwritten(
    repository: Repository, tmp_path: Path
) -> None:
    run_job(repository, tmp_path, authors="Amina")
    editor = tmp_path / "editor"
    repository.clone(editor, "-b", "wiki-edits")
    (editor / "content" / "page.md").write_text("An editor resolved the conflict.\n")
    repository.git(*EDITOR, "commit", "-qam", "Resolve the conflict", cwd=editor)
    repository.git("push", "-q", "origin", "wiki-edits", cwd=editor)
    kept = repository.branch("wiki-edits")
    run = run_job(repository, tmp_path, authors="Amina Bilal", open_pr="7")
    assert run.status == 0, run.output
    assert (
        "::notice::pull request #7 has commits of editors; it is left as it is until it is"
        " merged or closed"
    ) in run.output
    assert repository.branch("wiki-edits") == kept
    assert run.gh == [VIEW, LIST]


def test_no_edit_to_bring_home_closes_the_open_pull_request(
    repository: Repository, tmp_path: Path
) -> None:
    run_job(repository, tmp_path)
    run = run_job(repository, tmp_path, authors="", open_pr="7")
    assert run.status == 0, run.output
    assert run.gh == [VIEW, LIST, CLOSE]
    assert "No edit to bring home as a commit." in run.output
    assert repository.branch("wiki-edits") == ""


def test_no_commit_from_a_pull_that_needs_a_person_leaves_the_pull_request(
    repository: Repository, tmp_path: Path
) -> None:
    run_job(repository, tmp_path)
    pushed = repository.branch("wiki-edits")
    run = run_job(repository, tmp_path, authors="", pull_exit=1, open_pr="7")
    assert run.status == 0, run.output
    assert run.gh == [VIEW, LIST]
    assert (
        "::warning::pull request #7 is left as it is: nothing could be brought home as a commit"
        " (https://github.com/wikipk/knowledge-base/actions/runs/42)"
    ) in run.output
    assert repository.branch("wiki-edits") == pushed


def test_no_edit_and_no_pull_request_does_nothing(repository: Repository, tmp_path: Path) -> None:
    run = run_job(repository, tmp_path, authors="")
    assert run.status == 0, run.output
    assert repository.branch("wiki-edits") == ""
    assert run.gh == [VIEW, LIST]


def test_a_report_too_long_for_a_pull_request_goes_on_in_the_runs_summary(
    repository: Repository, tmp_path: Path
) -> None:
    line = "- [پانی کی اسکیم](https://wiki.example.org/diff) edited by Amina\n"
    report = REPORT + line * (70_000 // len(line))
    run = run_job(repository, tmp_path, report=report)
    assert run.status == 0, run.output
    assert len(run.body) < 60_000
    kept, _, tail = run.body.rpartition("\n\n\n")
    assert report.startswith(kept + "\n")
    assert tail == (
        "The report goes on in [the summary of the run]"
        "(https://github.com/wikipk/knowledge-base/actions/runs/42).\n"
    )
    assert run.summary == report
