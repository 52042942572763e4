#!/usr/bin/env bash
# Checks an installed postfix-net (the dotnet tool, or the tarball's binary) is the native build and that its DH
# search runs every kernel path correctly: the file is an ELF executable (not a managed apphost next to a dll), and
# a seeded 512-bit search gives the same safe prime with every native library level this CPU supports (x86-64-v4,
# x86-64-v3, off = in process) and every forced kernel (avx512, avx2, scalar); openssl confirms the prime is safe.
# On a CPU with AVX-512 the automatic choice must be the AVX-512 kernels.
#   Usage: scripts/check-native-tool.sh PATH_TO_postfix-net
set -euo pipefail
tool=$1
real=$(readlink -f "$tool")
dir=$(dirname "$real")
fail() { echo "check-native-tool: $*" >&2; exit 1; }

[ "$(head -c 4 "$real" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "$real is not an ELF executable"
[ ! -e "$dir/postfix-net.dll" ] || fail "$dir holds postfix-net.dll: the framework-dependent build was installed, not the native one"
# Two images (docs/native.md): the lean postfix-net runs the short verbs and execs postfix-net-full for the rest.
full=$dir/postfix-net-full
[ "$(head -c 4 "$full" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "$full (the full image) is missing or not an ELF executable"
lean_size=$(stat -c %s "$real"); full_size=$(stat -c %s "$full")
((lean_size * 2 < full_size)) || fail "the lean image ($lean_size bytes) is not under half the full one ($full_size): the feature switches did not trim"
echo "images: postfix-net $lean_size bytes, postfix-net-full $full_size bytes"
file "$real" 2>/dev/null | grep -q 'ELF 64-bit' && echo "native: $(file -b "$real" | cut -d, -f1-2)"
kernels=$("$tool" dhparam --show-kernels)
echo "kernels: $kernels"
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
levels=(off)
if [ "$(uname -m)" = x86_64 ]; then
  grep -qw avx2 <<<"$flags" && levels+=(x86-64-v3)
  if grep -qw avx512f <<<"$flags" && grep -qw avx512bw <<<"$flags" && grep -qw avx512vl <<<"$flags"; then
    levels+=(x86-64-v4)
    case $kernels in avx512*) ;; *) fail "this CPU has AVX-512 but the automatic DH kernels are: $kernels" ;; esac
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The hand-over: the same bytes, stderr and exit status as running the full image directly, argument bytes that are
# not UTF-8 included; and the short verbs run in the lean image itself (alone in a folder it still answers them, and
# says clearly that it cannot hand over the others).
handover() {
  local orc=0 frc=0
  "$tool" "$@" > "$tmp/h.out" 2> "$tmp/h.err" < /dev/null || orc=$?
  "$full" "$@" > "$tmp/f.out" 2> "$tmp/f.err" < /dev/null || frc=$?
  cmp -s "$tmp/h.out" "$tmp/f.out" && cmp -s "$tmp/h.err" "$tmp/f.err" && [ "$orc" = "$frc" ] \
    || fail "postfix-net $* (handed over) differs from postfix-net-full $* (exit $orc vs $frc)"
  echo "ok: handed over: $* (exit $orc)"
}
handover
handover --help
handover no-such-verb
handover tls --help
handover check -c $'/nonexistent/\xff\xfe'
handover postmap -q $'k\xe9y' ldap:/nonexistent/ldap.cf
mkdir "$tmp/alone" && cp "$real" "$tmp/alone/postfix-net"
"$tmp/alone/postfix-net" postconf -d mail_version > "$tmp/alone.out" 2>&1 || fail "the lean image alone cannot run postconf: $(cat "$tmp/alone.out")"
rc=0; "$tmp/alone/postfix-net" dhparam --show-kernels > "$tmp/alone.out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q 'cannot run .*postfix-net-full: No such file or directory' "$tmp/alone.out" \
  || fail "the lean image alone should say it cannot run postfix-net-full for dhparam (exit $rc): $(cat "$tmp/alone.out")"
echo "ok: the lean image runs postconf itself and hands dhparam over"
reference=
for level in "${levels[@]}"; do
  for arithmetic in auto avx512 avx2 scalar; do
    out="$tmp/$level-$arithmetic.pem"
    POSTFIX_NET_DH_NATIVE=$level "$tool" dhparam -quiet --seed check-native-tool --arithmetic "$arithmetic" 512 > "$out"
    what=$(POSTFIX_NET_DH_NATIVE=$level "$tool" dhparam --show-kernels --arithmetic "$arithmetic")
    if [ -z "$reference" ]; then
      reference=$out
      openssl dhparam -check -noout -in "$out" 2>&1 | grep -q 'DH parameters appear to be ok' || fail "openssl rejects $out"
    else
      cmp -s "$reference" "$out" || fail "POSTFIX_NET_DH_NATIVE=$level --arithmetic $arithmetic gave another prime than $(basename "$reference")"
    fi
    echo "ok: POSTFIX_NET_DH_NATIVE=$level --arithmetic $arithmetic ($what)"
  done
done
echo "check-native-tool: $tool is native and every DH path gives the same safe prime"

# The verbs whose code paths a trimmed native image could lose (reflection, native libraries: SQLite's e_sqlite3,
# the queue-file reader, the parameter catalog) give the real tools' bytes and exit status. Needs Postfix with
# postfix-sqlite (CI installs it); python3 makes the SQLite database.
if command -v postconf >/dev/null && [ -e /usr/lib/postfix/postfix-sqlite.so ] && command -v python3 >/dev/null; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  mkdir -p "$tmp/etc"
  cp "$root/samples/postfix/main.cf" "$root/samples/postfix/master.cf" "$tmp/etc/"
  python3 - "$tmp/v.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("create table v (k text, r text)")
c.executemany("insert into v values (?, ?)", [("a@example.org", "b@example.net"), ("a@example.org", "c@example.net"), ("o'x@example.org", "q@example.net")])
c.commit()
PY
  printf 'dbpath = %s\nquery = SELECT r FROM v WHERE k = '"'"'%%s'"'"'\n' "$tmp/v.db" > "$tmp/v.cf"
  printf 'a@example.org\nnone@example.org\no'"'"'x@example.org\n' > "$tmp/keys"
  same() {  # same NAME -- OURS... -- REAL...
    local name=$1; shift; shift
    local ours=() real=()
    while [ "$1" != -- ]; do ours+=("$1"); shift; done; shift
    real=("$@")
    local orc=0 rrc=0
    "$tool" "${ours[@]}" < "$tmp/keys" > "$tmp/o.out" 2> "$tmp/o.err" || orc=$?
    "${real[@]}" < "$tmp/keys" > "$tmp/r.out" 2> "$tmp/r.err" || rrc=$?
    cmp -s "$tmp/o.out" "$tmp/r.out" || { diff "$tmp/r.out" "$tmp/o.out" | head -20 >&2; fail "$name: stdout differs from the real tool's"; }
    [ "$orc" = "$rrc" ] || fail "$name: exit $orc, the real tool's $rrc"
    echo "ok: $name (exit $orc, $(wc -c < "$tmp/o.out") bytes as the real tool)"
  }
  same "postconf -n" -- postconf -c "$tmp/etc" -n -- postconf -c "$tmp/etc" -n
  same "postconf -d mail_version" -- postconf -c "$tmp/etc" -d mail_version -- postconf -c "$tmp/etc" -d mail_version
  same "postconf -M" -- postconf -c "$tmp/etc" -M -- postconf -c "$tmp/etc" -M
  same "postconf -Mf" -- postconf -c "$tmp/etc" -Mf -- postconf -c "$tmp/etc" -Mf
  same "postconf -F" -- postconf -c "$tmp/etc" -F -- postconf -c "$tmp/etc" -F
  # Every default (the whole parameter catalog and its expansion); process_id is each process's own.
  "$tool" postconf -c "$tmp/etc" -dx | grep -v '^process_id = ' > "$tmp/o.out"
  postconf -c "$tmp/etc" -dx | grep -v '^process_id = ' > "$tmp/r.out"
  cmp -s "$tmp/o.out" "$tmp/r.out" || { diff "$tmp/r.out" "$tmp/o.out" | head -20 >&2; fail "postconf -dx: stdout differs from the real tool's"; }
  echo "ok: postconf -dx ($(wc -l < "$tmp/o.out") parameters as the real tool, process_id aside)"
  same "postmap -q - sqlite" -- postmap -c "$tmp/etc" -q - "sqlite:$tmp/v.cf" -- postmap -c "$tmp/etc" -q - "sqlite:$tmp/v.cf"
  # The lean image's own table readers (the grammars, both regex dialects, CIDR) against the real postmap.
  printf 'a@example.org b@example.net\nexample.com  OK\n# comment\nUPPER@Example.ORG  lower\n' > "$tmp/t.txt"
  printf '/^a@/  REJECT no a\n/example\\.(com|org)$/i  OK $1\nif /^u/\n/pper/  DUNNO\nendif\n' > "$tmp/t.re"
  printf '192.0.2.0/24  REJECT\n2001:db8::/32  OK\n!198.51.100.1  DUNNO\n' > "$tmp/t.cidr"
  printf 'a@example.org\nupper@example.org\nexample.com\nnone\n192.0.2.7\n2001:db8::1\n198.51.100.2\n' > "$tmp/keys"
  same "postmap -q - texthash" -- postmap -c "$tmp/etc" -q - "texthash:$tmp/t.txt" -- postmap -c "$tmp/etc" -q - "texthash:$tmp/t.txt"
  same "postmap -q - regexp" -- postmap -c "$tmp/etc" -q - "regexp:$tmp/t.re" -- postmap -c "$tmp/etc" -q - "regexp:$tmp/t.re"
  [ -e /usr/lib/postfix/postfix-pcre.so ] && same "postmap -q - pcre" -- postmap -c "$tmp/etc" -q - "pcre:$tmp/t.re" -- postmap -c "$tmp/etc" -q - "pcre:$tmp/t.re"
  same "postmap -q - cidr" -- postmap -c "$tmp/etc" -q - "cidr:$tmp/t.cidr" -- postmap -c "$tmp/etc" -q - "cidr:$tmp/t.cidr"
  same "postalias -q - texthash" -- postalias -c "$tmp/etc" -q - "texthash:$tmp/t.txt" -- postalias -c "$tmp/etc" -q - "texthash:$tmp/t.txt"
  for f in "$root"/tests/Postfix.Queue.Tests/TestData/QueueFiles/messages/m0[1-5]*.bin; do
    same "postcat -bdehv $(basename "$f")" -- postcat -c "$tmp/etc" -bdehv "$f" -- postcat -c "$tmp/etc" -bdehv "$f"
  done
  echo "check-native-tool: the native verbs give the real tools' output"
fi
