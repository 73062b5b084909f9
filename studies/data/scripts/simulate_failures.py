#!/usr/bin/env python3
"""Writes the simulated data sets of the planted failures (studies/failing/).

Each data set is built so that one declared check of its study must fail and the
others must pass; `make run` requires `assay run` to exit 1 on each study.

  simulated/omitted_confounder.csv  n = 1000. c ~ N(0,1); z = 0.8 c + e; t = 0.7 z + e;
      w ~ N(0,1); y = 1.0 t + 0.5 w + 0.8 c + e (all e ~ N(0,1)). The study's graph
      omits c, so it claims z _||_ y | t, which the data contradict: graph_independencies
      fails.
  simulated/no_effect.csv           n = 1000. x ~ N(0,1); t ~ Bernoulli(logistic(0.5 x));
      y = 1.5 x + e. The treatment does nothing (true effect 0), so a placebo check that
      expects a real effect (expect_effect: true) fails.
  simulated/no_overlap.csv          n = 1000. x ~ N(0, 1.5^2); t ~ Bernoulli(logistic(4 x));
      y = 2 t + x + e. Most units have a propensity score below 0.01 or above 0.99, so
      the overlap check fails (the regression still recovers the effect 2, by
      extrapolating a correct linear model).
  simulated/pre_trends_violated.csv 300 units x periods 1-8 (long panel, 2400 rows); units
      0-99 adopt in period 5, 100-199 in period 7, 200-299 never. a_i ~ N(0,1);
      y_it = a_i + 0.3 t + 0.15 t [unit ever treated] + 1.0 d_it + e_it, d_it = 1[t >= cohort].
      The treated units' untreated outcomes trend faster than the never treated's, so
      parallel trends fails and the pre_trends check must fail.
  simulated/manipulated_running_variable.csv  n = 2000. x ~ U(-1, 1) rounded to 6 decimals;
      units with x in [-0.1, 0) move to -x with probability 0.6 (they sort just above the
      cutoff 0, as when a score is nudged over a threshold); t = 1[x >= 0]; w ~ N(0,1) is
      fixed before x; y = 1 + 0.5 x + 2 t + 0.3 w + e. The outcome is continuous in x, so
      the regression discontinuity finds the effect 2, but the density of x jumps at 0 and
      the manipulation test (rd_density) fails.

Deterministic: Python's Mersenne Twister (random.Random, stable across versions) with a
fixed seed per file, Box-Muller normals written out here, values rounded to 6 decimals.
Standard library only. Run from anywhere:
    python3 studies/data/scripts/simulate_failures.py
"""
import math
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "simulated"


class Draws:
    """Normal and uniform draws from a seeded Mersenne Twister (Box-Muller, no caching)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self):
        return self.rng.random()

    def normal(self, sd=1.0):
        u1 = 1.0 - self.rng.random()  # in (0, 1]
        u2 = self.rng.random()
        return sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def bernoulli(self, p):
        return 1 if self.uniform() < p else 0


def logistic(v):
    return 1.0 / (1.0 + math.exp(-v))


def write(name, columns, rows):
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(str(v) if isinstance(v, int) else f"{v:.6f}" for v in row))
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {name}: {len(rows)} rows")


def omitted_confounder(n=1000, seed=101):
    d = Draws(seed)
    rows = []
    for _ in range(n):
        c = d.normal()
        z = 0.8 * c + d.normal()
        t = 0.7 * z + d.normal()
        w = d.normal()
        y = 1.0 * t + 0.5 * w + 0.8 * c + d.normal()
        rows.append((c, z, t, w, y))
    write("omitted_confounder.csv", ["c", "z", "t", "w", "y"], rows)


def no_effect(n=1000, seed=202):
    d = Draws(seed)
    rows = []
    for _ in range(n):
        x = d.normal()
        t = d.bernoulli(logistic(0.5 * x))
        y = 1.5 * x + d.normal()
        rows.append((x, t, y))
    write("no_effect.csv", ["x", "t", "y"], rows)


def no_overlap(n=1000, seed=303):
    d = Draws(seed)
    rows = []
    for _ in range(n):
        x = d.normal(1.5)
        t = d.bernoulli(logistic(4.0 * x))
        y = 2.0 * t + x + d.normal()
        rows.append((x, t, y))
    write("no_overlap.csv", ["x", "t", "y"], rows)


def pre_trends_violated(units=300, periods=8, seed=404):
    d = Draws(seed)
    rows = []
    for i in range(units):
        cohort = 5 if i < 100 else (7 if i < 200 else 0)
        a = d.normal()
        for t in range(1, periods + 1):
            treated = 1 if cohort and t >= cohort else 0
            y = a + 0.3 * t + (0.15 * t if cohort else 0.0) + 1.0 * treated + d.normal()
            rows.append((i + 1, t, treated, y))
    write("pre_trends_violated.csv", ["unit", "period", "d", "y"], rows)
def manipulated_running_variable(n=2000, seed=404):
    d = Draws(seed)
    rows = []
    for _ in range(n):
        x = round(2.0 * d.uniform() - 1.0, 6)
        w = d.normal()
        if -0.1 <= x < 0.0 and d.uniform() < 0.6:
            x = -x
        t = 1 if x >= 0.0 else 0
        y = 1.0 + 0.5 * x + 2.0 * t + 0.3 * w + d.normal()
        rows.append((x, w, t, y))
    write("manipulated_running_variable.csv", ["x", "w", "t", "y"], rows)


if __name__ == "__main__":
    omitted_confounder()
    no_effect()
    no_overlap()
    pre_trends_violated()
    manipulated_running_variable()
