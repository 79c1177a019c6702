"""Run a grading process with limits on wall-clock time, memory and output, and clean up after it.

Jupyter starts each kernel in a session of its own, so killing the grading process's group would
leave the kernel running. Instead the whole process tree is watched while it runs: every
descendant ever seen is remembered and killed at the end, even if its parent died first.
"""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

POLL_SECONDS = 0.2


@dataclass
class RunOutcome:
    returncode: int | None
    seconds: float
    limit_hit: str = ""  # "" when the process ended by itself; otherwise which limit ended it
    peak_memory_bytes: int = 0


def _tree_memory(processes: dict[int, psutil.Process]) -> int:
    total = 0
    for process in processes.values():
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return total


def _kill_all(processes: dict[int, psutil.Process]) -> None:
    alive = []
    for process in processes.values():
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                # dead already, only not yet reaped: an orphan (the sandbox's bwrap) is reaped by
                # PID 1, which in a container may take a second; there is nothing to wait for
                continue
            process.kill()
            alive.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    psutil.wait_procs(alive, timeout=5)


def run_limited(command: list[str], cwd: Path, env: dict, log_path: Path, timeout: float,
                memory_bytes: int | None = None, output_bytes: int | None = None) -> RunOutcome:
    """Run `command` (its output to `log_path`) until it ends or a limit is hit.

    The output limit catches what bypasses Python's sys.stdout (os.write(1, ...), C code): the
    kernel inherits this process's stdout.
    """
    start = time.monotonic()
    # append mode: a process that inherits the log can add to it but not overwrite what is there
    with open(log_path, "ab") as log:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
    root = psutil.Process(child.pid)
    seen: dict[int, psutil.Process] = {child.pid: root}
    limit_hit, peak = "", 0
    try:
        while child.poll() is None:
            try:
                for process in root.children(recursive=True):
                    seen.setdefault(process.pid, process)
            except psutil.NoSuchProcess:
                pass
            used = _tree_memory(seen)
            peak = max(peak, used)
            if memory_bytes and used > memory_bytes:
                limit_hit = (f"memory limit of {memory_bytes / 2**30:.1f} GiB exceeded (a cell "
                             f"used far too much memory)")
                break
            if time.monotonic() - start > timeout:
                limit_hit = (f"time limit of {timeout:.0f} s exceeded (an endless loop, or far too "
                             f"much work in one of the cells?)")
                break
            if output_bytes and os.path.getsize(log_path) > output_bytes:
                limit_hit = (f"output limit of {output_bytes / 2**20:.0f} MiB exceeded (a cell "
                             f"printed far too much)")
                break
            try:  # back at once when the process ends, else after one poll interval
                child.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                pass
    finally:
        _kill_all(seen)
        child.wait()
    return RunOutcome(None if limit_hit else child.returncode, time.monotonic() - start,
                      limit_hit, peak)
