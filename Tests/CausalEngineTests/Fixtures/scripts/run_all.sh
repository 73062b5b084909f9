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
