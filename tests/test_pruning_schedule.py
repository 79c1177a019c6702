"""The pruning notebook's schedule functions equal tensorflow-model-optimization's.

tfmot 0.8.1 imports `tf_keras` itself (its compat module), so it could run in this process; it runs
in a subprocess only so that the test process does not import TensorFlow. The solution's functions
and the reference tables in the hidden tests are both checked against the toolkit, so the tables
cannot drift from the toolkit they claim to reproduce.
"""
import ast
import json
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from autograder import course

TFMOT_SCHEDULE = r"""
import json, sys
import fastsmall  # quiet TensorFlow logs
import tensorflow as tf
import tensorflow_model_optimization as tfmot

request = json.loads(sys.argv[1])
values = []
for (s_i, s_f, begin, end, power), steps in request["values"]:
    schedule = tfmot.sparsity.keras.PolynomialDecay(s_i, s_f, begin_step=begin, end_step=end, power=power,
                                                    frequency=1)
    values.append([float(schedule(tf.constant(t, tf.int64))[1]) for t in steps])
reached = []
for s_f, begin, end, frequency, s_i, power in request["reached"]:
    schedule = tfmot.sparsity.keras.PolynomialDecay(s_i, s_f, begin_step=begin, end_step=end, power=power,
                                                    frequency=frequency)
    last = None
    for t in range(1, end + 2 * frequency):       # training counts steps from 1
        prune, sparsity = schedule(tf.constant(t, tf.int64))
        if bool(prune):
            last = float(sparsity)
    reached.append(last)
print(json.dumps({"values": values, "reached": reached}))
"""


def _cell(grade_id):
    nb = nbformat.read(course.SOLUTIONS / "05_pruning.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _literal(grade_id, name):
    """The `name = {...}` literal of a hidden test cell, evaluated."""
    tree = ast.parse(_cell(grade_id))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == name)
    return eval(compile(ast.Expression(node.value), f"<{name}>", "eval"))  # a literal of ranges and lists


def _tfmot(request):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    run = subprocess.run([sys.executable, "-c", TFMOT_SCHEDULE, json.dumps(request)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_schedule_functions_match_tfmot():
    namespace = {"np": np}
    exec(_cell("polynomial_sparsity"), namespace)
    exec(_cell("reached_sparsity"), namespace)
    polynomial_sparsity, reached_sparsity = namespace["polynomial_sparsity"], namespace["reached_sparsity"]

    table = _literal("test_polynomial_sparsity_hidden", "_TFMOT")
    extra = {(0.2, 0.9, 100, 1100, 3): range(0, 1300, 13), (0.0, 0.5, 0, 10, 5): range(-3, 15)}
    cases = [(list(key), list(steps)) for key, (steps, _) in table.items()]
    cases += [(list(key), list(steps)) for key, steps in extra.items()]
    reached_table = _literal("test_reached_sparsity_hidden", "_TFMOT_REACHED")
    reached_extra = [(0.8, 0, 50, 10, 0.0, 3), (0.8, 0, 55, 20, 0.0, 3), (0.7, 13, 113, 7, 0.1, 2)]
    reached_cases = [list(key) for key in reached_table] + [list(key) for key in reached_extra]
    reference = _tfmot({"values": cases, "reached": reached_cases})

    for (key, steps), expected in zip(cases, reference["values"]):
        got = [polynomial_sparsity(t, *key[:4], power=key[4]) for t in steps]
        np.testing.assert_allclose(got, expected, atol=2e-6, err_msg=f"solution vs tfmot for {key}")
    for (key, (_, stored)), expected in zip(table.items(), reference["values"]):
        np.testing.assert_allclose(stored, expected, atol=2e-6, err_msg=f"hidden-test table vs tfmot for {key}")

    for key, expected in zip(reached_cases, reference["reached"]):
        final, begin, end, frequency, initial, power = key
        got = reached_sparsity(final, begin, end, frequency, initial_sparsity=initial, power=power)
        np.testing.assert_allclose(got, expected, atol=2e-6, err_msg=f"reached_sparsity vs tfmot for {key}")
    for (key, stored), expected in zip(reached_table.items(), reference["reached"]):
        np.testing.assert_allclose(stored, expected, atol=2e-6, err_msg=f"hidden reached table vs tfmot for {key}")
