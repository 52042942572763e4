using System.Numerics;
using BenchmarkDotNet.Attributes;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Dh.Arithmetic;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Postfix.Benchmarks.Dh;

/// <summary>
/// One modular exponentiation (odd modulus of N bits, N-bit exponent): our kernels (general base, and base 2 as used by
/// the Euler test on p) against System.Numerics.BigInteger.ModPow and BouncyCastle's BigInteger.ModPow.
/// </summary>
[MemoryDiagnoser]
public class ModExpBenchmarks
{
    private ModularExponentiator _exp = null!;
    private BigInteger _p;
    private BigInteger _b;
    private BigInteger _e;
    private BcBigInteger _bcP = null!;
    private BcBigInteger _bcB = null!;
    private BcBigInteger _bcE = null!;
    private BcBigInteger _bcTwo = null!;

    [Params(1024, 2048, 3072)]
    public int Bits { get; set; }

    [Params(DhArithmetic.Avx512, DhArithmetic.Avx2, DhArithmetic.Scalar)]
    public DhArithmetic Path { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(Bits);
        _p = RandomBits(rng, Bits) | (BigInteger.One << (Bits - 1)) | 1;
        _b = RandomBits(rng, Bits - 1);
        _e = RandomBits(rng, Bits) | (BigInteger.One << (Bits - 1));
        if (ModularExponentiator.Resolve(Path) != Path)
        {
            throw new InvalidOperationException($"{Path} is not supported on this CPU");
        }

        _exp = ModularExponentiator.Create(Path, Bits);
        _exp.SetModulus(_p);
        _bcP = new BcBigInteger(1, _p.ToByteArray(isUnsigned: true, isBigEndian: true));
        _bcB = new BcBigInteger(1, _b.ToByteArray(isUnsigned: true, isBigEndian: true));
        _bcE = new BcBigInteger(1, _e.ToByteArray(isUnsigned: true, isBigEndian: true));
        _bcTwo = BcBigInteger.Two;

        // Benchmarks verify their own answers before timing them.
        var expected = BigInteger.ModPow(_b, _e, _p);
        if (_exp.Pow(_b, _e) != expected || _exp.PowTwo(_e) != BigInteger.ModPow(2, _e, _p)
            || new BigInteger(_bcB.ModPow(_bcE, _bcP).ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true) != expected)
        {
            throw new InvalidOperationException("modexp results disagree");
        }
    }

    [Benchmark]
    public BigInteger Ours() => _exp.Pow(_b, _e);

    [Benchmark]
    public BigInteger OursBase2() => _exp.PowTwo(_e);

    [Benchmark]
    public BigInteger SystemNumerics() => Path == DhArithmetic.Avx512 ? BigInteger.ModPow(_b, _e, _p) : BigInteger.Zero;

    [Benchmark]
    public BcBigInteger BouncyCastle() => Path == DhArithmetic.Avx512 ? _bcB.ModPow(_bcE, _bcP) : BcBigInteger.Zero;

    [Benchmark]
    public BcBigInteger BouncyCastleBase2() => Path == DhArithmetic.Avx512 ? _bcTwo.ModPow(_bcE, _bcP) : BcBigInteger.Zero;

    internal static BigInteger RandomBits(Random rng, int bits)
    {
        var bytes = new byte[(bits + 7) / 8 + 1];
        rng.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
    }
}
