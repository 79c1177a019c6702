"""The grading contract (COURSE_DESIGN §5): solution full marks, blank release 0, clear errors."""
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import course
from autograder.grading import grade_submission

ASSIGNMENTS = course.assignment_ids()


# 06's solution and blank release are graded once, in the class of tests/test_report.py
CHALLENGE = "06_compression_challenge"


def check_reference_gradings(solution: dict, blank: dict) -> None:
    """The solution gets full marks with its demo cells skipped and raises no alarm; the blank
    release gets 0 of the same maximum, each visible test failing on the stub's error."""
    assert solution["status"] == "graded", solution["message"]
    failed = [(t["grade_id"], t["message"]) for t in solution["tests"] if not t["passed"]]
    assert solution["score"] == solution["max_score"] > 0, failed
    assert "demo cell(s) skipped" in solution["message"]
    for alarm in ("tampering", "flagged", "reached outside", "still running"):
        assert alarm not in solution["message"], solution["message"]
    assert blank["status"] == "graded", blank["message"]
    assert blank["max_score"] == solution["max_score"]
    assert blank["score"] == 0, [(t["grade_id"], t["score"]) for t in blank["tests"] if t["score"]]
    assert all("NotImplementedError" in t["message"] for t in blank["tests"]
               if "visible" in t["grade_id"])


@pytest.mark.slow
@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if a != CHALLENGE])
def test_solution_full_marks_and_blank_release_zero(assignment, prepared):
    ready = prepared(assignment)
    solution = grade_submission(course.SOLUTIONS / f"{assignment}.ipynb", prepared=ready)
    blank = grade_submission(course.NOTEBOOKS / f"{assignment}.ipynb", prepared=ready)
    check_reference_gradings(solution.to_json(), blank.to_json())


@pytest.mark.slow
def test_cli_json_contract_and_exit_code(tmp_path):
    bad = tmp_path / "00_welcome.ipynb"
    bad.write_text("{ this is not json")
    unknown = tmp_path / "homework.ipynb"
    unknown.write_text("{}")
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "autograder", "grade",
                           str(course.SOLUTIONS / "00_welcome.ipynb"), str(bad), str(unknown),
                           "--json", str(out)], capture_output=True, text=True, cwd=course.ROOT)
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    assert [r["status"] for r in results] == ["graded", "error", "error"]
    good, broken, nameless = results
    assert set(good) >= {"submission", "assignment", "status", "message", "score", "max_score", "tests"}
    assert good["assignment"] == "00_welcome" and good["score"] == good["max_score"] == 6
    assert set(good["tests"][0]) == {"grade_id", "score", "max_score", "passed", "message"}
    assert "not valid JSON" in broken["message"]
    assert "names no assignment" in nameless["message"]
    assert "TOTAL" in done.stdout

    usage = subprocess.run([sys.executable, "-m", "autograder", "grade", str(bad),
                            "--assignment", "99_nothing"], capture_output=True, cwd=course.ROOT)
    assert usage.returncode != 0  # usage errors are the only non-zero exit


@pytest.mark.parametrize("content, reason", [
    ("", "empty"),
    ("[1, 2, 3]", "not a Jupyter notebook"),
    ('{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "Jupyter format"),
])
def test_unreadable_files_give_error_status(tmp_path, content, reason):
    path = tmp_path / "00_welcome.ipynb"
    path.write_text(content)
    result = grade_submission(path)
    assert result.status == "error" and reason in result.message
    assert result.score == 0


def test_assignment_is_recognised_from_the_file_name():
    assert course.identify_assignment("x/00_welcome.ipynb") == "00_welcome"
    assert course.identify_assignment("alice_00_welcome (1).ipynb") == "00_welcome"
    with pytest.raises(ValueError):
        course.identify_assignment("welcome.ipynb")
    with pytest.raises(ValueError):
        course.identify_assignment("100_welcome2.ipynb")


def test_demo_cells_are_skipped_but_answers_and_tests_never():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("train()", metadata={"tags": ["demo"]}),
        nbformat.v4.new_code_cell("def f(): ...", metadata={
            "tags": ["demo"], "nbgrader": {"solution": True, "grade": False, "grade_id": "f"}}),
        nbformat.v4.new_code_cell("assert f()", metadata={
            "tags": ["demo"], "nbgrader": {"solution": False, "grade": True, "grade_id": "t"}}),
        nbformat.v4.new_markdown_cell("text", metadata={"tags": ["demo"]}),
    ])
    assert course.skip_demo_cells(nb) == 1
    assert nb.cells[0].source == course.SKIPPED_DEMO_SOURCE
    assert [c.source for c in nb.cells[1:]] == ["def f(): ...", "assert f()", "text"]


def test_command_line_imports_stay_light():
    """Every `make grade` and every batch worker pays these imports."""
    probe = ("import sys, time; start = time.process_time(); import autograder.__main__; "
             "spent = time.process_time() - start; "
             "print(spent, *(name in sys.modules for name in "
             "('nbgrader', 'rfc3987_syntax.syntax_helpers', 'tensorflow', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=course.ROOT, check=True)
    spent, *heavy = done.stdout.split()
    assert heavy == ["False"] * 4, done.stdout
    assert float(spent) < 1.5, spent  # about 0.2 s of CPU on the 2-core development machine


def test_deferred_iri_check_still_checks():
    """rfc3987_syntax's grammar is built on first use only, and the format check is unchanged."""
    probe = ("import autograder, jsonschema; c = jsonschema.FormatChecker(); "
             "print(c.conforms('https://example.org/a b', 'iri'), c.conforms('https://example.org/ü', 'iri'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"], done.stdout
