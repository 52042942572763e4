#!/usr/bin/env bash
# Side by side: selecting the null-sender (bounce) queue IDs from a 1,000,000-message mailq listing
#   (a) the seed's shell pipeline:  grep MAILER-DAEMON | awk '{print substr($1,1,16)}'
#   (b) postfix-net queue list --input FILE --format ids --null-sender
# Reports, best of N runs each (runs alternate between the two), wall time, CPU time (user+sys, all processes of the
# contender) and peak memory (GNU time), plus the load average before and after, and checks both answers against the
# generator's count: (b) must give exactly the bounces, bare IDs; (a) is shown with how many of its lines are wrong.
# Usage: benchmarks/scripts/queue-select.sh [MESSAGES] [RUNS]     (run from the repository root; CLI=path/to/postfix-net
# times that build, e.g. the native tool, instead of the JIT build)
set -euo pipefail
n=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${QUEUE_BENCH_DIR:-/tmp/queue-select-bench}
mkdir -p "$work"
listing=$work/mailq-$n.txt
if [ ! -s "$listing" ] || [ ! -s "$work/bounce-ids-$n.txt" ]; then
  python3 "$root/benchmarks/scripts/gen-mailq.py" "$n" --ids "$work/bounce-ids-$n.txt" > "$listing" 2> "$work/bounces-$n.txt"
fi
bounces=$(tail -1 "$work/bounces-$n.txt")
if [ -n "${CLI:-}" ]; then
  ours_cmd=("$CLI")   # another build, e.g. the native tool: CLI=path/to/postfix-net
else
  dotnet build -c Release "$root/src/Postfix.Cli" -v:q -nologo > /dev/null
  ours_cmd=(dotnet "$root/src/Postfix.Cli/bin/Release/net10.0/postfix-net.dll")
fi
echo "listing: $listing ($(stat -c %s "$listing") bytes, $n messages, $bounces bounces)"
cat "$listing" > /dev/null   # warm the page cache for both contenders

run() { # name, output, command...: one run, appends "wall cpu rss" to $work/<name>.times
  local name=$1 out=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$out"
  read -r wall user sys rss < "$work/time.txt"
  echo "$wall $(awk "BEGIN { print $user + $sys }") $rss" >> "$work/$name.times"
}
report() { # name, label, output
  sort -n -k1 "$work/$1.times" | head -1 | { read -r wall _ _; printf '%-40s best wall %6.2f s' "$2" "$wall"; }
  sort -n -k2 "$work/$1.times" | head -1 | { read -r _ cpu _; printf '   best CPU %6.2f s' "$cpu"; }
  printf '   peak RSS %7d KB   lines %d\n' "$(sort -n -k3 "$work/$1.times" | tail -1 | cut -d' ' -f3)" "$(wc -l < "$3")"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$work/seed.times" "$work/ours.times"
for _ in $(seq "$runs"); do
  run seed "$work/seed.out" sh -c "grep MAILER-DAEMON '$listing' | awk '{print substr(\$1,1,16)}'"
  run ours "$work/ours.out" "${ours_cmd[@]}" queue list --input "$listing" --format ids --null-sender
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
report seed "grep | awk (seed pipeline)" "$work/seed.out"
report ours "postfix-net queue list --null-sender" "$work/ours.out"

ours=$(wc -l < "$work/ours.out")
[ "$ours" -eq "$bounces" ] || { echo "FAIL: postfix-net selected $ours IDs, the listing has $bounces bounces"; exit 1; }
cmp -s "$work/ours.out" "$work/bounce-ids-$n.txt" || { echo "FAIL: postfix-net's IDs are not exactly the generator's bounce IDs in listing order"; exit 1; }
grep -vqE '^[0-9A-Za-z]+$' "$work/ours.out" && { echo "FAIL: postfix-net printed something that is not a bare ID"; exit 1; }
marked=$(grep -cE '[*!#]' "$work/seed.out" || true)
seedlines=$(wc -l < "$work/seed.out")
echo "postfix-net: $ours IDs = exactly the generator's bounce IDs, in listing order, all bare"
echo "seed pipeline: $seedlines lines, of which $marked keep a status mark (postsuper rejects them: active/held/expired bounces survive) and $((seedlines - bounces)) are not bounce IDs at all"
