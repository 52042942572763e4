namespace Postfix.Crypto.Dh;

/// <summary>What <see cref="DhParameterGenerator.Generate"/> makes and how.</summary>
public sealed record DhGenerationOptions
{
    /// <summary>The smallest prime size accepted (OpenSSL's DH_MIN_MODULUS_BITS).</summary>
    public const int MinimumBits = 512;

    /// <summary>The largest prime size accepted (OpenSSL's OPENSSL_DH_MAX_MODULUS_BITS).</summary>
    public const int MaximumBits = 10000;

    /// <summary>Exact bit length of the prime p (default 2048).</summary>
    public int Bits { get; init; } = 2048;

    /// <summary>
    /// The generator: 2 (default; p ≡ 23 mod 24, so 2 generates the subgroup of prime order q, as OpenSSL 3 does) or
    /// 5 (p ≡ 59 mod 60, so 5 generates that subgroup).
    /// </summary>
    public int Generator { get; init; } = 2;

    /// <summary>Number of worker threads; 0 (default) means one per processor.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// A seed for reproducible output (tests, benchmarks): the same seed and options give the same parameters whatever
    /// the number of threads. Null (default) draws everything from the operating system's CSPRNG. Never use a
    /// seed for parameters you deploy unless the seed itself is secret and random.
    /// </summary>
    public byte[]? Seed { get; init; }

    /// <summary>The Montgomery kernel (default: the fastest the CPU supports).</summary>
    public DhArithmetic Arithmetic { get; init; } = DhArithmetic.Auto;

    /// <summary>Sieve bound (largest small prime sieved); 0 (default) picks one from the size.</summary>
    public int SieveBound { get; init; }

    /// <summary>Miller–Rabin rounds with random bases on q; 0 (default) means OpenSSL 3's count (64, or 128 above 2048 bits). Fewer than that is refused.</summary>
    public int MillerRabinRounds { get; init; }

    /// <summary>The Miller–Rabin round count OpenSSL 3 uses for a prime of <paramref name="bits"/> bits.</summary>
    public static int DefaultMillerRabinRounds(int bits) => bits > 2048 ? 128 : 64;
}
