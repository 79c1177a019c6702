"""Grading a class: every bad submission in tests/bad_submissions.py gets one clear result.

The whole class (40 submissions, attacks on the grader included where the sandbox works) is graded
by ONE `python -m autograder batch --workers 2` call (module fixture), so the suite pays for
parallel grading once; each test then checks one submission's result. The Dask test grades the
same class once more on a local Dask cluster and compares.
"""
from __future__ import annotations

import csv
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from autograder import batch, course, guard, kernel_guard, sandbox
from autograder.nbgrader_plugins import network_off_prefix

sys.path.insert(0, str(Path(__file__).parent))
import bad_submissions  # noqa: E402

# a welcome cell takes under a second: the endless loops are stopped after 8
LIMITS = ["--timeout", "60", "--cell-timeout", "8", "--memory-gb", "1.5"]
CLASS_SIZE = 40
HIDDEN_TEST_LINE = "for n, bits, expected in"  # a line of 00_welcome's hidden tests
SANDBOXED = sandbox.status().available
# every test of this file that uses the graded class runs in the same pytest-xdist process
pytestmark = pytest.mark.xdist_group("graded_class")


class LoadMeter:
    """The machine's 1-minute load average, sampled every 2 s while a batch runs (this machine is
    shared: a comparison of two runs' wall times means something only under similar load)."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(2):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mean(self) -> float:
        return sum(self.samples) / len(self.samples) if self.samples else os.getloadavg()[0]


TIMINGS: dict[str, tuple[float, float]] = {}  # run -> (wall seconds, mean load), for the comparison


@pytest.fixture(scope="session")  # the tests of its xdist group are not always adjacent
def graded_class(tmp_path_factory):
    """(results by student, output folder, batch process, wall seconds) of one batch run."""
    root = tmp_path_factory.mktemp("class")
    students = bad_submissions.build_class(root / "submissions", with_attacks=SANDBOXED,
                                           size=CLASS_SIZE)
    assert len(students) == CLASS_SIZE
    out = root / "out"
    start = time.monotonic()
    with LoadMeter() as load:
        done = subprocess.run([sys.executable, "-m", "autograder", "batch",
                               str(root / "submissions"), "--out", str(out), "--workers", "2",
                               *LIMITS], capture_output=True, text=True, cwd=course.ROOT,
                              timeout=900)
    seconds = time.monotonic() - start
    TIMINGS["local"] = (seconds, load.mean)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert sorted(r["student"] for r in results) == sorted(students)  # one result each
    return {r["student"]: r for r in results}, out, done, seconds


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
    "solution_copy": ("graded", 6, []),
}
# The attacks on the grader (sandbox only): each gains nothing (the honest wrong answer scores 3,
# a correct one 6) and is noted. {root}, {class} and {out}: the repository and the class's folders.
REACHED = "reached outside its folder: "
ATTACKS = {
    "steals_solution_chr": ("graded", 3, [REACHED, "read {root}/solutions/00_welcome.ipynb"]),
    "steals_solution_join": ("graded", 3, [REACHED, "read {root}/solutions/00_welcome.ipynb"]),
    "steals_solution_walk_up": ("graded", 3, [REACHED, "listed {root}"]),
    "steals_solution_proc": ("graded", 3, [REACHED,
                                           "read /proc/1/cwd/source/00_welcome/00_welcome.ipynb"]),
    "reads_other_student": ("graded", 3, [REACHED, "listed {class}"]),
    "reads_gradebook": ("graded", 3, [REACHED, "read /proc/1/cwd/gradebook.db"]),
    "writes_outside": ("graded", 6, [REACHED, "wrote {class}/solution/planted-",
                                     "wrote {out}/planted-", "wrote {root}/build/planted-"]),
    "detached_sleeper": ("graded", 6, ["still running when grading ended (sleep)"]),
    "fork_bomb": ("graded", 6, ["still running when grading ended (sleep)"]),
    "forked_kernel_sleeper": ("graded", 6, ["still running when grading ended (python"]),
}
EXPECTED.update(ATTACKS)


def expected_for(student: str):
    return EXPECTED["solution_copy" if student.startswith("solution_copy") else student]


def test_every_case_is_expected():
    for student in bad_submissions.cases(size=CLASS_SIZE):
        expected_for(student)


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_submission_gets_its_clear_result(student, graded_class):
    results, out, _, _ = graded_class
    if student in ATTACKS and not SANDBOXED:
        pytest.skip(f"attacks run only in the sandbox ({sandbox.status().note()})")
    if student == "solution_copy":
        student = "solution_copy_1"
    if student not in results:
        pytest.skip("needs a second assignment in solutions/")
    if student == "no_network" and not (SANDBOXED or network_off_prefix()):
        pytest.skip("neither bwrap nor unshare --net works here: the kernel keeps the network")
    status, score, words = expected_for(student)
    result = results[student]
    assert result["status"] == status, result["message"]
    if score is not None:
        assert result["score"] == score, (result["message"], scores(result))
        assert result["max_score"] == 6
    folders = {"root": course.ROOT, "class": out.parent.resolve() / "submissions",
               "out": out.parent.resolve() / "out"}
    for word in words:
        assert word.format(**folders) in result["message"], result["message"]
    if status == "error":
        assert result["score"] == 0 and result["tests"] == []
    if SANDBOXED:
        assert "not sandboxed" not in result["message"]
    else:
        assert "not sandboxed: " in result["message"]


@pytest.mark.slow
def test_attacks_leave_nothing_behind(graded_class):
    """No planted file exists and no process of the class is still running after the batch."""
    if not SANDBOXED:
        pytest.skip(f"attacks run only in the sandbox ({sandbox.status().note()})")
    _, out, _, _ = graded_class
    planted = [p for p in bad_submissions.planted_files(out.parent / "submissions") if p.exists()]
    for path in planted:
        path.unlink()  # never leave one in the repository
    assert planted == []
    left = []
    for process in psutil.process_iter(["cmdline"]):
        if bad_submissions.SLEEPER in (process.info["cmdline"] or []):
            left.append(process.pid)
            process.kill()
    assert left == []


@pytest.mark.slow
def test_specific_test_results(graded_class):
    results, _, _, _ = graded_class
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
    results, out, done, _ = graded_class
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
    assert ("sandboxed: every notebook ran in bubblewrap" if SANDBOXED
            else "not sandboxed: ") in done.stdout


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


# ----- the same class on a Dask cluster -----

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A scheduler and two worker processes (each behind its nanny) on the loopback address,
    started as the README tells an instructor to: `dask scheduler`, `dask worker`."""
    distributed = pytest.importorskip("distributed")
    dask_cli = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    scratch = tmp_path_factory.mktemp("dask")
    quiet = {"cwd": course.ROOT, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([dask_cli, "scheduler", "--host", "127.0.0.1", "--port",
                                   address.rsplit(":", 1)[1], "--no-dashboard"], **quiet)]
    for name in ("w1", "w2"):
        processes.append(subprocess.Popen(
            [dask_cli, "worker", address, "--nthreads", "1", "--name", name, "--no-dashboard",
             "--host", "127.0.0.1", "--local-directory", str(scratch / name)], **quiet))
    try:
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
            client.run(importlib.import_module, "autograder.batch")  # long-lived workers: warm
            yield address, client
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def comparable(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "seconds"}


def run_dask_batch(submissions: Path, out: Path, address: str, on_progress=None):
    """`python -m autograder batch SUBMISSIONS --out OUT --dask ADDRESS`: (progress lines,
    summary, wall seconds, mean load); `on_progress(lines so far)` is called after each line."""
    start = time.monotonic()
    with LoadMeter() as load:
        grading = subprocess.Popen([sys.executable, "-m", "autograder", "batch", str(submissions),
                                    "--out", str(out), "--dask", address, *LIMITS],
                                   cwd=course.ROOT, text=True, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        progress = []
        for line in grading.stderr:
            progress.append(line)
            if on_progress:
                on_progress(progress)
        summary = grading.stdout.read()
        assert grading.wait(timeout=900) == 0, "".join(progress)[-3000:]
    return progress, summary, time.monotonic() - start, load.mean


@pytest.mark.slow
def test_dask_cluster_gives_the_same_results_as_local_workers(graded_class, dask_cluster):
    local, out, _, local_seconds = graded_class
    address, _ = dask_cluster
    # the same --out as the local run (the notes name the class's folders): keep that one aside
    out.rename(out.parent / "out-local")
    progress, summary, seconds, load = run_dask_batch(out.parent / "submissions", out, address)
    TIMINGS["dask"] = (seconds, load)
    results = json.loads((out / "results.json").read_text())
    # one result per submission, each identical to the local run's (but for the time it took)
    assert sorted(r["student"] for r in results) == sorted(local)
    different = {r["student"]: (comparable(r), comparable(local[r["student"]]))
                 for r in results if comparable(r) != comparable(local[r["student"]])}
    assert different == {}
    assert f"on the Dask cluster at {address}" in summary
    assert f"{CLASS_SIZE}/{CLASS_SIZE}" in progress[-1]  # progress on the terminal


@pytest.mark.slow
def test_dask_throughput_is_at_least_four_fifths_of_local_workers():
    """Two Dask workers against --workers 2 on the same class (the two runs above).

    The tests run beside other tests: each run's wall time is scaled by the share of the cores
    it had, cores / (mean load), taken as 1 when the load is below the number of cores."""
    if "dask" not in TIMINGS or "local" not in TIMINGS:
        pytest.skip("needs the local and the Dask run of the class")
    (local, local_load), (dask, dask_load) = TIMINGS["local"], TIMINGS["dask"]
    cores = os.cpu_count() or 2
    local_work, dask_work = (seconds * min(1.0, cores / load) for seconds, load in
                             ((local, local_load), (dask, dask_load)))
    print(f"\n{CLASS_SIZE} submissions: --workers 2 {local:.0f} s (load {local_load:.1f}), "
          f"two Dask workers {dask:.0f} s (load {dask_load:.1f}): throughput ratio "
          f"{local / dask:.2f}, {local_work / dask_work:.2f} for the same share of the cores")
    if max(dask_load, local_load) > 2 * min(dask_load, local_load) + 0.5:
        pytest.skip(f"the machine's load differed too much (Dask run {dask_load:.1f}, local run "
                    f"{local_load:.1f}): the wall times do not compare")
    assert dask_work <= local_work / 0.8, (dask, dask_load, local, local_load)


@pytest.mark.slow
def test_a_killed_dask_worker_costs_nothing_but_time(graded_class, dask_cluster, tmp_path):
    """A worker killed while it grades: its submission is graded again by the other one."""
    local, out, _, _ = graded_class
    address, client = dask_cluster
    students = ["solution", "honest_wrong", "os_exit", "sys_exit", "empty_file", "test_edited"]
    for student in students:
        (tmp_path / "submissions" / student).mkdir(parents=True)
        for notebook in (out.parent / "submissions" / student).iterdir():
            (tmp_path / "submissions" / student / notebook.name).write_bytes(notebook.read_bytes())
    killed = []

    def kill_a_busy_worker(progress):
        if not killed and len(progress) == 1:  # the other worker is grading right now
            busy = client.processing()
            worker = next(w for w, keys in busy.items() if keys)
            killed.append(client.run(os.getpid, workers=[worker])[worker])
            os.kill(killed[0], signal.SIGKILL)

    progress, *_ = run_dask_batch(tmp_path / "submissions", tmp_path / "out", address,
                                  kill_a_busy_worker)
    assert killed
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert sorted(r["student"] for r in results) == sorted(students)
    for result in results:
        assert comparable(result) == {**comparable(local[result["student"]]),
                                      "submission": result["submission"]}
    assert f"{len(students)}/{len(students)}" in progress[-1]
