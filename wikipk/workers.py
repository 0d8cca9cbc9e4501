"""Worker processes that keep what they loaded, so that later work on it needs no second parse.

Loading a document parses its Markdown; rendering it (to wikitext, to HTML) walks the same
tokens. Tokens are costly to send between processes (pickling and unpickling them costs about
five times as much as parsing the body again), so a pool that loads in one set of processes
and renders in another parses every body twice. :class:`KeepingWorkers` forks its processes
once: each loads its share of the files, sends back what the parent needs (documents without
their tokens), keeps its own parsed documents, and later runs any function on them where they
are.

With one worker, or few items, nothing is forked: the parent loads and keeps everything itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkServerContext
from types import TracebackType
from typing import Any, Generic, TypeVar

from wikipk.errors import InternalError
from wikipk.lifeline import end_with_parent

Item = TypeVar("Item")
Result = TypeVar("Result")
Kept = TypeVar("Kept")
Answer = TypeVar("Answer")

Load = Callable[[list[Item]], tuple[list[Result], dict[str, Kept]]]
"""Loads a share of the items: what goes back to the parent, and what the worker keeps, by key."""


def start_context() -> ForkContext | ForkServerContext:
    """How to start worker processes: forked (fast, nothing to import again) while this
    process runs a single thread; otherwise from a fork server, since forking a process that
    runs other threads can deadlock (a lock one of them holds stays held in the child)."""
    if threading.active_count() > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("fork")


class WorkerError(InternalError, RuntimeError):
    """A worker process failed or stopped; the message holds its traceback."""


class KeepingWorkers(Generic[Item, Result, Kept]):
    """Forked worker processes that load a share of the items each and keep what they loaded.

    Use as a context manager; the processes stop when it exits::

        with KeepingWorkers(2, prepare) as workers:
            loaded = workers.load(items, load)
            texts = workers.map(render, shared, keys)
    """

    def __init__(
        self,
        count: int,
        prepare: Callable[[], None] | None = None,
        fork_from: int = 1,
        meanwhile: Callable[[], object] | None = None,
    ) -> None:
        """
        Args:
            count: how many worker processes at most.
            prepare: run first in each worker process.
            fork_from: fewer items than this are loaded in the parent, without forking.
            meanwhile: run once in the parent while the workers load (what it raises stops
                the loading).
        """
        self.count = count
        self.prepare = prepare
        self.fork_from = fork_from
        self.meanwhile = meanwhile
        self._pipes: list[Connection] = []
        self._processes: list[Any] = []
        self._owner: dict[str, int] = {}
        """Which worker keeps each key (-1: the parent itself)."""
        self._kept: dict[str, Kept] = {}
        """What the parent keeps when it loaded the items itself."""

    def __enter__(self) -> KeepingWorkers[Item, Result, Kept]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def load(self, items: list[Item], load: Load[Item, Result, Kept]) -> list[Result]:
        """Run ``load`` on contiguous shares of ``items``; their results, in item order."""
        methods = multiprocessing.get_all_start_methods()
        count = min(self.count, len(items))
        if count <= 1 or len(items) < self.fork_from or "fork" not in methods:
            self._meanwhile()
            loaded, kept = load(items)
            self._kept.update(kept)
            self._owner.update(dict.fromkeys(kept, -1))
            return loaded
        context = start_context()  # from a fork server, ``load`` and the items are pickled
        size = -(-len(items) // count)
        for start in range(0, len(items), size):
            parent, child = context.Pipe()
            share = items[start : start + size]
            process = context.Process(
                target=_serve,
                args=(child, share, load, self.prepare, os.getpid()),
                daemon=True,
            )
            process.start()
            child.close()
            self._pipes.append(parent)
            self._processes.append(process)
        self._meanwhile()
        results: list[Result] = []
        for index, pipe in enumerate(self._pipes):
            share, keys = self._receive(pipe)
            results.extend(share)
            self._owner.update(dict.fromkeys(keys, index))
        return results

    def map(
        self, function: Callable[[Kept, Any], Answer], shared: Any, keys: Sequence[str]
    ) -> list[Answer]:
        """``function(kept, shared)`` for the kept value of every key, in the process that
        keeps it; the results in key order. ``function`` must be a module-level function."""
        asked: dict[int, list[str]] = {}
        for key in keys:
            asked.setdefault(self._owner[key], []).append(key)
        answers: dict[str, Answer] = {}
        for index, wanted in asked.items():
            if index >= 0:
                self._pipes[index].send((function, shared, wanted))
        for index, wanted in asked.items():
            if index < 0:
                values = [function(self._kept[key], shared) for key in wanted]
            else:
                values = self._receive(self._pipes[index])
            answers.update(zip(wanted, values, strict=True))
        return [answers[key] for key in keys]

    def close(self) -> None:
        """Stop the worker processes (what they kept is gone)."""
        for pipe in self._pipes:
            with contextlib.suppress(OSError):  # a worker that stopped already
                pipe.send(None)
            pipe.close()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        self._pipes, self._processes = [], []
        self._owner, self._kept = {}, {}

    def _meanwhile(self) -> None:
        meanwhile, self.meanwhile = self.meanwhile, None
        if meanwhile is not None:
            meanwhile()

    @staticmethod
    def _receive(pipe: Connection) -> Any:
        try:
            status, value = pipe.recv()
        except (EOFError, OSError):
            raise WorkerError("a worker process stopped without answering") from None
        if status != "ok":
            raise WorkerError(f"a worker process failed:\n{value}")
        return value


def _serve(
    pipe: Connection,
    share: list[Any],
    load: Load[Any, Any, Any],
    prepare: Callable[[], None] | None,
    owner: int,
) -> None:
    """A worker process of ``owner``: load a share, send what it gives back, then run what it
    is sent. It ends when its parent does (a killed parent answers nothing)."""
    end_with_parent(owner)
    try:
        if prepare is not None:
            prepare()
        results, kept = load(share)
        pipe.send(("ok", (results, list(kept))))
        while (asked := pipe.recv()) is not None:
            function, shared, keys = asked
            pipe.send(("ok", [function(kept[key], shared) for key in keys]))
    except EOFError:
        pass  # the parent is gone
    except BaseException:
        pipe.send(("failed", traceback.format_exc()))
    finally:
        pipe.close()
