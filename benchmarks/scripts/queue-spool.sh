#!/usr/bin/env bash
# Reading the queue directly (issue 15), side by side with Postfix's own tools:
#   postfix-net queue list --spool --format json   vs  postqueue -j   (median of RUNS alternating runs each)
#     - on a RUNNING private Postfix instance (postqueue asks the showq daemon), and with Postfix stopped
#       (postqueue then reads the queue itself, as root);
#   postfix-net queue list --spool --format ids --subject REGEX  vs  for id: postcat -q ID | grep  (the peer's loop)
#   peak RSS (/usr/bin/time -v) of queue list --spool --format json at 1,000, 5,000 and N messages.
# The queue: N deferred messages cloned from a real Postfix 3.7.11 queue file (tests/.../m01-simple.bin) under fresh
# short queue IDs with defer logs, 1 in 10 with "Subject: inv1", their next-retry time a day ahead (so the running
# qmgr leaves them alone), in a private instance directory (nothing in /etc/postfix is touched). Run as root.
# Usage: benchmarks/scripts/queue-spool.sh [N=10000] [LOOP_SAMPLE=500] [RUNS=5]
# CLI=path/to/postfix-net (default: the Release build, run with dotnet) to time another build (e.g. ReadyToRun).
set -uo pipefail
N=${1:-10000}
SAMPLE=${2:-500}
RUNS=${3:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEED="$ROOT/tests/Postfix.Queue.Tests/TestData/QueueFiles/messages/m01-simple.bin"
LOG="$ROOT/tests/Postfix.Queue.Tests/TestData/QueueFiles/defer-logs/34EFFB26658.txt"
W=$(mktemp -d /tmp/pfnet-bench-XXXXXX); chmod 755 "$W"
cleanup() { postfix -c "$W/etc" stop >/dev/null 2>&1; rm -rf "$W"; }
trap cleanup EXIT
mkdir -p "$W/etc" "$W/spool" "$W/log"
cp /usr/share/postfix/master.cf.dist "$W/etc/master.cf"; : > "$W/etc/main.cf"
install -o postfix -g root -m 644 /dev/null "$W/log/maillog"
postconf -c "$W/etc" -e "compatibility_level = 3.6" "queue_directory = $W/spool" "data_directory = $W/data" \
  "myhostname = bench.test" "mydestination =" "inet_interfaces = loopback-only" "relayhost = [127.0.0.1]:9" \
  "smtp_dns_support_level = disabled" "alias_maps =" "alias_database =" "syslog_name = pfbench" \
  "maillog_file_prefixes = /tmp" "maillog_file = $W/log/maillog"
postconf -c "$W/etc" -F '*/*/chroot = n'; postconf -c "$W/etc" -MX smtp/inet
postfix -c "$W/etc" check >/dev/null 2>&1
for h in 0 1 2 3 4 5 6 7 8 9 A B C D E F; do mkdir -p "$W/spool/deferred/$h" "$W/spool/defer/$h"; done
sed 's/Subject: tiny/Subject: inv1/' "$SEED" > "$W/match.bin"   # same length (4 bytes): 1 in 10 matches
made=0
grow() { # grow TO: add messages up to TO
  local i id h
  for ((i = made + 1; i <= $1; i++)); do
    printf -v id '%05X%X' $((i * 97 % 1000000)) $((0x100000 + i))
    h=${id:0:1}
    if ((i % 10 == 0)); then cp "$W/match.bin" "$W/spool/deferred/$h/$id"; else cp "$SEED" "$W/spool/deferred/$h/$id"; fi
    cp "$LOG" "$W/spool/defer/$h/$id"
  done
  made=$1
  chmod 700 "$W"/spool/deferred/*/*; chmod 600 "$W"/spool/defer/*/*
  chown -R postfix "$W/spool/deferred" "$W/spool/defer"
  touch -d '+1 day' "$W"/spool/deferred/*/*
  sync
}
if [ -z "${CLI:-}" ]; then
  ( cd "$ROOT" && dotnet build src/Postfix.Cli -c Release -v:q -nologo >/dev/null )
  CLI="dotnet $ROOT/src/Postfix.Cli/bin/Release/net10.0/postfix-net.dll"
fi
t() { local s e; s=$(date +%s.%N); "$@" > "$W/out" 2>/dev/null || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
rss() { /usr/bin/time -f '%M' -o "$W/rss" $CLI queue list --spool -c "$W/etc" --format json > /dev/null 2>&1; cat "$W/rss"; }
echo "machine: $(nproc) CPUs, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: postfix $(postconf -d -h mail_version), dotnet $(dotnet --version), CLI: $CLI"
for size in 1000 5000 "$N"; do
  ((size > N)) && continue
  grow "$size"
  echo "peak RSS, queue list --spool --format json, $size messages: $(rss) KB"
done
echo "queue: $N deferred messages, $(du -sh "$W/spool" | cut -f1)"
compare() { # compare LABEL: RUNS alternating runs of postqueue -j and ours, medians
  local ours=() theirs=() i
  postqueue -c "$W/etc" -j > /dev/null 2>&1 || true   # warm caches
  for ((i = 0; i < RUNS; i++)); do
    theirs+=("$(t postqueue -c "$W/etc" -j)"); cp "$W/out" "$W/theirs.j"
    ours+=("$(t $CLI queue list --spool -c "$W/etc" --format json)"); cp "$W/out" "$W/ours.j"
  done
  cmp -s "$W/ours.j" "$W/theirs.j" && same=identical || same=DIFFERENT
  printf '%s: postqueue -j median %.3f s (%s)   queue list --spool --format json median %.3f s (%s)   output %s\n' \
    "$1" "$(median "${theirs[@]}")" "${theirs[*]}" "$(median "${ours[@]}")" "${ours[*]}" "$same"
}
postfix -c "$W/etc" start >/dev/null 2>&1
for i in $(seq 50); do postfix -c "$W/etc" status >/dev/null 2>&1 && break; sleep 0.1; done
compare "running instance (showq)"
postfix -c "$W/etc" stop >/dev/null 2>&1; sleep 1
compare "Postfix stopped (direct)"
ours_subj=$(t $CLI queue list --spool -c "$W/etc" --format ids --subject '^inv1'); matched=$(wc -l < "$W/out")
ids=$(cd "$W/spool/deferred" && ls */ | grep -v : | grep . | head -n "$SAMPLE")
loop() { for id in $ids; do postcat -c "$W/etc" -hq "$id" | grep -q '^Subject: inv1' && echo "$id"; done; }
loop_sample=$(t loop)
loop_est=$(echo "$loop_sample * $N / $SAMPLE" | bc -l)
printf 'postcat -q | grep loop: %.2f s for %d messages -> %.1f s for %d (extrapolated)\n' "$loop_sample" "$SAMPLE" "$loop_est" "$N"
printf 'queue list --spool --format ids --subject: %.2f s (%d matched) -> %.0fx faster than the loop\n' "$ours_subj" "$matched" "$(echo "$loop_est / $ours_subj" | bc -l)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
