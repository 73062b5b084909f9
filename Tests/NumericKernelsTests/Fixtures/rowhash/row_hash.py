#!/usr/bin/env python3
"""Reference values of Assay's row hash (RowHash.swift, docs/data-sources.md),
computed independently in Python with arbitrary-precision integers.

    mix(x):  x ^= x >> 16; x = (x * 0x7feb352d) % 2**32; x ^= x >> 15;
             x = (x * 0x5bd1e995) % 2**32; x ^= x >> 16
    row(key, stream) = mix(mix(mix(lo) ^ hi) ^ stream), lo/hi the 32-bit halves
        of the key's 64-bit two's complement
    draw(key, stream, s, d) = mix(row(key, stream) ^ (4 s + d))
    stream(seed, label) = low 32 bits of splitmix(splitmix(seed) ^ fnv1a64(label))
    Poisson(1) thresholds: floor(2**32 * F(k)), k = 0..12 (F in exact rationals)
    Poisson count of a draw h: #{k : threshold_k <= h}

Writes row_hash.json. Run: python3 row_hash.py (standard library only).
"""
import json
from fractions import Fraction
import math

M32 = 2**32
M64 = 2**64


def mix(x):
    x ^= x >> 16
    x = (x * 0x7FEB352D) % M32
    x ^= x >> 15
    x = (x * 0x5BD1E995) % M32
    x ^= x >> 16
    return x


def row(key, stream):
    bits = key % M64
    return mix(mix(mix(bits % M32) ^ (bits >> 32)) ^ stream)


def draw(key, stream, s, d):
    return mix(row(key, stream) ^ (4 * s + d))


def splitmix(x):
    z = (x + 0x9E3779B97F4A7C15) % M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M64
    return z ^ (z >> 31)


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) % M64
    return h


def stream(seed, label):
    return splitmix(splitmix(seed) ^ fnv1a64(label)) % M32


# floor(2^32 F(k)) with F(k) = e^-1 sum_{j<=k} 1/j!, e^-1 to 60 digits (exact floor).
from decimal import Decimal, getcontext
getcontext().prec = 60
e_inv = Decimal(1) / Decimal(1).exp()
thresholds = []
cumulative = Decimal(0)
term = Decimal(1)
for k in range(13):
    if k > 0:
        term /= k
    cumulative += e_inv * term
    thresholds.append(int((cumulative * M32).to_integral_value(rounding="ROUND_FLOOR")))


def poisson(h):
    return sum(1 for t in thresholds if t <= h)


keys = [0, 1, 2, 17, 445, 1000003, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**40 + 12345, 2**63 - 1, -1, -2, -(2**63)]
streams = [0, 1, 0xDEADBEEF, stream(20261128, "checks[3]:bootstrap")]
draws = []
for key in keys:
    for st in streams:
        for s in (0, 1, 99):
            for d in (0, 1):
                h = draw(key, st, s, d)
                draws.append({"key": key, "stream": st, "simulation": s, "draw": d, "hash": h, "poisson": poisson(h)})
labels = [[20261128, "checks[3]:bootstrap"], [0, ""], [2**53 - 1, "checks[12]:data_subset"]]
with open("row_hash.json", "w") as f:
    json.dump(
        {
            "streams": [{"seed": s, "label": l, "stream": stream(s, l)} for s, l in labels],
            "poisson_thresholds": thresholds,
            "draws": draws,
        },
        f,
        indent=0,
    )
    f.write("\n")
