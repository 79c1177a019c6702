"""`make benchmark`: run every solution notebook as a learner would, record what it measured.

Each notebook runs top to bottom in the course kernel with COURSE_RESULTS_DIR set, so it writes
`results/<id>.json`; then one submission of it is graded, and `results/README.md` gets a table of
the run times, grading times and every measured metric.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import course

RESULTS = course.ROOT / "results"
KERNEL_NAME = "fastsmall"


def execute_notebook(path: Path, results_dir: Path | None = None, timeout: int = 600,
                     skip_demo: bool = False):
    """Run a notebook top to bottom in a fresh course kernel; returns (notebook, seconds).

    Errors do not stop the run: inspect the result with `problems()`.
    """
    nb = nbformat.read(path, as_version=4)
    if skip_demo:
        course.skip_demo_cells(nb)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_RESULTS_DIR"}
    env.update({k: v for k, v in course.GRADING_ENV.items() if k != "PYTHONWARNINGS"})
    if results_dir is not None:
        env["COURSE_RESULTS_DIR"] = str(results_dir)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    client.execute(env=env)
    return nb, time.monotonic() - start


def problems(nb) -> list[str]:
    """Every error and every stderr output of an executed notebook, as readable lines."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index + 1}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index + 1} wrote to stderr: {output.get('text', '')[:300]!r}")
    return found


def main() -> int:
    from .grading import grade_submission

    RESULTS.mkdir(exist_ok=True)
    rows = []
    for assignment in course.assignment_ids():
        path = course.SOLUTIONS / f"{assignment}.ipynb"
        print(f"running {path.name} ...", flush=True)
        nb, seconds = execute_notebook(path, RESULTS)
        issues = problems(nb)
        grading_times = []
        for _ in range(3):
            graded = grade_submission(path)
            grading_times.append(graded.seconds)
        grading_times.sort()
        metrics_file = RESULTS / f"{assignment}.json"
        metrics = json.loads(metrics_file.read_text()) if metrics_file.exists() else {}
        rows.append((assignment, seconds, grading_times[1], graded, metrics, issues))
        print(f"  ran in {seconds:.1f} s, graded {graded.score:g}/{graded.max_score:g} in "
              f"{grading_times[1]:.1f} s (median of 3); {len(issues)} problem(s)", flush=True)
    write_report(rows)
    return 0 if all(not r[5] for r in rows) else 1


def write_report(rows) -> None:
    lines = ["# Measured results", "",
             "Written by `make benchmark` on this machine "
             f"({os.cpu_count()} CPU cores), {time.strftime('%Y-%m-%d')}. Every number was measured "
             "by the notebook itself in that run.", "",
             "| notebook | run time (s) | grading one submission (s, median of 3) | solution score |",
             "|---|---:|---:|---:|"]
    for assignment, seconds, grading, graded, _, issues in rows:
        flag = " (problems!)" if issues else ""
        lines.append(f"| {assignment} | {seconds:.1f}{flag} | {grading:.1f} | "
                     f"{graded.score:g} / {graded.max_score:g} |")
    for assignment, _, _, _, metrics, issues in rows:
        lines += ["", f"## {assignment}", "", "| metric | value |", "|---|---:|"]
        lines += [f"| {name} | {value:.4g} |" for name, value in sorted(metrics.items())]
        lines += [f"- problem: {p}" for p in issues]
    (RESULTS / "README.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'README.md'}")
