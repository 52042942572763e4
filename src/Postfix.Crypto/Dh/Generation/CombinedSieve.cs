using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// The combined sieve over a window of candidates p = p0 + step·k, 0 ≤ k &lt; W: for every small prime r, strikes the
/// k with p ≡ 0 (r divides p) and p ≡ 1 (r divides q = (p−1)/2) mod r. The residue p0 mod r comes from a 4-way
/// interleaved Barrett reduction over 32-bit chunks; the two struck progressions start at
/// k = −p0·step⁻¹ and k = (1 − p0)·step⁻¹ (mod r).
/// </summary>
internal static class CombinedSieve
{
    /// <summary>p0 as big-endian 32-bit chunks.</summary>
    public static uint[] Chunks(BigInteger p0)
    {
        var bytes = p0.ToByteArray(isUnsigned: true, isBigEndian: true);
        var pad = (4 - (bytes.Length % 4)) % 4;
        var chunks = new uint[(bytes.Length + pad) / 4];
        for (var i = 0; i < bytes.Length; i++)
        {
            var at = i + pad;
            chunks[at / 4] |= (uint)bytes[i] << (8 * (3 - (at % 4)));
        }

        return chunks;
    }

    /// <summary>Sets the bit of every struck k (bit set = rejected) for the table's primes [from, to).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mark(SievePrimeTable table, uint[] chunks, int from, int to, ulong[] bitmap, int window, CancellationToken cancellationToken)
    {
        var primes = table.Primes;
        var recips = table.Reciprocals;
        var inverses = table.StepInverses;
        var i = from;
        for (; i + 4 <= to; i += 4)
        {
            if (((i - from) & 0x3FFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            ulong r0 = primes[i], r1 = primes[i + 1], r2 = primes[i + 2], r3 = primes[i + 3];
            ulong v0 = recips[i], v1 = recips[i + 1], v2 = recips[i + 2], v3 = recips[i + 3];
            ulong a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            foreach (var c in chunks)
            {
                a0 = SievePrimeTable.Reduce((a0 << 32) | c, r0, v0);
                a1 = SievePrimeTable.Reduce((a1 << 32) | c, r1, v1);
                a2 = SievePrimeTable.Reduce((a2 << 32) | c, r2, v2);
                a3 = SievePrimeTable.Reduce((a3 << 32) | c, r3, v3);
            }

            Strike(bitmap, window, r0, v0, inverses[i], a0);
            Strike(bitmap, window, r1, v1, inverses[i + 1], a1);
            Strike(bitmap, window, r2, v2, inverses[i + 2], a2);
            Strike(bitmap, window, r3, v3, inverses[i + 3], a3);
        }

        for (; i < to; i++)
        {
            ulong r = primes[i], v = recips[i], a = 0;
            foreach (var c in chunks)
            {
                a = SievePrimeTable.Reduce((a << 32) | c, r, v);
            }

            Strike(bitmap, window, r, v, inverses[i], a);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Strike(ulong[] bitmap, int window, ulong r, ulong recip, ulong stepInverse, ulong residue)
    {
        // p0 + step·k ≡ 0  ⇔  k ≡ −p0·step⁻¹;   p0 + step·k ≡ 1  ⇔  k ≡ (1 − p0)·step⁻¹   (mod r)
        var k0 = SievePrimeTable.Reduce((residue == 0 ? 0 : r - residue) * stepInverse, r, recip);
        var one = r + 1 - residue;
        var k1 = SievePrimeTable.Reduce((one >= r ? one - r : one) * stepInverse, r, recip);
        var w = (ulong)window;
        for (var k = k0; k < w; k += r)
        {
            bitmap[k >> 6] |= 1UL << (int)(k & 63);
        }

        for (var k = k1; k < w; k += r)
        {
            bitmap[k >> 6] |= 1UL << (int)(k & 63);
        }
    }
}
