"""The nbgrader process the grader starts: `python -m autograder.nbgrader_process autograde ...`.

The same as `python -m nbgrader ...`, with two differences:
- importing `autograder` first defers rfc3987_syntax's grammar (autograder/__init__.py), which
  would otherwise cost every grading process about 1.8 s;
- on Linux the process dies with the grader that started it (PR_SET_PDEATHSIG), so a batch worker
  that is killed leaves no grading running without its limits; the kernel, in turn, dies with
  nbgrader (bwrap --die-with-parent, or the process tree being killed).
"""
from __future__ import annotations

import os
import signal
import sys

import autograder  # noqa: F401 (defers rfc3987_syntax before nbgrader imports jsonschema)

PARENT_ENV = "AUTOGRADER_PARENT_PID"
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    parent = os.environ.pop(PARENT_ENV, "")
    if not parent or not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != int(parent):  # the grader died before prctl took effect
        os._exit(1)


def main() -> None:
    _die_with_parent()
    from nbgrader.apps.nbgraderapp import main as nbgrader_main

    sys.argv[0] = "nbgrader"
    nbgrader_main()


if __name__ == "__main__":
    main()
