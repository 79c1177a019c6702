"""Plausible wrong answers to the 00_welcome warm-up exercises, and correct ones written differently."""

BYTES = "test_weight_storage_bytes_"
LATENCY = "test_robust_latency_ms_"


def _bytes(body: str) -> dict:
    return {"weight_storage_bytes": "def weight_storage_bytes(num_weights, bits_per_weight):\n" + body}


def _latency(body: str) -> dict:
    return {"robust_latency_ms": "import numpy as np\nimport statistics\n\n"
                                 "def robust_latency_ms(times_s, warmup):\n" + body}


_CHECKED = ("    if num_weights < 0 or bits_per_weight <= 0:\n"
            "        raise ValueError('bad input')\n")

WRONG_ANSWERS = {
    "bits_not_bytes": {
        "breaks": "it returns bytes",
        "replace": _bytes("    return int(num_weights * bits_per_weight)\n"),
        "must_lose": [BYTES + "visible", BYTES + "hidden"],
    },
    "rounds_down": {
        "breaks": "rounded up: a partly filled byte takes a whole byte",
        "replace": _bytes(_CHECKED + "    return num_weights * bits_per_weight // 8\n"),
        "must_lose": [BYTES + "visible", BYTES + "hidden"],
    },
    "float_ceiling": {
        "breaks": "exact for every count, however large",
        "replace": _bytes(_CHECKED + "    import math\n"
                                     "    return int(math.ceil(num_weights * bits_per_weight / 8))\n"),
        "must_lose": [BYTES + "hidden"],
    },
    "zero_count_rejected": {
        "breaks": "num_weights may be 0",
        "replace": _bytes("    if num_weights <= 0 or bits_per_weight <= 0:\n"
                          "        raise ValueError('bad input')\n"
                          "    return (num_weights * bits_per_weight + 7) // 8\n"),
        "must_lose": [BYTES + "hidden"],
    },
    "zero_bits_accepted": {
        "breaks": "a bits_per_weight that is 0 raises ValueError",
        "replace": _bytes("    if num_weights < 0 or bits_per_weight < 0:\n"
                          "        raise ValueError('bad input')\n"
                          "    return (num_weights * bits_per_weight + 7) // 8\n"),
        "must_lose": [BYTES + "hidden"],
    },
    "numpy_integer": {
        "breaks": "it returns a Python int",
        "replace": _bytes(_CHECKED + "    import numpy as np\n"
                                     "    return np.int64(-(-num_weights * bits_per_weight // 8))\n"),
        "must_lose": [BYTES + "visible", BYTES + "hidden"],
    },
    "mean_not_median": {
        "breaks": "return the median",
        "replace": _latency("    kept = list(times_s)[warmup:]\n"
                            "    return float(sum(kept) / len(kept) * 1000)\n"),
        "must_lose": [LATENCY + "visible", LATENCY + "hidden"],
    },
    "keeps_warmup": {
        "breaks": "drop the first `warmup` timings",
        "replace": _latency("    return float(np.median(times_s) * 1000)\n"),
        "must_lose": [LATENCY + "visible", LATENCY + "hidden"],
    },
    "seconds_not_ms": {
        "breaks": "in milliseconds",
        "replace": _latency("    return float(np.median(np.asarray(times_s)[warmup:]))\n"),
        "must_lose": [LATENCY + "visible", LATENCY + "hidden"],
    },
    "drops_fastest_after_sorting": {
        "breaks": "drop the first timings, whatever their values",
        "replace": _latency("    kept = sorted(times_s)[warmup:]\n"
                            "    if not kept:\n"
                            "        raise ValueError('nothing left')\n"
                            "    return float(statistics.median(kept) * 1000)\n"),
        "must_lose": [LATENCY + "visible", LATENCY + "hidden"],
    },
    "lower_middle_for_even_counts": {
        "breaks": "for an even number of timings the median is the mean of the two middle values",
        "replace": _latency("    kept = list(times_s)[warmup:]\n"
                            "    if not kept:\n"
                            "        raise ValueError('nothing left')\n"
                            "    return float(statistics.median_low(kept) * 1000)\n"),
        "must_lose": [LATENCY + "hidden"],
    },
    "zero_warmup_means_one": {
        "breaks": "warmup is an int >= 0 (0 keeps every timing)",
        "replace": _latency("    kept = list(times_s)[warmup or 1:]\n"
                            "    if not kept:\n"
                            "        raise ValueError('nothing left')\n"
                            "    return float(np.median(kept) * 1000)\n"),
        "must_lose": [LATENCY + "hidden"],
    },
    "nan_instead_of_error": {
        "breaks": "raise ValueError when nothing is left after the warm-up",
        "replace": _latency("    import warnings\n"
                            "    with warnings.catch_warnings():\n"
                            "        warnings.simplefilter('ignore')\n"
                            "        return float(np.median(np.asarray(times_s, dtype=float)[warmup:]) * 1000)\n"),
        "must_lose": [LATENCY + "hidden"],
    },
}

RIGHT_ANSWERS = {
    "negated_floor_division": {
        "why": "ceiling as -(-a // b), and the checks written separately",
        "replace": _bytes("    if num_weights < 0:\n"
                          "        raise ValueError('negative count')\n"
                          "    if bits_per_weight < 1:\n"
                          "        raise ValueError('bit width must be positive')\n"
                          "    return -(-num_weights * bits_per_weight // 8)\n"),
    },
    "divmod_and_statistics": {
        "why": "divmod for the bytes; statistics.median on a list for the latency",
        "replace": {**_bytes(_CHECKED +
                             "    whole, rest = divmod(num_weights * bits_per_weight, 8)\n"
                             "    return whole + (1 if rest else 0)\n"),
                    **_latency("    kept = [float(t) for t in list(times_s)[warmup:]]\n"
                               "    if len(kept) == 0:\n"
                               "        raise ValueError('no timings after the warm-up')\n"
                               "    return statistics.median(kept) * 1000.0\n")},
    },
    "hand_written_median": {
        "why": "the median computed by hand from a sorted list",
        "replace": _latency("    kept = sorted(float(t) for t in times_s[warmup:])\n"
                            "    n = len(kept)\n"
                            "    if n == 0:\n"
                            "        raise ValueError('no timings after the warm-up')\n"
                            "    middle = (kept[(n - 1) // 2] + kept[n // 2]) / 2\n"
                            "    return middle * 1e3\n"),
    },
}
