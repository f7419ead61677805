"""publish.workers: forked PDF workers, each replaced after a bounded number of tasks."""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

import pytest

from publish.workers import Workers


def _pid_of(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _die(_: int) -> None:
    os._exit(3)  # a worker killed mid-task (a crash in native code looks the same)


def run_all(workers: Workers, fn, items: list[int]) -> list:  # type: ignore[no-untyped-def]
    """What the release does: submit while a worker is idle, release each finished future."""
    queue, waiting, results = list(items), {}, []
    while queue or waiting:
        while queue and workers.idle():
            n = queue.pop(0)
            waiting[workers.submit(fn, n)] = n
        ready, _ = wait(waiting, return_when=FIRST_COMPLETED)
        for future in ready:
            workers.release(future)
            del waiting[future]
            results.append(future.result())
    return results


def test_each_worker_takes_at_most_its_share_and_every_task_is_done() -> None:
    with Workers(2, get_context("fork"), per_worker=2) as workers:
        results = run_all(workers, _pid_of, list(range(7)))
    assert sorted(square for square, _ in results) == [n * n for n in range(7)]
    per_process = Counter(pid for _, pid in results)
    assert max(per_process.values()) <= 2
    assert os.getpid() not in per_process  # never in the calling process
    # Seven tasks on two workers of two tasks each: ceil(a/2) + ceil(b/2) = 4 for a + b = 7.
    assert workers.started == 4 == len(per_process)


def test_tasks_submitted_together_run_in_one_process_and_count_once() -> None:
    """A brief's two PDFs: the second task must find the layout the first kept."""
    with Workers(1, get_context("fork"), per_worker=2) as workers:
        first = workers.submit_together([(_pid_of, (2,), {}), (_pid_of, (3,), {})])
        assert not workers.idle()
        workers.release(first[0])
        assert not workers.idle()  # busy until the last of them is released
        workers.release(first[1])
        assert workers.idle()
        second = workers.submit_together([(_pid_of, (4,), {}), (_pid_of, (5,), {})])
        for future in second:
            workers.release(future)
        third = workers.submit(_pid_of, 6)
        workers.release(third)
    pids = [f.result()[1] for f in first + second]
    assert [f.result()[0] for f in first + second] == [4, 9, 16, 25]
    assert len(set(pids)) == 1  # two "together" calls, each counted as one task
    assert third.result()[1] != pids[0] and workers.started == 2


def test_a_worker_that_dies_fails_its_task_instead_of_hanging() -> None:
    with Workers(1, get_context("fork")) as workers:
        future = workers.submit(_die, 1)
        with pytest.raises(BrokenProcessPool):
            future.result(timeout=120)


def _dies_on_harbour(doc_json: str, editions: tuple[str, ...], **options):  # type: ignore[no-untyped-def]
    """The real build, except that the worker rendering one brief's print PDF (with its
    screen PDF, from one layout) is killed."""
    from publish.editions import build_editions

    if "print" in editions and "Harbour Towns" in doc_json:
        os.kill(os.getpid(), 9)  # what the kernel's OOM killer does
    return build_editions(doc_json, editions, **options)


@pytest.mark.slow
def test_a_worker_killed_mid_release_fails_its_brief_and_the_others_ship(tmp_path, monkeypatch):
    from publish import release as release_module
    from publish import rendering

    from .conftest import SMALL_BRIEF

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "delta.txt").write_text(SMALL_BRIEF, encoding="utf-8")
    harbour = SMALL_BRIEF.replace("Water Rights in the Delta", "Harbour Towns")
    (seeds / "harbour.txt").write_text(harbour.replace("Paper 12", "Paper 13"), encoding="utf-8")
    (seeds / "weir.txt").write_text(SMALL_BRIEF.replace("Water Rights in the Delta", "Weirs")
                                    .replace("Paper 12", "Paper 14"), encoding="utf-8")  # fmt: skip
    # Forked workers inherit the patched module: the kill happens in a real worker process.
    monkeypatch.setattr(rendering, "build_editions", _dies_on_harbour)
    out = tmp_path / "dist"
    report = release_module.release(seeds, out, jobs=2, check=False)
    status = {o.source.name: o.status for o in report.outcomes}
    assert status == {"delta.txt": "built", "harbour.txt": "failed", "weir.txt": "built"}
    (failed,) = report.failed
    assert any("stopped abruptly" in p for p in failed.problems), failed.problems
    assert report.exit_code == 1
    names = {p.name for p in out.iterdir()}
    assert not any(name.startswith("harbour-towns") for name in names)
    assert sum(name.endswith("-print.pdf") for name in names) == 2  # the others' print PDFs


def _frozen_count(_: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_workers_fork_with_the_parents_objects_frozen_and_the_parent_gets_them_back() -> None:
    """publish.rendering freezes what is alive before its workers fork (the collector's
    passes would copy those pages into each worker), and unfreezes it after: a caller that
    releases many times keeps no release's garbage."""
    import gc

    from publish.rendering import _frozen

    assert gc.get_freeze_count() == 0
    with _frozen(), Workers(1, get_context("fork")) as workers:
        assert gc.get_freeze_count() > 0
        (seen,) = run_all(workers, _frozen_count, [1])
    assert seen > 0  # the worker inherited them frozen
    assert gc.get_freeze_count() == 0
