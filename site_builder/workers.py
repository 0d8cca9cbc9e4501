"""Worker processes, started only when there is enough work to be worth their start-up."""

from __future__ import annotations

import functools
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from types import TracebackType

from wikipk.config import Config
from wikipk.lifeline import end_with_parent
from wikipk.loading import prepare_worker
from wikipk.workers import start_context


class WorkerPool:
    """A process pool started on first use and shut down when the ``with`` block ends.

    Workers are forked (fast, nothing to re-import) when this process runs a single thread;
    otherwise (``wikipk serve`` builds while its server threads run, and forking a threaded
    process can deadlock) they start from a fork server.
    """

    def __init__(self, config: Config) -> None:
        self.size = config.workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        """True once worker processes exist."""
        return self._pool is not None

    def get(self) -> Executor | None:
        """The pool, started now if need be (None when only one core may be used)."""
        if self.size <= 1:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=start_context(),
                initializer=functools.partial(_start_worker, os.getpid()),
            )
        return self._pool

    def start(self) -> None:
        """Start the worker processes now: forked while this process runs a single thread
        (before Pagefind's threads start), they need not come from a fork server."""
        pool = self.get()
        if pool is not None:
            pool.submit(int).result()  # a fork pool starts every worker on its first task

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_worker(owner: int) -> None:
    """Start a pool worker of process ``owner``: it ends when its parent does."""
    end_with_parent(owner)
    prepare_worker()
