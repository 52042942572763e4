#!/usr/bin/env bash
# Side by side: selecting the null-sender (bounce) queue IDs from a 1,000,000-message mailq listing
#   (a) the seed's shell pipeline:  grep MAILER-DAEMON | awk '{print substr($1,1,16)}'
#   (b) postfix-net queue list --input FILE --format ids --null-sender
# Reports wall time and peak memory (GNU time) of each, best of N runs, and checks both answers against the
# generator's count: (b) must give exactly the bounces; (a) is shown with how many of its lines are wrong.
# Usage: benchmarks/scripts/queue-select.sh [MESSAGES] [RUNS]     (run from the repository root)
set -euo pipefail
n=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${QUEUE_BENCH_DIR:-/tmp/queue-select-bench}
mkdir -p "$work"
listing=$work/mailq-$n.txt
if [ ! -s "$listing" ]; then
  python3 "$root/benchmarks/scripts/gen-mailq.py" "$n" > "$listing" 2> "$work/bounces-$n.txt"
fi
bounces=$(tail -1 "$work/bounces-$n.txt")
dotnet build -c Release "$root/src/Postfix.Cli" -v:q -nologo > /dev/null
cli=$root/src/Postfix.Cli/bin/Release/net10.0/postfix-net.dll
echo "listing: $listing ($(stat -c %s "$listing") bytes, $n messages, $bounces bounces)"
cat "$listing" > /dev/null   # warm the page cache for both contenders

best() { sort -n | head -1; }
measure() { # name, output, command...
  local name=$1 out=$2; shift 2
  local times=() mem=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out"
    read -r t m < "$work/time.txt"
    times+=("$t"); [ "$m" -gt "$mem" ] && mem=$m
  done
  printf '%-34s best %6.2f s   peak RSS %7d KB   lines %d\n' "$name" "$(printf '%s\n' "${times[@]}" | best)" "$mem" "$(wc -l < "$out")"
}

measure "grep | awk (seed pipeline)" "$work/seed.out" sh -c "grep MAILER-DAEMON '$listing' | awk '{print substr(\$1,1,16)}'"
measure "postfix-net queue list --null-sender" "$work/ours.out" dotnet "$cli" queue list --input "$listing" --format ids --null-sender

ours=$(wc -l < "$work/ours.out")
[ "$ours" -eq "$bounces" ] || { echo "FAIL: postfix-net selected $ours IDs, the listing has $bounces bounces"; exit 1; }
grep -vqE '^[0-9A-Za-z]+$' "$work/ours.out" && { echo "FAIL: postfix-net printed something that is not a bare ID"; exit 1; }
marked=$(grep -cE '[*!#]' "$work/seed.out" || true)
seedlines=$(wc -l < "$work/seed.out")
echo "postfix-net: $ours IDs = every bounce, all bare"
echo "seed pipeline: $seedlines lines, of which $marked keep a status mark (postsuper rejects them: active/held/expired bounces survive) and $((seedlines - bounces)) are not bounce IDs at all"
