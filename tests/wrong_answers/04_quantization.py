"""Plausible wrong answers to the 04_quantization exercises; each must lose the listed tests."""

_CONVERT_HEAD = '''TFLITE_MODES = ("float32", "dynamic", "float16", "int8")


def convert_to_tflite(model, mode, representative_data=None):
    if mode not in TFLITE_MODES:
        raise ValueError(mode)
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
'''

_CONVERT_INT8 = '''    if mode == "int8":
        if representative_data is None:
            raise ValueError("no data")
        samples = np.asarray(representative_data, dtype=np.float32)
        converter.representative_dataset = lambda: ([s[np.newaxis]] for s in samples)
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
'''

_ACCURACY_HEAD = '''def tflite_accuracy(tflite_bytes, x, y):
    x = np.asarray(x, dtype=np.float32)
    interpreter = Interpreter(model_content=bytes(tflite_bytes))
    inp = interpreter.get_input_details()[0]
    out = interpreter.get_output_details()[0]
    interpreter.resize_tensor_input(inp["index"], [len(x), *x.shape[1:]])
    interpreter.allocate_tensors()
'''

_ACCURACY_TAIL = '''    interpreter.set_tensor(inp["index"], x)
    interpreter.invoke()
    return float(np.mean(np.argmax(interpreter.get_tensor(out["index"]), axis=-1) == np.asarray(y)))
'''

WRONG_ANSWERS = {
    "zero_point_not_integer": {
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    rmin, rmax = min(float(rmin), 0.0), max(float(rmax), 0.0)
    if symmetric:
        return max(-rmin, rmax) / qmax, 0
    if rmax == rmin:
        return 1.0, 0
    scale = (rmax - rmin) / (qmax - qmin)
    return scale, qmin - rmin / scale  # not rounded: real 0 is no longer exactly representable
'''},
        "must_lose": ["test_affine_qparams_visible", "test_affine_qparams_hidden"],
    },
    "range_not_extended_to_zero": {
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    if symmetric:
        return max(abs(rmin), abs(rmax)) / qmax, 0
    if rmax == rmin:
        return 1.0, 0
    scale = (rmax - rmin) / (qmax - qmin)
    return scale, int(np.clip(round(qmin - rmin / scale), qmin, qmax))
'''},
        "must_lose": ["test_affine_qparams_visible", "test_affine_qparams_hidden"],
    },
    "symmetric_divides_by_128": {
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    rmin, rmax = min(float(rmin), 0.0), max(float(rmax), 0.0)
    if symmetric:
        bound = max(-rmin, rmax)
        return (bound / -qmin if bound > 0 else 1.0), 0
    if rmax == rmin:
        return 1.0, 0
    scale = (rmax - rmin) / (qmax - qmin)
    return scale, int(np.clip(round(qmin - rmin / scale), qmin, qmax))
'''},
        "must_lose": ["test_affine_qparams_visible", "test_affine_qparams_hidden"],
    },
    "no_clipping": {
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    return (np.round(np.asarray(x, dtype=np.float64) / scale) + zero_point).astype(np.int32)
'''},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "truncation_not_rounding": {
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    q = (np.asarray(x, dtype=np.float64) / scale).astype(np.int32) + zero_point  # truncates toward 0
    return np.clip(q, qmin, qmax)
'''},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "per_tensor_not_per_channel": {
        "replace": {"quantize_per_channel": '''def quantize_per_channel(w, num_bits=8, axis=-1):
    w = np.asarray(w, dtype=np.float64)
    qmax = 2 ** (num_bits - 1) - 1
    scale = np.max(np.abs(w)) / qmax or 1.0  # one scale for the whole tensor
    scales = np.full(w.shape[axis], scale)
    return np.clip(np.round(w / scale), -qmax, qmax).astype(np.int32), scales
'''},
        "must_lose": ["test_quantize_per_channel_visible", "test_quantize_per_channel_hidden"],
    },
    "round_without_ste": {
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.convert_to_tensor(x, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1
    q = tf.clip_by_value(tf.round(x / scale) + zero_point, qmin, qmax)
    return (q - zero_point) * scale  # tf.round has no gradient: training gets None
'''},
        "must_lose": ["test_fake_quantize_visible", "test_fake_quantize_hidden"],
    },
    "ste_ignores_clipping": {
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.convert_to_tensor(x, tf.float32)
    scale = tf.cast(scale, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1
    q = tf.clip_by_value(tf.round(x / scale) + zero_point, qmin, qmax)
    return x + tf.stop_gradient((q - zero_point) * scale - x)  # gradient 1 even where clipped
'''},
        "must_lose": ["test_fake_quantize_visible", "test_fake_quantize_hidden"],
    },
    "int8_keeps_float_io": {
        "replace": {"convert_to_tflite": _CONVERT_HEAD + '''    if mode != "float32":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if mode == "float16":
        converter.target_spec.supported_types = [tf.float16]
''' + _CONVERT_INT8 + '''    with converter_quiet():
        return converter.convert()
'''},
        "must_lose": ["test_convert_to_tflite_visible"],
    },
    "float16_without_optimizations": {
        "replace": {"convert_to_tflite": _CONVERT_HEAD + '''    if mode in ("dynamic", "int8"):
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if mode == "float16":
        converter.target_spec.supported_types = [tf.float16]
''' + _CONVERT_INT8 + '''        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    with converter_quiet():
        return converter.convert()
'''},
        "must_lose": ["test_convert_to_tflite_visible"],
    },
    "float_input_cast_to_int8": {
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    x = x.astype(inp["dtype"])  # casts 0..1 floats to 0: not quantization
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"],
    },
    "input_zero_point_ignored": {
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        scale, _ = inp["quantization"]
        x = np.clip(np.round(x / scale), -128, 127).astype(np.int8)
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"],
    },
}
