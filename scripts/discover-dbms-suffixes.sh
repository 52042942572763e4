#!/usr/bin/env bash
# Lists, per legacy database type, the NAME_suffix parameters the installed postconf registers for a "type:NAME"
# reference (postconf_dbms.c; the suffix lists are compiled into postconf from the *_table(5) manuals). Candidates are
# every identifier tail found in the postconf binary; a candidate is a suffix when `postconf -n` lists NAME_candidate
# instead of warning that it is unused. The result feeds src/Postfix.Config/Catalog/LegacyDbmsParameters.cs.
# Usage: scripts/discover-dbms-suffixes.sh [path-to-postconf]
set -euo pipefail
postconf=${1:-$(command -v postconf || echo /usr/sbin/postconf)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
strings -n 2 "$postconf" | python3 -c '
import re, sys
seen = set()
for line in sys.stdin:
    for token in re.findall(r"[A-Za-z][A-Za-z0-9_]*", line):
        for i in range(len(token)):
            tail = token[i:]
            if re.match(r"^[A-Za-z][A-Za-z0-9_]*$", tail):
                seen.add(tail)
print("\n".join(sorted(seen)))' > "$work/candidates"
echo "# $("$postconf" -d mail_version 2>/dev/null)"
for type in ldap mysql pgsql sqlite memcache mongodb; do
  mkdir -p "$work/$type"
  { echo "alias_maps = $type:zz"; sed 's/^/zz_/; s/$/ = 1/' "$work/candidates"; } > "$work/$type/main.cf"
  : > "$work/$type/master.cf"
  touch -d '-1 min' "$work/$type/main.cf" "$work/$type/master.cf"
  printf '%s:' "$type"
  "$postconf" -c "$work/$type" -n 2>/dev/null | sed -n 's/^zz_\(.*\) = 1$/\1/p' | tr '\n' ' '
  echo
done
