"""The measured-results contract: `$COURSE_RESULTS_DIR/<notebook id>.json`, metric name -> number."""
from __future__ import annotations

import json
import math
import numbers
import os
from pathlib import Path

RESULTS_ENV = "COURSE_RESULTS_DIR"


def record_results(notebook_id: str, metrics: dict[str, float]) -> Path | None:
    """Check the metrics are finite numbers, print them, and save them when COURSE_RESULTS_DIR is set.

    Returns the file written, or None when the variable is not set (a learner's ordinary run).
    """
    clean = {}
    for name, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"metric {name!r} must be a number, got {type(value).__name__}")
        if not math.isfinite(float(value)):
            raise ValueError(f"metric {name!r} is not finite: {value}")
        clean[name] = int(value) if isinstance(value, numbers.Integral) else float(value)
    width = max(map(len, clean), default=0)
    for name, number in clean.items():
        print(f"{name:<{width}}  {number:.6g}")
    folder = os.environ.get(RESULTS_ENV)
    if not folder:
        return None
    path = Path(folder) / f"{notebook_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clean, indent=2, sort_keys=True) + "\n")
    return path
