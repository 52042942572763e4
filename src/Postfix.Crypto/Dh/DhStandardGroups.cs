using System.Numerics;

namespace Postfix.Crypto.Dh;

/// <summary>
/// Well-known safe-prime groups, all with generator 2: the RFC 7919 FFDHE groups (built from e) and the RFC 3526 /
/// RFC 2409 MODP groups (built from π), computed from their defining formulas
/// p = 2^b − 2^(b−64) − 1 + 2^64·(⌊2^(b−130)·c⌋ + X) rather than copied as hex.
/// </summary>
public static class DhStandardGroups
{
    private static readonly int[] FfdheSizes = [2048, 3072, 4096, 6144, 8192];
    private static readonly Dictionary<int, int> FfdheX = new() { [2048] = 560316, [3072] = 2625351, [4096] = 5736041, [6144] = 15705020, [8192] = 10965728 };
    private static readonly Dictionary<int, int> ModpX = new() { [768] = 149686, [1024] = 129093, [1536] = 741804, [2048] = 124476, [3072] = 1690314, [4096] = 240904, [6144] = 929484, [8192] = 4743158 };
    private static readonly Lazy<BigInteger> EScaled = new(() => ComputeE(8192 + 64));
    private static readonly Lazy<BigInteger> PiScaled = new(() => ComputePi(8192 + 64));
    private static readonly Lazy<IReadOnlyList<(string Name, BigInteger Prime, bool Weak)>> Known = new(BuildKnown);

    /// <summary>Sizes of the RFC 7919 groups: 2048, 3072, 4096, 6144, 8192.</summary>
    public static IReadOnlyList<int> FfdheBits => FfdheSizes;

    /// <summary>The RFC 7919 group <c>ffdhe</c><paramref name="bits"/> (generator 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such group.</exception>
    public static DhParameters Ffdhe(int bits)
    {
        if (!FfdheX.TryGetValue(bits, out var x))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "RFC 7919 defines ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144 and ffdhe8192");
        }

        return new DhParameters(Build(bits, EScaled.Value, x), 2);
    }

    /// <summary>The MODP group of <paramref name="bits"/> bits (RFC 2409: 768, 1024; RFC 3526: 1536 … 8192), generator 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such group.</exception>
    public static DhParameters Modp(int bits)
    {
        if (!ModpX.TryGetValue(bits, out var x))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "MODP groups exist for 768, 1024, 1536, 2048, 3072, 4096, 6144 and 8192 bits");
        }

        return new DhParameters(Build(bits, PiScaled.Value, x), 2);
    }

    /// <summary>The name of the standard group whose prime is <paramref name="prime"/>, or null.</summary>
    public static string? Identify(BigInteger prime) => Known.Value.FirstOrDefault(k => k.Prime == prime).Name;

    /// <summary>Whether <paramref name="prime"/> is a standard group known to be too weak (768- and 1024-bit Oakley groups).</summary>
    public static bool IsKnownWeak(BigInteger prime) => Known.Value.Any(k => k.Weak && k.Prime == prime);

    private static List<(string Name, BigInteger Prime, bool Weak)> BuildKnown()
    {
        var list = new List<(string Name, BigInteger Prime, bool Weak)>();
        foreach (var b in FfdheSizes)
        {
            list.Add(($"ffdhe{b} (RFC 7919)", Ffdhe(b).Prime, false));
        }

        list.Add(("Oakley group 1, 768-bit MODP (RFC 2409)", Modp(768).Prime, true));
        list.Add(("Oakley group 2, 1024-bit MODP (RFC 2409)", Modp(1024).Prime, true));
        var ids = new Dictionary<int, int> { [1536] = 5, [2048] = 14, [3072] = 15, [4096] = 16, [6144] = 17, [8192] = 18 };
        foreach (var (b, id) in ids)
        {
            list.Add(($"MODP group {id}, {b}-bit (RFC 3526)", Modp(b).Prime, false));
        }

        return list;
    }

    // p = 2^b − 2^(b−64) − 1 + 2^64·(⌊2^(b−130)·c⌋ + X); scaled = ⌊c·2^S⌋ with S = 8192 + 64.
    private static BigInteger Build(int bits, BigInteger scaled, int x)
    {
        var frac = scaled >> (8192 + 64 - (bits - 130));
        return (BigInteger.One << bits) - (BigInteger.One << (bits - 64)) - 1 + ((frac + x) << 64);
    }

    // ⌊e·2^s⌋ (plus guard bits, then truncated): e = Σ 1/k!.
    private static BigInteger ComputeE(int s)
    {
        var guard = 64;
        var one = BigInteger.One << (s + guard);
        var sum = BigInteger.Zero;
        var term = one;
        for (var k = 1; !term.IsZero; k++)
        {
            sum += term;
            term /= k;
        }

        return sum >> guard;
    }

    // ⌊π·2^s⌋ by Machin: π = 16·atan(1/5) − 4·atan(1/239).
    private static BigInteger ComputePi(int s)
    {
        var guard = 64;
        var scale = s + guard;
        var pi = (16 * ArctanInverse(5, scale)) - (4 * ArctanInverse(239, scale));
        return pi >> guard;
    }

    private static BigInteger ArctanInverse(int x, int scale)
    {
        var x2 = (BigInteger)x * x;
        var power = (BigInteger.One << scale) / x;
        var sum = BigInteger.Zero;
        for (var k = 0; !power.IsZero; k++)
        {
            var term = power / ((2 * k) + 1);
            sum = (k & 1) == 0 ? sum + term : sum - term;
            power /= x2;
        }

        return sum;
    }
}
