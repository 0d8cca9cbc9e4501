"""Worker processes that keep what they loaded: the one parse feeds the rendering."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from sync.wiki.corpus import Corpus
from sync.wiki.desired import desired_pages
from wikipk.config import load_config
from wikipk.loading import DocumentWorkers, load_knowledge_base
from wikipk.model import Document
from wikipk.workers import KeepingWorkers, WorkerError

DATA = Path(__file__).parent / "data" / "publish"


def _load(share: list[int]) -> tuple[list[int], dict[str, tuple[int, int]]]:
    return [n * 10 for n in share], {str(n): (n, os.getpid()) for n in share}


def _times(kept: tuple[int, int], factor: int) -> tuple[int, int]:
    number, loaded_by = kept
    assert os.getpid() == loaded_by, "run where the value was loaded"
    return number * factor, os.getpid()


def _fail(kept: object, shared: object) -> None:
    raise ValueError("no such thing")


def _parsed_here(doc: Document, shared: None) -> bool:
    return doc.parsed is not None and "tree" not in vars(doc)


def test_each_worker_keeps_its_share_and_works_on_it_where_it_is() -> None:
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        assert workers.load(list(range(7)), _load) == [0, 10, 20, 30, 40, 50, 60]
        answers = workers.map(_times, 3, ["6", "0", "3"])
        assert [number for number, _ in answers] == [18, 0, 9]
        pids = {pid for _, pid in workers.map(_times, 1, [str(n) for n in range(7)])}
        assert len(pids) == 2 and os.getpid() not in pids


def test_a_process_running_threads_starts_its_workers_from_a_fork_server() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
            assert workers.load([1, 2, 3, 4], _load) == [10, 20, 30, 40]
            answers = workers.map(_times, 2, ["4", "1"])
    finally:
        stop.set()
    assert [number for number, _ in answers] == [8, 2]
    assert len({pid for _, pid in answers}) == 2 and os.getpid() not in dict(answers).values()


@pytest.mark.parametrize("fork_from", [0, 100])
def test_the_parent_works_meanwhile_once(fork_from: int) -> None:
    calls: list[int] = []
    with KeepingWorkers[int, int, tuple[int, int]](
        2, fork_from=fork_from, meanwhile=lambda: calls.append(len(calls))
    ) as workers:
        assert workers.load([1, 2, 3], _load) == [10, 20, 30]
        assert calls == [0]
        assert workers.map(_times, 1, ["3"])[0][0] == 3
    assert calls == [0]


def test_what_the_parent_raises_meanwhile_stops_the_loading() -> None:
    started: list[multiprocessing.Process] = []

    def refuse() -> None:
        started.extend(workers._processes)
        raise PermissionError("the wiki refused the login")

    with (
        pytest.raises(PermissionError, match="refused"),
        KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0, meanwhile=refuse) as workers,
    ):
        workers.load([1, 2, 3], _load)
    assert len(started) == 2 and not any(process.is_alive() for process in started)


def test_few_items_are_loaded_and_kept_in_the_parent() -> None:
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=100) as workers:
        assert workers.load([1, 2], _load) == [10, 20]
        assert workers.map(_times, 2, ["2"]) == [(4, os.getpid())]


def test_a_failure_in_a_worker_is_raised_with_its_traceback() -> None:
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        workers.load([1, 2, 3], _load)
        with pytest.raises(WorkerError, match=r"(?s)a worker process failed:.*no such thing"):
            workers.map(_fail, None, ["1", "3"])


def test_documents_are_rendered_from_the_parse_that_loaded_them() -> None:
    config = load_config(DATA)
    serial = load_knowledge_base(config).documents
    corpus = Corpus.of(serial, config.languages)
    with DocumentWorkers(2, fork_from=0) as workers:
        documents = load_knowledge_base(config, workers=workers).documents
        assert documents == serial
        keys = [str(doc.path) for doc in documents]
        assert workers.map(_parsed_here, None, keys) == [True] * len(documents)
        kept = desired_pages(documents, corpus, "https://site.example/", workers)
    assert kept == desired_pages(serial, corpus, "https://site.example/")


def test_chunks_are_dealt_out_as_workers_finish_and_taken_in_order() -> None:
    taken: list[list[int]] = []
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        assert workers.load(list(range(7)), _load, chunk=2, take=taken.append) == [
            n * 10 for n in range(7)
        ]
        assert taken == [[0, 10], [20, 30], [40, 50], [60]]
        answers = workers.map(_times, 1, [str(n) for n in range(7)])
    assert [number for number, _ in answers] == list(range(7))
    assert len({pid for _, pid in answers}) == 2 and os.getpid() not in dict(answers).values()


def test_the_parent_takes_what_it_loaded_itself_at_once() -> None:
    taken: list[list[int]] = []
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        assert workers.load([1, 2, 3], _load, fork=False, take=taken.append) == [10, 20, 30]
    assert taken == [[10, 20, 30]]


def test_a_call_runs_in_a_worker_while_the_parent_goes_on() -> None:
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        here = workers.call(os.getpid)
        assert here.result() == os.getpid(), "no worker runs yet: called here"
        workers.load([1, 2, 3], _load)
        pending = workers.call(os.getpid)
        answers = workers.map(_times, 1, ["1", "3"])  # the worker answers the call first
        assert pending.result() not in (os.getpid(), None)
        assert pending.result() in {pid for _, pid in answers}


def test_an_unanswered_call_does_not_hold_up_the_end() -> None:
    with KeepingWorkers[int, int, tuple[int, int]](2, fork_from=0) as workers:
        workers.load([1, 2], _load)
        workers.call(time.sleep, 60)
        started = workers._processes[-1]
    assert not started.is_alive()
