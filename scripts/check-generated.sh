#!/usr/bin/env bash
# Regenerates every generated source into the tree and fails when any of them differs from what is committed.
#
#   src/Postfix.Crypto/Dh/Arithmetic/*Kernel.Fixed.g.cs     scripts/gen-dh-kernels.py
#   src/Postfix.Crypto/Dh/Generation/SieveResidues.*.g.cs   scripts/gen-sieve-residues.py
#   src/Postfix.Crypto/Probe/OpenSslCipherTable.g.cs        scripts/generate-openssl-ciphers.py  (the OpenSSL named in it)
#   src/Postfix.Config/Tables/Text/CaseFoldData.cs          scripts/generate-casefold.py         (Postfix 3.7.11 postmap)
#   src/Postfix.Config/Catalog/parameters.tsv               scripts/generate-parameter-catalog.sh (Postfix 3.7.11, root)
#   tests/Postfix.Docs.Tests/Snippets/*.g.cs                scripts/gen-doc-snippets.py          (when that project exists)
#
# The pure generators always run. A generator that reads a real program runs only when that program is the version the
# committed file was made from; otherwise the script says why it skipped it (a skip is not a failure).
# Usage: scripts/check-generated.sh   (a clean working tree for the files above; they are rewritten in place)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

generated=(
  src/Postfix.Crypto/Dh/Arithmetic
  src/Postfix.Crypto/Dh/Generation
  src/Postfix.Crypto/Probe/OpenSslCipherTable.g.cs
  src/Postfix.Config/Tables/Text/CaseFoldData.cs
  src/Postfix.Config/Catalog/parameters.tsv
)
# Every *.g.cs in the sources must be covered by a generator listed here.
unlisted=$(git ls-files 'src/*.g.cs' | grep -v -e '^src/Postfix.Crypto/Dh/Arithmetic/' -e '^src/Postfix.Crypto/Dh/Generation/' \
  -e '^src/Postfix.Crypto/Probe/OpenSslCipherTable.g.cs$' || true)
if [ -n "$unlisted" ]; then
  echo "generated files without a generator in scripts/check-generated.sh:"; echo "$unlisted"; exit 1
fi

skip() { echo "skipped: $*"; }

python3 scripts/gen-dh-kernels.py
python3 scripts/gen-sieve-residues.py
if [ -f scripts/gen-doc-snippets.py ] && [ -d tests/Postfix.Docs.Tests ]; then
  python3 scripts/gen-doc-snippets.py >/dev/null
  generated+=(tests/Postfix.Docs.Tests/Snippets)
fi

table=src/Postfix.Crypto/Probe/OpenSslCipherTable.g.cs
want=$(sed -n 's/^    internal const string Source = "\(.*\)";$/\1/p' "$table")
have=$(openssl version 2>/dev/null || true)
if [ "$have" = "$want" ]; then
  python3 scripts/generate-openssl-ciphers.py "$table" >/dev/null
else
  skip "$table: made from '$want', installed is '${have:-no openssl}'"
fi

postfix_version=$(postconf -dh mail_version 2>/dev/null || true)
if [ "$postfix_version" = "3.7.11" ]; then
  python3 scripts/generate-casefold.py >/dev/null
  if [ "$(id -u)" = 0 ]; then
    bash scripts/generate-parameter-catalog.sh >/dev/null
  else
    skip "parameters.tsv: scripts/generate-parameter-catalog.sh needs root (namespaces)"
  fi
else
  skip "CaseFoldData.cs, parameters.tsv: need Postfix 3.7.11, installed is '${postfix_version:-none}'"
fi

if ! git diff --exit-code --stat -- "${generated[@]}"; then
  echo "generated sources differ from their generators (diff above; run the generator and commit, or fix the script)"
  git diff -- "${generated[@]}" | head -40
  exit 1
fi
if [ -n "$(git status --porcelain -- "${generated[@]}")" ]; then
  echo "generators wrote files that are not committed:"; git status --porcelain -- "${generated[@]}"; exit 1
fi
echo "generated sources: all reproduce byte for byte"
