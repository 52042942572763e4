# Sourced by postmap-sqlite.sh and postmap-db.sh: 100,000 keys (every other one a hit), the real postmap and
# postfix-net (Release, ReadyToRun) on the same table, their outputs compared byte for byte, then RUNS alternating
# timed runs (/usr/bin/time -v: wall, user, sys, peak RSS).
# Needs: root, work (with etc/main.cf), runs, map (TYPE:FILE), version (what the database is).
keys="$work/keys.txt"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf (i % 2 ? "USER%06d@example.com\n" : "nosuch%06d@example.com\n"), i }' > "$keys"

echo "building postfix-net (Release)" >&2
out="$work/cli"
dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -o "$out" -v:q -nologo -p:PublishReadyToRun=true -p:TieredPGO=true >&2
ours="$out/postfix-net"

postmap -c "$work/etc" -q - "$map" < "$keys" > "$work/real.out" || true
"$ours" postmap -c "$work/etc" -q - "$map" < "$keys" > "$work/ours.out" || true
cmp "$work/real.out" "$work/ours.out"
echo "# ${map%%:*}: outputs identical: $(wc -l < "$work/real.out") hits of $(wc -l < "$keys") keys"

measure() { # label, command...
  local label=$1; shift
  local tmp; tmp=$(mktemp)
  local rc=0
  /usr/bin/time -v "$@" < "$keys" > "$tmp.out" 2> "$tmp.err" || rc=$?
  printf '%-12s rc=%s wall=%s user=%ss sys=%ss maxrss=%sKB\n' "$label" "$rc" "$(grep 'Elapsed (wall clock)' "$tmp.err" | awk '{print $NF}')" \
    "$(grep 'User time' "$tmp.err" | awk '{print $NF}')" "$(grep 'System time' "$tmp.err" | awk '{print $NF}')" "$(grep 'Maximum resident set size' "$tmp.err" | awk '{print $NF}')"
  rm -f "$tmp" "$tmp.out" "$tmp.err"
}

echo "# $(date -u +%FT%TZ) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); postfix $(postconf -d mail_version 2>/dev/null | awk '{print $3}'); $version; dotnet $(dotnet --version)"
for ((i = 0; i < runs; i++)); do
  measure postmap postmap -c "$work/etc" -q - "$map"
  measure postfix-net "$ours" postmap -c "$work/etc" -q - "$map"
done
