"""Runs inside the learner's kernel while a notebook is graded (never in JupyterLab).

The grader puts one cell at the top of the submission that calls `install()`. From then on, before
every cell:

- comparison and check functions that the learner's code replaced (`np.allclose = lambda *a: True`,
  `fastsmall.checks.check_close = ...`, `check_equal = ...` in the notebook, `builtins.isinstance`)
  are put back, and one `MARKER` line on stdout names them, so the grader can flag the submission;
- output is capped at `OUTPUT_LIMIT` characters per cell, so a print loop cannot flood the grader;
- stderr goes to stdout, so correct code that logs to stderr keeps its points (nbgrader scores a
  test cell that wrote to stderr 0).

This defends against monkeypatching by name, not against a learner set on breaking the grader
from inside the same process (see autograder/README.md, threat model).
"""
from __future__ import annotations

import builtins  # noqa: F401 (watched: must be in sys.modules)
import math  # noqa: F401 (watched)
import sys
import types

MARKER = "[autograder] replaced:"
OUTPUT_LIMIT = 100_000
# Modules whose callables are restored; dotted paths are looked up from the top module, and the
# ones not imported yet are watched from the first cell after the notebook imports them.
WATCHED = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "fastsmall.checks",
           "tensorflow", "tensorflow.math", "tensorflow.nn", "tensorflow.debugging",
           "tensorflow.experimental.numpy", "keras", "keras.ops", "keras.activations")
# builtins that IPython itself rebinds around every cell
IPYTHON_BUILTINS = {"input", "raw_input", "get_ipython", "display", "exit", "quit", "help"}


class _CappedStream:
    """A text stream that forwards at most OUTPUT_LIMIT characters per cell, then one notice."""

    def __init__(self, target) -> None:
        self._target = target
        self.written = 0

    def write(self, text) -> int:
        text = str(text)
        room = OUTPUT_LIMIT - self.written
        self.written += len(text)
        if room >= 0:  # once past the limit, a flood costs almost nothing
            self._target.write(text[:room])
            if len(text) > room:
                self._target.write(f"\n[autograder] output cut after {OUTPUT_LIMIT} characters\n")
        return len(text)

    def __getattr__(self, name):  # everything else (flush, encoding, ipykernel's own) as before
        return getattr(self._target, name)


class _Guard:
    def __init__(self, user_ns: dict) -> None:
        self.user_ns = user_ns
        self.real_stdout = sys.stdout
        self.streams = (_CappedStream(sys.stdout), _CappedStream(sys.stdout))  # stdout, stderr
        self.modules: dict[str, types.ModuleType] = {}
        self.originals: dict[str, dict[str, object]] = {}  # module path -> name -> callable
        self.names: dict[str, object] = {}  # notebook names bound to watched objects

    def _lookup(self, path: str):
        top, *rest = path.split(".")
        value = sys.modules.get(top)
        for part in rest:
            value = getattr(value, part, None)
        return value if isinstance(value, types.ModuleType) else None

    def _snapshot_new_modules(self) -> None:
        for path in WATCHED:
            if path not in self.modules and (module := self._lookup(path)) is not None:
                self.modules[path] = module
                self.originals[path] = {name: value for name, value in vars(module).items()
                                        if callable(value) and not (path == "builtins" and
                                                                    name in IPYTHON_BUILTINS)}
        watched = {id(m) for m in self.modules.values()}
        watched |= {id(v) for v in self.originals.get("fastsmall.checks", {}).values()}
        for name, value in list(self.user_ns.items()):
            if name not in self.names and id(value) in watched:
                self.names[name] = value

    def restore(self) -> list[str]:
        """Put back every replaced watched object; returns what was replaced."""
        replaced = []
        for path, module in self.modules.items():
            parent, _, attr = path.rpartition(".")
            if parent in self.modules and getattr(self.modules[parent], attr, None) is not module:
                setattr(self.modules[parent], attr, module)
                replaced.append(path)
            namespace = vars(module)
            for name, original in self.originals[path].items():
                if namespace.get(name) is not original:
                    setattr(module, name, original)
                    replaced.append(f"{path}.{name}")
        for name, original in self.names.items():
            if self.user_ns.get(name, original) is not original:
                self.user_ns[name] = original
                replaced.append(name)
        return replaced

    def before_cell(self, *_args) -> None:
        replaced = self.restore()
        self._snapshot_new_modules()
        for stream in self.streams:
            stream.written = 0
        sys.stdout, sys.stderr = self.streams
        if replaced:
            self.real_stdout.write(f"{MARKER} {', '.join(replaced)}\n")
            self.real_stdout.flush()


def install() -> None:
    """Start guarding the running IPython kernel (called by the grader's first cell)."""
    import numpy  # noqa: F401 (imported so that it is watched before any learner code runs)
    import numpy.testing  # noqa: F401

    import fastsmall.checks  # noqa: F401

    shell = get_ipython()  # noqa: F821 (IPython provides it in the kernel)
    guard = _Guard(shell.user_ns)
    guard._snapshot_new_modules()
    # the learner's notebook may use these names for the course's helpers later
    for name, value in guard.originals["fastsmall.checks"].items():
        if not name.startswith("_"):
            guard.names.setdefault(name, value)
    shell.events.register("pre_run_cell", guard.before_cell)
    guard.before_cell()
