#!/usr/bin/env bash
# Side-by-side: `postfix-net postmap -q KEY texthash:FILE` vs the real `postmap -q KEY texthash:FILE` on a generated
# 1,000,000-line texthash file. Wall time and peak RSS come from /usr/bin/time -v. Not a test: run it by hand on a
# quiet machine and record the numbers in benchmarks/results/postmap.md.
# Usage: benchmarks/scripts/postmap-texthash.sh [runs]   (default 5 runs per case; OURS=path/to/postfix-net times that
# build instead of a ReadyToRun publish)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${POSTMAP_BENCH_DIR:-/tmp/postmap-texthash-bench}
mkdir -p "$work/etc"
printf 'compatibility_level = 3.6\n' > "$work/etc/main.cf"
table="$work/big1m.txt"
if [ ! -s "$table" ]; then
  echo "generating $table" >&2
  awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "key%07d@example.com\tvalue-%d\n", i, i }' > "$table"
  touch -d '-1 min' "$table"
fi

if [ -n "${OURS:-}" ]; then
  ours=$OURS   # another build, e.g. the native tool: OURS=path/to/postfix-net
else
  echo "building postfix-net (Release)" >&2
  out="$work/cli"
  dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -o "$out" -v:q -nologo -p:PublishReadyToRun=true -p:TieredPGO=true >&2
  ours="$out/postfix-net"
fi

measure() { # label, command...
  local label=$1; shift
  local tmp; tmp=$(mktemp)
  local rc=0
  /usr/bin/time -v "$@" > "$tmp.out" 2> "$tmp.err" || rc=$?
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$tmp.err" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$tmp.err" | awk '{print $NF}')
  printf '%-10s %-28s rc=%s wall=%s maxrss=%sKB out=%s\n' "$label" "$key" "$rc" "$wall" "$rss" "$(head -c 40 "$tmp.out")"
  rm -f "$tmp" "$tmp.out" "$tmp.err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(postconf -d mail_version 2>/dev/null); dotnet $(dotnet --version)"
echo "# table: $(wc -l < "$table") lines, $(stat -c %s "$table") bytes"
for key in key0000001@example.com key0500000@example.com key1000000@example.com nosuch@example.com KEY0000002@EXAMPLE.COM; do
  for ((i = 0; i < runs; i++)); do
    measure postmap postmap -c "$work/etc" -q "$key" "texthash:$table"
    measure ours "$ours" postmap -c "$work/etc" -q "$key" "texthash:$table"
  done
done
