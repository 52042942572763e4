#!/usr/bin/env bash
# Side-by-side DH parameter generation: openssl dhparam vs postfix-net dhparam (AVX-512 / AVX2 / scalar) vs
# BouncyCastle's DHParametersGenerator. Runs are interleaved (openssl, ours, ours-avx2, ...) so that machine load hits
# every contender alike; writes benchmarks/results/dhparam.md.
#
# Usage: benchmarks/scripts/dhparam.sh            (defaults below; override with environment variables)
#   RUNS_2048=20 RUNS_1024=20 RUNS_3072=3 BC_RUNS_1024=10 BC_RUNS_2048=2 SCALAR_RUNS=10 OUT=benchmarks/results/dhparam.md
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS_1024=${RUNS_1024:-20}
RUNS_2048=${RUNS_2048:-20}
RUNS_3072=${RUNS_3072:-3}
SCALAR_RUNS=${SCALAR_RUNS:-10}
BC_RUNS_1024=${BC_RUNS_1024:-10}
BC_RUNS_2048=${BC_RUNS_2048:-2}
OUT=${OUT:-benchmarks/results/dhparam.md}
# Stop starting runs at DEADLINE (epoch seconds; default: 30 minutes from now); a run cut off by it is dropped.
DEADLINE=${DEADLINE:-$(( $(date +%s) + 1800 ))}
ORDER=${ORDER:-"2048 1024 3072"}
RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT

dotnet build src/Postfix.Cli -c Release -v:q -nologo >/dev/null
dotnet build benchmarks/Postfix.Benchmarks -c Release -v:q -nologo >/dev/null
CLI=src/Postfix.Cli/bin/Release/net10.0/postfix-net
BENCH=benchmarks/Postfix.Benchmarks/bin/Release/net10.0/Postfix.Benchmarks

# time_cmd NAME CMD...: appends "wall cpu" (seconds) to $RAW/NAME and checks the output file.
time_cmd() {
  local name=$1; shift
  local t0 t1 out
  out="$RAW/out.pem"
  local left=$(( DEADLINE - $(date +%s) ))
  [ "$left" -gt 0 ] || return 1
  t0=$(date +%s.%N)
  timeout "$left" /usr/bin/time -f "%U %S" -o "$RAW/time" "$@" > "$out" 2>/dev/null || return 1
  t1=$(date +%s.%N)
  openssl dhparam -in "$out" -check -noout >/dev/null 2>&1 || { echo "bad output from $name" >&2; exit 1; }
  read -r u s < "$RAW/time"
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$u + $s" | bc -l) $(awk '{print $1}' /proc/loadavg)" >> "$RAW/$name"
}

for bits in $ORDER; do
  runs_var=RUNS_$bits; runs=${!runs_var}
  for i in $(seq 1 "$runs"); do
    time_cmd "openssl-$bits" openssl dhparam -out /dev/stdout "$bits" || break 2
    time_cmd "ours-$bits" "$CLI" dhparam -quiet "$bits" || break 2
    time_cmd "ours-avx2-$bits" "$CLI" dhparam -quiet --arithmetic avx2 "$bits" || break 2
    if [ "$i" -le "$SCALAR_RUNS" ]; then
      time_cmd "ours-scalar-$bits" "$CLI" dhparam -quiet --arithmetic scalar "$bits" || break 2
    fi
    echo "$bits bits: run $i of $runs done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done

# BouncyCastle (in-process runner: "wall cpu candidates" per line).
BC_DEADLINE=${BC_DEADLINE:-$(( DEADLINE + 600 ))}
left=$(( BC_DEADLINE - $(date +%s) )); [ "$left" -gt 0 ] || left=1
timeout "$left" "$BENCH" dh-gen bc 1024 "$BC_RUNS_1024" | awk -v l="$(awk '{print $1}' /proc/loadavg)" '{print $1, $2, l}' > "$RAW/bc-1024"
if [ "$BC_RUNS_2048" -gt 0 ]; then
  left=$(( BC_DEADLINE - $(date +%s) )); [ "$left" -gt 0 ] || left=1
  timeout "$left" "$BENCH" dh-gen bc 2048 "$BC_RUNS_2048" | awk -v l="$(awk '{print $1}' /proc/loadavg)" '{print $1, $2, l}' > "$RAW/bc-2048"
fi
# Ours in-process at 1024 for the BouncyCastle comparison (same runtime, same process model).
left=$(( BC_DEADLINE - $(date +%s) + 120 )); [ "$left" -gt 0 ] || left=1
timeout "$left" "$BENCH" dh-gen ours 1024 "$BC_RUNS_1024" | awk -v l="$(awk '{print $1}' /proc/loadavg)" '{print $1, $2, l}' > "$RAW/ours-inproc-1024"

# Kernel check: CPU time per modular exponentiation and per Montgomery operation for each kernel, and OpenSSL's
# RSA sign speed (one RSA-2N sign = two N-bit BN_mod_exp_mont with CRT) as the per-operation reference.
for bits in 1024 2048 3072; do
  echo "load $(awk '{print $1}' /proc/loadavg)" > "$RAW/kernel-$bits"
  "$BENCH" dh-gen modexp "$bits" >> "$RAW/kernel-$bits" 2>&1
done
openssl speed -seconds 3 -mr rsa2048 rsa4096 2>/dev/null | grep -a '^+F2' > "$RAW/openssl-speed" || true

python3 - "$RAW" "$OUT" <<'PY'
import os, sys, statistics, subprocess, platform, datetime
raw, out = sys.argv[1], sys.argv[2]
def load(name):
    p = os.path.join(raw, name)
    if not os.path.exists(p): return None
    rows = [list(map(float, l.split())) for l in open(p) if l.strip()]
    return rows
def stats(vals):
    n = len(vals); m = statistics.mean(vals)
    se = statistics.stdev(vals) / n ** 0.5 if n > 1 else float('nan')
    return n, m, statistics.median(vals), se, min(vals), max(vals)
cpu = open('/proc/cpuinfo').read()
model = next(l.split(':', 1)[1].strip() for l in cpu.splitlines() if l.startswith('model name'))
flags = next(l.split(':', 1)[1].split() for l in cpu.splitlines() if l.startswith('flags'))
simd = ' '.join(f for f in flags if f.startswith(('avx', 'bmi', 'adx')))
ossl = subprocess.run(['openssl', 'version'], capture_output=True, text=True).stdout.strip()
dotnet = subprocess.run(['dotnet', '--version'], capture_output=True, text=True).stdout.strip()
lines = []
w = lines.append
w('# DH parameter generation: postfix-net vs openssl dhparam vs BouncyCastle')
w('')
w(f'Recorded {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC by `benchmarks/scripts/dhparam.sh`.')
w('')
w(f'* Machine: {platform.node()}, {os.cpu_count()} vCPUs, {model}')
w(f'* CPU SIMD flags: {simd}')
w(f'* OpenSSL: {ossl}; .NET SDK {dotnet}; BouncyCastle.Cryptography 2.7.0 (certainty 128)')
w(f'* Load average (1 min) during the runs: see the column "load"; other sessions shared the machine.')
w('')
w('Each row: wall-clock seconds per generated parameter set (the CLI process end to end: start-up, sieve table, search,')
w('PEM); CPU = user+sys seconds. openssl dhparam is single-threaded; postfix-net uses both cores. Runs were')
w('interleaved (openssl, ours, ours --arithmetic avx2, ours --arithmetic scalar, next run ...).')
w('')
w('| bits | tool | n | wall mean | wall median | s.e. | min | max | CPU mean | load mean |')
w('|---|---|---|---|---|---|---|---|---|---|')
means = {}
for bits in (1024, 2048, 3072):
    for tool in ('openssl', 'ours', 'ours-avx2', 'ours-scalar', 'bc', 'ours-inproc'):
        rows = load(f'{tool}-{bits}')
        if not rows: continue
        n, m, med, se, lo, hi = stats([r[0] for r in rows])
        cm = statistics.mean(r[1] for r in rows); lm = statistics.mean(r[2] for r in rows)
        means[(bits, tool)] = (m, cm)
        label = {'openssl': 'openssl dhparam', 'ours': 'postfix-net (auto: AVX-512)', 'ours-avx2': 'postfix-net --arithmetic avx2',
                 'ours-scalar': 'postfix-net --arithmetic scalar', 'bc': 'BouncyCastle DHParametersGenerator (in-process)',
                 'ours-inproc': 'postfix-net library (in-process)'}[tool]
        w(f'| {bits} | {label} | {n} | {m:.2f} | {med:.2f} | {se:.2f} | {lo:.2f} | {hi:.2f} | {cm:.2f} | {lm:.1f} |')
w('')
w('## Ratios (mean wall time of the peer / ours; CPU-time ratio in brackets)')
w('')
for bits in (1024, 2048, 3072):
    o = means.get((bits, 'openssl'))
    for tool in ('ours', 'ours-avx2', 'ours-scalar'):
        t = means.get((bits, tool))
        if o and t:
            w(f'* {bits} bits, openssl dhparam / {tool}: **{o[0]/t[0]:.1f}×** wall ({o[1]/t[1]:.1f}× CPU)')
    b = means.get((bits, 'bc')); t = means.get((bits, 'ours-inproc')) or means.get((bits, 'ours'))
    if b and t:
        w(f'* {bits} bits, BouncyCastle / ours: **{b[0]/t[0]:.0f}×** wall ({b[1]/t[1]:.0f}× CPU)')
w('')
w('## Kernel check, this run (`Postfix.Benchmarks dh-gen modexp BITS`: CPU ms per exponentiation, CPU µs per operation)')
w('')
for bits in (1024, 2048, 3072):
    p = os.path.join(raw, f'kernel-{bits}')
    if os.path.exists(p):
        w(f'{bits} bits:')
        w('```')
        lines.extend(l.rstrip() for l in open(p) if l.strip())
        w('```')
p = os.path.join(raw, 'openssl-speed')
if os.path.exists(p):
    for l in open(p):
        f = l.strip().split(':')
        if len(f) >= 4 and float(f[3]) > 0:
            w(f'* `openssl speed rsa{f[2]}` sign: {1000 / float(f[3]):.3f} ms, i.e. ≈ {500 / float(f[3]):.3f} ms per {int(f[2]) // 2}-bit `BN_mod_exp_mont`')
w('')
# Hand-written notes from development runs are kept across re-runs of this script.
if os.path.exists(out):
    old = open(out).read().split('\n')
    keep, on = [], False
    for l in old:
        if l.startswith('## '):
            on = l.startswith('## Kernel check, development runs')
        if on:
            keep.append(l)
    lines.extend(keep)
open(out, 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
PY
