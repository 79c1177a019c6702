"""Plausible wrong answers to the 02_learning_rate_schedules exercises, and correct ones written
differently. Each wrong answer breaks one promise of its exercise's statement ("breaks")."""

EXP = "test_exponential_decay_"
PIECE = "test_piecewise_constant_"
WARM = "test_warmup_cosine_"
CLASS = "test_WarmupCosine_"
MAKE = "test_make_schedules_"
SUGGEST = "test_suggest_lr_"
CYCLE = "test_one_cycle_"
BETA = "test_CycleBeta1_"
ADAMW = "test_adamw_step_"
BOTH = ("visible", "hidden")


def _tests(prefix, which=BOTH):
    return [prefix + w for w in which]


WRONG_ANSWERS = {
    # --- exercise 1: exponential_decay ---
    "staircase_off_by_one": {
        "breaks": "with staircase=True the rate drops exactly at steps decay_steps, 2*decay_steps, ...",
        "edit": {"exponential_decay": [("np.floor(exponent)", "np.floor(exponent + 1.0 / decay_steps)")]},
        "must_lose": _tests(EXP),
    },
    "staircase_ceil": {
        "breaks": "with staircase=True the exponent is floor(step / decay_steps)",
        "edit": {"exponential_decay": [("np.floor(exponent)", "np.ceil(exponent)")]},
        "must_lose": _tests(EXP),
    },
    "staircase_ignored": {
        "breaks": "with staircase=True the exponent is floor(step / decay_steps)",
        "edit": {"exponential_decay": [("    if staircase:\n        exponent = np.floor(exponent)\n", "")]},
        "must_lose": _tests(EXP),
    },
    "exponential_float32": {
        "breaks": "returns float64 values",
        "edit": {"exponential_decay": [("dtype=np.float64", "dtype=np.float32")]},
        "must_lose": _tests(EXP),
    },
    "exponential_scalar_as_1d": {
        "breaks": "for an int step, a 0-d float64 array or an np.float64",
        "edit": {"exponential_decay": [("exponent = np.asarray(step, dtype=np.float64)",
                                        "exponent = np.atleast_1d(np.asarray(step, dtype=np.float64))")]},
        "must_lose": _tests(EXP),
    },
    "staircase_int_decay_steps": {
        "breaks": "decay_steps need not be an int: the staircase exponent is floor(step / decay_steps)",
        "edit": {"exponential_decay": [("exponent = np.floor(exponent)",
                                        "exponent = np.floor(np.asarray(step, dtype=np.float64) / int(decay_steps))")]},
        "must_lose": _tests(EXP, ["hidden"]),
    },
    # --- exercise 2: piecewise_constant ---
    "piecewise_switch_at_boundary": {
        "breaks": "values[i] holds while boundaries[i-1] < step <= boundaries[i]",
        "edit": {"piecewise_constant": [('side="left"', 'side="right"')]},
        "must_lose": _tests(PIECE),
    },
    "piecewise_digitize": {
        "breaks": "the new value starts one step after each boundary",
        "edit": {"piecewise_constant": [('np.searchsorted(np.asarray(boundaries), np.asarray(step), side="left")',
                                         "np.digitize(np.asarray(step), boundaries)")]},
        "must_lose": _tests(PIECE),
    },
    "piecewise_int_values_stay_int": {
        "breaks": "values may be ints, the result is float64",
        "edit": {"piecewise_constant": [("np.asarray(values, dtype=np.float64)[index]", "np.asarray(values)[index]")]},
        "must_lose": _tests(PIECE, ["hidden"]),
    },
    "piecewise_list": {
        "breaks": "returns a NumPy float64 array shaped like step",
        "edit": {"piecewise_constant": [("return np.asarray(values, dtype=np.float64)[index]",
                                         "return [float(values[i]) for i in np.ravel(index)]")]},
        "must_lose": _tests(PIECE),
    },
    "piecewise_full_of_last_value": {
        "breaks": "values may mix ints and floats (e.g. [0.1, 0.01, 0]); the result is float64",
        "replace": {"piecewise_constant": '''def piecewise_constant(step, boundaries, values):
    step = np.asarray(step)
    rates = np.full(step.shape, values[-1])  # an int last value makes an int array
    for boundary, value in reversed(list(zip(boundaries, values))):
        rates[step <= boundary] = value
    return rates.astype(np.float64)
'''},
        "must_lose": _tests(PIECE, ["hidden"]),
    },
    "piecewise_full_of_first_value": {
        "breaks": "values may mix ints and floats (e.g. [1, 0.5, 0.1]); the result is float64",
        "replace": {"piecewise_constant": '''def piecewise_constant(step, boundaries, values):
    step = np.asarray(step)
    rates = np.full(step.shape, values[0])  # an int first value makes an int array
    for boundary, value in zip(boundaries, values[1:]):
        rates[step > boundary] = value
    return rates.astype(np.float64)
'''},
        "must_lose": _tests(PIECE, ["hidden"]),
    },
    # --- exercise 3: warmup_cosine ---
    "warmup_cosine_decay_counted_from_zero": {
        "breaks": "the cosine part starts at step W",
        "edit": {"warmup_cosine": [("np.clip(step - warmup_steps, 0, decay_steps)", "np.clip(step, 0, decay_steps)")]},
        "must_lose": _tests(WARM),
    },
    "warmup_cosine_floor_alpha": {
        "breaks": "ending at peak_lr * alpha",
        "edit": {"warmup_cosine": [("decayed = peak_lr * ((1.0 - alpha) * cosine + alpha)",
                                    "decayed = (peak_lr - alpha) * cosine + alpha")]},
        "must_lose": _tests(WARM),
    },
    "warmup_reaches_peak_early": {
        "breaks": "the warmup reaches peak_lr exactly at step W",
        "edit": {"warmup_cosine": [("(peak_lr - initial_lr) * step / max(warmup_steps, 1)",
                                    "(peak_lr - initial_lr) * (step + 1) / max(warmup_steps, 1)")]},
        "must_lose": _tests(WARM),
    },
    "warmup_ignores_initial_lr": {
        "breaks": "linear warmup from initial_lr",
        "edit": {"warmup_cosine": [("warm = initial_lr + (peak_lr - initial_lr) * step",
                                    "warm = peak_lr * step")]},
        "must_lose": _tests(WARM, ["hidden"]),
    },
    "warmup_divides_by_zero": {
        "breaks": "warmup_steps may be 0: no division by zero",
        "edit": {"warmup_cosine": [("step / max(warmup_steps, 1)", "step / warmup_steps")]},
        "must_lose": _tests(WARM, ["hidden"]),
    },
    # --- exercise 4: WarmupCosine ---
    "schedule_class_python_if": {
        "breaks": "__call__ works on a tensor step inside a compiled graph (keras.ops, no Python if)",
        "edit": {"WarmupCosine": [(
            "        step = ops.cast(step, \"float32\")\n"
            "        warmup = float(self.warmup_steps)\n"
            "        warm = self.initial_lr + (self.peak_lr - self.initial_lr) * step / max(warmup, 1.0)\n"
            "        progress = ops.clip(step - warmup, 0.0, float(self.decay_steps)) / float(self.decay_steps)\n"
            "        cosine = 0.5 * (1.0 + ops.cos(math.pi * progress))\n"
            "        decayed = self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)\n"
            "        return ops.where(step < warmup, warm, decayed)\n",
            "        step = float(step)\n"
            "        if step < self.warmup_steps:\n"
            "            return self.initial_lr + (self.peak_lr - self.initial_lr) * step / self.warmup_steps\n"
            "        progress = min(step - self.warmup_steps, self.decay_steps) / self.decay_steps\n"
            "        cosine = 0.5 * (1.0 + math.cos(math.pi * progress))\n"
            "        return self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)\n")]},
        "must_lose": _tests(CLASS),
    },
    "schedule_class_config_missing_alpha": {
        "breaks": "get_config returns every constructor argument",
        "edit": {"WarmupCosine": [('"initial_lr": self.initial_lr, "alpha": self.alpha, "name": self.name}',
                                   '"initial_lr": self.initial_lr, "name": self.name}')]},
        "must_lose": _tests(CLASS),
    },
    "schedule_class_ends_at_alpha": {
        "breaks": "cosine decay to peak_lr * alpha",
        "edit": {"WarmupCosine": [("decayed = self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)",
                                   "decayed = (self.peak_lr - self.alpha) * cosine + self.alpha")]},
        "must_lose": _tests(CLASS),
    },
    "schedule_class_config_numpy_ints": {
        "breaks": "get_config returns plain Python numbers",
        "edit": {"WarmupCosine": [('return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps,',
                                   'return {"peak_lr": self.peak_lr, "warmup_steps": np.int64(self.warmup_steps),')]},
        "must_lose": _tests(CLASS, ["visible"]),
    },
    "schedule_class_config_no_name": {
        "breaks": "get_config returns every constructor argument, name included",
        "edit": {"WarmupCosine": [('"initial_lr": self.initial_lr, "alpha": self.alpha, "name": self.name}',
                                   '"initial_lr": self.initial_lr, "alpha": self.alpha}')]},
        "must_lose": _tests(CLASS, ["hidden"]),
    },
    # --- exercise 5: make_schedules ---
    "decay_counted_in_epochs": {
        "breaks": "Keras schedules count optimizer steps: total = epochs * steps_per_epoch",
        "edit": {"make_schedules": [("total = epochs * steps_per_epoch", "total = epochs"),
                                    ("warmup = warmup_epochs * steps_per_epoch", "warmup = warmup_epochs")]},
        "must_lose": _tests(MAKE),
    },
    "cosine_decay_steps_include_warmup": {
        "breaks": "warmup_cosine reaches exactly 0 at step total",
        "edit": {"make_schedules": [("decay_steps=total - warmup, alpha=0.0,", "decay_steps=total, alpha=0.0,")]},
        "must_lose": _tests(MAKE),
    },
    "cosine_key_with_warmup": {
        "breaks": '"cosine" starts at peak_lr at step 0 (no warmup)',
        "edit": {"make_schedules": [('"cosine": schedules.CosineDecay(peak_lr, decay_steps=total, alpha=0.0),',
                                     '"cosine": schedules.CosineDecay(0.0, decay_steps=total - warmup, alpha=0.0,\n'
                                     '                                     warmup_target=peak_lr, warmup_steps=warmup),')]},
        "must_lose": _tests(MAKE),
    },
    "exponential_staircase": {
        "breaks": '"exponential" is smooth (no staircase)',
        "edit": {"make_schedules": [("decay_steps=total, decay_rate=0.01)", "decay_steps=total, decay_rate=0.01, staircase=True)")]},
        "must_lose": _tests(MAKE),
    },
    "constant_not_cast": {
        "breaks": 'the "constant" entry is a Python float even when peak_lr is an np.float32',
        "edit": {"make_schedules": [('"constant": float(peak_lr),', '"constant": peak_lr,')]},
        "must_lose": _tests(MAKE, ["hidden"]),
    },
    # --- exercise 6: suggest_lr ---
    "range_test_no_smoothing": {
        "breaks": "take the lowest SMOOTHED loss",
        "edit": {"suggest_lr": [("np.argmin(smoothed)", "np.argmin(losses[:end])")]},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_no_bias_correction": {
        "breaks": "a bias-corrected moving average",
        "edit": {"suggest_lr": [("smoothed.append(average / (1.0 - beta ** (i + 1)))", "smoothed.append(average)")]},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_ignores_divisor": {
        "breaks": "return the rate there divided by divisor",
        "edit": {"suggest_lr": [("return float(lrs[int(np.argmin(smoothed))] / divisor)",
                                 "return float(lrs[int(np.argmin(smoothed))])")]},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_nan_not_handled": {
        "breaks": "only the points before the first non-finite loss count",
        "edit": {"suggest_lr": [("end = int(bad[0]) if bad.size else len(losses)", "end = len(losses)")]},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_drops_nonfinite": {
        "breaks": "only the points BEFORE the first non-finite loss count (not every finite one)",
        "edit": {"suggest_lr": [
            ("    bad = np.flatnonzero(~np.isfinite(losses))\n    end = int(bad[0]) if bad.size else len(losses)\n",
             "    lrs, losses = lrs[np.isfinite(losses)], losses[np.isfinite(losses)]\n    end = len(losses)\n"),
        ]},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_fastai_stop": {
        "breaks": "every point before the first non-finite loss counts (no stop when a loss exceeds 4x the best)",
        "replace": {"suggest_lr": '''def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):
    losses = np.asarray(losses, dtype=np.float64)
    average, smoothed, best = 0.0, [], np.inf
    for i, loss in enumerate(losses):
        if not np.isfinite(loss) or (i > 0 and loss > 4 * best):  # fastai's stop rule
            break
        average = beta * average + (1.0 - beta) * loss
        smoothed.append(average / (1.0 - beta ** (i + 1)))
        best = min(best, smoothed[-1])
    return float(np.asarray(lrs)[int(np.argmin(smoothed))] / divisor)
'''},
        "must_lose": _tests(SUGGEST, ["hidden"]),
    },
    "range_test_fastai_smoothed_stop": {
        "breaks": "every point before the first non-finite loss counts (no stop when the smoothed loss exceeds 4x its best)",
        "edit": {"suggest_lr": [("        smoothed.append(average / (1.0 - beta ** (i + 1)))\n",
                                 "        smoothed.append(average / (1.0 - beta ** (i + 1)))\n"
                                 "        if smoothed[-1] > 4 * min(smoothed):  # fastai's stop_div\n"
                                 "            smoothed.pop()\n"
                                 "            break\n")]},
        "must_lose": _tests(SUGGEST, ["hidden"]),
    },
    "range_test_correction_off_by_one_guarded": {
        "breaks": "s_i = a_i / (1 - beta**(i + 1))",
        "edit": {"suggest_lr": [("smoothed.append(average / (1.0 - beta ** (i + 1)))",
                                 "smoothed.append(average / (1.0 - beta ** max(i, 1)))")]},
        "must_lose": _tests(SUGGEST, ["hidden"]),
    },
    "range_test_correction_off_by_one_silenced": {
        "breaks": "s_i = a_i / (1 - beta**(i + 1)): at i = 0 the correction is 1 - beta",
        "replace": {"suggest_lr": '''def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):
    losses = np.asarray(losses, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(losses))
    losses = losses[: bad[0] if bad.size else len(losses)]
    average, ema = 0.0, np.empty(len(losses))
    for i, loss in enumerate(losses):
        average = beta * average + (1.0 - beta) * loss
        ema[i] = average
    with np.errstate(divide="ignore", invalid="ignore"):
        smoothed = ema / (1.0 - beta ** np.arange(len(losses)))  # 1 - beta**i: inf at step 0
    smoothed[~np.isfinite(smoothed)] = np.inf
    return float(np.asarray(lrs)[int(np.argmin(smoothed))] / divisor)
'''},
        "must_lose": _tests(SUGGEST),
    },
    "range_test_only_nan_diverges": {
        "breaks": "a loss that is not finite (NaN, inf or -inf) ends the curve",
        "edit": {"suggest_lr": [("bad = np.flatnonzero(~np.isfinite(losses))", "bad = np.flatnonzero(np.isnan(losses))")]},
        "must_lose": _tests(SUGGEST, ["hidden"]),
    },
    # --- exercise 7: one_cycle ---
    "one_cycle_beta1_in_phase": {
        "breaks": "beta1 goes from beta1_max down to beta1_min while the rate rises (the other way)",
        "edit": {"one_cycle": [("anneal(beta1_max, beta1_min, up_fraction), anneal(beta1_min, beta1_max, down_fraction)",
                                "anneal(beta1_min, beta1_max, up_fraction), anneal(beta1_max, beta1_min, down_fraction)")]},
        "must_lose": _tests(CYCLE),
    },
    "one_cycle_peak_one_step_late": {
        "breaks": "U = pct_start * T - 1",
        "edit": {"one_cycle": [("up = pct_start * total_steps - 1.0", "up = pct_start * total_steps")]},
        "must_lose": _tests(CYCLE),
    },
    "one_cycle_end_from_peak": {
        "breaks": "eta_end = eta_start / final_div_factor",
        "edit": {"one_cycle": [("end = start / final_div_factor", "end = peak_lr / final_div_factor")]},
        "must_lose": _tests(CYCLE),
    },
    "one_cycle_linear_ramps": {
        "breaks": "cosine anneals: anneal(a, b, p) = b + (a - b)(1 + cos(pi p)) / 2",
        "edit": {"one_cycle": [("return b + (a - b) * 0.5 * (1.0 + np.cos(np.pi * fraction))",
                                "return a + (b - a) * fraction")]},
        "must_lose": _tests(CYCLE),
    },
    "one_cycle_not_held": {
        "breaks": "steps after T - 1 keep the final values (p = min(1, ...))",
        "edit": {"one_cycle": [("down_fraction = np.clip((step - up) / (total_steps - 1.0 - up), 0.0, 1.0)",
                                "down_fraction = (step - up) / (total_steps - 1.0 - up)")]},
        "must_lose": _tests(CYCLE),
    },
    # --- exercise 8: CycleBeta1 ---
    "beta1_assigned_as_float": {
        "breaks": "a float assigned to optimizer.beta_1 never reaches the compiled step: use a keras.Variable",
        "replace": {"CycleBeta1": '''class CycleBeta1(keras.callbacks.Callback):
    """Before optimizer step t, set Adam's beta_1 to values[min(t, len(values) - 1)]."""

    def __init__(self, values):
        super().__init__()
        self.values = np.asarray(values, dtype=np.float64)

    def on_train_begin(self, logs=None):
        if self.model.steps_per_execution != 1:
            raise ValueError("steps_per_execution must be 1")

    def on_train_batch_begin(self, batch, logs=None):
        step = int(self.model.optimizer.iterations.numpy())
        self.model.optimizer.beta_1 = float(self.values[min(step, len(self.values) - 1)])
'''},
        "must_lose": _tests(BETA),
    },
    "beta1_indexed_by_batch": {
        "breaks": "t is optimizer.iterations, which keeps counting across epochs",
        "edit": {"CycleBeta1": [("step = int(self.model.optimizer.iterations.numpy())", "step = batch")]},
        "must_lose": _tests(BETA),
    },
    "beta1_no_retrace": {
        "breaks": "rebuild the compiled step with make_train_function(force=True): the model may have been trained",
        "edit": {"CycleBeta1": [("            self.model.make_train_function(force=True)  # the old step has the float traced in\n", "")]},
        "must_lose": _tests(BETA, ["hidden"]),
    },
    "beta1_no_steps_per_execution_check": {
        "breaks": "raise a ValueError if steps_per_execution is not 1",
        "edit": {"CycleBeta1": [("        if self.model.steps_per_execution != 1:\n"
                                 "            raise ValueError(\"CycleBeta1 sets beta_1 before every step: compile with steps_per_execution=1\")\n", "")]},
        "must_lose": _tests(BETA, ["hidden"]),
    },
    "beta1_value_of_next_step": {
        "breaks": "before the step whose counter is t, set values[t]",
        "edit": {"CycleBeta1": [("step = int(self.model.optimizer.iterations.numpy())",
                                 "step = int(self.model.optimizer.iterations.numpy()) + 1")]},
        "must_lose": _tests(BETA),
    },
    "beta1_short_table_not_held": {
        "breaks": "values[-1] once t >= len(values)",
        "edit": {"CycleBeta1": [("float(self.values[min(step, len(self.values) - 1)])", "float(self.values[step])")]},
        "must_lose": _tests(BETA, ["hidden"]),
    },
    "beta1_steps_per_execution_checked_late": {
        "breaks": "on_train_begin raises the ValueError when steps_per_execution is not 1",
        "edit": {"CycleBeta1": [
            ("        if self.model.steps_per_execution != 1:\n"
             "            raise ValueError(\"CycleBeta1 sets beta_1 before every step: compile with steps_per_execution=1\")\n", ""),
            ("        step = int(self.model.optimizer.iterations.numpy())\n",
             "        if self.model.steps_per_execution != 1:\n"
             "            raise ValueError(\"CycleBeta1 needs steps_per_execution=1\")\n"
             "        step = int(self.model.optimizer.iterations.numpy())\n")]},
        "must_lose": _tests(BETA, ["hidden"]),
    },
    # --- exercise 9: adamw_step ---
    "adamw_as_l2_in_gradient": {
        "breaks": "decoupled weight decay: w - learning_rate * weight_decay * w, not through the gradient",
        "edit": {"adamw_step": [("    w = w - learning_rate * weight_decay * w\n", "    g = g + weight_decay * w\n")]},
        "must_lose": _tests(ADAMW),
    },
    "adamw_decay_not_scaled_by_lr": {
        "breaks": "the decay is learning_rate * weight_decay * w",
        "edit": {"adamw_step": [("w = w - learning_rate * weight_decay * w", "w = w - weight_decay * w")]},
        "must_lose": _tests(ADAMW),
    },
    "adamw_epsilon_on_v_hat": {
        "breaks": "epsilon is added to sqrt(v), not to the bias-corrected sqrt(v_hat)",
        "edit": {"adamw_step": [(
            "    alpha = learning_rate * math.sqrt(1.0 - beta_2 ** (t + 1)) / (1.0 - beta_1 ** (t + 1))\n"
            "    w = w - alpha * m / (np.sqrt(v) + epsilon)\n",
            "    m_hat = m / (1.0 - beta_1 ** (t + 1))\n"
            "    v_hat = v / (1.0 - beta_2 ** (t + 1))\n"
            "    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)\n")]},
        "must_lose": _tests(ADAMW, ["hidden"]),
    },
    "adamw_bias_correction_t": {
        "breaks": "t is the step count BEFORE this step: bias corrections use t + 1",
        "edit": {"adamw_step": [("math.sqrt(1.0 - beta_2 ** (t + 1)) / (1.0 - beta_1 ** (t + 1))",
                                 "math.sqrt(1.0 - beta_2 ** max(t, 1)) / (1.0 - beta_1 ** max(t, 1))")]},
        "must_lose": _tests(ADAMW),
    },
    "adamw_decay_after_step": {
        "breaks": "decay first (w - lr * wd * w uses the weights before the Adam step)",
        "edit": {"adamw_step": [("    w = w - learning_rate * weight_decay * w\n", ""),
                                ("    w = w - alpha * m / (np.sqrt(v) + epsilon)\n",
                                 "    w = w - alpha * m / (np.sqrt(v) + epsilon)\n    w = w - learning_rate * weight_decay * w\n")]},
        "must_lose": _tests(ADAMW, ["hidden"]),
    },
    "adamw_updates_inputs_in_place": {
        "breaks": "do not change the arrays you are given",
        "edit": {"adamw_step": [("    w = w - learning_rate * weight_decay * w\n", "    w -= learning_rate * weight_decay * w\n"),
                                ("    w = w - alpha * m / (np.sqrt(v) + epsilon)\n", "    w -= alpha * m / (np.sqrt(v) + epsilon)\n")]},
        "must_lose": _tests(ADAMW),
    },
    "adamw_keeps_input_dtype": {
        "breaks": "returns three float64 arrays whatever the float type of the inputs",
        "edit": {"adamw_step": [("    w = np.asarray(w, dtype=np.float64)\n    g = np.asarray(g, dtype=np.float64)\n", ""),
                                ("beta_1 * np.asarray(m, dtype=np.float64)", "beta_1 * m"),
                                ("beta_2 * np.asarray(v, dtype=np.float64)", "beta_2 * v")]},
        "must_lose": _tests(ADAMW, ["hidden"]),
    },
}

RIGHT_ANSWERS = {
    "exponential_via_keras": {
        "why": "wraps keras.optimizers.schedules.ExponentialDecay and casts its float32 values to float64",
        "replace": {"exponential_decay": '''def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    schedule = keras.optimizers.schedules.ExponentialDecay(float(initial_lr), decay_steps, float(decay_rate),
                                                           staircase=staircase)
    return np.asarray(schedule(keras.ops.convert_to_tensor(np.asarray(step), dtype="float32")), dtype=np.float64)
'''},
    },
    "piecewise_with_where": {
        "why": "a loop of np.where over the boundaries instead of np.searchsorted",
        "replace": {"piecewise_constant": '''def piecewise_constant(step, boundaries, values):
    step = np.asarray(step)
    rates = np.full(step.shape, float(values[-1]), dtype=np.float64)
    for boundary, value in reversed(list(zip(boundaries, values))):
        rates = np.where(step <= boundary, float(value), rates)
    return rates
'''},
    },
    "warmup_cosine_via_keras": {
        "why": "evaluates keras.optimizers.schedules.CosineDecay itself (float32 values, returned as float64)",
        "replace": {"warmup_cosine": '''def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):
    schedule = keras.optimizers.schedules.CosineDecay(float(initial_lr), decay_steps, alpha=alpha,
                                                      warmup_target=float(peak_lr), warmup_steps=warmup_steps)
    step = np.asarray(step)
    return schedule_values(schedule, step.ravel()).reshape(step.shape)
'''},
    },
    "piecewise_via_keras": {
        "why": "keras PiecewiseConstantDecay on the values cast to float (float32 results, returned as float64)",
        "replace": {"piecewise_constant": '''def piecewise_constant(step, boundaries, values):
    schedule = keras.optimizers.schedules.PiecewiseConstantDecay(list(boundaries), [float(v) for v in values])
    rates = schedule(ops.convert_to_tensor(np.asarray(step, dtype=np.int64)))
    return np.asarray(ops.convert_to_numpy(rates), dtype=np.float64).reshape(np.shape(step))
'''},
    },
    "warmup_cosine_keras_per_step": {
        "why": "calls keras CosineDecay eagerly once per step in a Python loop (slow, but inside the time limit)",
        "replace": {"warmup_cosine": '''def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):
    schedule = keras.optimizers.schedules.CosineDecay(float(initial_lr), decay_steps, alpha=float(alpha),
                                                      warmup_target=float(peak_lr), warmup_steps=warmup_steps)
    step = np.asarray(step)
    values = [float(ops.convert_to_numpy(schedule(int(k)))) for k in step.ravel()]
    return np.asarray(values, dtype=np.float64).reshape(step.shape)
'''},
    },
    "warmup_cosine_silences_its_division": {
        "why": "divides by warmup_steps = 0 in the branch np.where discards, under its own np.errstate(ignore): "
               "right values, and no floating-point error escapes, which is all the statement asks",
        "edit": {"warmup_cosine": [("    warm = initial_lr + (peak_lr - initial_lr) * step / max(warmup_steps, 1)\n",
                                    "    with np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n"
                                    "        warm = initial_lr + (peak_lr - initial_lr) * step / warmup_steps\n")]},
    },
    "schedule_class_delegates_to_keras": {
        "why": "__call__ delegates to keras CosineDecay built from the stored arguments",
        "edit": {"WarmupCosine": [(
            "        step = ops.cast(step, \"float32\")\n"
            "        warmup = float(self.warmup_steps)\n"
            "        warm = self.initial_lr + (self.peak_lr - self.initial_lr) * step / max(warmup, 1.0)\n"
            "        progress = ops.clip(step - warmup, 0.0, float(self.decay_steps)) / float(self.decay_steps)\n"
            "        cosine = 0.5 * (1.0 + ops.cos(math.pi * progress))\n"
            "        decayed = self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)\n"
            "        return ops.where(step < warmup, warm, decayed)\n",
            "        cosine = keras.optimizers.schedules.CosineDecay(\n"
            "            self.initial_lr, self.decay_steps, alpha=self.alpha, warmup_target=self.peak_lr,\n"
            "            warmup_steps=self.warmup_steps)\n"
            "        return cosine(step)\n")]},
    },
    "make_schedules_other_spellings": {
        "why": "integer boundaries with //, and the exponential written as 0.1 per half budget",
        "edit": {"make_schedules": [("[int(0.5 * total), int(0.75 * total)]", "[total // 2, 3 * total // 4]"),
                                    ("decay_steps=total, decay_rate=0.01)", "decay_steps=total / 2, decay_rate=0.1)")]},
    },
    "suggest_lr_with_lfilter": {
        "why": "the moving average as an IIR filter (scipy.signal.lfilter), bias-corrected afterwards",
        "replace": {"suggest_lr": '''def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):
    from scipy.signal import lfilter
    losses = np.asarray(losses, dtype=np.float64)
    finite = np.isfinite(losses)
    end = len(losses) if finite.all() else int(np.argmin(finite))
    average = lfilter([1.0 - beta], [1.0, -beta], losses[:end])
    smoothed = average / (1.0 - beta ** np.arange(1, end + 1))
    return float(np.asarray(lrs, dtype=np.float64)[np.argmin(smoothed)] / divisor)
'''},
    },
    "one_cycle_python_loop": {
        "why": "a Python loop with math.cos over the steps, reshaped at the end",
        "replace": {"one_cycle": '''def one_cycle(step, peak_lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4,
              beta1_max=0.95, beta1_min=0.85):
    steps = np.asarray(step)
    up = pct_start * total_steps - 1
    low = peak_lr / div_factor
    lowest = low / final_div_factor
    rates, betas = [], []
    for s in steps.ravel().tolist():
        if s <= up:
            share = 0.5 * (1 + math.cos(math.pi * s / up))  # 1 at the start, 0 at the peak
            rates.append(peak_lr + (low - peak_lr) * share)
            betas.append(beta1_min + (beta1_max - beta1_min) * share)
        else:
            p = min(1.0, (s - up) / (total_steps - 1 - up))
            share = 0.5 * (1 + math.cos(math.pi * p))  # 1 at the peak, 0 at the end
            rates.append(lowest + (peak_lr - lowest) * share)
            betas.append(beta1_max + (beta1_min - beta1_max) * share)
    return (np.array(rates, dtype=np.float64).reshape(steps.shape),
            np.array(betas, dtype=np.float64).reshape(steps.shape))
'''},
    },
    "beta1_always_fresh_variable": {
        "why": "always installs a new variable and rebuilds the step; reads the counter with keras.ops",
        "replace": {"CycleBeta1": '''class CycleBeta1(keras.callbacks.Callback):
    """Before optimizer step t, set Adam's beta_1 to values[min(t, len(values) - 1)]."""

    def __init__(self, values):
        super().__init__()
        self.values = np.asarray(values, dtype=np.float64)

    def on_train_begin(self, logs=None):
        if self.model.steps_per_execution > 1:
            raise ValueError("one step per execution, please")
        self.beta = keras.Variable(self.values[0], dtype="float32", trainable=False)
        self.model.optimizer.beta_1 = self.beta
        self.model.make_train_function(force=True)

    def on_train_batch_begin(self, batch, logs=None):
        t = int(keras.ops.convert_to_numpy(self.model.optimizer.iterations))
        self.beta.assign(self.values[min(t, self.values.size - 1)])
'''},
    },
    "adamw_bias_corrected_form": {
        "why": "the Adam-paper form m_hat / (sqrt(v_hat) + epsilon / sqrt(1 - beta_2**(t+1))), algebraically Keras's",
        "replace": {"adamw_step": '''def adamw_step(w, g, m, v, t, learning_rate, weight_decay, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    w = np.array(w, dtype=np.float64)  # a copy: updated in place below
    g = np.asarray(g, dtype=np.float64)
    m = beta_1 * np.asarray(m, dtype=np.float64) + (1 - beta_1) * g
    v = beta_2 * np.asarray(v, dtype=np.float64) + (1 - beta_2) * np.square(g)
    c1, c2 = 1 - beta_1 ** (t + 1), 1 - beta_2 ** (t + 1)
    update = learning_rate * (m / c1) / (np.sqrt(v / c2) + epsilon / np.sqrt(c2))
    w *= 1 - learning_rate * weight_decay
    w -= update
    return w, m, v
'''},
    },
}
