"""Run the learner's kernel in a bubblewrap (`bwrap`) sandbox while a notebook is graded.

The kernel sees a file system of its own: the system (/usr, /etc) and the Python environment
read-only, of this repository only the `fastsmall` package and the two files of `autograder` that
the guard cell imports, a private /tmp, and one writable scratch folder at the kernel's working
directory (a copy of the files handed out with the assignment). Everything else does not exist
for it: solutions/, the per-submission course folder (source/, the gradebook, the notebook with
its hidden tests), build/prepared, the class's submissions and the grading output. It has no
network (not even loopback to the host), its own PID, IPC and UTS namespaces, runs as a user id
of its own with no capabilities and a limit on processes, and every process it starts dies with
it (the PID namespace ends when the kernel does).

The kernel talks to nbgrader over Unix sockets in a run folder that is bound in at the same path.

Where bwrap is missing or cannot create namespaces (not Linux, a container without user
namespaces), `status()` says why and the grader grades as before, saying "not sandboxed: ...".
This module only uses the standard library: nbgrader's process imports it for every kernel.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# "off" switches the sandbox off (python -m autograder ... --no-sandbox); "on" tells nbgrader's
# process that the grader already checked that bwrap works here.
SANDBOX_ENV = "AUTOGRADER_SANDBOX"
# Paths (os.pathsep-separated) the guard reports when the notebook tries to reach them.
HIDDEN_ENV = "AUTOGRADER_HIDDEN"
# processes and threads of one kernel (TensorFlow starts about two threads per core)
MAX_PROCESSES = int(os.environ.get("AUTOGRADER_MAX_PROCESSES", "256"))
# A grading run as root gives its kernel the user id UID_BASE + (pid of nbgrader's process): a
# user of its own, so the process limit counts this kernel only and it owns no file of the host.
UID_BASE = 3_000_000_000
LEFT_RUNNING = "[autograder] left running:"
SANDBOX_MPL_CACHE = "/tmp/.cache/matplotlib"  # matplotlib's cache folder for HOME=/tmp  # logged by nbgrader's process, read by grading.py

REPOSITORY = Path(__file__).resolve().parent.parent
# What the kernel needs from this repository: the course package and the guard.
COURSE_CODE = ("fastsmall", "autograder/__init__.py", "autograder/kernel_guard.py")
SYSTEM_DIRS = ("/usr", "/etc")
SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
NAMESPACES = ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
              "--unshare-cgroup-try")
# The environment the kernel gets: these names and prefixes only (the grader's own variables, which
# may hold credentials, stay outside).
KEEP_ENV = {"PATH", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONPATH", "PYTHONWARNINGS",
            "PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
            "MPLBACKEND", "NBGRADER_EXECUTION", "LD_LIBRARY_PATH", "VIRTUAL_ENV",
            "PYDEVD_DISABLE_FILE_VALIDATION", HIDDEN_ENV}
KEEP_ENV_PREFIXES = ("LC_", "TF_", "OMP_", "MKL_", "OPENBLAS_", "KERAS_", "XLA_", "JPY_",
                     "CUDA_", "NVIDIA_")

# Runs first inside the sandbox: become the kernel's own user, limit processes, start the kernel.
LAUNCHER = """\
import os, resource, sys
uid, limit = int(sys.argv[1]), int(sys.argv[2])
if uid >= 0 and os.getuid() == 0:
    os.setgroups([]); os.setgid(uid); os.setuid(uid)
hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
os.environ["JPY_PARENT_PID"] = "1"  # the parent is PID 1 here (bwrap watches the real one)
os.execv(sys.argv[3], sys.argv[3:])
"""


@dataclass(frozen=True)
class Status:
    available: bool
    reason: str = ""  # why not, when not available

    def note(self) -> str:
        """'' when sandboxed, else the 'not sandboxed: ...' note every result carries."""
        return "" if self.available else f"not sandboxed: {self.reason}"


def _is_root() -> bool:
    return os.geteuid() == 0


def _bwrap() -> str | None:
    return shutil.which("bwrap")


@functools.cache
def status() -> Status:
    """Whether kernels can run in the sandbox here, and if not why (checked once per process)."""
    setting = os.environ.get(SANDBOX_ENV, "").lower()
    if setting == "off":
        return Status(False, "switched off (--no-sandbox)")
    if not sys.platform.startswith("linux"):
        return Status(False, f"bubblewrap needs Linux, this is {sys.platform}")
    bwrap = _bwrap()
    if bwrap is None:
        return Status(False, "bwrap is not installed (make sandbox, or apt-get install bubblewrap)")
    if setting == "on":
        return Status(True)
    probe = [bwrap, "--die-with-parent", *NAMESPACES, *_capabilities(),
             *_system_binds(), "--proc", "/proc", "--dev", "/dev", "--", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as error:
        return Status(False, f"bwrap cannot run here ({error})")
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        return Status(False, f"bwrap cannot create its namespaces here ({first})")
    return Status(True)


def description() -> str:
    """One line for a batch summary."""
    current = status()
    if not current.available:
        return current.note()
    return ("sandboxed: each kernel ran in bubblewrap (no network, only its own folder "
            "writable, solutions and other submissions not visible)")


def _capabilities() -> list[str]:
    # bwrap run by root keeps every capability unless told otherwise; the launcher needs only
    # these two to switch to the kernel's own user, which then has none at all
    if _is_root():
        return ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return []


def _system_binds() -> list[str]:
    args = []
    for path in SYSTEM_DIRS:
        if os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in SYSTEM_LINKS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def kernel_env(env: dict[str, str]) -> dict[str, str]:
    """The kernel's environment: the allowed part of `env`, a home and a temp folder in /tmp."""
    kept = {name: value for name, value in env.items()
            if name in KEEP_ENV or name.startswith(KEEP_ENV_PREFIXES)}
    kept.update(HOME="/tmp", TMPDIR="/tmp", USER="learner", LOGNAME="learner")
    return kept


class KernelSandbox:
    """The folders of one sandboxed kernel, and the command that starts it.

    Made before the kernel starts (the connection file and sockets go to `run_dir`); `command()`
    wraps the kernel's command line; `cleanup()` removes everything once the kernel is gone.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="autograder-sandbox-"))
        self.run_dir = self.root / "run"
        self.scratch = self.root / "work"
        self.run_dir.mkdir()
        self.uid = UID_BASE + os.getpid() if _is_root() else -1

    @property
    def connection_file(self) -> str:
        return str(self.run_dir / "kernel.json")

    @property
    def socket_base(self) -> str:
        return str(self.run_dir / "kernel")

    def _own(self, path: Path) -> None:
        """Give the kernel's user a folder (and what is in it) that it must write to."""
        if self.uid < 0:
            return
        for folder, _, files in os.walk(path):
            os.chown(folder, self.uid, self.uid)
            for name in files:
                os.chown(os.path.join(folder, name), self.uid, self.uid)

    def _fill_scratch(self, cwd: str) -> None:
        """The files handed out with the assignment; not the notebooks (the one being graded holds
        the hidden tests at this point)."""
        shutil.copytree(cwd, self.scratch, ignore=shutil.ignore_patterns("*.ipynb", ".*"),
                        dirs_exist_ok=True)

    def command(self, kernel_cmd: list[str], cwd: str) -> list[str]:
        cwd = os.path.abspath(cwd)
        self._fill_scratch(cwd)
        self._own(self.scratch)
        self._own(self.run_dir)
        args = [_bwrap(), "--die-with-parent", *NAMESPACES, "--hostname", "sandbox",
                *_capabilities(), *_system_binds(),
                "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
        # matplotlib writes to its cache folder, or warns on stderr: one it may write to
        args += ["--perms", "1777", "--dir", str(Path(SANDBOX_MPL_CACHE).parent),
                 "--perms", "1777", "--dir", SANDBOX_MPL_CACHE]
        created = {"/", "/tmp", *SYSTEM_DIRS, str(Path(SANDBOX_MPL_CACHE).parent), SANDBOX_MPL_CACHE}
        binds: list[tuple[str, str, str]] = []  # (option, source, destination)
        read_only = {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix)}
        read_only |= {str(REPOSITORY / part) for part in COURSE_CODE}
        for path in sorted(read_only):
            if os.path.exists(path) and not _inside(path, SYSTEM_DIRS):
                binds.append(("--ro-bind", path, path))
        binds.append(("--bind", str(self.run_dir), str(self.run_dir)))
        binds.append(("--bind", str(self.scratch), cwd))
        for font_list in _matplotlib_font_lists():  # else every kernel rebuilds it (~0.1 s)
            binds.append(("--ro-bind", str(font_list), f"{SANDBOX_MPL_CACHE}/{font_list.name}"))
        for option, source, destination in sorted(binds, key=lambda b: b[2].count("/")):
            for parent in reversed(Path(destination).parents):
                if str(parent) not in created and not _inside(str(parent), [b[2] for b in binds
                                                                           if b[2] != destination]):
                    args += ["--perms", "0755", "--dir", str(parent)]
                    created.add(str(parent))
            args += [option, source, destination]
            created.add(destination)
        args += ["--chdir", cwd, "--", sys.executable, "-I", "-S", "-c", LAUNCHER,
                 str(self.uid), str(MAX_PROCESSES), *kernel_cmd]
        return args

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _matplotlib_font_lists() -> list[Path]:
    """The grading user's cached matplotlib font lists (found without importing matplotlib)."""
    folder = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    return sorted(Path(folder).glob("fontlist-v*.json"))


def _inside(path: str, folders) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def hidden_paths(*extra: str | os.PathLike) -> str:
    """The value of HIDDEN_ENV: this repository and `extra` (course folder, class folders)."""
    return os.pathsep.join(dict.fromkeys(str(Path(p).resolve()) for p in (REPOSITORY, *extra)))


def left_running_line(names: list[str]) -> str:
    return f"{LEFT_RUNNING} {json.dumps(names)}"


def parse_left_running(log_text: str) -> list[str]:
    names: list[str] = []
    for line in log_text.splitlines():
        at = line.find(LEFT_RUNNING)
        if at >= 0:
            try:
                names += json.loads(line[at + len(LEFT_RUNNING):])
            except ValueError:
                pass
    return names
