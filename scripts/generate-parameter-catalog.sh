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
# Needs root for unshare(1) (a private UTS and network namespace; nothing outside the namespace is touched).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/src/Postfix.Config/Catalog/parameters.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/main.cf"
: > "$work/master.cf"

postconf -c "$work" -d > "$work/defaults.txt"
postconf -c "$work" -h mail_version > "$work/version.txt"

# Host-dependent defaults: another hostname, and a network namespace with only loopback.
unshare -u -n sh -c 'hostname probe-host.probe-domain.example; ip link set lo up; postconf -c "$1" -d' sh "$work" > "$work/other-host.txt"

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
