"""A class of good and bad submissions of 00_welcome, built from the solution notebook.

`build_class(folder)` writes folder/<student>/<file>.ipynb for every case in `cases()` and returns
the student ids. tests/test_batch.py grades them in one batch; tests/test_sandbox.py reuses some.

The attacks on the grader (ATTACKS) are written as a determined student would: paths built at run
time so that no plain mention of them is in the notebook. Each one that reads something starts
from the honest wrong answer (3 / 6) and replaces it with the correct one only if the read
succeeded, so its score shows what it gained.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat

from autograder import course

ASSIGNMENT = "00_welcome"
WEIGHT = "weight_storage_bytes"  # the two answer cells of 00_welcome
LATENCY = "robust_latency_ms"

BITS_NOT_BYTES = ("def weight_storage_bytes(num_weights, bits_per_weight):\n"
                  "    return int(num_weights * bits_per_weight)\n")
MEAN_NOT_MEDIAN = ("def robust_latency_ms(times_s, warmup):\n"
                   "    kept = list(times_s)[warmup:]\n"
                   "    return float(sum(kept) / len(kept) * 1000)\n")
MONKEYPATCH = """
import builtins
import numpy as np
import fastsmall.checks
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
fastsmall.checks.check_equal = lambda *args, **kwargs: None
fastsmall.checks.check_close = lambda *args, **kwargs: None
check_equal = check_close = check_type = lambda *args, **kwargs: None
builtins.abs = lambda x: 0
"""
NO_NETWORK = """
import socket
only_loopback = [name for _, name in socket.if_nameindex()] == ["lo"]
def weight_storage_bytes(num_weights, bits_per_weight):
    if num_weights < 0 or bits_per_weight <= 0:
        raise ValueError("bad input")
    # right only when the kernel has no network interface but loopback
    return (num_weights * bits_per_weight + 7) // 8 + (0 if only_loopback else 1)
"""


# Unique per test session: the sleeper's `sleep` argument, and the name of the planted files.
NONCE = 4000 + os.getpid() % 5000
SLEEPER = f"{NONCE}.5"
PLANTED = f"planted-{NONCE}.txt"


def hidden_code(text: str) -> str:
    """A Python expression that builds `text` at run time, character by character."""
    return f"''.join(map(chr, {[ord(c) for c in text]}))"


# Replace the (wrong) weight_storage_bytes by the one found in a notebook's JSON text.
STEAL_ANSWER = """
def _take_answer(text):
    import json
    for cell in json.loads(text)["cells"]:
        source = "".join(cell["source"])
        if "def weight_storage_bytes" in source and "NotImplementedError" not in source:
            exec(source, globals())
            return True
    return False
"""
CORRECT_WEIGHT = ("def weight_storage_bytes(num_weights, bits_per_weight):\n"
                  "    if num_weights < 0 or bits_per_weight <= 0:\n"
                  "        raise ValueError('bad input')\n"
                  "    return (num_weights * bits_per_weight + 7) // 8\n")


def attacks(folder: Path | None = None) -> dict[str, str]:
    """student -> the answer cell of an attack; `folder` is the class's submissions folder."""
    folder = Path(folder or "/nonexistent/class")
    solution_file = str(course.ROOT / "solutions" / f"{ASSIGNMENT}.ipynb")
    wrong = BITS_NOT_BYTES + STEAL_ANSWER
    return {
        # the solution notebook, by a path spelled with chr()
        "steals_solution_chr": wrong + f"""
try:
    _take_answer(open({hidden_code(solution_file)}).read())
except OSError:
    pass
""",
        # the same, joined from pieces
        "steals_solution_join": wrong + f"""
import os
_parts = {list(Path(course.ROOT).parts[1:])} + ["solu" + "tions", "{ASSIGNMENT}.ipynb"]
try:
    _take_answer(open(os.path.join("/", *_parts)).read())
except OSError:
    pass
""",
        # searching every folder above the course package for a solutions folder
        "steals_solution_walk_up": wrong + f"""
import os
import fastsmall
_folder = os.path.dirname(os.path.abspath(fastsmall.__file__))
while _folder != "/":
    _folder = os.path.dirname(_folder)
    try:
        if "solu" "tions" in os.listdir(_folder):
            _take_answer(open(os.path.join(_folder, "solu" "tions", "{ASSIGNMENT}.ipynb")).read())
            break
    except OSError:
        pass
""",
        # the grader's working folder, through /proc: nbgrader's course folder holds source/
        "steals_solution_proc": wrong + f"""
import os
try:
    _cwd = f"/proc/{{os.getppid()}}/cwd"
    _take_answer(open(os.path.join(_cwd, "source", "{ASSIGNMENT}", "{ASSIGNMENT}.ipynb")).read())
except OSError:
    pass
""",
        # another student's submission, from the class folder (listed, then read)
        "reads_other_student": wrong + f"""
import os
_class = {hidden_code(str(folder))}
try:
    for _student in sorted(os.listdir(_class)):
        if _student == "solution":
            _take_answer(open(os.path.join(_class, _student, "{ASSIGNMENT}.ipynb")).read())
except OSError:
    pass
""",
        # the gradebook holds the hidden tests: with them the student would fix the answer
        "reads_gradebook": wrong + f"""
import glob, os
_seen = b""
_name = "grade" "book.db"
for _db in [f"/proc/{{os.getppid()}}/cwd/{{_name}}", *glob.glob(f"/tmp/grade-*/{{_name}}")]:
    try:
        _seen += open(_db, "rb").read()
    except OSError:
        pass
if b"BEGIN HIDDEN TESTS" in _seen:
    exec({CORRECT_WEIGHT!r})
""",
        # a correct answer that also plants files outside its folder
        "writes_outside": CORRECT_WEIGHT + f"""
for _target in [{hidden_code(str(folder / "solution" / PLANTED))},
                {hidden_code(str(folder.parent / "out" / PLANTED))},
                {hidden_code(str(course.ROOT / "build" / PLANTED))}]:
    try:
        with open(_target, "w") as _file:
            _file.write("planted by a submission")
    except OSError:
        pass
""",
        # a correct answer after starting processes until the process limit stops it (the answer
        # is right only if a limit stopped it before 5000)
        "fork_bomb": f"""
import subprocess
_started = []
try:
    while len(_started) < 5000:
        _started.append(subprocess.Popen(["sleep", "{SLEEPER}"]))
except OSError:
    pass
if len(_started) < 5000:
    exec({CORRECT_WEIGHT!r})
else:
    exec({BITS_NOT_BYTES!r})
""",
        # a correct answer that leaves a detached process behind; the pipe (closed on exec) makes
        # the cell wait until the sleeper runs, so the grader always finds `sleep`, never its fork
        "detached_sleeper": CORRECT_WEIGHT + f"""
import os
_read, _write = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "{SLEEPER}"])
    os._exit(0)
os.close(_write)
os.read(_read, 1)
os.close(_read)
os.wait()
""",
        # the same left behind as a copy of the kernel itself: a fork that sleeps in Python
        "forked_kernel_sleeper": CORRECT_WEIGHT + f"""
import os, time
if os.fork() == 0:
    os.setsid()
    time.sleep({SLEEPER})
    os._exit(0)
""",
    }


def planted_files(folder: Path) -> list[Path]:
    """Where "writes_outside" tries to plant its file."""
    return [folder / "solution" / PLANTED, folder.parent / "out" / PLANTED,
            course.ROOT / "build" / PLANTED]


def solution():
    return nbformat.read(course.SOLUTIONS / f"{ASSIGNMENT}.ipynb", as_version=4)


def cell_index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells)
                if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def edited(*changes):
    """The solution with each change(nb) applied."""
    nb = solution()
    for change in changes:
        change(nb)
    return nb


def replace(grade_id: str, source: str):
    def change(nb):
        nb.cells[cell_index(nb, grade_id)].source = source
    return change


def prepend(grade_id: str, source: str):
    def change(nb):
        cell = nb.cells[cell_index(nb, grade_id)]
        cell.source = source + "\n" + cell.source
    return change


def append(grade_id: str, source: str):
    def change(nb):
        cell = nb.cells[cell_index(nb, grade_id)]
        cell.source = cell.source + "\n" + source
    return change


def delete(grade_id: str):
    def change(nb):
        del nb.cells[cell_index(nb, grade_id)]
    return change


def strip_metadata(grade_id: str):
    def change(nb):
        nb.cells[cell_index(nb, grade_id)].metadata.pop("nbgrader")
    return change


def duplicate(grade_id: str):
    def change(nb):
        index = cell_index(nb, grade_id)
        twin = copy.deepcopy(nb.cells[index])
        twin.id = f"{twin.id}-copy"
        nb.cells.insert(index + 1, twin)
    return change


def neutered_test(grade_id: str):
    """A test cell with its asserts replaced by `pass` and its points raised."""
    def change(nb):
        cell = nb.cells[cell_index(nb, grade_id)]
        cell.source = "pass\n"
        cell.metadata["nbgrader"]["points"] = 100
    return change


def set_kernelspec(spec):
    def change(nb):
        if spec is None:
            nb.metadata.pop("kernelspec", None)
        else:
            nb.metadata["kernelspec"] = spec
    return change


def other_assignment() -> str | None:
    return next((a for a in course.assignment_ids() if a != ASSIGNMENT), None)


# student id -> (file name, notebook or raw text)
def cases(folder: Path | None = None, with_attacks: bool = True,
          size: int | None = None) -> dict[str, tuple[str, object]]:
    """Every case; `folder` (the class's submissions folder) is where the attacks look.

    The attacks are left out with `with_attacks=False` (without the sandbox some of them really
    plant files and start hundreds of processes). `size` pads the class with copies of the
    solution up to that many submissions.
    """
    name = f"{ASSIGNMENT}.ipynb"
    found = {
        "solution": (name, solution()),
        "blank_release": (name, nbformat.read(course.NOTEBOOKS / name, as_version=4)),
        "malformed_json": (name, '{"cells": [ this is not json'),
        "not_a_notebook": (name, json.dumps({"hello": "world"})),
        "empty_file": (name, ""),
        "no_assignment_name": ("homework.ipynb", solution()),
        "answer_deleted": (name, edited(delete(WEIGHT))),
        "test_deleted": (name, edited(delete("test_weight_storage_bytes_hidden"))),
        "test_metadata_stripped": (name, edited(strip_metadata("test_robust_latency_ms_visible"))),
        "honest_wrong": (name, edited(replace(WEIGHT, BITS_NOT_BYTES))),
        "test_edited": (name, edited(replace(WEIGHT, BITS_NOT_BYTES),
                                     neutered_test("test_weight_storage_bytes_visible"),
                                     neutered_test("test_weight_storage_bytes_hidden"))),
        "cells_duplicated": (name, edited(duplicate(LATENCY),
                                          duplicate("test_weight_storage_bytes_hidden"))),
        "infinite_loop": (name, edited(prepend(WEIGHT, "while True:\n    pass\n"))),
        "loop_ignores_sigint": (name, edited(prepend(LATENCY, (
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    pass\n")))),
        "os_exit": (name, edited(prepend(LATENCY, "import os\nos._exit(1)\n"))),
        "sys_exit": (name, edited(prepend(WEIGHT, "import sys\nsys.exit()\n"))),
        "memory_bomb": (name, edited(prepend(WEIGHT, (
            "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 2**20))\n")))),
        "print_flood": (name, edited(prepend(WEIGHT, "for i in range(300_000):\n    print(i)\n"))),
        "fd_flood": (name, edited(prepend(WEIGHT, (
            "import os\nfor _ in range(1000):\n    os.write(1, b'x' * 100_000)\n")))),
        "wrong_kernelspec": (name, edited(set_kernelspec(
            {"name": "julia-1.10", "display_name": "Julia 1.10", "language": "julia"}))),
        "missing_kernelspec": (name, edited(set_kernelspec(None))),
        "stderr_in_answer": (name, edited(
            prepend(WEIGHT, "import sys\nprint('debug: defining the function', file=sys.stderr)\n"),
            replace(LATENCY, solution().cells[cell_index(solution(), LATENCY)].source.replace(
                "    kept =", "    print('debug: called', file=__import__('sys').stderr)\n"
                "    kept =", 1)))),
        "eq_always_true": (name, edited(replace(WEIGHT, (
            "class Anything:\n    def __eq__(self, other):\n        return True\n"
            "    def __ne__(self, other):\n        return False\n"
            "def weight_storage_bytes(num_weights, bits_per_weight):\n    return Anything()\n")))),
        "monkeypatch": (name, edited(replace(WEIGHT, BITS_NOT_BYTES),
                                     replace(LATENCY, MEAN_NOT_MEDIAN + MONKEYPATCH))),
        "reads_solutions": (name, edited(prepend(WEIGHT, (
            "try:\n    leaked = open('../../../solutions/00_welcome.ipynb').read()\n"
            "except OSError:\n    leaked = ''\n")))),
        "no_network": (name, edited(replace(WEIGHT, NO_NETWORK))),
    }
    for student, source in (attacks(folder) if with_attacks else {}).items():
        found[student] = (name, edited(replace(WEIGHT, source)))
    other = other_assignment()
    if other:  # the welcome notebook handed in as another assignment
        found["foreign_assignment"] = (f"{other}.ipynb", solution())
    for number in range(1, (size or 0) - len(found) + 1):
        found[f"solution_copy_{number}"] = (name, solution())
    return found


def build_class(folder: Path, only: list[str] | None = None, with_attacks: bool = True,
                size: int | None = None) -> list[str]:
    """Write folder/<student>/<file> for each case (or those in `only`); returns the students."""
    students = []
    for student, (file_name, content) in cases(folder.resolve(), with_attacks, size).items():
        if only is not None and student not in only:
            continue
        path = folder / student / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content)
        else:
            nbformat.write(content, path)
        students.append(student)
    return students
