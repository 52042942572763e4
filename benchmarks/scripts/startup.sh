#!/usr/bin/env bash
# Start-up, side by side: each short command of the real Postfix tool against postfix-net's native build, as whole
# processes. For every command the runs alternate (real, ours, real, ours, ...); wall time is taken around each run
# with bash's EPOCHREALTIME (microseconds) and reported as the median (and min), peak RSS from /usr/bin/time -f %M
# in separate runs. Both tools get the same files, and their standard output must be identical.
#   Usage: benchmarks/scripts/startup.sh [RUNS] [POSTFIX_NET]     (RUNS default 15; run from anywhere)
#   POSTFIX_NET: the binary to time; default: publish the native build (dotnet publish -r linux-x64, Native AOT).
# Not a test: run it on a quiet machine and record the numbers in benchmarks/results/startup.md.
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${STARTUP_BENCH_DIR:-/tmp/startup-bench}
mkdir -p "$work/cfg" "$work/tcfg"
cp "$root/tests/Postfix.Config.Tests/TestData/MainCf/main.cf.dist" "$work/cfg/main.cf"
cp "$root/samples/postfix/master.cf" "$work/cfg/master.cf"
# postmap and postalias check main.cf like a daemon (main.cf.dist leaves setgid_group empty): a small valid one.
printf 'compatibility_level = 3.6\nsmtputf8_enable = yes\n' > "$work/tcfg/main.cf"
cp "$root/samples/postfix/master.cf" "$work/tcfg/master.cf"
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "key%03d@example.com\tsmtp:[relay%d.example.net]:25\n", i, i }' > "$work/table.txt"
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "alias%03d: user%d, user%d@example.org\n", i, i, i + 1 }' > "$work/aliases"
postalias -c "$work/tcfg" "hash:$work/aliases"
python3 "$root/benchmarks/scripts/gen-mailq.py" 100 > "$work/mailq-100.txt" 2> /dev/null
touch -d '-1 min' "$work"/cfg/* "$work"/tcfg/* "$work/table.txt" "$work/aliases" "$work/aliases.db"

ours=${2:-}
if [ -z "$ours" ]; then
  echo "publishing postfix-net (Native AOT, linux-x64)" >&2
  dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -r linux-x64 -p:SkipNativeDh=true -o "$work/native" -v:q -nologo >&2
  ours=$work/native/postfix-net
fi

cfg=$work/cfg
echo "# $(date -u +%FT%TZ) $(nproc) cpus ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# postfix $(postconf -d -h mail_version), dotnet $(dotnet --version), $ours ($(stat -c %s "$ours") bytes)"
printf '%-34s %10s %10s %7s %9s %9s %6s\n' command real_ms ours_ms ratio real_KB ours_KB rss
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
wall() { # prints the wall time of one run in milliseconds (stdout of the command to $work/out.$1)
  local tag=$1; shift
  local t0=$EPOCHREALTIME
  "$@" > "$work/out.$tag" 2> /dev/null || true
  local t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}
rss() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1; }
compare() { # label, then the real command and ours separated by "--"
  local label=$1; shift
  local real=() mine=()
  while [ "$1" != "--" ]; do real+=("$1"); shift; done
  shift
  mine=("$@")
  rm -f "$work/real.ms" "$work/ours.ms"
  for _ in $(seq "$runs"); do
    wall real "${real[@]}" >> "$work/real.ms"
    wall ours "${mine[@]}" >> "$work/ours.ms"
  done
  local same="same"
  case $label in
    *" vs "*) same="(different commands)" ;;
    *) cmp -s "$work/out.real" "$work/out.ours" || same="OUTPUT DIFFERS" ;;
  esac
  local r o rr ro
  r=$(median < "$work/real.ms"); o=$(median < "$work/ours.ms")
  rr=$(for _ in 1 2 3; do rss "${real[@]}"; done | sort -n | tail -1)
  ro=$(for _ in 1 2 3; do rss "${mine[@]}"; done | sort -n | tail -1)
  printf '%-34s %10.2f %10.2f %6.2fx %9d %9d %5.2fx  min %.2f/%.2f  %s\n' "$label" "$r" "$o" \
    "$(awk -v a="$o" -v b="$r" 'BEGIN { print a / b }')" "$rr" "$ro" "$(awk -v a="$ro" -v b="$rr" 'BEGIN { print a / b }')" \
    "$(sort -n "$work/real.ms" | head -1)" "$(sort -n "$work/ours.ms" | head -1)" "$same"
}

compare "postconf -h myhostname" postconf -c "$cfg" -h myhostname -- "$ours" postconf -c "$cfg" -h myhostname
compare "postconf -n" postconf -c "$cfg" -n -- "$ours" postconf -c "$cfg" -n
compare "postconf -d myhostname" postconf -c "$cfg" -d myhostname -- "$ours" postconf -c "$cfg" -d myhostname
compare "postconf -d mail_version" postconf -c "$cfg" -d mail_version -- "$ours" postconf -c "$cfg" -d mail_version
tcfg=$work/tcfg
compare "postmap -q KEY texthash (100)" postmap -c "$tcfg" -q key050@example.com "texthash:$work/table.txt" -- \
  "$ours" postmap -c "$tcfg" -q key050@example.com "texthash:$work/table.txt"
compare "postalias -q NAME hash (100)" postalias -c "$tcfg" -q alias050 "hash:$work/aliases" -- \
  "$ours" postalias -c "$tcfg" -q alias050 "hash:$work/aliases"
# queue list has no real counterpart that reads a file: it is held against postfix-net's own postconf -n, and
# against the real postconf -n for scale.
compare "queue list (100) vs postconf -n" postconf -c "$cfg" -n -- "$ours" queue list --input "$work/mailq-100.txt"
compare "ours: postconf -n vs queue list" "$ours" postconf -c "$cfg" -n -- "$ours" queue list --input "$work/mailq-100.txt"
