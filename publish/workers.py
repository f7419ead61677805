"""Worker processes for a release's PDFs: forked, warm, and replaced before they grow.

Each PDF a worker renders leaves about 0.6 MB behind in native memory (Pango, HarfBuzz and
fontconfig objects that WeasyPrint creates per document; Python's own heap does not grow,
measured with tracemalloc). A worker that rendered 50 PDFs reached 160 MB (docs/PERFORMANCE.md).
So each worker renders at most `PER_WORKER` PDFs and is then replaced by a fresh fork of the
main process, which is already warm (publish/pdf/engine.py): a replacement costs a fork.

`concurrent.futures.ProcessPoolExecutor` cannot do this with forked workers
(`max_tasks_per_child` refuses the fork start method), and `multiprocessing.Pool` can, but
hangs if a worker dies. Here each worker is a one-process executor, so a worker that dies
still fails its task with `BrokenProcessPool`. Everything runs in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any

PER_WORKER = 10  # tasks per worker (a brief's two PDFs, one layout, are one): ~6 MB of growth


@dataclass
class _Slot:
    executor: ProcessPoolExecutor | None = None
    used: int = 0
    busy: bool = False
    pending: int = 0  # futures submitted and not yet released


class Workers:
    """`jobs` worker processes; `submit` only while `idle()`, `release` each finished future."""

    def __init__(self, jobs: int, context: BaseContext, per_worker: int = PER_WORKER) -> None:
        self._slots = [_Slot() for _ in range(max(1, jobs))]
        self._context = context
        self._per_worker = max(1, per_worker)
        self._running: dict[Future[Any], _Slot] = {}
        self.started = 0  # worker processes started, for tests and benchmarks

    def idle(self) -> bool:
        return any(not slot.busy for slot in self._slots)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.submit_together([(fn, args, kwargs)])[0]

    def submit_together(
        self, calls: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]
    ) -> list[Future[Any]]:
        """Tasks for one worker, run one after another in the same process (a brief's two
        PDFs: the second writes from the layout the first kept); they count as one task,
        and the worker is busy until every one of them is released."""
        slot = next(slot for slot in self._slots if not slot.busy)
        if slot.executor is None or slot.used >= self._per_worker:
            if slot.executor is not None:
                slot.executor.shutdown(wait=False)  # idle: it exits at once
            slot.executor = ProcessPoolExecutor(1, mp_context=self._context)
            slot.used = 0
            self.started += 1
        executor = slot.executor
        futures = [executor.submit(fn, *args, **kwargs) for fn, args, kwargs in calls]
        slot.used += 1
        slot.busy = True
        slot.pending += len(futures)
        for future in futures:
            self._running[future] = slot
        return futures

    def release(self, future: Future[Any]) -> None:
        """The future is done: its worker may take the next task (a dead one is replaced)."""
        if (slot := self._running.pop(future, None)) is not None:
            slot.pending -= 1
            slot.busy = slot.pending > 0
            if isinstance(future.exception(), BrokenProcessPool) and slot.executor is not None:
                slot.executor.shutdown(wait=False)
                slot.executor = None  # the next task gets a fresh worker

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_: object) -> None:
        for slot in self._slots:
            if slot.executor is not None:
                slot.executor.shutdown(wait=True, cancel_futures=True)
