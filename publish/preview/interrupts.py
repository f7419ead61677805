"""Ctrl-C and SIGTERM for the long-running preview, as a flag instead of KeyboardInterrupt.

Python turns Ctrl-C into a KeyboardInterrupt raised wherever the main thread is running
Python code when the signal is handled. If that is a finalizer (a `__del__` or a generator
closed by the garbage collector, which runs in whichever thread allocates), CPython prints
"Exception ignored" and the signal is lost: the preview then waited forever. A handler that
only records the signal cannot be lost that way, and it takes no lock, so it cannot deadlock
against the thread it interrupts. The main thread polls the flag and shuts down in order.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["STOP_SIGNALS", "stop_signals"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_signals() -> Iterator[Callable[[], int | None]]:
    """Within the block, Ctrl-C or SIGTERM is recorded: the callable yielded answers the
    first such signal's number (None before). A second one while shutting down ends the
    process at once with 128 + its number, as a user pressing Ctrl-C twice expects."""
    got: list[int] = []

    def record(signum: int, _frame: object) -> None:
        if got:
            os.write(2, b"publish: interrupted again; stopping now\n")
            os._exit(128 + signum)
        got.append(signum)

    previous = {number: signal.signal(number, record) for number in STOP_SIGNALS}
    try:
        yield lambda: got[0] if got else None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
