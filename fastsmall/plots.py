"""Small plotting helpers shared by the notebooks (matplotlib)."""
from __future__ import annotations

import math

import numpy as np


def show_images(images, titles=None, ncols: int = 8, size: float = 1.4, cmap: str = "gray",
                suptitle: str | None = None):
    """Show a grid of images (N, H, W[, C]); returns the figure."""
    import matplotlib.pyplot as plt

    images = list(images)
    nrows = max(1, math.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        image = np.asarray(images[i])
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        ax.imshow(image, cmap=cmap if image.ndim == 2 else None)
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def mean_std_bars(ax, labels, values_per_label, ylabel: str = "test accuracy"):
    """Bar chart of the mean with a sample-standard-deviation error bar (as `fastsmall.stats`) for
    each label, and every run as a dot."""
    means = [float(np.mean(v)) for v in values_per_label]
    stds = [float(np.std(v, ddof=1)) if len(v) > 1 else 0.0 for v in values_per_label]
    ax.bar(labels, means, yerr=stds, capsize=6, color="tab:blue", alpha=0.8)
    for i, values in enumerate(values_per_label):
        ax.scatter([i] * len(values), values, color="k", s=12, zorder=3)
    ax.set_ylabel(ylabel)
    return ax
