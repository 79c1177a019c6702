"""Runs inside the learner's kernel while a notebook is graded (never in JupyterLab).

The grader puts one cell at the top of the submission that calls `install()`. From then on, before
every cell:

- comparison and check functions that the learner's code replaced (`np.allclose = lambda *a: True`,
  `fastsmall.checks.check_close = ...`, `check_equal = ...` in the notebook, `builtins.isinstance`)
  are put back, and one `MARKER` line on stdout names them, so the grader can flag the submission;
- output is capped at `OUTPUT_LIMIT` characters per cell, so a print loop cannot flood the grader;
- stderr goes to stdout, so correct code that logs to stderr keeps its points (nbgrader scores a
  test cell that wrote to stderr 0).

It also installs an audit hook (`sys.addaudithook`, which cannot be removed) that notes every
attempt to reach files outside the notebook's own folder: reading or listing the course
repository, the grader's folders (AUTOGRADER_HIDDEN), another process's /proc entry, writing
outside the working folder and /tmp, commands that name such paths. After each cell one `REACHED`
line names the new ones, so the grader can report them. In the sandbox (sandbox.py) these
attempts fail; without it they are only reported.

This defends against monkeypatching by name, not against a learner set on breaking the grader
from inside the same process (see autograder/README.md, threat model).
"""
from __future__ import annotations

import builtins  # noqa: F401 (watched: must be in sys.modules)
import json
import math  # noqa: F401 (watched)
import os
import re
import sys
import types

GUARD_CELL_ID = "autograder-guard"
GUARD_SOURCE = '__import__("autograder.kernel_guard").kernel_guard.install()'
MARKER = "[autograder] replaced:"
REACHED = "[autograder] reached:"
HIDDEN_ENV = "AUTOGRADER_HIDDEN"  # same name as sandbox.HIDDEN_ENV (this module imports nothing)
MAX_REACHED = 20
OUTPUT_LIMIT = 100_000
# Modules whose callables are restored; dotted paths are looked up from the top module, and the
# ones not imported yet are watched from the first cell after the notebook imports them.
WATCHED = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "fastsmall.checks",
           "fastsmall.data", "fastsmall.deploy",
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


def _is_under(path: str, folders) -> bool:
    return any(path == f or path.startswith(f + "/") for f in folders)


class _Watch:
    """The audit hook: remembers attempts to reach files outside the notebook's folder."""

    READS = {"open": "read", "os.listdir": "listed", "os.scandir": "listed",
             "glob.glob": "listed", "glob.glob/2": "listed", "os.chdir": "entered"}
    WRITES = {"os.remove", "os.rename", "os.replace", "os.mkdir", "os.rmdir", "os.symlink",
              "os.link", "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree",
              "shutil.move", "shutil.copyfile", "shutil.copytree"}
    COMMANDS = {"subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.spawn"}
    # another process's working folder, root, open files, environment or memory
    OTHER_PROCESS = re.compile(r"^/proc/(\d+)(?:/(?:cwd|root|fd|environ|mem|map_files)(?:/|$)|$)")

    def __init__(self) -> None:
        repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        hidden = [p for p in os.environ.get(HIDDEN_ENV, "").split(os.pathsep) if p]
        self.hidden = [os.path.normpath(p) for p in hidden or [repository]]
        here = os.getcwd()
        course_code = [os.path.join(repository, "fastsmall"), os.path.join(repository, "autograder")]
        self.allowed = [os.path.normpath(p) for p in
                        (here, sys.prefix, sys.base_prefix, "/tmp", *course_code)]
        # libraries keep caches and settings in the home folder (in the sandbox, /tmp)
        self.writable = [os.path.normpath(p) for p in
                         (here, "/tmp", "/dev", os.path.expanduser("~"))]
        self.found: dict[str, None] = {}
        self.reported = 0
        self.busy = False

    def _hidden(self, path: str) -> bool:
        """Another process's /proc entry, or a path whose closest listed folder is a hidden one."""
        match = self.OTHER_PROCESS.match(path)
        if match:
            return int(match.group(1)) != os.getpid()
        closest = max(((len(f), f in self.hidden) for f in (*self.hidden, *self.allowed)
                       if _is_under(path, [f])), default=(0, False))
        return closest[1]

    def _names_hidden(self, word: str) -> bool:
        """A command-line word that is, or mentions, a hidden path (the environment's own
        interpreter, under an allowed folder, is fine)."""
        if word.startswith("/") and not any(c.isspace() for c in word):
            return self._hidden(os.path.normpath(word))
        return any(h in word for h in self.hidden) or "/proc/" in word

    @staticmethod
    def _path(value) -> str | None:
        if isinstance(value, int) or value is None:
            return None  # a file descriptor
        try:
            return os.path.normpath(os.path.abspath(os.fsdecode(value)))
        except (TypeError, ValueError):
            return None

    def _note(self, what: str, path: str) -> None:
        if len(self.found) < MAX_REACHED:
            self.found.setdefault(f"{what} {path}", None)

    def hook(self, event: str, args: tuple) -> None:
        if event not in self.READS and event not in self.WRITES and event not in self.COMMANDS:
            return
        if self.busy:
            return
        self.busy = True
        try:
            caller = sys._getframe(1).f_code.co_filename
            if caller.startswith("<frozen importlib"):
                return  # the import system looking along sys.path
            if event in self.COMMANDS:
                words = args[1] if event == "subprocess.Popen" else args[:2]
                words = [words] if isinstance(words, (str, bytes)) else list(words or [])
                words = [os.fsdecode(w) for w in words if isinstance(w, (str, bytes))]
                if any(self._names_hidden(word) for word in words):
                    self._note("ran", " ".join(words)[:200])
                return
            path = self._path(args[0] if args else None)
            if path is None:
                return
            writing = event in self.WRITES
            if event == "open":
                mode, flags = (args + (None, None))[1:3]
                writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if self._hidden(path) or (writing and not _is_under(path, self.writable)):
                self._note("wrote" if writing else self.READS.get(event, "read"), path)
        except Exception:  # an audit hook that raises would break the learner's own call
            pass
        finally:
            self.busy = False

    def new_reports(self) -> list[str]:
        found = list(self.found)
        new, self.reported = found[self.reported:], len(found)
        return new


class _Guard:
    def __init__(self, user_ns: dict) -> None:
        self.user_ns = user_ns
        self.real_stdout = sys.stdout
        self.streams = (_CappedStream(sys.stdout), _CappedStream(sys.stdout))  # stdout, stderr
        self.modules: dict[str, types.ModuleType] = {}
        self.originals: dict[str, dict[str, object]] = {}  # module path -> name -> callable
        self.names: dict[str, object] = {}  # notebook names bound to watched objects
        self.watch = _Watch()

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
        self.after_cell()

    def after_cell(self, *_args) -> None:
        reached = self.watch.new_reports()
        if reached:
            self.real_stdout.write(f"{REACHED} {json.dumps(reached)}\n")
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
    shell.events.register("post_run_cell", guard.after_cell)
    sys.addaudithook(guard.watch.hook)
    guard.before_cell()
