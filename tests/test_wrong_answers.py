"""Plausible wrong answers lose points; correct answers written differently keep full marks.

Each `tests/wrong_answers/<id>.py` defines WRONG_ANSWERS and RIGHT_ANSWERS (format in
solutions/README.md). Every answer cell needs at least three wrong answers that fail one of its own
tests (`test_<grade id>_...`) and at least one right answer.

- Both are replayed in one kernel per notebook (tests/replay.py): a second or two per case, in
  the order the replay needs, last changed exercise first. Right answers are packed several to a
  group (one per answer cell) and replayed to the end of the notebook, where every test must pass;
  a wrong answer is replayed up to the last test it must fail, beside the solution's other answers.
- Per notebook, nbgrader itself grades one submission holding a wrong answer for every exercise
  (each must cost points there too) and one holding the first group of right answers (full marks),
  which keeps the replay honest.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import nbformat
import pytest

from autograder import course
from autograder.grading import grade_submission
from replay import NotebookReplay, build_submission, changed_sources

HERE = Path(__file__).parent / "wrong_answers"
MIN_WRONG, MIN_RIGHT = 3, 1


def load_module(assignment: str):
    path = HERE / f"{assignment}.py"
    spec = importlib.util.spec_from_file_location(f"wrong_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def suites() -> dict[str, tuple[dict, dict]]:
    found = {}
    for path in sorted(HERE.glob("[0-9][0-9]_*.py")):
        module = load_module(path.stem)
        found[path.stem] = (module.WRONG_ANSWERS, getattr(module, "RIGHT_ANSWERS", {}))
    return found


SUITES = suites()


def changed_cells(case: dict) -> set[str]:
    return set(case.get("replace", {})) | set(case.get("edit", {}))


@functools.cache
def solution(assignment: str):
    return nbformat.read(course.SOLUTIONS / f"{assignment}.ipynb", as_version=4)


def answer_cells(assignment: str) -> list[str]:
    return [meta["grade_id"] for meta in course.nbgrader_cells(solution(assignment)).values()
            if meta.get("solution")]


def pack(cases: dict[str, dict]) -> list[dict[str, dict]]:
    """Greedy packing of cases into groups in which no answer cell is changed twice."""
    groups: list[tuple[set[str], dict[str, dict]]] = []
    for name, case in cases.items():
        cells = changed_cells(case)
        for used, members in groups:
            if not used & cells:
                used |= cells
                members[name] = case
                break
        else:
            groups.append((set(cells), {name: case}))
    return [members for _, members in groups]


def merged(cases: dict[str, dict]) -> dict:
    case = {"replace": {}, "edit": {}}
    for member in cases.values():
        case["replace"].update(member.get("replace", {}))
        case["edit"].update(member.get("edit", {}))
    return case


def first_changed_position(assignment: str, case: dict) -> int:
    cells = solution(assignment).cells
    position = {cell.metadata.get("nbgrader", {}).get("grade_id"): i for i, cell in enumerate(cells)}
    try:
        return min(position[g] for g in changed_sources(cells, case))
    except AssertionError:
        return -1  # a case that names no answer cell fails in its test, with the reason


def replay_marks(assignment: str, case: dict) -> list:
    """One process per notebook, and the order the replay needs: last changed exercise first
    (tests/conftest.py puts the marked tests of a notebook in that order)."""
    return [pytest.mark.xdist_group(assignment),
            pytest.mark.replay_order(assignment, -first_changed_position(assignment, case))]


def wrong_params():
    return [pytest.param(a, name, case, id=f"{a}:{name}", marks=replay_marks(a, case))
            for a, (wrong, _) in SUITES.items() for name, case in wrong.items()]


def right_params():
    return [pytest.param(a, group, id=f"{a}:right-{number}:{'+'.join(group)}",
                         marks=replay_marks(a, merged(group)))
            for a, (_, right) in SUITES.items() for number, group in enumerate(pack(right), 1)]


@pytest.fixture(scope="session")
def replays():
    """replays(assignment) -> a started NotebookReplay, one kernel per notebook per process."""
    started: dict[str, NotebookReplay] = {}

    def get(assignment: str) -> NotebookReplay:
        if assignment not in started:
            replay = NotebookReplay(assignment)
            started[assignment] = replay
            replay.start()
        return started[assignment]

    yield get
    for replay in started.values():
        replay.close()


@pytest.mark.xdist_group("grouping_check")
def test_xdist_groups_are_applied(request):
    """With --dist loadgroup, each notebook's replays must stay in one process, in order; an
    xdist that cannot mark the tests' ids (pytest-xdist 3.8 with pytest 9) spreads them silently."""
    # in a worker, --dist is "no": the command line it was started from says how tests are sent
    command = getattr(request.config, "workerinput", {}).get("mainargv", [])
    if any(arg.endswith("loadgroup") for arg in command):
        assert request.node.nodeid.endswith("@grouping_check"), request.node.nodeid


def test_every_topic_has_wrong_answers():
    missing = set(course.assignment_ids()) - set(SUITES)
    assert not missing, f"no tests/wrong_answers/<id>.py for {sorted(missing)}"


@pytest.mark.parametrize("assignment", sorted(SUITES))
def test_every_exercise_has_wrong_and_right_answers(assignment):
    wrong, right = SUITES[assignment]
    short = []
    for answer in answer_cells(assignment):
        own = f"test_{answer}_"
        catching = [name for name, case in wrong.items() if answer in changed_cells(case)
                    and any(t.startswith(own) for t in case["must_lose"])]
        alternatives = [name for name, case in right.items() if answer in changed_cells(case)]
        if len(catching) < MIN_WRONG or len(alternatives) < MIN_RIGHT:
            short.append(f"{answer}: {len(catching)} wrong answers caught by its own tests "
                         f"(need {MIN_WRONG}), {len(alternatives)} right answers (need {MIN_RIGHT})")
    assert not short, f"{assignment}:\n" + "\n".join(short)
    for name, case in wrong.items():
        assert case.get("must_lose"), f"{name}: names no test that must lose points"
        assert case.get("breaks"), f"{name}: say which promise of the statement it breaks"


@pytest.mark.slow
@pytest.mark.parametrize("assignment, group", right_params())
def test_right_answers_keep_full_marks(assignment, group, replays):
    verdicts = replays(assignment).replay(merged(group))
    lost = {test: failure for test, failure in verdicts.items() if failure}
    assert not lost, f"{sorted(group)} lost points: {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment, name, case", wrong_params())
def test_wrong_answer_loses_points(assignment, name, case, replays):
    replay = replays(assignment)
    unknown = [t for t in case["must_lose"] if t not in replay.tests]
    assert not unknown, f"{name}: no test cells {unknown}"
    verdicts = replay.replay(case, through=case["must_lose"])
    missed = [t for t in case["must_lose"] if not verdicts[t]]
    assert not missed, f"{name} ({case.get('breaks', '')}): {missed} did not catch it"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(SUITES))
def test_grader_agrees_on_right_answers(assignment, tmp_path, prepared):
    """The first group of right answers, graded by nbgrader: full marks."""
    groups = pack(SUITES[assignment][1])
    if not groups:
        pytest.skip("no right answers")
    result = grade_submission(build_submission(assignment, merged(groups[0]), tmp_path),
                              prepared=prepared(assignment))
    assert result.status == "graded", result.message
    lost = [(t.grade_id, t.message) for t in result.tests if not t.passed]
    assert result.score == result.max_score, f"{sorted(groups[0])} lost points: {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(SUITES))
def test_grader_agrees_on_wrong_answers(assignment, tmp_path, prepared):
    """One wrong answer per exercise in one submission, graded by nbgrader: each costs points."""
    wrong, _ = SUITES[assignment]
    chosen: dict[str, dict] = {}
    for answer in answer_cells(assignment):
        for name, case in wrong.items():
            if changed_cells(case) == {answer}:
                chosen[name] = case
                break
    if not chosen:
        pytest.skip("no wrong answer changes a single answer cell")
    result = grade_submission(build_submission(assignment, merged(chosen), tmp_path),
                              prepared=prepared(assignment))
    assert result.status == "graded", result.message
    scores = {t.grade_id: t for t in result.tests}
    for name, case in chosen.items():
        for grade_id in case["must_lose"]:
            test = scores[grade_id]
            assert test.score < test.max_score, f"{name}: {grade_id} kept its points under nbgrader"
            assert test.message, f"{name}: {grade_id} failed without a message"
