"""Plausible wrong answers to the 05_pruning exercises; each must lose the listed tests.

RIGHT_ANSWERS are correct answers written differently; they must keep full marks.
"""

_MASK_HEAD = "def magnitude_mask(weights, sparsity):\n    w = np.asarray(weights)\n"

_KEEP_MASKED_HEAD = (
    "class KeepMasked(keras.callbacks.Callback):\n"
    "    def __init__(self, masks):\n"
    "        super().__init__()\n"
    "        self.masks = {name: np.asarray(mask, dtype=bool) for name, mask in masks.items()}\n"
    "\n"
    "    def apply_masks(self):\n"
    "        for name, mask in self.masks.items():\n"
    "            kernel = self.model.get_layer(name).kernel\n"
    "            kernel.assign(kernel.numpy() * mask)\n"
    "\n")

_PRUNE_UNITS = '''def prune_dense_units(model, keep_fraction):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    stack, weights = [keras.Input(model.input_shape[1:])], []
    kept_rows = None
    for layer in model.layers:
        if not isinstance(layer, keras.layers.Dense):
            OTHER
            continue
        kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
        if layer is not dense[-1]:
            n_keep = COUNT
            strength = NORM
            kept = SELECT
            kernel, bias = kernel[:, kept], bias[kept]
        else:
            kept = None
        if kept_rows is not None:
            kernel = kernel[kept_rows]
        new = keras.layers.Dense(kernel.shape[1], activation=layer.activation, name=layer.name)
        stack.append(new)
        weights.append((new, [kernel, bias]))
        kept_rows = kept
    pruned = keras.Sequential(stack)
    for layer, values in weights:
        layer.set_weights(values)
    return pruned
'''


def _units(other="stack.append(type(layer).from_config(layer.get_config()))",
           count="max(1, round(keep_fraction * layer.units))", norm="np.linalg.norm(kernel, axis=0)",
           select="np.sort(np.argsort(strength)[-n_keep:])"):
    return (_PRUNE_UNITS.replace("OTHER", other).replace("COUNT", count).replace("NORM", norm)
            .replace("SELECT", select))


_REACHED = ("def reached_sparsity(final_sparsity, begin_step, end_step, frequency, initial_sparsity=0.0, power=3):\n"
            "    BODY\n")

_ALLOCATE = '''def allocate_sparsity(curves, sizes, sparsities, target):
    curves = np.asarray(curves, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    levels = np.asarray(sparsities, dtype=float)
    CHECK
    level = [0] * len(sizes)
    chosen = np.zeros(len(sizes))
    missing = target * sizes.sum()
    while missing > 1e-9 * sizes.sum():
        best, best_cost = None, np.inf
        for l in range(len(sizes)):
            i = level[l]
            if i + 1 < len(levels):
                cost = COST
                if cost COMPARE best_cost:
                    best, best_cost = l, cost
        i = level[best]
        step = sizes[best] * (levels[i + 1] - levels[i])
        if PARTIAL:
            chosen[best] += missing / sizes[best]
            break
        level[best] = i + 1
        chosen[best] = levels[i + 1]
        missing -= step
    return chosen
'''


def _allocate(check="if not 0.0 <= target <= levels[-1]:\n        raise ValueError(target)",
              cost="(curves[l, i] - curves[l, i + 1]) / (sizes[l] * (levels[i + 1] - levels[i]))",
              compare="<", partial="step >= missing"):
    return (_ALLOCATE.replace("CHECK", check).replace("COST", cost).replace("COMPARE", compare)
            .replace("PARTIAL", partial))


_SCAN = '''def sensitivity_scan(model, layer_names, sparsities, split):
    curves = np.zeros((len(layer_names), len(sparsities)))
    for i, name in enumerate(layer_names):
        kernel = model.get_layer(name).kernel
        original = kernel.numpy()
        for j, sparsity in enumerate(sparsities):
            PRUNE
            logits = np.asarray(model(X, training=False))
            curves[i, j] = np.mean(np.argmax(logits, axis=-1) == Y)
        RESTORE
    return curves
'''


def _scan(prune="kernel.assign(original * magnitude_mask(original, sparsity))", x="split.x_val",
          y="split.y_val", restore="kernel.assign(original)"):
    return (_SCAN.replace("PRUNE", prune).replace("RESTORE", restore).replace("X", x, 1)
            .replace("== Y", f"== {y}"))


_NM = '''def nm_mask(weights, n=2, m=4):
    w = np.asarray(weights)
    inputs, outputs = w.shape
    CHECK
    groups = GROUPS
    order = np.argsort(groups, axis=1)
    keep = np.zeros(groups.shape, dtype=bool)
    np.put_along_axis(keep, order[:, SLICE, :], True, axis=1)
    return UNGROUP
'''


def _nm(check="if inputs % m:\n        raise ValueError(inputs)",
        groups="np.abs(w).reshape(inputs // m, m, outputs)", slice_="m - n:",
        ungroup="keep.reshape(inputs, outputs)"):
    return (_NM.replace("CHECK", check).replace("GROUPS", groups).replace("SLICE", slice_)
            .replace("UNGROUP", ungroup))


WRONG_ANSWERS = {
    # --- magnitude_mask -------------------------------------------------------------------------
    "mask_keeps_smallest": {
        "breaks": "the pruned entries are the ones of smallest magnitude",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    order = np.argsort(np.abs(w), axis=None)[::-1]  # largest first: prunes the big weights\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_visible", "test_magnitude_mask_hidden"],
    },
    "mask_sorts_signed_values": {
        "breaks": "smallest MAGNITUDE |w|",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    order = np.argsort(w, axis=None)  # forgot the absolute value\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_visible", "test_magnitude_mask_hidden"],
    },
    "sparsity_off_by_one_floor": {
        "breaks": "exactly round(sparsity * weights.size) entries are False",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(sparsity * w.size)  # floor, not round: one weight short at 0.37 of 91\n"
            "    order = np.argsort(np.abs(w), axis=None)\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    "sparsity_rounds_half_up": {
        "breaks": "with Python's round (0.25 of 10 weights prunes 2)",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(sparsity * w.size + 0.5)  # school rounding: 2.5 -> 3\n"
            "    order = np.argsort(np.abs(w), axis=None)\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    "sparsity_off_by_one_threshold_ties": {
        "breaks": "when several weights tie at the threshold, still prune exactly that many",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    if n_prune == 0:\n"
            "        return np.ones(w.shape, dtype=bool)\n"
            "    threshold = np.sort(np.abs(w), axis=None)[n_prune - 1]\n"
            "    return np.abs(w) > threshold  # also prunes every weight tied with the threshold\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    "mask_modifies_float64_input": {
        "breaks": "do not modify weights, whatever its dtype (np.asarray does not copy a float64 array)",
        "replace": {"magnitude_mask": (
            "def magnitude_mask(weights, sparsity):\n"
            "    w = np.asarray(weights, dtype=np.float64)  # no copy when weights is already float64\n"
            "    np.abs(w, out=w)                           # 'in place' to save memory: changes the caller's array\n"
            "    k = int(round(sparsity * w.size))\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[np.argsort(w, axis=None, kind='stable')[:k]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    "mask_ranks_float16_magnitudes": {
        "breaks": "rank the magnitudes exactly as given (no rounding to a lower precision)",
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    order = np.argsort(np.abs(w).astype(np.float16), axis=None, kind='stable')  # 'saves memory'\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    # --- polynomial_sparsity --------------------------------------------------------------------
    "schedule_wrong_power": {
        "breaks": "s = s_f + (s_i - s_f) (1 - p)^power",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** 2)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    "schedule_ignores_power_argument": {
        "breaks": "the power argument is the exponent",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** 3)\n")},
        "must_lose": ["test_polynomial_sparsity_hidden"],
    },
    "schedule_power_on_progress": {
        "breaks": "s = s_f + (s_i - s_f) (1 - p)^power",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(initial_sparsity + (final_sparsity - initial_sparsity) * p ** power)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    "schedule_not_clipped": {
        "breaks": "the clip holds the sparsity at s_i before begin_step and at s_f after end_step",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = (step - begin_step) / (end_step - begin_step)\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** power)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    "schedule_integer_power": {
        "breaks": "power is any positive number, not necessarily an integer",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** int(power))\n")},
        "must_lose": ["test_polynomial_sparsity_hidden"],
    },
    # --- reached_sparsity -----------------------------------------------------------------------
    "reached_ignores_frequency": {
        "breaks": "the sparsity of the last update, not the final sparsity",
        "replace": {"reached_sparsity": _REACHED.replace("BODY", "return float(final_sparsity)")},
        "must_lose": ["test_reached_sparsity_visible", "test_reached_sparsity_hidden"],
    },
    "reached_counts_from_step_zero": {
        "breaks": "t - begin_step is a multiple of frequency (counted from begin_step)",
        "replace": {"reached_sparsity": _REACHED.replace("BODY", (
            "last = (end_step // frequency) * frequency  # multiples of frequency, not begin + k * frequency\n"
            "    return polynomial_sparsity(last, initial_sparsity, final_sparsity, begin_step, end_step, power)"))},
        "must_lose": ["test_reached_sparsity_hidden"],
    },
    "reached_excludes_end_step": {
        "breaks": "begin_step <= t <= end_step (end_step itself can be an update)",
        "replace": {"reached_sparsity": _REACHED.replace("BODY", (
            "last = max(t for t in range(begin_step, end_step) if (t - begin_step) % frequency == 0)\n"
            "    return polynomial_sparsity(last, initial_sparsity, final_sparsity, begin_step, end_step, power)"))},
        "must_lose": ["test_reached_sparsity_visible", "test_reached_sparsity_hidden"],
    },
    "reached_drops_initial_and_power": {
        "breaks": "the schedule with these initial_sparsity and power",
        "replace": {"reached_sparsity": _REACHED.replace("BODY", (
            "last = begin_step + frequency * ((end_step - begin_step) // frequency)\n"
            "    return polynomial_sparsity(last, 0.0, final_sparsity, begin_step, end_step)"))},
        "must_lose": ["test_reached_sparsity_hidden"],
    },
    # --- model_masks ----------------------------------------------------------------------------
    "global_scope_done_per_layer": {
        "breaks": "scope='global': one threshold for all kernels together",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    if scope not in ('layer', 'global'):\n"
            "        raise ValueError(scope)\n"
            "    return [magnitude_mask(np.asarray(k), sparsity) for k in kernels]\n")},
        "must_lose": ["test_model_masks_visible", "test_model_masks_hidden"],
    },
    "global_quantile_threshold": {
        "breaks": "exactly round(sparsity * total number of weights) are pruned",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    kernels = [np.asarray(k) for k in kernels]\n"
            "    if scope == 'layer':\n"
            "        return [magnitude_mask(k, sparsity) for k in kernels]\n"
            "    if scope == 'global':\n"
            "        t = np.quantile(np.concatenate([np.abs(k).ravel() for k in kernels]), sparsity)\n"
            "        return [np.abs(k) > t for k in kernels]  # a quantile, not an exact count\n"
            "    raise ValueError(scope)\n")},
        "must_lose": ["test_model_masks_hidden"],
    },
    "unknown_scope_silently_layerwise": {
        "breaks": "any other scope raises ValueError",
        "edit": {"model_masks": [(
            "    raise ValueError(f\"scope must be 'layer' or 'global', got {scope!r}\")",
            "    return [magnitude_mask(k, sparsity) for k in kernels]")]},
        "must_lose": ["test_model_masks_hidden"],
    },
    "global_returns_one_flat_mask": {
        "breaks": "return a list of boolean masks of the same shapes",
        "edit": {"model_masks": [(
            "        return [part.reshape(k.shape) for part, k in zip(np.split(keep, ends), kernels)]",
            "        return keep")]},
        "must_lose": ["test_model_masks_visible", "test_model_masks_hidden"],
    },
    "global_sum_of_layer_counts": {
        "breaks": "exactly round(sparsity * total number of weights) are pruned, not the sum of the per-layer counts",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    kernels = [np.asarray(k) for k in kernels]\n"
            "    if scope == 'layer':\n"
            "        return [magnitude_mask(k, sparsity) for k in kernels]\n"
            "    if scope != 'global':\n"
            "        raise ValueError(scope)\n"
            "    n_prune = sum(round(sparsity * k.size) for k in kernels)  # per-layer counts added up\n"
            "    flat = np.concatenate([np.abs(k).ravel() for k in kernels])\n"
            "    keep = np.ones(flat.size, dtype=bool)\n"
            "    keep[np.argsort(flat, kind='stable')[:n_prune]] = False\n"
            "    ends = np.cumsum([k.size for k in kernels])[:-1]\n"
            "    return [part.reshape(k.shape) for part, k in zip(np.split(keep, ends), kernels)]\n")},
        "must_lose": ["test_model_masks_hidden"],
    },
    "global_threshold_prunes_ties": {
        "breaks": "weights tied at the threshold: still prune exactly round(sparsity * total)",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    kernels = [np.asarray(k) for k in kernels]\n"
            "    if scope == 'layer':\n"
            "        return [magnitude_mask(k, sparsity) for k in kernels]\n"
            "    if scope != 'global':\n"
            "        raise ValueError(scope)\n"
            "    flat = np.sort(np.concatenate([np.abs(k).ravel() for k in kernels]))\n"
            "    n_prune = round(sparsity * flat.size)\n"
            "    if n_prune == 0:\n"
            "        return [np.ones(k.shape, dtype=bool) for k in kernels]\n"
            "    return [np.abs(k) > flat[n_prune - 1] for k in kernels]  # every weight tied with t is pruned\n")},
        "must_lose": ["test_model_masks_hidden"],
    },
    "global_scope_case_insensitive": {
        "breaks": "the names are case-sensitive ('Global' raises ValueError)",
        "edit": {"model_masks": [(
            "    kernels = [np.asarray(k) for k in kernels]\n",
            "    kernels = [np.asarray(k) for k in kernels]\n    scope = str(scope).lower()  # accepts 'Global'\n")]},
        "must_lose": ["test_model_masks_hidden"],
    },
    "global_float16_ranking": {
        "breaks": "every kept weight in any layer has |w| at least as large as every pruned weight",
        "edit": {"model_masks": [(
            "np.concatenate([k.ravel() for k in kernels])",
            "np.concatenate([k.ravel() for k in kernels]).astype(np.float16)")]},
        "must_lose": ["test_model_masks_hidden"],
    },
    # --- KeepMasked -----------------------------------------------------------------------------
    "mask_not_reapplied_during_fine_tuning": {
        "breaks": "on_train_batch_end applies them again after every optimiser step",
        "replace": {"KeepMasked": _KEEP_MASKED_HEAD + (
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()  # applied once: the optimiser revives the pruned weights\n")},
        "must_lose": ["test_KeepMasked_visible", "test_KeepMasked_hidden"],
    },
    "mask_reapplied_only_per_epoch": {
        "breaks": "after every optimiser step",
        "replace": {"KeepMasked": _KEEP_MASKED_HEAD + (
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_epoch_end(self, epoch, logs=None):\n"
            "        self.apply_masks()  # zero at the end of each epoch, but not between batches\n")},
        "must_lose": ["test_KeepMasked_visible", "test_KeepMasked_hidden"],
    },
    "on_train_begin_does_nothing": {
        "breaks": "on_train_begin applies the masks, so the first batch trains the pruned network",
        "replace": {"KeepMasked": _KEEP_MASKED_HEAD + (
            "    def on_train_begin(self, logs=None):\n"
            "        pass  # the first batch end will prune\n"
            "\n"
            "    def on_train_batch_end(self, batch, logs=None):\n"
            "        self.apply_masks()\n")},
        "must_lose": ["test_KeepMasked_visible", "test_KeepMasked_hidden"],
    },
    "layers_collected_in_on_train_begin": {
        "breaks": "apply_masks works as soon as set_model has been called, also outside fit",
        "replace": {"KeepMasked": (
            "class KeepMasked(keras.callbacks.Callback):\n"
            "    def __init__(self, masks):\n"
            "        super().__init__()\n"
            "        self.masks = {name: np.asarray(mask, dtype=bool) for name, mask in masks.items()}\n"
            "\n"
            "    def apply_masks(self):\n"
            "        for name, mask in self.masks.items():\n"
            "            kernel = self.layers[name].kernel  # self.layers exists only after on_train_begin\n"
            "            kernel.assign(kernel.numpy() * mask)\n"
            "\n"
            "    def on_train_begin(self, logs=None):\n"
            "        self.layers = {layer.name: layer for layer in self.model.layers}\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_train_batch_end(self, batch, logs=None):\n"
            "        self.apply_masks()\n")},
        "must_lose": ["test_KeepMasked_hidden"],
    },
    "masks_cached_in_init": {
        "breaks": "read self.masks on every call (GradualPruning replaces it)",
        "replace": {"KeepMasked": (
            "class KeepMasked(keras.callbacks.Callback):\n"
            "    def __init__(self, masks):\n"
            "        super().__init__()\n"
            "        self.masks = {name: np.asarray(mask, dtype=bool) for name, mask in masks.items()}\n"
            "        self._factors = {name: mask.astype(np.float32) for name, mask in self.masks.items()}\n"
            "\n"
            "    def apply_masks(self):\n"
            "        for name, factor in self._factors.items():  # the masks as they were in __init__\n"
            "            kernel = self.model.get_layer(name).kernel\n"
            "            kernel.assign(kernel.numpy() * factor)\n"
            "\n"
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_train_batch_end(self, batch, logs=None):\n"
            "        self.apply_masks()\n")},
        "must_lose": ["test_KeepMasked_hidden"],
    },
    "keep_masked_dense_only": {
        "breaks": "the masked layers can be of any kind that has a kernel (Dense, Conv2D, ...)",
        "replace": {"KeepMasked": (
            "class KeepMasked(keras.callbacks.Callback):\n"
            "    def __init__(self, masks):\n"
            "        super().__init__()\n"
            "        self.masks = dict(masks)\n"
            "\n"
            "    def apply_masks(self):\n"
            "        for layer in self.model.layers:\n"
            "            if isinstance(layer, keras.layers.Dense) and layer.name in self.masks:  # Dense only\n"
            "                layer.kernel.assign(layer.kernel.numpy() * self.masks[layer.name])\n"
            "\n"
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_train_batch_end(self, batch, logs=None):\n"
            "        self.apply_masks()\n")},
        "must_lose": ["test_KeepMasked_hidden"],
    },
    "mask_applied_to_bias_too": {
        "breaks": "biases are not touched",
        "edit": {"KeepMasked": [(
            "            kernel.assign(kernel.numpy() * mask)  # zero the pruned entries, keep the rest",
            "            kernel.assign(kernel.numpy() * mask)\n"
            "            bias = self.model.get_layer(name).bias  # units with a fully pruned column lose their bias\n"
            "            bias.assign(bias.numpy() * mask.any(axis=0))")]},
        "must_lose": ["test_KeepMasked_hidden"],
    },
    # --- sensitivity_scan -----------------------------------------------------------------------
    "scan_on_test_set": {
        "breaks": "measure the accuracy on the validation images",
        "replace": {"sensitivity_scan": _scan(x="split.x_test", y="split.y_test")},
        "must_lose": ["test_sensitivity_scan_visible", "test_sensitivity_scan_hidden"],
    },
    "scan_on_training_set": {
        "breaks": "measure the accuracy on the validation images",
        "replace": {"sensitivity_scan": _scan(x="split.x_train", y="split.y_train")},
        "must_lose": ["test_sensitivity_scan_visible", "test_sensitivity_scan_hidden"],
    },
    "scan_never_restores": {
        "breaks": "prune that layer alone, every other layer as trained; leave the model as you found it",
        "replace": {"sensitivity_scan": _scan(restore="pass  # the next layer is scanned on top of this one")},
        "must_lose": ["test_sensitivity_scan_visible", "test_sensitivity_scan_hidden"],
    },
    "scan_prunes_cumulatively_within_a_layer": {
        "breaks": "the sparsities need not be sorted (each one starts from the trained kernel)",
        "replace": {"sensitivity_scan": _scan(
            prune="kernel.assign(kernel.numpy() * magnitude_mask(kernel.numpy(), sparsity))")},
        "must_lose": ["test_sensitivity_scan_hidden"],
    },
    "scan_returns_nested_list": {
        "breaks": "return a NumPy float array, not a list",
        "edit": {"sensitivity_scan": [("    return curves", "    return curves.tolist()  # a list of lists")]},
        "must_lose": ["test_sensitivity_scan_hidden"],
    },
    "scan_transposed": {
        "breaks": "shape (len(layer_names), len(sparsities))",
        "edit": {"sensitivity_scan": [("    return curves", "    return curves.T")]},
        "must_lose": ["test_sensitivity_scan_visible", "test_sensitivity_scan_hidden"],
    },
    # --- allocate_sparsity ----------------------------------------------------------------------
    "allocate_cost_not_per_weight": {
        "breaks": "the cost is the accuracy lost per weight pruned",
        "replace": {"allocate_sparsity": _allocate(cost="curves[l, i] - curves[l, i + 1]")},
        "must_lose": ["test_allocate_sparsity_visible", "test_allocate_sparsity_hidden"],
    },
    "allocate_overshoots_target": {
        "breaks": "raise that layer only as far as makes the overall sparsity exactly target",
        "replace": {"allocate_sparsity": _allocate(partial="False")},
        "must_lose": ["test_allocate_sparsity_visible", "test_allocate_sparsity_hidden"],
    },
    "allocate_ties_to_last_layer": {
        "breaks": "ties: the lowest layer index",
        "replace": {"allocate_sparsity": _allocate(compare="<=")},
        "must_lose": ["test_allocate_sparsity_hidden"],
    },
    "allocate_no_value_error": {
        "breaks": "a target outside [0, sparsities[-1]] raises ValueError",
        "replace": {"allocate_sparsity": _allocate(
            check="target = min(max(target, 0.0), levels[-1])  # clamp instead of raising")},
        "must_lose": ["test_allocate_sparsity_hidden"],
    },
    "allocate_last_level_excluded": {
        "breaks": "target = sparsities[-1] is valid (the interval [0, sparsities[-1]] is closed)",
        "replace": {"allocate_sparsity": _allocate(
            check="if not 0.0 <= target < levels[-1]:\n        raise ValueError(target)")},
        "must_lose": ["test_allocate_sparsity_hidden"],
    },
    "allocate_returns_list": {
        "breaks": "return a NumPy float array of shape (L,)",
        "edit": {"allocate_sparsity": [("    return chosen", "    return chosen.tolist()")]},
        "must_lose": ["test_allocate_sparsity_hidden"],
    },
    "allocate_picks_accuracy_not_cost": {
        "breaks": "move the layer with the smallest cost (accuracy lost), not the highest accuracy",
        "replace": {"allocate_sparsity": _allocate(cost="-curves[l, i + 1]")},
        "must_lose": ["test_allocate_sparsity_visible", "test_allocate_sparsity_hidden"],
    },
    # --- nm_mask --------------------------------------------------------------------------------
    "nm_along_outputs": {
        "breaks": "groups of m consecutive INPUTS (rows) in every column",
        "replace": {"nm_mask": _nm(check="if outputs % m:\n        raise ValueError(outputs)",
                                   groups="np.abs(w).T.reshape(outputs // m, m, inputs)",
                                   ungroup="keep.reshape(outputs, inputs).T")},
        "must_lose": ["test_nm_mask_visible", "test_nm_mask_hidden"],
    },
    "nm_strided_groups": {
        "breaks": "consecutive groups: rows 0..m-1, m..2m-1, ...",
        "replace": {"nm_mask": _nm(groups="np.abs(w).reshape(m, inputs // m, outputs).transpose(1, 0, 2)",
                                   ungroup="keep.transpose(1, 0, 2).reshape(inputs, outputs)")},
        "must_lose": ["test_nm_mask_visible", "test_nm_mask_hidden"],
    },
    "nm_keeps_smallest": {
        "breaks": "keep the n weights of largest magnitude",
        "replace": {"nm_mask": _nm(slice_=":n")},
        "must_lose": ["test_nm_mask_visible", "test_nm_mask_hidden"],
    },
    "nm_n_counts_zeros": {
        "breaks": "n is the number kept (tfmot's m_by_n counts zeros instead)",
        "replace": {"nm_mask": _nm(slice_="n:")},
        "must_lose": ["test_nm_mask_hidden"],
    },
    "nm_threshold_keeps_ties": {
        "breaks": "ties: keep any of them, but still exactly n of every m",
        "replace": {"nm_mask": (
            "def nm_mask(weights, n=2, m=4):\n"
            "    w = np.asarray(weights)\n"
            "    inputs, outputs = w.shape\n"
            "    if inputs % m:\n"
            "        raise ValueError(inputs)\n"
            "    groups = np.abs(w).reshape(inputs // m, m, outputs)\n"
            "    nth = np.sort(groups, axis=1)[:, m - n:m - n + 1, :]   # the n-th largest of each group\n"
            "    return (groups >= nth).reshape(inputs, outputs)        # keeps every weight tied with it\n")},
        "must_lose": ["test_nm_mask_hidden"],
    },
    "nm_pads_instead_of_error": {
        "breaks": "if inputs is not a multiple of m, raise ValueError",
        "replace": {"nm_mask": (
            "def nm_mask(weights, n=2, m=4):\n"
            "    w = np.asarray(weights)\n"
            "    inputs, outputs = w.shape\n"
            "    padded = -(-inputs // m) * m\n"
            "    a = np.zeros((padded, outputs)); a[:inputs] = np.abs(w)\n"
            "    groups = a.reshape(padded // m, m, outputs)\n"
            "    order = np.argsort(groups, axis=1)\n"
            "    keep = np.zeros(groups.shape, dtype=bool)\n"
            "    np.put_along_axis(keep, order[:, m - n:, :], True, axis=1)\n"
            "    return keep.reshape(padded, outputs)[:inputs]\n")},
        "must_lose": ["test_nm_mask_visible", "test_nm_mask_hidden"],
    },
    # --- prune_dense_units ----------------------------------------------------------------------
    "structured_keeps_weakest_units": {
        "breaks": "keeps the units with the largest L2 norm",
        "replace": {"prune_dense_units": _units(select="np.sort(np.argsort(strength)[:n_keep])")},
        "must_lose": ["test_prune_dense_units_visible", "test_prune_dense_units_hidden"],
    },
    "structured_units_reordered": {
        "breaks": "in their original order",
        "replace": {"prune_dense_units": _units(
            select="np.argsort(strength)[::-1][:n_keep]  # strongest first: order lost")},
        "must_lose": ["test_prune_dense_units_visible", "test_prune_dense_units_hidden"],
    },
    "structured_l1_norm": {
        "breaks": "the L2 norm of their incoming weights",
        "replace": {"prune_dense_units": _units(norm="np.abs(kernel).sum(axis=0)  # L1")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_floor_count": {
        "breaks": "max(1, round(keep_fraction * units)) with Python's round",
        "replace": {"prune_dense_units": _units(count="max(1, int(keep_fraction * layer.units))")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_norm_includes_bias": {
        "breaks": "the score is the L2 norm of the kernel column; the bias is not part of it",
        "replace": {"prune_dense_units": _units(
            norm="np.sqrt(np.sum(kernel ** 2, axis=0) + bias ** 2)  # bias counted as one more weight")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_ceil_count": {
        "breaks": "max(1, round(keep_fraction * units)) with Python's round (0.2 of 6 keeps 1)",
        "replace": {"prune_dense_units": _units(count="max(1, int(np.ceil(keep_fraction * layer.units)))")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_round_half_up": {
        "breaks": "Python's round (0.25 of 10 keeps 2, not 3)",
        "replace": {"prune_dense_units": _units(count="max(1, int(keep_fraction * layer.units + 0.5))")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_only_layers_with_activation": {
        "breaks": "every hidden Dense layer, with or without an activation",
        "edit": {"prune_dense_units": [(
            "        if layer is not dense[-1]:",
            "        if layer is not dense[-1] and layer.get_config()['activation'] != 'linear':")]},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
    "structured_mutates_original_bias": {
        "breaks": "leave model unchanged (none of its kernels or biases)",
        "edit": {"prune_dense_units": [(
            "            kernel, bias = kernel[:, kept], bias[kept]",
            "            dropped = np.setdiff1d(np.arange(layer.units), kept)\n"
            "            silenced = bias.copy(); silenced[dropped] = 0.0\n"
            "            layer.bias.assign(silenced)  # silence the dropped units in the original model\n"
            "            kernel, bias = kernel[:, kept], bias[kept]")]},
        "must_lose": ["test_prune_dense_units_visible"],
    },
    "structured_drops_weightless_layers": {
        "breaks": "the other layers, in the same order, are as in model",
        "replace": {"prune_dense_units": _units(
            other="if isinstance(layer, keras.layers.Flatten):\n"
                  "                stack.append(keras.layers.Flatten())  # Dropout left out: not needed at inference")},
        "must_lose": ["test_prune_dense_units_hidden"],
    },
}

RIGHT_ANSWERS = {
    "magnitude_mask_argpartition": {
        "why": "np.argpartition and a flat boolean view instead of a full stable sort",
        "replace": {"magnitude_mask": (
            "def magnitude_mask(weights, sparsity):\n"
            "    w = np.asarray(weights)\n"
            "    k = int(round(sparsity * w.size))\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    if k > 0:\n"
            "        keep[np.argpartition(np.abs(w).ravel(), k - 1)[:k]] = False\n"
            "    return keep.reshape(w.shape)\n")},
    },
    "polynomial_sparsity_numpy_clip": {
        "why": "np.clip for the progress, converted to float at the end",
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = float(np.clip((int(step) - begin_step) / (end_step - begin_step), 0.0, 1.0))\n"
            "    return float(final_sparsity - (final_sparsity - initial_sparsity) * (1.0 - p) ** power)\n")},
    },
    "reached_sparsity_loop": {
        "why": "walks the steps and keeps the last update, instead of integer division",
        "replace": {"reached_sparsity": (
            "def reached_sparsity(final_sparsity, begin_step, end_step, frequency, initial_sparsity=0.0, power=3):\n"
            "    last = begin_step\n"
            "    for t in range(begin_step, end_step + 1):\n"
            "        if (t - begin_step) % frequency == 0:\n"
            "            last = t\n"
            "    return polynomial_sparsity(last, initial_sparsity, final_sparsity, begin_step, end_step, power=power)\n")},
    },
    "model_masks_offsets": {
        "why": "global masks cut out of the flat mask with a running offset instead of np.split",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    if scope not in ('layer', 'global'):\n"
            "        raise ValueError(f'unknown scope {scope!r}')\n"
            "    arrays = [np.asarray(k) for k in kernels]\n"
            "    if scope == 'layer':\n"
            "        return [magnitude_mask(a, sparsity) for a in arrays]\n"
            "    flat = magnitude_mask(np.concatenate([a.reshape(-1) for a in arrays]), sparsity)\n"
            "    out, start = [], 0\n"
            "    for a in arrays:\n"
            "        out.append(flat[start:start + a.size].reshape(a.shape))\n"
            "        start += a.size\n"
            "    return out\n")},
    },
    "model_masks_global_argpartition": {
        "why": "global ranking with np.argpartition (breaks ties differently from a stable sort)",
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    arrays = [np.asarray(k, dtype=np.float64) for k in kernels]\n"
            "    if scope == 'layer':\n"
            "        return [magnitude_mask(a, sparsity) for a in arrays]\n"
            "    if scope != 'global':\n"
            "        raise ValueError(scope)\n"
            "    flat = np.abs(np.concatenate([a.ravel() for a in arrays]))\n"
            "    k = int(round(sparsity * flat.size))\n"
            "    keep = np.ones(flat.size, dtype=bool)\n"
            "    if k:\n"
            "        keep[np.argpartition(-flat, flat.size - k)[flat.size - k:]] = False\n"
            "    pieces, start = [], 0\n"
            "    for a in arrays:\n"
            "        pieces.append(keep[start:start + a.size].reshape(a.shape))\n"
            "        start += a.size\n"
            "    return pieces\n")},
    },
    "keep_masked_where": {
        "why": "keras.ops.where on the kernel variable and a layer lookup through model.layers",
        "replace": {"KeepMasked": (
            "class KeepMasked(keras.callbacks.Callback):\n"
            "    def __init__(self, masks):\n"
            "        super().__init__()\n"
            "        self.masks = dict(masks)\n"
            "\n"
            "    def apply_masks(self):\n"
            "        by_name = {layer.name: layer for layer in self.model.layers}\n"
            "        for name, mask in self.masks.items():\n"
            "            kernel = by_name[name].kernel\n"
            "            kernel.assign(keras.ops.where(np.asarray(mask, bool), kernel, 0.0))\n"
            "\n"
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_train_batch_end(self, batch, logs=None):\n"
            "        self.apply_masks()\n")},
    },
    "sensitivity_scan_predict_and_set_weights": {
        "why": "model.predict and whole-model get_weights/set_weights to restore",
        "replace": {"sensitivity_scan": (
            "def sensitivity_scan(model, layer_names, sparsities, split):\n"
            "    saved = model.get_weights()\n"
            "    rows = []\n"
            "    for name in layer_names:\n"
            "        layer = model.get_layer(name)\n"
            "        row = []\n"
            "        for s in sparsities:\n"
            "            model.set_weights(saved)\n"
            "            k = layer.kernel.numpy()\n"
            "            layer.kernel.assign(np.where(magnitude_mask(k, s), k, 0.0))\n"
            "            pred = model.predict(split.x_val, batch_size=512, verbose=0).argmax(axis=1)\n"
            "            row.append(float((pred == split.y_val).mean()))\n"
            "        rows.append(row)\n"
            "    model.set_weights(saved)\n"
            "    return np.array(rows)\n")},
    },
    "allocate_sparsity_argmin": {
        "why": "vectorised costs with np.inf for finished layers and np.argmin (first of equal minima)",
        "replace": {"allocate_sparsity": (
            "def allocate_sparsity(curves, sizes, sparsities, target):\n"
            "    acc, n, s = np.asarray(curves, float), np.asarray(sizes, float), np.asarray(sparsities, float)\n"
            "    if target < 0 or target > s[-1]:\n"
            "        raise ValueError('target out of range')\n"
            "    idx = np.zeros(len(n), int)\n"
            "    goal, done = target * n.sum(), 0.0\n"
            "    result = np.full(len(n), s[0])\n"
            "    while done < goal * (1 - 1e-12):\n"
            "        nxt = np.minimum(idx + 1, len(s) - 1)\n"
            "        gain = n * (s[nxt] - s[idx])\n"
            "        with np.errstate(divide='ignore', invalid='ignore'):\n"
            "            cost = np.where(idx + 1 < len(s), (acc[np.arange(len(n)), idx] - acc[np.arange(len(n)), nxt]) / gain, np.inf)\n"
            "        l = int(np.argmin(cost))\n"
            "        if done + gain[l] >= goal:\n"
            "            result[l] = s[idx[l]] + (goal - done) / n[l]\n"
            "            break\n"
            "        idx[l] += 1\n"
            "        result[l] = s[idx[l]]\n"
            "        done += gain[l]\n"
            "    return result\n")},
    },
    "nm_mask_loops": {
        "why": "loops over groups with np.argpartition instead of a reshaped argsort",
        "replace": {"nm_mask": (
            "def nm_mask(weights, n=2, m=4):\n"
            "    w = np.abs(np.asarray(weights, dtype=float))\n"
            "    if w.shape[0] % m != 0:\n"
            "        raise ValueError('inputs must be a multiple of m')\n"
            "    keep = np.zeros(w.shape, dtype=bool)\n"
            "    for start in range(0, w.shape[0], m):\n"
            "        for col in range(w.shape[1]):\n"
            "            block = w[start:start + m, col]\n"
            "            top = np.argpartition(-block, n - 1)[:n]\n"
            "            keep[start + top, col] = True\n"
            "    return keep\n")},
    },
    "nm_mask_ties_to_first": {
        "why": "descending stable sort per group: among tied weights the first ones are kept",
        "replace": {"nm_mask": (
            "def nm_mask(weights, n=2, m=4):\n"
            "    w = np.asarray(weights)\n"
            "    if w.shape[0] % m:\n"
            "        raise ValueError('inputs not a multiple of m')\n"
            "    cols = np.abs(w).T.reshape(w.shape[1], -1, m)             # (outputs, groups, m)\n"
            "    top = np.argsort(-cols, axis=-1, kind='stable')[..., :n]\n"
            "    keep = np.zeros(cols.shape, dtype=bool)\n"
            "    np.put_along_axis(keep, top, True, axis=-1)\n"
            "    return keep.reshape(w.shape[1], w.shape[0]).T\n")},
    },
    "prune_dense_units_argpartition": {
        "why": "np.argpartition for the strongest units and the weights set through the new model",
        "replace": {"prune_dense_units": (
            "def prune_dense_units(model, keep_fraction):\n"
            "    denses = [l for l in model.layers if isinstance(l, keras.layers.Dense)]\n"
            "    keep_idx = {}\n"
            "    for layer in denses[:-1]:\n"
            "        n_keep = max(1, round(keep_fraction * layer.units))\n"
            "        norms = np.sqrt((layer.kernel.numpy() ** 2).sum(axis=0))\n"
            "        keep_idx[layer.name] = np.sort(np.argpartition(-norms, n_keep - 1)[:n_keep])\n"
            "    new_layers, prev = [], None\n"
            "    values = []\n"
            "    for layer in model.layers:\n"
            "        if isinstance(layer, keras.layers.Dense):\n"
            "            k, b = layer.kernel.numpy(), layer.bias.numpy()\n"
            "            if prev is not None:\n"
            "                k = k[prev, :]\n"
            "            cols = keep_idx.get(layer.name)\n"
            "            if cols is not None:\n"
            "                k, b = k[:, cols], b[cols]\n"
            "            new_layers.append(keras.layers.Dense(k.shape[1], activation=layer.activation))\n"
            "            values += [k, b]\n"
            "            prev = cols\n"
            "        else:\n"
            "            new_layers.append(layer.__class__.from_config(layer.get_config()))\n"
            "    new = keras.Sequential([keras.Input(model.input_shape[1:])] + new_layers)\n"
            "    new.set_weights(values)\n"
            "    return new\n")},
    },
}
