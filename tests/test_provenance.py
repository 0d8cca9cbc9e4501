"""The edit summary names the tool's version and the commit the content comes from."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sync.wiki.provenance import provenance

GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_summary_names_the_commit_and_says_when_files_differ(tmp_path: Path) -> None:
    assert provenance(tmp_path) == "wikipk 0.1.0: published outside a git checkout"
    git(tmp_path, "init", "-q")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("one\n", encoding="utf-8")
    assert provenance(tmp_path) == "wikipk 0.1.0: published outside a git checkout"
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    commit = git(tmp_path, "rev-parse", "HEAD")[:12]
    assert provenance(tmp_path) == f"wikipk 0.1.0: published from commit {commit}"
    (tmp_path / "content" / "a.md").write_text("two\n", encoding="utf-8")
    assert provenance(tmp_path) == (
        f"wikipk 0.1.0: published from commit {commit} with uncommitted changes"
    )
    (tmp_path / "elsewhere").mkdir()
    assert provenance(tmp_path / "elsewhere") == f"wikipk 0.1.0: published from commit {commit}"
