#!/usr/bin/env bash
# Regenerate every fixture. Run from the repository root:
#   bash Tests/CausalEngineTests/Fixtures/scripts/run_all.sh
# PY: Python with the packages of requirements.txt (default: /work/scratch/venv-est/bin/python).
# R packages: Debian r-base-core + r-cran-{sandwich,lmtest,aer,matching,lavaan,jsonlite};
# CRAN-only packages (rdd, PSweight, EValue, sensemakr, regmedint and their deps) in R_LIBS_USER
# (default /work/scratch/Rlib). IUPS_SRC (optional): directory with IUPS 1.0's R/ sources for the
# AI (2016) cross-check; skipped when unset.
set -euo pipefail
S="$(cd "$(dirname "$0")" && pwd)"
PY="${PY:-/work/scratch/venv-est/bin/python}"
export R_LIBS_USER="${R_LIBS_USER:-/work/scratch/Rlib}"
cd "$S/../../../.."   # repository root
PYS=(ols_modifiers glm_logit ipw matching_data pss iv rd dml frontdoor mediation sensitivity evalue independence)
# pass 1: write every data.csv and a first expected.json (R cross-checks absent)
for s in "${PYS[@]}"; do echo "== py $s"; "$PY" "$S/$s.py" > /dev/null; done
# R authorities / cross-checks (read the data.csv files)
for s in ols_modifiers glm_logit ipw matching iv rd frontdoor mediation sensitivity evalue independence; do
  echo "== R $s"; Rscript "$S/$s.R" > /dev/null 2>&1 || { echo "R script $s failed"; exit 1; }
done
if [ -n "${IUPS_SRC:-}" ]; then echo "== R iups_ai2016"; Rscript "$S/iups_ai2016.R" > /dev/null; fi
# pass 2: final expected.json with the R numbers folded in
for s in "${PYS[@]}" matching; do echo "== py $s"; "$PY" "$S/$s.py"; done
# terms_* fixtures (scripts/terms.py, scripts/terms.R; extra Python requirement in requirements-terms.txt;
# PSweight in R_LIBS_USER; NHEFS_CSV = the public nhefs.csv to rebuild terms_transforms/data.csv, optional)
echo "== py terms (pass 1)"; "$PY" "$S/terms.py" > /dev/null
echo "== R terms"; Rscript "$S/terms.R" > /dev/null 2>&1 || { echo "R script terms failed"; exit 1; }
echo "== py terms (pass 2)"; "$PY" "$S/terms.py"
# rdr_* and ivr_* fixtures (scripts/rdrobust_refs.*, scripts/iv_weak.*). Python: requirements-rd-iv.txt (PYRD, default
# $PY). R (R_LIBS_USER): rdrobust 4.0.0 and rddensity 3.0 (github.com/rdpackages R/ folders), lpdensity 2.5 and
# ivmodel 1.9.1 (CRAN mirrors) + Debian r-cran-{aer,sandwich,jsonlite,ggplot2,mass,reshape2}; optional second library
# RDR_CRAN_LIB (default /work/scratch/Rlib_cran) with CRAN rdrobust 3.0.0 + rddensity 2.6 for r_rdrobust_cran.json.
PYRD="${PYRD:-$PY}"
for s in rdrobust_refs iv_weak; do echo "== py $s"; "$PYRD" "$S/$s.py" > /dev/null; done
echo "== R rdrobust_refs"; Rscript "$S/rdrobust_refs.R" > /dev/null 2>&1 || { echo "R script rdrobust_refs failed"; exit 1; }
if [ -d "${RDR_CRAN_LIB:-/work/scratch/Rlib_cran}/rdrobust" ]; then
  echo "== R rdrobust_refs (CRAN 3.0.0)"; RDR_VARIANT=cran Rscript "$S/rdrobust_refs.R" > /dev/null 2>&1 || { echo "R script rdrobust_refs (cran) failed"; exit 1; }
fi
echo "== R iv_weak"; Rscript "$S/iv_weak.R" > /dev/null 2>&1 || { echo "R script iv_weak failed"; exit 1; }
for s in rdrobust_refs iv_weak; do echo "== py $s"; "$PYRD" "$S/$s.py"; done
# difference-in-differences fixtures (did_mpdta, did_second_panel, did_simulated, did_2x2): Python packages of
# requirements-did.txt; R did, DRDID, BMisc, fastglm, trust, fixest, dreamerr, stringmagic, bacondecomp,
# TwoWayFEWeights (+ Rcpp >= 1.0.12) in R_LIBS_USER. CASTLE_DTA (optional): the Mixtape's castle.dta, to rebuild
# did_second_panel/data.csv (checked against its SHA-256); without it the committed data.csv is used.
echo "== py did (pass 1)"; "$PY" "$S/did.py" > /dev/null
echo "== R did"; Rscript "$S/did.R" > /dev/null 2>&1 || { echo "R script did failed"; exit 1; }
echo "== py did (pass 2)"; "$PY" "$S/did.py" > /dev/null
echo "== R did_clusters"; Rscript "$S/did_clusters.R" > /dev/null 2>&1 || { echo "R script did_clusters failed"; exit 1; }
echo "== R did_edges"; Rscript "$S/did_edges.R" > /dev/null 2>&1 || { echo "R script did_edges failed"; exit 1; }
echo "== R did_placebo"; Rscript "$S/did_placebo.R" > /dev/null 2>&1 || { echo "R script did_placebo failed"; exit 1; }
# weights_clusters (sampling weights + cluster-robust SEs; scripts/weights.py, scripts/weights.R). Python: requirements-weights.txt
# (PYW, default $PYRD). R: Debian r-cran-{survey,sandwich,aer} + rdrobust 4.0.0 in R_LIBS_USER; WeightIt 1.3.2 with cobalt 4.5.5,
# chk 0.9.2 and rlang 1.1.4 (GitHub cran/<pkg> mirrors) in WEIGHTIT_LIB (default /work/scratch/Rlib_weights), searched first.
PYW="${PYW:-$PYRD}"
echo "== py weights (pass 1)"; "$PYW" "$S/weights.py" > /dev/null
echo "== R weights"; Rscript "$S/weights.R" > /dev/null 2>&1 || { echo "R script weights failed"; exit 1; }
echo "== py weights (pass 2)"; "$PYW" "$S/weights.py"
