using System.Numerics;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Dh.Arithmetic;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>Every Montgomery kernel against <see cref="BigInteger.ModPow"/> on random inputs of each size.</summary>
public sealed class ArithmeticTests
{
    public static TheoryData<DhArithmetic, int> PathsAndSizes()
    {
        var data = new TheoryData<DhArithmetic, int>();
        foreach (var path in AvailablePaths())
        {
            foreach (var bits in new[] { 64, 127, 521, 1024, 2047, 2048, 3071, 4096, 8192 })
            {
                data.Add(path, bits);
            }
        }

        return data;
    }

    internal static IEnumerable<DhArithmetic> AvailablePaths()
    {
        yield return DhArithmetic.Scalar;
        if (ModularExponentiator.Resolve(DhArithmetic.Avx2) == DhArithmetic.Avx2)
        {
            yield return DhArithmetic.Avx2;
        }

        if (ModularExponentiator.Resolve(DhArithmetic.Avx512) == DhArithmetic.Avx512)
        {
            yield return DhArithmetic.Avx512;
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndSizes))]
    public void Pow_RandomInputs_MatchesBigIntegerModPow(DhArithmetic path, int bits)
    {
        var rng = new Random(bits * 31 + (int)path);
        var exp = ModularExponentiator.Create(path, bits);
        Assert.Equal(path, exp.Kernel.Arithmetic);
        // BigInteger.ModPow is slow at large sizes: shorter exponents there (every product is still full size).
        var rounds = bits >= 4096 ? 1 : 3;
        var maxExponentBits = bits >= 4096 ? 192 : bits;
        for (var round = 0; round < rounds; round++)
        {
            var p = RandomOdd(rng, bits);
            exp.SetModulus(p);
            var b = RandomBelow(rng, p);
            var e = RandomBits(rng, rng.Next(1, maxExponentBits + 1));
            Assert.Equal(BigInteger.ModPow(b, e, p), exp.Pow(b, e));
            Assert.Equal(BigInteger.ModPow(2, e, p), exp.PowTwo(e));
            if (bits <= 2048)
            {
                var q = p >> 1;
                Assert.Equal(BigInteger.ModPow(2, q, p), exp.PowTwo(q));
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndSizes))]
    public void Pow_EdgeValues_MatchesBigIntegerModPow(DhArithmetic path, int bits)
    {
        var exp = ModularExponentiator.Create(path, bits);
        var big = bits > 2048;
        var all = (BigInteger.One << bits) - 1;
        var p = all; // 2^bits - 1: every digit at its maximum
        exp.SetModulus(p);
        foreach (var b in new[] { BigInteger.Zero, BigInteger.One, 2, p - 1, p - 2, p >> 1 })
        {
            foreach (var e in big ? new BigInteger[] { 0, 1, 2, 17, 12345 } : new[] { BigInteger.Zero, BigInteger.One, 2, 15, 16, 17, p - 1, p, all << 3 })
            {
                Assert.Equal(BigInteger.ModPow(b, e, p), exp.Pow(b, e));
            }
        }

        foreach (var e in big ? new BigInteger[] { 0, 1, 15, 16, 17, 31, 32, 99999 } : new[] { BigInteger.Zero, BigInteger.One, 2, 15, 16, 17, 31, 32, p - 1, p >> 1, all << 5 })
        {
            Assert.Equal(BigInteger.ModPow(2, e, p), exp.PowTwo(e));
        }

        var low = (BigInteger.One << (bits - 1)) + 1; // the smallest modulus of this size
        exp.SetModulus(low);
        var le = big ? (BigInteger.One << 200) - 3 : low >> 1;
        Assert.Equal(BigInteger.ModPow(low - 1, le, low), exp.Pow(low - 1, le));
        Assert.Equal(BigInteger.ModPow(3, le, low), exp.Pow(3, le));
        Assert.Equal(BigInteger.ModPow(2, le, low), exp.PowTwo(le));
    }

    internal static BigInteger RandomOdd(Random rng, int bits)
    {
        var v = RandomBits(rng, bits) | (BigInteger.One << (bits - 1)) | BigInteger.One;
        return v;
    }

    internal static BigInteger RandomBits(Random rng, int bits)
    {
        var bytes = new byte[(bits + 7) / 8 + 1];
        rng.NextBytes(bytes);
        bytes[^1] = 0;
        var v = new BigInteger(bytes, isUnsigned: true);
        return v & ((BigInteger.One << bits) - 1);
    }

    internal static BigInteger RandomBelow(Random rng, BigInteger limit)
    {
        var bits = (int)limit.GetBitLength();
        while (true)
        {
            var v = RandomBits(rng, bits);
            if (v < limit)
            {
                return v;
            }
        }
    }
}
