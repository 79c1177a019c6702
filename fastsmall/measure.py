"""Measuring what 'fast and small' means: sizes, compressed sizes, latency, wall time."""
from __future__ import annotations

import gzip
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def file_size(path: str | os.PathLike) -> int:
    """Size of a file on disk, in bytes."""
    return Path(path).stat().st_size


def gzip_size(data: bytes | str | os.PathLike, level: int = 9) -> int:
    """Bytes after gzip: how well a model file compresses (zeros from pruning compress well)."""
    if not isinstance(data, (bytes, bytearray)):
        data = Path(data).read_bytes()
    return len(gzip.compress(bytes(data), compresslevel=level, mtime=0))


def median_latency(fn: Callable[[], object], warmup: int = 10, repeats: int = 50) -> float:
    """Median wall time of `fn()` in seconds, after `warmup` untimed calls.

    The median ignores the occasional slow call (scheduler, garbage collector); compare two
    techniques as a ratio of medians measured in the same process.
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_params(model) -> int:
    """Number of weights (trainable and not) of a Keras model."""
    return int(sum(int(w.numpy().size) for w in model.weights))


class Stopwatch:
    """Wall time since creation: `watch = Stopwatch(); ...; watch.seconds()`."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def seconds(self) -> float:
        return time.perf_counter() - self.start
