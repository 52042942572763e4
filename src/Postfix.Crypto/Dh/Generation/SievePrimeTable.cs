using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// The small primes of the combined sieve, with a Barrett reciprocal floor(2^64/r), the double 1/r of the SIMD
/// residues and the inverse of the candidate step mod r for each. Built once per (bound, step) and shared read-only by
/// all workers.
/// </summary>
internal sealed class SievePrimeTable
{
    /// <summary>Odd numbers per segment of the table's sieve (one byte each: stays in the L2 cache).</summary>
    private const int Segment = 1 << 16;
    private static readonly ConcurrentDictionary<(int Bound, int Step), Lazy<SievePrimeTable>> Cache = new();
    private readonly Lazy<ulong[]> _reciprocals;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SievePrimeTable(int bound, int step, uint[] primes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        Bound = bound;
        Step = step;
        Primes = primes;
        InverseDoubles = new double[Primes.Length];
        StepInverses = new uint[Primes.Length];
        _reciprocals = new Lazy<ulong[]>(() => Primes.Select(r => ulong.MaxValue / r).ToArray());

        // step⁻¹ mod r in closed form (no Euclid loop per prime): with k ≡ −r⁻¹ (mod step), k·r + 1 is a multiple of
        // step and (k·r + 1) / step < r is the inverse. Without a hardware division per prime: r mod step by Lemire's
        // fastmod (exact for 32-bit operands), and the exact division by step = 2^e·o as a shift and a product with
        // o⁻¹ mod 2^64.
        var inverseModStep = new int[step];
        for (var x = 1; x < step; x++)
        {
            inverseModStep[x] = (int)InverseMod((ulong)x, (ulong)step);
        }

        var fastmod = (ulong.MaxValue / (ulong)step) + 1;
        var shift = BitOperations.TrailingZeroCount(step);
        var oddInverse = InverseOdd((ulong)step >> shift);
        var inverseDoubles = InverseDoubles;
        var stepInverses = StepInverses;
        Parallel.For(0, Parts(Primes.Length), part =>
        {
            var (from, to) = Range(Primes.Length, part);
            for (var i = from; i < to; i++)
            {
                var r = primes[i];
                inverseDoubles[i] = 1.0 / r;
                var residue = (int)Math.BigMul(fastmod * r, (ulong)step, out _);
                var k = (ulong)((step - inverseModStep[residue]) % step);
                stepInverses[i] = (uint)((((k * r) + 1) >> shift) * oddInverse);
            }
        });
    }

    public int Bound { get; }

    public int Step { get; }

    /// <summary>Primes from the first one not dividing the step up to the bound (2 and 3, and 5 for step 60, left out).</summary>
    public uint[] Primes { get; }

    /// <summary>floor((2^64 − 1) / r), for the scalar path only (built on first use: one 64-bit division per prime).</summary>
    public ulong[] Reciprocals => _reciprocals.Value;

    /// <summary>1/r rounded to the nearest double (relative error at most 2^−53).</summary>
    public double[] InverseDoubles { get; }

    /// <summary>step⁻¹ mod r.</summary>
    public uint[] StepInverses { get; }

    /// <summary>The shared table for (bound, step), built on first use.</summary>
    public static SievePrimeTable Get(int bound, int step) =>
        Cache.GetOrAdd((bound, step), key => new Lazy<SievePrimeTable>(() => Build(key.Bound, key.Step))).Value;

    /// <summary>A new table (not cached; for benchmarks of the build itself).</summary>
    public static SievePrimeTable Build(int bound, int step) => new(bound, step, PrimesUpTo(bound, step));

    /// <summary>A table of chosen primes (ascending, none dividing the step; for tests of primes near the bound).</summary>
    public static SievePrimeTable ForPrimes(uint[] primes, int step) =>
        new(primes.Length == 0 ? 0 : (int)primes[^1], step, [.. primes]);

    /// <summary>x mod r for x &lt; 2^64 and r &lt; 2^32 given inv = floor((2^64−1)/r).</summary>
    public static ulong Reduce(ulong x, ulong r, ulong inv)
    {
        var q = Math.BigMul(x, inv, out _);
        var rem = x - (q * r);
        return rem >= r ? rem - r : rem;
    }

    /// <summary>
    /// The primes up to the bound that do not divide the step: a segmented sieve of Eratosthenes over the odd numbers
    /// (one byte per odd number, segments of 2^16 bytes that stay in the L2 cache).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint[] PrimesUpTo(int bound, int step)
    {
        var primes = new List<uint>(bound < 100 ? 32 : (int)(1.26 * bound / Math.Log(bound)));
        if (bound >= 2 && step % 2 != 0)
        {
            primes.Add(2);
        }

        // Sieving primes: odd primes up to √bound, by a plain sieve.
        var root = (int)Math.Sqrt(bound);
        while ((long)(root + 1) * (root + 1) <= bound)
        {
            root++;
        }

        var small = new bool[root + 1];
        var sieving = new List<int>();
        for (var i = 3; i <= root; i += 2)
        {
            if (!small[i])
            {
                sieving.Add(i);
                for (var j = i * i; j <= root; j += 2 * i)
                {
                    small[j] = true;
                }
            }
        }

        // The odd numbers are split into one range per core (whole segments), each sieved on its own.
        var count = ((long)bound + 1) / 2;
        var segments = (count + Segment - 1) / Segment;
        var parts = (int)Math.Min(Parts((int)Math.Min(count, int.MaxValue)), segments);
        var found = new List<uint>[parts];
        Parallel.For(0, parts, part =>
        {
            var first = segments * part / parts * Segment;
            var end = Math.Min(count, segments * (part + 1) / parts * Segment);
            found[part] = SieveRange(first, end, sieving, step);
        });
        foreach (var list in found)
        {
            primes.AddRange(list);
        }

        return [.. primes];
    }

    /// <summary>The primes n = 2i + 1 for odd-number indexes i in [first, end), segment by segment (1 is left out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<uint> SieveRange(long first, long end, List<int> sieving, int step)
    {
        var primes = new List<uint>((int)Math.Min(int.MaxValue, 1 + ((end - first) * 2 / Math.Max(2, Math.Log(2 * end)))));

        // next[s]: index of the next odd multiple of sieving[s] to strike: from its square, and (i ≡ (p − 1)/2 mod p)
        // the first one at or after this range's start.
        var next = new long[sieving.Count];
        for (var s = 0; s < next.Length; s++)
        {
            long p = sieving[s];
            var square = p * p / 2;
            next[s] = square >= first ? square : first + ((((p - 1) / 2) - first) % p + p) % p;
        }

        var composite = new byte[Segment];
        for (var low = first; low < end; low += Segment)
        {
            var length = (int)Math.Min(Segment, end - low);
            var span = composite.AsSpan(0, length);
            span.Clear();
            for (var s = 0; s < sieving.Count; s++)
            {
                var p = sieving[s];
                var at = next[s] - low;
                for (; at < length; at += p)
                {
                    span[(int)at] = 1;
                }

                next[s] = at + low;
            }

            for (var i = low == 0 ? 1 : 0; i < length; i++)
            {
                if (span[i] == 0)
                {
                    var n = (uint)((2 * (low + i)) + 1);
                    if (step % n != 0)
                    {
                        primes.Add(n);
                    }
                }
            }
        }

        return primes;
    }

    /// <summary>How many parts a table build of <paramref name="items"/> items is split into (one per core; small builds stay whole).</summary>
    private static int Parts(int items) => items < (1 << 16) ? 1 : Environment.ProcessorCount;

    private static (int From, int To) Range(int items, int part)
    {
        var parts = Parts(items);
        return ((int)((long)items * part / parts), (int)((long)items * (part + 1) / parts));
    }

    /// <summary>o⁻¹ mod 2^64 for odd o (Newton's iteration, each step doubles the correct low bits).</summary>
    private static ulong InverseOdd(ulong o)
    {
        var x = o;
        for (var i = 0; i < 6; i++)
        {
            x *= 2 - (o * x);
        }

        return x;
    }

    /// <summary>a⁻¹ mod m; 0 when a is not invertible.</summary>
    private static ulong InverseMod(ulong a, ulong m)
    {
        long t = 0, newT = 1;
        long r = (long)m, newR = (long)a;
        while (newR != 0)
        {
            var q = r / newR;
            (t, newT) = (newT, t - (q * newT));
            (r, newR) = (newR, r - (q * newR));
        }

        if (r != 1)
        {
            return 0;
        }

        return (ulong)(t < 0 ? t + (long)m : t);
    }
}
