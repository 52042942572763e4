#!/usr/bin/env bash
# The shipped native build against openssl: `openssl dhparam 2048` vs the Native AOT postfix-net (the tool package's
# linux-x64 build, which loads its x86-64-v4/-v3 DH library at run time), alternating runs, mean and median wall time;
# the native build is also run with POSTFIX_NET_DH_NATIVE=x86-64-v3 (what an AVX2-only CPU runs) and, for a few runs,
# =off (the baseline build's own scalar kernels). Every output is checked with openssl dhparam -check.
#   Usage: benchmarks/scripts/dh-native.sh [RUNS] [BITS] [POSTFIX_NET]    (defaults: 24 runs, 2048 bits; publishes
#   the native build when POSTFIX_NET is not given). OFF_RUNS=3 limits the scalar runs. Record the output in
#   benchmarks/results/dhparam.md and startup.md.
set -euo pipefail
runs=${1:-24}
bits=${2:-2048}
ours=${3:-}
off_runs=${OFF_RUNS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${DH_NATIVE_DIR:-/tmp/dh-native-bench}
mkdir -p "$work"
if [ -z "$ours" ]; then
  dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -r linux-x64 -o "$work/native" -v:q -nologo >&2
  ours=$work/native/postfix-net
fi
rm -f "$work"/*.times
echo "# $(date -u +%FT%TZ) $(nproc) cpus ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(openssl version); $ours: $("$ours" dhparam --show-kernels)"
one() { # name, command...: appends the wall time in seconds, checks the parameters
  local name=$1; shift
  local t0=$EPOCHREALTIME
  "$@" > "$work/out.pem" 2> /dev/null
  local t1=$EPOCHREALTIME
  openssl dhparam -check -noout -in "$work/out.pem" 2>&1 | grep -q 'appear to be ok' || { echo "bad parameters from $name" >&2; exit 1; }
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >> "$work/$name.times"
}
for i in $(seq "$runs"); do
  one openssl openssl dhparam "$bits"
  one native "$ours" dhparam -quiet "$bits"
  POSTFIX_NET_DH_NATIVE=x86-64-v3 one native-v3 "$ours" dhparam -quiet "$bits"
  if [ "$i" -le "$off_runs" ]; then POSTFIX_NET_DH_NATIVE=off one native-off "$ours" dhparam -quiet "$bits"; fi
  echo "run $i of $runs (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
stats() { sort -n "$work/$1.times" | awk '{ a[NR] = $1; s += $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%d runs, mean %.2f s, median %.2f s, min %.2f s, max %.2f s", NR, s / NR, m, a[1], a[NR] }'; }
mean() { awk '{ s += $1 } END { print s / NR }' "$work/$1.times"; }
echo "openssl dhparam $bits:                     $(stats openssl)"
echo "postfix-net (native, auto):               $(stats native)   $(awk -v o="$(mean openssl)" -v n="$(mean native)" 'BEGIN { printf "%.1fx faster (mean)", o / n }')"
echo "postfix-net (native, x86-64-v3 / AVX2):   $(stats native-v3)   $(awk -v o="$(mean openssl)" -v n="$(mean native-v3)" 'BEGIN { printf "%.1fx faster (mean)", o / n }')"
if [ -s "$work/native-off.times" ]; then
  echo "postfix-net (native, off / baseline):     $(stats native-off)"
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
