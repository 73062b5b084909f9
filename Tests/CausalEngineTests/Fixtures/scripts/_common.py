"""Shared helpers for the fixture scripts (paths, CSV in/out, JSON out, versions).

Every fixture script is run from the repository root, e.g.
    /work/scratch/venv-est/bin/python Tests/CausalEngineTests/Fixtures/scripts/ols_modifiers.py
"""
import json
import math
import os
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd

FIX = Path(__file__).resolve().parent.parent          # .../Fixtures
SCRIPTS = FIX / "scripts"
REPO = FIX.parents[2]                                   # repository root
SHARED = Path(os.environ.get("ASSAY_SHARED", REPO.parent / "shared"))
CASES = SHARED / "conformance" / "cases"
DATASETS = SHARED / "datasets"


def case_dir(name):
    d = FIX / name
    d.mkdir(parents=True, exist_ok=True)
    return d


def read_csv(path):
    """Always re-read data from the CSV (exact decimal round trip)."""
    return pd.read_csv(path, float_precision="round_trip")


def write_simulated_csv(df, path, decimals=6):
    """Round float columns to `decimals` and write; integer columns unchanged."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    out.to_csv(path, index=False)


def _clean(o):
    if isinstance(o, dict):
        return {str(k): _clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean(v) for v in o]
    if isinstance(o, np.ndarray):
        return [_clean(v) for v in o.tolist()]
    if isinstance(o, (np.bool_,)):
        return bool(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating, float)):
        f = float(o)
        if math.isnan(f) or math.isinf(f):
            return None
        return f
    return o


def dump_json(obj, path):
    """JSON with floats written by float.__repr__ (shortest round-trip repr)."""
    with open(path, "w") as fh:
        json.dump(_clean(obj), fh, indent=1, allow_nan=False)
        fh.write("\n")


def load_json(path):
    with open(path) as fh:
        return json.load(fh)


def versions(*mods):
    v = {"python": platform.python_version()}
    import importlib
    for m in ("numpy", "scipy", "pandas") + tuple(mods):
        try:
            mod = importlib.import_module(m)
            v[m] = getattr(mod, "__version__", "?")
        except Exception as e:  # pragma: no cover
            v[m] = f"not importable: {e}"
    return v


def max_abs_diff(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)))


def rel_diff(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def r_quantile7(x, p):
    """R's default quantile (type 7), written out: h = (n-1)p, x[floor h] + (h-floor h)(x[floor h + 1]-x[floor h])."""
    xs = np.sort(np.asarray(x, dtype=float))
    n = len(xs)
    out = []
    for pp in np.atleast_1d(p):
        h = (n - 1) * pp
        lo = int(math.floor(h))
        hi = min(lo + 1, n - 1)
        out.append(xs[lo] + (h - lo) * (xs[hi] - xs[lo]))
    return np.array(out)


def note_r(path):
    """Load an R cross-check JSON written by an R script, or None if absent."""
    p = Path(path)
    return load_json(p) if p.exists() else None
