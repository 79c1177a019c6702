"""`make release`: generate the learner notebooks in notebooks/ from solutions/ with nbgrader.

nbgrader's generate_assignment replaces answers with a stub, removes hidden tests, clears outputs
and locks the test cells. The result is what learners open; it is never edited by hand.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from . import course


def check_grade_ids(nb, name: str) -> None:
    """Every nbgrader cell has a grade id, and no id is used twice."""
    seen = set()
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict) or not (meta.get("solution") or meta.get("grade")):
            continue
        grade_id = meta.get("grade_id")
        if not grade_id:
            raise ValueError(f"{name}: cell {index} is an nbgrader cell without a grade_id")
        if grade_id in seen:
            raise ValueError(f"{name}: grade_id {grade_id!r} is used twice")
        seen.add(grade_id)


def release_notebook(assignment: str, out_dir: Path = course.NOTEBOOKS,
                     solutions: Path = course.SOLUTIONS) -> Path:
    """notebooks/<id>.ipynb as generate_assignment makes it. The grader prepares the same course
    directory (course.PreparedAssignment, kept while the solution and the settings are unchanged),
    so what learners get and what submissions are graded against come from one run."""
    source = solutions / f"{assignment}.ipynb"
    check_grade_ids(nbformat.read(source, as_version=4), source.name)
    prepared = course.PreparedAssignment(assignment, solutions)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    shutil.copy(prepared.dir / "release" / assignment / source.name, target)
    return target


def release_all(out_dir: Path = course.NOTEBOOKS, solutions: Path = course.SOLUTIONS) -> list[Path]:
    return [release_notebook(aid, out_dir, solutions) for aid in course.assignment_ids(solutions)]
