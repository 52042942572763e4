using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, (long)bitmap.Length * 64);
        path = SieveResidues.Resolve(path, table);
        var operand = new SieveResidues.Operand(chunks);
        Span<uint> buffers = stackalloc uint[5 * Block];
        var residues = buffers[..Block];
        var k0 = buffers.Slice(Block, Block);
        var k1 = buffers.Slice(2 * Block, Block);
        var hits = buffers.Slice(3 * Block, 2 * Block);
        var primes = table.Primes;
        var w = (uint)window;
        // Every struck k is below W ≤ 64·bitmap.Length (checked above), so the strikes index the bitmap unchecked.
        ref var bits = ref MemoryMarshal.GetArrayDataReference(bitmap);
        var dense = path != SievePath.Scalar && Avx2.IsSupported && window % 256 == 0 ? 64u : 0u;
        for (var i = from; i < to; i += Block)
        {
            if (((i - from) & 0x3FFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var n = Math.Min(Block, to - i);
            SieveResidues.Compute(path, table, operand, i, residues[..n], k0[..n], k1[..n]);
            var j = 0;
            for (; j < n && primes[i + j] < dense; j++)
            {
                StrikeDense(bitmap.AsSpan(0, window / 64), primes[i + j], k0[j], k1[j]);
            }

            for (; j < n && primes[i + j] < w; j++)
            {
                StrikeBoth(ref bits, k0[j], k1[j], primes[i + j], w);
            }

            // r ≥ W: each progression strikes at most once, at a start below W (probability W/r), so no branch per
            // prime: a vector compare gives the lanes that strike (k1 lies Block entries after k0 in the buffer),
            // else the starts are compacted without branches (k < 2^31 and W ≤ 2^24, so k − W wraps to at least 2^31
            // exactly when k < W).
            if (Vector256.IsHardwareAccelerated)
            {
                ref var starts = ref MemoryMarshal.GetReference(k0);
                var wv = Vector256.Create(w);
                for (; j + 8 <= n; j += 8)
                {
                    var mask = Vector256.LessThan(Vector256.LoadUnsafe(ref starts, (nuint)j), wv).ExtractMostSignificantBits()
                        | (Vector256.LessThan(Vector256.LoadUnsafe(ref starts, (nuint)(j + Block)), wv).ExtractMostSignificantBits() << 8);
                    while (mask != 0)
                    {
                        var t = BitOperations.TrailingZeroCount(mask);
                        var k = Unsafe.Add(ref starts, j + (t & 7) + ((t >> 3) * Block));
                        Unsafe.Add(ref bits, k >> 6) |= 1UL << (int)k;
                        mask &= mask - 1;
                    }
                }
            }

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
                Unsafe.Add(ref bits, k >> 6) |= 1UL << (int)k;
            }
        }
    }

    /// <summary>
    /// Both progressions k0 + t·r and k1 + t·r below w (k0, k1 &lt; r &lt; 2^31, w ≤ 2^31) in one loop: they are less
    /// than r apart, so once the later one reaches w the earlier one has at most one strike left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StrikeBoth(ref ulong bits, uint k0, uint k1, uint r, uint w)
    {
        var a = Math.Min(k0, k1);
        var b = Math.Max(k0, k1);
        for (; b < w; a += r, b += r)
        {
            Unsafe.Add(ref bits, a >> 6) |= 1UL << (int)a;
            Unsafe.Add(ref bits, b >> 6) |= 1UL << (int)b;
        }

        if (a < w)
        {
            Unsafe.Add(ref bits, a >> 6) |= 1UL << (int)a;
        }
    }

    /// <summary>
    /// Both progressions of a prime r &lt; 64 (at least one strike per 64-bit word), four words at a time: word m gets
    /// the pattern Σ 2^(t·r) shifted left by its first offset o_m = (k − 64·m) mod r. The window is a multiple of 256.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StrikeDense(Span<ulong> words, uint r, uint k0, uint k1)
    {
        var pattern = 0UL;
        for (var t = 0; t < 64; t += (int)r)
        {
            pattern |= 1UL << t;
        }

        long m = r, d = 64 % m;
        long Offset(uint k, int word) => ((((k - (word * d)) % m) + m) % m);
        var o0 = Vector256.Create(Offset(k0, 0), Offset(k0, 1), Offset(k0, 2), Offset(k0, 3));
        var o1 = Vector256.Create(Offset(k1, 0), Offset(k1, 1), Offset(k1, 2), Offset(k1, 3));
        var step = Vector256.Create(4 * d % m);
        var modulus = Vector256.Create(m);
        var bits = Vector256.Create(pattern);
        ref var at = ref MemoryMarshal.GetReference(words);
        for (var i = 0; i + 4 <= words.Length; i += 4)
        {
            var v = Vector256.LoadUnsafe(ref at, (nuint)i)
                | Avx2.ShiftLeftLogicalVariable(bits, o0.AsUInt64())
                | Avx2.ShiftLeftLogicalVariable(bits, o1.AsUInt64());
            v.StoreUnsafe(ref at, (nuint)i);
            o0 -= step;
            o0 += modulus & Vector256.LessThan(o0, Vector256<long>.Zero);
            o1 -= step;
            o1 += modulus & Vector256.LessThan(o1, Vector256<long>.Zero);
        }
    }
}
