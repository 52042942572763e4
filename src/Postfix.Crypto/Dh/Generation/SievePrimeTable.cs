using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// The small primes of the combined sieve, with a Barrett reciprocal floor(2^64/r), the double 1/r of the SIMD
/// residues and the inverse of the candidate step mod r for each. Built once per (bound, step) and shared read-only by
/// all workers.
/// </summary>
internal sealed class SievePrimeTable
{
    private static readonly ConcurrentDictionary<(int Bound, int Step), Lazy<SievePrimeTable>> Cache = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SievePrimeTable(int bound, int step, uint[] primes)
    {
        Bound = bound;
        Step = step;
        Primes = primes;
        Reciprocals = new ulong[Primes.Length];
        InverseDoubles = new double[Primes.Length];
        StepInverses = new uint[Primes.Length];

        // step⁻¹ mod r in closed form (one division instead of a Euclid loop per prime): with k ≡ −r⁻¹ (mod step),
        // k·r + 1 is a multiple of step and (k·r + 1) / step < r is the inverse.
        var inverseModStep = new int[step];
        for (var x = 1; x < step; x++)
        {
            inverseModStep[x] = (int)InverseMod((ulong)x, (ulong)step);
        }

        for (var i = 0; i < Primes.Length; i++)
        {
            var r = Primes[i];
            Reciprocals[i] = ulong.MaxValue / r;
            InverseDoubles[i] = 1.0 / r;
            var k = (ulong)(step - inverseModStep[r % step]);
            StepInverses[i] = (uint)(((k * r) + 1) / (ulong)step);
        }
    }

    public int Bound { get; }

    public int Step { get; }

    /// <summary>Primes from the first one not dividing the step up to the bound (2 and 3, and 5 for step 60, left out).</summary>
    public uint[] Primes { get; }

    /// <summary>floor((2^64 − 1) / r).</summary>
    public ulong[] Reciprocals { get; }

    /// <summary>1/r rounded to the nearest double (relative error at most 2^−53).</summary>
    public double[] InverseDoubles { get; }

    /// <summary>step⁻¹ mod r.</summary>
    public uint[] StepInverses { get; }

    public static SievePrimeTable Get(int bound, int step) =>
        Cache.GetOrAdd((bound, step), key => new Lazy<SievePrimeTable>(() => new SievePrimeTable(key.Bound, key.Step, PrimesUpTo(key.Bound, key.Step)))).Value;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint[] PrimesUpTo(int bound, int step)
    {
        var composite = new bool[bound + 1];
        var primes = new List<uint>();
        for (var i = 2; i <= bound; i++)
        {
            if (composite[i])
            {
                continue;
            }

            if ((long)i * i <= bound)
            {
                for (var j = i * i; j <= bound; j += i)
                {
                    composite[j] = true;
                }
            }

            if (step % i != 0)
            {
                primes.Add((uint)i);
            }
        }

        return [.. primes];
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
