#!/usr/bin/env python3
"""`make bench-compare`: two studies in DoWhy 0.14 and in Assay, on the same data.

The standard study (issue 9): binary treatment T, common causes W0..W9, instruments Z0 Z1,
continuous outcome Y (true effect 10); estimators linear regression, propensity-score
weighting, propensity-score matching, instrumental variable; refuters random common cause,
placebo treatment (permute), data subset and bootstrap, 100 simulations each, on the
linear-regression estimate. Assay runs bench/standard-study.yaml with `assay run`
(release build, one thread unless --threads says otherwise).

The weighting-and-matching study (issue 17): the same data; propensity-score weighting and
matching, each with placebo treatment (permute), data subset (0.8) and bootstrap refuters of
100 simulations (bench/weighting-matching-study.yaml): every simulation refits the estimator.

The data: bench/data/standard-<n>.csv, written by `AssayBench generate` (deterministic; not
committed). DoWhy reads the same file with pandas (T as bool, as DoWhy's own data sets have it).

DoWhy runs in a virtual environment outside the repository ($DOWHY_VENV, default
/work/scratch/venv-dowhy), created on first use with dowhy==0.14, numpy<2.4, pandas<3
(dowhy.datasets breaks on numpy 2.4 / pandas 3). When it cannot be created or DoWhy does
not import, the script says so and exits 0: DoWhy is never required by the tests.

Runs alternate (DoWhy, Assay, then Assay, DoWhy, ...) so that a busy machine slows both
alike; each phase reports the fastest of the rounds. DoWhy is run with its defaults
(no confidence intervals; the bootstrap refuter adds N(0, (0.1 sd)^2) noise to the float
confounders, which costs next to nothing) and its BLAS limited to --threads threads; Assay
always computes standard errors.

Usage: python3 bench/compare.py [--sizes 10000,100000] [--with-1e6] [--rounds R] [--threads T]
                               [--studies standard,weighting-matching]
"""
import argparse
import copy
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.environ.get("DOWHY_VENV", "/work/scratch/venv-dowhy")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
REQUIREMENTS = ["dowhy==0.14", "numpy<2.4", "pandas<3"]
ASSAY = os.path.join(ROOT, ".build", "release", "assay")
BENCH = os.path.join(ROOT, ".build", "release", "AssayBench")
DATA = os.path.join(ROOT, "bench", "data")
SEED = 20250909
SIMULATIONS = 100

COMMON_CAUSES = ["W%d" % j for j in range(10)]
INSTRUMENTS = ["Z0", "Z1"]
PLACEBO = ("placebo_treatment_refuter", {"placebo_type": "permute"})
SUBSET = ("data_subset_refuter", {"subset_fraction": 0.8})
BOOTSTRAP = ("bootstrap_refuter", {})


class Study:
    """A study run by both tools: its Assay template and reports folder, its estimators
    (phase, DoWhy method, Assay estimator name) and refuters (phase, DoWhy method, DoWhy
    parameters, Assay estimator name the refuter checks, Assay check name)."""

    def __init__(self, name, template, reports, estimators, refuters):
        self.name, self.template, self.reports = name, template, reports
        self.estimators, self.refuters = estimators, refuters
        self.phases = ["read data", "identify"] + [e[0] for e in estimators] + [r[0] for r in refuters]


def _refuters(estimator, checks):
    return [("refute %s: %s" % (estimator, check), method, params, estimator, check)
            for check, (method, params) in checks]


STUDIES = {
    "standard": Study(
        "standard", "standard-study.yaml", "standard-study",
        [("estimate linear_regression", "backdoor.linear_regression", "ols"),
         ("estimate propensity_score_weighting", "backdoor.propensity_score_weighting", "ipw"),
         ("estimate propensity_score_matching", "backdoor.propensity_score_matching", "matching"),
         ("estimate instrumental_variable", "iv.instrumental_variable", "iv")],
        _refuters("ols", [("random_common_cause", ("random_common_cause", {})), ("placebo_treatment", PLACEBO),
                          ("data_subset", SUBSET), ("bootstrap", BOOTSTRAP)])),
    "weighting-matching": Study(
        "weighting-matching", "weighting-matching-study.yaml", "weighting-matching-study",
        [("estimate propensity_score_weighting", "backdoor.propensity_score_weighting", "ipw"),
         ("estimate propensity_score_matching", "backdoor.propensity_score_matching", "matching")],
        _refuters("ipw", [("placebo_treatment", PLACEBO), ("data_subset", SUBSET), ("bootstrap", BOOTSTRAP)])
        + _refuters("matching", [("placebo_treatment", PLACEBO), ("data_subset", SUBSET),
                                 ("bootstrap", BOOTSTRAP)])),
}


def gml_graph():
    """The study's graph as GML (parsed by networkx; DoWhy needs no pydot for it)."""
    nodes = COMMON_CAUSES + INSTRUMENTS + ["T", "Y"]
    edges = [(w, "T") for w in COMMON_CAUSES] + [(w, "Y") for w in COMMON_CAUSES]
    edges += [(z, "T") for z in INSTRUMENTS] + [("T", "Y")]
    text = "graph [ directed 1 "
    text += " ".join('node [ id "%s" label "%s" ]' % (v, v) for v in nodes)
    text += " " + " ".join('edge [ source "%s" target "%s" ]' % e for e in edges)
    return text + " ]"


# MARK: - The DoWhy worker (runs inside the venv)

def dowhy_worker(csv_path, study):
    """Runs `study` in DoWhy once and prints one line of JSON: seconds per phase."""
    import logging
    import warnings
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    import numpy as np
    import pandas as pd
    import dowhy
    from dowhy import CausalModel

    seconds = {}
    values = {}
    start = time.perf_counter()
    t = time.perf_counter()
    df = pd.read_csv(csv_path)
    df["T"] = df["T"].astype(bool)
    seconds["read data"] = time.perf_counter() - t

    t = time.perf_counter()
    model = CausalModel(data=df, treatment="T", outcome="Y", graph=gml_graph())
    estimand = model.identify_effect(proceed_when_unidentifiable=True)
    seconds["identify"] = time.perf_counter() - t

    # estimate_effect records its strategy in the estimand it is given (and the placebo refuter
    # reads it back), so each estimator gets its own copy, which its refuters use.
    estimates = {}
    for phase, method, name in study.estimators:
        np.random.seed(SEED)
        own = copy.deepcopy(estimand)
        t = time.perf_counter()
        params = {"iv_instrument_name": INSTRUMENTS} if method.startswith("iv.") else None
        estimate = model.estimate_effect(own, method_name=method, method_params=params)
        seconds[phase] = time.perf_counter() - t
        values[phase] = float(estimate.value)
        estimates[name] = (estimate, own)

    for phase, method, params, name, _ in study.refuters:
        estimate, own = estimates[name]
        t = time.perf_counter()
        refutation = model.refute_estimate(
            own, estimate, method_name=method, num_simulations=SIMULATIONS, random_seed=SEED, **params)
        seconds[phase] = time.perf_counter() - t
        values[phase] = float(refutation.new_effect)
    seconds["total"] = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "values": values, "dowhy": dowhy.__version__,
                      "numpy": np.__version__, "pandas": pd.__version__}))


# MARK: - The driver

def ensure_venv():
    """The venv's python when DoWhy imports there (creating the venv on first use), else None."""
    probe = "import dowhy, numpy, pandas; print(dowhy.__version__, numpy.__version__, pandas.__version__)"
    if not os.path.exists(VENV_PYTHON):
        print("creating %s (%s) ..." % (VENV, ", ".join(REQUIREMENTS)), flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
            subprocess.run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
            subprocess.run([VENV_PYTHON, "-m", "pip", "install", "--quiet"] + REQUIREMENTS, check=True)
        except (subprocess.CalledProcessError, OSError) as error:
            print("cannot create the DoWhy environment: %s" % error)
            return None
    found = subprocess.run([VENV_PYTHON, "-c", probe], capture_output=True, text=True)
    if found.returncode != 0:
        print("DoWhy does not import in %s:\n%s" % (VENV, found.stderr.strip().splitlines()[-1:]))
        return None
    print("DoWhy environment: %s (dowhy, numpy, pandas = %s)" % (VENV, found.stdout.strip()))
    return VENV_PYTHON


def study_file(study, n):
    """bench/data/<study>-<n>.yaml: the template pointing at the n-row file, reports beside it."""
    with open(os.path.join(ROOT, "bench", study.template)) as f:
        text = f.read()
    text = text.replace("data/standard-10000.csv", "standard-%d.csv" % n)
    text = text.replace("data/reports/" + study.reports, "reports/%s-%d" % (study.name, n))
    path = os.path.join(DATA, "%s-%d.yaml" % (study.name, n))
    with open(path, "w") as f:
        f.write(text)
    return path


def run_dowhy(python, csv_path, study, threads):
    # NumPy's BLAS gets the same number of threads as Assay (on the shared 2-core machine a
    # second BLAS thread made each small SVD three times slower).
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    t = time.perf_counter()
    done = subprocess.run([python, os.path.abspath(__file__), "--dowhy-worker", csv_path, "--studies", study.name],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError("DoWhy run failed:\n" + done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"]["process"] = wall
    return result


def run_assay(study, path, n, threads):
    t = time.perf_counter()
    done = subprocess.run([ASSAY, "run", path, "--quiet", "--threads", str(threads)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise RuntimeError("assay run failed (%d):\n%s" % (done.returncode, done.stderr[-3000:]))
    with open(os.path.join(DATA, "reports", "%s-%d" % (study.name, n), "result.json")) as f:
        record = json.load(f)
    steps = {s["name"]: s["value"] for s in record["provenance"]["timing"]["steps"]}
    # Assay's "summarise data" (the per-column summary of the report) counts as reading the data.
    seconds = {"read data": steps.get("load data", 0) + steps.get("summarise data", 0), "identify": steps.get("identify")}
    for phase, _, name in study.estimators:
        seconds[phase] = steps.get("estimate " + name)
    for phase, _, _, name, check in study.refuters:
        seconds[phase] = steps.get("check %s: %s" % (name, check))
    seconds["total"] = record["provenance"]["timing"]["total_seconds"]
    seconds["process"] = wall
    values = {e["name"]: e.get("value") for e in record["estimates"]}
    return {"seconds": seconds, "values": values}


def fastest(runs, study):
    keys = study.phases + ["total", "process"]
    return {k: min((r["seconds"][k] for r in runs if r["seconds"].get(k) is not None), default=None) for k in keys}


def table(study, n, dowhy, assay, threads):
    print("\n%s study, n = %d (fastest of %d alternating rounds; Assay with %d thread%s)" %
          (study.name, n, len(dowhy), threads, "" if threads == 1 else "s"))
    print("  %-40s %12s %12s %10s" % ("phase", "DoWhy s", "Assay s", "DoWhy/Assay"))
    d, a = fastest(dowhy, study), fastest(assay, study)
    for k in study.phases + ["total", "process"]:
        label = {"total": "total (phases, in process)", "process": "total (process wall, incl. start-up)"}.get(k, k)
        if d[k] is None or a[k] is None:
            print("  %-40s %12s %12s %10s" % (label, d[k], a[k], "-"))
            continue
        ratio = d[k] / a[k] if a[k] else float("inf")
        print("  %-40s %12.3f %12.4f %10.1f" % (label, d[k], a[k], ratio))
    dv, av = dowhy[0]["values"], assay[0]["values"]
    print("  estimates: DoWhy " + ", ".join("%s %.3f" % (name, dv[p]) for p, _, name in study.estimators))
    print("             Assay " + ", ".join("%s %.3f" % (k, v) for k, v in av.items() if v is not None))
    return {"study": study.name, "n": n, "threads": threads, "dowhy": d, "assay": a}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dowhy-worker", metavar="CSV", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="10000,100000", help="row counts (default 10000,100000)")
    parser.add_argument("--with-1e6", action="store_true", help="also n = 1,000,000 (DoWhy takes ~10 minutes)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per size (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="Assay threads (default 1)")
    parser.add_argument("--studies", default="standard,weighting-matching",
                        help="studies to compare (default standard,weighting-matching)")
    args = parser.parse_args()
    studies = []
    for name in args.studies.split(","):
        if name not in STUDIES:
            sys.exit("unknown study '%s' (known: %s)" % (name, ", ".join(STUDIES)))
        studies.append(STUDIES[name])
    if args.dowhy_worker:
        dowhy_worker(args.dowhy_worker, studies[0])
        return
    python = ensure_venv()
    if python is None:
        print("bench-compare: DoWhy is not available; nothing compared.")
        return
    for binary in (ASSAY, BENCH):
        if not os.path.exists(binary):
            sys.exit("missing %s: run `make bench-compare` (it builds both)" % binary)
    sizes = [int(float(s)) for s in args.sizes.split(",") if s]
    if args.with_1e6 and 1000000 not in sizes:
        sizes.append(1000000)
    os.chdir(ROOT)
    subprocess.run([BENCH, "generate"] + [str(n) for n in sizes], check=True, capture_output=True)
    summary = []
    for study in studies:
        for n in sizes:
            csv_path = os.path.join(DATA, "standard-%d.csv" % n)
            path = study_file(study, n)
            dowhy, assay = [], []
            for r in range(args.rounds):
                order = ["dowhy", "assay"] if r % 2 == 0 else ["assay", "dowhy"]
                for tool in order:
                    print("%s, n = %d, round %d: %s ..." % (study.name, n, r + 1,
                                                           "DoWhy" if tool == "dowhy" else "Assay"), flush=True)
                    if tool == "dowhy":
                        dowhy.append(run_dowhy(python, csv_path, study, args.threads))
                    else:
                        assay.append(run_assay(study, path, n, args.threads))
            summary.append(table(study, n, dowhy, assay, args.threads))
    with open(os.path.join(DATA, "compare.json"), "w") as f:
        json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
