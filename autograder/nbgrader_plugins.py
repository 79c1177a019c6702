"""nbgrader extensions the course's nbgrader_config.py switches on (also in a standard nbgrader course).

- `InsertGuard` puts the grader's guard cell at the top of every submission (see kernel_guard.py).
- `SkipDemoCells` blanks the slow, ungraded cells tagged `demo` (course.skip_demo_cells).
- `ResilientExecute` is nbgrader's Execute, except that a kernel that dies (`os._exit`, a crash)
  or ignores the interrupt after a cell timeout fails the remaining cells, which then score 0,
  instead of failing the whole notebook with no scores at all.
- `ExportScores` copies the scores nbgrader just saved in the gradebook into the graded notebook's
  metadata, so the grader reads them there without importing nbgrader's database layer.
- `IsolatedKernelManager` starts the kernel in the bubblewrap sandbox (sandbox.py) where it works,
  else without network access where Linux allows that.
- `NoOutputWidgetCapture` (in ResilientExecute, and in every other notebook run of the course's
  tools) keeps nbclient from imitating a front end's Output widget.
"""
from __future__ import annotations

import functools
import os
import subprocess
import uuid

import psutil
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from . import sandbox
from .course import skip_demo_cells
from .kernel_guard import GUARD_CELL_ID, GUARD_SOURCE

KERNEL_STOPPED = "KernelStopped"


@functools.cache
def network_off_prefix() -> tuple[str, ...]:
    """The command prefix that runs a program without network here, or () when none works."""
    for prefix in (("unshare", "--net", "--"), ("unshare", "--map-root-user", "--net", "--")):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.SubprocessError):
            pass
    return ()


class IsolatedKernelManager(AsyncKernelManager):
    """A kernel in the bubblewrap sandbox (sandbox.py) where it works, else in a network namespace
    of its own where Linux allows that. Either way it reaches no network, not even localhost, so it
    talks to the grader over Unix sockets (transport "ipc") instead of TCP."""

    def __init__(self, **kwargs) -> None:
        self._sandbox = sandbox.KernelSandbox() if sandbox.status().available else None
        if self._sandbox is not None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", self._sandbox.socket_base)
            kwargs.setdefault("connection_file", self._sandbox.connection_file)
        elif network_off_prefix():
            kwargs.setdefault("transport", "ipc")
            # an absolute socket path (the kernel runs in another folder) in the grader's working
            # folder, which is the throw-away course directory: removed even if the kernel is killed
            kwargs.setdefault("ip", os.path.join(os.getcwd(), f".kernel-{uuid.uuid4().hex[:12]}"))
        super().__init__(**kwargs)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if self._sandbox is not None:
            kernel_cmd = self._sandbox.command(kernel_cmd, kw.get("cwd") or os.getcwd())
            kw["env"] = sandbox.kernel_env(kw.get("env") or dict(os.environ))
            # a signal to the process group would stop bwrap itself: interrupt by message (the
            # kernel then sends SIGINT to itself)
            self.kernel_spec.interrupt_mode = "message"
        else:
            kernel_cmd = [*network_off_prefix(), *kernel_cmd]
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def _left_running(self) -> list[str]:
        """Processes in the sandbox besides the kernel (and bwrap's own init)."""
        pid = getattr(self.provisioner, "pid", None)
        if self._sandbox is None or pid is None:
            return []
        try:
            inside = psutil.Process(pid).children(recursive=True)
        except psutil.Error:
            return []
        names, kernel_copies = [], []
        for process in inside:
            try:
                if process.ppid() == pid and process.name() == "bwrap":
                    continue  # bwrap's init: PID 1 of the sandbox
                if self.connection_file in process.cmdline():
                    kernel_copies.append((process.create_time(), process.name()))
                else:
                    names.append(process.name())
            except psutil.Error:
                pass
        # the first-started is the kernel itself; later ones are forks of it still running
        return names + [name for _, name in sorted(kernel_copies)[1:]]

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        left = self._left_running()
        if left:
            self.log.warning(sandbox.left_running_line(left))
        await super().shutdown_kernel(now=now, restart=restart)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._sandbox is not None and not restart:
            self._sandbox.cleanup()


class InsertGuard(NbGraderPreprocessor):
    """Insert the guard cell (ungraded, no nbgrader metadata) at the top of the notebook."""

    def preprocess(self, nb, resources):
        if not nb.cells or nb.cells[0].get("id") != GUARD_CELL_ID:
            cell = new_code_cell(GUARD_SOURCE, metadata={"tags": [GUARD_CELL_ID]})
            cell.id = GUARD_CELL_ID
            nb.cells.insert(0, cell)
        return nb, resources


SCORES_KEY = "autograder_scores"


class ExportScores(NbGraderPreprocessor):
    """Put the scores SaveAutoGrades just stored into metadata[SCORES_KEY]: [{"grade_id", "score",
    "max_score"}, ...]. They are computed the way SaveAutoGrades computes them (nbgrader's
    `determine_grade` of each grade cell, whose points OverwriteCells took from the gradebook), so
    the gradebook need not be opened again."""

    def preprocess(self, nb, resources):
        from nbgrader.utils import determine_grade, is_grade

        scores = []
        for cell in nb.cells:
            if is_grade(cell):
                score, max_score = determine_grade(cell, self.log)
                scores.append({"grade_id": cell.metadata["nbgrader"]["grade_id"],
                               "score": float(score or 0.0), "max_score": float(max_score)})
        nb.metadata[SCORES_KEY] = scores
        return nb, resources


class SkipDemoCells(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        skip_demo_cells(nb)
        return nb, resources


class NoOutputWidgetCapture:
    """A mix-in for nbclient's NotebookClient: widgets' comms are not given nbclient's Output widget.

    nbclient routes what runs inside an Output widget (an `ipywidgets.interact` has one) into the
    widget's state. A cell with an `interact` then sometimes waits for its reply until the cell
    timeout, and carries on as if nothing happened (measured with nbclient 0.11: in about 1 run of
    6 of a notebook holding six such cells; never in 30 runs with this mix-in). Without it, the
    function's first output simply stays in the cell's outputs; the widgets' state is still saved.
    """

    def on_comm_open_jupyter_widget(self, msg):
        return None


class ResilientExecute(NoOutputWidgetCapture, Execute):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["kernel_manager_class"] = IsolatedKernelManager
        super().__init__(*args, **kwargs)
        self.stopped_because = ""

    def preprocess_cell(self, cell, resources, index):
        if self.stopped_because and cell.cell_type == "code":
            cell.outputs = [_error(KERNEL_STOPPED, f"not run: {self.stopped_because}")]
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self.stopped_because = "the kernel died in an earlier cell"
            cell.outputs.append(_error("DeadKernelError", "the kernel died while running this "
                                       "cell (os._exit, a crash, or out of memory)"))
        except CellTimeoutError:
            self.stopped_because = "an earlier cell ran past the time limit and ignored the interrupt"
            cell.outputs.append(_error("CellTimeoutError", f"this cell ran longer than "
                                       f"{self.timeout} s and ignored the interrupt"))
        return cell, self.resources


def _error(name: str, value: str):
    return new_output("error", ename=name, evalue=value, traceback=[f"{name}: {value}"])
