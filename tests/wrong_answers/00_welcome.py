"""Plausible wrong answers to the 00_welcome warm-up exercises."""

WRONG_ANSWERS = {
    "bits_not_bytes": {
        "replace": {"weight_storage_bytes": (
            "def weight_storage_bytes(num_weights, bits_per_weight):\n"
            "    return int(num_weights * bits_per_weight)\n")},
        "must_lose": ["test_weight_storage_bytes_visible", "test_weight_storage_bytes_hidden"],
    },
    "rounds_down": {
        "replace": {"weight_storage_bytes": (
            "def weight_storage_bytes(num_weights, bits_per_weight):\n"
            "    if num_weights < 0 or bits_per_weight <= 0:\n"
            "        raise ValueError('bad input')\n"
            "    return num_weights * bits_per_weight // 8\n")},
        "must_lose": ["test_weight_storage_bytes_hidden"],
    },
    "mean_not_median": {
        "replace": {"robust_latency_ms": (
            "def robust_latency_ms(times_s, warmup):\n"
            "    kept = list(times_s)[warmup:]\n"
            "    return float(sum(kept) / len(kept) * 1000)\n")},
        "must_lose": ["test_robust_latency_ms_visible", "test_robust_latency_ms_hidden"],
    },
    "keeps_warmup": {
        "replace": {"robust_latency_ms": (
            "import numpy as np\n"
            "def robust_latency_ms(times_s, warmup):\n"
            "    return float(np.median(times_s) * 1000)\n")},
        "must_lose": ["test_robust_latency_ms_visible", "test_robust_latency_ms_hidden"],
    },
    "seconds_not_ms": {
        "replace": {"robust_latency_ms": (
            "import numpy as np\n"
            "def robust_latency_ms(times_s, warmup):\n"
            "    return float(np.median(np.asarray(times_s)[warmup:]))\n")},
        "must_lose": ["test_robust_latency_ms_visible", "test_robust_latency_ms_hidden"],
    },
}
