"""Worker processes that keep what they loaded, so that later work on it needs no second parse.

Loading a document parses its Markdown; rendering it (to wikitext, to HTML) walks the same
tokens. Tokens are costly to send between processes (pickling and unpickling them costs about
five times as much as parsing the body again), so a pool that loads in one set of processes
and renders in another parses every body twice. :class:`KeepingWorkers` forks its processes
once: each loads its share of the files (and may do an output's work on each at once, such as
rendering its page), sends back what the parent needs (documents without their tokens), keeps
its own parsed documents, and later runs any function on them where they are.

With one worker, or few items, nothing is forked: the parent loads and keeps everything itself.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
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

WORKER_GC_THRESHOLDS = (10_000, 20, 20)
"""Garbage-collection thresholds of worker processes (Python's are 700, 10, 10)."""


def prepare_worker() -> None:
    """Start a worker process that loads (and renders) documents: collect garbage less often.

    Parsing makes hundreds of short-lived objects a document, and with Python's default
    thresholds the collector ran every 700 of them and often walked the whole heap, about 7% of
    a worker's time. What the worker inherited is frozen (never walked again), and the young
    generation holds 10,000 objects before a collection: garbage is still collected, in fewer,
    equally cheap passes.
    """
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def start_context() -> ForkContext | ForkServerContext:
    """How to start worker processes: forked (fast, nothing to import again) while this
    process runs a single thread; otherwise from a fork server, since forking a process that
    runs other threads can deadlock (a lock one of them holds stays held in the child)."""
    if threading.active_count() > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("fork")


class WorkerError(InternalError, RuntimeError):
    """A worker process failed or stopped; the message holds its traceback."""


class Pending(Generic[Answer]):
    """A function's answer from a worker process, running while the parent does other work."""

    def __init__(self, answer: Callable[[], Answer]) -> None:
        self._answer: Callable[[], Answer] | None = answer
        self._value: Answer | None = None

    def result(self) -> Answer:
        """Wait for the answer (raises :class:`WorkerError` when the worker failed)."""
        if self._answer is not None:
            answer, self._answer = self._answer, None
            self._value = answer()
        return self._value  # type: ignore[return-value]  # set above, and Answer may be None

    @classmethod
    def done(cls, value: Answer) -> Pending[Answer]:
        """An answer already at hand."""
        return cls(lambda: value)


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
        self._calls: dict[int, Pending[Any]] = {}
        """The unanswered :meth:`call` of each worker that runs one."""
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

    def load(
        self,
        items: list[Item],
        load: Load[Item, Result, Kept],
        *,
        chunk: int | None = None,
        take: Callable[[list[Result]], object] | None = None,
        fork: bool | None = None,
        meanwhile: Callable[[], object] | None = None,
    ) -> list[Result]:
        """Run ``load`` on shares of ``items``; their results, in item order.

        Args:
            items: what to load.
            load: loads a share (a module-level function, or a partial of one).
            chunk: how many items ``load`` is given at a time (default: a worker's whole
                share); each worker is dealt another chunk as it finishes one.
            take: gets the results in item order, a chunk at a time, as soon as they are ready.
            fork: load in worker processes (default: when there are ``fork_from`` items).
            meanwhile: run once in the parent while the workers load, after the constructor's.
        """
        methods = multiprocessing.get_all_start_methods()
        count = min(self.count, len(items))
        wanted = len(items) >= self.fork_from if fork is None else fork
        if count <= 1 or not wanted or "fork" not in methods:
            self._meanwhile(meanwhile)
            loaded, kept = load(items)
            self._kept.update(kept)
            self._owner.update(dict.fromkeys(kept, -1))
            if take is not None:
                take(loaded)
            return loaded
        size = chunk or -(-len(items) // count)
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        count = min(count, len(chunks))
        first = len(self._pipes)
        context = start_context()  # from a fork server, ``load`` and the items are pickled
        for _ in range(count):
            parent, child = context.Pipe()
            process = context.Process(
                target=_serve,
                args=(child, chunks, load, self.prepare, os.getpid()),
                daemon=True,
            )
            process.start()
            child.close()
            self._pipes.append(parent)
            self._processes.append(process)
        dealing = _Dealing(len(chunks), self._pipes[first:])
        self._meanwhile(meanwhile)
        done: list[list[Result] | None] = [None] * len(chunks)
        given = 0
        while dealing.busy:
            for pipe in wait(dealing.busy):
                assert isinstance(pipe, Connection)
                share, keys = self._receive(pipe)
                done[dealing.answered(pipe)] = share
                self._owner.update(dict.fromkeys(keys, self._pipes.index(pipe)))
            while given < len(chunks) and (ready := done[given]) is not None:
                if take is not None:
                    take(ready)
                given += 1
        return [result for share in done if share is not None for result in share]

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
                self._answered(index)
                self._pipes[index].send(("map", function, shared, wanted))
        for index, wanted in asked.items():
            if index < 0:
                values = [function(self._kept[key], shared) for key in wanted]
            else:
                values = self._receive(self._pipes[index])
            answers.update(zip(wanted, values, strict=True))
        return [answers[key] for key in keys]

    def call(self, function: Callable[..., Answer], *args: Any) -> Pending[Answer]:
        """``function(*args)`` in a worker process while the parent goes on (here and now when
        no worker runs). ``function`` must be a module-level function."""
        if not self._processes:
            return Pending.done(function(*args))
        index = len(self._pipes) - 1
        self._answered(index)
        pipe = self._pipes[index]
        pipe.send(("call", function, args))

        def answer() -> Answer:
            del self._calls[index]
            value: Answer = self._receive(pipe)
            return value

        pending = Pending(answer)
        self._calls[index] = pending
        return pending

    def close(self) -> None:
        """Stop the worker processes (what they kept is gone; an unanswered call is dropped)."""
        for index, process in enumerate(self._processes):
            if index in self._calls:
                process.terminate()  # busy, and nobody waits for its answer
        for pipe in self._pipes:
            with contextlib.suppress(OSError):  # a worker that stopped already
                pipe.send(None)
            pipe.close()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        self._pipes, self._processes, self._calls = [], [], {}
        self._owner, self._kept = {}, {}

    def _answered(self, index: int) -> None:
        """Wait for a worker's unanswered call, before asking it anything else."""
        pending = self._calls.get(index)
        if pending is not None:
            pending.result()

    def _meanwhile(self, more: Callable[[], object] | None) -> None:
        meanwhile, self.meanwhile = self.meanwhile, None
        if meanwhile is not None:
            meanwhile()
        if more is not None:
            more()

    @staticmethod
    def _receive(pipe: Connection) -> Any:
        try:
            status, value = pipe.recv()
        except (EOFError, OSError):
            raise WorkerError("a worker process stopped without answering") from None
        if status != "ok":
            raise WorkerError(f"a worker process failed:\n{value}")
        return value


class _Dealing:
    """Chunks dealt out to workers as they finish the ones they have: each worker holds two
    (it never waits for its next), and the one that is quicker loads more. A worker answers
    its chunks in the order they were dealt."""

    def __init__(self, chunks: int, pipes: list[Connection]) -> None:
        self.chunks = chunks
        self.following = 0
        self.dealt: dict[Connection, deque[int]] = {pipe: deque() for pipe in pipes}
        for _ in range(2):
            for pipe in pipes:
                self._deal(pipe)

    @property
    def busy(self) -> list[Connection]:
        """The workers with chunks to answer."""
        return [pipe for pipe, dealt in self.dealt.items() if dealt]

    def answered(self, pipe: Connection) -> int:
        """A worker answered its oldest chunk: deal it another; the chunk answered."""
        index = self.dealt[pipe].popleft()
        self._deal(pipe)
        return index

    def _deal(self, pipe: Connection) -> None:
        if self.following < self.chunks:
            pipe.send(("load", self.following))
            self.dealt[pipe].append(self.following)
            self.following += 1


def _serve(
    pipe: Connection,
    chunks: list[list[Any]],
    load: Load[Any, Any, Any],
    prepare: Callable[[], None] | None,
    owner: int,
) -> None:
    """A worker process of ``owner``: load the chunks it is dealt, sending back what each gives,
    and run what it is sent. It ends when its parent does (a killed parent answers nothing)."""
    end_with_parent(owner)
    try:
        if prepare is not None:
            prepare()
        kept: dict[str, Any] = {}
        while (asked := pipe.recv()) is not None:
            if asked[0] == "load":
                results, more = load(chunks[asked[1]])
                kept.update(more)
                pipe.send(("ok", (results, list(more))))
            elif asked[0] == "map":
                _, function, shared, keys = asked
                pipe.send(("ok", [function(kept[key], shared) for key in keys]))
            else:
                _, function, args = asked
                pipe.send(("ok", function(*args)))
    except EOFError:
        pass  # the parent is gone
    except BaseException:
        pipe.send(("failed", traceback.format_exc()))
    finally:
        pipe.close()
