"""Unit tests of the shared course package."""
import json

import numpy as np
import pytest

from fastsmall import checks, data, measure, results


def test_digits_split_is_fixed_stratified_and_scaled():
    split = data.load_digits_split()
    assert split.sizes() == {"train": 1167, "val": 270, "test": 360}
    assert split.x_train.shape == (1167, 8, 8, 1) and split.x_train.dtype == np.float32
    assert 0.0 <= split.x_train.min() and split.x_train.max() == 1.0
    for labels in (split.y_train, split.y_val, split.y_test):
        counts = np.bincount(labels, minlength=10)
        assert counts.min() >= 0.9 * counts.mean()  # stratified: every class about equally present
    again = data.load_digits_split()
    np.testing.assert_array_equal(split.x_test, again.x_test)
    seen = {a.tobytes() for a in split.x_train} & {a.tobytes() for a in split.x_test}
    assert len(seen) <= 2  # the split does not leak (the dataset has a couple of exact duplicates)


def test_per_class_subset_has_exactly_n_per_class_and_is_seeded():
    split = data.load_digits_split()
    x, y = data.per_class_subset(split.x_train, split.y_train, 7, seed=3)
    assert x.shape == (70, 8, 8, 1)
    assert np.bincount(y).tolist() == [7] * 10
    x2, _ = data.per_class_subset(split.x_train, split.y_train, 7, seed=3)
    np.testing.assert_array_equal(x, x2)


def test_resize_and_photos_are_offline_and_shaped():
    x = np.random.default_rng(0).random((3, 8, 8, 1), dtype=np.float32)
    assert data.resize_images(x, 16).shape == (3, 16, 16, 1)
    for name in data.SAMPLE_PHOTOS:
        photo = data.sample_photo(name, size=64)
        assert photo.dtype == np.uint8 and photo.ndim == 3 and min(photo.shape[:2]) == 64
    with pytest.raises(ValueError):
        data.sample_photo("not-a-photo")


def test_measure_sizes_and_latency(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(bytes(10_000))
    assert measure.file_size(path) == 10_000
    assert measure.gzip_size(path) < 200  # zeros compress extremely well
    noise = np.random.default_rng(0).integers(0, 256, 10_000, dtype=np.uint8).tobytes()
    assert measure.gzip_size(noise) > 9_900
    calls = []
    latency = measure.median_latency(lambda: calls.append(1), warmup=3, repeats=5)
    assert len(calls) == 8 and 0 <= latency < 0.01


def test_count_params_matches_keras():
    from fastsmall.models import digits_cnn, digits_mlp

    mlp = digits_mlp(hidden=(32,))
    assert measure.count_params(mlp) == 64 * 32 + 32 + 32 * 10 + 10 == mlp.count_params()
    cnn = digits_cnn()
    assert measure.count_params(cnn) == cnn.count_params()
    assert cnn.output_shape == (None, 10)


def test_record_results_writes_json_only_when_asked(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(results.RESULTS_ENV, raising=False)
    assert results.record_results("demo", {"accuracy": 0.5}) is None
    monkeypatch.setenv(results.RESULTS_ENV, str(tmp_path))
    path = results.record_results("demo", {"accuracy": np.float32(0.25), "seeds": 3})
    assert json.loads(path.read_text()) == {"accuracy": 0.25, "seeds": 3}
    assert "accuracy" in capsys.readouterr().out
    with pytest.raises(ValueError):
        results.record_results("demo", {"bad": float("nan")})
    with pytest.raises(TypeError):
        results.record_results("demo", {"bad": "0.5"})


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __bool__(self):
        return True


def test_checks_pass_on_right_answers():
    checks.check_close([1.0, 2.0], np.array([1.0, 2.0 + 1e-9]), name="x")
    checks.check_equal(np.array([1, 2]), [1, 2], name="x")
    checks.check_equal("int8", "int8", name="mode")
    checks.check_true(np.bool_(True), "message")
    checks.check_shape(np.zeros((2, 3)), (2, 3), name="x")


@pytest.mark.parametrize("attempt", [
    lambda: checks.check_close([1.0, 2.5], [1.0, 2.0], name="x"),
    lambda: checks.check_close([1.0], [1.0, 2.0], name="x"),
    lambda: checks.check_close([np.nan], [1.0], name="x"),
    lambda: checks.check_close(AlwaysEqual(), [1.0], name="x"),
    lambda: checks.check_equal(AlwaysEqual(), 3, name="x"),
    lambda: checks.check_equal(np.array([1, 2]), [1, 3], name="x"),
    lambda: checks.check_equal(AlwaysEqual(), "int8", name="x"),
    lambda: checks.check_true(AlwaysEqual(), "truthy is not True"),
    lambda: checks.check_true(np.array([True, True]), "an array is not a bool"),
    lambda: checks.check_shape(np.zeros((3, 2)), (2, 3), name="x"),
    lambda: checks.check_dtype(np.zeros(3), "iu", name="x"),
    lambda: checks.check_raises(ValueError, lambda: None, name="x"),
    lambda: checks.check_raises(ValueError, lambda: 1 / 0, name="x"),
])
def test_checks_catch_wrong_answers(attempt):
    with pytest.raises(checks.CheckFailed):
        attempt()


def test_check_messages_say_expected_got_and_cause():
    with pytest.raises(checks.CheckFailed) as info:
        checks.check_close(0.1, 5.7, name="angle", hint="radians for degrees?")
    text = str(info.value)
    assert "angle" in text and "5.7" in text and "0.1" in text and "radians for degrees?" in text


def test_checks_ignore_monkeypatched_numpy(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "isclose", lambda a, b, **k: np.ones_like(a, dtype=bool))
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    monkeypatch.setattr(np, "abs", lambda x: x * 0)
    with pytest.raises(checks.CheckFailed):
        checks.check_close([1.0], [2.0], name="x")


def test_kernel_spec_silences_native_stderr():
    from fastsmall import kernel

    spec = kernel.kernel_spec()
    assert "--IPKernelApp.capture_fd_output=False" in spec["argv"]
    assert spec["env"]["TF_CPP_MIN_LOG_LEVEL"] == "3"
