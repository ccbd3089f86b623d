"""Process pools whose workers never outlive the process that started them.

Each worker, as it starts (:func:`watch_parent`), asks Linux to kill it when its parent dies
(``prctl`` death signal) and also watches, on a thread, whether the owning process and its own
parent are still there, ending itself within a quarter of a second once they are not. So a
main process that is killed (``SIGKILL`` included), crashes or is stopped with Ctrl-C leaves
nothing running. Replications (casekit.montecarlo), the tournament and the pages all start
their pools here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["worker_pool", "watch_parent", "stop_now", "WATCH_SECONDS"]

#: How often a worker checks that the owning process is still there (seconds).
WATCH_SECONDS = 0.25
_PR_SET_PDEATHSIG = 1


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, owned by someone else: pid reused, not ours
        return True
    return False


def _death_signal() -> None:
    """Linux: have the kernel send SIGKILL to this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def watch_parent(owner: int, interval: float = WATCH_SECONDS) -> None:
    """Pool initializer: end this worker when the process ``owner`` (the one that started
    the pool) or this worker's own parent is gone. Returns at once; the watching is on a
    daemon thread."""
    parent = os.getppid()
    _death_signal()
    if os.getppid() != parent or _gone(owner):  # it ended before we were watching
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent or _gone(owner):
                os._exit(1)

    threading.Thread(target=watch, name="casekit-watch-parent", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end with this process (see :func:`watch_parent`)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=watch_parent,
                               initargs=(os.getpid(),))


def stop_now(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers at once (an interruption: their batches are not waited for)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
