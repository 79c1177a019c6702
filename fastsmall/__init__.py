"""Shared helpers for the course notebooks.

Import this package before TensorFlow: it sets the environment variables that keep TensorFlow's
C++ start-up chatter out of the notebooks (``setdefault``, so your own settings win).
"""
import os

QUIET_TF_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # hide TensorFlow's C++ INFO/WARNING lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # same numerics on every CPU, and no oneDNN banner
}
for _name, _value in QUIET_TF_ENV.items():
    os.environ.setdefault(_name, _value)

__version__ = "1.0.0"

# Light modules (NumPy only at import time): `fastsmall.measure.Stopwatch()` works after `import fastsmall`.
from . import checks, data, measure, models, plots, progress, results, stats  # noqa: E402,F401


def setup_notebook(seed: int = 0, tensorflow: bool = True) -> None:
    """Seed every random number generator, set plot defaults and silence TensorFlow's logger.

    With `tensorflow=False` only Python's and NumPy's generators are seeded and TensorFlow is not
    imported (a notebook that does not train anything starts seconds faster).
    """
    import logging
    import random

    import matplotlib
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    matplotlib.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
    if tensorflow:
        import keras
        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
        logging.getLogger("absl").setLevel(logging.ERROR)
        keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow together
