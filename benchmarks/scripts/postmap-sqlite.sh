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
map="sqlite:$work/sqlite.cf"
version="sqlite $(dpkg-query -W -f='${Version}' libsqlite3-0)"
# shellcheck source=postmap-bench-run.sh
source "$root/benchmarks/scripts/postmap-bench-run.sh"
