"""What the grader reports about a submission that tried to game the tests.

Two sources: the marker lines the guard cell printed while the notebook ran (kernel_guard.py:
functions the learner replaced, put back before the tests ran; files outside the notebook's folder
it tried to reach), and a reading of the learner's own cells for references to files outside the
notebook's folder, to the grader itself or to the running tests.
"""
from __future__ import annotations

import json
import re

from . import course
from .kernel_guard import GUARD_CELL_ID, MARKER, REACHED

# What a learner's cell has no reason to mention. Reading these is not prevented (see the threat
# model in autograder/README.md), only reported to the instructor.
SUSPICIOUS = {
    "the course folder": re.escape(str(course.ROOT)),
    "the solutions folder": r"(?<![\w.-])solutions(?![\w-])",
    "a parent folder": r"\.\.[/\\]",
    "the grader": r"autograder|kernel_guard|gradebook|events\.(?:un)?register|addaudithook",
    "the running tests": (r"_getframe|\bf_back\b|inspect\.(?:stack|currentframe|getouterframes)"
                          r"|input_transformers|ast_transformers"),
}


def _marker_lines(autograded, marker: str):
    for cell in autograded.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                for line in output.get("text", "").splitlines():
                    if line.startswith(marker):
                        yield line[len(marker):]


def replaced_names(autograded) -> list[str]:
    """Names the guard found replaced while the notebook ran, in order, without repeats."""
    names: dict[str, None] = {}
    for line in _marker_lines(autograded, MARKER):
        names.update(dict.fromkeys(n.strip() for n in line.split(",")))
    return [name for name in names if name]


def reached_paths(autograded) -> list[str]:
    """'read /path', 'listed /path', 'wrote /path', 'ran cmd' the guard noted, without repeats."""
    found: dict[str, None] = {}
    for line in _marker_lines(autograded, REACHED):
        try:
            found.update(dict.fromkeys(str(item) for item in json.loads(line)))
        except ValueError:
            pass
    return list(found)


def tampering_notes(autograded) -> list[str]:
    """Messages for the instructor about replaced functions and a guard that did not start."""
    notes = []
    names = replaced_names(autograded)
    if names:
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        notes.append(f"tampering detected: {shown} replaced by the notebook; put back before "
                     f"every cell, so the tests used the real ones")
    reached = reached_paths(autograded)
    if reached:
        shown = "; ".join(reached[:6]) + (f" and {len(reached) - 6} more" if len(reached) > 6 else "")
        notes.append(f"reached outside its folder: {shown}")
    guard = next((c for c in autograded.cells if c.get("id") == GUARD_CELL_ID), None)
    for output in (guard or {}).get("outputs", []):
        if output.get("output_type") == "error":
            notes.append(f"the grader's guard did not start ({output.get('ename')}): monkeypatched "
                         f"checks were not undone")
    return notes


def suspicious_references(submitted) -> list[str]:
    """'cell <id> mentions <what>' for every learner cell (not a test cell) that mentions one."""
    found = []
    for index, cell in enumerate(submitted.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or (isinstance(meta, dict) and meta.get("grade")):
            continue
        name = meta.get("grade_id") if isinstance(meta, dict) else None
        for what, pattern in SUSPICIOUS.items():
            if re.search(pattern, cell.get("source", "")):
                found.append(f"cell {name or index + 1} mentions {what}")
    return found
