"""The learner notebooks are exactly what `make release` generates, and notebooks are stored clean."""
import json

import nbformat
import pytest

from autograder import course
from autograder.release import check_grade_ids, release_notebook

ASSIGNMENTS = course.assignment_ids()
ALL_NOTEBOOKS = [course.SOLUTIONS / f"{a}.ipynb" for a in ASSIGNMENTS] + \
                [course.NOTEBOOKS / f"{a}.ipynb" for a in ASSIGNMENTS]
EXPECTED_IDS = ["00_welcome", "01_data_augmentation", "02_learning_rate_schedules",
                "03_knowledge_distillation", "04_quantization", "05_pruning",
                "06_compression_challenge"]


def test_assignment_ids_are_the_course_ids():
    assert set(ASSIGNMENTS) <= set(EXPECTED_IDS) and "00_welcome" in ASSIGNMENTS
    assert sorted(p.stem for p in course.NOTEBOOKS.glob("*.ipynb")) == ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_in_sync(assignment, tmp_path):
    fresh = release_notebook(assignment, out_dir=tmp_path)
    committed = course.NOTEBOOKS / f"{assignment}.ipynb"
    assert committed.exists(), f"{committed} is missing: run `make release`"
    assert json.loads(fresh.read_text()) == json.loads(committed.read_text()), (
        f"{committed} differs from what `make release` generates from solutions/: run `make release`")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name} cell {index + 1} is stored with outputs: clear them")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grade_ids_unique_and_tests_well_formed(assignment):
    nb = nbformat.read(course.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    check_grade_ids(nb, assignment)
    assert nb.metadata.kernelspec.name == "fastsmall"
    answers = tests = hidden = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers += 1
            assert "### BEGIN SOLUTION" in cell.source, f"{meta['grade_id']}: no solution markers"
        if meta.get("grade") and not meta.get("solution"):
            tests += 1
            assert meta.get("locked") and meta.get("points", 0) > 0, meta["grade_id"]
            last = [line for line in cell.source.splitlines()
                    if line.strip() and not line.lstrip().startswith("#")][-1]
            assert not last.strip().replace(".", "").isdigit(), (
                f"{meta['grade_id']} ends with a bare number, read by nbgrader as partial credit")
            if "### BEGIN HIDDEN TESTS" in cell.source:
                hidden += 1
                assert meta["grade_id"].endswith("_hidden")
    minimum = 2 if assignment == "00_welcome" else 5
    assert answers >= minimum and hidden >= minimum and tests >= 2 * minimum, (
        f"{assignment}: {answers} answers, {tests} test cells, {hidden} hidden")
    assert "demo" not in str([c.metadata.get("tags") for c in nb.cells
                              if c.metadata.get("nbgrader", {}).get("grade")]), \
        "a test cell is tagged demo: the grader would still run it, but the tag is misleading"


def test_readme_headlines_come_from_the_results():
    from autograder.benchmark import HEADLINES_END, HEADLINES_START, README, headlines_block

    text = README.read_text()
    block = text[text.index(HEADLINES_START):text.index(HEADLINES_END) + len(HEADLINES_END)]
    assert block == headlines_block(), (
        "README.md's headline figures differ from results/*.json: run "
        "`python -m autograder benchmark --readme-only` (or `make benchmark`)")
