"""Grading a class (issue 8): every bad submission in tests/bad_submissions.py gets one clear result.

The whole class is graded by ONE `python -m autograder batch` call (session fixture), so the suite
pays for parallel grading once; each test then checks one submission's result.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import batch, course, guard, kernel_guard
from autograder.nbgrader_plugins import network_off_prefix

sys.path.insert(0, str(Path(__file__).parent))
import bad_submissions  # noqa: E402

LIMITS = ["--timeout", "60", "--cell-timeout", "15", "--memory-gb", "1.5"]
HIDDEN_TEST_LINE = "for n, bits, expected in"  # a line of 00_welcome's hidden tests


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """(results by student, output folder, stderr) of one batch run over the whole bad class."""
    root = tmp_path_factory.mktemp("class")
    students = bad_submissions.build_class(root / "submissions")
    out = root / "out"
    done = subprocess.run([sys.executable, "-m", "autograder", "batch", str(root / "submissions"),
                           "--out", str(out), "--workers", "2", *LIMITS],
                          capture_output=True, text=True, cwd=course.ROOT, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert sorted(r["student"] for r in results) == sorted(students)  # one result each
    return {r["student"]: r for r in results}, out, done


def scores(result) -> dict[str, float]:
    return {t["grade_id"]: t["score"] for t in result["tests"]}


# student -> (status, total score or None, words the message must contain)
EXPECTED = {
    "solution": ("graded", 6, []),
    "blank_release": ("graded", 0, []),
    "malformed_json": ("error", None, ["not valid JSON"]),
    "not_a_notebook": ("error", None, ["not a Jupyter notebook"]),
    "empty_file": ("error", None, ["empty"]),
    "no_assignment_name": ("error", None, ["names no assignment"]),
    "foreign_assignment": ("error", None, ["this notebook is assignment 00_welcome"]),
    "answer_deleted": ("graded", 3, ["answer cell(s) missing", "weight_storage_bytes"]),
    "test_deleted": ("graded", 6, ["put back from the original", "test_weight_storage_bytes_hidden"]),
    "test_metadata_stripped": ("graded", 6, ["put back", "test_robust_latency_ms_visible"]),
    "honest_wrong": ("graded", 3, []),
    "test_edited": ("graded", 3, []),
    "cells_duplicated": ("graded", 6, ["duplicated", "robust_latency_ms"]),
    "infinite_loop": ("graded", 3, ["CellTimeoutError", "interrupted"]),
    "loop_ignores_sigint": ("graded", 3, ["ignored the interrupt"]),
    "os_exit": ("graded", 3, ["kernel died"]),
    "sys_exit": ("graded", 3, ["SystemExit"]),
    "memory_bomb": ("error", None, ["memory limit of 1.5 GiB exceeded"]),
    "print_flood": ("graded", 6, []),
    "fd_flood": ("error", None, ["output limit"]),
    "wrong_kernelspec": ("graded", 6, []),
    "missing_kernelspec": ("graded", 6, []),
    "stderr_in_answer": ("graded", 6, []),
    "eq_always_true": ("graded", 3, []),
    "monkeypatch": ("graded", 0, ["tampering detected", "numpy.allclose",
                                  "numpy.testing.assert_allclose", "fastsmall.checks.check_equal",
                                  "check_type", "builtins.abs"]),
    "reads_solutions": ("graded", 6, ["flagged for review", "the solutions folder"]),
    "no_network": ("graded", 6, []),
}


def test_every_case_is_expected():
    assert set(bad_submissions.cases()) <= set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_submission_gets_its_clear_result(student, graded_class):
    results, _, _ = graded_class
    if student not in results:
        pytest.skip("needs a second assignment in solutions/")
    if student == "no_network" and not network_off_prefix():
        pytest.skip("unshare --net does not work here: the kernel keeps the network")
    status, score, words = EXPECTED[student]
    result = results[student]
    assert result["status"] == status, result["message"]
    if score is not None:
        assert result["score"] == score, (result["message"], scores(result))
        assert result["max_score"] == 6
    for word in words:
        assert word in result["message"], result["message"]
    if status == "error":
        assert result["score"] == 0 and result["tests"] == []


@pytest.mark.slow
def test_specific_test_results(graded_class):
    results, _, _ = graded_class
    # edited tests are restored from the gradebook: the same score as the honest wrong answer
    assert scores(results["test_edited"]) == scores(results["honest_wrong"])
    # a dead or stuck kernel costs the tests after it, and the tests say why
    for student in ("os_exit", "loop_ignores_sigint"):
        latency = [t for t in results[student]["tests"] if "robust_latency" in t["grade_id"]]
        assert all(t["score"] == 0 and "KernelStopped" in t["message"] for t in latency)
    eq_tests = [t for t in results["eq_always_true"]["tests"] if "weight" in t["grade_id"]]
    assert all(t["score"] == 0 and "expected int" in t["message"] for t in eq_tests)
    assert "tampering" not in results["solution"]["message"]
    assert "flagged" not in results["solution"]["message"]
    assert results["memory_bomb"]["seconds"] < 50  # killed at the limit, not at the timeout


@pytest.mark.slow
def test_outputs_csv_feedback_and_summary(graded_class):
    results, out, done = graded_class
    with open(out / "grades.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(results)
    assert set(rows[0]) >= {"student", "assignment", "score", "max_score", "status", "message"}
    row = next(r for r in rows if r["student"] == "solution")
    assert (row["assignment"], float(row["score"]), row["status"]) == ("00_welcome", 6.0, "graded")
    for student in results:
        page = (out / "feedback" / f"{student}.html").read_text()
        assert HIDDEN_TEST_LINE not in page and "BEGIN HIDDEN TESTS" not in page
    page = (out / "feedback" / "honest_wrong.html").read_text()
    assert "test_weight_storage_bytes_hidden" in page and "3 / 6" in page
    assert "graded" in done.stdout and "00_welcome: mean" in done.stdout
    assert f"{len(results)}/{len(results)}" in done.stderr  # the progress line


# ----- fast tests, no grading -----

def crash_on_b(job):
    if job.student == "b":
        os._exit(1)
    return {"student": job.student, "status": "graded"}


def test_a_dying_worker_costs_only_its_own_submission():
    got = []
    jobs = [batch.Job(s, Path(f"{s}/00_welcome.ipynb")) for s in "abcd"]
    batch.grade_all(jobs, 2, got.append, grade=crash_on_b)
    by_student = {r["student"]: r for r in got}
    assert sorted(by_student) == ["a", "b", "c", "d"]
    assert by_student["b"]["status"] == "error" and "died" in by_student["b"]["message"]
    assert all(by_student[s]["status"] == "graded" for s in "acd")


def test_feedback_page_escapes_everything():
    result = {"submission": "x/00_welcome.ipynb", "assignment": "00_welcome", "status": "graded",
              "message": "<script>alert(1)</script>", "score": 1.0, "max_score": 2.0,
              "tests": [{"grade_id": "t<b>", "score": 1.0, "max_score": 2.0, "passed": False,
                         "message": "expected <1>"}]}
    page = batch.feedback_page("<eve>", [result])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;eve&gt;" in page and "expected &lt;1&gt;" in page


def test_guard_puts_back_replaced_functions():
    import fastsmall.checks

    namespace = {"check_close": fastsmall.checks.check_close, "np": np}
    watch = kernel_guard._Guard(namespace)
    watch._snapshot_new_modules()
    real = np.allclose, fastsmall.checks.check_equal
    try:
        np.allclose = lambda *args, **kwargs: True
        fastsmall.checks.check_equal = None
        namespace["check_close"] = print
        replaced = watch.restore()
    finally:
        np.allclose, fastsmall.checks.check_equal = real
    assert {"numpy.allclose", "fastsmall.checks.check_equal", "check_close"} <= set(replaced)
    assert np.allclose is real[0] and namespace["check_close"] is fastsmall.checks.check_close
    assert watch.restore() == []


def test_suspicious_references_are_found_in_learner_cells_only():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("open('../../solutions/00_welcome.ipynb')"),
        nbformat.v4.new_code_cell(f"open('{course.ROOT}/README.md')"),
        nbformat.v4.new_code_cell("solutions = 3", metadata={"nbgrader": {"grade": True, "grade_id": "t"}}),
        nbformat.v4.new_code_cell("x = 'fine'"),
    ])
    found = guard.suspicious_references(nb)
    assert "cell 1 mentions the solutions folder" in found
    assert "cell 1 mentions a parent folder" in found
    assert "cell 2 mentions the course folder" in found
    assert not [f for f in found if f.startswith(("cell 3", "cell 4"))]
    for path in sorted(course.SOLUTIONS.glob("*.ipynb")):  # no false alarm on our own notebooks
        assert guard.suspicious_references(nbformat.read(path, as_version=4)) == [], path.name
