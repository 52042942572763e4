#!/usr/bin/env bash
# Regenerates src/Postfix.Config/Catalog/parameters.tsv from the installed Postfix's postconf.
#
# Output, one parameter per line, sorted by name: NAME<TAB>FLAGS<TAB>DEFAULT
#   DEFAULT is what `postconf -d` prints after "NAME = " (postconf joins words with single blanks).
#   FLAGS (may be empty):
#     r  raw: postconf -x and the daemons never $-expand it (found by setting every parameter to a $reference)
#     o  read-only: postconf ignores a main.cf assignment with "read-only parameter assignment"
#     h  host-dependent: the default is computed at run time (hostname, network interfaces, process id); found by
#        running postconf -d again under another hostname and with only a loopback interface
#   The DEFAULT of an h parameter is the one of a fixed reference host, so the file is the same wherever it is made:
#   hostname "vm", interfaces lo and one more with 192.0.2.2/24 and fd00::2/64 (plus its fe80:: link-local address),
#   and postconf running as process 26426. The library computes these defaults at run time (ParameterEvaluator).
# Needs root for unshare(1) (private UTS, network and PID namespaces; nothing outside them is touched), a kernel that
# can make a bridge (or ifb) interface, and Postfix 3.7.11 (scripts/check-generated.sh skips the catalog otherwise).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/src/Postfix.Config/Catalog/parameters.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/main.cf"
: > "$work/master.cf"

# The reference host: a private hostname, network and PID namespace (see FLAGS h above).
unshare -u -n -p -f --mount-proc sh -c '
  set -e
  hostname vm
  ip link set lo up
  ip link add eth0 type bridge 2>/dev/null || ip link add eth0 type ifb
  ip addr add 192.0.2.2/24 dev eth0
  ip addr add fd00::2/64 dev eth0
  ip link set eth0 up
  echo 26425 > /proc/sys/kernel/ns_last_pid
  postconf -c "$1" -d' sh "$work" > "$work/defaults.txt"
postconf -c "$work" -h mail_version > "$work/version.txt"

# Host-dependent defaults: another hostname, and a network namespace with only loopback.
unshare -u -n -p -f --mount-proc sh -c 'hostname probe-host.probe-domain.example; ip link set lo up; postconf -c "$1" -d' sh "$work" > "$work/other-host.txt"

# Raw and read-only parameters: assign "$probe" to every parameter and see what -x leaves alone.
sed -e 's/ =.*$/ = $catalog_probe_undefined/' "$work/defaults.txt" > "$work/main.cf"
postconf -c "$work" -x > "$work/probe.txt" 2> "$work/probe.err"
: > "$work/main.cf"

awk -v probe="$work/probe.txt" -v probe_err="$work/probe.err" -v other="$work/other-host.txt" '
  function split_line(line, parts,    i) {
    i = index(line, " =")
    parts[1] = substr(line, 1, i - 1)
    parts[2] = substr(line, i + 3)
  }
  BEGIN {
    while ((getline line < probe) > 0) {
      split_line(line, p)
      if (p[2] == "$catalog_probe_undefined") raw[p[1]] = 1
    }
    while ((getline line < probe_err) > 0) {
      if (line ~ /read-only parameter assignment: /) {
        sub(/.*read-only parameter assignment: /, "", line); sub(/=.*/, "", line); ro[line] = 1
      }
    }
    while ((getline line < other) > 0) {
      split_line(line, p); alt[p[1]] = p[2]
    }
  }
  {
    split_line($0, p)
    flags = ""
    if (p[1] in raw) flags = flags "r"
    if (p[1] in ro) flags = flags "o"
    if (!(p[1] in alt) || alt[p[1]] != p[2]) flags = flags "h"
    printf "%s\t%s\t%s\n", p[1], flags, p[2]
  }
' "$work/defaults.txt" | LC_ALL=C sort > "$out"

echo "wrote $(wc -l < "$out") parameters of Postfix $(cat "$work/version.txt") to $out"
