#!/usr/bin/env bash
# CI fuzz smoke: every target under afl++ for FUZZ_SMOKE_SECONDS (default 30), two at a time (the CI machine has two
# cores), so the whole smoke takes about targets/2 x (seconds + start-up): ~4 minutes for 13 targets. Fails when any
# target finds a crash or a hang (scripts/fuzz.sh prints the replay of each). Output: artifacts/fuzz-smoke/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SMOKE_SECONDS:-30}
export FUZZ_OUT=$PWD/artifacts/fuzz-smoke FUZZ_BUILD=$PWD/artifacts/fuzz-smoke/build FUZZ_TIMEOUT_MS=${FUZZ_TIMEOUT_MS:-5000} FUZZ_REBUILD=1
mkdir -p "$FUZZ_OUT"
# Build and instrument once, before the parallel runs.
scripts/fuzz.sh --replay maincf fuzz/seeds/maincf >/dev/null || { echo "fuzz smoke: build or seed replay failed"; exit 1; }
export FUZZ_REBUILD=0
# Every saved fuzz finding must stay fixed (replayed through the uninstrumented build).
for dir in fuzz/regressions/*/; do
  scripts/fuzz.sh --replay "$(basename "$dir")" "$dir" || { echo "fuzz smoke: a regression input fails again: $dir"; exit 1; }
done
mapfile -t targets < <(scripts/fuzz.sh --list)
rc=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for t in "${targets[@]:i:2}"; do
    scripts/fuzz.sh "$t" "$seconds" >"$FUZZ_OUT/$t.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  for t in "${targets[@]:i:2}"; do grep -E '^target=|^CRASH|^afl-fuzz did not start' "$FUZZ_OUT/$t.log" || tail -5 "$FUZZ_OUT/$t.log"; done
done
exit $rc
