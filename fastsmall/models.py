"""Small Keras 3 classifiers for the digits. Every model outputs logits (no softmax)."""
from __future__ import annotations

from collections.abc import Sequence


def digits_mlp(hidden: Sequence[int] = (64,), input_shape=(8, 8, 1), num_classes: int = 10,
               dropout: float = 0.0, name: str = "mlp"):
    """Flatten -> Dense(ReLU) per entry of `hidden` -> Dense(num_classes) logits."""
    import keras

    layers = [keras.Input(input_shape), keras.layers.Flatten()]
    for units in hidden:
        layers.append(keras.layers.Dense(units, activation="relu"))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(num_classes, name="logits"))
    return keras.Sequential(layers, name=name)


def digits_cnn(filters: Sequence[int] = (16, 32), dense: int = 64, input_shape=(8, 8, 1),
               num_classes: int = 10, pool: bool = True, name: str = "cnn"):
    """Conv(3x3, ReLU)[+MaxPool] per entry of `filters` -> Dense(ReLU) -> Dense logits."""
    import keras

    layers = [keras.Input(input_shape)]
    for count in filters:
        layers.append(keras.layers.Conv2D(count, 3, padding="same", activation="relu"))
        if pool:
            layers.append(keras.layers.MaxPooling2D())
    layers += [keras.layers.Flatten(), keras.layers.Dense(dense, activation="relu"),
               keras.layers.Dense(num_classes, name="logits")]
    return keras.Sequential(layers, name=name)


def compile_classifier(model, learning_rate=1e-3, optimizer=None):
    """Adam + sparse cross-entropy on logits + accuracy. Returns the model."""
    import keras

    model.compile(
        optimizer=optimizer or keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def accuracy(model, x, y, batch_size: int = 256) -> float:
    """Top-1 accuracy of a logits model, as a fraction."""
    import numpy as np

    logits = model.predict(x, batch_size=batch_size, verbose=0)
    return float(np.mean(np.argmax(logits, axis=-1) == np.asarray(y)))
