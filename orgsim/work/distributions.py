"""Random durations and sizes, drawn in blocks from named streams.

Each purpose (arrivals of one team, service at one station, defects, ...) draws from its
own stream, spawned from the run's seed and the purpose's name. Two scenarios run with the
same seed therefore see the same arrivals and the same service draws wherever their
structure agrees: common random numbers, which make paired comparisons sharp.

Drawing numpy variates one at a time costs about a microsecond each; drawing them in
blocks and handing them out from a list keeps the event loop lean without changing a
single value (a stream's sequence does not depend on the block size used to read it).
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from orgsim.scenario.schema import Distribution, empirical_moments

_BLOCK = 2048


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator for one purpose, fixed by (seed, name) and independent of all others."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


class Sampler:
    """Positive random values with a given mean and shape, served from a buffered stream.

    `next()` returns one value; unit draws are scaled by the mean so that a sampler's
    values for two different means stay paired under common random numbers.
    """

    __slots__ = ("_buf", "_draw", "_i", "dist", "mean")

    def __init__(self, dist: Distribution, rng: np.random.Generator) -> None:
        self.dist = dist
        self.mean = dist.mean
        self._draw = _unit_drawer(dist, rng)
        self._buf: list[float] = []
        self._i = 0

    def next(self) -> float:
        i = self._i
        if i >= len(self._buf):
            self._buf = (self._draw(_BLOCK) * self.mean).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]


class Uniforms:
    """Buffered U(0,1) draws from one stream, for routing decisions."""

    __slots__ = ("_buf", "_i", "_rng")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._buf: list[float] = []
        self._i = 0

    def next(self) -> float:
        i = self._i
        if i >= len(self._buf):
            self._buf = self._rng.random(_BLOCK).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]


def _unit_drawer(dist: Distribution, rng: np.random.Generator):
    """A function n -> n draws of mean 1 with the distribution's shape."""
    cv = dist.cv
    match dist.dist:
        case "exponential":
            return lambda n: rng.standard_exponential(n)
        case "deterministic":
            return lambda n: np.ones(n)
        case "lognormal":
            sigma = math.sqrt(math.log1p(cv * cv))
            mu = -0.5 * sigma * sigma
            # The generator's own lognormal: exp from the C library, the same on every
            # x86-64 CPU. (np.exp on an array dispatches to SIMD kernels by CPU feature,
            # and its AVX-512 kernel rounds differently in the last bit.)
            return lambda n: rng.lognormal(mu, sigma, n)
        case "gamma":
            shape = 1.0 / (cv * cv)
            return lambda n: rng.standard_gamma(shape, n) / shape
        case "uniform":
            half = cv * math.sqrt(3.0)
            return lambda n: rng.uniform(1.0 - half, 1.0 + half, n)
        case "empirical":
            # Inverse CDF by linear interpolation between equally spaced quantiles,
            # divided by the quantiles' own mean: one uniform per draw, so two
            # scenarios differing only in the mean stay paired (common random numbers).
            q = np.asarray(dist.quantiles, dtype=float)
            probs = np.linspace(0.0, 1.0, len(q))
            unit = q / empirical_moments(dist.quantiles)[0]
            return lambda n: np.interp(rng.random(n), probs, unit)
    raise ValueError(f"unknown distribution {dist.dist!r}")  # pragma: no cover
