"""Shared fixtures: one prepared nbgrader course per assignment for the whole test session."""
from __future__ import annotations

import pytest

from autograder import course


@pytest.fixture(scope="session")
def prepared():
    """prepared(assignment) -> a PreparedAssignment, generated once per test session."""
    cache: dict[str, course.PreparedAssignment] = {}

    def get(assignment: str) -> course.PreparedAssignment:
        if assignment not in cache:
            cache[assignment] = course.PreparedAssignment(assignment)
        return cache[assignment]

    return get
