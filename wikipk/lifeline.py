"""Child processes that end when the process that started them ends, however it ends.

A worker process blocked on its pipe, or busy loading, does not notice that its parent was
killed (``kill -9``, the out-of-memory killer): it would live on, orphaned, holding its memory.
On Linux the kernel sends a chosen signal to a process when its parent ends
(``prctl(PR_SET_PDEATHSIG)``): :func:`end_with_parent`, called first thing in the child, asks
for ``SIGKILL``. The kernel does it whatever the parent's end and whatever the child is doing,
which no watching thread or pipe could promise (a pipe's end is also held by other forked
children; a thread polling the parent costs every worker a thread, and a delay).

The request only covers a parent alive when it is made: a parent that ended between the fork
and the request is found by checking, after it, that the child's parent is still the process
that asked for the child (or a fork server that process started, itself ending with it).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

_PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


def end_with_parent(owner: int) -> None:
    """In a child process: be killed when its parent ends; end now if it already has.

    Args:
        owner: the pid of the process that asked for this child (``os.getpid()`` there), its
            parent or the parent of the fork server that forked it.
    """
    if not sys.platform.startswith("linux"):
        return  # no such request elsewhere: the child ends when its pipe to the parent breaks
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # refused (a sandbox): as elsewhere
    parent = os.getppid()
    if owner not in (parent, _parent_of(parent)):
        os._exit(1)  # the owner ended before the request was made


def _parent_of(pid: int) -> int | None:
    """The parent of process ``pid`` (None when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])
