#!/usr/bin/env bash
# Writes the API baseline of the three libraries: eng/api-baseline/<PackageId>.<VERSION>.nupkg (default 1.0.0).
#
# Run it once per release whose surface is to be kept, after PublicAPI.Shipped.txt holds that surface (see
# docs/DEVELOPING.md, "Releasing"), and commit what it writes. From then on `dotnet pack` (and so .ci/run) compares each
# library with its baseline (package validation, ApiCompat) and fails on a breaking change: a removed or changed
# member, a member added to an interface, a changed target framework.
# The baseline keeps only what the comparison reads (lib/*/*.dll and the .nuspec), so it stays small.
# Usage: scripts/make-api-baseline.sh [VERSION]   (VERSION other than 1.0.0: also set PostfixNetApiBaselineVersion)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-1.0.0}
out="$root/eng/api-baseline"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

for id in Postfix.Config Postfix.Queue Postfix.Crypto; do
  rm -f "$out/$id".*.nupkg
  dotnet pack "$root/src/$id/$id.csproj" -c Release -nologo -v:q -o "$work" \
    -p:Version="$version" -p:PostfixNetApiBaselineVersion=none -p:IncludeSymbols=false -p:ContinuousIntegrationBuild=true
  python3 - "$work/$id.$version.nupkg" "$out/$id.$version.nupkg" <<'PY'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in sorted(zin.infolist(), key=lambda i: i.filename):
        name = info.filename
        if name.endswith(".nuspec") or (name.startswith("lib/") and name.endswith(".dll")):
            entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))   # fixed time: the same surface, the same bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(entry, zin.read(name))
PY
  echo "wrote $out/$id.$version.nupkg"
done

if ! grep -q "<PostfixNetApiBaselineVersion Condition=\"'\$(PostfixNetApiBaselineVersion)' == ''\">$version<" "$root/Directory.Build.targets"; then
  echo "note: Directory.Build.targets compares with another version; set PostfixNetApiBaselineVersion to $version there"
fi
