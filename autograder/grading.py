"""Grade one learner notebook against the solution notebook, with nbgrader underneath.

Each submission gets its own temporary course directory and gradebook (copied from a prepared
one), its own nbgrader process and a kernel in the bubblewrap sandbox (sandbox.py), and limits on
time, memory and output. Whatever happens, the result is a `GradeResult`: status "graded" with
per-test scores, or status "error" with a reason. Tampering found by the guard (guard.py) is
reported in the message, and so is grading without the sandbox ("not sandboxed: ...").
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from . import course, guard, report, sandbox
from .limits import run_limited

SCORES_KEY = "autograder_scores"  # nbgrader_plugins.SCORES_KEY (that module imports nbgrader)

DEFAULT_TIMEOUT = 600.0  # seconds for a whole submission
DEFAULT_CELL_TIMEOUT = 120  # seconds for one cell
DEFAULT_MEMORY = 6 * 2**30  # bytes for nbgrader plus the kernel
DEFAULT_OUTPUT = 50 * 2**20  # bytes of log, which the kernel's own stdout and stderr go to
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MESSAGE_LIMIT = 800


@dataclass
class TestResult:
    grade_id: str
    score: float
    max_score: float
    passed: bool
    message: str = ""


@dataclass
class GradeResult:
    submission: str
    assignment: str | None
    status: str  # "graded" or "error"
    message: str = ""
    score: float = 0.0
    max_score: float = 0.0
    tests: list[TestResult] = field(default_factory=list)
    seconds: float = 0.0
    challenge: dict | None = None  # the challenge's figures (06), read by report.py

    def to_json(self) -> dict:
        return asdict(self)


def _shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = ANSI.sub("", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _cell_messages(nb) -> dict[str, str]:
    """grade_id -> what went wrong in that test cell (error, or output on stderr)."""
    messages = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade"):
            continue
        parts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
                if ename == "NotImplementedError" and not evalue:
                    evalue = "an answer this test uses is not written yet (# YOUR CODE HERE)"
                parts.append(f"{ename}: {evalue}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                parts.append("the cell wrote to stderr (nbgrader scores such a cell 0): "
                             + output.get("text", "")[:200])
        if parts:
            messages[meta["grade_id"]] = _shorten("\n".join(parts))
    return messages


def _first_error_outside_tests(nb) -> str:
    """The first error raised by a cell that is not a test (often the cause of failing tests)."""
    learner_cells = [c for c in nb.cells if c.get("id") != guard.GUARD_CELL_ID]
    for index, cell in enumerate(learner_cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or meta.get("grade"):
            continue
        # the last error: after a timeout, the interrupt's KeyboardInterrupt comes first
        for output in reversed(cell.get("outputs", [])):
            if output.get("output_type") == "error":
                where = f"answer cell {meta['grade_id']}" if meta.get("grade_id") else f"cell {index + 1}"
                return _shorten(f"{where} raised {output.get('ename')}: {output.get('evalue', '')}",
                                300)
    return ""


def _log_error(log_path: Path) -> str:
    """The most useful lines of an nbgrader log, for an error message."""
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    errors = [line for line in lines if "[ERROR]" in line or "Error" in line]
    return _shorten("\n".join((errors or lines)[-6:]), 600)


def _structure_notes(submitted, prepared: course.PreparedAssignment) -> list[str]:
    """Plain-words notes on cells that were deleted, duplicated or belong to another notebook."""
    notes = []
    present = course.nbgrader_cells(submitted)
    expected = prepared.cells
    counts: dict[str, int] = {}
    for cell in submitted.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if isinstance(meta, dict) and meta.get("grade_id"):
            counts[meta["grade_id"]] = counts.get(meta["grade_id"], 0) + 1
    missing_answers = [g for g, m in expected.items() if m.get("solution") and g not in present]
    missing_tests = [g for g, m in expected.items()
                     if m.get("grade") and not m.get("solution") and g not in present]
    duplicated = sorted(g for g, n in counts.items() if n > 1)
    if missing_answers:
        notes.append("answer cell(s) missing from the submission: " + ", ".join(missing_answers))
    if missing_tests:
        notes.append("test cell(s) missing or stripped of metadata, put back from the "
                     "original: " + ", ".join(missing_tests))
    if duplicated:
        notes.append("cell(s) duplicated, only the first copy was graded: " + ", ".join(duplicated))
    return notes


def _ungrade_duplicates(submitted) -> None:
    """Make every copy after the first of a graded cell an ordinary cell (it still runs).

    nbgrader's own de-duplication leaves half the metadata behind and then fails on it.
    """
    seen = set()
    for cell in submitted.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if isinstance(meta, dict) and meta.get("grade_id"):
            if meta["grade_id"] in seen:
                del cell.metadata["nbgrader"]
            seen.add(meta["grade_id"])


def _foreign_assignment(submitted, prepared: course.PreparedAssignment) -> str | None:
    """The id of another assignment when the submission plainly belongs to it."""
    present = set(course.nbgrader_cells(submitted))
    if not present or present & set(prepared.cells):
        return None
    for other in course.assignment_ids(prepared.source.parent):
        if other == prepared.assignment:
            continue
        other_cells = course.nbgrader_cells(nbformat.read(prepared.source.parent / f"{other}.ipynb",
                                                          as_version=4))
        if present & set(other_cells):
            return other
    return None


def sandbox_status(sandboxed: bool = True) -> sandbox.Status:
    """Whether kernels run in the sandbox here (`sandboxed=False` switches it off)."""
    return sandbox.status() if sandboxed else sandbox.Status(False, "switched off (--no-sandbox)")


def grade_submission(path: str | Path, assignment: str | None = None,
                     prepared: course.PreparedAssignment | None = None,
                     timeout: float = DEFAULT_TIMEOUT, cell_timeout: int = DEFAULT_CELL_TIMEOUT,
                     memory_bytes: int | None = DEFAULT_MEMORY,
                     keep_dir: Path | None = None, sandboxed: bool = True,
                     hidden: tuple[str, ...] = ()) -> GradeResult:
    """Grade one notebook file. Never raises for a bad submission: see `GradeResult.status`.

    `prepared` may be shared between submissions of the same assignment (it is only copied).
    `keep_dir`, when given, receives the autograded notebook (for feedback). `sandboxed=False`
    grades without the sandbox even where it works; `hidden` names more folders the notebook has
    no business reaching (a class's submissions and output), reported when it tries.
    """
    start = time.monotonic()
    path = Path(path)
    result = GradeResult(submission=str(path), assignment=assignment, status="error")
    status = sandbox_status(sandboxed)

    def finish(message: str = "") -> GradeResult:
        if message:
            result.message = message
        result.message = "; ".join(filter(None, [result.message, status.note()]))
        result.seconds = round(time.monotonic() - start, 2)
        return result

    try:
        result.assignment = assignment = assignment or course.identify_assignment(path)
    except ValueError as error:
        return finish(str(error))
    try:
        submitted = course.read_notebook_file(path)
    except ValueError as error:
        return finish(str(error))

    try:
        if prepared is None:
            prepared = course.PreparedAssignment(assignment)
        elif prepared.assignment != assignment:
            raise ValueError(f"prepared for {prepared.assignment}, not {assignment}")
    except (ValueError, RuntimeError) as error:
        return finish(str(error))

    other = _foreign_assignment(submitted, prepared)
    if other:
        return finish(f"this notebook is assignment {other}, not {assignment}: "
                      f"submit it as {other}.ipynb")
    notes = _structure_notes(submitted, prepared)
    _ungrade_duplicates(submitted)
    references = guard.suspicious_references(submitted)
    if references:
        notes.append("flagged for review: " + ", ".join(references))
    skipped = course.skip_demo_cells(submitted)
    _run_nbgrader(submitted, prepared, result, notes, timeout, cell_timeout, memory_bytes, keep_dir,
                  status, hidden)
    if skipped and result.status == "graded":
        notes.append(f"{skipped} demo cell(s) skipped")
    result.message = "; ".join(filter(None, [result.message, *notes]))
    return finish()


def _run_nbgrader(submitted, prepared, result: GradeResult, notes: list[str], timeout: float,
                  cell_timeout: int, memory_bytes: int | None, keep_dir: Path | None,
                  status: sandbox.Status, hidden: tuple[str, ...]) -> None:
    assignment = prepared.assignment
    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment}-") as tmp:
        course_dir = Path(tmp)
        prepared.copy_to(course_dir)
        course.write_config(course_dir, f"c.Execute.timeout = {int(cell_timeout)}\n")
        target = course_dir / "submitted" / course.STUDENT / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(submitted, target)
        log_path = course_dir / "autograde.log"
        env = course.grading_env({
            sandbox.SANDBOX_ENV: "on" if status.available else "off",
            sandbox.HIDDEN_ENV: sandbox.hidden_paths(course_dir, *hidden),
            "TMPDIR": str(course_dir),  # what nbgrader leaves in a temp folder goes with it
        })
        outcome = run_limited(
            course.nbgrader_command("autograde", assignment, "--student", course.STUDENT,
                                    "--force", "--log-level=INFO"),
            cwd=course_dir, env=env, log_path=log_path, timeout=timeout,
            memory_bytes=memory_bytes, output_bytes=DEFAULT_OUTPUT)
        left = sandbox.parse_left_running(log_path.read_text(errors="replace"))
        if left:
            notes.append(f"process(es) still running when grading ended "
                         f"({', '.join(sorted(set(left)))}): stopped with the sandbox")
        if outcome.limit_hit:
            result.message = f"grading stopped: {outcome.limit_hit}"
            return
        graded = course_dir / "autograded" / course.STUDENT / assignment / f"{assignment}.ipynb"
        if outcome.returncode != 0 or not graded.exists():
            result.message = "nbgrader could not grade this notebook: " + _log_error(log_path)
            return
        autograded = nbformat.read(graded, as_version=4)
        result.challenge = report.challenge_from_notebook(autograded)
        messages = _cell_messages(autograded)
        found = [*guard.tampering_notes(autograded), _first_error_outside_tests(autograded)]
        # the throw-away course folder's name means nothing to a reader (and differs each run)
        notes[:0] = [note.replace(str(course_dir), "<grading folder>") for note in found]
        _read_scores(course_dir, assignment, result, messages, order=list(prepared.cells),
                     autograded=autograded)
        if keep_dir is not None:
            keep_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(graded, keep_dir / f"{assignment}.ipynb")


def _read_scores(course_dir: Path, assignment: str, result: GradeResult,
                 messages: dict[str, str], order: list[str], autograded=None) -> None:
    position = {grade_id: i for i, grade_id in enumerate(order)}
    tests = []
    for grade in _grades(course_dir, assignment, autograded):
        score, max_score = grade["score"], grade["max_score"]
        passed = score >= max_score
        message = messages.get(grade["grade_id"], "")
        if not passed and not message:
            message = "no points (the cell did not run to the end)"
        tests.append(TestResult(grade["grade_id"], score, max_score, passed, message))
    tests.sort(key=lambda t: position.get(t.grade_id, len(position)))
    result.tests = tests
    result.score = sum(t.score for t in tests)
    result.max_score = sum(t.max_score for t in tests)
    result.status = "graded"


def _grades(course_dir: Path, assignment: str, autograded) -> list[dict]:
    """The gradebook's scores of the submission: from the graded notebook's metadata, where
    nbgrader_plugins.ExportScores copied them, else from the gradebook itself (slower to import)."""
    exported = autograded.metadata.get(SCORES_KEY) if autograded is not None else None
    if exported is not None:
        return [{"grade_id": g["grade_id"], "score": float(g["score"]),
                 "max_score": float(g["max_score"])} for g in exported]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, course.STUDENT)
        return [{"grade_id": grade.name, "score": float(grade.score or 0.0),
                 "max_score": float(grade.max_score)} for grade in notebook.grades]
