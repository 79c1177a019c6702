"""Plausible wrong answers lose points (COURSE_DESIGN §4).

Each `tests/wrong_answers/<id>.py` defines WRONG_ANSWERS: name -> {"must_lose": [test grade ids]}
plus "replace": {grade_id: new source} and/or "edit": {grade_id: [(old, new), ...]} (small edits of
the solution's own answer cell). The submission is the solution notebook with those answer cells
changed; grading it must take points off every listed test, and never give full marks.
"""
import importlib.util
from pathlib import Path

import nbformat
import pytest

from autograder import course
from autograder.grading import grade_submission

HERE = Path(__file__).parent / "wrong_answers"


def load_cases():
    cases = []
    for path in sorted(HERE.glob("[0-9][0-9]_*.py")):
        spec = importlib.util.spec_from_file_location(f"wrong_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, case in module.WRONG_ANSWERS.items():
            cases.append(pytest.param(path.stem, name, case, id=f"{path.stem}:{name}"))
    return cases


def build_submission(assignment: str, case: dict, folder: Path) -> Path:
    nb = nbformat.read(course.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    replace, edit = dict(case.get("replace", {})), dict(case.get("edit", {}))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in replace or grade_id in edit:
            assert cell.metadata["nbgrader"].get("solution"), f"{grade_id} is not an answer cell"
        if grade_id in replace:
            cell.source = replace.pop(grade_id)
        for old, new in edit.pop(grade_id, []):
            assert old in cell.source, f"{grade_id}: the solution no longer contains {old!r}"
            cell.source = cell.source.replace(old, new)
    missing = sorted({*replace, *edit})
    assert not missing, f"no answer cells with grade ids {missing} in {assignment}"
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    return path


def test_every_topic_has_wrong_answers():
    topics = {p.stem for p in HERE.glob("[0-9][0-9]_*.py")}
    missing = set(course.assignment_ids()) - topics
    assert not missing, f"no tests/wrong_answers/<id>.py for {sorted(missing)}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment, name, case", load_cases())
def test_wrong_answer_loses_points(assignment, name, case, tmp_path, prepared):
    submission = build_submission(assignment, case, tmp_path)
    result = grade_submission(submission, prepared=prepared(assignment))
    assert result.status == "graded", result.message
    scores = {t.grade_id: t for t in result.tests}
    assert result.score < result.max_score, f"{name} got full marks"
    for grade_id in case["must_lose"]:
        assert grade_id in scores, f"no test {grade_id}"
        test = scores[grade_id]
        assert test.score < test.max_score, f"{name}: {grade_id} did not catch it"
        assert test.message, f"{name}: {grade_id} failed without a message"
