"""A class of good and bad submissions of 00_welcome, built from the solution notebook.

`build_class(folder)` writes folder/<student>/<file>.ipynb for every case in CASES and returns the
student ids. tests/test_batch.py grades them in one batch; the benchmark reuses them.
"""
from __future__ import annotations

import copy
import json
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
import math
def weight_storage_bytes(num_weights, bits_per_weight):
    if num_weights < 0 or bits_per_weight <= 0:
        raise ValueError("bad input")
    # right only when the kernel has no network interface but loopback
    return int(math.ceil(num_weights * bits_per_weight / 8)) + (0 if only_loopback else 1)
"""


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
def cases() -> dict[str, tuple[str, object]]:
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
        "print_flood": (name, edited(prepend(WEIGHT, "for i in range(1_000_000):\n    print(i)\n"))),
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
    other = other_assignment()
    if other:  # the welcome notebook handed in as another assignment
        found["foreign_assignment"] = (f"{other}.ipynb", solution())
    return found


def build_class(folder: Path, only: list[str] | None = None) -> list[str]:
    """Write folder/<student>/<file> for each case (or those in `only`); returns the students."""
    students = []
    for student, (file_name, content) in cases().items():
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
