"""The learner's JupyterLab: how `make lab` starts it and which settings `make install` gives it.

    python -m fastsmall.lab [jupyter lab options]   start JupyterLab on notebooks/ (what `make lab` runs)
    python -m fastsmall.lab setup                   learner set-up (what `make install` runs)
    python -m fastsmall.lab setup --instructor      turn nbgrader's instructor tools back on

The learner set-up, in this environment only (sys.prefix):
- disables (and locks) nbgrader's instructor plugins in JupyterLab (the Create Assignment sidebar,
  the Nbgrader menu, formgrader, course list, assignment list); the learner's Validate button stays;
- disables the matching nbgrader server extensions, so /formgrader is not served at all;
- sets JupyterLab's default to never fetch Jupyter news nor check for updates, so the
  "get notified about official Jupyter news?" pop-up does not cover the notebook (the course is
  offline anyway), and hides the extension manager (it searches PyPI for JupyterLab extensions).
  A user's own choice in the Settings menu or Settings Editor still wins over these defaults;
- makes the Validate button skip the cells tagged `demo` (the long experiments), exactly as the
  grader does, so validating takes seconds: an nbgrader config file in this environment's
  etc/jupyter sets `Execute.skip_cells_with_tag`.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from fastsmall.kernel import KERNEL_NAME

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# Plugin ids as registered by nbgrader 0.9's JupyterLab extension (@jupyter/nbgrader). The menu plugin
# only gathers the instructor commands below into an "Nbgrader" menu; Validate is a separate plugin,
# "@jupyter/nbgrader:validate-assignment", which stays on.
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
)
VALIDATE_PLUGIN = "@jupyter/nbgrader:validate-assignment"
# nbgrader's server side of the same tools; the Validate button needs only validate_assignment.
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
)
# Defaults for JupyterLab's settings, installed as an overrides.d file in the application's
# settings folder (read by jupyterlab_server; the user's own settings still take precedence).
SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # The extension manager searches PyPI for JupyterLab extensions: not needed, and offline here.
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}
OVERRIDES_NAME = "fastsmall-course.json"
# nbgrader's Validate reads its configuration from the Jupyter config path, which includes this
# environment's etc/jupyter; nbclient's `skip_cells_with_tag` leaves a tagged cell unexecuted.
VALIDATE_CONFIG = {"Execute": {"skip_cells_with_tag": "demo"}}


def command(*args: str, root_dir: str | os.PathLike = NOTEBOOKS) -> list[str]:
    """The command that starts the course's JupyterLab, with extra `jupyter lab` options appended.

    It serves `root_dir` and offers only the course kernel, which is also the kernel of a new
    notebook: the environment's plain "Python 3 (ipykernel)" would copy TensorFlow's start-up
    lines into the notebook as red stderr output."""
    # Jupyter refuses to run as root without --allow-root (containers, CI); ordinary users never need it.
    allow_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root_dir}",
            f"--KernelSpecManager.allowed_kernelspecs={KERNEL_NAME}",
            f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}", *allow_root, *args]


def overrides_path() -> Path:
    from jupyterlab.commands import get_app_dir
    return Path(get_app_dir()) / "settings" / "overrides.d" / OVERRIDES_NAME


def validate_config_path() -> Path:
    return Path(sys.prefix) / "etc" / "jupyter" / "nbgrader_config.json"


def setup(instructor: bool = False) -> list[str]:
    """Hide (learner) or show (instructor) nbgrader's instructor tools; returns what was done."""
    from jupyter_server.extension.serverextension import toggle_server_extension_python
    from jupyterlab.commands import disable_extension, enable_extension, lock_extension, unlock_extension

    done = []
    # Locked: JupyterLab's Advanced Plugin Manager lists them but cannot switch them on. (JupyterLab's
    # migration from 4.0 locks disabled plugins anyway, the next time it or `jupyter labextension` runs.)
    for plugin in INSTRUCTOR_PLUGINS:
        if instructor:
            unlock_extension(plugin, level="sys_prefix")
            enable_extension(plugin, level="sys_prefix")
        else:
            disable_extension(plugin, level="sys_prefix")
            lock_extension(plugin, level="sys_prefix")
    done.append(f"{'enabled' if instructor else 'disabled and locked'} JupyterLab plugins "
                f"{', '.join(INSTRUCTOR_PLUGINS)}")
    enable_extension(VALIDATE_PLUGIN, level="sys_prefix")
    for name in INSTRUCTOR_SERVER_EXTENSIONS:
        toggle_server_extension_python(name, enabled=instructor, sys_prefix=True)
    done.append(f"{'enabled' if instructor else 'disabled'} server extensions {', '.join(INSTRUCTOR_SERVER_EXTENSIONS)}")
    path = overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(SETTINGS_OVERRIDES, indent=2) + "\n")
    done.append(f"wrote JupyterLab setting defaults to {path}")
    config = validate_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(VALIDATE_CONFIG, indent=2) + "\n")
    done.append(f"Validate skips demo cells ({config})")
    return done


def main(argv: list[str]) -> None:
    if argv[:1] == ["setup"]:
        unknown = set(argv[1:]) - {"--instructor"}
        if unknown:
            sys.exit(f"usage: python -m fastsmall.lab setup [--instructor]   (unknown: {' '.join(sorted(unknown))})")
        for line in setup(instructor="--instructor" in argv):
            print(line)
        return
    cmd = command(*argv)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
