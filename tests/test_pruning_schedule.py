"""The pruning notebook's polynomial sparsity schedule equals tensorflow-model-optimization's.

tfmot needs legacy Keras (TF_USE_LEGACY_KERAS=1 before TensorFlow is imported), so the toolkit runs
in a subprocess. Both the solution's function and the reference table in the hidden test are checked
against it, so the table cannot drift from the toolkit it claims to reproduce.
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

out = []
for (s_i, s_f, begin, end, power), steps in json.loads(sys.argv[1]):
    schedule = tfmot.sparsity.keras.PolynomialDecay(s_i, s_f, begin_step=begin, end_step=end, power=power,
                                                    frequency=1)
    out.append([float(schedule(tf.constant(t, tf.int64))[1]) for t in steps])
print(json.dumps(out))
"""


def _cell(grade_id):
    nb = nbformat.read(course.SOLUTIONS / "05_pruning.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _hidden_reference_table():
    """The `_TFMOT = {...}` literal of the hidden schedule test, evaluated."""
    tree = ast.parse(_cell("test_polynomial_sparsity_hidden"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "_TFMOT")
    return eval(compile(ast.Expression(node.value), "<_TFMOT>", "eval"))  # a literal of ranges and lists


def _tfmot(cases):
    env = {**os.environ, "TF_USE_LEGACY_KERAS": "1", "PYTHONWARNINGS": "ignore"}
    run = subprocess.run([sys.executable, "-c", TFMOT_SCHEDULE, json.dumps(cases)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_polynomial_sparsity_matches_tfmot():
    namespace = {"np": np}
    exec(_cell("polynomial_sparsity"), namespace)
    polynomial_sparsity = namespace["polynomial_sparsity"]

    table = _hidden_reference_table()
    extra = {(0.2, 0.9, 100, 1100, 3): range(0, 1300, 13), (0.0, 0.5, 0, 10, 5): range(-3, 15)}
    cases = [(list(key), list(steps)) for key, (steps, _) in table.items()]
    cases += [(list(key), list(steps)) for key, steps in extra.items()]
    reference = _tfmot(cases)

    for (key, steps), expected in zip(cases, reference):
        got = [polynomial_sparsity(t, *key[:4], power=key[4]) for t in steps]
        np.testing.assert_allclose(got, expected, atol=2e-6, err_msg=f"solution vs tfmot for {key}")
    for (key, (_, stored)), expected in zip(table.items(), reference):
        np.testing.assert_allclose(stored, expected, atol=2e-6, err_msg=f"hidden-test table vs tfmot for {key}")
