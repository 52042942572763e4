#!/usr/bin/env bash
# Side-by-side: `postfix-net postmap -q - TYPE:CF` vs the real `postmap -q - TYPE:CF` with 100,000 keys (half of them
# hits, half upper case) against a 100,000-entry table on a private server this script starts on 127.0.0.1 (and stops):
# TYPE is pgsql (PostgreSQL 15), mysql (MariaDB) or ldap (slapd). Both outputs are compared first (the run stops if they
# differ); then wall time and peak RSS come from /usr/bin/time -v. Not a test: run by hand as root and record the
# numbers in benchmarks/results/database-tables.md. sqlite has its own script (postmap-sqlite.sh).
# Usage: benchmarks/scripts/postmap-db.sh pgsql|mysql|ldap [runs]   (default 3 runs per tool)
set -euo pipefail
type=${1:?usage: postmap-db.sh pgsql|mysql|ldap [runs]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "/tmp/postmap-$type-bench.XXXXXX")
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/etc"
printf 'compatibility_level = 3.6\n' > "$work/etc/main.cf"
pids=()
stop() {
  case $type in
    pgsql) runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true ;;
  esac
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT

rows() { # prints addr<TAB>dest for 100,000 rows
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "user%06d@example.com\tmbox%06d@mail.example.com\n", i, i }'
}

case $type in
  pgsql)
    pg=/usr/lib/postgresql/15/bin
    mkdir -p "$work/pg/sock"; chown -R postgres:postgres "$work/pg"
    runuser -u postgres -- "$pg/initdb" -D "$work/pg/data" -U postgres -E UTF8 --locale=C.UTF-8 -N --auth-local=trust --auth-host=trust >/dev/null
    runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -o "-p $port -k $work/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    psql() { "$pg/psql" -h "$work/pg/sock" -p "$port" -U postgres -q -X -v ON_ERROR_STOP=1 "$@"; }
    psql -d postgres -c "CREATE ROLE pfuser LOGIN;"
    psql -d postgres -c "CREATE DATABASE mail OWNER pfuser;"
    psql -d mail -c "CREATE TABLE aliases (id serial PRIMARY KEY, addr text NOT NULL, dest text); ALTER TABLE aliases OWNER TO pfuser;"
    rows | psql -d mail -c "COPY aliases(addr, dest) FROM STDIN"
    psql -d mail -c "CREATE INDEX ON aliases(addr); ANALYZE aliases;"
    printf "hosts = inet:127.0.0.1:%s\nuser = pfuser\ndbname = mail\nquery = SELECT dest FROM aliases WHERE addr='%%s'\n" "$port" > "$work/t.cf"
    version="PostgreSQL $("$pg/postgres" --version | awk '{print $3}')"
    ;;
  mysql)
    mkdir -p "$work/my"; chown mysql:mysql "$work/my"
    mariadb-install-db --no-defaults --user=mysql --datadir="$work/my/data" --auth-root-authentication-method=socket --skip-test-db >/dev/null
    /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$work/my/data" --socket="$work/my/sock" --port="$port" --bind-address=127.0.0.1 \
      --pid-file="$work/my/pid" --log-error="$work/my/err.log" --skip-log-bin --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 --skip-name-resolve &
    pids+=($!)
    for _ in $(seq 600); do mariadb-admin --no-defaults --socket="$work/my/sock" -u root ping >/dev/null 2>&1 && break; sleep 0.1; done
    my() { mariadb --no-defaults --socket="$work/my/sock" -u root "$@"; }
    my -e "CREATE DATABASE mail; CREATE USER 'pfuser'@'127.0.0.1'; GRANT SELECT ON mail.* TO 'pfuser'@'127.0.0.1';"
    my mail -e "CREATE TABLE aliases (id INT AUTO_INCREMENT PRIMARY KEY, addr VARCHAR(255) NOT NULL, dest VARCHAR(255), INDEX(addr)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
    rows > "$work/rows.tsv"; chmod 644 "$work/rows.tsv"
    my --local-infile=1 mail -e "SET GLOBAL local_infile=1; LOAD DATA LOCAL INFILE '$work/rows.tsv' INTO TABLE aliases (addr, dest);"
    printf "hosts = inet:127.0.0.1:%s\nuser = pfuser\ndbname = mail\nquery = SELECT dest FROM aliases WHERE addr='%%s'\n" "$port" > "$work/t.cf"
    version="MariaDB $(/usr/sbin/mariadbd --version | awk '{print $3}')"
    ;;
  ldap)
    mkdir -p "$work/ldap/db"
    cat > "$work/ldap/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/misc.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $work/ldap/slapd.pid
database mdb
maxsize 1073741824
suffix "dc=example,dc=com"
rootdn "cn=admin,dc=example,dc=com"
rootpw secret
directory $work/ldap/db
index objectClass eq
index mail eq
EOF
    { printf 'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n'
      printf 'dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n\n'
      awk 'BEGIN { for (i = 0; i < 100000; i++) printf "dn: uid=u%06d,ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nobjectClass: inetLocalMailRecipient\nuid: u%06d\ncn: U\nsn: U\nmail: user%06d@example.com\nmailRoutingAddress: mbox%06d@mail.example.com\n\n", i, i, i, i }'
    } > "$work/ldap/data.ldif"
    slapadd -q -f "$work/ldap/slapd.conf" -l "$work/ldap/data.ldif"
    /usr/sbin/slapd -f "$work/ldap/slapd.conf" -h "ldap://127.0.0.1:$port/" -d 0 >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 600); do ldapsearch -x -H "ldap://127.0.0.1:$port" -b dc=example,dc=com -s base >/dev/null 2>&1 && break; sleep 0.1; done
    printf "server_host = ldap://127.0.0.1:%s\nsearch_base = dc=example,dc=com\nquery_filter = (mail=%%s)\nresult_attribute = mailRoutingAddress\nbind = no\n" "$port" > "$work/t.cf"
    version="slapd $(dpkg-query -W -f='${Version}' slapd), libldap $(dpkg-query -W -f='${Version}' libldap-2.5-0)"
    ;;
  *) echo "unknown type $type" >&2; exit 2 ;;
esac
touch -d '-1 min' "$work/t.cf" "$work/etc/main.cf"
map="$type:$work/t.cf"
# shellcheck source=postmap-bench-run.sh
source "$root/benchmarks/scripts/postmap-bench-run.sh"
