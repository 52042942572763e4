using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// The residues p0 mod r of the combined sieve and the two start offsets k0 = −p0·step⁻¹, k1 = (1 − p0)·step⁻¹ (mod r)
/// for a run of the table's primes.
/// <para>
/// The SIMD paths (SieveResidues.Avx512.g.cs and SieveResidues.Avx2.g.cs, both written by
/// scripts/gen-sieve-residues.py from one template) run Horner's rule over k-bit chunks c of p0 in double precision,
/// one prime per lane, keeping a signed residue a with |a| ≤ (r + 1)/2. Exactness, for 5 ≤ r ≤ m
/// (m the largest prime of the block) and m + 3 ≤ 2^(54 − k), so k = 26 for every prime below 2^28 and k = 32 below
/// 2^22 − 3 (<see cref="ChunkBitsFor"/>):
/// </para>
/// <list type="bullet">
/// <item>x = a·2^k + c: |x| ≤ ((m + 1)/2)·2^k + 2^k − 1 = (m + 3)·2^(k−1) − 1 &lt; 2^53, so x is an exact double. The
/// first chunk is taken unreduced when it is below 2^(53 − k) (else a zero chunk goes first).</item>
/// <item>q = fl(x·(1/r) + M) − M with M = 1.5·2^52: the fused product is exact before its one rounding, and
/// |x·fl(1/r) − x/r| ≤ |x|·2^−53/r &lt; 1/r; |x·fl(1/r)| &lt; 2^51 keeps x·fl(1/r) + M in [2^52, 2^53), where the rounding
/// is to an integer. So |x/r − q| ≤ 1/2 + 1/r.</item>
/// <item>a' = x − q·r by one fused multiply-add: the exact value is an integer with |a'| ≤ r/2 + 1, so it is
/// representable and the FMA returns it exactly; r is odd, so |a'| ≤ (r + 1)/2.</item>
/// </list>
/// <para>
/// The start offsets, from the signed residue still in its register, use an exact two-product u·s = hi + lo (u = −a,
/// s = step⁻¹, |u·s| &lt; 2^56), the same rounded quotient on hi, and one correction either way. Tables with the primes 2
/// or 3 (steps not divisible by 6) or primes above 2^28 run the scalar path: the 4-way interleaved Barrett reduction over
/// 32-bit chunks. The SIMD paths' tails (fewer than one vector) use plain remainders.
/// </para>
/// </summary>
internal static partial class SieveResidues
{
    /// <summary>The narrowest chunk of the SIMD paths (every prime below 2^28 allows it).</summary>
    public const int MinChunkBits = 26;

    /// <summary>The widest chunk (primes below 2^22 − 3 allow it; wider would not fit the 32-bit extraction).</summary>
    public const int MaxChunkBits = 32;

    /// <summary>The SIMD paths need every prime below 2^28 (see the bounds above).</summary>
    public const int MaxSimdBound = 1 << 28;

    /// <summary>1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer.</summary>
    private const double Magic = 6755399441055744.0;

    public static bool Avx512Supported => Avx512F.IsSupported;

    public static bool Avx2Supported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The path that runs for a request: Auto picks the widest; a forced path falls back to the next narrower one the CPU has.</summary>
    public static SievePath Resolve(SievePath requested, SievePrimeTable table)
    {
        if (requested == SievePath.Scalar || table.Bound > MaxSimdBound || (table.Primes.Length > 0 && table.Primes[0] < 5))
        {
            return SievePath.Scalar;
        }

        if ((requested is SievePath.Auto or SievePath.Avx512) && Avx512Supported)
        {
            return SievePath.Avx512;
        }

        return Avx2Supported ? SievePath.Avx2 : SievePath.Scalar;
    }

    /// <summary>The widest chunk that keeps Horner's rule exact when the largest prime is <paramref name="largest"/> (&lt; 2^28).</summary>
    public static int ChunkBitsFor(uint largest) =>
        Math.Clamp(54 - (32 - BitOperations.LeadingZeroCount(largest + 2)), MinChunkBits, MaxChunkBits);

    /// <summary>
    /// p0 (big-endian 32-bit chunks) as <paramref name="bits"/>-bit chunks, most significant first, in doubles, without
    /// leading zero chunks; the first chunk is below 2^(53 − bits) (a zero chunk is put first when the top one is not).
    /// </summary>
    public static double[] WideChunks(ReadOnlySpan<uint> chunks, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, MinChunkBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxChunkBits);
        var n = chunks.Length;
        var count = Math.Max(1, ((32 * n) + bits - 1) / bits);
        var wide = new double[count + 1];
        for (var j = 0; j < count; j++)
        {
            var bit = bits * j;
            var word = bit >> 5;
            var low = word < n ? (ulong)chunks[n - 1 - word] : 0;
            var high = word + 1 < n ? (ulong)chunks[n - 2 - word] : 0;
            wide[count - j] = (((high << 32) | low) >> (bit & 31)) & ((1UL << bits) - 1);
        }

        var skip = 1;
        while (skip < count && wide[skip] == 0)
        {
            skip++;
        }

        if (wide[skip] >= Math.ScaleB(1.0, 53 - bits))
        {
            skip--;
        }

        return wide[skip..];
    }

    /// <summary>
    /// p0 mod r and the start offsets k0, k1 for the primes [start, start + residues.Length) (ascending), by the resolved
    /// <paramref name="path"/>.
    /// </summary>
    public static void Compute(SievePath path, SievePrimeTable table, Operand p0, int start, Span<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        CheckRange(table, start, residues.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(k0.Length, residues.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(k1.Length, residues.Length);
        if (path != SievePath.Scalar && table.Bound > MaxSimdBound)
        {
            throw new ArgumentException("the SIMD paths need primes below 2^28", nameof(path));
        }

        var done = 0;
        if (path != SievePath.Scalar && residues.Length > 0)
        {
            var bits = ChunkBitsFor(table.Primes[start + residues.Length - 1]);
            var wide = p0.Wide(bits);
            var scale = Math.ScaleB(1.0, bits);
            done = path == SievePath.Avx512
                ? ResiduesAvx512(table, wide, scale, start, residues, k0, k1)
                : ResiduesAvx2(table, wide, scale, start, residues, k0, k1);
        }

        if (path == SievePath.Scalar)
        {
            ResiduesScalar(table, p0.Chunks, start, residues);
            StartsScalar(table, start, residues, k0, k1);
        }
        else
        {
            TailResidues(table, p0.Chunks, start + done, residues[done..]);
            TailStarts(table, start + done, residues[done..], k0[done..], k1[done..]);
        }
    }

    /// <summary>The start offsets k0 and k1 (each below r) from given residues of the primes [start, start + residues.Length).</summary>
    public static void Starts(SievePath path, SievePrimeTable table, int start, ReadOnlySpan<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        CheckRange(table, start, residues.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(k0.Length, residues.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(k1.Length, residues.Length);
        if (path != SievePath.Scalar && table.Bound > MaxSimdBound)
        {
            throw new ArgumentException("the SIMD paths need primes below 2^28", nameof(path));
        }

        var done = path switch
        {
            SievePath.Avx512 => StartsAvx512(table, start, residues, k0, k1),
            SievePath.Avx2 => StartsAvx2(table, start, residues, k0, k1),
            _ => 0,
        };
        if (path == SievePath.Scalar)
        {
            StartsScalar(table, start, residues, k0, k1);
        }
        else
        {
            TailStarts(table, start + done, residues[done..], k0[done..], k1[done..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResiduesScalar(SievePrimeTable table, ReadOnlySpan<uint> chunks, int start, Span<uint> output)
    {
        var primes = table.Primes.AsSpan(start, output.Length);
        var recips = table.Reciprocals.AsSpan(start, output.Length);
        var i = 0;
        for (; i + 4 <= output.Length; i += 4)
        {
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

            output[i] = (uint)a0;
            output[i + 1] = (uint)a1;
            output[i + 2] = (uint)a2;
            output[i + 3] = (uint)a3;
        }

        for (; i < output.Length; i++)
        {
            ulong r = primes[i], v = recips[i], a = 0;
            foreach (var c in chunks)
            {
                a = SievePrimeTable.Reduce((a << 32) | c, r, v);
            }

            output[i] = (uint)a;
        }
    }

    /// <summary>Residues of the few primes after the SIMD paths' last whole vector, by plain remainders (so the SIMD paths never need the Barrett reciprocals).</summary>
    private static void TailResidues(SievePrimeTable table, ReadOnlySpan<uint> chunks, int start, Span<uint> residues)
    {
        for (var i = 0; i < residues.Length; i++)
        {
            ulong r = table.Primes[start + i], a = 0;
            foreach (var c in chunks)
            {
                a = ((a << 32) | c) % r;
            }

            residues[i] = (uint)a;
        }
    }

    /// <summary>Start offsets of the SIMD paths' tail, by plain remainders.</summary>
    private static void TailStarts(SievePrimeTable table, int start, ReadOnlySpan<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        for (var i = 0; i < residues.Length; i++)
        {
            ulong r = table.Primes[start + i], s = table.StepInverses[start + i];
            var negated = (r - residues[i]) % r;
            k0[i] = (uint)(negated * s % r);
            k1[i] = (uint)((negated + 1) % r * s % r);
        }
    }

    private static void StartsScalar(SievePrimeTable table, int start, ReadOnlySpan<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        var primes = table.Primes.AsSpan(start, residues.Length);
        var recips = table.Reciprocals.AsSpan(start, residues.Length);
        var inverses = table.StepInverses.AsSpan(start, residues.Length);
        for (var i = 0; i < residues.Length; i++)
        {
            // p0 + step·k ≡ 0  ⇔  k ≡ −p0·step⁻¹;   p0 + step·k ≡ 1  ⇔  k ≡ (1 − p0)·step⁻¹   (mod r)
            ulong r = primes[i], v = recips[i], s = inverses[i], a = residues[i];
            k0[i] = (uint)SievePrimeTable.Reduce((a == 0 ? 0 : r - a) * s, r, v);
            var one = r + 1 - a;
            k1[i] = (uint)SievePrimeTable.Reduce((one >= r ? one - r : one) * s, r, v);
        }
    }

    private static void CheckRange(SievePrimeTable table, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, table.Primes.Length - start);
    }

    private static ref int PrimesRef(SievePrimeTable table) =>
        ref Unsafe.As<uint, int>(ref MemoryMarshal.GetArrayDataReference(table.Primes));

    private static ref int InversesRef(SievePrimeTable table) =>
        ref Unsafe.As<uint, int>(ref MemoryMarshal.GetArrayDataReference(table.StepInverses));

    /// <summary>Where a run's residues and start offsets go.</summary>
    /// <remarks>Its Emit methods, one per vector width, are in the generated SieveResidues.*.g.cs.</remarks>
    private readonly ref partial struct Outputs(SievePrimeTable table, int start, Span<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        private readonly ref int _inverses = ref Unsafe.Add(ref InversesRef(table), start);
        private readonly ref int _residues = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(residues));
        private readonly ref int _k0 = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k0));
        private readonly ref int _k1 = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k1));
    }

    /// <summary>p0 as 32-bit chunks and, built on first use, in the chunk widths of the SIMD paths.</summary>
    internal sealed class Operand(uint[] chunks)
    {
        private readonly double[]?[] _wide = new double[MaxChunkBits + 1][];

        /// <summary>Big-endian 32-bit chunks (<see cref="CombinedSieve.Chunks"/>).</summary>
        public uint[] Chunks { get; } = chunks;

        public double[] Wide(int bits) => _wide[bits] ??= WideChunks(Chunks, bits);
    }
}
