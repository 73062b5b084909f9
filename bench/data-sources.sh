#!/usr/bin/env bash
# Measures compute: local against compute: database on PostgreSQL tables of
# 1e5 to 2e7 rows: wall seconds and assay's peak memory (maximum resident set
# size, GNU time) for the linear-regression study with its bootstrap and
# data-subset checks. The numbers in docs/data-sources.md come from it.
#
# Usage: ASSAY_PG_URL='host=… dbname=… user=…' bench/data-sources.sh [rows …]
#   (default rows: 100000 1000000 10000000 20000000)
#   BENCH_SIMULATIONS=100 sets the checks' simulations; BENCH_MODES="local database".
# Needs a release build (swift build -c release; ASSAY=path overrides the binary), psql and GNU time.
# Tables bench_<rows> are created once and kept.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ASSAY_PG_URL:?set ASSAY_PG_URL to a libpq connection string}"
ROWS=("${@:-100000 1000000 10000000 20000000}")
read -r -a ROWS <<< "${ROWS[*]}"
SIMULATIONS="${BENCH_SIMULATIONS:-100}"
MODES="${BENCH_MODES:-local database}"
ASSAY="${ASSAY:-.build/release/assay}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for n in "${ROWS[@]}"; do
  exists=$(psql "$ASSAY_PG_URL" -XAtq -c "SELECT to_regclass('bench_$n') IS NOT NULL")
  if [ "$exists" != "t" ]; then
    echo "creating bench_$n ..." >&2
    # y = 2 t + w1 + 0.5 w2 + noise; t depends on w1 and w2 (confounded).
    psql "$ASSAY_PG_URL" -Xq -v ON_ERROR_STOP=1 <<SQL
SELECT setseed(0.25);
CREATE TABLE bench_$n AS
  SELECT i::bigint AS id, w1, w2, t, 2 * t + w1 + 0.5 * w2 + e AS y
  FROM (SELECT i, w1, w2, e,
               CASE WHEN random() < 1 / (1 + exp(-(0.5 * w1 - 0.3 * w2))) THEN 1 ELSE 0 END AS t
        FROM (SELECT i,
                     sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS w1,
                     sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS w2,
                     sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS e
              FROM generate_series(1, $n) AS i) AS draws) AS units;
ALTER TABLE bench_$n ADD PRIMARY KEY (id);
VACUUM ANALYZE bench_$n;
SQL
  fi
  for mode in $MODES; do
    mkdir -p "$WORK/$mode-$n"
    cat > "$WORK/$mode-$n/study.yaml" <<YAML
version: 1
name: bench-$n
seed: 20261207
data:
  postgres: ASSAY_PG_URL
  table: bench_$n
  row_key: id
  compute: $mode
  columns: {t: binary}
graph:
  dagitty: "dag { w1 -> t ; w2 -> t ; w1 -> y ; w2 -> y ; t -> y }"
estimand:
  treatment: t
  outcome: y
estimators:
  - name: ols
    method: linear_regression
refutations:
  simulations: $SIMULATIONS
  checks:
    - check: bootstrap
    - check: data_subset
report:
  directory: out
YAML
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$ASSAY" run "$WORK/$mode-$n/study.yaml" --quiet --threads 2 \
      > "$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }
    read -r seconds kilobytes < "$WORK/time"
    estimate=$(python3 -c 'import json, sys; print("estimate %.6f" % json.load(open(sys.argv[1]))["estimates"][0]["value"])' \
      "$WORK/$mode-$n/out/result.json")
    printf '%-9s %9s rows  %8.1f s  %7.0f MB  %s (%s simulations)\n' "$mode" "$n" "$seconds" \
      "$(echo "$kilobytes / 1024" | bc -l)" "$estimate" "$SIMULATIONS"
  done
done
