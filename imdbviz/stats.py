"""What several seeds say: a metric's spread over seeds, and whether two variants differ.

A network's test accuracy moves with its random seed (the starting weights, the order of the
batches, dropout). One run per variant cannot tell a better recipe from a lucky seed, so the
course trains each variant with several seeds and compares them with Student's t:

- ``Spread``: one metric over seeds, with its mean, standard deviation (how far a single seed
  strays) and standard error (how far the *mean* of this many seeds strays, ``std / sqrt(n)``).
- ``difference(a, b)``: ``a - b``. When both were trained with the same seeds the comparison is
  **paired**: the difference per seed, then its mean and standard error (what a seed does to
  both variants cancels out). Otherwise it is Welch's two-sample comparison.
  ``verdict`` is "higher" or "lower" when the 95% confidence interval of the difference
  (``delta +/- t * stderr``, ``t`` from Student's t for the degrees of freedom,
  ``scipy.stats.t``) leaves out 0, else "within noise": these seeds cannot tell the two apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats as _scipy_stats

#: The confidence level of every verdict.
CONFIDENCE = 0.95


def format_p(p: float) -> str:
    """A p-value as a reader should see it: "p = 0.037", or "p < 0.001" (a p-value is never 0)."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


@dataclass
class Spread:
    """One metric over seeds: ``values`` ``(seeds,)`` and, when known, the ``seeds`` they came
    from (in the same order), which lets ``difference`` pair two spreads."""

    name: str
    values: np.ndarray = field(repr=False)
    seeds: tuple | None = None

    def __post_init__(self):
        self.values = np.asarray(self.values, dtype=float).reshape(-1)
        if self.seeds is not None:
            self.seeds = tuple(int(s) for s in self.seeds)
            if len(self.seeds) != len(self.values):
                raise ValueError(f"{len(self.seeds)} seeds for {len(self.values)} values")

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    @property
    def std(self) -> float:
        """Sample standard deviation (``ddof=1``): how far one seed's value strays."""
        return float(np.std(self.values, ddof=1)) if self.n > 1 else 0.0

    @property
    def stderr(self) -> float:
        """Standard error of the mean, ``std / sqrt(n)``: how far the mean of ``n`` seeds strays."""
        return self.std / np.sqrt(self.n) if self.n > 1 else 0.0

    @property
    def low(self) -> float:
        return float(np.min(self.values))

    @property
    def high(self) -> float:
        return float(np.max(self.values))

    def by_seed(self) -> dict:
        """``{seed: value}`` (needs ``seeds``)."""
        if self.seeds is None:
            raise ValueError(f"{self.name!r} does not know its seeds")
        return dict(zip(self.seeds, self.values))

    def __str__(self) -> str:
        return (f"{self.name}: {self.mean:.4f} +/- {self.std:.4f} "
                f"({self.low:.4f} to {self.high:.4f}, {self.n} seeds)")


def spread(records: list[dict], metric="test_accuracy", name: str | None = None) -> Spread:
    """``metric`` (a record key, or a function of a record) over run records (each a dict
    as ``experiments.seed_runs`` returns, with its ``"seed"`` when it has one)."""
    if not records:
        raise ValueError("no runs to summarise: pass at least one seed")
    values = [metric(r) if callable(metric) else r[metric] for r in records]
    seeds = [r.get("seed") for r in records]
    seeds = tuple(seeds) if all(s is not None for s in seeds) and len(set(seeds)) == len(seeds) \
        else None
    return Spread(name or records[0].get("experiment", ""), np.asarray(values, dtype=float), seeds)


@dataclass
class Difference:
    """``a - b``: ``delta`` (mean difference), ``stderr`` (its standard error), ``df`` (degrees
    of freedom), ``paired`` (same seeds: per-seed differences), ``critical`` (Student's t for
    ``CONFIDENCE`` and ``df``), and from them ``interval``, ``t``, ``p_value`` and ``verdict``."""

    a: Spread
    b: Spread
    delta: float
    stderr: float
    df: float
    paired: bool

    @property
    def critical(self) -> float:
        return float(_scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, self.df)) if self.df > 0 else np.inf

    @property
    def interval(self) -> tuple[float, float]:
        """The ``CONFIDENCE`` confidence interval of ``delta`` (unbounded with one seed)."""
        if self.df <= 0:
            return (-np.inf, np.inf)
        half = self.critical * self.stderr
        return (self.delta - half, self.delta + half)

    @property
    def t(self) -> float:
        """The t statistic, ``delta / stderr`` (inf when the seeds agree exactly)."""
        if self.stderr == 0:
            return 0.0 if self.delta == 0 else float(np.sign(self.delta) * np.inf)
        return self.delta / self.stderr

    @property
    def p_value(self) -> float:
        """Two-sided: the chance of a ``|t|`` this large if the variants did not differ."""
        if self.df <= 0:
            return 1.0
        return float(2 * _scipy_stats.t.sf(abs(self.t), self.df))

    @property
    def verdict(self) -> str:
        """ "higher" or "lower" when the interval leaves out 0, else "within noise"."""
        if self.df <= 0 or self.p_value >= 1 - CONFIDENCE:
            return "within noise"
        return "higher" if self.delta > 0 else "lower"

    @property
    def lower_on_every_seed(self) -> bool | None:
        """Paired only: is ``a`` below ``b`` for every seed? (None when unpaired.)"""
        return bool(np.all(self.per_seed < 0)) if self.paired else None

    @property
    def per_seed(self) -> np.ndarray:
        """Paired only: ``a - b`` for each seed of ``a.seeds``, shape ``(seeds,)``."""
        if not self.paired:
            raise ValueError("an unpaired difference has no per-seed values")
        by_b = self.b.by_seed()
        return np.array([value - by_b[seed] for seed, value in zip(self.a.seeds, self.a.values)])

    def __str__(self) -> str:
        low, high = self.interval
        kind = f"paired over {self.a.n} seeds" if self.paired else "unpaired (Welch)"
        return (f"{self.a.name} - {self.b.name}: {self.delta:+.4f}, {kind}; standard error "
                f"{self.stderr:.4f}, {CONFIDENCE:.0%} interval {low:+.4f} to {high:+.4f} "
                f"(t = {self.t:.2f}, df = {self.df:.3g}, {format_p(self.p_value)}): {self.verdict}")


def difference(a: Spread, b: Spread, paired: bool | None = None) -> Difference:
    """``a - b`` measured against the seed-to-seed noise. ``paired=None`` pairs the two when
    both know their seeds and hold the same ones; ``True`` requires it; ``False`` compares
    them as independent samples (Welch)."""
    same_seeds = a.seeds is not None and b.seeds is not None and set(a.seeds) == set(b.seeds)
    if paired and not same_seeds:
        raise ValueError(f"cannot pair {a.name!r} with {b.name!r}: they were not trained with "
                         "the same seeds")
    if paired is None:
        paired = same_seeds
    if paired:
        by_b = b.by_seed()
        per_seed = np.array([value - by_b[seed] for seed, value in zip(a.seeds, a.values)])
        stderr = (float(np.std(per_seed, ddof=1) / np.sqrt(len(per_seed))) if len(per_seed) > 1
                  else 0.0)  # one seed: no noise to measure (df 0), so never a verdict
        return Difference(a, b, float(per_seed.mean()), stderr, float(len(per_seed) - 1), True)
    va, vb = a.stderr ** 2, b.stderr ** 2
    stderr = float(np.sqrt(va + vb))
    if a.n < 2 or b.n < 2 or stderr == 0:
        df = float(a.n + b.n - 2) if stderr == 0 and a.n > 1 and b.n > 1 else 0.0
    else:  # Welch-Satterthwaite
        df = float((va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1)))
    return Difference(a, b, a.mean - b.mean, stderr, df, False)
