"""Every process a command starts ends when the command is killed (``kill -9``): none is left
orphaned, holding memory and blocked on a pipe to a parent that is gone."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wikipk.lifeline import end_with_parent

WIKIPK = Path(sys.executable).with_name("wikipk")
DOCUMENTS = 600
"""More than wikipk.loading.PARALLEL_FROM: the documents are loaded in worker processes."""

_BODY = "\n\n".join(
    f"## Part {n}\n\nA paragraph about **water** and [the pump](#part-{n}), "
    "with a list:\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    for n in range(40)
)


@pytest.fixture
def big_kb(tmp_path: Path) -> Path:
    """A knowledge base of many guidelines, loaded by two worker processes."""
    (tmp_path / "wikipk.yml").write_text("workers: 2\n", encoding="utf-8")
    folder = tmp_path / "content" / "guidelines"
    folder.mkdir(parents=True)
    for n in range(DOCUMENTS):
        folder.joinpath(f"guide-{n}.md").write_text(
            f"---\nid: guide-{n}\ntype: guideline\ntitle: Guide number {n}\nlang: en\n"
            f"summary: How to do thing {n}.\nupdated: 2026-11-20\n---\n\n{_BODY}\n",
            encoding="utf-8",
        )
    return tmp_path


def _group(leader: int) -> dict[int, str]:
    """The live processes of the process group ``leader`` leads: their command lines by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        state, group = fields[0], int(fields[2])
        if group == leader and state != "Z":
            found[int(entry.name)] = command
    return found


def _kill_when_children_run(
    argv: list[str], cwd: Path, children: int, running: str = ""
) -> dict[int, str]:
    """Start ``argv`` in a session of its own, ``kill -9`` it once it runs ``children`` child
    processes (one of them ``running`` a command line with that text), and return what is left
    of its process group a few seconds later."""
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )

    def started() -> bool:
        group = _group(process.pid)
        return len(group) > children and any(running in command for command in group.values())

    try:
        deadline = time.monotonic() + 60
        while not started() and process.poll() is None:
            assert time.monotonic() < deadline, "the command started no worker processes"
            time.sleep(0.01)
        assert process.poll() is None, "the command ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while (left := _group(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return left
    finally:
        for pid in _group(process.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_killed_check_leaves_no_worker_process(big_kb: Path) -> None:
    assert _kill_when_children_run([str(WIKIPK), "check", "--no-cache"], big_kb, 2) == {}


def test_a_killed_build_leaves_no_worker_or_pagefind_process(big_kb: Path) -> None:
    assert _kill_when_children_run([str(WIKIPK), "build"], big_kb, 3, "pagefind") == {}


_THREADED_CHECK = """
import threading, sys
from wikipk.cli import main
threading.Thread(target=threading.Event().wait, daemon=True).start()
sys.argv = ["wikipk", "check", "--no-cache"]
main()
"""


def test_workers_from_a_fork_server_end_with_the_command(big_kb: Path) -> None:
    """A process that runs threads (``wikipk serve`` rebuilding) starts its workers from a
    fork server: the fork server and its workers end too."""
    left = _kill_when_children_run(
        [sys.executable, "-c", _THREADED_CHECK], big_kb, 3, "multiprocessing.forkserver"
    )
    assert left == {}


def test_a_child_whose_owner_ended_before_it_asked_ends_at_once() -> None:
    """The death signal only covers a parent alive when it is asked for: a child that finds
    another parent than the process that started it (here: no such process) ends."""
    child = multiprocessing.get_context("fork").Process(target=end_with_parent, args=(0,))
    child.start()
    child.join(10)
    assert child.exitcode == 1
    sibling = multiprocessing.get_context("fork").Process(
        target=end_with_parent, args=(os.getpid(),)
    )
    sibling.start()
    sibling.join(10)
    assert sibling.exitcode == 0
