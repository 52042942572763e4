#!/usr/bin/env bash
# Builds the standalone native postfix-net for machines without the .NET SDK: a Native AOT, self-contained
# executable (no runtime, no dll) in a tarball, artifacts/native/postfix-net-RID.tar.gz, holding
#   postfix-net/postfix-net                      the tool's lean image: the short verbs (postconf, postmap, postalias,
#                                                postcat, qshape, queue); it execs postfix-net-full for the others
#   postfix-net/postfix-net-full                 the whole tool (runs alone, DH then on the baseline kernels)
#   postfix-net/postfix-net-dh-x86-64-v4.so      (linux-x64) the DH search for AVX-512 CPUs, loaded when the CPU has it
#   postfix-net/postfix-net-dh-x86-64-v3.so      (linux-x64) the same for AVX2 CPUs
#   postfix-net/libe_sqlite3.so                  SQLite for sqlite: tables (the publish output's native libraries)
#   postfix-net/README.md
# Usage: scripts/publish-native.sh [RID] [--from PUBLISH_DIR]
#   RID: linux-x64 (default) or linux-arm64 (cross-compiling needs an aarch64 toolchain; see docs/native.md).
#   --from: package an existing `dotnet publish -r RID` (or `dotnet pack -r RID`) output instead of publishing again.
# Needs gcc or clang (Native AOT links with the system C toolchain).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rid=${1:-linux-x64}
from=
if [ "${2:-}" = "--from" ]; then from=${3:?--from needs a directory}; fi
case $rid in linux-x64|linux-arm64) ;; *) echo "publish-native: RID must be linux-x64 or linux-arm64, not '$rid'" >&2; exit 2 ;; esac
out=$root/artifacts/native
stage=$out/stage-$rid
rm -rf "$stage" && mkdir -p "$stage/postfix-net"
if [ -z "$from" ]; then
  from=$out/publish-$rid
  rm -rf "$from"
  dotnet publish "$root/src/Postfix.Cli/Postfix.Cli.csproj" -c Release -r "$rid" -o "$from" -nologo -v:q
fi
[ -x "$from/postfix-net" ] || { echo "publish-native: no native postfix-net in $from" >&2; exit 1; }
[ ! -e "$from/postfix-net.dll" ] || { echo "publish-native: $from is not a Native AOT publish (postfix-net.dll is there)" >&2; exit 1; }
[ -x "$from/postfix-net-full" ] || { echo "publish-native: no postfix-net-full (the full image) in $from" >&2; exit 1; }
cp "$from/postfix-net" "$from/postfix-net-full" "$stage/postfix-net/"
# Every native library the publish put next to the executable: the DH levels and the ones packages bring
# (libe_sqlite3.so for sqlite: tables). Without them a verb that needs one aborts.
cp "$from"/*.so "$stage/postfix-net/" 2>/dev/null || true
cp "$root/README.md" "$stage/postfix-net/"
tar -C "$stage" -czf "$out/postfix-net-$rid.tar.gz" postfix-net
rm -rf "$stage"
echo "publish-native: $out/postfix-net-$rid.tar.gz"
tar -tzvf "$out/postfix-net-$rid.tar.gz"
