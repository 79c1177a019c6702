"""Plausible wrong answers to the 06_compression_challenge exercises and challenge (each must lose
the listed tests), and correct answers written differently (each must keep full marks)."""

_ACCURACY_HEAD = '''def tflite_accuracy(tflite_bytes, x, y):
    x = np.asarray(x, dtype=np.float32)
    interpreter = Interpreter(model_content=bytes(tflite_bytes))
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    interpreter.resize_tensor_input(inp["index"], [len(x), *x.shape[1:]])
    interpreter.allocate_tensors()
'''
_ACCURACY_TAIL = '''    interpreter.set_tensor(inp["index"], x)
    interpreter.invoke()
    return float(np.mean(np.argmax(interpreter.get_tensor(out["index"]), axis=-1) == np.asarray(y)))
'''

_PRUNE_HEAD = '''def prune_and_fine_tune(model, sparsity, x, targets, loss, epochs, learning_rate=1e-3, batch_size=128):
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][:-1]
    masks = []
    for layer in layers:
        kernel = layer.kernel.numpy()
        n_pruned = int(round(sparsity * kernel.size))
        keep = np.ones(kernel.size, dtype=bool)
        keep[np.argsort(np.abs(kernel), axis=None, kind="stable")[:n_pruned]] = False
        masks.append(keep.reshape(kernel.shape))
'''

_RECIPE_HEAD = '''def build_challenge_model(x_train, y_train, x_val, y_val, seed):
    teacher = train_teacher(x_train, y_train, seed)
    student, x_aug, targets = distill_student(teacher, x_train, y_train, seed)
'''

_SIZE = ["test_deployable_bytes_visible", "test_deployable_bytes_hidden"]
_ACC = ["test_tflite_accuracy_visible", "test_tflite_accuracy_hidden"]
_STAGE = ["test_measure_stage_visible", "test_measure_stage_hidden"]
_FRONT = ["test_pareto_front_visible", "test_pareto_front_hidden"]
_BUDGET = ["test_meets_budget_visible", "test_meets_budget_hidden"]
_PICK = ["test_smallest_meeting_floor_visible", "test_smallest_meeting_floor_hidden"]
_COMPARE = ["test_compare_to_baseline_visible", "test_compare_to_baseline_hidden"]
_PRUNE = ["test_prune_and_fine_tune_visible", "test_prune_and_fine_tune_hidden"]
_TIERS = ["test_build_challenge_model_size16k_hidden", "test_build_challenge_model_size10k_hidden",
          "test_build_challenge_model_size8k_hidden"]
_CHALLENGE = ["test_build_challenge_model_valid_hidden", "test_build_challenge_model_floor_hidden", *_TIERS]

WRONG_ANSWERS = {
    # ---- Exercise 1: deployable_bytes ----------------------------------------------------------
    "size_before_gzip": {
        "breaks": "the number of bytes of the model file gzipped at level 9",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    return len(tflite_bytes)  # the file as stored, not as downloaded
'''},
        "must_lose": _SIZE,
    },
    "zlib_instead_of_gzip": {
        "breaks": "gzipped (gzip.compress), not a raw zlib stream",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    import zlib
    return len(zlib.compress(bytes(tflite_bytes), 9))
'''},
        "must_lose": _SIZE,
    },
    "kilobytes": {
        "breaks": "the number of bytes, as an int",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    return len(gzip.compress(bytes(tflite_bytes), compresslevel=9)) / 1024
'''},
        "must_lose": _SIZE,
    },
    "lzma_instead_of_gzip": {
        "breaks": "gzip at compression level 9 (not another compressor)",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    import lzma
    return len(lzma.compress(bytes(tflite_bytes)))
'''},
        "must_lose": _SIZE,
    },
    # ---- Exercise 2: tflite_accuracy -----------------------------------------------------------
    "int8_fed_cast_floats": {
        "breaks": "an int8 input gets clip(round(x/S) + Z) with the model's own (S, Z), not floats cast to int8",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        x = x.astype(np.int8)  # pixel values in [0, 1] all become 0
''' + _ACCURACY_TAIL},
        "must_lose": _ACC,
    },
    "int8_fed_float_input": {
        "breaks": "an int8 input gets int8 values (feeding floats is wrong)",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + _ACCURACY_TAIL},
        "must_lose": _ACC,
    },
    "hard_coded_input_scale": {
        "breaks": "quantize with the model's own (scale, zero_point) from get_input_details()",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        x = np.clip(np.round(x * 255.0) - 128, -128, 127).astype(np.int8)  # right only for inputs in [0, 1]
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "no_clipping": {
        "breaks": "clip(round(x/S) + Z, -128, 127) before the cast",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        scale, zero_point = inp["quantization"]
        x = (np.round(x / scale) + zero_point).astype(np.int8)  # values above 127 wrap around
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "clipped_at_minus_127": {
        "breaks": "clip(round(x/S) + Z, -128, 127): the int8 range starts at -128 (an empty pixel is -128)",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        scale, zero_point = inp["quantization"]
        x = np.clip(np.round(x / scale) + zero_point, -127, 127).astype(np.int8)  # the symmetric range
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    "truncated_not_rounded": {
        "breaks": "round(x/S): the cast to int8 truncates instead",
        "replace": {"tflite_accuracy": _ACCURACY_HEAD + '''    if inp["dtype"] == np.int8:
        scale, zero_point = inp["quantization"]
        x = np.clip(x / scale + zero_point, -128, 127).astype(np.int8)  # astype drops the fraction
''' + _ACCURACY_TAIL},
        "must_lose": ["test_tflite_accuracy_hidden"],
    },
    # ---- Exercise 3: measure_stage -------------------------------------------------------------
    "accuracy_on_training_split": {
        "breaks": "accuracy on the test split (split.x_test, split.y_test)",
        "edit": {"measure_stage": [("tflite_accuracy(tflite_bytes, split.x_test, split.y_test)",
                                    "tflite_accuracy(tflite_bytes, split.x_train, split.y_train)")]},
        "must_lose": _STAGE,
    },
    "accuracy_on_validation_split": {
        "breaks": "accuracy on the test split, not on the validation split that chose the settings",
        "edit": {"measure_stage": [("tflite_accuracy(tflite_bytes, split.x_test, split.y_test)",
                                    "tflite_accuracy(tflite_bytes, split.x_val, split.y_val)")]},
        "must_lose": ["test_measure_stage_hidden"],
    },
    "stage_size_before_gzip": {
        "breaks": '"gzip_bytes" is deployable_bytes(tflite_bytes)',
        "edit": {"measure_stage": [('"gzip_bytes": deployable_bytes(tflite_bytes)', '"gzip_bytes": len(tflite_bytes)')]},
        "must_lose": _STAGE,
    },
    "latency_in_seconds": {
        "breaks": '"latency_us" in microseconds',
        "edit": {"measure_stage": [('"latency_us": batch1_latency_us(tflite_bytes)',
                                    '"latency_us": batch1_latency_us(tflite_bytes) / 1e6')]},
        "must_lose": _STAGE,
    },
    "latency_in_nanoseconds": {
        "breaks": '"latency_us" in microseconds, as batch1_latency_us returns it',
        "edit": {"measure_stage": [('"latency_us": batch1_latency_us(tflite_bytes)',
                                    '"latency_us": batch1_latency_us(tflite_bytes) * 1000.0')]},
        "must_lose": ["test_measure_stage_hidden"],
    },
    # ---- Exercise 4: pareto_front --------------------------------------------------------------
    "front_keeps_dominated_points": {
        "breaks": "the indices of the points that no other point dominates",
        "replace": {"pareto_front": '''def pareto_front(points):
    points = [(float(s), float(a)) for s, a in points]
    return sorted(range(len(points)), key=lambda i: (points[i][0], i))  # every point, sorted by size
'''},
        "must_lose": _FRONT,
    },
    "strict_in_both": {
        "breaks": "dominated when no larger and no less accurate, strictly better in at least one",
        "edit": {"pareto_front": [("size_j <= size_i and acc_j >= acc_i and (size_j < size_i or acc_j > acc_i)",
                                   "size_j < size_i and acc_j > acc_i")]},
        "must_lose": _FRONT,
    },
    "duplicates_dominate_each_other": {
        "breaks": "identical points do not dominate each other: all copies stay",
        "replace": {"pareto_front": '''def pareto_front(points):
    points = [(float(s), float(a)) for s, a in points]
    front = [i for i, (s, a) in enumerate(points)
             if not any(j != i and s2 <= s and a2 >= a for j, (s2, a2) in enumerate(points))]
    return sorted(front, key=lambda i: (points[i][0], i))
'''},
        "must_lose": ["test_pareto_front_hidden"],
    },
    "front_sorted_by_accuracy": {
        "breaks": "sorted by size (smallest first)",
        "edit": {"pareto_front": [("return sorted(front, key=lambda i: (points[i][0], i))",
                                   "return sorted(front, key=lambda i: -points[i][1])")]},
        "must_lose": _FRONT,
    },
    # ---- Exercise 5: meets_budget --------------------------------------------------------------
    "limits_exclusive": {
        "breaks": "a stage exactly at a limit meets it",
        "edit": {"meets_budget": [('stage["gzip_bytes"] > budget', 'stage["gzip_bytes"] >= budget'),
                                  ('stage["accuracy"] < budget', 'stage["accuracy"] <= budget'),
                                  ('stage["latency_us"] > budget', 'stage["latency_us"] >= budget')]},
        "must_lose": ["test_meets_budget_visible"],
    },
    "zero_means_no_limit": {
        "breaks": "a key that is missing or None sets no limit; 0 is a real limit",
        "replace": {"meets_budget": '''def meets_budget(stage, budget):
    broken = []
    if budget.get("max_gzip_bytes") and stage["gzip_bytes"] > budget["max_gzip_bytes"]:
        broken.append("max_gzip_bytes")
    if budget.get("min_accuracy") and stage["accuracy"] < budget["min_accuracy"]:
        broken.append("min_accuracy")
    if budget.get("max_latency_us") and stage["latency_us"] > budget["max_latency_us"]:
        broken.append("max_latency_us")
    return broken
'''},
        "must_lose": ["test_meets_budget_hidden"],
    },
    "budget_on_raw_size": {
        "breaks": "the size limit is on the gzip size",
        "edit": {"meets_budget": [('stage["gzip_bytes"] > budget', 'stage["raw_bytes"] > budget')]},
        "must_lose": _BUDGET,
    },
    "budget_returns_bool": {
        "breaks": "returns the list of the keys whose limit the stage breaks",
        "edit": {"meets_budget": [("    return broken", "    return not broken")]},
        "must_lose": _BUDGET,
    },
    # ---- Exercise 6: smallest_meeting_floor ----------------------------------------------------
    "floor_ignored": {
        "breaks": "among those with accuracy >= min_accuracy",
        "replace": {"smallest_meeting_floor": '''def smallest_meeting_floor(stages, min_accuracy):
    if not stages:
        return None
    return min(stages, key=lambda s: (s["gzip_bytes"], s["latency_us"]))["name"]
'''},
        "must_lose": _PICK,
    },
    "floor_exclusive": {
        "breaks": "accuracy >= min_accuracy (a stage at the floor meets it)",
        "edit": {"smallest_meeting_floor": [('if s["accuracy"] >= min_accuracy', 'if s["accuracy"] > min_accuracy')]},
        "must_lose": ["test_smallest_meeting_floor_visible"],
    },
    "ties_ignore_latency": {
        "breaks": "ties in gzip_bytes go to the lower latency_us",
        "replace": {"smallest_meeting_floor": '''def smallest_meeting_floor(stages, min_accuracy):
    eligible = [s for s in stages if s["accuracy"] >= min_accuracy]
    return min(eligible, key=lambda s: s["gzip_bytes"])["name"] if eligible else None
'''},
        "must_lose": ["test_smallest_meeting_floor_hidden"],
    },
    "no_stage_raises": {
        "breaks": "returns None when no stage meets the floor",
        "replace": {"smallest_meeting_floor": '''def smallest_meeting_floor(stages, min_accuracy):
    eligible = [(s["gzip_bytes"], s["latency_us"], i) for i, s in enumerate(stages) if s["accuracy"] >= min_accuracy]
    return stages[min(eligible)[2]]["name"]  # ValueError when nothing is eligible
'''},
        "must_lose": _PICK,
    },
    "pick_by_raw_size": {
        "breaks": "the smallest gzip_bytes",
        "edit": {"smallest_meeting_floor": [('(s["gzip_bytes"], s["latency_us"], i)', '(s["raw_bytes"], s["latency_us"], i)')]},
        "must_lose": ["test_smallest_meeting_floor_hidden"],
    },
    # ---- Exercise 7: compare_to_baseline -------------------------------------------------------
    "speedup_inverted": {
        "breaks": '"speedup": baseline latency_us / variant latency_us',
        "edit": {"compare_to_baseline": [('baseline["latency_us"] / variant["latency_us"]',
                                          'variant["latency_us"] / baseline["latency_us"]')]},
        "must_lose": _COMPARE,
    },
    "ratios_rounded": {
        "breaks": "a dict of floats equal to the ratios (not rounded to 2 decimals)",
        "replace": {"compare_to_baseline": '''def compare_to_baseline(baseline, variant):
    return {"size_ratio": round(baseline["gzip_bytes"] / variant["gzip_bytes"], 2),
            "speedup": round(baseline["latency_us"] / variant["latency_us"], 2),
            "accuracy_drop_pp": round(100 * (baseline["accuracy"] - variant["accuracy"]), 2)}
'''},
        "must_lose": ["test_compare_to_baseline_hidden"],
    },
    "drop_as_fraction": {
        "breaks": '"accuracy_drop_pp" in percentage points',
        "edit": {"compare_to_baseline": [("100.0 * (baseline", "(baseline")]},
        "must_lose": _COMPARE,
    },
    "drop_sign_flipped": {
        "breaks": '100 * (baseline accuracy - variant accuracy), positive when the variant loses accuracy',
        "edit": {"compare_to_baseline": [('100.0 * (baseline["accuracy"] - variant["accuracy"])',
                                          '100.0 * (variant["accuracy"] - baseline["accuracy"])')]},
        "must_lose": _COMPARE,
    },
    "size_ratio_from_raw": {
        "breaks": '"size_ratio": baseline gzip_bytes / variant gzip_bytes',
        "edit": {"compare_to_baseline": [('baseline["gzip_bytes"] / variant["gzip_bytes"]',
                                          'baseline["raw_bytes"] / variant["raw_bytes"]')]},
        "must_lose": _COMPARE,
    },
    # ---- Exercise 8: prune_and_fine_tune -------------------------------------------------------
    "mask_applied_once": {
        "breaks": "the pruned entries put back to exactly 0 after every optimiser step",
        "replace": {"prune_and_fine_tune": _PRUNE_HEAD + '''    for layer, mask in zip(layers, masks):
        layer.kernel.assign(layer.kernel.numpy() * mask)  # once, before training
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    model.fit(x, targets, epochs=epochs, batch_size=batch_size, verbose=0)
    return masks
'''},
        "must_lose": _PRUNE,
    },
    "mask_once_per_epoch": {
        "breaks": "after every optimiser step (on_train_batch_end), not once per epoch",
        "edit": {"prune_and_fine_tune": [("def on_train_batch_end(self, batch, logs=None):",
                                          "def on_epoch_end(self, epoch, logs=None):")]},
        "must_lose": _PRUNE,
    },
    "logits_layer_pruned": {
        "breaks": "the Dense layers except the last one (the logits layer is not pruned)",
        "edit": {"prune_and_fine_tune": [("if isinstance(layer, keras.layers.Dense)][:-1]",
                                          "if isinstance(layer, keras.layers.Dense)]")]},
        "must_lose": _PRUNE,
    },
    "default_learning_rate": {
        "breaks": "compile with keras.optimizers.Adam(learning_rate): the rate given, not Adam's default",
        "edit": {"prune_and_fine_tune": [("optimizer=keras.optimizers.Adam(learning_rate)", 'optimizer="adam"')]},
        "must_lose": ["test_prune_and_fine_tune_hidden"],
    },
    "last_layer_by_name": {
        "breaks": "the Dense layers except the LAST one (not: except the one named 'logits')",
        "edit": {"prune_and_fine_tune": [("if isinstance(layer, keras.layers.Dense)][:-1]",
                                          'if isinstance(layer, keras.layers.Dense) and layer.name != "logits"]')]},
        "must_lose": ["test_prune_and_fine_tune_hidden"],
    },
    "biases_pruned_too": {
        "breaks": "biases are not pruned",
        "edit": {"prune_and_fine_tune": [
            ("                layer.kernel.assign(layer.kernel.numpy() * mask)",
             "                layer.kernel.assign(layer.kernel.numpy() * mask)\n"
             "                bias = layer.bias.numpy()  # the same share of the bias, smallest first\n"
             "                bias[np.argsort(np.abs(bias))[:int(round(sparsity * bias.size))]] = 0.0\n"
             "                layer.bias.assign(bias)")]},
        "must_lose": ["test_prune_and_fine_tune_hidden"],
    },
    "count_floored": {
        "breaks": "exactly round(sparsity * kernel.size) entries (Python's round)",
        "edit": {"prune_and_fine_tune": [("int(round(sparsity * kernel.size))", "int(sparsity * kernel.size)")]},
        "must_lose": ["test_prune_and_fine_tune_hidden"],
    },
    "global_threshold": {
        "breaks": "in each pruned kernel, the entries of smallest |w| in that kernel (per layer)",
        "replace": {"prune_and_fine_tune": '''def prune_and_fine_tune(model, sparsity, x, targets, loss, epochs, learning_rate=1e-3, batch_size=128):
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][:-1]
    kernels = [layer.kernel.numpy() for layer in layers]
    everything = np.concatenate([np.abs(k).ravel() for k in kernels])
    threshold = np.sort(everything)[int(round(sparsity * everything.size)) - 1] if sparsity > 0 else -1.0
    masks = [np.abs(k) > threshold for k in kernels]  # one threshold for the whole model

    class HoldZeros(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.on_train_batch_end(0)

        def on_train_batch_end(self, batch, logs=None):
            for layer, mask in zip(layers, masks):
                layer.kernel.assign(layer.kernel.numpy() * mask)

    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    model.fit(x, targets, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[HoldZeros()])
    return masks
'''},
        "must_lose": ["test_prune_and_fine_tune_hidden"],
    },
    # ---- The challenge: build_challenge_model --------------------------------------------------
    # The first case of an answer is the one nbgrader grades too (test_grader_agrees_on_wrong_answers):
    # this one stops at once, at the blocked loader; the 06 class test grades three recipes that train.
    "loads_the_data_itself": {
        "breaks": "train only on the arrays you are given (the data loaders are blocked)",
        "edit": {"build_challenge_model": [("    teacher = train_teacher(x_train, y_train, seed)",
                                            "    digits = fastsmall.data.load_digits_split()  # more data!\n"
                                            "    x_train, y_train = digits.x_train, digits.y_train\n"
                                            "    teacher = train_teacher(x_train, y_train, seed)")]},
        "must_lose": _CHALLENGE,
    },
    "loads_the_data_by_another_name": {
        "breaks": "train only on the arrays you are given (scikit-learn's loader reached through its own module)",
        "edit": {"build_challenge_model": [("    teacher = train_teacher(x_train, y_train, seed)",
                                            "    import sklearn.datasets._base as more  # all 1,797 digits\n"
                                            "    digits = more.load_digits()\n"
                                            "    x_train = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]\n"
                                            "    y_train = digits.target\n"
                                            "    teacher = train_teacher(x_train, y_train, seed)")]},
        "must_lose": _CHALLENGE,
    },
    "ships_float32": {
        "breaks": "(size tiers) the gzip size limits: a float32 file is 4x larger than an int8 one",
        "edit": {"build_challenge_model": [('return to_tflite(student, "int8", x_train[:200])',
                                            "return to_tflite(student)")]},
        "must_lose": _TIERS,
    },
    "not_pruned": {
        "breaks": "(size tiers) at most 10,000 and 8,000 bytes after gzip",
        "edit": {"build_challenge_model": [("for sparsity in (0.5, 0.75):", "for sparsity in ():")]},
        "must_lose": ["test_build_challenge_model_size10k_hidden", "test_build_challenge_model_size8k_hidden"],
    },
    "zeros_not_held": {
        "breaks": "(size tiers) sparsity kept through int8: fine-tuning after pruning must hold the zeros",
        "replace": {"build_challenge_model": _RECIPE_HEAD + '''    for layer in [l for l in student.layers if isinstance(l, keras.layers.Dense)][:-1]:
        kernel = layer.kernel.numpy()
        kernel[np.abs(kernel) < np.quantile(np.abs(kernel), 0.75)] = 0.0  # pruned once...
        layer.kernel.assign(kernel)
    student.compile(keras.optimizers.Adam(2e-3), DistillationLoss())
    student.fit(x_aug, targets, epochs=6, batch_size=128, verbose=0)  # ...then trained back to dense
    return to_tflite(student, "int8", x_train[:200])
'''},
        "must_lose": ["test_build_challenge_model_size10k_hidden", "test_build_challenge_model_size8k_hidden"],
    },
    "below_the_floor": {
        "breaks": "at least 293 of the 300 held-out digits right",
        "replace": {"build_challenge_model": '''def build_challenge_model(x_train, y_train, x_val, y_val, seed):
    keras.utils.set_random_seed(seed)
    model = mlp((8,), "too_small")  # tiny, trained briefly: small, but not accurate enough
    model.compile(keras.optimizers.Adam(3e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x_train, y_train, epochs=4, batch_size=64, verbose=0)
    return to_tflite(model, "int8", x_train[:200])
'''},
        "must_lose": ["test_build_challenge_model_floor_hidden", *_TIERS],
    },
    "returns_a_path": {
        "breaks": "returns the bytes of the .tflite file",
        # a quick recipe: the path is what fails, before any figure is measured
        "replace": {"build_challenge_model": '''def build_challenge_model(x_train, y_train, x_val, y_val, seed):
    model = mlp((32,), "quick")
    model.compile(keras.optimizers.Adam(3e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x_train, y_train, epochs=2, batch_size=64, verbose=0)
    path = "challenge.tflite"
    with open(path, "wb") as file:
        file.write(to_tflite(model, "int8", x_train[:200]))
    return path
'''},
        "must_lose": _CHALLENGE,
    },
    "crashes": {
        "breaks": "a recipe that raises gets no challenge points",
        "edit": {"build_challenge_model": [("    teacher = train_teacher(x_train, y_train, seed)",
                                            "    teacher = train_teacher(x_train, y_train[:100], seed)  # mismatched lengths")]},
        "must_lose": _CHALLENGE,
    },
}

RIGHT_ANSWERS = {
    "gzip_size_helper": {
        "why": "fastsmall.measure.gzip_size (level 9 by default) instead of gzip.compress",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    return fastsmall.measure.gzip_size(bytes(tflite_bytes), level=9)
'''},
    },
    "gzip_file_object": {
        "why": "a GzipFile written into memory (same format, same size)",
        "replace": {"deployable_bytes": '''def deployable_bytes(tflite_bytes):
    import io
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as file:
        file.write(tflite_bytes)
    return buffer.getbuffer().nbytes
'''},
    },
    "one_image_at_a_time_dequantized": {
        "why": "one invoke() per image, argmax of the dequantized output",
        "replace": {"tflite_accuracy": '''def tflite_accuracy(tflite_bytes, x, y):
    interpreter = Interpreter(model_content=tflite_bytes)
    interpreter.allocate_tensors()
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    right = 0
    for image, label in zip(np.asarray(x, np.float32), np.asarray(y)):
        feed = image[np.newaxis]
        if inp["dtype"] == np.int8:
            s, z = inp["quantization"]
            feed = np.clip(np.rint(feed / s + z), -128, 127).astype(np.int8)
        interpreter.set_tensor(inp["index"], feed)
        interpreter.invoke()
        logits = interpreter.get_tensor(out["index"])[0].astype(np.float32)
        if out["dtype"] == np.int8:
            s, z = out["quantization"]
            logits = s * (logits - z)
        right += int(np.argmax(logits) == label)
    return right / len(y)
'''},
    },
    "stage_built_step_by_step": {
        "why": "the dict built key by key, sizes from fastsmall.measure",
        "replace": {"measure_stage": '''def measure_stage(name, tflite_bytes, split):
    stage = dict(name=name)
    stage["raw_bytes"] = int(len(bytes(tflite_bytes)))
    stage["gzip_bytes"] = fastsmall.measure.gzip_size(bytes(tflite_bytes))
    stage["accuracy"] = tflite_accuracy(tflite_bytes, split.x_test, split.y_test)
    stage["latency_us"] = float(batch1_latency_us(tflite_bytes, warmup=10, repeats=100))
    return stage
'''},
    },
    "staircase_sweep": {
        "why": "a sort-and-sweep staircase instead of comparing every pair",
        "replace": {"pareto_front": '''def pareto_front(points):
    pts = [(float(s), float(a)) for s, a in points]
    order = sorted(range(len(pts)), key=lambda i: (pts[i][0], -pts[i][1], i))
    front, best, last = [], -np.inf, None
    for i in order:
        if pts[i][1] > best:
            front.append(i)
            best, last = pts[i][1], pts[i]
        elif pts[i] == last:  # an identical copy of a front point stays
            front.append(i)
    return sorted(front, key=lambda i: (pts[i][0], i))
'''},
    },
    "vectorised_front": {
        "why": "NumPy broadcasting, an array of int64 indices turned into a list",
        "replace": {"pareto_front": '''def pareto_front(points):
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(p) == 0:
        return []
    size, acc = p[:, 0], p[:, 1]
    no_worse = (size[None, :] <= size[:, None]) & (acc[None, :] >= acc[:, None])
    better = (size[None, :] < size[:, None]) | (acc[None, :] > acc[:, None])
    keep = np.flatnonzero(~np.any(no_worse & better, axis=1))
    return [int(i) for i in keep[np.lexsort((keep, size[keep]))]]
'''},
    },
    "budget_table": {
        "why": "a table of (key, field, comparison) instead of three ifs",
        "replace": {"meets_budget": '''def meets_budget(stage, budget):
    import operator
    rules = [("max_gzip_bytes", "gzip_bytes", operator.le), ("min_accuracy", "accuracy", operator.ge),
             ("max_latency_us", "latency_us", operator.le)]
    return [key for key, field, ok in rules if budget.get(key) is not None and not ok(stage[field], budget[key])]
'''},
    },
    "sorted_pick": {
        "why": "a stable sort on (gzip_bytes, latency_us) instead of min over tuples",
        "replace": {"smallest_meeting_floor": '''def smallest_meeting_floor(stages, min_accuracy):
    eligible = sorted((s for s in stages if s["accuracy"] >= min_accuracy),
                      key=lambda s: (s["gzip_bytes"], s["latency_us"]))
    return eligible[0]["name"] if eligible else None
'''},
    },
    "ratios_written_out": {
        "why": "plain floats computed one by one, the drop from the accuracies in percent",
        "replace": {"compare_to_baseline": '''def compare_to_baseline(baseline, variant):
    size_ratio = float(baseline["gzip_bytes"]) / float(variant["gzip_bytes"])
    speedup = 1.0 / (variant["latency_us"] / baseline["latency_us"])
    drop = 100 * baseline["accuracy"] - 100 * variant["accuracy"]
    return dict(size_ratio=size_ratio, speedup=speedup, accuracy_drop_pp=drop)
'''},
    },
    "mask_as_keras_constraint": {
        "why": "a Keras constraint on the kernel (applied by the optimiser after every update) instead of a callback",
        "replace": {"prune_and_fine_tune": _PRUNE_HEAD + '''    for layer, mask in zip(layers, masks):
        layer.kernel.assign(layer.kernel.numpy() * mask)
        layer.kernel.constraint = lambda w, m=mask.astype("float32"): w * m
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    model.fit(x, targets, epochs=epochs, batch_size=batch_size, verbose=0)
    return masks
'''},
    },
    "recipe_with_own_converter": {
        "why": "the converter written out in the recipe, calibrated on 200 training images through a generator",
        "replace": {"build_challenge_model": _RECIPE_HEAD + '''    for sparsity in (0.5, 0.75):
        prune_and_fine_tune(student, sparsity, x_aug, targets, DistillationLoss(), 3, learning_rate=2e-3)
    converter = tf.lite.TFLiteConverter.from_keras_model(student)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = lambda: ([image[np.newaxis]] for image in x_train[:200])
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    with fastsmall.deploy.quiet_conversion():
        return bytearray(converter.convert())
'''},
    },
}
