"""Shared fixtures: one prepared nbgrader course per assignment for the whole test session."""
from __future__ import annotations

import os

import pytest

from autograder import course

# Two test processes share two cores: one TensorFlow thread per kernel keeps them from fighting
# over the cores (a pair of 02 runs side by side: 50 s each instead of 56 s, 10% less CPU).
# Every kernel, grader and batch worker the tests start inherits it.
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")


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
    the largest groups first); a long test handed out last would run alone on one core at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    # A notebook's replayed answers (tests/test_wrong_answers.py) in the order its kernel needs
    # them, right and wrong answers together, in the places its tests already hold.
    places = [i for i, item in enumerate(items) if item.get_closest_marker("replay_order")]
    ordered = sorted((items[i] for i in places),
                     key=lambda item: item.get_closest_marker("replay_order").args)
    for place, item in zip(places, ordered):
        items[place] = item
