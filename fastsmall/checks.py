"""Checks for the exercise tests. Every failure says what was expected, what came back, and why.

The checks never call `==` on what a learner returns: values are first turned into plain numeric
NumPy arrays (an object whose `__eq__` always answers True is refused), and the NumPy functions used
here are bound when this module is imported, so replacing `np.allclose` or `np.testing` later in a
notebook does not change what these checks decide. (The autograder also restores the functions
below before every graded test; see autograder/guard.py.)
"""
from __future__ import annotations

import numbers

import numpy as _np

_asarray = _np.asarray
_abs = _np.abs
_isnan = _np.isnan
_isfinite = _np.isfinite
_argmax = _np.argmax
_unravel_index = _np.unravel_index
_count_nonzero = _np.count_nonzero
_array_repr = _np.array2string
_where = _np.where
_nan_to_num = _np.nan_to_num
_TRUE_TYPES = (bool, _np.bool_)


class CheckFailed(AssertionError):
    """A check failed; the message explains what was expected and what came back."""


def fail(message: str) -> None:
    """Fail with a message written for the learner."""
    raise CheckFailed(message)


def _explain(name: str, problem: str, hint: str | None) -> str:
    text = f"{name}: {problem}"
    if hint:
        text += f"\nLikely cause: {hint}"
    return text


def _short(value, limit: int = 200) -> str:
    if isinstance(value, _np.ndarray):
        text = _array_repr(value, precision=5, threshold=12, edgeitems=3)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + " ..."


def as_numeric_array(value, name: str = "value", hint: str | None = None) -> _np.ndarray:
    """`value` as a numeric NumPy array (bool, int, float); TensorFlow tensors are accepted."""
    if hasattr(value, "numpy") and callable(value.numpy) and not isinstance(value, _np.ndarray):
        value = value.numpy()
    if not isinstance(value, (_np.ndarray, _np.generic, numbers.Number, list, tuple)):
        fail(_explain(name, f"expected a number or an array, got an object of type "
                            f"{type(value).__name__}", hint))
    try:
        array = _asarray(value)
    except Exception as error:  # ragged lists and the like
        fail(_explain(name, f"could not be read as an array ({error})", hint))
    if array.dtype.kind not in "biuf":
        fail(_explain(name, f"expected numbers, got an array of dtype {array.dtype}", hint))
    return array


def check_type(value, expected_type, name: str = "value", hint: str | None = None) -> None:
    """`value` is an instance of `expected_type` (a type or a tuple of types)."""
    if not isinstance(value, expected_type):
        names = (expected_type.__name__ if isinstance(expected_type, type)
                 else " or ".join(t.__name__ for t in expected_type))
        fail(_explain(name, f"expected {names}, got {type(value).__name__}", hint))


def check_shape(value, shape: tuple, name: str = "value", hint: str | None = None) -> _np.ndarray:
    """`value` is a numeric array of exactly `shape`; returns it as an array."""
    array = as_numeric_array(value, name, hint)
    if tuple(array.shape) != tuple(shape):
        fail(_explain(name, f"expected shape {tuple(shape)}, got {tuple(array.shape)}", hint))
    return array


def check_dtype(value, kinds: str, name: str = "value", hint: str | None = None) -> _np.ndarray:
    """`value` is a numeric array whose dtype kind is one of `kinds` ('b' bool, 'i'/'u' int, 'f' float)."""
    array = as_numeric_array(value, name, hint)
    if array.dtype.kind not in kinds:
        readable = {"b": "bool", "i": "signed int", "u": "unsigned int", "f": "float"}
        wanted = " or ".join(readable[k] for k in kinds)
        fail(_explain(name, f"expected a {wanted} dtype, got {array.dtype}", hint))
    return array


def check_close(actual, expected, name: str = "value", rtol: float = 1e-6, atol: float = 1e-6,
                hint: str | None = None) -> None:
    """Element-wise |actual - expected| <= atol + rtol * |expected|, same shape, no stray NaN."""
    expected_array = _asarray(expected, dtype=float)
    actual_array = as_numeric_array(actual, name, hint)
    if actual_array.shape != expected_array.shape:
        fail(_explain(name, f"expected shape {expected_array.shape}, got {actual_array.shape}",
                      hint))
    a = actual_array.astype(float)
    both_nan = _isnan(a) & _isnan(expected_array)
    error = _abs(a - expected_array)
    bad = ~both_nan & ~(error <= atol + rtol * _abs(expected_array))
    count = int(_count_nonzero(bad))
    if count:
        if a.ndim == 0:
            problem = f"expected {float(expected_array):.6g}, got {float(a):.6g}"
        else:
            flat_error = _where(bad, _nan_to_num(error, nan=_np.inf), -1.0)
            worst = _unravel_index(int(_argmax(flat_error)), a.shape)
            problem = (f"{count} of {a.size} values differ; worst at index {tuple(map(int, worst))}: "
                       f"expected {expected_array[worst]:.6g}, got {a[worst]:.6g}\n"
                       f"expected {_short(expected_array)}\ngot      {_short(a)}")
        fail(_explain(name, problem, hint))


def check_equal(actual, expected, name: str = "value", hint: str | None = None) -> None:
    """Exact equality of numbers/arrays (compared as plain NumPy arrays) or of strings."""
    if isinstance(expected, str):
        if type(actual) is not str or str.__ne__(actual, expected):
            fail(_explain(name, f"expected {expected!r}, got {_short(actual)}", hint))
        return
    expected_array = _asarray(expected)
    actual_array = as_numeric_array(actual, name, hint)
    if actual_array.shape != expected_array.shape:
        fail(_explain(name, f"expected shape {expected_array.shape}, got {actual_array.shape}",
                      hint))
    differ = actual_array != expected_array
    count = int(_count_nonzero(differ))
    if count:
        if actual_array.ndim == 0:
            problem = f"expected {_short(expected)}, got {_short(actual_array.item())}"
        else:
            first = _unravel_index(int(_argmax(differ)), actual_array.shape)
            problem = (f"{count} of {actual_array.size} values differ; first at index "
                       f"{tuple(map(int, first))}: expected {expected_array[first]!r}, "
                       f"got {actual_array[first]!r}")
        fail(_explain(name, problem, hint))


def check_true(condition, message: str) -> None:
    """`condition` is exactly True (a bool, not merely truthy)."""
    if not isinstance(condition, _TRUE_TYPES) or not bool(condition):
        fail(message)


def check_raises(exception_type, function, *args, name: str = "call", hint: str | None = None,
                 **kwargs) -> None:
    """`function(*args, **kwargs)` raises `exception_type`."""
    try:
        function(*args, **kwargs)
    except exception_type:
        return
    except Exception as error:  # the wrong exception
        fail(_explain(name, f"expected {exception_type.__name__}, got "
                            f"{type(error).__name__}: {error}", hint))
    fail(_explain(name, f"expected {exception_type.__name__} to be raised, nothing was", hint))
