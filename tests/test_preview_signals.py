"""Ctrl-C and SIGTERM stop the preview every time (publish/preview/interrupts.py)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from tests.test_preview import ended, server  # noqa: F401 - `server` is a fixture

# A finalizer that runs Python code in the main thread while the signal arrives: CPython
# raises a KeyboardInterrupt there, prints "Exception ignored" and forgets the signal. The
# child says "ready" from inside the finalizer, so the parent's signal lands in it.
FINALIZER = """
import sys, time
from publish.preview.interrupts import stop_signals

class Slow:
    def __del__(self):
        print("ready", flush=True)
        end = time.monotonic() + 5
        while time.monotonic() < end and not signalled():
            pass

with stop_signals() as signalled:
    Slow()  # collected at once: __del__ runs here, in the main thread
    print("signal", signalled(), flush=True)
"""

# After the first signal the child shuts down slowly; a second one ends it at once.
TWICE = """
import time
from publish.preview.interrupts import stop_signals

with stop_signals() as signalled:
    print("ready", flush=True)
    while not signalled():
        time.sleep(0.01)
    print("shutting down", flush=True)
    time.sleep(60)
"""


def child(code: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
    return proc


def test_a_signal_during_a_finalizer_is_recorded_not_lost():
    proc = child(FINALIZER)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out == f"signal {int(signal.SIGINT)}\n", (out, err)
    assert "Exception ignored" not in err, err


def test_a_second_ctrl_c_ends_a_slow_shutdown_at_once():
    proc = child(TWICE)
    proc.send_signal(signal.SIGINT)
    assert proc.stdout is not None and proc.stdout.readline() == "shutting down\n"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted again" in err
    assert time.monotonic() - started < 30  # not the child's minute of shutting down


def test_sigterm_stops_the_preview_in_order(server):  # noqa: F811 - the fixture
    proc, _url, _brief = server
    proc.send_signal(signal.SIGTERM)
    code, terminal = ended(proc, 30)
    assert code == 128 + signal.SIGTERM, terminal
    assert terminal.rstrip().endswith("publish: terminated"), terminal
