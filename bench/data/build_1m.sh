#!/usr/bin/env bash
# Build the 1,000,000-worker PostgreSQL demo that the load test (bench/load/) and other benchmarks
# read: drop and create the database, migrate, demo_load, the talent-search documents, ANALYZE,
# the indicators snapshot.
#
#   bench/data/build_1m.sh [--workers N] [--database-url URL] [--incomes YEAR...] [--ready FILE]
#
# Defaults: 1,000,000 workers, postgres://postgres@127.0.0.1:5432/gj_bench, no demo incomes
# (income_demo_load writes 12 rows per worker-year through the ORM: for a million workers that is
# 12 M rows a year, about an hour; `--incomes 2024` loads one year when the income pages should
# show data). On success touches --ready (default /tmp/gj_bench.ready) so that others can wait for
# it; the file is removed first. Takes about 20 minutes on 2 cores (demo_load ~800 s).
# Runs the code of the checkout it lives in (PYTHONPATH), not an installed copy.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WORKERS=1000000
URL="postgres://postgres@127.0.0.1:5432/gj_bench"
READY=/tmp/gj_bench.ready
INCOMES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) WORKERS="$2"; shift 2 ;;
    --database-url) URL="$2"; shift 2 ;;
    --ready) READY="$2"; shift 2 ;;
    --incomes) shift; while [ $# -gt 0 ] && [[ "$1" != --* ]]; do INCOMES+=("$1"); shift; done ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
DB="${URL##*/}"
SERVER="${URL%/*}"
export PYTHONPATH="$ROOT" DATABASE_URL="$URL" GONGJIANG_ENV="${GONGJIANG_ENV:-development}"
export GONGJIANG_SHARED_DATA="${GONGJIANG_SHARED_DATA:-/work/shared/data}"
manage() { "$ROOT/.venv/bin/python" -m gongjiang.manage "$@"; }
step() { echo "[$(date -u +%H:%M:%S)] $*  (load: $(cut -d' ' -f1-3 /proc/loadavg))"; }

rm -f "$READY"
started=$(date +%s)
step "drop/create $DB"
psql "$SERVER/postgres" -qv ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
step "migrate"
manage migrate --noinput -v 0
step "demo_load --workers $WORKERS"
manage demo_load --workers "$WORKERS" --no-search-index
# The search documents with their GIN indexes built once at the end and the table clustered in rank
# order (ADR 0008), as bench/search does: demo_load's own reindex keeps the index up row by row.
step "search_reindex --rebuild-index"
manage search_reindex --rebuild-index --quiet --batch-size 5000
if [ ${#INCOMES[@]} -gt 0 ]; then
  step "income_demo_load --years ${INCOMES[*]}"
  manage income_demo_load --years "${INCOMES[@]}"
fi
step "VACUUM ANALYZE"
psql "$URL" -qv ON_ERROR_STOP=1 -c "VACUUM (ANALYZE)"
# The indicators snapshot the bureau's home page reads: in production the background job keeps it
# fresh; a database without one makes the first home views compute it (4.7 s on 1,000,000 workers).
step "indicators refresh"
manage indicators refresh
psql "$URL" -Atc "SELECT 'workers ' || count(*) FROM registry_worker"
step "done in $(( $(date +%s) - started )) s"
touch "$READY"
