"""Comparing training runs over seeds honestly: mean ± std, and paired differences.

Two arms trained with the same seeds (same initial weights, same data order) are compared seed by
seed: the paired difference removes the part of the noise that both arms share. A difference is
reported with its spread, and called "within noise" when mean ± one standard deviation of the
paired differences covers zero. With a handful of seeds even a difference outside one standard
deviation can be luck, so `verdict()` also says whether the 95% confidence interval (Student's t)
excludes zero.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (scipy.stats.t.ppf(0.975, df)).
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t95(dof: int) -> float:
    """The two-sided 95% quantile of Student's t with `dof` degrees of freedom (1.96 beyond 30)."""
    if dof < 1:
        return math.inf
    return _T95[dof - 1] if dof <= len(_T95) else 1.96


@dataclass(frozen=True)
class Summary:
    """Mean and sample standard deviation (ddof=1; 0 for a single value) of n runs."""

    mean: float
    std: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.4f} ± {self.std:.4f} (n={self.n})"


def summarize(values) -> Summary:
    """Mean ± sample standard deviation of one arm's results over seeds."""
    array = np.asarray(values, dtype=float).ravel()
    if array.size == 0:
        raise ValueError("no values to summarize")
    std = float(np.std(array, ddof=1)) if array.size > 1 else 0.0
    return Summary(float(np.mean(array)), std, int(array.size))


@dataclass(frozen=True)
class PairedDifference:
    """`treatment - control`, seed by seed, in percentage points (accuracies given as fractions)."""

    mean_pp: float
    std_pp: float
    n: int
    per_seed_pp: tuple[float, ...]

    @property
    def ci95_pp(self) -> float:
        """Half-width of the 95% confidence interval of the mean difference."""
        return t95(self.n - 1) * self.std_pp / math.sqrt(self.n) if self.n > 1 else math.inf

    @property
    def within_noise(self) -> bool:
        """True when mean ± std covers zero: the seeds do not even agree on the sign."""
        return abs(self.mean_pp) <= self.std_pp

    def verdict(self) -> str:
        if self.within_noise:
            return "within noise"
        if abs(self.mean_pp) <= self.ci95_pp:
            return f"outside one std, but the 95% interval (±{self.ci95_pp:.1f} pp) still covers 0"
        return f"clear: the 95% interval (±{self.ci95_pp:.1f} pp) excludes 0"

    def __str__(self) -> str:
        return f"{self.mean_pp:+.2f} ± {self.std_pp:.2f} pp over {self.n} seeds ({self.verdict()})"


def paired_difference(treatment, control) -> PairedDifference:
    """Seed-by-seed difference of two arms' accuracies (fractions), in percentage points."""
    a = np.asarray(treatment, dtype=float).ravel()
    b = np.asarray(control, dtype=float).ravel()
    if a.shape != b.shape or a.size == 0:
        raise ValueError(f"paired arms need the same number of seeds, got {a.size} and {b.size}")
    diff = 100.0 * (a - b)
    std = float(np.std(diff, ddof=1)) if diff.size > 1 else 0.0
    return PairedDifference(float(np.mean(diff)), std, int(diff.size),
                            tuple(float(d) for d in diff))


def comparison_table(arms: dict[str, list[float]], baseline: str | None = None) -> str:
    """A plain-text table: every arm's mean ± std, and its paired difference to `baseline`."""
    width = max(len(name) for name in arms)
    lines = [f"{'arm':<{width}}  {'mean ± std':>17}  {'seeds':>5}"
             + (f"  {'vs ' + baseline:>24}" if baseline else "")]
    for name, values in arms.items():
        s = summarize(values)
        line = f"{name:<{width}}  {s.mean:>8.4f} ± {s.std:<6.4f}  {s.n:>5}"
        if baseline and name != baseline:
            d = paired_difference(values, arms[baseline])
            line += f"  {d.mean_pp:>+8.2f} ± {d.std_pp:.2f} pp  {d.verdict()}"
        lines.append(line)
    return "\n".join(lines)
