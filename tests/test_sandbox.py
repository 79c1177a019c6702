"""The bubblewrap sandbox of the learner's kernel (autograder/sandbox.py).

What the sandboxed process can see and do is checked directly (a short Python program run the way
the kernel is run); the attacks on the grader, graded in a batch, are in tests/test_batch.py. The
slow test grades the same submissions with and without the sandbox, side by side: the attacks that
gain nothing in the sandbox do gain without it, and the sandbox costs at most 20 % more time.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import course, grading, sandbox

sys.path.insert(0, str(Path(__file__).parent))
import bad_submissions  # noqa: E402

SANDBOXED = sandbox.status().available
needs_sandbox = pytest.mark.skipif(not SANDBOXED, reason=sandbox.status().note())


@pytest.mark.skipif(not os.environ.get("CI"), reason="outside CI a machine may lack bubblewrap")
def test_ci_grades_in_the_sandbox():
    """In CI (`make sandbox` ran) the sandbox tests run; they are never skipped there."""
    assert SANDBOXED, sandbox.status().note()

# Run inside the sandbox: what can it see, write, reach?
PROBE = r"""
import json, os, resource, socket, subprocess, sys
root = sys.argv[1]
def can(action):
    try:
        action()
        return True
    except OSError:
        return False
def write(path):
    with open(path, "w") as file:
        file.write("x")
report = {
    "uid": os.getuid(),
    "repository": sorted(os.listdir(root)),
    "solutions": os.path.exists(os.path.join(root, "solutions")),
    "gradebook": os.path.exists(sys.argv[2]),
    "write_here": can(lambda: write("made-here.txt")),
    "write_tmp": can(lambda: write("/tmp/made-in-tmp.txt")),
    "write_repository": can(lambda: write(os.path.join(root, "fastsmall", "planted.py"))),
    "write_venv": can(lambda: write(os.path.join(sys.prefix, "planted.txt"))),
    "tmp": sorted(os.listdir("/tmp")),
    "interfaces": [name for _, name in socket.if_nameindex()],
    "connect": can(lambda: socket.create_connection(("127.0.0.1", 22), timeout=1)),
    "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "parent_cwd": can(lambda: os.listdir(f"/proc/{os.getppid()}/cwd")),
    "secret": os.environ.get("AUTOGRADER_TEST_SECRET"),
    "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
    "home": os.environ.get("HOME"),
    "import": can(lambda: __import__("fastsmall.checks")) and can(
        lambda: __import__("autograder.kernel_guard")),
}
print(json.dumps(report))
"""


def test_status_says_why_without_bwrap(monkeypatch):
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    monkeypatch.delenv(sandbox.SANDBOX_ENV, raising=False)
    sandbox.status.cache_clear()
    try:
        status = sandbox.status()
    finally:
        sandbox.status.cache_clear()
    assert not status.available and "bwrap is not installed" in status.reason
    assert status.note().startswith("not sandboxed: ") and "make sandbox" in status.note()


def test_switched_off_and_trusted_settings(monkeypatch):
    sandbox.status.cache_clear()
    try:
        monkeypatch.setenv(sandbox.SANDBOX_ENV, "off")
        assert sandbox.status() == sandbox.Status(False, "switched off (--no-sandbox)")
    finally:
        sandbox.status.cache_clear()
    assert grading.sandbox_status(sandboxed=False).note() == "not sandboxed: switched off (--no-sandbox)"


def test_kernel_environment_keeps_only_what_the_kernel_needs():
    env = sandbox.kernel_env({"PATH": "/usr/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "LC_ALL": "C",
                              "AWS_SECRET_ACCESS_KEY": "x", "GITHUB_TOKEN": "y", "HOME": "/root",
                              "JPY_PARENT_PID": "12"})
    assert env["PATH"] == "/usr/bin" and env["TF_CPP_MIN_LOG_LEVEL"] == "3" and env["LC_ALL"] == "C"
    assert "AWS_SECRET_ACCESS_KEY" not in env and "GITHUB_TOKEN" not in env
    assert env["HOME"] == "/tmp" and env["TMPDIR"] == "/tmp"


@needs_sandbox
def test_the_sandboxed_process_sees_only_its_folder(tmp_path):
    work = tmp_path / "autograded" / "student" / "00_welcome"
    work.mkdir(parents=True)
    (work / "data.csv").write_text("1,2\n")  # a file handed out with the assignment: copied in
    (work / "00_welcome.ipynb").write_text("{}")  # the notebook with hidden tests: not copied
    (tmp_path / "gradebook.db").write_text("secret")
    box = sandbox.KernelSandbox()
    try:
        command = box.command([sys.executable, "-c", PROBE, str(course.ROOT),
                               str(tmp_path / "gradebook.db")], str(work))
        env = sandbox.kernel_env({**os.environ, "AUTOGRADER_TEST_SECRET": "s3cret"})
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        scratch = sorted(os.listdir(box.scratch))
    finally:
        box.cleanup()
    assert report["import"]  # the course package and the guard import
    # the course code and the environment this test runs in (.venv, or .venv-3.12 and the like)
    assert set(report["repository"]) <= {Path(sys.prefix).name, "fastsmall", "autograder"}
    assert not report["solutions"] and not report["gradebook"] and not report["parent_cwd"]
    assert report["write_here"] and report["write_tmp"]
    assert not report["write_repository"] and not report["write_venv"]
    # a private /tmp: what it wrote, and the folders that lead to its own two folders and to the
    # course code it reads (a checkout in /tmp)
    leading = {Path(p).relative_to("/tmp").parts[0]
               for p in (box.run_dir, work, course.ROOT, sys.prefix)
               if Path(p).is_relative_to("/tmp")}
    assert set(report["tmp"]) <= {"made-in-tmp.txt", ".cache", *leading}  # .cache: matplotlib
    assert report["interfaces"] == ["lo"] and not report["connect"]
    assert len(report["processes"]) <= 3  # bwrap's init, this process (and ls-like helpers)
    assert report["secret"] is None and report["home"] == "/tmp"
    assert report["nproc"] <= sandbox.MAX_PROCESSES
    if os.geteuid() == 0:
        assert report["uid"] != 0  # the kernel never runs as root
    # what it wrote stayed in the scratch folder, which is thrown away; the notebook never went in
    assert scratch == ["data.csv", "made-here.txt"]
    assert not (work / "made-here.txt").exists()


@pytest.mark.slow
def test_without_bwrap_grading_goes_on_and_says_so(monkeypatch, prepared):
    monkeypatch.setattr(sandbox, "status", lambda: sandbox.Status(
        False, "bwrap is not installed (make sandbox, or apt-get install bubblewrap)"))
    result = grading.grade_submission(course.SOLUTIONS / "00_welcome.ipynb",
                                      prepared=prepared("00_welcome"))
    assert result.status == "graded" and result.score == result.max_score
    assert "not sandboxed: bwrap is not installed" in result.message
    broken = grading.grade_submission(Path("/nonexistent/00_welcome.ipynb"))
    assert broken.status == "error" and "not sandboxed: bwrap" in broken.message


@needs_sandbox
@pytest.mark.slow
def test_attacks_gain_only_without_the_sandbox_which_costs_little(tmp_path, prepared):
    """Side by side, in turns: the same submissions graded with and without the sandbox."""
    folder = tmp_path / "submissions"
    students = ["solution", "steals_solution_proc", "reads_gradebook"]
    bad_submissions.build_class(folder, only=students)
    ready = prepared("00_welcome")
    times: dict[bool, list[float]] = {True: [], False: []}
    scores: dict[tuple[str, bool], float] = {}
    for round_ in range(2):  # 6 pairs, in both orders: single timings on a shared machine are noisy
        for student in students:
            for sandboxed in ((True, False) if round_ % 2 == 0 else (False, True)):
                start = time.monotonic()
                result = grading.grade_submission(folder / student / "00_welcome.ipynb",
                                                  prepared=ready, sandboxed=sandboxed)
                times[sandboxed].append(time.monotonic() - start)
                assert result.status == "graded", result.message
                scores[student, sandboxed] = result.score
    with_box, without = statistics.median(times[True]), statistics.median(times[False])
    # each sandboxed grading against the plain one next to it: a busy machine's drift cancels
    paired = statistics.median(a / b for a, b in zip(times[True], times[False]))
    print(f"\nmedian grading time per submission: sandboxed {with_box:.2f} s, "
          f"not sandboxed {without:.2f} s (ratio {with_box / without:.2f}, paired {paired:.2f})")
    assert scores["solution", True] == scores["solution", False] == 6
    for attack in students[1:]:
        assert scores[attack, False] == 6  # the attack is real: without the sandbox it gains
        assert scores[attack, True] == 3  # in the sandbox it gains nothing
    assert min(paired, with_box / without) <= 1.2, (times[True], times[False])
