#!/usr/bin/env bash
# The long fuzzing run behind benchmarks/results/fuzzing.md: every target for SECONDS (default 660), LANES targets at a
# time (default 3), niced, from one build (artifacts/fuzz-long/build). Prints one summary line per target (see
# scripts/fuzz.sh) into artifacts/fuzz-long/summary.txt.
#   benchmarks/scripts/fuzz-long-run.sh [SECONDS] [LANES] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-660} lanes=${2:-3}
shift 2 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(scripts/fuzz.sh --list)
export FUZZ_BUILD=$PWD/artifacts/fuzz-long/build FUZZ_OUT=$PWD/artifacts/fuzz-long FUZZ_TIMEOUT_MS=${FUZZ_TIMEOUT_MS:-5000}
mkdir -p "$FUZZ_OUT"
summary=$FUZZ_OUT/summary.txt
echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) seconds=$seconds lanes=$lanes nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$summary"
scripts/fuzz.sh --list >/dev/null
# Build once before the lanes start (fuzz.sh builds under a lock, so this is only to fail early).
FUZZ_REBUILD=1 scripts/fuzz.sh --replay maincf /dev/null >/dev/null 2>&1 || true
run_lane() {
  local t
  for t in "$@"; do
    nice -n 10 scripts/fuzz.sh "$t" "$seconds" >"$FUZZ_OUT/$t.log" 2>&1
    echo "$(date -u +%T) exit=$? $(grep '^target=' "$FUZZ_OUT/$t.log")" >>"$summary"
  done
}
for ((l = 0; l < lanes; l++)); do
  lane=()
  for ((i = l; i < ${#targets[@]}; i += lanes)); do lane+=("${targets[$i]}"); done
  run_lane "${lane[@]}" &
done
wait
echo "# $(date -u +%FT%TZ) done" >>"$summary"
