"""The course autograder: nbgrader underneath, one isolated course directory per submission.

    python -m autograder grade SUBMISSION.ipynb [...] [--json OUT.json] [--assignment ID]
    python -m autograder release
"""
