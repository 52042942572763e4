using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>
/// The combined sieve's residues p0 mod r, start offsets and bitmaps on every path the CPU has (scalar forced, AVX2,
/// AVX-512), against BigInteger: random p0 of 64..8192 bits built from random, all-zero and all-ones 32-bit chunks,
/// every prime of a 2^16 table, and the primes just below the SIMD limit 2^28.
/// </summary>
public sealed class CombinedSieveTests
{
    private const int Step = 24;

    private static readonly SievePrimeTable Small = SievePrimeTable.Get(1 << 16, Step);

    /// <summary>5, 7, 11, 13, primes around 2^20, 2^26, 2^27 and the 300 largest primes below 2^28.</summary>
    private static readonly SievePrimeTable Edge = SievePrimeTable.ForPrimes(EdgePrimes(), Step);

    /// <summary>The available paths as numbers (<see cref="SievePath"/> is internal).</summary>
    public static TheoryData<int> Paths()
    {
        var data = new TheoryData<int>();
        foreach (var path in AvailablePaths())
        {
            data.Add((int)path);
        }

        return data;
    }

    [Fact]
    public void Compute_RandomP0EveryPath_EqualsBigIntegerModulo()
    {
        Prop.ForAll(P0s().ToArbitrary(), p0 =>
        {
            var operand = new SieveResidues.Operand(CombinedSieve.Chunks(p0));
            foreach (var table in new[] { Small, Edge })
            {
                var expected = table.Primes.Select(r => (uint)(p0 % r)).ToArray();
                var expected0 = expected.Select((a, i) => Start(table.Primes[i], table.StepInverses[i], a, 0)).ToArray();
                var expected1 = expected.Select((a, i) => Start(table.Primes[i], table.StepInverses[i], a, 1)).ToArray();
                foreach (var path in AvailablePaths())
                {
                    var actual = new uint[table.Primes.Length];
                    var k0 = new uint[table.Primes.Length];
                    var k1 = new uint[table.Primes.Length];
                    SieveResidues.Compute(path, table, operand, 0, actual, k0, k1);
                    Assert.Equal(expected, actual);
                    Assert.Equal(expected0, k0);
                    Assert.Equal(expected1, k1);
                }
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Compute_UnalignedRuns_EqualsBigIntegerModulo()
    {
        var runs =
            from p0 in P0s()
            from start in Gen.Choose(0, Small.Primes.Length - 1)
            from length in Gen.Choose(0, 200)
            select (p0, start, Math.Min(length, Small.Primes.Length - start));
        Prop.ForAll(runs.ToArbitrary(), run =>
        {
            var (p0, start, length) = run;
            var operand = new SieveResidues.Operand(CombinedSieve.Chunks(p0));
            var residues = new uint[length];
            var k0 = new uint[length];
            var k1 = new uint[length];
            var again0 = new uint[length];
            var again1 = new uint[length];
            foreach (var path in AvailablePaths())
            {
                SieveResidues.Compute(path, Small, operand, start, residues, k0, k1);
                SieveResidues.Starts(path, Small, start, residues, again0, again1);
                for (var j = 0; j < length; j++)
                {
                    var r = Small.Primes[start + j];
                    Assert.Equal((uint)(p0 % r), residues[j]);
                    AssertStarts(p0, r, Small.StepInverses[start + j], k0[j], k1[j]);
                    AssertStarts(p0, r, Small.StepInverses[start + j], again0[j], again1[j]);
                }
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Starts_EveryResidueOfSmallAndLargePrimes_EqualsBigInteger()
    {
        // Every residue 0..r−1 for the small primes, and the extremes for the large ones: the two-product must stay exact.
        foreach (var table in new[] { Edge, SievePrimeTable.Get(200, Step) })
        {
            for (var i = 0; i < table.Primes.Length; i++)
            {
                var r = table.Primes[i];
                var values = r < 300
                    ? Enumerable.Range(0, (int)r).Select(v => (uint)v)
                    : new uint[] { 0, 1, 2, (r / 2) - 1, r / 2, (r / 2) + 1, r - 2, r - 1 };
                var residues = values.ToArray();
                var k0 = new uint[residues.Length];
                var k1 = new uint[residues.Length];
                var primes = SievePrimeTable.ForPrimes(Enumerable.Repeat(r, residues.Length).ToArray(), Step);
                foreach (var path in AvailablePaths())
                {
                    SieveResidues.Starts(path, primes, 0, residues, k0, k1);
                    for (var j = 0; j < residues.Length; j++)
                    {
                        AssertStarts(residues[j], r, table.StepInverses[i], k0[j], k1[j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void WideChunks_RandomP0EveryWidth_RecombinesToP0()
    {
        Prop.ForAll(P0s().ToArbitrary(), p0 =>
        {
            for (var bits = SieveResidues.MinChunkBits; bits <= SieveResidues.MaxChunkBits; bits++)
            {
                var wide = SieveResidues.WideChunks(CombinedSieve.Chunks(p0), bits);
                var back = BigInteger.Zero;
                foreach (var c in wide)
                {
                    Assert.True(c >= 0 && c < Math.ScaleB(1.0, bits) && c == Math.Floor(c));
                    back = (back << bits) + (BigInteger)c;
                }

                Assert.Equal(p0, back);
                Assert.True(wide[0] < Math.ScaleB(1.0, 53 - bits));
                Assert.True(wide.Length == 1 || wide[0] != 0 || wide[1] >= Math.ScaleB(1.0, 53 - bits));
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Compute_LargestPrimesOfEveryChunkWidth_EqualsBigIntegerModulo()
    {
        // For each width k the largest primes that allow it (m + 3 ≤ 2^(54 − k)) and the smallest that do not.
        var primes = new SortedSet<uint>();
        for (var bits = SieveResidues.MinChunkBits + 1; bits <= SieveResidues.MaxChunkBits; bits++)
        {
            var limit = (1u << (54 - bits)) - 3;
            primes.UnionWith(PrimesNear(limit, 40));
        }

        var all = primes.ToArray();
        var rng = new Random(26);
        foreach (var p0 in new[] { (BigInteger.One << 2048) - 1, BigInteger.One << 1000, RandomBits(rng, 3000), RandomBits(rng, 8192) })
        {
            var operand = new SieveResidues.Operand(CombinedSieve.Chunks(p0));
            foreach (var path in AvailablePaths())
            {
                // Runs that end at each prime, so each prime is the largest of a run (and sets its width).
                for (var end = 1; end <= all.Length; end++)
                {
                    var start = Math.Max(0, end - 17);
                    var table = SievePrimeTable.ForPrimes(all[start..end], Step);
                    var actual = new uint[end - start];
                    var k0 = new uint[end - start];
                    var k1 = new uint[end - start];
                    SieveResidues.Compute(path, table, operand, 0, actual, k0, k1);
                    Assert.Equal(all[start..end].Select(r => (uint)(p0 % r)), actual);
                    for (var j = 0; j < actual.Length; j++)
                    {
                        AssertStarts(p0, table.Primes[j], table.StepInverses[j], k0[j], k1[j]);
                    }
                }
            }
        }

        Assert.Equal(32, SieveResidues.ChunkBitsFor((1u << 22) - 3));
        Assert.Equal(31, SieveResidues.ChunkBitsFor((1u << 22) - 2));
        Assert.Equal(26, SieveResidues.ChunkBitsFor((1u << 28) - 57));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Mark_RandomP0AndRanges_SameBitmapAsReference(int pathNumber)
    {
        var path = (SievePath)pathNumber;
        // Windows up to 2^14 with primes to 2^16: the looped (r < W) and the single-strike (r ≥ W) progressions, the
        // dense patterns of r < 64 (windows that are multiples of 256) and partial last words.
        var cases =
            from p0 in P0s()
            from window in Gen.Elements(1 << 14, 1 << 12, 1000, 4160, 64)
            from a in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 20), Gen.Choose(0, Small.Primes.Length))
            from b in Gen.OneOf(Gen.Constant(Small.Primes.Length), Gen.Choose(0, Small.Primes.Length))
            select (p0, window, Math.Min(a, b), Math.Max(a, b));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (p0, window, from, to) = c;
            var bitmap = new ulong[(window + 63) / 64];
            CombinedSieve.Mark(Small, CombinedSieve.Chunks(p0), from, to, bitmap, window, path, CancellationToken.None);
            Assert.Equal(Reference(Small, p0, from, to, window), bitmap);
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void Mark_EveryPath_SameBitmapAsReferenceAt1024And2048Bits()
    {
        var rng = new Random(8);
        foreach (var bits in new[] { 1024, 2048 })
        {
            var window = SafePrimeSearch.WindowFor(bits);
            var table = SievePrimeTable.Get(1 << 20, Step);
            var p0 = RandomBits(rng, bits) | (BigInteger.One << (bits - 1));
            p0 = p0 - (p0 % Step) + 23;
            var chunks = CombinedSieve.Chunks(p0);
            ulong[]? first = null;
            foreach (var path in AvailablePaths())
            {
                var bitmap = new ulong[window / 64];
                CombinedSieve.Mark(table, chunks, 0, table.Primes.Length, bitmap, window, path, CancellationToken.None);
                first ??= bitmap;
                Assert.Equal(first, bitmap);
            }

            Assert.Equal(Reference(table, p0, 0, table.Primes.Length, window), first);
        }
    }

    [Fact]
    public void Resolve_PrimeAbove2Pow28_ScalarAndStillExact()
    {
        var table = SievePrimeTable.ForPrimes([7, 268435459], Step);
        Assert.Equal(SievePath.Scalar, SieveResidues.Resolve(SievePath.Auto, table));
        Assert.Equal(SievePath.Scalar, SieveResidues.Resolve(SievePath.Avx512, table));
        var p0 = (BigInteger.One << 1000) - 1;
        var bitmap = new ulong[4];
        CombinedSieve.Mark(table, CombinedSieve.Chunks(p0), 0, 2, bitmap, 256, SievePath.Avx512, CancellationToken.None);
        Assert.Equal(Reference(table, p0, 0, 2, 256), bitmap);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(30)]
    public void Mark_StepWithPrimesBelow5_ScalarAndSameBitmapAsReference(int step)
    {
        var table = SievePrimeTable.Get(1 << 12, step);
        var expected = step % 6 == 0 ? SieveResidues.Resolve(SievePath.Auto, Small) : SievePath.Scalar;
        Assert.Equal(expected, SieveResidues.Resolve(SievePath.Auto, table));
        var p0 = (BigInteger.One << 777) + 12345;
        foreach (var path in AvailablePaths())
        {
            var bitmap = new ulong[64];
            CombinedSieve.Mark(table, CombinedSieve.Chunks(p0), 0, table.Primes.Length, bitmap, 4096, path, CancellationToken.None);
            Assert.Equal(Reference(table, p0, 0, table.Primes.Length, 4096), bitmap);
        }
    }

    [Fact]
    public void Mark_WindowOutsideBitmap_Throws()
    {
        var chunks = CombinedSieve.Chunks(BigInteger.One << 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => CombinedSieve.Mark(Small, chunks, 0, 10, new ulong[2], 129, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => CombinedSieve.Mark(Small, chunks, 0, 10, new ulong[2], -1, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => CombinedSieve.Mark(Small, chunks, -1, 10, new ulong[2], 128, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => CombinedSieve.Mark(Small, chunks, 0, Small.Primes.Length + 1, new ulong[2], 128, CancellationToken.None));
    }

    [Fact]
    public void Resolve_Auto_WidestSupported()
    {
        var expected = SieveResidues.Avx512Supported ? SievePath.Avx512 : SieveResidues.Avx2Supported ? SievePath.Avx2 : SievePath.Scalar;
        Assert.Equal(expected, SieveResidues.Resolve(SievePath.Auto, Small));
        Assert.Equal(SievePath.Scalar, SieveResidues.Resolve(SievePath.Scalar, Small));
    }

    internal static IEnumerable<SievePath> AvailablePaths()
    {
        yield return SievePath.Scalar;
        if (SieveResidues.Avx2Supported)
        {
            yield return SievePath.Avx2;
        }

        if (SieveResidues.Avx512Supported)
        {
            yield return SievePath.Avx512;
        }
    }

    /// <summary>p0 of 64..8192 bits, top bit set, each 32-bit chunk random, all zeros or all ones.</summary>
    private static Gen<BigInteger> P0s() =>
        from bits in Gen.Choose(64, 8192)
        from seed in Gen.Choose(0, int.MaxValue)
        from zeros in Gen.Choose(0, 100)
        from ones in Gen.Choose(0, 100)
        select Build(bits, seed, zeros, ones);

    private static BigInteger Build(int bits, int seed, int zeroPercent, int onePercent)
    {
        var rng = new Random(seed);
        var value = BigInteger.Zero;
        for (var i = 0; i < (bits + 31) / 32; i++)
        {
            var roll = rng.Next(100);
            uint chunk = roll < zeroPercent / 2 ? 0 : roll < (zeroPercent / 2) + (onePercent / 2) ? uint.MaxValue : (uint)rng.NextInt64(1L << 32);
            value = (value << 32) | chunk;
        }

        value &= (BigInteger.One << bits) - 1;
        return value | (BigInteger.One << (bits - 1));
    }

    private static void AssertStarts(BigInteger p0, uint r, uint stepInverse, uint k0, uint k1)
    {
        Assert.Equal((uint)Mod(-p0 * stepInverse, r), k0);
        Assert.Equal((uint)Mod((1 - p0) * stepInverse, r), k1);
    }

    /// <summary>(offset − a)·s mod r: the start of the progression where p0 + step·k ≡ offset.</summary>
    private static uint Start(uint r, uint s, uint a, uint offset) => (uint)((((ulong)r + offset - a) % r) * s % r);

    private static BigInteger Mod(BigInteger x, uint r) => ((x % r) + r) % r;

    /// <summary>The struck k of the primes [from, to), from BigInteger residues.</summary>
    private static ulong[] Reference(SievePrimeTable table, BigInteger p0, int from, int to, int window)
    {
        var bitmap = new ulong[(window + 63) / 64];
        for (var i = from; i < to; i++)
        {
            var r = table.Primes[i];
            foreach (var start in new[] { Mod(-p0 * table.StepInverses[i], r), Mod((1 - p0) * table.StepInverses[i], r) })
            {
                for (var k = (long)start; k < window; k += r)
                {
                    bitmap[k >> 6] |= 1UL << (int)(k & 63);
                }
            }
        }

        return bitmap;
    }

    private static BigInteger RandomBits(Random rng, int bits)
    {
        var bytes = new byte[(bits + 7) / 8];
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
    }

    private static uint[] EdgePrimes()
    {
        var primes = new SortedSet<uint> { 5, 7, 11, 13 };
        foreach (var around in new uint[] { 1 << 20, 1 << 26, 1 << 27 })
        {
            for (var n = around - 200; n < around + 200; n++)
            {
                if (IsPrime(n))
                {
                    primes.Add(n);
                }
            }
        }

        var count = 0;
        for (var n = (1u << 28) - 1; count < 300; n -= 2)
        {
            if (IsPrime(n))
            {
                primes.Add(n);
                count++;
            }
        }

        return [.. primes];
    }

    private static IEnumerable<uint> PrimesNear(uint around, int each)
    {
        var below = 0;
        for (var n = around; below < each; n--)
        {
            if (IsPrime(n) && Step % n != 0)
            {
                below++;
                yield return n;
            }
        }

        var above = 0;
        for (var n = around + 1; above < each; n++)
        {
            if (IsPrime(n))
            {
                above++;
                yield return n;
            }
        }
    }

    private static bool IsPrime(uint n)
    {
        for (var d = 2u; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return n >= 2;
    }
}
