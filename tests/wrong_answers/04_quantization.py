"""Plausible wrong answers to the 04_quantization exercises (each must lose the listed tests), and
correct answers written differently (each must keep full marks)."""

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

_QP = ["test_affine_qparams_visible"]
_QP_HIDDEN = ["test_affine_qparams_hidden"]

WRONG_ANSWERS = {
    # ---- Exercise 1: affine_qparams -------------------------------------------------------------
    "zero_point_not_integer": {
        "breaks": "zero_point is an integer, not a float",
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
        "must_lose": _QP + _QP_HIDDEN,
    },
    "range_not_extended_to_zero": {
        "breaks": "first widen the range to contain 0",
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    if symmetric:
        return max(abs(rmin), abs(rmax)) / qmax, 0
    if rmax == rmin:
        return 1.0, 0
    scale = (rmax - rmin) / (qmax - qmin)
    return scale, int(np.clip(round(qmin - rmin / scale), qmin, qmax))
'''},
        "must_lose": _QP + _QP_HIDDEN,
    },
    "symmetric_divides_by_128": {
        "breaks": "symmetric: S = max(|rmin|, |rmax|) / qmax",
        "edit": {"affine_qparams": [("return max(-rmin, rmax) / qmax, 0", "return max(-rmin, rmax) / -qmin, 0")]},
        "must_lose": _QP + _QP_HIDDEN,
    },
    "zero_point_truncated": {
        "breaks": "Z rounded to the nearest integer (not truncated: -104.8 gives -105)",
        "edit": {"affine_qparams": [("round(qmin - rmin / scale)", "int(qmin - rmin / scale)")]},
        "must_lose": _QP,
    },
    "zero_point_floor": {
        "breaks": "Z rounded to the nearest integer (floor is not rounding)",
        "edit": {"affine_qparams": [("round(qmin - rmin / scale)", "np.floor(qmin - rmin / scale)")]},
        "must_lose": _QP_HIDDEN,
    },
    "empty_symmetric_range_divides_by_zero": {
        "breaks": "if the widened range is empty, return (1.0, 0) in both modes",
        "edit": {"affine_qparams": [
            ("    if rmax == rmin:\n        return 1.0, 0\n    if symmetric:\n        return max(-rmin, rmax) / qmax, 0\n",
             "    if symmetric:\n        return max(-rmin, rmax) / qmax, 0\n    if rmax == rmin:\n        return 1.0, 0\n")]},
        "must_lose": _QP_HIDDEN,
    },
    "empty_check_before_widening": {
        "breaks": "if the widened range is empty (both ends 0), return (1.0, 0): test for emptiness after widening",
        "edit": {"affine_qparams": [
            ("    rmin, rmax = min(float(rmin), 0.0), max(float(rmax), 0.0)  # the range must contain 0\n    if rmax == rmin:\n        return 1.0, 0\n",
             "    if rmax == rmin:  # tested on the raw ends: (0.3, 0.3) is called empty\n        return 1.0, 0\n"
             "    rmin, rmax = min(float(rmin), 0.0), max(float(rmax), 0.0)\n")]},
        "must_lose": _QP_HIDDEN,
    },
    # ---- Exercise 2: quantize -------------------------------------------------------------------
    "no_clipping": {
        "breaks": "clip to [qmin, qmax]",
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    return (np.round(np.asarray(x, dtype=np.float64) / scale) + zero_point).astype(np.int32)
'''},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "truncation_not_rounding": {
        "breaks": "round to nearest, do not truncate",
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    q = (np.asarray(x, dtype=np.float64) / scale).astype(np.int32) + zero_point  # truncates toward 0
    return np.clip(q, qmin, qmax)
'''},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "clip_before_adding_zero_point": {
        "breaks": "add Z before clipping",
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    qmin, qmax = -(2 ** (num_bits - 1)), 2 ** (num_bits - 1) - 1
    q = np.clip(np.round(np.asarray(x, dtype=np.float64) / scale), qmin, qmax)
    return (q + zero_point).astype(np.int32)
'''},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "float_result": {
        "breaks": "returns a NumPy integer array",
        "edit": {"quantize": [("return np.clip(q, qmin, qmax).astype(np.int32)", "return np.clip(q, qmin, qmax)")]},
        "must_lose": ["test_quantize_visible"],
    },
    "zero_point_subtracted": {
        "breaks": "round(x/S) + Z",
        "edit": {"quantize": [(") + zero_point", ") - zero_point")]},
        "must_lose": ["test_quantize_visible", "test_quantize_hidden"],
    },
    "int8_result_for_every_bit_width": {
        "breaks": "for any num_bits from 2 to 16, in an integer dtype that holds every value of the grid",
        "edit": {"quantize": [("return np.clip(q, qmin, qmax).astype(np.int32)", "return np.clip(q, qmin, qmax).astype(np.int8)")]},
        "must_lose": ["test_quantize_hidden"],
    },
    # ---- Exercise 3: quantize_per_channel -------------------------------------------------------
    "per_tensor_not_per_channel": {
        "breaks": "one scale per index along axis",
        "replace": {"quantize_per_channel": '''def quantize_per_channel(w, num_bits=8, axis=-1):
    w = np.asarray(w, dtype=np.float64)
    qmax = 2 ** (num_bits - 1) - 1
    scale = np.max(np.abs(w)) / qmax or 1.0  # one scale for the whole tensor
    scales = np.full(w.shape[axis], scale)
    return np.clip(np.round(w / scale), -qmax, qmax).astype(np.int32), scales
'''},
        "must_lose": ["test_quantize_per_channel_visible", "test_quantize_per_channel_hidden"],
    },
    "per_channel_divides_by_128": {
        "breaks": "S_c = max|w_c| / qmax (qmax = 127 for int8)",
        "edit": {"quantize_per_channel": [("qmax = 2 ** (num_bits - 1) - 1", "qmax = 2 ** (num_bits - 1)")]},
        "must_lose": ["test_quantize_per_channel_visible", "test_quantize_per_channel_hidden"],
    },
    "zero_channel_not_handled": {
        "breaks": "use 1.0 for an all-zero channel",
        "edit": {"quantize_per_channel": [("    scales = np.where(scales > 0, scales, 1.0)\n", ""),
                                          ("np.round(w / scales.reshape(shape))",
                                           "np.round(np.nan_to_num(w / scales.reshape(shape)))")]},
        "must_lose": ["test_quantize_per_channel_hidden"],
    },
    "reduces_only_axis_0": {
        "breaks": "each scale computed over all the other axes (a Conv2D kernel has four)",
        "edit": {"quantize_per_channel": [("reduce_axes = tuple(i for i in range(w.ndim) if i != axis)",
                                           "reduce_axes = 1 - axis if w.ndim == 2 else 0")]},
        "must_lose": ["test_quantize_per_channel_hidden"],
    },
    "axis_ignored": {
        "breaks": "one scale per index along `axis`",
        "edit": {"quantize_per_channel": [("axis = axis % w.ndim", "axis = w.ndim - 1")]},
        "must_lose": ["test_quantize_per_channel_hidden"],
    },
    # ---- Exercise 4: fake_quantize --------------------------------------------------------------
    "round_without_ste": {
        "breaks": "gradient 1 inside the range (straight-through estimator)",
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.convert_to_tensor(x, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1
    q = tf.clip_by_value(tf.round(x / scale) + zero_point, qmin, qmax)
    return (q - zero_point) * scale  # tf.round has no gradient: training gets None
'''},
        "must_lose": ["test_fake_quantize_visible", "test_fake_quantize_hidden"],
    },
    "ste_ignores_clipping": {
        "breaks": "gradient 0 outside the range, where the value is clipped",
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.convert_to_tensor(x, tf.float32)
    scale = tf.cast(scale, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1
    q = tf.clip_by_value(tf.round(x / scale) + zero_point, qmin, qmax)
    return x + tf.stop_gradient((q - zero_point) * scale - x)  # gradient 1 even where clipped
'''},
        "must_lose": ["test_fake_quantize_visible", "test_fake_quantize_hidden"],
    },
    "clip_range_ignores_zero_point": {
        "breaks": "the representable range is [S(qmin - Z), S(qmax - Z)]",
        "edit": {"fake_quantize": [("tf.clip_by_value(x, (qmin - zero_point) * scale, (qmax - zero_point) * scale)",
                                    "tf.clip_by_value(x, qmin * scale, qmax * scale)")]},
        "must_lose": ["test_fake_quantize_hidden"],
    },
    "num_bits_ignored": {
        "breaks": "a signed num_bits grid",
        "edit": {"fake_quantize": [("qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1",
                                    "qmin, qmax = -128.0, 127.0")]},
        "must_lose": ["test_fake_quantize_visible"],
    },
    "returns_numpy": {
        "breaks": "returns a float32 tf.Tensor",
        "edit": {"fake_quantize": [("return x_clipped + tf.stop_gradient(x_hat - x_clipped)",
                                    "return (x_clipped + tf.stop_gradient(x_hat - x_clipped)).numpy()")]},
        "must_lose": ["test_fake_quantize_visible", "test_fake_quantize_hidden"],
    },
    "ste_open_interval": {
        "breaks": "gradient 1 inside [S(qmin - Z), S(qmax - Z)], both ends included",
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.convert_to_tensor(x, tf.float32)
    scale = tf.cast(scale, tf.float32)
    zero_point = tf.cast(zero_point, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1
    x_hat = (tf.clip_by_value(tf.round(x / scale) + zero_point, qmin, qmax) - zero_point) * scale
    inside = tf.cast((x > (qmin - zero_point) * scale) & (x < (qmax - zero_point) * scale), tf.float32)  # open
    return tf.stop_gradient(x_hat) + inside * (x - tf.stop_gradient(x))
'''},
        "must_lose": ["test_fake_quantize_hidden"],
    },
    "float64_input_stays_float64": {
        "breaks": "the result is float32 in every case (x may be a float64 NumPy array or a list)",
        "edit": {"fake_quantize": [("x = tf.convert_to_tensor(x, tf.float32)", "x = tf.convert_to_tensor(x)"),
                                   ("scale = tf.cast(scale, tf.float32)", "scale = tf.cast(scale, x.dtype)"),
                                   ("zero_point = tf.cast(zero_point, tf.float32)", "zero_point = tf.cast(zero_point, x.dtype)")]},
        "must_lose": ["test_fake_quantize_hidden"],
    },
    # ---- Exercise 5: convert_to_tflite ----------------------------------------------------------
    "int8_keeps_float_io": {
        "breaks": "int8 input and output",
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
        "breaks": "float16: DEFAULT plus supported_types = [tf.float16]",
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
    "dynamic_uses_representative_data": {
        "breaks": "dynamic: DEFAULT only, no representative dataset even if representative_data is given",
        "edit": {"convert_to_tflite": [
            ("    if mode == \"int8\":\n        if representative_data is None:",
             "    if mode == \"dynamic\" and representative_data is not None:\n"
             "        _data = np.asarray(representative_data, dtype=np.float32)\n"
             "        converter.representative_dataset = lambda: ([s[np.newaxis]] for s in _data)\n"
             "    if mode == \"int8\":\n        if representative_data is None:")]},
        "must_lose": ["test_convert_to_tflite_visible", "test_convert_to_tflite_hidden"],
    },
    "no_int8_supported_ops": {
        "breaks": "int8: target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]",
        "edit": {"convert_to_tflite": [
            ("        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]\n", "")]},
        "must_lose": ["test_convert_to_tflite_hidden"],
    },
    "unknown_mode_accepted": {
        "breaks": "any other mode: raise ValueError",
        "edit": {"convert_to_tflite": [
            ("    if mode not in TFLITE_MODES:\n        raise ValueError(f\"mode must be one of {TFLITE_MODES}, got {mode!r}\")\n", "")]},
        "must_lose": ["test_convert_to_tflite_hidden"],
    },
    "calibrates_on_first_100_rows": {
        "breaks": "calibrated on every row of representative_data, not a subset",
        "edit": {"convert_to_tflite": [("samples = np.asarray(representative_data, dtype=np.float32)",
                                        "samples = np.asarray(representative_data, dtype=np.float32)[:100]  # a quick calibration")]},
        "must_lose": ["test_convert_to_tflite_hidden"],
    },
    "calibrates_on_a_random_half": {
        "breaks": "calibrated on every row of representative_data, not a subset",
        "edit": {"convert_to_tflite": [("samples = np.asarray(representative_data, dtype=np.float32)",
                                        "samples = np.asarray(representative_data, dtype=np.float32)\n"
                                        "        samples = samples[np.random.default_rng().permutation(len(samples))[:max(1, len(samples) // 2)]]")]},
        "must_lose": ["test_convert_to_tflite_hidden"],
    },
    "calibration_drops_the_last_row": {
        "breaks": "calibrated on every row of representative_data, not a subset",
        "edit": {"convert_to_tflite": [("            for sample in samples:", "            for sample in samples[:-1]:")]},
        "must_lose": ["test_convert_to_tflite_hidden"],
    },
    # ---- Exercise 6: tflite_accuracy ------------------------------------------------------------
    "float_input_cast_to_int8": {
        "breaks": "quantize x with the model's own (scale, zero_point)",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    x = x.astype(inp["dtype"])  # casts 0..1 floats to 0: not quantization
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"],
    },
    "input_zero_point_ignored": {
        "breaks": "quantize x with the model's own (scale, zero_point)",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        scale, _ = inp["quantization"]
        x = np.clip(np.round(x / scale), -128, 127).astype(np.int8)
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"],
    },
    "no_clip_before_cast": {
        "breaks": "clip to [-128, 127] before casting (inputs outside the range must saturate)",
        "edit": {"tflite_accuracy": [("x = np.clip(np.round(x / scale) + zero_point, -128, 127).astype(np.int8)",
                                      "x = (np.round(x / scale) + zero_point).astype(np.int8)")]},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "percentage_not_fraction": {
        "breaks": "the top-1 accuracy as a float in [0, 1] (a fraction, not a percentage)",
        "edit": {"tflite_accuracy": [("return float(np.mean(predictions == np.asarray(y)))",
                                      "return float(100 * np.mean(predictions == np.asarray(y)))")]},
        "must_lose": ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"],
    },
    "input_qparams_hard_coded": {
        "breaks": "quantize x with the model's own (scale, zero_point) from get_input_details()",
        "edit": {"tflite_accuracy": [('scale, zero_point = inp["quantization"]', "scale, zero_point = 1 / 255, -128  # the digits model's")]},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "float_inputs_clipped_to_pixel_range": {
        "breaks": "quantize x with the model's own (scale, zero_point) and clip the integers (not the floats)",
        "edit": {"tflite_accuracy": [("x = np.clip(np.round(x / scale) + zero_point, -128, 127).astype(np.int8)",
                                      "x = np.clip(np.round(np.clip(x, 0.0, 1.0) / scale) + zero_point, -128, 127).astype(np.int8)")]},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "float_model_inputs_clipped": {
        "breaks": "a float32 model is fed x as float32 values, unchanged",
        "edit": {"tflite_accuracy": [("    interpreter.set_tensor(inp[\"index\"], x)",
                                      "    if inp[\"dtype\"] == np.float32:\n        x = np.clip(x, 0.0, 1.0)  # pixels live in [0, 1]\n"
                                      "    interpreter.set_tensor(inp[\"index\"], x)")]},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "float64_fed_to_float_model": {
        "breaks": "x is a float array (float32 or float64); a float32 model is fed float32 values",
        "edit": {"tflite_accuracy": [("    x = np.asarray(x, dtype=np.float32)\n", "    x = np.asarray(x)\n")]},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    # ---- Exercise 7: quantize_multiplier --------------------------------------------------------
    "multiplier_truncated": {
        "breaks": "m0 = round(f * 2**31), not truncated",
        "edit": {"quantize_multiplier": [("m0 = math.floor(fraction * 2 ** 31 + 0.5)", "m0 = int(fraction * 2 ** 31)")]},
        "must_lose": ["test_quantize_multiplier_visible"],
    },
    "multiplier_ties_to_even": {
        "breaks": "ties away from zero (Python's round rounds ties to even)",
        "edit": {"quantize_multiplier": [("m0 = math.floor(fraction * 2 ** 31 + 0.5)", "m0 = round(fraction * 2 ** 31)")]},
        "must_lose": ["test_quantize_multiplier_hidden"],
    },
    "multiplier_carry_not_handled": {
        "breaks": "if the rounding carried into m0 = 2**31, use m0 = 2**30 and n - 1",
        "edit": {"quantize_multiplier": [("    if m0 == 2 ** 31:                           # the rounding carried into bit 31\n"
                                          "        m0, n = m0 // 2, n - 1\n", "")]},
        "must_lose": ["test_quantize_multiplier_hidden"],
    },
    "shift_off_by_one": {
        "breaks": "n = 31 - e",
        "edit": {"quantize_multiplier": [("n = 31 - exponent", "n = 32 - exponent")]},
        "must_lose": ["test_quantize_multiplier_visible", "test_quantize_multiplier_hidden"],
    },
    "multiplier_as_float": {
        "breaks": "return two integers",
        "edit": {"quantize_multiplier": [("m0 = math.floor(fraction * 2 ** 31 + 0.5)", "m0 = np.floor(fraction * 2 ** 31 + 0.5)")]},
        "must_lose": ["test_quantize_multiplier_visible"],
    },
    "no_error_for_zero": {
        "breaks": "raise ValueError for m <= 0",
        "edit": {"quantize_multiplier": [("    if not m > 0:\n        raise ValueError(f\"the multiplier must be positive, got {m}\")\n", "")]},
        "must_lose": ["test_quantize_multiplier_hidden"],
    },
    # ---- Exercise 8: requantize -----------------------------------------------------------------
    "requantize_truncates": {
        "breaks": "round to the nearest integer (a plain right shift floors)",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n", "return (acc * m0) >> n")]},
        "must_lose": ["test_requantize_visible", "test_requantize_hidden"],
    },
    "requantize_float_ties_to_even": {
        "breaks": "ties toward +inf (np.round rounds ties to even)",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n",
                                 "return np.round(acc * (m0 / 2.0 ** n)).astype(np.int64)")]},
        "must_lose": ["test_requantize_visible"],
    },
    "requantize_ties_away_from_zero": {
        "breaks": "ties toward +inf: -2.5 -> -2",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n",
                                 "return np.sign(acc) * ((np.abs(acc) * m0 + (np.int64(1) << (n - 1))) >> n)")]},
        "must_lose": ["test_requantize_visible", "test_requantize_hidden"],
    },
    "requantize_int32_overflow": {
        "breaks": "the product needs 64 bits (int32 overflows)",
        "edit": {"requantize": [("acc = np.asarray(acc, dtype=np.int64)", "acc = np.asarray(acc, dtype=np.int32)"),
                                ("m0 = np.asarray(m0, dtype=np.int64)", "m0 = np.asarray(m0, dtype=np.int32)")]},
        "must_lose": ["test_requantize_visible", "test_requantize_hidden"],
    },
    "requantize_in_float64": {
        "breaks": "exact for every int32 acc and m0 < 2**31: the product needs 64-bit integers",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n",
                                 "return np.floor(acc * (m0 / 2.0 ** n) + 0.5).astype(np.int64)  # float64 product")]},
        "must_lose": ["test_requantize_hidden"],
    },
    "requantize_rounds_twice": {
        "breaks": "a single rounding: (acc * m0 + 2**(n-1)) >> n (gemmlowp's two roundings differ)",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n",
                                 "high = (acc * m0 + (np.int64(1) << 30)) >> 31  # rounding high multiply\n"
                                 "    e = n - 31\n"
                                 "    mask = (np.int64(1) << e) - 1\n"
                                 "    threshold = (mask >> 1) + (high < 0)\n"
                                 "    return (high >> e) + ((high & mask) > threshold)  # rounding shift, ties away from 0")]},
        "must_lose": ["test_requantize_hidden"],
    },
    "requantize_result_cast_to_int32": {
        "breaks": "the exact results, which can leave the int32 range when M >= 1 (an int32 result is wrong there)",
        "edit": {"requantize": [("return (acc * m0 + (np.int64(1) << (n - 1))) >> n",
                                 "return ((acc * m0 + (np.int64(1) << (n - 1))) >> n).astype(np.int32)")]},
        "must_lose": ["test_requantize_hidden"],
    },
    # ---- Exercise 9: int8_fully_connected -------------------------------------------------------
    "bias_added_after_rescaling": {
        "breaks": "the bias added before rescaling",
        "edit": {"int8_fully_connected": [
            ("acc = (q_x - layer[\"input_zero_point\"]) @ weights.T + np.asarray(layer[\"bias\"], dtype=np.int64)",
             "acc = (q_x - layer[\"input_zero_point\"]) @ weights.T"),
            ("y = requantize(acc, m0, n) + layer[\"output_zero_point\"]",
             "y = requantize(acc, m0, n) + np.asarray(layer[\"bias\"], dtype=np.int64) + layer[\"output_zero_point\"]")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "output_zero_point_forgotten": {
        "breaks": "add the output zero point Z_y",
        "edit": {"int8_fully_connected": [("y = requantize(acc, m0, n) + layer[\"output_zero_point\"]",
                                           "y = requantize(acc, m0, n)")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "input_zero_point_forgotten": {
        "breaks": "(q_x - Z_x) in the accumulator",
        "edit": {"int8_fully_connected": [("(q_x - layer[\"input_zero_point\"]) @ weights.T", "q_x @ weights.T")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "requantization_truncates": {
        "breaks": "requantize with rounding (exercise 8), not a truncating shift",
        "edit": {"int8_fully_connected": [("y = requantize(acc, m0, n) + layer[\"output_zero_point\"]",
                                           "y = ((acc * m0) >> n) + layer[\"output_zero_point\"]")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "relu_clamps_at_integer_zero": {
        "breaks": "with relu the lower bound is max(-128, Z_y), real 0",
        "edit": {"int8_fully_connected": [("low = max(-128, int(layer[\"output_zero_point\"])) if layer[\"relu\"] else -128",
                                           "low = 0 if layer[\"relu\"] else -128")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "no_clamp_before_cast": {
        "breaks": "clamp to [-128, 127]",
        "edit": {"int8_fully_connected": [("return np.clip(y, low, 127).astype(np.int8)",
                                           "return np.maximum(y, low).astype(np.int8)  # wraps above 127")]},
        "must_lose": ["test_int8_fully_connected_visible", "test_int8_fully_connected_hidden"],
    },
    "multiplier_in_float32": {
        "breaks": "M_c computed in float64 from the stored scales",
        "edit": {"int8_fully_connected": [
            ("real = (np.float64(layer[\"input_scale\"]) * np.asarray(layer[\"weight_scales\"], dtype=np.float64)\n"
             "            / np.float64(layer[\"output_scale\"]))",
             "real = layer[\"input_scale\"] * layer[\"weight_scales\"] / layer[\"output_scale\"]  # float32 in NumPy 2")]},
        "must_lose": ["test_int8_fully_connected_hidden"],
    },
    "float_multiplier_rescale": {
        "breaks": "a rounded exactly as requantize(a, m0, n) does, with (m0, n) = quantize_multiplier(M_c)",
        "edit": {"int8_fully_connected": [("y = requantize(acc, m0, n) + layer[\"output_zero_point\"]",
                                           "y = np.floor(acc * real + 0.5).astype(np.int64) + layer[\"output_zero_point\"]  # float64 M_c")]},
        "must_lose": ["test_int8_fully_connected_hidden"],
    },
    # ---- Exercise 10: fold_batchnorm ------------------------------------------------------------
    "fold_with_variance": {
        "breaks": "the standard deviation sqrt(variance + epsilon), not the variance",
        "edit": {"fold_batchnorm": [("np.sqrt(np.asarray(moving_variance, np.float64) + epsilon)",
                                     "(np.asarray(moving_variance, np.float64) + epsilon)")]},
        "must_lose": ["test_fold_batchnorm_visible", "test_fold_batchnorm_hidden"],
    },
    "fold_without_epsilon": {
        "breaks": "epsilon inside the root (the layer's own epsilon)",
        "edit": {"fold_batchnorm": [("np.sqrt(np.asarray(moving_variance, np.float64) + epsilon)",
                                     "np.sqrt(np.asarray(moving_variance, np.float64))")]},
        "must_lose": ["test_fold_batchnorm_visible", "test_fold_batchnorm_hidden"],
    },
    "fold_keeps_the_mean": {
        "breaks": "folded_bias = (bias - moving_mean) * s + beta",
        "edit": {"fold_batchnorm": [("(bias - np.asarray(moving_mean, np.float64)) * s", "bias * s")]},
        "must_lose": ["test_fold_batchnorm_visible", "test_fold_batchnorm_hidden"],
    },
    "fold_along_input_axis": {
        "breaks": "kernel * s along the last (output) axis",
        "edit": {"fold_batchnorm": [("return kernel * s,", "return kernel * s[:, np.newaxis],")]},
        "must_lose": ["test_fold_batchnorm_visible"],
    },
    "fold_bias_none_crashes": {
        "breaks": "bias=None counts as zeros",
        "edit": {"fold_batchnorm": [("bias = np.zeros(kernel.shape[-1]) if bias is None else np.asarray(bias, dtype=np.float64)",
                                     "bias = np.asarray(bias, dtype=np.float64)")]},
        "must_lose": ["test_fold_batchnorm_hidden"],
    },
    "fold_forgets_beta": {
        "breaks": "folded_bias = (bias - moving_mean) * s + beta",
        "edit": {"fold_batchnorm": [(" * s + np.asarray(beta, np.float64)", " * s")]},
        "must_lose": ["test_fold_batchnorm_visible", "test_fold_batchnorm_hidden"],
    },
    # ---- Exercise 11: percentile_range ----------------------------------------------------------
    "percentile_as_fraction": {
        "breaks": "the percentile-th percentile (np.percentile takes percent)",
        "edit": {"percentile_range": [("[100 - percentile, percentile]", "[(100 - percentile) / 100, percentile / 100]")]},
        "must_lose": ["test_percentile_range_visible", "test_percentile_range_hidden"],
    },
    "lower_end_is_the_minimum": {
        "breaks": "rmin is the (100 - percentile)-th percentile",
        "edit": {"percentile_range": [("low, high = np.percentile(np.asarray(values, dtype=np.float64).ravel(), [100 - percentile, percentile])",
                                       "flat = np.asarray(values, dtype=np.float64).ravel()\n"
                                       "    low, high = flat.min(), np.percentile(flat, percentile)")]},
        "must_lose": ["test_percentile_range_visible", "test_percentile_range_hidden"],
    },
    "range_not_widened_to_zero": {
        "breaks": "then widened to contain 0",
        "edit": {"percentile_range": [("return min(float(low), 0.0), max(float(high), 0.0)", "return float(low), float(high)")]},
        "must_lose": ["test_percentile_range_visible", "test_percentile_range_hidden"],
    },
    "nearest_rank_not_interpolated": {
        "breaks": "NumPy's default linear interpolation",
        "edit": {"percentile_range": [("[100 - percentile, percentile])", "[100 - percentile, percentile], method=\"nearest\")")]},
        "must_lose": ["test_percentile_range_hidden"],
    },
    "no_error_for_bad_percentile": {
        "breaks": "raise ValueError unless 50 <= percentile <= 100",
        "edit": {"percentile_range": [("    if not 50 <= percentile <= 100:\n        raise ValueError(f\"percentile must be in [50, 100], got {percentile}\")\n",
                                       "    percentile = min(max(percentile, 50), 100)\n")]},
        "must_lose": ["test_percentile_range_hidden"],
    },
}

RIGHT_ANSWERS = {
    "affine_qparams_numpy_types": {
        "why": "NumPy scalars, np.rint and bit shifts instead of Python floats, round and powers",
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    qmin, qmax = -(1 << (num_bits - 1)), (1 << (num_bits - 1)) - 1
    lo, hi = np.minimum(rmin, 0.0), np.maximum(rmax, 0.0)
    if lo == hi:
        return 1.0, 0
    if symmetric:
        return np.float64(max(-lo, hi) / qmax), np.int64(0)
    scale = np.float64((hi - lo) / (qmax - qmin))
    return scale, np.int64(np.rint(qmin - lo / scale))
'''},
    },
    "quantize_floor_half_up": {
        "why": "floor(x/S + 0.5) (ties up), int64, np.minimum/np.maximum instead of np.clip",
        "replace": {"quantize": '''def quantize(x, scale, zero_point, num_bits=8):
    lo, hi = -(1 << (num_bits - 1)), (1 << (num_bits - 1)) - 1
    q = np.floor(np.divide(x, scale) + 0.5).astype(np.int64) + int(zero_point)
    return np.minimum(np.maximum(q, lo), hi)
'''},
    },
    "per_channel_moveaxis_float32": {
        "why": "moves the channel axis last, float32 scales, int8 result",
        "replace": {"quantize_per_channel": '''def quantize_per_channel(w, num_bits=8, axis=-1):
    w = np.moveaxis(np.asarray(w, np.float32), axis, -1)
    qmax = (1 << (num_bits - 1)) - 1
    amax = np.abs(w.reshape(-1, w.shape[-1])).max(axis=0)
    scales = np.where(amax > 0, amax / qmax, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scales), -qmax, qmax).astype(np.int8)
    return np.moveaxis(q, -1, axis), scales
'''},
    },
    "fake_quantize_custom_gradient": {
        "why": "tf.custom_gradient with an explicit mask instead of the stop_gradient trick",
        "replace": {"fake_quantize": '''def fake_quantize(x, scale, zero_point, num_bits=8):
    x = tf.cast(tf.convert_to_tensor(x), tf.float32)
    s = tf.cast(scale, tf.float32)
    z = tf.cast(zero_point, tf.float32)
    qmin, qmax = -(2.0 ** (num_bits - 1)), 2.0 ** (num_bits - 1) - 1

    @tf.custom_gradient
    def _fake_quant(v):
        q = tf.clip_by_value(tf.round(v / s) + z, qmin, qmax)
        inside = tf.logical_and(v >= (qmin - z) * s, v <= (qmax - z) * s)

        def grad(upstream):
            return upstream * tf.cast(inside, tf.float32)

        return (q - z) * s, grad

    return _fake_quant(x)
'''},
    },
    "convert_settings_table": {
        "why": "a table of settings per mode and a tf.data representative dataset",
        "replace": {"convert_to_tflite": '''TFLITE_MODES = ("float32", "dynamic", "float16", "int8")


def convert_to_tflite(model, mode, representative_data=None):
    if mode not in TFLITE_MODES:
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "int8" and representative_data is None:
        raise ValueError("int8 needs representative_data")
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode in ("dynamic", "float16", "int8"):
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if mode == "float16":
        converter.target_spec.supported_types = [tf.float16]
    if mode == "int8":
        dataset = tf.data.Dataset.from_tensor_slices(np.asarray(representative_data, np.float32)).batch(1)
        converter.representative_dataset = lambda: ([batch] for batch in dataset)
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type, converter.inference_output_type = tf.int8, tf.int8
    with converter_quiet():
        return converter.convert()
'''},
    },
    "accuracy_row_by_row": {
        "why": "one invoke per row without resizing the input",
        "replace": {"tflite_accuracy": '''def tflite_accuracy(tflite_bytes, x, y):
    interpreter = Interpreter(model_content=bytes(tflite_bytes))
    interpreter.allocate_tensors()
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    correct = 0
    for row, label in zip(np.asarray(x, np.float32), np.asarray(y)):
        sample = row[np.newaxis]
        if inp["dtype"] == np.int8:
            scale, zero_point = inp["quantization"]
            sample = np.clip(np.rint(sample / scale) + zero_point, -128, 127).astype(np.int8)
        interpreter.set_tensor(inp["index"], sample)
        interpreter.invoke()
        correct += int(np.argmax(interpreter.get_tensor(out["index"])[0]) == label)
    return correct / len(x)
'''},
    },
    "multiplier_numpy_frexp": {
        "why": "np.frexp and a >= test for the carry",
        "replace": {"quantize_multiplier": '''def quantize_multiplier(m):
    if m <= 0:
        raise ValueError("m must be positive")
    fraction, exponent = np.frexp(np.float64(m))
    m0, n = int(np.floor(fraction * 2.0 ** 31 + 0.5)), 31 - int(exponent)
    if m0 >= 1 << 31:
        m0, n = m0 >> 1, n - 1
    return m0, n
'''},
    },
    "requantize_python_integers": {
        "why": "exact Python integers element by element after broadcasting",
        "replace": {"requantize": '''def requantize(acc, m0, n):
    acc, m0, n = np.broadcast_arrays(np.asarray(acc), np.asarray(m0), np.asarray(n))
    out = [(int(a) * int(m) + (1 << (int(k) - 1))) >> int(k) for a, m, k in zip(acc.ravel(), m0.ravel(), n.ravel())]
    return np.array(out, dtype=np.int64).reshape(acc.shape)
'''},
    },
    "fully_connected_zero_point_in_bias": {
        "why": "the input zero-point term folded into the bias (as optimized kernels do), int32 matmul, a loop over channels",
        "replace": {"int8_fully_connected": '''def int8_fully_connected(q_x, layer):
    w = np.asarray(layer["weights"], np.int32)
    bias = np.asarray(layer["bias"], np.int64) - layer["input_zero_point"] * w.sum(axis=1, dtype=np.int64)
    acc = (np.asarray(q_x, np.int32) @ w.T).astype(np.int64) + bias
    out = np.empty(acc.shape, np.int64)
    for c in range(w.shape[0]):
        m0, n = quantize_multiplier(layer["input_scale"] * float(layer["weight_scales"][c]) / layer["output_scale"])
        out[:, c] = requantize(acc[:, c], m0, n)
    out += layer["output_zero_point"]
    low = max(-128, layer["output_zero_point"]) if layer["relu"] else -128
    return np.clip(out, low, 127).astype(np.int8)
'''},
    },
    "fold_in_float32_reciprocal": {
        "why": "float32 arithmetic with a reciprocal square root",
        "replace": {"fold_batchnorm": '''def fold_batchnorm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon):
    inv_std = np.reciprocal(np.sqrt(np.add(moving_variance, epsilon, dtype=np.float32)))
    s = np.multiply(gamma, inv_std, dtype=np.float32)
    b = np.zeros_like(s) if bias is None else np.asarray(bias, np.float32)
    return np.asarray(kernel, np.float32) * s, (b - np.asarray(moving_mean, np.float32)) * s + np.asarray(beta, np.float32)
'''},
    },
    "percentile_via_quantile": {
        "why": "np.quantile with fractions instead of np.percentile",
        "replace": {"percentile_range": '''def percentile_range(values, percentile):
    if percentile < 50 or percentile > 100:
        raise ValueError("percentile must be in [50, 100]")
    low, high = np.quantile(np.ravel(values), [1 - percentile / 100, percentile / 100])
    return float(np.minimum(low, 0.0)), float(np.maximum(high, 0.0))
'''},
    },
    "affine_qparams_unsigned_then_shifted": {
        "why": "the zero point of the unsigned grid [0, 2**b - 1], shifted down by 2**(b-1) (the same signed grid)",
        "replace": {"affine_qparams": '''def affine_qparams(rmin, rmax, num_bits=8, symmetric=False):
    rmin, rmax = min(rmin, 0.0), max(rmax, 0.0)
    if rmin == 0 and rmax == 0:
        return 1.0, 0
    if symmetric:
        return float(max(-rmin, rmax) / (2 ** (num_bits - 1) - 1)), 0
    levels = 2 ** num_bits - 1
    scale = float((rmax - rmin) / levels)
    unsigned_zero = int(np.clip(np.floor(-rmin / scale + 0.5), 0, levels))
    return scale, unsigned_zero - 2 ** (num_bits - 1)
'''},
    },
    "multiplier_from_log2": {
        "why": "the exponent from ceil(log2(m)) instead of frexp (at a power of two the fraction is 1 and the carry rule fixes it)",
        "replace": {"quantize_multiplier": '''def quantize_multiplier(m):
    m = float(m)
    if m <= 0:
        raise ValueError("m must be positive")
    e = math.ceil(math.log2(m))
    f = m / 2.0 ** e
    if f < 0.5:  # log2 rounded just below an integer
        f, e = f * 2, e - 1
    m0, n = math.floor(f * 2 ** 31 + 0.5), 31 - e
    if m0 >= 2 ** 31:
        m0, n = m0 // 2, n - 1
    return m0, n
'''},
    },
    "fold_bias_none_as_scalar_zero": {
        "why": "bias=None taken as the scalar 0.0, which broadcasts to the same folded bias",
        "replace": {"fold_batchnorm": '''def fold_batchnorm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon):
    s = np.asarray(gamma, np.float64) / np.sqrt(np.asarray(moving_variance, np.float64) + epsilon)
    b = 0.0 if bias is None else np.asarray(bias, np.float64)
    return np.asarray(kernel, np.float64) * s, (b - np.asarray(moving_mean, np.float64)) * s + np.asarray(beta, np.float64)
'''},
    },
}
