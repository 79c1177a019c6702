"""Plausible wrong answers for 02_learning_rate_schedules: each must lose the listed test cells.

Generated from the solution cells with one small edit each; "why" says what the mistake is."""

WRONG_ANSWERS = {
    'staircase_off_by_one': {
        # staircase exponent floor((step + 1) / decay_steps): drops one step early
        "replace": {
            'exponential_decay': 'def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):\n    """Learning rate of keras.optimizers.schedules.ExponentialDecay at optimizer step(s) `step`.\n\n    initial_lr * decay_rate ** (step / decay_steps); with staircase=True the exponent is\n    floor(step / decay_steps), so the rate drops exactly at steps decay_steps, 2*decay_steps, ...\n    Returns a float64 NumPy array with the shape of `step`.\n    """\n    exponent = np.asarray(step, dtype=np.float64) / decay_steps\n    if staircase:\n        exponent = np.floor(exponent + 1.0 / decay_steps)\n    return initial_lr * np.power(decay_rate, exponent)',
        },
        "must_lose": ['test_exponential_decay_visible', 'test_exponential_decay_hidden'],
    },
    'staircase_ceil': {
        # staircase with ceil instead of floor
        "replace": {
            'exponential_decay': 'def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):\n    """Learning rate of keras.optimizers.schedules.ExponentialDecay at optimizer step(s) `step`.\n\n    initial_lr * decay_rate ** (step / decay_steps); with staircase=True the exponent is\n    floor(step / decay_steps), so the rate drops exactly at steps decay_steps, 2*decay_steps, ...\n    Returns a float64 NumPy array with the shape of `step`.\n    """\n    exponent = np.asarray(step, dtype=np.float64) / decay_steps\n    if staircase:\n        exponent = np.ceil(exponent)\n    return initial_lr * np.power(decay_rate, exponent)',
        },
        "must_lose": ['test_exponential_decay_visible', 'test_exponential_decay_hidden'],
    },
    'staircase_ignored': {
        # the staircase flag is ignored
        "replace": {
            'exponential_decay': 'def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):\n    """Learning rate of keras.optimizers.schedules.ExponentialDecay at optimizer step(s) `step`.\n\n    initial_lr * decay_rate ** (step / decay_steps); with staircase=True the exponent is\n    floor(step / decay_steps), so the rate drops exactly at steps decay_steps, 2*decay_steps, ...\n    Returns a float64 NumPy array with the shape of `step`.\n    """\n    exponent = np.asarray(step, dtype=np.float64) / decay_steps\n    return initial_lr * np.power(decay_rate, exponent)',
        },
        "must_lose": ['test_exponential_decay_visible', 'test_exponential_decay_hidden'],
    },
    'piecewise_switch_at_boundary': {
        # new value starts AT the boundary (step >= b) instead of after it
        "replace": {
            'piecewise_constant': 'def piecewise_constant(step, boundaries, values):\n    """Learning rate of keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, values).\n\n    `boundaries` is an increasing list of ints, `values` has one more entry than `boundaries`.\n    Returns a float64 NumPy array with the shape of `step`.\n    """\n    index = np.searchsorted(np.asarray(boundaries), np.asarray(step), side="right")\n    return np.asarray(values, dtype=np.float64)[index]',
        },
        "must_lose": ['test_piecewise_constant_visible', 'test_piecewise_constant_hidden'],
    },
    'warmup_cosine_decay_counted_from_zero': {
        # cosine phase uses step instead of step - warmup_steps: the warmup ends below the peak
        "replace": {
            'warmup_cosine': 'def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):\n    """Linear warmup from initial_lr to peak_lr over warmup_steps, then cosine decay over decay_steps\n    to peak_lr * alpha, held constant afterwards. Returns a float64 NumPy array shaped like `step`."""\n    step = np.asarray(step, dtype=np.float64)\n    warm = initial_lr + (peak_lr - initial_lr) * step / max(warmup_steps, 1)\n    progress = np.clip(step, 0, decay_steps) / decay_steps\n    cosine = 0.5 * (1.0 + np.cos(np.pi * progress))\n    decayed = peak_lr * ((1.0 - alpha) * cosine + alpha)\n    return np.where(step < warmup_steps, warm, decayed)',
        },
        "must_lose": ['test_warmup_cosine_visible', 'test_warmup_cosine_hidden'],
    },
    'warmup_cosine_floor_alpha': {
        # cosine ends at alpha instead of peak_lr * alpha
        "replace": {
            'warmup_cosine': 'def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):\n    """Linear warmup from initial_lr to peak_lr over warmup_steps, then cosine decay over decay_steps\n    to peak_lr * alpha, held constant afterwards. Returns a float64 NumPy array shaped like `step`."""\n    step = np.asarray(step, dtype=np.float64)\n    warm = initial_lr + (peak_lr - initial_lr) * step / max(warmup_steps, 1)\n    progress = np.clip(step - warmup_steps, 0, decay_steps) / decay_steps\n    cosine = 0.5 * (1.0 + np.cos(np.pi * progress))\n    decayed = (peak_lr - alpha) * cosine + alpha\n    return np.where(step < warmup_steps, warm, decayed)',
        },
        "must_lose": ['test_warmup_cosine_visible', 'test_warmup_cosine_hidden'],
    },
    'warmup_reaches_peak_early': {
        # warmup uses (step + 1) / warmup_steps: peak one step early
        "replace": {
            'warmup_cosine': 'def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):\n    """Linear warmup from initial_lr to peak_lr over warmup_steps, then cosine decay over decay_steps\n    to peak_lr * alpha, held constant afterwards. Returns a float64 NumPy array shaped like `step`."""\n    step = np.asarray(step, dtype=np.float64)\n    warm = initial_lr + (peak_lr - initial_lr) * (step + 1) / max(warmup_steps, 1)\n    progress = np.clip(step - warmup_steps, 0, decay_steps) / decay_steps\n    cosine = 0.5 * (1.0 + np.cos(np.pi * progress))\n    decayed = peak_lr * ((1.0 - alpha) * cosine + alpha)\n    return np.where(step < warmup_steps, warm, decayed)',
        },
        "must_lose": ['test_warmup_cosine_visible', 'test_warmup_cosine_hidden'],
    },
    'warmup_ignores_initial_lr': {
        # warmup always starts from 0, ignoring initial_lr
        "replace": {
            'warmup_cosine': 'def warmup_cosine(step, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0):\n    """Linear warmup from initial_lr to peak_lr over warmup_steps, then cosine decay over decay_steps\n    to peak_lr * alpha, held constant afterwards. Returns a float64 NumPy array shaped like `step`."""\n    step = np.asarray(step, dtype=np.float64)\n    warm = peak_lr * step / max(warmup_steps, 1)\n    progress = np.clip(step - warmup_steps, 0, decay_steps) / decay_steps\n    cosine = 0.5 * (1.0 + np.cos(np.pi * progress))\n    decayed = peak_lr * ((1.0 - alpha) * cosine + alpha)\n    return np.where(step < warmup_steps, warm, decayed)',
        },
        "must_lose": ['test_warmup_cosine_hidden'],
    },
    'schedule_class_python_if': {
        # __call__ uses a Python if and math.cos on the step tensor
        "replace": {
            'WarmupCosine': 'class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):\n    """Linear warmup to peak_lr over warmup_steps, then cosine decay over decay_steps to peak_lr * alpha.\n\n    Same values as keras.optimizers.schedules.CosineDecay(initial_lr, decay_steps, alpha=alpha,\n    warmup_target=peak_lr, warmup_steps=warmup_steps).\n    """\n\n    def __init__(self, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0, name="WarmupCosine"):\n        super().__init__()\n        self.peak_lr = float(peak_lr)\n        self.warmup_steps = int(warmup_steps)\n        self.decay_steps = int(decay_steps)\n        self.initial_lr = float(initial_lr)\n        self.alpha = float(alpha)\n        self.name = name\n\n    def __call__(self, step):\n        ops = keras.ops\n        step = float(step)\n        if step < self.warmup_steps:\n            return self.initial_lr + (self.peak_lr - self.initial_lr) * step / self.warmup_steps\n        progress = min(step - self.warmup_steps, self.decay_steps) / self.decay_steps\n        cosine = 0.5 * (1.0 + math.cos(math.pi * progress))\n        return self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)\n\n    def get_config(self):\n        return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps, "decay_steps": self.decay_steps,\n                "initial_lr": self.initial_lr, "alpha": self.alpha, "name": self.name}',
        },
        "must_lose": ['test_WarmupCosine_visible', 'test_WarmupCosine_hidden'],
    },
    'schedule_class_config_missing_alpha': {
        # get_config forgets alpha (from_config rebuilds alpha=0)
        "replace": {
            'WarmupCosine': 'class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):\n    """Linear warmup to peak_lr over warmup_steps, then cosine decay over decay_steps to peak_lr * alpha.\n\n    Same values as keras.optimizers.schedules.CosineDecay(initial_lr, decay_steps, alpha=alpha,\n    warmup_target=peak_lr, warmup_steps=warmup_steps).\n    """\n\n    def __init__(self, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0, name="WarmupCosine"):\n        super().__init__()\n        self.peak_lr = float(peak_lr)\n        self.warmup_steps = int(warmup_steps)\n        self.decay_steps = int(decay_steps)\n        self.initial_lr = float(initial_lr)\n        self.alpha = float(alpha)\n        self.name = name\n\n    def __call__(self, step):\n        ops = keras.ops\n        step = ops.cast(step, "float32")\n        warmup = float(self.warmup_steps)\n        warm = self.initial_lr + (self.peak_lr - self.initial_lr) * step / max(warmup, 1.0)\n        progress = ops.clip(step - warmup, 0.0, float(self.decay_steps)) / float(self.decay_steps)\n        cosine = 0.5 * (1.0 + ops.cos(math.pi * progress))\n        decayed = self.peak_lr * ((1.0 - self.alpha) * cosine + self.alpha)\n        return ops.where(step < warmup, warm, decayed)\n\n    def get_config(self):\n        return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps, "decay_steps": self.decay_steps,\n                "initial_lr": self.initial_lr, "name": self.name}',
        },
        "must_lose": ['test_WarmupCosine_visible', 'test_WarmupCosine_hidden'],
    },
    'schedule_class_ends_at_alpha': {
        # the class's cosine ends at alpha instead of peak_lr * alpha
        "replace": {
            'WarmupCosine': 'class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):\n    """Linear warmup to peak_lr over warmup_steps, then cosine decay over decay_steps to peak_lr * alpha.\n\n    Same values as keras.optimizers.schedules.CosineDecay(initial_lr, decay_steps, alpha=alpha,\n    warmup_target=peak_lr, warmup_steps=warmup_steps).\n    """\n\n    def __init__(self, peak_lr, warmup_steps, decay_steps, initial_lr=0.0, alpha=0.0, name="WarmupCosine"):\n        super().__init__()\n        self.peak_lr = float(peak_lr)\n        self.warmup_steps = int(warmup_steps)\n        self.decay_steps = int(decay_steps)\n        self.initial_lr = float(initial_lr)\n        self.alpha = float(alpha)\n        self.name = name\n\n    def __call__(self, step):\n        ops = keras.ops\n        step = ops.cast(step, "float32")\n        warmup = float(self.warmup_steps)\n        warm = self.initial_lr + (self.peak_lr - self.initial_lr) * step / max(warmup, 1.0)\n        progress = ops.clip(step - warmup, 0.0, float(self.decay_steps)) / float(self.decay_steps)\n        cosine = 0.5 * (1.0 + ops.cos(math.pi * progress))\n        decayed = (self.peak_lr - self.alpha) * cosine + self.alpha\n        return ops.where(step < warmup, warm, decayed)\n\n    def get_config(self):\n        return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps, "decay_steps": self.decay_steps,\n                "initial_lr": self.initial_lr, "alpha": self.alpha, "name": self.name}',
        },
        "must_lose": ['test_WarmupCosine_visible', 'test_WarmupCosine_hidden'],
    },
    'decay_counted_in_epochs': {
        # schedules built in epochs although Keras calls them with optimizer steps
        "replace": {
            'make_schedules': 'def make_schedules(peak_lr, epochs, steps_per_epoch, warmup_epochs=1):\n    """Dict name -> learning rate (a float or a keras LearningRateSchedule), all with the same peak."""\n    total = epochs\n    warmup = warmup_epochs\n    return {\n        "constant": float(peak_lr),\n        "step": schedules.PiecewiseConstantDecay([int(0.5 * total), int(0.75 * total)],\n                                                 [peak_lr, peak_lr / 10, peak_lr / 100]),\n        "exponential": schedules.ExponentialDecay(peak_lr, decay_steps=total, decay_rate=0.01),\n        "warmup_cosine": schedules.CosineDecay(0.0, decay_steps=total - warmup, alpha=0.0,\n                                               warmup_target=peak_lr, warmup_steps=warmup),\n    }',
        },
        "must_lose": ['test_make_schedules_visible', 'test_make_schedules_hidden'],
    },
    'cosine_decay_steps_include_warmup': {
        # CosineDecay(decay_steps=total): the rate is not 0 at the end
        "replace": {
            'make_schedules': 'def make_schedules(peak_lr, epochs, steps_per_epoch, warmup_epochs=1):\n    """Dict name -> learning rate (a float or a keras LearningRateSchedule), all with the same peak."""\n    total = epochs * steps_per_epoch\n    warmup = warmup_epochs * steps_per_epoch\n    return {\n        "constant": float(peak_lr),\n        "step": schedules.PiecewiseConstantDecay([int(0.5 * total), int(0.75 * total)],\n                                                 [peak_lr, peak_lr / 10, peak_lr / 100]),\n        "exponential": schedules.ExponentialDecay(peak_lr, decay_steps=total, decay_rate=0.01),\n        "warmup_cosine": schedules.CosineDecay(0.0, decay_steps=total, alpha=0.0,\n                                               warmup_target=peak_lr, warmup_steps=warmup),\n    }',
        },
        "must_lose": ['test_make_schedules_visible', 'test_make_schedules_hidden'],
    },
    'range_test_no_smoothing': {
        # argmin of the raw losses (a one-batch fluke wins)
        "replace": {
            'suggest_lr': 'def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):\n    """Peak learning rate suggested by a range test: lrs[argmin of smoothed loss] / divisor."""\n    lrs = np.asarray(lrs, dtype=np.float64)\n    losses = np.asarray(losses, dtype=np.float64)\n    bad = np.flatnonzero(~np.isfinite(losses))\n    end = int(bad[0]) if bad.size else len(losses)\n    average, smoothed = 0.0, []\n    for i, loss in enumerate(losses[:end]):\n        average = beta * average + (1.0 - beta) * loss\n        smoothed.append(average / (1.0 - beta ** (i + 1)))\n    return float(lrs[int(np.argmin(losses[:end]))] / divisor)',
        },
        "must_lose": ['test_suggest_lr_visible', 'test_suggest_lr_hidden'],
    },
    'range_test_no_bias_correction': {
        # EMA without the 1 - beta**(i+1) correction: the first step wins
        "replace": {
            'suggest_lr': 'def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):\n    """Peak learning rate suggested by a range test: lrs[argmin of smoothed loss] / divisor."""\n    lrs = np.asarray(lrs, dtype=np.float64)\n    losses = np.asarray(losses, dtype=np.float64)\n    bad = np.flatnonzero(~np.isfinite(losses))\n    end = int(bad[0]) if bad.size else len(losses)\n    average, smoothed = 0.0, []\n    for i, loss in enumerate(losses[:end]):\n        average = beta * average + (1.0 - beta) * loss\n        smoothed.append(average)\n    return float(lrs[int(np.argmin(smoothed))] / divisor)',
        },
        "must_lose": ['test_suggest_lr_visible', 'test_suggest_lr_hidden'],
    },
    'range_test_ignores_divisor': {
        # returns the rate at the minimum, not divided
        "replace": {
            'suggest_lr': 'def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):\n    """Peak learning rate suggested by a range test: lrs[argmin of smoothed loss] / divisor."""\n    lrs = np.asarray(lrs, dtype=np.float64)\n    losses = np.asarray(losses, dtype=np.float64)\n    bad = np.flatnonzero(~np.isfinite(losses))\n    end = int(bad[0]) if bad.size else len(losses)\n    average, smoothed = 0.0, []\n    for i, loss in enumerate(losses[:end]):\n        average = beta * average + (1.0 - beta) * loss\n        smoothed.append(average / (1.0 - beta ** (i + 1)))\n    return float(lrs[int(np.argmin(smoothed))])',
        },
        "must_lose": ['test_suggest_lr_visible', 'test_suggest_lr_hidden'],
    },
    'range_test_nan_not_handled': {
        # smooths through NaN/inf instead of stopping at the first one
        "replace": {
            'suggest_lr': 'def suggest_lr(lrs, losses, beta=0.9, divisor=10.0):\n    """Peak learning rate suggested by a range test: lrs[argmin of smoothed loss] / divisor."""\n    lrs = np.asarray(lrs, dtype=np.float64)\n    losses = np.asarray(losses, dtype=np.float64)\n    bad = np.flatnonzero(~np.isfinite(losses))\n    end = len(losses)\n    average, smoothed = 0.0, []\n    for i, loss in enumerate(losses[:end]):\n        average = beta * average + (1.0 - beta) * loss\n        smoothed.append(average / (1.0 - beta ** (i + 1)))\n    return float(lrs[int(np.argmin(smoothed))] / divisor)',
        },
        "must_lose": ['test_suggest_lr_visible', 'test_suggest_lr_hidden'],
    },
    'range_test_drops_nonfinite': {
        # skips each non-finite loss but keeps the finite losses after it (the run had diverged there)
        "edit": {'suggest_lr': [
            ("    bad = np.flatnonzero(~np.isfinite(losses))\n    end = int(bad[0]) if bad.size else len(losses)\n",
             "    lrs, losses = lrs[np.isfinite(losses)], losses[np.isfinite(losses)]\n    end = len(losses)\n"),
        ]},
        "must_lose": ['test_suggest_lr_visible', 'test_suggest_lr_hidden'],
    },
}
