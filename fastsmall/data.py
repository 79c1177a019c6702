"""Offline data: scikit-learn's bundled handwritten digits and scikit-image's bundled photos.

Nothing here touches the network: both datasets ship inside their packages.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIGITS_SPLIT_SEED = 0


@dataclass(frozen=True)
class DigitsSplit:
    """Images are float32 in [0, 1] with shape (N, 8, 8, 1); labels are int32 in 0..9."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.y_train), "val": len(self.y_val), "test": len(self.y_test)}


def load_digits_split(test_fraction: float = 0.2, val_fraction: float = 0.15,
                      seed: int = DIGITS_SPLIT_SEED) -> DigitsSplit:
    """The 1,797 real 8x8 digits, split train/validation/test, stratified and seeded.

    With the defaults: 1,167 training, 270 validation and 360 test images, the same on every machine.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]  # pixel values are 0..16
    y = digits.target.astype(np.int32)
    x_rest, x_test, y_rest, y_test = train_test_split(
        x, y, test_size=test_fraction, stratify=y, random_state=seed)
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest, y_rest, test_size=val_fraction / (1.0 - test_fraction), stratify=y_rest,
        random_state=seed)
    return DigitsSplit(x_train, y_train, x_val, y_val, x_test, y_test)


def per_class_subset(x: np.ndarray, y: np.ndarray, per_class: int,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small labelled subset: `per_class` examples of every class, chosen with a seeded RNG."""
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(np.flatnonzero(y == label), size=per_class, replace=False)
              for label in np.unique(y)]
    index = rng.permutation(np.concatenate(chosen))
    return x[index], y[index]


def resize_images(x: np.ndarray, size: int) -> np.ndarray:
    """Resize a batch (N, H, W, C) to (N, size, size, C) with bilinear interpolation (OpenCV)."""
    import cv2

    out = np.stack([cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR) for img in x])
    return out.reshape(len(x), size, size, x.shape[-1]).astype(np.float32)


SAMPLE_PHOTOS = ("astronaut", "camera", "chelsea", "coffee")


def sample_photo(name: str = "chelsea", size: int | None = 128) -> np.ndarray:
    """A photo bundled with scikit-image, as uint8 (H, W, C); `size` resizes the short side."""
    import cv2
    from skimage import data as skdata

    if name not in SAMPLE_PHOTOS:
        raise ValueError(f"unknown photo {name!r}; choose one of {SAMPLE_PHOTOS}")
    image = getattr(skdata, name)()
    if image.ndim == 2:
        image = image[..., np.newaxis]
    if size is not None:
        h, w = image.shape[:2]
        scale = size / min(h, w)
        image = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        if image.ndim == 2:
            image = image[..., np.newaxis]
    return np.ascontiguousarray(image)


# ----- the compression challenge (notebook 06): a held-out split for the grader -----

CHALLENGE_HOLDOUT_SEED = 20240606
CHALLENGE_HOLDOUT_SIZE = 300


def _challenge_partition():
    """(x_rest, y_rest, x_holdout, y_holdout): 300 digits set aside once, stratified and seeded."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]
    y = digits.target.astype(np.int32)
    return train_test_split(x, y, test_size=CHALLENGE_HOLDOUT_SIZE, stratify=y,
                            random_state=CHALLENGE_HOLDOUT_SEED)


def load_challenge_split(seed: int = DIGITS_SPLIT_SEED) -> DigitsSplit:
    """The digits without the challenge's held-out images: 997 training, 200 validation, 300 test.

    Stratified and seeded like `load_digits_split`, but drawn from the 1,497 digits that remain
    after `load_challenge_holdout` set its 300 aside, so no image of that split is ever in here.
    (`load_digits_split` covers all 1,797 digits and therefore overlaps the held-out split.)
    """
    from sklearn.model_selection import train_test_split

    x_rest, _, y_rest, _ = _challenge_partition()
    x_model, x_test, y_model, y_test = train_test_split(
        x_rest, y_rest, test_size=300, stratify=y_rest, random_state=seed)
    x_train, x_val, y_train, y_val = train_test_split(
        x_model, y_model, test_size=200, stratify=y_model, random_state=seed)
    return DigitsSplit(x_train, y_train, x_val, y_val, x_test, y_test)


def load_challenge_holdout() -> tuple[np.ndarray, np.ndarray]:
    """The 300 held-out digits on which the grader scores challenge models: (x, y).

    This is for honest evaluation, not secrecy: anyone can call it. A model chosen by looking at
    these images is no longer measured honestly, so the notebook never hands them out, and the
    grader loads them in a separate process after the submitted recipe has finished.
    """
    _, x_holdout, _, y_holdout = _challenge_partition()
    return x_holdout, y_holdout
