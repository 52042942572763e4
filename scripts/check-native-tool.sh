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
