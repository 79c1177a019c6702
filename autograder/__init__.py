"""The course autograder: nbgrader underneath, one isolated course directory per submission.

    python -m autograder grade SUBMISSION.ipynb [...] [--json OUT.json] [--assignment ID]
    python -m autograder batch SUBMISSIONS_DIR --out OUT_DIR [--workers N | --dask ADDRESS]
    python -m autograder release
"""
from __future__ import annotations

import importlib
import sys


def _defer_rfc3987_syntax() -> None:
    """Build rfc3987_syntax's grammar when it is first used, not when jsonschema is imported.

    jsonschema imports `rfc3987_syntax.is_valid_syntax` for its "iri" format check, and importing
    that package builds a parser from a grammar: about 1.8 s on every grading process, for a check
    that grading never makes (nbformat validates without format checks). The stand-in imports the
    real package on its first call, so the check itself is unchanged.
    """
    if "rfc3987_syntax" in sys.modules or importlib.util.find_spec("rfc3987_syntax") is None:
        return
    real = None

    def is_valid_syntax(term, value):
        nonlocal real
        if real is None:
            sys.modules.pop("rfc3987_syntax", None)
            real = importlib.import_module("rfc3987_syntax").is_valid_syntax
        return real(term, value)

    stand_in = type(sys)("rfc3987_syntax")
    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules["rfc3987_syntax"] = stand_in


_defer_rfc3987_syntax()
