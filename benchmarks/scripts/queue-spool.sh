#!/usr/bin/env bash
# Side-by-side timings for reading the queue directly (issue 15):
#   postfix-net queue list --spool --format ids --subject REGEX   vs   for id: postcat -q ID | grep   (the peer's shell loop)
#   postfix-net queue list --spool --format json                  vs   postqueue -j (Postfix stopped: direct queue access)
# The queue: N deferred messages cloned from a real Postfix 3.7.11 queue file (tests/.../m01-simple.bin) under fresh
# short queue IDs with defer logs, in a private queue directory (no Postfix instance is touched). Run as root.
# Usage: benchmarks/scripts/queue-spool.sh [N=10000] [LOOP_SAMPLE=1000]
set -uo pipefail
N=${1:-10000}
SAMPLE=${2:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEED="$ROOT/tests/Postfix.Queue.Tests/TestData/QueueFiles/messages/m01-simple.bin"
LOG="$ROOT/tests/Postfix.Queue.Tests/TestData/QueueFiles/defer-logs/34EFFB26658.txt"
W=$(mktemp -d /tmp/pfnet-bench-XXXXXX); chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/etc" "$W/spool"/{maildrop,incoming,active,deferred,hold,defer}
printf 'compatibility_level = 3.6\nqueue_directory = %s/spool\n' "$W" > "$W/etc/main.cf"
touch -d '-1 min' "$W/etc/main.cf"
for h in 0 1 2 3 4 5 6 7 8 9 A B C D E F; do mkdir -p "$W/spool/deferred/$h" "$W/spool/defer/$h"; done
sed 's/Subject: tiny/Subject: inv1/' "$SEED" > "$W/match.bin"   # same length (4 bytes): 1 in 10 matches
for ((i = 1; i <= N; i++)); do
  printf -v id '%05X%X' $((i * 97 % 1000000)) $((0x100000 + i))
  h=${id:0:1}
  if ((i % 10 == 0)); then
    cp "$W/match.bin" "$W/spool/deferred/$h/$id"
  else
    cp "$SEED" "$W/spool/deferred/$h/$id"
  fi
  cp "$LOG" "$W/spool/defer/$h/$id"
done
chmod -R go-rwx "$W/spool"; chmod 700 "$W"/spool/deferred/*/*
chown -R postfix "$W/spool"
CLI="dotnet $ROOT/src/Postfix.Cli/bin/Release/net10.0/postfix-net.dll"
( cd "$ROOT" && dotnet build src/Postfix.Cli -c Release -v:q -nologo >/dev/null )
sync; echo "queue: $N deferred messages, $(du -sh "$W/spool" | cut -f1)"
t() { local s e; s=$(date +%s.%N); "$@" > "$W/out" 2>/dev/null || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
# warm caches once
postqueue -c "$W/etc" -j > /dev/null 2>&1 || true
ours_json=$(t $CLI queue list --spool -c "$W/etc" --format json); cp "$W/out" "$W/ours.j"
theirs_json=$(t postqueue -c "$W/etc" -j); cp "$W/out" "$W/theirs.j"
cmp -s "$W/ours.j" "$W/theirs.j" && same=identical || same=DIFFERENT
ours_subj=$(t $CLI queue list --spool -c "$W/etc" --format ids --subject '^inv1'); matched=$(wc -l < "$W/out")
ids=$(cd "$W/spool/deferred" && ls */ | grep -v : | grep . | head -n "$SAMPLE")
loop() { for id in $ids; do postcat -c "$W/etc" -hq "$id" | grep -q '^Subject: inv1' && echo "$id"; done; }
loop_sample=$(t loop)
loop_est=$(echo "$loop_sample * $N / $SAMPLE" | bc -l)
printf 'postqueue -j: %.2f s   queue list --spool --format json: %.2f s   (output %s)\n' "$theirs_json" "$ours_json" "$same"
printf 'postcat -q | grep loop: %.2f s for %d messages -> %.1f s for %d (extrapolated)\n' "$loop_sample" "$SAMPLE" "$loop_est" "$N"
printf 'queue list --spool --format ids --subject: %.2f s (%d matched) -> %.0fx faster than the loop\n' "$ours_subj" "$matched" "$(echo "$loop_est / $ours_subj" | bc -l)"
