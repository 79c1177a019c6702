"""Replay variants of a solution notebook's answers in one kernel: the fast wrong-answer check.

Grading a submission with nbgrader costs a new course directory, an nbgrader process, a kernel and
the whole graded part of the notebook. To check dozens of wrong answers per notebook, this runs the
solution's graded part (demo cells skipped, the grader's guard cell first, the grader's
environment) once in one kernel; a variant then re-runs only the cells from its first changed
answer cell to the last test it must fail, with the changed sources.

Nothing is undone after a variant: replay variants in order of their first changed cell, LAST
first. A variant depends only on the cells before its first changed cell, and every variant
replayed before it changed and ran cells at or after that point, never before it. Cells from the
first changed one onwards are re-run by the variant itself. (Out of that order, for example one
test picked with `pytest -k`, the cells in between are first run again as the solution has them.)

A test cell "fails" exactly when nbgrader would score it 0: it raised an error or wrote to stderr.
tests/test_wrong_answers.py also grades variants with nbgrader itself, to keep the two in step.
"""
from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from autograder import course
from autograder.benchmark import CourseNotebookClient
from autograder.nbgrader_plugins import InsertGuard

CELL_TIMEOUT = 120


def changed_sources(cells, case: dict) -> dict[str, str]:
    """grade id -> new source of every answer cell that `case` replaces or edits."""
    replace, edit = dict(case.get("replace", {})), dict(case.get("edit", {}))
    sources = {}
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id not in replace and grade_id not in edit:
            continue
        assert meta.get("solution"), f"{grade_id} is not an answer cell"
        source = replace.pop(grade_id, cell.source)
        for old, new in edit.pop(grade_id, []):
            assert old in source, f"{grade_id}: the solution no longer contains {old!r}"
            source = source.replace(old, new)
        sources[grade_id] = source
    missing = sorted({*replace, *edit})
    assert not missing, f"no answer cells with grade ids {missing}"
    return sources


def build_submission(assignment: str, case: dict, folder: Path) -> Path:
    """The solution notebook with `case`'s answer cells changed, written to folder/<id>.ipynb."""
    nb = nbformat.read(course.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    sources = changed_sources(nb.cells, case)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    return path


def _failure(cell) -> str:
    """What nbgrader would score 0 for in an executed cell ("" when the cell passed)."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "wrote to stderr: " + output.get("text", "")[:300]
    return ""


class NotebookReplay:
    """One kernel that has run a solution notebook's graded part, ready to replay variants."""

    def __init__(self, assignment: str) -> None:
        self.assignment = assignment
        nb = nbformat.read(course.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
        course.skip_demo_cells(nb)
        InsertGuard().preprocess(nb, {})
        self.nb = nb  # nbclient writes each executed cell back into this notebook
        self.cells = copy.deepcopy(nb.cells)  # so the pristine sources are kept here
        self.position = {cell.metadata["nbgrader"]["grade_id"]: index
                         for index, cell in enumerate(nb.cells)
                         if cell.metadata.get("nbgrader", {}).get("grade_id")}
        self.tests = [g for g, i in self.position.items()
                      if nb.cells[i].metadata["nbgrader"].get("grade")
                      and not nb.cells[i].metadata["nbgrader"].get("solution")]
        self.workdir = Path(tempfile.mkdtemp(prefix=f"replay-{assignment}-"))
        self.dirty_from = len(self.cells)  # the first cell whose state may not be the solution's
        self.client = None
        self._context = None

    # ----- kernel life cycle -----

    def start(self) -> None:
        self.client = CourseNotebookClient(self.nb, kernel_name="fastsmall", timeout=CELL_TIMEOUT,
                                           allow_errors=True,
                                           resources={"metadata": {"path": str(self.workdir)}})
        self._context = self.client.setup_kernel(env=course.grading_env())
        self._context.__enter__()
        self.dirty_from = len(self.cells)
        failed = self._run(range(len(self.cells)), {})
        failed = {g: m for g, m in failed.items() if m}
        if failed:
            raise RuntimeError(f"the solution of {self.assignment} fails its own tests when "
                               f"replayed: {failed}")

    def close(self) -> None:
        if self._context is not None:
            try:
                self._context.__exit__(None, None, None)
            except Exception:
                pass
            self._context = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _restart(self) -> None:
        self.close()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start()

    # ----- running cells -----

    def _run(self, indices, sources: dict[str, str]) -> dict[str, str]:
        """Execute cells (with some answer sources swapped); test grade id -> failure or ""."""
        verdicts: dict[str, str] = {}
        dead = ""
        for index in indices:
            original = self.cells[index]
            meta = original.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            is_test = bool(meta.get("grade")) and not meta.get("solution")
            if original.cell_type != "code":
                continue
            if dead:
                if is_test:
                    verdicts[grade_id] = dead
                continue
            cell = copy.deepcopy(original)
            cell.source = sources.get(grade_id, cell.source)
            cell.outputs = []
            try:
                self.client.execute_cell(cell, index)
            except (DeadKernelError, CellTimeoutError) as error:
                dead = f"{type(error).__name__}: the kernel died or hung"
            if is_test:
                verdicts[grade_id] = dead or _failure(cell)
        if dead:
            self._restart()
        return verdicts

    def replay(self, case: dict, through: list[str] | None = None) -> dict[str, str]:
        """Run `case` from its first changed cell through the last test named in `through`
        (default: to the end of the notebook); returns test grade id -> failure ("" = passed)."""
        sources = changed_sources(self.cells, case)
        first = min(self.position[g] for g in sources)
        last = max(self.position[t] for t in through) if through else len(self.cells) - 1
        if self.dirty_from < first:  # replayed out of order: the solution's state first
            self._run(range(self.dirty_from, first), {})
        self.dirty_from = first
        return self._run(range(first, max(first, last) + 1), sources)
