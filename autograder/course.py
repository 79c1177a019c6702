"""The course on disk, and the throw-away nbgrader course directories the grader works in."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
SHARED_CONFIG = Path(__file__).resolve().parent / "nbgrader_config.py"
STUDENT = "student"
DEMO_TAG = "demo"
SKIPPED_DEMO_SOURCE = "# (demo cell: skipped by the autograder)"

# Environment of every nbgrader process and the kernels it starts: warnings and TensorFlow's
# C++ logs silenced so that correct code never loses points to stderr.
GRADING_ENV = {
    "PYTHONWARNINGS": "ignore",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def assignment_ids(solutions: Path = SOLUTIONS) -> list[str]:
    """The notebook ids of the course, e.g. ['00_welcome', '01_data_augmentation', ...]."""
    return sorted(p.stem for p in solutions.glob("[0-9][0-9]_*.ipynb"))


def identify_assignment(path: str | os.PathLike, solutions: Path = SOLUTIONS) -> str:
    """The assignment a submission belongs to, from its file name.

    '04_quantization.ipynb', 'alice_04_quantization.ipynb' and '04_quantization (1).ipynb' all
    name 04_quantization. Raises ValueError when the name matches no assignment or several.
    """
    name = Path(path).name
    matches = [aid for aid in assignment_ids(solutions)
               if re.search(rf"(?<![0-9A-Za-z]){re.escape(aid)}(?![0-9A-Za-z])", name)]
    if len(matches) != 1:
        known = ", ".join(assignment_ids(solutions))
        what = "no assignment" if not matches else "several assignments"
        raise ValueError(f"the file name {name!r} names {what}; rename it to <id>.ipynb or pass "
                         f"--assignment (known ids: {known})")
    return matches[0]


def nbgrader_cells(nb) -> dict[str, dict]:
    """grade_id -> nbgrader metadata of every nbgrader cell of a notebook."""
    cells = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if isinstance(meta, dict) and meta.get("grade_id"):
            cells.setdefault(meta["grade_id"], meta)
    return cells


def is_demo_cell(cell) -> bool:
    """A code cell tagged `demo` that is not an nbgrader cell (answers and tests always run)."""
    metadata = cell.get("metadata", {})
    tags = metadata.get("tags", [])
    nbgrader = metadata.get("nbgrader", {})
    graded = isinstance(nbgrader, dict) and (nbgrader.get("solution") or nbgrader.get("grade"))
    return (cell.get("cell_type") == "code" and isinstance(tags, list) and DEMO_TAG in tags
            and not graded)


def skip_demo_cells(nb) -> int:
    """Blank the source of every demo cell in place; returns how many were skipped."""
    count = 0
    for cell in nb.cells:
        if is_demo_cell(cell):
            cell.source = SKIPPED_DEMO_SOURCE
            count += 1
    return count


def write_config(course_dir: Path, extra: str = "") -> None:
    db = course_dir / "gradebook.db"
    (course_dir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"load_subconfig({str(SHARED_CONFIG)!r})\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n"
        f"c.CourseDirectory.db_url = {('sqlite:///' + str(db))!r}\n"
        + extra
    )


def nbgrader_command(*args: str) -> list[str]:
    """`nbgrader ARGS` in a process that dies with this one (autograder/nbgrader_process.py)."""
    return [sys.executable, "-m", "autograder.nbgrader_process", *args]


def grading_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.pop("COURSE_RESULTS_DIR", None)  # grading never writes measured results
    env.update(GRADING_ENV)
    env["AUTOGRADER_PARENT_PID"] = str(os.getpid())  # nbgrader_process.PARENT_ENV
    # the course package must import in the kernel even when it is not installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # nbgrader runs `alembic` from PATH: put this environment's scripts first
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra or {})
    return env


def read_notebook_file(path: str | os.PathLike):
    """Read and validate a notebook; raises ValueError with a readable reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read the file: {error}") from None
    if not text.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the file is not valid JSON ({error}); was it saved from Jupyter?") from None
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        raise ValueError("the file is JSON but not a Jupyter notebook (no 'cells' or 'nbformat')")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several kinds
        raise ValueError(f"the notebook does not follow the Jupyter format: "
                         f"{str(error).splitlines()[0][:300]}") from None
    return nb


PREPARED_CACHE = ROOT / "build" / "prepared"


def prepared_name(assignment: str, solutions: Path = SOLUTIONS) -> str:
    """<id>-<digest>: changes whenever the solution, the nbgrader settings or nbgrader do."""
    source = solutions / f"{assignment}.ipynb"
    if not source.exists():
        raise ValueError(f"no solution notebook for assignment {assignment!r}")
    digest = hashlib.sha256(source.read_bytes() + SHARED_CONFIG.read_bytes()
                            + nbgrader_version().encode()).hexdigest()[:16]
    return f"{assignment}-{digest}"


class PreparedAssignment:
    """A course directory where `nbgrader generate_assignment` already ran for one assignment.

    Generating takes seconds; copying the prepared directory takes milliseconds, so every
    submission still gets its own directory and gradebook. The prepared directory is kept in
    build/prepared/, under a name that changes whenever the solution or the nbgrader settings do.
    """

    def __init__(self, assignment: str, solutions: Path = SOLUTIONS) -> None:
        self.assignment = assignment
        self.source = solutions / f"{assignment}.ipynb"
        self.dir = PREPARED_CACHE / prepared_name(assignment, solutions)
        if not (self.dir / "gradebook.db").exists():
            self._generate()
        self.cells = nbgrader_cells(nbformat.read(self.source, as_version=4))

    def _generate(self) -> None:
        PREPARED_CACHE.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{self.assignment}-", dir=PREPARED_CACHE))
        source_dir = work / "source" / self.assignment
        source_dir.mkdir(parents=True)
        shutil.copy(self.source, source_dir / f"{self.assignment}.ipynb")
        write_config(work)
        result = subprocess.run(
            nbgrader_command("generate_assignment", self.assignment, "--force", "--log-level=ERROR"),
            cwd=work, env=grading_env(), capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            shutil.rmtree(work, ignore_errors=True)
            raise RuntimeError(f"nbgrader generate_assignment failed for {self.assignment}:\n"
                               f"{result.stdout}\n{result.stderr}")
        try:
            work.rename(self.dir)  # atomic: a concurrent grader sees all of it or nothing
        except OSError:  # another process finished first; its copy is identical
            shutil.rmtree(work, ignore_errors=True)

    def copy_to(self, course_dir: Path) -> None:
        shutil.copytree(self.dir, course_dir, dirs_exist_ok=True)
        write_config(course_dir)


def nbgrader_version() -> str:
    from importlib.metadata import version

    return version("nbgrader")
