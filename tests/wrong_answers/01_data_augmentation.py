"""Plausible wrong answers for 01_data_augmentation, and correct answers written differently.

Each wrong answer breaks one promise of its exercise's statement ("breaks") and must lose points in
the tests named in "must_lose". Each right answer is correct but written differently from the
solution ("why") and must keep full marks. Entries replace the source of answer cells (by grade id)
in solutions/01_data_augmentation.ipynb ("replace"), or make small text edits in one ("edit").
"""

ROTATION_HEAD = (
    "def random_rotation(image, max_degrees, rng, border_mode=cv2.BORDER_REFLECT_101):\n"
    "    h, w = image.shape[:2]\n"
)


def rotation(angle, centre="((w - 1) / 2, (h - 1) / 2)", tail=None):
    """A random_rotation whose angle and centre are the given expressions."""
    body = (f"    angle = {angle}\n"
            f"    matrix = cv2.getRotationMatrix2D({centre}, angle, 1.0)\n")
    body += tail or ("    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
                     "    return out.reshape(image.shape)\n")
    return ROTATION_HEAD + body


IPS_HEAD = "def images_per_second(batches, warmup=1, clock=time.perf_counter):\n"

WRONG_ANSWERS = {
    # --- random_rotation -------------------------------------------------------------------------
    "rotation_radians_full_circle": {
        "breaks": "the angle is drawn from [-max_degrees, max_degrees] in degrees (the post's uniform(0, 2*pi))",
        "replace": {"random_rotation": rotation("rng.uniform(0, 2 * np.pi)")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_radians_symmetric": {
        "breaks": "the angle is in degrees (converted to radians, then handed to OpenCV)",
        "replace": {"random_rotation": rotation("rng.uniform(-np.deg2rad(max_degrees), np.deg2rad(max_degrees))")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_half_pixel_centre": {
        "breaks": "rotate about the exact centre ((w-1)/2, (h-1)/2): (w/2, h/2) is half a pixel off",
        "replace": {"random_rotation": rotation("rng.uniform(-max_degrees, max_degrees)", "(w / 2, h / 2)")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_integer_centre": {
        "breaks": "rotate about the exact centre: the post's (w // 2, h // 2) is off on even sizes",
        "replace": {"random_rotation": rotation("rng.uniform(-max_degrees, max_degrees)", "(w // 2, h // 2)")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_centre_swapped": {
        "breaks": "rotate about the exact centre: OpenCV takes it as (x, y), not (row, column)",
        "replace": {"random_rotation": rotation("rng.uniform(-max_degrees, max_degrees)",
                                                "((h - 1) / 2, (w - 1) / 2)")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_one_sided": {
        "breaks": "the angle is drawn from [-max_degrees, +max_degrees] (only counter-clockwise here)",
        "replace": {"random_rotation": rotation("rng.uniform(0, max_degrees)")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_not_uniform": {
        "breaks": "the angle is drawn uniformly (a clipped normal clusters near 0)",
        "replace": {"random_rotation": rotation(
            "float(np.clip(rng.normal(0.0, max_degrees / 3), -max_degrees, max_degrees))")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_about_origin": {
        "breaks": "rotate about the image centre (this turns about the top-left corner)",
        "replace": {"random_rotation": rotation("rng.uniform(-max_degrees, max_degrees)", "(0.0, 0.0)")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_drops_channel_axis": {
        "breaks": "the result has the input's shape ((H, W, 1) comes back as OpenCV's (H, W))",
        "replace": {"random_rotation": rotation(
            "rng.uniform(-max_degrees, max_degrees)",
            tail="    return cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_adds_channel_axis": {
        "breaks": "a 2-D image stays 2-D (always returns (H, W, C))",
        "replace": {"random_rotation": rotation(
            "rng.uniform(-max_degrees, max_degrees)",
            tail=("    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
                  "    return out.reshape(h, w, -1)\n"))},
        "must_lose": ["test_random_rotation_visible"],
    },
    "rotation_black_corners": {
        "breaks": "rotate with border_mode (ignored: OpenCV's default constant-zero border)",
        "replace": {"random_rotation": rotation(
            "rng.uniform(-max_degrees, max_degrees)",
            tail="    return cv2.warpAffine(image, matrix, (w, h)).reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_visible"],
    },
    "rotation_global_rng": {
        "breaks": "the angle is drawn with rng (here from the global np.random state)",
        "replace": {"random_rotation": rotation("np.random.uniform(-max_degrees, max_degrees)")},
        "must_lose": ["test_random_rotation_visible"],
    },
    # --- pad_and_crop ----------------------------------------------------------------------------
    "crop_with_np_roll": {
        "breaks": "zeros move in (np.roll wraps pixels round to the other side)",
        "replace": {"pad_and_crop": (
            "def pad_and_crop(image, pad, rng):\n"
            "    dy, dx = rng.integers(-pad, pad + 1, size=2)\n"
            "    return np.roll(image, (dy, dx), axis=(0, 1))\n")},
        "must_lose": ["test_pad_and_crop_visible", "test_pad_and_crop_hidden"],
    },
    "crop_off_by_one": {
        "breaks": "offsets are drawn from {-pad, ..., +pad} (rng.integers excludes its upper bound)",
        "edit": {"pad_and_crop": [("rng.integers(0, 2 * pad + 1, size=2)", "rng.integers(0, 2 * pad, size=2)")]},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    "crop_same_offset_both_axes": {
        "breaks": "both offsets are drawn independently (one draw for rows and columns)",
        "edit": {"pad_and_crop": [("top, left = rng.integers(0, 2 * pad + 1, size=2)",
                                   "top = left = rng.integers(0, 2 * pad + 1)")]},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    "crop_rounded_offsets": {
        "breaks": "offsets are drawn uniformly (rounding a continuous draw halves the end values)",
        "edit": {"pad_and_crop": [("top, left = rng.integers(0, 2 * pad + 1, size=2)",
                                   "top, left = np.rint(rng.random(2) * 2 * pad).astype(int)")]},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    "crop_changes_dtype": {
        "breaks": "the dtype is kept (the result is always float32)",
        "edit": {"pad_and_crop": [("return padded[top:top + h, left:left + w]",
                                   "return padded[top:top + h, left:left + w].astype(np.float32)")]},
        "must_lose": ["test_pad_and_crop_visible"],
    },
    # --- cutout ----------------------------------------------------------------------------------
    "cutout_in_place": {
        "breaks": "return a new array; do not modify the input",
        "edit": {"cutout": [("out = image.copy()", "out = image")]},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_negative_slice": {
        "breaks": "clip the square at the image border (a negative slice start reads from the end)",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "    out = image.copy()\n"
            "    out[cy - size // 2:cy - size // 2 + size, cx - size // 2:cx - size // 2 + size] = fill\n"
            "    return out\n")},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_off_by_one": {
        "breaks": "the square's side is exactly size (c - size//2 .. c + size//2 is one short for odd sizes)",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "    out = image.copy()\n"
            "    out[max(cy - size // 2, 0):cy + size // 2, max(cx - size // 2, 0):cx + size // 2] = fill\n"
            "    return out\n")},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_per_channel": {
        "breaks": "the same square in every channel (a different square per channel)",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    out = image.copy()\n"
            "    for ch in range(image.shape[-1]):\n"
            "        cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "        top, left = cy - size // 2, cx - size // 2\n"
            "        out[max(top, 0):min(top + size, h), max(left, 0):min(left + size, w), ch] = fill\n"
            "    return out\n")},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_ignores_fill": {
        "breaks": "the square is set to fill (always 0 here)",
        "edit": {"cutout": [("min(left + size, w)] = fill", "min(left + size, w)] = 0")]},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_corner_rounds_up": {
        "breaks": "the top-left corner is (c - floor(size/2)) (c - (size-1)//2 shifts even squares)",
        "edit": {"cutout": [("top, left = cy - size // 2, cx - size // 2",
                             "top, left = cy - (size - 1) // 2, cx - (size - 1) // 2")]},
        "must_lose": ["test_cutout_hidden"],
    },
    # --- mixup -----------------------------------------------------------------------------------
    "mixup_labels_not_mixed": {
        "breaks": "the labels are mixed with the same lambda (hard labels returned)",
        "edit": {"mixup": [("y_mixed = lam * y + (1.0 - lam) * y[partner]", "y_mixed = y")]},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_two_lambdas": {
        "breaks": "one lambda for images and labels (drawn twice here)",
        "edit": {"mixup": [("y_mixed = lam * y + (1.0 - lam) * y[partner]",
                            "lam_y = rng.beta(alpha, alpha)\n"
                            "    y_mixed = lam_y * y + (1.0 - lam_y) * y[partner]")]},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_uniform_lambda": {
        "breaks": "lambda ~ Beta(alpha, alpha) (alpha ignored: uniform on [0, 1])",
        "edit": {"mixup": [("lam = rng.beta(alpha, alpha)", "lam = rng.uniform(0.0, 1.0)")]},
        "must_lose": ["test_mixup_hidden"],
    },
    "mixup_fixed_partner": {
        "breaks": "pair with a random permutation (always example N-1-i here)",
        "edit": {"mixup": [("partner = rng.permutation(len(x))", "partner = np.arange(len(x))[::-1]")]},
        "must_lose": ["test_mixup_hidden"],
    },
    "mixup_partners_with_replacement": {
        "breaks": "every example is a partner exactly once (partners drawn with replacement)",
        "edit": {"mixup": [("partner = rng.permutation(len(x))", "partner = rng.integers(0, len(x), size=len(x))")]},
        "must_lose": ["test_mixup_hidden"],
    },
    # --- cutmix ----------------------------------------------------------------------------------
    "cutmix_label_from_lambda": {
        "breaks": "labels are weighted by the kept pixel share, not by the drawn lambda",
        "edit": {"cutmix": [("y_mixed = kept * y + (1.0 - kept) * y[partner]",
                             "y_mixed = lam * y + (1.0 - lam) * y[partner]")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_unclipped_area": {
        "breaks": "the label weight uses the clipped box's area (here the unclipped h_b * w_b)",
        "edit": {"cutmix": [("kept = 1.0 - max(y1 - y0, 0) * max(x1 - x0, 0) / (h * w)",
                             "kept = 1.0 - box_h * box_w / (h * w)")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_labels_not_mixed": {
        "breaks": "the labels are mixed (hard labels returned)",
        "edit": {"cutmix": [("y_mixed = kept * y + (1.0 - kept) * y[partner]", "y_mixed = y")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_in_place": {
        "breaks": "do not modify the inputs (the box is pasted into x itself)",
        "edit": {"cutmix": [("x_mixed = np.array(x, dtype=np.float32)                  # a float copy",
                             "x_mixed = x")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_box_inside": {
        "breaks": "the centre is drawn over all pixels and the box clipped (kept inside the image here, as Keras does)",
        "edit": {"cutmix": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "cy = box_h // 2 + rng.integers(0, h - box_h + 1)\n"
                             "    cx = box_w // 2 + rng.integers(0, w - box_w + 1)")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_uniform_lambda": {
        "breaks": "lambda ~ Beta(alpha, alpha) (alpha ignored: uniform on [0, 1])",
        "edit": {"cutmix": [("lam = rng.beta(alpha, alpha)", "lam = rng.uniform(0.0, 1.0)")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_square_box": {
        "breaks": "height floor(H sqrt(1 - lambda)) and width floor(W sqrt(1 - lambda)) (a square box from H)",
        "edit": {"cutmix": [("box_h, box_w = int(h * cut), int(w * cut)", "box_h = box_w = int(h * cut)")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_rounded_box": {
        "breaks": "the box sides are floor(...) (rounded here)",
        "edit": {"cutmix": [("box_h, box_w = int(h * cut), int(w * cut)",
                             "box_h, box_w = int(round(h * cut)), int(round(w * cut))")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_corner_rounds_up": {
        "breaks": "the top-left corner is (c_y - floor(h_b/2), c_x - floor(w_b/2)) (c - (h_b-1)//2 here)",
        "edit": {"cutmix": [("top, left = cy - box_h // 2, cx - box_w // 2",
                             "top, left = cy - (box_h - 1) // 2, cx - (box_w - 1) // 2")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_partners_with_replacement": {
        "breaks": "every example is a partner exactly once (partners drawn with replacement)",
        "edit": {"cutmix": [("partner = rng.permutation(n)", "partner = rng.integers(0, n, size=n)")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    # --- make_augmenter --------------------------------------------------------------------------
    "augmenter_factor_in_radians": {
        "breaks": "+-max_degrees degrees (RandomRotation(np.deg2rad(15)) means +-94 degrees)",
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(np.deg2rad(max_degrees), fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomTranslation(max_shift, max_shift, fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomZoom(max_zoom, fill_mode='constant', seed=seed),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_visible", "test_make_augmenter_hidden"],
    },
    "augmenter_factor_over_180": {
        "breaks": "+-max_degrees degrees (a fraction of half a turn: +-30 instead of +-15)",
        "edit": {"make_augmenter": [("max_degrees / 360.0", "max_degrees / 180.0")]},
        "must_lose": ["test_make_augmenter_visible", "test_make_augmenter_hidden"],
    },
    "augmenter_default_reflect": {
        "breaks": 'all with fill_mode="constant" (Keras\' default "reflect" mirrors strokes)',
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    s = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(max_degrees / 360, seed=s[0]),\n"
            "        keras.layers.RandomTranslation(max_shift, max_shift, seed=s[1]),\n"
            "        keras.layers.RandomZoom(max_zoom, seed=s[2]),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_hard_coded": {
        "breaks": "every argument is used (fixed 15 degrees, 0.1, 0.1)",
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(15 / 360, fill_mode='constant'),\n"
            "        keras.layers.RandomTranslation(0.1, 0.1, fill_mode='constant'),\n"
            "        keras.layers.RandomZoom(0.1, fill_mode='constant'),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_same_seed": {
        "breaks": "seed the layers with seed, seed + 1, seed + 2 (one seed for all three)",
        "edit": {"make_augmenter": [(
            "seeds = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]", "seeds = [seed] * 3")]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_seed_zero_ignored": {
        "breaks": "any integer seed, 0 included, seeds the layers (`if seed:` drops 0)",
        "edit": {"make_augmenter": [(
            "seeds = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]",
            "seeds = [seed, seed + 1, seed + 2] if seed else [None] * 3")]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_functional_model": {
        "breaks": "return a keras.Sequential (a functional keras.Model here)",
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    s = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]\n"
            "    inputs = keras.Input((None, None, 1))\n"
            "    x = keras.layers.RandomRotation(max_degrees / 360, fill_mode='constant', seed=s[0])(inputs)\n"
            "    x = keras.layers.RandomTranslation(max_shift, max_shift, fill_mode='constant', seed=s[1])(x)\n"
            "    x = keras.layers.RandomZoom(max_zoom, fill_mode='constant', seed=s[2])(x)\n"
            "    return keras.Model(inputs, x)\n")},
        "must_lose": ["test_make_augmenter_visible"],
    },
    # --- build_train_dataset ---------------------------------------------------------------------
    "pipeline_inference_mode": {
        "breaks": "augment with augmenter(images, training=True) (training=False here)",
        "edit": {"build_train_dataset": [("augmenter(images, training=True)", "augmenter(images, training=False)")]},
        "must_lose": ["test_build_train_dataset_visible"],
    },
    "pipeline_shuffles_images_only": {
        "breaks": "shuffle slices of (x, y) together (images shuffled alone: labels misaligned)",
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    images = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed)\n"
            "    labels = tf.data.Dataset.from_tensor_slices(y)\n"
            "    ds = tf.data.Dataset.zip((images, labels)).batch(batch_size)\n"
            "    ds = ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)\n"
            "    return ds.prefetch(tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_visible", "test_build_train_dataset_hidden"],
    },
    "pipeline_no_shuffle": {
        "breaks": "shuffle the whole set (not shuffled at all)",
        "edit": {"build_train_dataset": [(
            "dataset = dataset.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)\n", "")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_no_prefetch": {
        "breaks": "end with prefetch(tf.data.AUTOTUNE)",
        "edit": {"build_train_dataset": [("return dataset.prefetch(tf.data.AUTOTUNE)", "return dataset")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_prefetch_one": {
        "breaks": "prefetch(tf.data.AUTOTUNE) (a fixed buffer of one batch here)",
        "edit": {"build_train_dataset": [("return dataset.prefetch(tf.data.AUTOTUNE)", "return dataset.prefetch(1)")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_small_shuffle_buffer": {
        "breaks": "shuffle the whole set (a buffer of 4 only mixes neighbours)",
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed", "dataset.shuffle(4, seed=seed")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_augments_single_images": {
        "breaks": "augment each batch (the map runs before batching, one image at a time)",
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)\n"
            "    ds = ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)\n"
            "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_visible"],
    },
    "pipeline_sequential_map": {
        "breaks": "map with num_parallel_calls=tf.data.AUTOTUNE (a sequential map here)",
        "edit": {"build_train_dataset": [(",\n                          num_parallel_calls=tf.data.AUTOTUNE)", ")")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    # --- images_per_second -----------------------------------------------------------------------
    "ips_counts_warmup": {
        "breaks": "the warm-up batches are neither timed nor counted (their images are counted here)",
        "replace": {"images_per_second": IPS_HEAD + (
            "    iterator = iter(batches)\n"
            "    images = sum(len(next(iterator)[0]) for _ in range(warmup))\n"
            "    start = clock()\n"
            "    timed = 0\n"
            "    for batch in iterator:\n"
            "        images += len(batch[0])\n"
            "        timed += 1\n"
            "    if timed == 0:\n"
            "        raise ValueError('nothing to time')\n"
            "    return float(images / (clock() - start))\n")},
        "must_lose": ["test_images_per_second_visible"],
    },
    "ips_clock_before_warmup": {
        "breaks": "read clock() after the warm-up (started before it here)",
        "replace": {"images_per_second": IPS_HEAD + (
            "    start = clock()\n"
            "    iterator = iter(batches)\n"
            "    for _ in range(warmup):\n"
            "        if next(iterator, None) is None:\n"
            "            raise ValueError('fewer batches than warmup')\n"
            "    sizes = [len(batch[0]) for batch in iterator]\n"
            "    if not sizes:\n"
            "        raise ValueError('nothing to time')\n"
            "    return float(sum(sizes) / (clock() - start))\n")},
        "must_lose": ["test_images_per_second_visible"],
    },
    "ips_ignores_clock": {
        "breaks": "time with the clock argument (time.perf_counter is read directly here)",
        "edit": {"images_per_second": [("start = clock()", "start = time.perf_counter()"),
                                       ("elapsed = clock() - start", "elapsed = time.perf_counter() - start")]},
        "must_lose": ["test_images_per_second_visible"],
    },
    "ips_seconds_per_image": {
        "breaks": "return images per second (seconds per image here)",
        "edit": {"images_per_second": [("return float(images / elapsed)", "return float(elapsed / images)")]},
        "must_lose": ["test_images_per_second_visible"],
    },
    "ips_first_batch_size": {
        "breaks": "count each batch's own size; the last batch may be smaller (first size times count here)",
        "edit": {"images_per_second": [("        images += len(batch[0])\n",
                                        "        images = images or len(batch[0])\n"),
                                       ("return float(images / elapsed)", "return float(images * timed_batches / elapsed)")]},
        "must_lose": ["test_images_per_second_hidden"],
    },
    "ips_no_value_error": {
        "breaks": "raise ValueError if no batch is left after the warm-up (divides by zero here)",
        "edit": {"images_per_second": [(
            "    if timed_batches == 0:\n"
            "        raise ValueError(\"no batch left after the warm-up: pass more batches or a smaller warmup\")\n",
            "")]},
        "must_lose": ["test_images_per_second_hidden"],
    },
    "ips_warmup_stop_iteration": {
        "breaks": "raise ValueError when there are fewer batches than warmup (StopIteration escapes here)",
        "edit": {"images_per_second": [(
            "        if next(iterator, None) is None:\n"
            "            raise ValueError(f\"fewer than warmup={warmup} batches: nothing left to time\")\n",
            "        next(iterator)\n")]},
        "must_lose": ["test_images_per_second_hidden"],
    },
    # --- gaps found by a learner working from the learner notebook ---------------------------------
    "rotation_reseeds_global": {
        "breaks": "random choices come from rng, never from the global np.random (reseeded from rng here)",
        "edit": {"random_rotation": [("degrees = rng.uniform(-max_degrees, max_degrees)",
                                      "np.random.seed(int(rng.integers(2**31)))\n"
                                      "    degrees = np.random.uniform(-max_degrees, max_degrees)")]},
        "must_lose": ["test_random_rotation_visible"],
    },
    "rotation_whole_degrees": {
        "breaks": "the angle is a real number drawn uniformly (whole degrees: max_degrees=0.5 is the identity)",
        "edit": {"random_rotation": [("degrees = rng.uniform(-max_degrees, max_degrees)",
                                      "degrees = float(rng.integers(-int(max_degrees), int(max_degrees), "
                                      "endpoint=True))")]},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "crop_reseeds_global": {
        "breaks": "random choices come from rng, never from the global np.random (reseeded from rng here)",
        "edit": {"pad_and_crop": [("top, left = rng.integers(0, 2 * pad + 1, size=2)",
                                   "np.random.seed(int(rng.integers(2**31)))\n"
                                   "    top, left = np.random.randint(0, 2 * pad + 1, size=2)")]},
        "must_lose": ["test_pad_and_crop_visible"],
    },
    "crop_favours_small_shifts": {
        "breaks": "both offsets are drawn uniformly (small shifts a little more likely here)",
        "edit": {"pad_and_crop": [("top, left = rng.integers(0, 2 * pad + 1, size=2)",
                                   "k = 2 * pad + 1\n"
                                   "    p = np.minimum(np.arange(1, k + 1), np.arange(k, 0, -1)) + float(k)\n"
                                   "    top, left = rng.choice(k, size=2, p=p / p.sum())")]},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    "cutout_where_promotes_dtype": {
        "breaks": "the result has the input's dtype (np.where with a float fill turns uint8 into float64)",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(h), rng.integers(w)\n"
            "    yy, xx = np.ogrid[:h, :w]\n"
            "    top, left = cy - size // 2, cx - size // 2\n"
            "    mask = (yy >= top) & (yy < top + size) & (xx >= left) & (xx < left + size)\n"
            "    return np.where(mask[..., None], fill, image)\n")},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_float32_copy": {
        "breaks": "the result has the input's dtype (the copy is made as float32)",
        "edit": {"cutout": [("out = image.copy()", "out = image.astype(np.float32)")]},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_column_from_height": {
        "breaks": "the centre is drawn uniformly over all pixels (the column drawn from the height)",
        "edit": {"cutout": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "cy, cx = rng.integers(0, h), rng.integers(0, h)")]},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_rounded_centre": {
        "breaks": "the centre is drawn uniformly over all pixels (a rounded continuous draw halves the edges)",
        "edit": {"cutout": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "cy, cx = int(round(rng.uniform(0, h - 1))), int(round(rng.uniform(0, w - 1)))")]},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_reseeds_global": {
        "breaks": "random choices come from rng, never from the global np.random (reseeded from rng here)",
        "edit": {"cutout": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "np.random.seed(int(rng.integers(2**31)))\n"
                             "    cy, cx = np.random.randint(h), np.random.randint(w)")]},
        "must_lose": ["test_cutout_visible"],
    },
    "mixup_global_permutation": {
        "breaks": "the permutation is drawn with rng (here from the global np.random)",
        "edit": {"mixup": [("partner = rng.permutation(len(x))", "partner = np.random.permutation(len(x))")]},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_global_beta": {
        "breaks": "lambda is drawn with rng (here from the global np.random)",
        "edit": {"mixup": [("lam = rng.beta(alpha, alpha)", "lam = np.random.beta(alpha, alpha)")]},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_cyclic_shift": {
        "breaks": "the permutation is uniform over all orderings (a random cyclic shift of the batch is not)",
        "edit": {"mixup": [("partner = rng.permutation(len(x))",
                            "partner = np.roll(np.arange(len(x)), int(rng.integers(len(x))))")]},
        "must_lose": ["test_mixup_hidden"],
    },
    "mixup_reversed_half_the_time": {
        "breaks": "the permutation is uniform over all orderings (the reversed batch half of the time)",
        "edit": {"mixup": [("partner = rng.permutation(len(x))",
                            "partner = np.arange(len(x))[::-1] if rng.random() < 0.5 else rng.permutation(len(x))")]},
        "must_lose": ["test_mixup_hidden"],
    },
    "cutmix_patch_from_corner": {
        "breaks": "the partner's pixels at the same positions (here its top-left corner is pasted)",
        "edit": {"cutmix": [("x_mixed[:, y0:y1, x0:x1] = x[partner, y0:y1, x0:x1]",
                             "x_mixed[:, y0:y1, x0:x1] = x[partner, :max(y1 - y0, 0), :max(x1 - x0, 0)]")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_patch_flipped": {
        "breaks": "the partner's pixels at the same positions (here the box is pasted upside down)",
        "edit": {"cutmix": [("x_mixed[:, y0:y1, x0:x1] = x[partner, y0:y1, x0:x1]",
                             "x_mixed[:, y0:y1, x0:x1] = x[partner, y0:y1, x0:x1][:, ::-1, ::-1]")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "cutmix_column_from_height": {
        "breaks": "the box centre is drawn uniformly over all pixels (the column drawn from the height)",
        "edit": {"cutmix": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "cy, cx = rng.integers(0, h), rng.integers(0, h)")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_rounded_centre": {
        "breaks": "the box centre is drawn uniformly over all pixels (a rounded continuous draw halves the edges)",
        "edit": {"cutmix": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "cy, cx = int(round(rng.uniform(0, h - 1))), int(round(rng.uniform(0, w - 1)))")]},
        "must_lose": ["test_cutmix_hidden"],
    },
    "cutmix_reseeds_global": {
        "breaks": "random choices come from rng, never from the global np.random (reseeded from rng here)",
        "edit": {"cutmix": [("cy, cx = rng.integers(0, h), rng.integers(0, w)",
                             "np.random.seed(int(rng.integers(2**31)))\n"
                             "    cy, cx = np.random.randint(h), np.random.randint(w)")]},
        "must_lose": ["test_cutmix_visible"],
    },
    "augmenter_extra_flip": {
        "breaks": "exactly the three random layers (a RandomFlip is added, which mirrors digits)",
        "edit": {"make_augmenter": [("    return keras.Sequential([\n",
                                     "    return keras.Sequential([\n"
                                     "        keras.layers.RandomFlip('horizontal', seed=None if seed is None else seed + 3),\n")]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_unseeded_becomes_zero": {
        "breaks": "with seed=None the layers get no seed (here every unseeded augmenter draws the seed-0 stream)",
        "edit": {"make_augmenter": [("seeds = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]",
                                     "seed = 0 if seed is None else seed\n"
                                     "    seeds = [seed, seed + 1, seed + 2]")]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_white_fill": {
        "breaks": "the border is filled with black, fill value 0 (white here)",
        "edit": {"make_augmenter": [('fill_mode="constant", seed=seeds[0]', 'fill_mode="constant", fill_value=1.0, seed=seeds[0]'),
                                    ('fill_mode="constant", seed=seeds[1]', 'fill_mode="constant", fill_value=1.0, seed=seeds[1]'),
                                    ('fill_mode="constant", seed=seeds[2]', 'fill_mode="constant", fill_value=1.0, seed=seeds[2]')]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "pipeline_fixed_seed": {
        "breaks": "the shuffle is seeded with `seed` (a fixed seed: every seed gives the same order)",
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed,", "dataset.shuffle(len(x), seed=0,")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_seed_plus_one": {
        "breaks": "`seed` itself is passed to the shuffle (seed + 1 here)",
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed,", "dataset.shuffle(len(x), seed=seed + 1,")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_buffer_1000": {
        "breaks": "the whole set is shuffled, however large (a fixed buffer of 1000)",
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed,", "dataset.shuffle(1000, seed=seed,")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_global_tf_seed": {
        "breaks": "the seed goes to the shuffle itself, not to TensorFlow's global seed",
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)",
                                          "dataset.shuffle(len(x), reshuffle_each_iteration=True)"),
                                         ("    dataset = tf.data.Dataset.from_tensor_slices((x, y))\n",
                                          "    tf.random.set_seed(seed)\n"
                                          "    dataset = tf.data.Dataset.from_tensor_slices((x, y))\n")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "ips_two_passes": {
        "breaks": "iterate once over any iterable, a generator included (here the batches are counted first)",
        "replace": {"images_per_second": IPS_HEAD + (
            "    if sum(1 for _ in batches) <= warmup:\n"
            "        raise ValueError('no batch left after the warm-up')\n"
            "    iterator = iter(batches)\n"
            "    for _ in range(warmup):\n"
            "        next(iterator)\n"
            "    start = clock()\n"
            "    images = sum(len(batch[0]) for batch in iterator)\n"
            "    return images / (clock() - start)\n")},
        "must_lose": ["test_images_per_second_hidden"],
    },
}

RIGHT_ANSWERS = {
    "mixup_derangement": {
        "why": "a uniformly random derangement (no example paired with itself), allowed by the statement",
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    lam = rng.beta(alpha, alpha)\n"
            "    n = len(x)\n"
            "    order = rng.permutation(n)\n"
            "    while n > 1 and (order == np.arange(n)).any():\n"
            "        order = rng.permutation(n)\n"
            "    return lam * x + (1 - lam) * x[order], lam * y + (1 - lam) * y[order]\n")},
    },
    "augmenter_any_seed_order": {
        "why": "the three seeds assigned in another order, the zoom's width factor set explicitly, an Input first",
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    s = (lambda k: None) if seed is None else (lambda k: seed + k)\n"
            "    return keras.Sequential([\n"
            "        keras.Input((None, None, 1)),\n"
            "        keras.layers.RandomRotation(max_degrees / 360, fill_mode='constant', seed=s(2)),\n"
            "        keras.layers.RandomTranslation(max_shift, max_shift, fill_mode='constant', seed=s(0)),\n"
            "        keras.layers.RandomZoom(max_zoom, max_zoom, fill_mode='constant', seed=s(1)),\n"
            "    ])\n")},
    },
    "pipeline_cardinality_buffer": {
        "why": "the buffer read from the data set's cardinality, a non-deterministic parallel map",
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
            "    ds = ds.shuffle(ds.cardinality(), seed=seed)\n"
            "    ds = ds.batch(batch_size).map(lambda *b: (augmenter(b[0], training=True), b[1]),\n"
            "                                  num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)\n"
            "    return ds.prefetch(tf.data.AUTOTUNE)\n")},
    },
    "cutout_flat_index": {
        "why": "the centre drawn as one flat pixel index (uniform over all pixels), np.clip for the square",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = divmod(int(rng.integers(h * w)), w)\n"
            "    y0, y1 = np.clip([cy - size // 2, cy - size // 2 + size], 0, h)\n"
            "    x0, x1 = np.clip([cx - size // 2, cx - size // 2 + size], 0, w)\n"
            "    out = np.array(image, copy=True)\n"
            "    out[y0:y1, x0:x1, :] = fill\n"
            "    return out\n")},
    },
    "rotation_own_matrix": {
        "why": "the affine matrix built from cos and sin by hand, the angle as max_degrees * (2u - 1)",
        "replace": {"random_rotation": (
            "def random_rotation(image, max_degrees, rng, border_mode=cv2.BORDER_REFLECT_101):\n"
            "    theta = np.deg2rad(max_degrees * (2.0 * rng.random() - 1.0))\n"
            "    h, w = image.shape[:2]\n"
            "    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0\n"
            "    c, s = np.cos(theta), np.sin(theta)\n"
            "    matrix = np.array([[c, s, (1 - c) * cx - s * cy], [-s, c, s * cx + (1 - c) * cy]])\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=border_mode)\n"
            "    return np.reshape(out, image.shape)\n")},
    },
    "crop_by_canvas": {
        "why": "offsets drawn one at a time as shifts in -pad..pad, the image copied into a zero canvas",
        "replace": {"pad_and_crop": (
            "def pad_and_crop(image, pad, rng):\n"
            "    dy = int(rng.integers(-pad, pad + 1))\n"
            "    dx = int(rng.integers(-pad, pad + 1))\n"
            "    h, w = image.shape[:2]\n"
            "    out = np.zeros_like(image)\n"
            "    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \\\n"
            "        image[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]\n"
            "    return out\n")},
    },
    "cutout_with_mask": {
        "why": "column drawn before row, a boolean mask from np.ogrid, np.where",
        "replace": {"cutout": (
            "def cutout(image, size, rng, fill=0.0):\n"
            "    h, w = image.shape[:2]\n"
            "    cx = rng.integers(w)\n"
            "    cy = rng.integers(h)\n"
            "    rows, cols = np.ogrid[:h, :w]\n"
            "    top, left = cy - size // 2, cx - size // 2\n"
            "    mask = (rows >= top) & (rows < top + size) & (cols >= left) & (cols < left + size)\n"
            "    return np.where(mask[..., None], np.asarray(fill, image.dtype), image)\n")},
    },
    "mixup_per_example": {
        "why": "one lambda per example (allowed), the permutation drawn first, float64 kept",
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    order = rng.permutation(x.shape[0])\n"
            "    lam = rng.beta(alpha, alpha, size=x.shape[0])\n"
            "    lx = lam.reshape((-1,) + (1,) * (x.ndim - 1))\n"
            "    return lx * x + (1 - lx) * x[order], lam[:, None] * y + (1 - lam[:, None]) * y[order]\n")},
    },
    "cutmix_per_example": {
        "why": "one lambda and one box per example (allowed), the permutation drawn first, a loop",
        "replace": {"cutmix": (
            "def cutmix(x, y, alpha, rng):\n"
            "    n, h, w = x.shape[:3]\n"
            "    order = rng.permutation(n)\n"
            "    out = x.astype(np.float64)\n"
            "    labels = y.astype(np.float64)\n"
            "    for i in range(n):\n"
            "        lam = rng.beta(alpha, alpha)\n"
            "        bh, bw = int(h * np.sqrt(1 - lam)), int(w * np.sqrt(1 - lam))\n"
            "        cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "        r0, r1 = np.clip([cy - bh // 2, cy - bh // 2 + bh], 0, h)\n"
            "        c0, c1 = np.clip([cx - bw // 2, cx - bw // 2 + bw], 0, w)\n"
            "        out[i, r0:r1, c0:c1] = x[order[i], r0:r1, c0:c1]\n"
            "        pasted = (r1 - r0) * (c1 - c0) / (h * w)\n"
            "        labels[i] = (1 - pasted) * y[i] + pasted * y[order[i]]\n"
            "    return out, labels\n")},
    },
    "augmenter_with_add": {
        "why": "layers added one by one with tuple factors and a seed list built in a loop",
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    seeds = [None if seed is None else seed + i for i in range(3)]\n"
            "    model = keras.Sequential()\n"
            "    turn = max_degrees / 360.0\n"
            "    model.add(keras.layers.RandomRotation((-turn, turn), fill_mode='constant', seed=seeds[0]))\n"
            "    model.add(keras.layers.RandomTranslation((-max_shift, max_shift), (-max_shift, max_shift),\n"
            "                                            fill_mode='constant', seed=seeds[1]))\n"
            "    model.add(keras.layers.RandomZoom((-max_zoom, max_zoom), (-max_zoom, max_zoom),\n"
            "                                     fill_mode='constant', seed=seeds[2]))\n"
            "    return model\n")},
    },
    "pipeline_named_steps": {
        "why": "a named map function, the buffer size from x.shape[0], one chained expression",
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    def augment(images, labels):\n"
            "        return augmenter(images, training=True), labels\n"
            "    return (tf.data.Dataset.from_tensor_slices((x, y))\n"
            "            .shuffle(buffer_size=x.shape[0], seed=seed)\n"
            "            .batch(batch_size, drop_remainder=False)\n"
            "            .map(augment, num_parallel_calls=tf.data.AUTOTUNE)\n"
            "            .prefetch(buffer_size=tf.data.AUTOTUNE))\n")},
    },
    "ips_with_islice": {
        "why": "itertools.islice for the warm-up, sizes read with np.shape, one list of sizes",
        "replace": {"images_per_second": IPS_HEAD + (
            "    import itertools\n"
            "    iterator = iter(batches)\n"
            "    if len(list(itertools.islice(iterator, warmup))) < warmup:\n"
            "        raise ValueError('fewer batches than warmup')\n"
            "    start = clock()\n"
            "    sizes = [np.shape(batch[0])[0] for batch in iterator]\n"
            "    stop = clock()\n"
            "    if not sizes:\n"
            "        raise ValueError('no batch left to time')\n"
            "    return sum(sizes) / (stop - start)\n")},
    },
}
