using System.Numerics;
using Postfix.Crypto.Dh.Arithmetic;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Crypto.Dh;

/// <summary>
/// Checks any DH parameter set: p and q = (p − 1)/2 prime, sizes against what OpenSSL and Postfix accept, the order of
/// the generator (q or 2q — <c>openssl dhparam -check</c> does not tell), and standard or known-weak groups.
/// </summary>
public static class DhParameterChecker
{
    /// <summary>Checks <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to check.</param>
    /// <param name="arithmetic">The Montgomery kernel to use.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>The report.</returns>
    public static DhCheckReport Check(DhParameters parameters, DhArithmetic arithmetic = DhArithmetic.Auto, CancellationToken cancellationToken = default)
    {
        var p = parameters.Prime;
        var g = parameters.Generator;
        var bits = parameters.PrimeBits;
        var findings = new List<DhCheckFinding>();
        var rounds = DhGenerationOptions.DefaultMillerRabinRounds(bits);
        var exp = bits >= 64 ? ModularExponentiator.Create(arithmetic, bits) : null;
        var random = RandomSource.System;

        var q = p >> 1;
        cancellationToken.ThrowIfCancellationRequested();
        var qPrime = !p.IsEven && Probable(exp, q, rounds, random);
        cancellationToken.ThrowIfCancellationRequested();
        bool pPrime;
        if (qPrime)
        {
            // Pocklington with base 2: q prime, 2^(p−1) ≡ 1 (mod p) and gcd(2^2 − 1, p) = 1 ⇒ p prime.
            pPrime = PowMod(exp, 2, p - 1, p).IsOne && !(p % 3).IsZero;
        }
        else
        {
            pPrime = Probable(exp, p, rounds, random);
        }

        var order = DhGeneratorOrder.Unknown;
        if (g.IsOne)
        {
            order = DhGeneratorOrder.One;
        }
        else if (g == p - 1)
        {
            order = DhGeneratorOrder.Two;
        }
        else if (pPrime && qPrime)
        {
            var x = PowMod(exp, g, q, p);
            order = x.IsOne ? DhGeneratorOrder.Q : x == p - 1 ? DhGeneratorOrder.TwoQ : DhGeneratorOrder.Unknown;
        }

        var standard = DhStandardGroups.Identify(p);

        if (!pPrime)
        {
            findings.Add(new(DhCheckSeverity.Error, "p is not prime"));
        }
        else if (!qPrime)
        {
            findings.Add(new(DhCheckSeverity.Warning, "p is prime but not a safe prime: (p-1)/2 is composite, so the order of g cannot be checked and small subgroups may exist"));
        }

        if (bits < DhGenerationOptions.MinimumBits)
        {
            findings.Add(new(DhCheckSeverity.Error, $"p has {bits} bits: OpenSSL refuses DH primes below {DhGenerationOptions.MinimumBits} bits"));
        }
        else if (bits < 1024)
        {
            findings.Add(new(DhCheckSeverity.Error, $"p has {bits} bits: breakable (Logjam); use 2048 bits"));
        }
        else if (bits < 2048)
        {
            findings.Add(new(DhCheckSeverity.Warning, $"p has {bits} bits: below the 2048 bits Postfix recommends; OpenSSL at security level 2 refuses it (\"dh key too small\")"));
        }
        else if (bits > DhGenerationOptions.MaximumBits)
        {
            findings.Add(new(DhCheckSeverity.Error, $"p has {bits} bits: OpenSSL refuses DH primes above {DhGenerationOptions.MaximumBits} bits"));
        }
        else if (bits > 4096)
        {
            findings.Add(new(DhCheckSeverity.Warning, $"p has {bits} bits: Postfix advises against much more than 2048 bits (handshake cost, interoperability)"));
        }

        switch (order)
        {
            case DhGeneratorOrder.One:
            case DhGeneratorOrder.Two:
                findings.Add(new(DhCheckSeverity.Error, $"the generator has order {(order == DhGeneratorOrder.One ? 1 : 2)}: every shared secret is predictable"));
                break;
            case DhGeneratorOrder.TwoQ:
                findings.Add(new(DhCheckSeverity.Warning, "g has order 2q (it generates the whole group): a public key reveals one bit of the private key; OpenSSL 3 and RFC 7919 use a g of order q (for g = 2: p = 23 mod 24)"));
                break;
            case DhGeneratorOrder.Q:
                findings.Add(new(DhCheckSeverity.Info, "g generates the subgroup of prime order q, as OpenSSL 3 and RFC 7919 groups do"));
                break;
            default:
                break;
        }

        if (standard is not null)
        {
            findings.Add(DhStandardGroups.IsKnownWeak(p)
                ? new(DhCheckSeverity.Error, $"p is the well-known {standard}, small enough that a one-off precomputation breaks every key exchange in it")
                : new(DhCheckSeverity.Info, $"p is the standard {standard}; Postfix 3.7+ with OpenSSL 3 can use standard groups without a file (smtpd_tls_dh1024_param_file = auto)"));
        }

        if (parameters.PrivateValueLength is { } l)
        {
            findings.Add(new(DhCheckSeverity.Info, $"privateValueLength is {l} bits"));
        }

        var ordered = findings.OrderByDescending(f => f.Severity).ToList();
        return new DhCheckReport(parameters, pPrime, qPrime, order, standard, ordered);
    }

    private static bool Probable(ModularExponentiator? exp, BigInteger n, int rounds, RandomSource random) =>
        MillerRabin.IsProbablePrime(exp ?? ModularExponentiator.Create(DhArithmetic.Scalar, 64), n, rounds, random);

    private static BigInteger PowMod(ModularExponentiator? exp, BigInteger b, BigInteger e, BigInteger m)
    {
        if (exp is null || m.GetBitLength() < 64)
        {
            return BigInteger.ModPow(b, e, m);
        }

        exp.SetModulus(m);
        return b == 2 ? exp.PowTwo(e) : exp.Pow(b, e);
    }
}
