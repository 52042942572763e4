#!/usr/bin/env bash
# Side-by-side: the real `postconf -c DIR -n` vs `postfix-net postconf -c DIR -n` (and `postfix-net check -c DIR`)
# on Postfix's main.cf.dist and on a synthetic 10,000-parameter main.cf. Wall time and peak RSS from
# /usr/bin/time -v. Not a test: run it by hand on a quiet machine and record the numbers in
# benchmarks/results/maincf.md.   Usage: benchmarks/scripts/maincf.sh [runs]   (default 5 runs per case)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${MAINCF_BENCH_DIR:-/tmp/maincf-bench}
mkdir -p "$work/dist" "$work/big"
cp "$root/tests/Postfix.Config.Tests/TestData/MainCf/main.cf.dist" "$work/dist/main.cf"
cp "$root/samples/postfix/master.cf" "$work/dist/master.cf"
cp "$root/samples/postfix/master.cf" "$work/big/master.cf"
awk 'BEGIN { for (i = 0; i < 10000; i++) { if (i % 10 == 0) printf "# comment before parameter %d\n", i;
  printf "smtpd_param%05d = value-%d, $myhostname\n", i, i;
  if (i % 100 == 0) printf "list_param%d =\n    permit_mynetworks,\n    # inner\n    reject_unauth_destination\n", i } }' > "$work/big/main.cf"
touch -d '-1 min' "$work"/dist/* "$work"/big/*

echo "building postfix-net (Release)" >&2
out="$work/cli"
dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -o "$out" -v:q -nologo >&2
ours="$out/postfix-net"

measure() { # label, dir, command...
  local label=$1 dir=$2; shift 2
  local tmp; tmp=$(mktemp)
  local rc=0
  /usr/bin/time -v "$@" > "$tmp.out" 2> "$tmp.err" || rc=$?
  printf '%-28s %-5s rc=%s wall=%s maxrss=%sKB lines=%s\n' "$label" "$dir" "$rc" \
    "$(grep 'Elapsed (wall clock)' "$tmp.err" | awk '{print $NF}')" \
    "$(grep 'Maximum resident set size' "$tmp.err" | awk '{print $NF}')" "$(wc -l < "$tmp.out")"
  rm -f "$tmp" "$tmp.out" "$tmp.err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); postconf $(postconf -d mail_version 2>/dev/null); dotnet $(dotnet --version)"
for dir in dist big; do
  echo "# $dir: $(wc -l < "$work/$dir/main.cf") lines, $(stat -c %s "$work/$dir/main.cf") bytes"
  for ((i = 0; i < runs; i++)); do
    measure "postconf -n" "$dir" postconf -c "$work/$dir" -n
    measure "postfix-net postconf -n" "$dir" "$ours" postconf -c "$work/$dir" -n
    measure "postfix-net check" "$dir" "$ours" check -c "$work/$dir"
  done
done
if cmp -s <(postconf -c "$work/big" -n 2>/dev/null | sed "s|$work|W|") <(MAIL_CONFIG=x "$ours" postconf -c "$work/big" -n 2>/dev/null | sed "s|$work|W|"); then
  echo "# outputs identical"
else
  echo "# OUTPUTS DIFFER"
fi
