"""Grade a class: `python -m autograder batch SUBMISSIONS_DIR --out OUT_DIR [--workers N | --dask ADDRESS]`.

SUBMISSIONS_DIR/<student>/<notebook id>.ipynb in; OUT_DIR/grades.csv, results.json and
feedback/<student>.html out. Submissions are graded in parallel worker processes on this machine
(`--workers N`), or on the workers of a Dask distributed cluster (`--dask tcp://host:8786`), each
in a temporary course directory of its own (grading.grade_submission). Every submission gets
exactly one result, whatever it does, and even if the worker grading it dies.
"""
from __future__ import annotations

import csv
import html
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from . import course, report
from .grading import (DEFAULT_CELL_TIMEOUT, DEFAULT_MEMORY, DEFAULT_TIMEOUT, GradeResult,
                      grade_submission)

CSV_COLUMNS = ["student", "assignment", "score", "max_score", "status", "message", "submission"]


@dataclass(frozen=True)
class Job:
    student: str
    path: Path
    timeout: float = DEFAULT_TIMEOUT
    cell_timeout: int = DEFAULT_CELL_TIMEOUT
    memory_bytes: int = DEFAULT_MEMORY
    sandboxed: bool = True
    hidden: tuple[str, ...] = ()  # the class's folders: reported when a notebook reaches for them
    # For a worker on another machine: the file's bytes, and the prepared assignment's name here
    # (its digest of the solution and settings), which the worker's copy of the course must match.
    content: bytes | None = None
    version: str | None = None


def find_submissions(root: Path) -> list[tuple[str, Path]]:
    """(student, notebook) for every SUBMISSIONS_DIR/<student>/*.ipynb, sorted."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found += [(folder.name, path) for path in sorted(folder.glob("*.ipynb"))]
    return found


def grade_job(job: Job) -> dict:
    """Grade one submission in a worker; returns the grading contract's object plus 'student'."""
    _undo_dask_worker_environment()
    try:
        if job.content is None:
            result = _grade(job, job.path)
        else:  # a copy of the file on this worker, under the same name
            with tempfile.TemporaryDirectory(prefix="submission-") as tmp:
                local = Path(tmp) / job.path.name
                local.write_bytes(job.content)
                result = _grade(job, local)
            result.submission = str(job.path)
    except BaseException as error:  # a bug in the grader must not cost the class its results
        result = _failed(job, f"the grader failed on this submission: {type(error).__name__}: {error}")
    return {"student": job.student, **result.to_json()}


def _undo_dask_worker_environment() -> None:
    """A Dask nanny starts its worker with one BLAS/OpenMP thread and a low malloc trim threshold
    (distributed.nanny.pre-spawn-environ); the notebooks should run as they do locally."""
    if "distributed" not in sys.modules:  # not a Dask worker: nothing to undo
        return
    import dask

    for name, value in (dask.config.get("distributed.nanny.pre-spawn-environ", None) or {}).items():
        if os.environ.get(name) == str(value):
            del os.environ[name]


def _grade(job: Job, path: Path) -> GradeResult:
    assignment = _assignment_of(path)
    if job.version and assignment and course.prepared_name(assignment) != job.version:
        return _failed(job, f"this worker's copy of the course differs from the grader's "
                            f"({course.prepared_name(assignment)}, not {job.version}): update the "
                            f"solutions and settings on the worker")
    return grade_submission(path, timeout=job.timeout, cell_timeout=job.cell_timeout,
                            memory_bytes=job.memory_bytes, sandboxed=job.sandboxed,
                            hidden=job.hidden)


def _failed(job: Job, message: str) -> GradeResult:
    return GradeResult(submission=str(job.path), assignment=_assignment_of(job.path),
                       status="error", message=message)


def _died(job: Job, error: BaseException) -> dict:
    return {"student": job.student, **_failed(
        job, f"the grading process died on this submission ({type(error).__name__})").to_json()}


def grade_all(jobs: list[Job], workers: int, on_result, grade=grade_job,
              dask: str | None = None) -> None:
    """Call `on_result(dict)` once per job, as results come in.

    Locally: when a worker process dies, the pool is broken and every unfinished job fails with
    it; those jobs are then graded again one at a time, so a submission that kills its worker
    fails alone. On Dask (`dask` = the scheduler's address), the scheduler itself gives the jobs
    of a dead worker to the others; a job on which workers died again and again
    (distributed.scheduler.allowed-failures) gets an error result.
    """
    if dask:
        _grade_all_dask(jobs, dask, on_result, grade)
        return
    retry = []
    # Not fork: forking a process that runs threads (a Dask client, a test runner) can deadlock
    workers_start = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=workers_start) as pool:
        futures = {pool.submit(grade, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                on_result(future.result())
            except Exception:  # BrokenProcessPool: the worker died
                retry.append(futures[future])
    for job in retry:
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=workers_start) as pool:
                on_result(pool.submit(grade, job).result())
        except Exception as error:
            on_result(_died(job, error))


def _grade_all_dask(jobs: list[Job], address: str, on_result, grade) -> None:
    from distributed import Client
    from distributed import as_completed as dask_completed

    batch = uuid.uuid4().hex[:8]
    with Client(address, timeout="30s", set_as_default=False) as client:
        futures = {}
        for index, job in enumerate(jobs):
            if job.content is None:  # the workers may not share this machine's files
                job = replace(job, content=job.path.read_bytes())
            key = f"grade-{batch}-{index}"
            futures[client.submit(grade, job, key=key, pure=False)] = job
        for future in dask_completed(futures, loop=client.loop):
            try:
                result = future.result()
            except Exception as error:
                job = futures[future]
                if type(error).__name__ == "KilledWorker":  # workers died on it again and again
                    result = _died(job, error)
                else:  # e.g. a worker without the course installed
                    result = {"student": job.student, **_failed(
                        job, f"the Dask worker could not grade this submission: "
                             f"{type(error).__name__}: {error}").to_json()}
            future.release()
            on_result(result)


class Progress:
    """One line on stderr, redrawn in place on a terminal, one line per result otherwise."""

    def __init__(self, total: int, out=sys.stderr) -> None:
        self.total, self.done, self.errors, self.out = total, 0, 0, out
        self.start = time.monotonic()

    def update(self, result: dict) -> None:
        self.done += 1
        self.errors += result["status"] != "graded"
        filled = int(30 * self.done / max(self.total, 1))
        line = (f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}  "
                f"errors {self.errors}  {time.monotonic() - self.start:.0f} s  "
                f"last: {result['student']} {result['assignment'] or '?'} {result['status']}")
        if self.out.isatty():
            print("\r" + line[:150].ljust(150), end="" if self.done < self.total else "\n",
                  file=self.out, flush=True)
        else:
            print(line, file=self.out, flush=True)


def write_grades_csv(results: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for result in results:
            writer.writerow({**result, "assignment": result["assignment"] or "",
                             "submission": Path(result["submission"]).name})


def feedback_page(student: str, results: list[dict]) -> str:
    """A self-contained HTML page: per assignment the score, the notes and each test's result.

    It is built from the results only, so no hidden test code can leak into it.
    """
    e = html.escape
    parts = [f"<!doctype html><meta charset='utf-8'><title>Feedback for {e(student)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
             "td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
             "pre{white-space:pre-wrap;margin:0}.ok{color:#176f2c}.no{color:#a4161a}</style>",
             f"<h1>Feedback for {e(student)}</h1>"]
    for result in results:
        title = f"{result['assignment'] or Path(result['submission']).name}"
        if result["status"] == "graded":
            title += f": {result['score']:g} / {result['max_score']:g}"
        else:
            title += ": not graded"
        parts.append(f"<h2>{e(title)}</h2><p>File: {e(Path(result['submission']).name)}</p>")
        if result["message"]:
            parts.append(f"<pre>{e(result['message'])}</pre>")
        if result["tests"]:
            parts.append("<table><tr><th>test</th><th>score</th><th>result</th></tr>")
            for test in result["tests"]:
                mark = ("<span class='ok'>passed</span>" if test["passed"]
                        else "<span class='no'>failed</span>")
                parts.append(f"<tr><td>{e(test['grade_id'])}</td>"
                             f"<td>{test['score']:g} / {test['max_score']:g}</td>"
                             f"<td>{mark}<pre>{e(test['message'])}</pre></td></tr>")
            parts.append("</table>")
    return "\n".join(parts) + "\n"


def sandbox_line(results: list[dict]) -> str:
    """Whether the notebooks ran in the sandbox, from the results' notes (workers may differ)."""
    reasons = sorted({part.strip() for r in results for part in r["message"].split("; ")
                      if part.strip().startswith("not sandboxed:")})
    if not results:
        return ""
    if not reasons:
        return "  sandboxed: every notebook ran in bubblewrap"
    return "  " + " / ".join(reasons) + " (the notebooks could read and write what the grader can)"


def summary(results: list[dict], seconds: float, where: str = "") -> str:
    graded = [r for r in results if r["status"] == "graded"]
    lines = [f"{len(results)} submissions: {len(graded)} graded, {len(results) - len(graded)} "
             f"errors, {seconds:.0f} s wall time{where}"]
    for assignment in sorted({r["assignment"] for r in graded}):
        scores = [r for r in graded if r["assignment"] == assignment]
        mean = statistics.mean(r["score"] for r in scores)
        lines.append(f"  {assignment}: mean {mean:.2f} / {scores[0]['max_score']:g} "
                     f"over {len(scores)} graded")
    if results:
        lines.append(f"  median time per submission {statistics.median(r['seconds'] for r in results):.1f} s")
        lines.append(sandbox_line(results))
    return "\n".join(lines)


def run_batch(submissions_dir: Path, out_dir: Path, workers: int = 2,
              timeout: float = DEFAULT_TIMEOUT, cell_timeout: int = DEFAULT_CELL_TIMEOUT,
              memory_bytes: int = DEFAULT_MEMORY, progress_out=sys.stderr,
              summary_out=sys.stdout, dask: str | None = None,
              sandboxed: bool = True) -> list[dict]:
    start = time.monotonic()
    found = find_submissions(submissions_dir)
    versions: dict[str, str] = {}
    # generate each assignment once here; local workers then only copy the prepared directory
    # (Dask workers prepare their own once, and check that it is the same version)
    for assignment in sorted({_assignment_of(path) for _, path in found} - {None}):
        try:
            versions[assignment] = course.prepared_name(assignment)
            if not dask:
                course.PreparedAssignment(assignment)
        except (ValueError, RuntimeError):
            pass  # every submission of it gets this error as its result

    hidden = tuple(str(p.resolve()) for p in (submissions_dir, out_dir))
    jobs = [Job(student, path, timeout, cell_timeout, memory_bytes, sandboxed, hidden,
                version=versions.get(_assignment_of(path)) if dask else None)
            for student, path in found]
    results: list[dict] = []
    progress = Progress(len(jobs), progress_out)

    def collect(result: dict) -> None:
        results.append(result)
        progress.update(result)

    grade_all(jobs, workers, collect, dask=dask)
    results.sort(key=lambda r: (r["student"], r["assignment"] or "", r["submission"]))

    out_dir.mkdir(parents=True, exist_ok=True)
    write_grades_csv(results, out_dir / "grades.csv")
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    feedback_dir = out_dir / "feedback"
    feedback_dir.mkdir(exist_ok=True)
    for student in sorted({r["student"] for r in results}):
        page = feedback_page(student, [r for r in results if r["student"] == student])
        (feedback_dir / f"{student}.html").write_text(page, encoding="utf-8")
    report.write_class_reports(out_dir, results)  # class page, leaderboard, places in feedback
    where = f" on the Dask cluster at {dask}" if dask else f" with {workers} local worker(s)"
    print(summary(results, time.monotonic() - start, where), file=summary_out)
    return results


def _assignment_of(path: Path) -> str | None:
    try:
        return course.identify_assignment(path)
    except ValueError:
        return None
