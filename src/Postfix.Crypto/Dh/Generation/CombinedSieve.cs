using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// The combined sieve over a window of candidates p = p0 + step·k, 0 ≤ k &lt; W: for every small prime r, strikes the
/// k with p ≡ 0 (r divides p) and p ≡ 1 (r divides q = (p−1)/2) mod r. The residues p0 mod r and the starts of the two
/// struck progressions, k = −p0·step⁻¹ and k = (1 − p0)·step⁻¹ (mod r), come from <see cref="SieveResidues"/> (SIMD,
/// block by block of primes); the striking itself is scalar.
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

    /// <summary>Primes per block: residues and start offsets go through three stack buffers of this many entries.</summary>
    private const int Block = 256;

    /// <summary>Sets the bit of every struck k (bit set = rejected) for the table's primes [from, to).</summary>
    public static void Mark(SievePrimeTable table, uint[] chunks, int from, int to, ulong[] bitmap, int window, CancellationToken cancellationToken) =>
        Mark(table, chunks, from, to, bitmap, window, SievePath.Auto, cancellationToken);

    /// <summary>Sets the bit of every struck k for the primes [from, to), residues by <paramref name="path"/> (tests force each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mark(SievePrimeTable table, uint[] chunks, int from, int to, ulong[] bitmap, int window, SievePath path, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, table.Primes.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, bitmap.Length * 64);
        path = SieveResidues.Resolve(path, table);
        var wide = path == SievePath.Scalar ? [] : SieveResidues.WideChunks(chunks);
        Span<uint> buffers = stackalloc uint[5 * Block];
        var residues = buffers[..Block];
        var k0 = buffers.Slice(Block, Block);
        var k1 = buffers.Slice(2 * Block, Block);
        var hits = buffers.Slice(3 * Block, 2 * Block);
        var primes = table.Primes;
        var w = (uint)window;
        for (var i = from; i < to; i += Block)
        {
            if (((i - from) & 0x3FFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var n = Math.Min(Block, to - i);
            SieveResidues.Compute(path, table, chunks, wide, i, residues[..n]);
            SieveResidues.Starts(path, table, i, residues[..n], k0[..n], k1[..n]);
            var j = 0;
            for (; j < n && primes[i + j] < w; j++)
            {
                ulong r = primes[i + j];
                for (ulong k = k0[j]; k < w; k += r)
                {
                    bitmap[k >> 6] |= 1UL << (int)(k & 63);
                }

                for (ulong k = k1[j]; k < w; k += r)
                {
                    bitmap[k >> 6] |= 1UL << (int)(k & 63);
                }
            }

            // r ≥ W: each progression strikes at most once, at a start below W (probability W/r, so no branch on it:
            // the starts are compacted without branches, then struck). k &lt; 2^31 and W ≤ 2^24, so k − W wraps to
            // at least 2^31 exactly when k &lt; W.
            var h = 0;
            for (; j < n; j++)
            {
                var a = k0[j];
                var b = k1[j];
                hits[h] = a;
                h += (int)((a - w) >> 31);
                hits[h] = b;
                h += (int)((b - w) >> 31);
            }

            foreach (var k in hits[..h])
            {
                bitmap[k >> 6] |= 1UL << (int)(k & 63);
            }
        }
    }
}
