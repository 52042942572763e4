#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader with SharpFuzz + afl++.
#
#   scripts/fuzz.sh TARGET SECONDS      fuzz TARGET for SECONDS (afl-fuzz -V), then replay every crash and hang
#   scripts/fuzz.sh --list              the targets
#   scripts/fuzz.sh --replay TARGET FILE_OR_DIR...   run inputs through the uninstrumented target and print exceptions
#
# The build is published once to artifacts/fuzz/bin and its three libraries are instrumented with the SharpFuzz tool
# (dotnet tool run sharpfuzz; the version is pinned in dotnet-tools.json). Corpora are seeded from the test data
# (tests/*/TestData) and from fuzz/seeds/TARGET; output goes to artifacts/fuzz/TARGET/ (afl's default/ folder:
# queue/, crashes/, hangs/, fuzzer_stats). Exit status: 0 no crash or hang, 1 crashes or hangs found, 2 usage/setup.
#
# Environment: FUZZ_TIMEOUT_MS (per input, default 3000), FUZZ_OUT (output root, default artifacts/fuzz),
# FUZZ_BUILD (build folder, default artifacts/fuzz/build), FUZZ_REBUILD=1 (republish and re-instrument), FUZZ_RESUME=1 (continue in an existing output folder).
# Needs: afl++ (apt-get install afl++), the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out_root=${FUZZ_OUT:-$root/artifacts/fuzz}
build_dir=${FUZZ_BUILD:-$root/artifacts/fuzz/build}
bin="$build_dir/bin"
plain="$build_dir/plain"
timeout_ms=${FUZZ_TIMEOUT_MS:-3000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

targets() { printf "%s\n" maincf mastercf postmap aliases regexp pcre cidr mailq postqueue-json tls-material dh expand dbtable queuefile deferlog qshape; }

# Seeds per target: test data files (globs relative to the repository) besides fuzz/seeds/TARGET/*.
seeds_for() {
  local c=tests/Postfix.Config.Tests/TestData q=tests/Postfix.Queue.Tests/TestData k=tests/Postfix.Crypto.Tests/TestData
  local l=tests/Postfix.Cli.Tests/TestData
  case "$1" in
    maincf) echo "$c/MainCf/main.cf.* $l/samples/postfix/main.cf" ;;
    mastercf) echo "$c/MasterCf/master.cf.dist $l/samples/postfix/master.cf" ;;
    postmap) echo "$l/postmap/virtual.txt $l/samples/postfix/access $l/samples/postfix/transport" ;;
    aliases) echo "" ;;
    regexp) echo "$c/Regexp/access.regexp $l/postmap/access.regexp $l/samples/postfix/header_checks" ;;
    pcre) echo "$c/Regexp/access.pcre $l/postmap/access.pcre" ;;
    cidr) echo "$l/postmap/access.cidr" ;;
    mailq) echo "$q/mailq-*.txt $q/postqueue-p-*.txt" ;;
    postqueue-json) echo "$q/postqueue-j-*" ;;
    tls-material) echo "$k/*.pem $l/tls/*.pem" ;;
    dh) echo "$k/dh/*.pem $l/samples/postfix/dh2048.pem" ;;
    expand) echo "$c/expansion/main.cf.*" ;;
    dbtable) echo "$c/DatabaseTables/configs/*.cf" ;;
    queuefile | qshape) echo "$q/QueueFiles/messages/* $q/QueueFiles/synthetic/* $l/queuefiles/*" ;;
    deferlog) echo "$q/QueueFiles/defer-logs/*" ;;
    *) return 1 ;;
  esac
}

build() {
  # One build for every concurrent run of this script.
  mkdir -p "$build_dir"
  exec 9>"$build_dir/.lock"
  flock 9
  if [ "${FUZZ_REBUILD:-0}" = 1 ] || [ ! -f "$bin/.instrumented" ]; then
    rm -rf "$bin" "$plain"
    dotnet publish fuzz/Postfix.Fuzz -c Release -o "$bin" -nologo -v:q >&2
    cp -r "$bin" "$plain" # uninstrumented copy for replays
    dotnet tool restore >/dev/null
    for lib in Postfix.Config Postfix.Queue Postfix.Crypto; do
      DOTNET_ROLL_FORWARD=Major dotnet tool run sharpfuzz "$bin/$lib.dll" >&2
    done
    git rev-parse HEAD >"$bin/.instrumented" 2>/dev/null || date >"$bin/.instrumented"
  fi
  flock -u 9
}

seed() { # seed TARGET DIR: copy the seeds, none over 1 MB (afl's input limit)
  local target=$1 dir=$2 f n=0
  mkdir -p "$dir"
  for f in $(seeds_for "$target") fuzz/seeds/"$target"/*; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    cp "$f" "$dir/$(printf '%03d' $n)-$(basename "$f")"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || printf 'x\n' >"$dir/000-empty-ish"
}

case "${1:-}" in
  --list) targets; exit 0 ;;
  --replay)
    shift
    [ $# -ge 2 ] || { echo "usage: $0 --replay TARGET FILE_OR_DIR..." >&2; exit 2; }
    build
    exec dotnet "$plain/postfix-fuzz.dll" "$@"
    ;;
esac

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]] || ! seeds_for "$1" >/dev/null; then
  echo "usage: $0 TARGET SECONDS   (targets: $(targets | tr '\n' ' '))" >&2
  exit 2
fi
target=$1 seconds=$2
command -v afl-fuzz >/dev/null || { echo "$0: afl-fuzz not found (apt-get install afl++)" >&2; exit 2; }
build

out="$out_root/$target"
input=-
if [ "${FUZZ_RESUME:-0}" != 1 ] || [ ! -d "$out/default/queue" ]; then
  rm -rf "$out"
  seed "$target" "$out/seeds"
  input="$out/seeds"
fi
dict=()
[ -f "fuzz/dictionaries/$target.dict" ] && dict=(-x "fuzz/dictionaries/$target.dict")

echo "== fuzz $target for ${seconds}s (timeout ${timeout_ms} ms, output $out)"
# AFL_SKIP_BIN_CHECK: the target is dotnet + a DLL, not an afl-compiled binary. AFL_NO_AFFINITY: the machine is
# shared. AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES / AFL_SKIP_CPUFREQ: no system changes needed.
rc=0
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -V "$seconds" -i "$input" -o "$out" -t "$timeout_ms" -m none "${dict[@]}" \
  -- dotnet "$bin/postfix-fuzz.dll" "$target" >"$out/afl.log" 2>&1 || rc=$?
stats="$out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $rc); last lines of $out/afl.log:" >&2
  tail -20 "$out/afl.log" >&2
  exit 2
fi
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "target=$target run_time=$(get run_time)s execs=$(get execs_done) execs_per_sec=$(get execs_per_sec)" \
  "corpus=$(get corpus_count) edges=$(get edges_found)/$(get total_edges) coverage=$(get bitmap_cvg)" \
  "crashes=$crashes hangs=$hangs"
if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
  echo "== replay (uninstrumented): scripts/fuzz.sh --replay $target $out/default/crashes $out/default/hangs"
  dotnet "$plain/postfix-fuzz.dll" "$target" "$out/default/crashes" "$out/default/hangs" | grep -v '^ok .*README' | head -40 || true
  exit 1
fi
