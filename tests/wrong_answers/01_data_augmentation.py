"""Plausible wrong answers for 01_data_augmentation: each must lose the points named in `must_lose`.

Each entry replaces the source of answer cells (by grade id) in solutions/01_data_augmentation.ipynb
("replace"), or makes a small text edit in one ("edit").
"""

ROTATION_HEAD = (
    "def random_rotation(image, max_degrees, rng, border_mode=cv2.BORDER_REFLECT_101):\n"
    "    h, w = image.shape[:2]\n"
)

WRONG_ANSWERS = {
    # --- random_rotation -------------------------------------------------------------------------
    "rotation_radians_full_circle": {  # the widely copied answer: uniform(0, 2*pi) passed as degrees
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(0, 2 * np.pi)\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_radians_symmetric": {  # converts max_degrees to radians, then hands radians to OpenCV
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(-np.deg2rad(max_degrees), np.deg2rad(max_degrees))\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_half_pixel_centre": {  # centre (w/2, h/2): every turn also shifts the picture
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(-max_degrees, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_one_sided": {  # only counter-clockwise turns
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(0, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_about_origin": {  # rotates about the top-left corner
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(-max_degrees, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D((0.0, 0.0), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_hidden"],
    },
    "rotation_drops_channel_axis": {  # returns OpenCV's (H, W) for a (H, W, 1) image
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(-max_degrees, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    return cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n")},
        "must_lose": ["test_random_rotation_visible", "test_random_rotation_hidden"],
    },
    "rotation_black_corners": {  # ignores border_mode: OpenCV's default constant-zero border
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = rng.uniform(-max_degrees, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    return cv2.warpAffine(image, matrix, (w, h)).reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_visible"],
    },
    "rotation_global_rng": {  # unseeded global NumPy RNG instead of the generator passed in
        "replace": {"random_rotation": ROTATION_HEAD + (
            "    angle = np.random.uniform(-max_degrees, max_degrees)\n"
            "    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)\n"
            "    out = cv2.warpAffine(image, matrix, (w, h), borderMode=border_mode)\n"
            "    return out.reshape(image.shape)\n")},
        "must_lose": ["test_random_rotation_visible"],
    },
    # --- pad_and_crop ----------------------------------------------------------------------------
    "crop_with_np_roll": {  # wraps pixels round instead of letting zeros in
        "replace": {"pad_and_crop": (
            "def pad_and_crop(image, pad, rng):\n"
            "    dy, dx = rng.integers(-pad, pad + 1, size=2)\n"
            "    return np.roll(image, (dy, dx), axis=(0, 1))\n")},
        "must_lose": ["test_pad_and_crop_visible", "test_pad_and_crop_hidden"],
    },
    "crop_off_by_one": {  # rng.integers excludes its upper bound: the largest shift never happens
        "replace": {"pad_and_crop": (
            "def pad_and_crop(image, pad, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)))\n"
            "    top, left = rng.integers(0, 2 * pad, size=2)\n"
            "    return padded[top:top + h, left:left + w]\n")},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    "crop_same_offset_both_axes": {  # one draw used for rows and columns: diagonal shifts only
        "replace": {"pad_and_crop": (
            "def pad_and_crop(image, pad, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)))\n"
            "    offset = rng.integers(0, 2 * pad + 1)\n"
            "    return padded[offset:offset + h, offset:offset + w]\n")},
        "must_lose": ["test_pad_and_crop_hidden"],
    },
    # --- cutout ----------------------------------------------------------------------------------
    "cutout_in_place": {  # erases the caller's image
        "replace": {"cutout": (
            "def cutout(image, size, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "    top, left = cy - size // 2, cx - size // 2\n"
            "    image[max(top, 0):min(top + size, h), max(left, 0):min(left + size, w)] = 0\n"
            "    return image\n")},
        "must_lose": ["test_cutout_visible"],
    },
    "cutout_negative_slice": {  # no clipping: a negative start reads from the end, erasing nothing
        "replace": {"cutout": (
            "def cutout(image, size, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "    out = image.copy()\n"
            "    out[cy - size // 2:cy - size // 2 + size, cx - size // 2:cx - size // 2 + size] = 0\n"
            "    return out\n")},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_off_by_one": {  # c - size//2 .. c + size//2 is one pixel short for odd sizes
        "replace": {"cutout": (
            "def cutout(image, size, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "    out = image.copy()\n"
            "    out[max(cy - size // 2, 0):cy + size // 2, max(cx - size // 2, 0):cx + size // 2] = 0\n"
            "    return out\n")},
        "must_lose": ["test_cutout_hidden"],
    },
    "cutout_per_channel": {  # a different square in every channel
        "replace": {"cutout": (
            "def cutout(image, size, rng):\n"
            "    h, w = image.shape[:2]\n"
            "    out = image.copy()\n"
            "    for ch in range(image.shape[-1]):\n"
            "        cy, cx = rng.integers(0, h), rng.integers(0, w)\n"
            "        top, left = cy - size // 2, cx - size // 2\n"
            "        out[max(top, 0):min(top + size, h), max(left, 0):min(left + size, w), ch] = 0\n"
            "    return out\n")},
        "must_lose": ["test_cutout_visible"],
    },
    # --- mixup -----------------------------------------------------------------------------------
    "mixup_labels_not_mixed": {  # mixes the pictures but keeps the hard labels
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    lam = rng.beta(alpha, alpha)\n"
            "    partner = rng.permutation(len(x))\n"
            "    return (lam * x + (1 - lam) * x[partner]).astype(np.float32), y.astype(np.float32)\n")},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_two_lambdas": {  # draws lambda twice: images and labels disagree
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    partner = rng.permutation(len(x))\n"
            "    lam_x, lam_y = rng.beta(alpha, alpha), rng.beta(alpha, alpha)\n"
            "    return ((lam_x * x + (1 - lam_x) * x[partner]).astype(np.float32),\n"
            "            (lam_y * y + (1 - lam_y) * y[partner]).astype(np.float32))\n")},
        "must_lose": ["test_mixup_visible"],
    },
    "mixup_uniform_lambda": {  # ignores alpha: lambda uniform on [0, 1]
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    lam = rng.uniform(0, 1)\n"
            "    partner = rng.permutation(len(x))\n"
            "    return ((lam * x + (1 - lam) * x[partner]).astype(np.float32),\n"
            "            (lam * y + (1 - lam) * y[partner]).astype(np.float32))\n")},
        "must_lose": ["test_mixup_hidden"],
    },
    "mixup_fixed_partner": {  # always pairs example i with example N-1-i
        "replace": {"mixup": (
            "def mixup(x, y, alpha, rng):\n"
            "    lam = rng.beta(alpha, alpha)\n"
            "    return ((lam * x + (1 - lam) * x[::-1]).astype(np.float32),\n"
            "            (lam * y + (1 - lam) * y[::-1]).astype(np.float32))\n")},
        "must_lose": ["test_mixup_hidden"],
    },
    # --- make_augmenter --------------------------------------------------------------------------
    "augmenter_factor_in_radians": {  # RandomRotation(np.deg2rad(15)) means +-94 degrees
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(np.deg2rad(max_degrees), fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomTranslation(max_shift, max_shift, fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomZoom(max_zoom, fill_mode='constant', seed=seed),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_visible", "test_make_augmenter_hidden"],
    },
    "augmenter_factor_over_180": {  # a fraction of half a turn: +-30 degrees instead of +-15
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(max_degrees / 180, fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomTranslation(max_shift, max_shift, fill_mode='constant', seed=seed),\n"
            "        keras.layers.RandomZoom(max_zoom, fill_mode='constant', seed=seed),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_visible", "test_make_augmenter_hidden"],
    },
    "augmenter_default_reflect": {  # Keras' default fill_mode='reflect' mirrors strokes
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
    "augmenter_hard_coded": {  # ignores its arguments
        "replace": {"make_augmenter": (
            "def make_augmenter(max_degrees=15.0, max_shift=0.1, max_zoom=0.1, seed=None):\n"
            "    return keras.Sequential([\n"
            "        keras.layers.RandomRotation(15 / 360, fill_mode='constant'),\n"
            "        keras.layers.RandomTranslation(0.1, 0.1, fill_mode='constant'),\n"
            "        keras.layers.RandomZoom(0.1, fill_mode='constant'),\n"
            "    ])\n")},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    "augmenter_same_seed": {  # one seed for all three layers: correlated random streams
        "edit": {"make_augmenter": [(
            "seeds = [None] * 3 if seed is None else [seed, seed + 1, seed + 2]", "seeds = [seed] * 3")]},
        "must_lose": ["test_make_augmenter_hidden"],
    },
    # --- build_train_dataset ---------------------------------------------------------------------
    "pipeline_inference_mode": {  # calls the augmenter without training=True
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed).batch(batch_size)\n"
            "    ds = ds.map(lambda a, b: (augmenter(a, training=False), b), num_parallel_calls=tf.data.AUTOTUNE)\n"
            "    return ds.prefetch(tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_visible"],
    },
    "pipeline_shuffles_images_only": {  # images and labels shuffled separately: misaligned
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    images = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed)\n"
            "    labels = tf.data.Dataset.from_tensor_slices(y)\n"
            "    ds = tf.data.Dataset.zip((images, labels)).batch(batch_size)\n"
            "    ds = ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)\n"
            "    return ds.prefetch(tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_visible", "test_build_train_dataset_hidden"],
    },
    "pipeline_no_shuffle": {  # same order every epoch
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)\n"
            "    ds = ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)\n"
            "    return ds.prefetch(tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_no_prefetch": {  # the next batch is not prepared while the model trains
        "replace": {"build_train_dataset": (
            "def build_train_dataset(x, y, augmenter, batch_size=32, seed=0):\n"
            "    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed).batch(batch_size)\n"
            "    return ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)\n")},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
    "pipeline_small_shuffle_buffer": {  # a buffer of 4 only mixes neighbouring examples
        "edit": {"build_train_dataset": [("dataset.shuffle(len(x), seed=seed", "dataset.shuffle(4, seed=seed")]},
        "must_lose": ["test_build_train_dataset_hidden"],
    },
}
