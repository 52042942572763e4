#!/usr/bin/env bash
# Side-by-side: `postfix-net postmap -q - sqlite:CF` vs the real `postmap -q - sqlite:CF` with 100,000 keys (half of
# them hits) on a generated 100,000-row SQLite table (indexed). Both outputs are compared first (the run stops if they
# differ); then wall time and peak RSS come from /usr/bin/time -v. Not a test: run by hand on a quiet machine and record
# the numbers in benchmarks/results/database-tables.md.
# Usage: benchmarks/scripts/postmap-sqlite.sh [runs]   (default 3 runs per tool)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${POSTMAP_BENCH_DIR:-/tmp/postmap-sqlite-bench}
mkdir -p "$work/etc"
printf 'compatibility_level = 3.6\n' > "$work/etc/main.cf"
db="$work/aliases.db"
if [ ! -s "$db" ]; then
  echo "generating $db" >&2
  python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE aliases (id INTEGER PRIMARY KEY, addr TEXT NOT NULL, dest TEXT)")
c.executemany("INSERT INTO aliases(addr, dest) VALUES (?, ?)", ((f"user{i:06d}@example.com", f"mbox{i:06d}@mail.example.com") for i in range(100000)))
c.execute("CREATE INDEX aliases_addr ON aliases(addr)")
c.commit()
PY
fi
printf "dbpath = %s\nquery = SELECT dest FROM aliases WHERE addr='%%s'\n" "$db" > "$work/sqlite.cf"
touch -d '-1 min' "$work/sqlite.cf" "$work/etc/main.cf"
keys="$work/keys.txt"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf (i % 2 ? "USER%06d@example.com\n" : "nosuch%06d@example.com\n"), i }' > "$keys"

echo "building postfix-net (Release)" >&2
out="$work/cli"
dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -o "$out" -v:q -nologo -p:PublishReadyToRun=true -p:TieredPGO=true >&2
ours="$out/postfix-net"

postmap -c "$work/etc" -q - "sqlite:$work/sqlite.cf" < "$keys" > "$work/real.out" || true
"$ours" postmap -c "$work/etc" -q - "sqlite:$work/sqlite.cf" < "$keys" > "$work/ours.out" || true
cmp "$work/real.out" "$work/ours.out"
echo "# outputs identical: $(wc -l < "$work/real.out") hits of $(wc -l < "$keys") keys"

measure() { # label, command...
  local label=$1; shift
  local tmp; tmp=$(mktemp)
  local rc=0
  /usr/bin/time -v "$@" < "$keys" > "$tmp.out" 2> "$tmp.err" || rc=$?
  printf '%-12s rc=%s wall=%s user=%ss sys=%ss maxrss=%sKB\n' "$label" "$rc" "$(grep 'Elapsed (wall clock)' "$tmp.err" | awk '{print $NF}')" \
    "$(grep 'User time' "$tmp.err" | awk '{print $NF}')" "$(grep 'System time' "$tmp.err" | awk '{print $NF}')" "$(grep 'Maximum resident set size' "$tmp.err" | awk '{print $NF}')"
  rm -f "$tmp" "$tmp.out" "$tmp.err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); postfix $(postconf -d mail_version 2>/dev/null | awk '{print $3}'); sqlite $(dpkg-query -W -f='${Version}' libsqlite3-0); dotnet $(dotnet --version)"
for ((i = 0; i < runs; i++)); do
  measure postmap postmap -c "$work/etc" -q - "sqlite:$work/sqlite.cf"
  measure postfix-net "$ours" postmap -c "$work/etc" -q - "sqlite:$work/sqlite.cf"
done
