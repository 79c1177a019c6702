"""Plausible wrong answers to the 05_pruning exercises; each must lose the listed tests."""

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
            stack.append(type(layer).from_config(layer.get_config()))
            continue
        kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
        if layer is not dense[-1]:
            n_keep = max(1, round(keep_fraction * layer.units))
            strength = np.linalg.norm(kernel, axis=0)
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

WRONG_ANSWERS = {
    # --- magnitude_mask -------------------------------------------------------------------------
    "mask_keeps_smallest": {
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    order = np.argsort(np.abs(w), axis=None)[::-1]  # largest first: prunes the big weights\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_visible", "test_magnitude_mask_hidden"],
    },
    "mask_sorts_signed_values": {
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    order = np.argsort(w, axis=None)  # forgot the absolute value\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_visible", "test_magnitude_mask_hidden"],
    },
    "sparsity_off_by_one_floor": {
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(sparsity * w.size)  # floor, not round: one weight short at 0.37 of 91\n"
            "    order = np.argsort(np.abs(w), axis=None)\n"
            "    keep = np.ones(w.size, dtype=bool)\n"
            "    keep[order[:n_prune]] = False\n"
            "    return keep.reshape(w.shape)\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    "sparsity_off_by_one_threshold_ties": {
        "replace": {"magnitude_mask": _MASK_HEAD + (
            "    n_prune = int(round(sparsity * w.size))\n"
            "    if n_prune == 0:\n"
            "        return np.ones(w.shape, dtype=bool)\n"
            "    threshold = np.sort(np.abs(w), axis=None)[n_prune - 1]\n"
            "    return np.abs(w) > threshold  # also prunes every weight tied with the threshold\n")},
        "must_lose": ["test_magnitude_mask_hidden"],
    },
    # --- polynomial_sparsity --------------------------------------------------------------------
    "schedule_wrong_power": {
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** 2)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    "schedule_ignores_power_argument": {
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** 3)\n")},
        "must_lose": ["test_polynomial_sparsity_hidden"],
    },
    "schedule_power_on_progress": {
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = min(1.0, max(0.0, (step - begin_step) / (end_step - begin_step)))\n"
            "    return float(initial_sparsity + (final_sparsity - initial_sparsity) * p ** power)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    "schedule_not_clipped": {
        "replace": {"polynomial_sparsity": (
            "def polynomial_sparsity(step, initial_sparsity, final_sparsity, begin_step, end_step, power=3):\n"
            "    p = (step - begin_step) / (end_step - begin_step)\n"
            "    return float(final_sparsity + (initial_sparsity - final_sparsity) * (1 - p) ** power)\n")},
        "must_lose": ["test_polynomial_sparsity_visible", "test_polynomial_sparsity_hidden"],
    },
    # --- model_masks ----------------------------------------------------------------------------
    "global_scope_done_per_layer": {
        "replace": {"model_masks": (
            "def model_masks(kernels, sparsity, scope='layer'):\n"
            "    if scope not in ('layer', 'global'):\n"
            "        raise ValueError(scope)\n"
            "    return [magnitude_mask(np.asarray(k), sparsity) for k in kernels]\n")},
        "must_lose": ["test_model_masks_visible", "test_model_masks_hidden"],
    },
    # --- KeepMasked -----------------------------------------------------------------------------
    "mask_not_reapplied_during_fine_tuning": {
        "replace": {"KeepMasked": _KEEP_MASKED_HEAD + (
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()  # applied once: the optimiser revives the pruned weights\n")},
        "must_lose": ["test_KeepMasked_visible", "test_KeepMasked_hidden"],
    },
    "mask_reapplied_only_per_epoch": {
        "replace": {"KeepMasked": _KEEP_MASKED_HEAD + (
            "    def on_train_begin(self, logs=None):\n"
            "        self.apply_masks()\n"
            "\n"
            "    def on_epoch_end(self, epoch, logs=None):\n"
            "        self.apply_masks()  # zero at the end of each epoch, but not between batches\n")},
        "must_lose": ["test_KeepMasked_visible", "test_KeepMasked_hidden"],
    },
    # --- prune_dense_units ----------------------------------------------------------------------
    "structured_keeps_weakest_units": {
        "replace": {"prune_dense_units": _PRUNE_UNITS.replace(
            "SELECT", "np.sort(np.argsort(strength)[:n_keep])")},
        "must_lose": ["test_prune_dense_units_visible", "test_prune_dense_units_hidden"],
    },
    "structured_units_reordered": {
        "replace": {"prune_dense_units": _PRUNE_UNITS.replace(
            "SELECT", "np.argsort(strength)[::-1][:n_keep]  # strongest first: order lost")},
        "must_lose": ["test_prune_dense_units_visible", "test_prune_dense_units_hidden"],
    },
}
