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


def pytest_collection_modifyitems(config, items):
    """Slow tests first. pytest-xdist hands out work in this order (each xdist group as one unit,
    the largest groups first); a long test handed out last would run alone on one core at the end.
    The sort is stable: the tests of a group keep their order, which the replays rely on."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
