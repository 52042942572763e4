#!/usr/bin/env bash
# Peer timing for benchmarks/results/expansion.md: the real postconf -dx (process start included), N runs.
set -euo pipefail
n=${1:-50}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
: > "$dir/main.cf"; : > "$dir/master.cf"
touch -d '-10 seconds' "$dir/main.cf" "$dir/master.cf"
postconf -c "$dir" -dx > /dev/null
start=$(date +%s%N)
for _ in $(seq "$n"); do postconf -c "$dir" -dx > /dev/null; done
end=$(date +%s%N)
echo "postconf -dx: $(( (end - start) / n / 1000 )) us per run (mean of $n, process start included)"
start=$(date +%s%N)
for _ in $(seq "$n"); do postconf -c "$dir" -h mail_version > /dev/null; done
end=$(date +%s%N)
echo "postconf -h mail_version (start-up only): $(( (end - start) / n / 1000 )) us per run"
