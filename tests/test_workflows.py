"""The GitHub Actions workflows and the pre-commit hooks: valid, and doing what the docs say.

actionlint (with shellcheck for the ``run:`` scripts) and pre-commit's own validators are the
real tools, run from the virtual environment that ``scripts/setup`` makes.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.premium_kb import (
    MARKER,
    REGISTRY,
    add_subscriber,
    copy_starter,
    read_as_subscriber,
    write_config,
)

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
SECRETS = {
    "WIKIPK_WIKI_URL",
    "WIKIPK_WIKI_USER",
    "WIKIPK_WIKI_PASSWORD",
    "WIKIPK_YOUTUBE_CREDENTIALS",
    "WIKIPK_SUBSCRIBERS",
}
BROKEN_DOC = (
    "---\nid: broken\ntype: guideline\ntitle: Broken\nlang: en\nsummary: Oops.\n---\n\nBody.\n"
)
BROKEN_PROBLEM = "content/broken.md:2:1: missing-field: a guideline needs the field 'updated'"


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(data: dict[Any, Any]) -> Any:
    return data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(data: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return list(data["jobs"][job]["steps"])


def runs(data: dict[Any, Any], job: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(data, job))


def uses(data: dict[Any, Any], job: str) -> list[str]:
    return [str(step["uses"]) for step in steps(data, job) if "uses" in step]


def actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    tool = BIN / "actionlint"
    assert tool.exists(), "actionlint is missing: run scripts/setup (dev extra)"
    return subprocess.run(
        [str(tool), "-no-color", "-oneline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_workflows_pass_actionlint_with_shellcheck() -> None:
    assert shutil.which("shellcheck"), "shellcheck is missing: run scripts/install-system-packages"
    result = actionlint()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        ("runs-on:", "runs_on:", 'unexpected key "runs_on" for "job" section'),
        (
            'wikipk plan --base-site "$RUNNER_TEMP/base-site"',
            "wikipk plan --base-site $RUNNER_TEMP/base-site",
            "shellcheck reported issue in this script",
        ),
        ("secrets.WIKIPK_WIKI_URL", "secret.WIKIPK_WIKI_URL", 'undefined variable "secret"'),
    ],
)
def test_actionlint_catches_a_broken_workflow(
    tmp_path: Path, old: str, new: str, finding: str
) -> None:
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    path = tmp_path / ".github" / "workflows" / "pull-request.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = actionlint(str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert finding in result.stdout


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml", "wiki-pull.yml"])
def test_every_job_in_debian_installs_with_scripts_setup(name: str) -> None:
    data = workflow(name)
    for job, spec in data["jobs"].items():
        if "container" not in spec:
            continue
        assert spec["container"] == "debian:bookworm", job
        assert uses(data, job)[:2] == ["actions/checkout@v5", "./.github/actions/setup"], job
    action = yaml.safe_load((ROOT / ".github" / "actions" / "setup" / "action.yml").read_text())
    assert [step["run"] for step in action["runs"]["steps"]][1] == "scripts/setup"


def test_a_pull_request_is_checked_previewed_and_planned() -> None:
    data = workflow("pull-request.yml")
    assert set(triggers(data)) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    script = runs(data, "review")
    assert "wikipk check --format github" in script
    assert "wikipk build --out _site" in script
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"' in script
    assert 'wikipk plan --base-site "$RUNNER_TEMP/base-site" --format markdown' in script
    assert 'tee -a "$GITHUB_STEP_SUMMARY"' in script
    preview = [s for s in steps(data, "review") if s.get("uses") == "actions/upload-artifact@v6"]
    assert preview[0]["with"]["name"] == "site-preview"


def test_a_push_to_main_publishes_every_target() -> None:
    data = workflow("publish.yml")
    assert triggers(data)["push"] == {"branches": ["main"]}
    assert data["concurrency"]["cancel-in-progress"] is False
    assert "wikipk publish wiki" in runs(data, "wiki")
    assert "wikipk build --out _site" in runs(data, "site")
    assert "actions/upload-pages-artifact@v4" in uses(data, "site")
    assert uses(data, "pages") == ["actions/deploy-pages@v5"]
    assert data["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "wikipk publish youtube" in runs(data, "youtube")
    for job in ("wiki", "site", "youtube"):
        assert data["jobs"][job]["needs"] == "check"


def test_a_push_to_main_attaches_the_offline_edition_to_a_release() -> None:
    data = workflow("publish.yml")
    assert data["permissions"] == {"contents": "read"}
    assert data["jobs"]["zim"]["needs"] == "check"
    assert "wikipk export zim --out _zim" in runs(data, "zim")
    assert uses(data, "zim")[-1] == "actions/upload-artifact@v6"
    release = data["jobs"]["release"]
    assert release["needs"] == "zim"
    assert "container" not in release  # gh is on GitHub's runners, not in Debian's image
    assert release["permissions"] == {"contents": "write"}
    assert release["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert uses(data, "release") == ["actions/download-artifact@v7"]
    for job, spec in data["jobs"].items():
        if job != "release":
            assert spec.get("permissions", {}).get("contents") != "write", job


FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_GH/calls"
case "$1 $2" in
    "release view") [ -e "$FAKE_GH/exists" ] ;;
    "api repos/wikipk/kb/releases/tags/"*) cat "$FAKE_GH/assets" ;;
esac
"""


def run_release_script(
    tmp_path: Path, files: dict[str, bytes], assets: list[str], exists: bool
) -> list[str]:
    """The release job's script, in a folder holding ``_zim/``, with a ``gh`` that answers
    ``assets`` (``name digest`` lines) and records every call."""
    script = runs(workflow("publish.yml"), "release")
    fake = tmp_path / "gh"
    (fake / "bin").mkdir(parents=True)
    (fake / "bin" / "gh").write_text(FAKE_GH)
    (fake / "bin" / "gh").chmod(0o755)
    (fake / "assets").write_text("".join(f"{line}\n" for line in assets))
    if exists:
        (fake / "exists").touch()
    work = tmp_path / "work"
    (work / "_zim").mkdir(parents=True)
    for name, data in files.items():
        (work / "_zim" / name).write_bytes(data)
    env = {
        **os.environ,
        "PATH": f"{fake / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "FAKE_GH": str(fake),
        "GH_REPO": "wikipk/kb",
        "GITHUB_SHA": "0123abc",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
    }
    result = subprocess.run(
        ["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = (tmp_path / "summary").read_text()
    assert summary == "Offline edition: https://github.com/wikipk/kb/releases/tag/offline-2026-11\n"
    return (fake / "calls").read_text().splitlines()


def test_the_first_release_of_a_month_is_created_with_every_file(tmp_path: Path) -> None:
    files = {"wiki-pakistan_en_2026-11.zim": b"en", "wiki-pakistan_ur_2026-10.zim": b"ur"}
    calls = run_release_script(tmp_path, files, [], exists=False)
    assert calls[0] == "release view offline-2026-11"
    assert calls[1].startswith("release create offline-2026-11 --target 0123abc --title ")
    assert calls[2:] == [
        "api repos/wikipk/kb/releases/tags/offline-2026-11 --jq "
        '.assets[] | "\\(.name) \\(.digest // "")"',
        "release upload offline-2026-11 _zim/wiki-pakistan_en_2026-11.zim --clobber",
        "release upload offline-2026-11 _zim/wiki-pakistan_ur_2026-10.zim --clobber",
    ]


def test_an_unchanged_file_is_not_uploaded_again(tmp_path: Path) -> None:
    files = {"wiki-pakistan_en_2026-11.zim": b"en", "wiki-pakistan_ur_2026-11.zim": b"new ur"}
    assets = [
        f"wiki-pakistan_en_2026-11.zim sha256:{hashlib.sha256(b'en').hexdigest()}",
        f"wiki-pakistan_ur_2026-11.zim sha256:{hashlib.sha256(b'old ur').hexdigest()}",
        "wiki-pakistan_ur_2026-10.zim sha256:0000",
        "wiki-pakistan_pa_2026-11.zim",
    ]
    calls = run_release_script(tmp_path, files, assets, exists=True)
    assert [call for call in calls if not call.startswith(("release view", "api "))] == [
        "release upload offline-2026-11 _zim/wiki-pakistan_ur_2026-11.zim --clobber",
        "release delete-asset offline-2026-11 wiki-pakistan_ur_2026-10.zim --yes",
        "release delete-asset offline-2026-11 wiki-pakistan_pa_2026-11.zim --yes",
    ]


def test_every_secret_the_workflows_use_is_named_and_documented() -> None:
    used = set()
    for path in WORKFLOWS.glob("*.yml"):
        used |= set(re.findall(r"secrets\.(\w+)", path.read_text(encoding="utf-8")))
    assert used == SECRETS
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for secret in SECRETS:
            assert f"`{secret}`" in text, f"{doc} does not name the secret {secret}"


def test_the_published_site_opens_premium_pages_with_the_registry_secret(tmp_path: Path) -> None:
    data = workflow("publish.yml")
    assert data["jobs"]["site"]["env"] == {
        "WIKIPK_SUBSCRIBERS": "${{ secrets.WIKIPK_SUBSCRIBERS }}"
    }
    job = steps(data, "site")
    write = next(s for s in job if str(s.get("name", "")).startswith("Write the subscriber"))
    assert job.index(write) < next(
        i for i, s in enumerate(job) if "wikipk build" in s.get("run", "")
    )
    kb = copy_starter(tmp_path / "kb", marker=True)
    write_config(kb)
    code = add_subscriber(kb, "Quetta District Office")
    secret = base64.b64encode((kb / REGISTRY).read_bytes()).decode("ascii")
    (kb / "wikipk.yml").unlink()
    (kb / REGISTRY).unlink()
    runner, github_env = tmp_path / "runner", tmp_path / "github-env"
    runner.mkdir()
    env = {**os.environ, "WIKIPK_SUBSCRIBERS": secret, "RUNNER_TEMP": str(runner)}
    env["GITHUB_ENV"] = str(github_env)
    script = subprocess.run(
        ["bash", "-e", "-c", write["run"]], env=env, capture_output=True, text=True, check=False
    )
    assert (script.returncode, script.stdout, script.stderr) == (0, "", "")
    registry = runner / "wikipk-subscribers.json"
    assert github_env.read_text() == f"WIKIPK_SUBSCRIBERS_FILE={registry}\n"
    assert registry.stat().st_mode & 0o777 == 0o600
    build_env = {k: v for k, v in os.environ.items() if not k.startswith("WIKIPK_")}
    build_env["WIKIPK_SUBSCRIBERS_FILE"] = str(registry)
    build = subprocess.run(
        [str(BIN / "wikipk"), "build", "--no-search", "--out", "_site"],
        cwd=kb,
        env=build_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert MARKER in read_as_subscriber(kb / "_site", code)


def pre_commit(
    *args: str, cwd: Path = ROOT, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [str(BIN / "pre-commit"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )


def test_pre_commit_accepts_the_hook_manifest_and_the_config() -> None:
    manifest = pre_commit("validate-manifest", ".pre-commit-hooks.yaml")
    config = pre_commit("validate-config", ".pre-commit-config.yaml")
    assert (manifest.returncode, manifest.stdout) == (0, "")
    assert (config.returncode, config.stdout) == (0, "")


def test_pre_commit_refuses_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "hooks.yaml").write_text("- id: wikipk-check\n  entry: wikipk check\n")
    result = pre_commit("validate-manifest", str(tmp_path / "hooks.yaml"))
    assert result.returncode == 1
    assert "Missing required key: name" in result.stdout


def test_the_published_hook_runs_wikipk_check(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["wikipk-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "wikipk check",
        "python",
        False,
    )
    assert re.search(hook["files"], "content/sops/x.md")
    assert not re.search(hook["files"], "README.md")
    (tmp_path / "content").mkdir()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = shlex.split(hook["entry"])
    clean = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert (clean.returncode, clean.stdout) == (0, "0 documents checked: no problems\n")
    (tmp_path / "content" / "broken.md").write_text(BROKEN_DOC)
    broken = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[0] == BROKEN_PROBLEM


def test_this_repositorys_hooks_stop_a_commit_of_a_broken_document(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(BIN.parent)
    (repo / ".gitignore").write_text(".venv\n")
    (repo / "content" / "broken.md").write_text(BROKEN_DOC)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    result = pre_commit("run", "wikipk-check", "--all-files", cwd=repo, home=tmp_path / "cache")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wikipk check" in result.stdout
    assert BROKEN_PROBLEM in result.stdout
