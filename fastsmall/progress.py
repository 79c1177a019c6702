"""One progress line for long experiments, redrawn in place in JupyterLab and in a terminal.

    progress = Progress(total=len(arms) * len(seeds), title="schedules")
    for arm in arms:
        for seed in seeds:
            progress.step(f"{arm}, seed {seed}")
            ...train...
    progress.done()

prints `schedules  3/12  cosine, seed 2  (14 s)` and redraws it with a carriage return, so the
output stays one line instead of a flood. It writes to stdout: stderr is for real problems.
"""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, title: str = "running", stream=None) -> None:
        self.total, self.title, self.count = int(total), title, 0
        self.stream = stream
        self.start = time.monotonic()
        self._width = 0

    def _write(self, text: str, end: str = "") -> None:
        stream = self.stream or sys.stdout  # looked up late: Jupyter replaces sys.stdout per cell
        padded = text.ljust(self._width)  # wipe what is left of a longer previous line
        self._width = len(text)
        stream.write("\r" + padded + end)
        stream.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def step(self, what: str) -> None:
        """Announce the next unit of work (which arm, which seed)."""
        self.count += 1
        self._write(f"{self.title}  {self.count}/{self.total}  {what}  ({self.elapsed():.0f} s)")

    def done(self, message: str = "") -> None:
        """Finish the line: how many steps ran and how long it took."""
        extra = f"  {message}" if message else ""
        self._write(f"{self.title}  {self.count}/{self.total} done in {self.elapsed():.0f} s{extra}",
                    end="\n")
