"""Shipping a model: TFLite conversion, LiteRT latency, and the compression challenge's runner.

- `to_tflite(model, "float32" | "int8", representative_data)`: a Keras model as `.tflite` bytes,
  with the converter's chatter kept out of the notebook (`quiet_conversion`).
- `batch1_latency_us(tflite_bytes)`: median time of one `invoke()` at batch 1 on one thread.
- `run_challenge(build, split, ...)`: calls a learner's `build_challenge_model` the way the grader
  does (seeded, with a CPU-time budget, with the data loaders blocked), then measures the returned
  `.tflite` bytes **in a separate Python process**: file size, gzip size, accuracy and latency.

The measurement runs in a fresh process (`python -m fastsmall.deploy`) so that nothing the
submitted code did to this process (replaced functions, patched classes) can change the figures,
and so that the held-out images never enter the learner's process while it is graded. The
functions this module needs after the learner's code ran are bound when it is imported.
"""
from __future__ import annotations

import contextlib
import ctypes
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
import warnings
from pathlib import Path

import numpy as np

# bound at import time: the learner's code cannot swap what the runner uses afterwards
_process_time = time.process_time
_monotonic = time.monotonic
_run = subprocess.run
_executable = sys.executable
_json_loads = json.loads
_json_dumps = json.dumps
_gzip_compress = gzip.compress
_np_savez = np.savez
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_get_ident = threading.get_ident
_main_ident = threading.main_thread().ident
_kill = os.kill

CHALLENGE_MARKER = "[challenge]"
MAX_MODEL_BYTES = 20 * 2**20


# ----- conversion and latency -----

@contextlib.contextmanager
def quiet_conversion():
    """Hide the converter's "Saved artifact at ..." printout and its outdated int8-input warning."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.filterwarnings("ignore", message="Statistics for quantized inputs")
        yield


def to_tflite(model, mode: str = "float32", representative_data=None) -> bytes:
    """A Keras model as TFLite flatbuffer bytes.

    "float32": no optimization. "int8": full integer quantization (weights per channel, activations
    calibrated on `representative_data`, one input image per row), integer-only kernels, int8 input
    and output.
    """
    import tensorflow as tf

    if mode not in ("float32", "int8"):
        raise ValueError(f"mode must be 'float32' or 'int8', got {mode!r}")
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode == "int8":
        if representative_data is None:
            raise ValueError("int8 conversion needs representative_data to calibrate activations")
        samples = np.asarray(representative_data, dtype=np.float32)

        def representative_dataset():
            for sample in samples:
                yield [sample[np.newaxis]]

        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative_dataset
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    with quiet_conversion():
        return converter.convert()


def batch1_latency_us(tflite_bytes: bytes, warmup: int = 20, repeats: int = 200) -> float:
    """Median microseconds of one `invoke()` at batch 1, one thread, after `warmup` calls."""
    from ai_edge_litert.interpreter import Interpreter

    from .measure import median_latency

    interpreter = Interpreter(model_content=bytes(tflite_bytes), num_threads=1)
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    sample = np.zeros(detail["shape"], detail["dtype"])

    def call():
        interpreter.set_tensor(detail["index"], sample)
        interpreter.invoke()

    return 1e6 * median_latency(call, warmup=warmup, repeats=repeats)


# ----- the challenge runner (in the learner's process) -----

class ChallengeTimeout(Exception):
    """The build used up its CPU-time budget."""


class ChallengeRuleError(Exception):
    """The build broke a rule of the challenge (it loaded data it was not given)."""


# scikit-learn's loader under its public name and in the module that defines it
_BLOCKED = (("fastsmall.data", "load_digits_split"), ("fastsmall.data", "load_challenge_split"),
            ("fastsmall.data", "load_challenge_holdout"), ("sklearn.datasets", "load_digits"),
            ("sklearn.datasets._base", "load_digits"))


@contextlib.contextmanager
def _loaders_blocked(namespace: dict | None):
    """Replace the dataset loaders (in their modules and in `namespace`) by functions that raise."""
    saved = []
    for module_name, attr in _BLOCKED:
        module = sys.modules.get(module_name)
        original = getattr(module, attr, None) if module is not None else None
        if original is None:
            continue

        def blocked(*args, _name=f"{module_name}.{attr}", **kwargs):
            raise ChallengeRuleError(
                f"the recipe called {_name}(): a challenge model must be trained only on the arrays "
                f"passed to build_challenge_model (the loaders are blocked while it runs)")

        saved.append((module, attr, original))
        setattr(module, attr, blocked)
        if namespace is not None:
            for name, value in list(namespace.items()):
                if value is original:
                    saved.append((namespace, name, original))
                    namespace[name] = blocked
    try:
        yield
    finally:
        for target, attr, original in reversed(saved):
            if isinstance(target, dict):
                target[attr] = original
            else:
                setattr(target, attr, original)


def _call_with_budget(function, args: tuple, cpu_seconds: float, wall_seconds: float):
    """(value, error, cpu seconds, wall seconds) of function(*args) under a CPU-time budget.

    A watchdog thread polls this process's CPU time (`time.process_time()`: every thread of the
    process together) and the wall-clock time (a safety net for a build that sleeps or waits);
    when either is used up it raises ChallengeTimeout in the calling thread, and if that thread is
    still running 5 seconds later (stuck in C code, or it caught the exception), interrupts it with
    SIGINT.
    """
    caller = _get_ident()
    finished = threading.Event()
    fired: list[str] = []
    start_cpu, start_wall = _process_time(), _monotonic()

    def watchdog():
        while not finished.wait(0.05):
            cpu, wall = _process_time() - start_cpu, _monotonic() - start_wall
            if cpu > cpu_seconds or wall > wall_seconds:
                fired.append("cpu" if cpu > cpu_seconds else "wall")
                _set_async_exc(ctypes.c_ulong(caller), ctypes.py_object(ChallengeTimeout))
                if not finished.wait(5.0) and caller == _main_ident:
                    _kill(os.getpid(), signal.SIGINT)
                return

    value, error = None, None
    watcher = threading.Thread(target=watchdog, name="challenge-watchdog", daemon=True)
    try:
        try:
            watcher.start()
            value = function(*args)
        finally:
            finished.set()
            watcher.join()
    except BaseException as caught:  # a failed build is reported, never raised
        error = caught
    cpu, wall = _process_time() - start_cpu, _monotonic() - start_wall
    if fired:  # whatever the build did with the exception, the budget was used up
        error = ChallengeTimeout(fired[0])
    return value, error, cpu, wall


def run_challenge(build, split, seed: int = 0, cpu_seconds: float = 30.0,
                  evaluate_on: str = "test", namespace: dict | None = None) -> dict:
    """Run `build(x_train, y_train, x_val, y_val, seed)` as the grader does, then measure its model.

    The build gets copies of the split's training and validation arrays, after Python, NumPy and
    TensorFlow were seeded with `seed`; the dataset loaders raise while it runs; it may use
    `cpu_seconds` of this process's CPU time. The returned `.tflite` bytes are measured in a
    separate process on `split`'s test images (`evaluate_on="test"`) or on the challenge's held-out
    split (`evaluate_on="holdout"`, what the grader does).

    Returns a plain dict: "status" ("ok" or "error"), "message", "cpu_seconds", "wall_seconds" and,
    for a valid model, "raw_bytes", "gzip_bytes", "accuracy", "correct", "total", "latency_us",
    "input_dtype", "evaluated_on". Never raises for a bad build.
    """
    if evaluate_on not in ("test", "holdout"):
        raise ValueError(f"evaluate_on must be 'test' or 'holdout', got {evaluate_on!r}")
    result = {"status": "error", "message": "", "evaluated_on": evaluate_on}
    arrays = tuple(np.array(a, copy=True) for a in (split.x_train, split.y_train, split.x_val,
                                                    split.y_val))

    import keras  # imported before the clock starts: the budget is for the recipe

    def seeded_build(*data):
        keras.utils.set_random_seed(seed)
        return build(*data, seed)

    output = io.StringIO()
    with _loaders_blocked(namespace), contextlib.redirect_stdout(output), \
            contextlib.redirect_stderr(output):
        value, error, cpu, wall = _call_with_budget(seeded_build, arrays, cpu_seconds,
                                                    wall_seconds=3 * cpu_seconds)
    result["cpu_seconds"], result["wall_seconds"] = round(cpu, 2), round(wall, 2)
    if isinstance(error, ChallengeTimeout) and str(error) == "wall":
        result["message"] = (f"the build was stopped after {wall:.0f} s of wall-clock time (the "
                             f"safety limit is 3 x {cpu_seconds:g} s; was it sleeping or waiting?): "
                             f"no challenge points")
        return result
    if isinstance(error, ChallengeTimeout) or cpu > cpu_seconds:
        result["message"] = (f"the build exceeded its time budget of {cpu_seconds:g} CPU-seconds "
                             f"and was stopped: no challenge points")
        return result
    if error is not None:
        where = "".join(traceback.format_exception_only(type(error), error)).strip()
        result["message"] = f"build_challenge_model failed: {where[:500]}"
        return result
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    if not isinstance(value, bytes):
        hint = (" (a path? return Path(path).read_bytes())" if isinstance(value, (str, os.PathLike))
                else "")
        result["message"] = (f"build_challenge_model returned {type(value).__name__}, not the "
                             f".tflite file's bytes{hint}")
        return result
    if not value or len(value) > MAX_MODEL_BYTES:
        result["message"] = f"build_challenge_model returned {len(value)} bytes: not a model"
        return result
    result.update(evaluate_tflite(value, evaluate_on, split))
    return result


def _measuring_command() -> tuple[list[str], dict]:
    """The command and environment of the measuring process: this environment's Python."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
    package_root = str(Path(__file__).resolve().parent.parent)  # the folder holding fastsmall/
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return [_executable, "-m", "fastsmall.deploy"], env


_COMMAND, _ENV = _measuring_command()


def evaluate_tflite(tflite_bytes: bytes, evaluate_on: str = "test", split=None,
                    timeout: float = 120.0) -> dict:
    """Measure `.tflite` bytes in a fresh Python process (see `_measure`); returns a dict.

    The model (and, for `evaluate_on="test"`, the split's test images) go to the process on its
    standard input; nothing is written to disk.
    """
    payload = io.BytesIO()
    arrays = {"model": np.frombuffer(bytes(tflite_bytes), dtype=np.uint8)}
    if evaluate_on == "test":
        arrays.update(x=np.asarray(split.x_test, np.float32), y=np.asarray(split.y_test))
    _np_savez(payload, **arrays)
    try:
        done = _run(list(_COMMAND), input=payload.getvalue(), capture_output=True, timeout=timeout,
                    env=dict(_ENV))
    except subprocess.TimeoutExpired:
        return {"status": "error", "message": "measuring the model took too long"}
    stdout = done.stdout.decode("utf-8", "replace")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.decode("utf-8", "replace") or stdout).strip().splitlines()[-3:]
        return {"status": "error", "message": "the model could not be measured: " + " | ".join(tail)}
    return _json_loads(lines[-1])


def challenge_marker(result: dict) -> str:
    """The one line the grader reads back from the graded notebook (see autograder/report.py)."""
    keys = ("status", "message", "raw_bytes", "gzip_bytes", "accuracy", "correct", "total",
            "latency_us", "cpu_seconds", "wall_seconds", "input_dtype", "evaluated_on",
            "meets_floor", "tier")
    return f"{CHALLENGE_MARKER} " + _json_dumps({k: result[k] for k in keys if k in result})


# ----- the measurement (in a separate process) -----

def _measure(payload: bytes) -> dict:
    """Check the model's interface, then accuracy (batch 1), gzip size and batch-1 latency.

    `payload`: an .npz with "model" (the .tflite bytes as uint8) and, to measure on given images,
    "x" and "y"; without them the challenge's held-out split is loaded here.
    """
    from ai_edge_litert.interpreter import Interpreter

    from .measure import median_latency

    with np.load(io.BytesIO(payload)) as arrays:
        data = arrays["model"].tobytes()
        given = ("x" in arrays.files) and ("y" in arrays.files)
        if given:
            x, y = arrays["x"], arrays["y"]
    if not given:
        from .data import load_challenge_holdout

        x, y = load_challenge_holdout()
    try:
        interpreter = Interpreter(model_content=data, num_threads=1)
        interpreter.allocate_tensors()
    except Exception as error:  # LiteRT raises ValueError / RuntimeError for a bad flatbuffer
        return {"status": "error", "message": f"not a valid .tflite model: {str(error)[:300]}"}
    inputs, outputs = interpreter.get_input_details(), interpreter.get_output_details()
    if len(inputs) != 1 or len(outputs) != 1:
        return {"status": "error", "message": f"the model must have one input and one output, "
                                              f"it has {len(inputs)} and {len(outputs)}"}
    inp, out = inputs[0], outputs[0]
    if tuple(inp["shape"]) != (1, 8, 8, 1):
        return {"status": "error", "message": f"the input must have shape (1, 8, 8, 1) (one 8x8 "
                                              f"image), it has {tuple(inp['shape'])}"}
    if inp["dtype"] not in (np.float32, np.int8, np.uint8):
        return {"status": "error", "message": f"the input must be float32, int8 or uint8, it is "
                                              f"{np.dtype(inp['dtype']).name}"}
    if int(np.prod(out["shape"])) != 10:
        return {"status": "error", "message": f"the output must hold 10 class scores, its shape is "
                                              f"{tuple(out['shape'])}"}
    if inp["dtype"] == np.float32:
        feed = x.astype(np.float32)
    else:  # quantize with the model's own input parameters
        scale, zero_point = inp["quantization"]
        if not scale:
            return {"status": "error", "message": "the integer input has no quantization scale"}
        info = np.iinfo(inp["dtype"])
        feed = np.clip(np.round(x / scale) + zero_point, info.min, info.max).astype(inp["dtype"])
    predictions = np.empty(len(x), dtype=np.int64)
    for i in range(len(x)):
        interpreter.set_tensor(inp["index"], feed[i:i + 1])
        interpreter.invoke()
        predictions[i] = int(np.argmax(interpreter.get_tensor(out["index"]).reshape(-1)))
    correct = int(np.sum(predictions == y))
    sample = feed[:1]

    def call():
        interpreter.set_tensor(inp["index"], sample)
        interpreter.invoke()

    latency = 1e6 * median_latency(call, warmup=30, repeats=300)
    return {"status": "ok", "message": "", "raw_bytes": len(data),
            "gzip_bytes": len(_gzip_compress(data, compresslevel=9, mtime=0)),
            "accuracy": correct / len(y), "correct": correct, "total": int(len(y)),
            "latency_us": round(latency, 3), "input_dtype": np.dtype(inp["dtype"]).name}


if __name__ == "__main__":
    print(_json_dumps(_measure(sys.stdin.buffer.read())))
