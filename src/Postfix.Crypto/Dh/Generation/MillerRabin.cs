using System.Numerics;
using Postfix.Crypto.Dh.Arithmetic;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>Miller–Rabin rounds (FIPS 186-4 C.3.1) on the modulus currently set in an exponentiator.</summary>
internal static class MillerRabin
{
    /// <summary>One round with base <paramref name="a"/> (2 ≤ a ≤ n − 2); true when n is a strong probable prime to base a.</summary>
    public static bool Round(ModularExponentiator exp, BigInteger a)
    {
        var n = exp.Modulus;
        var nMinus1 = n - 1;
        var s = 0;
        var d = nMinus1;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        var x = a == 2 ? exp.PowTwo(d) : exp.Pow(a, d);
        if (x.IsOne || x == nMinus1)
        {
            return true;
        }

        for (var j = 1; j < s; j++)
        {
            x = BigInteger.Remainder(x * x, n);
            if (x == nMinus1)
            {
                return true;
            }

            if (x.IsOne)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A probable-prime test: trial division by small primes, base 2, then <paramref name="rounds"/> random bases.
    /// Sets the exponentiator's modulus to <paramref name="n"/> (when n is large enough for it).
    /// </summary>
    public static bool IsProbablePrime(ModularExponentiator exp, BigInteger n, int rounds, RandomSource random)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (var small in SmallPrimes)
        {
            if (n == small)
            {
                return true;
            }

            if (n % small == 0)
            {
                return false;
            }
        }

        if (n.GetBitLength() < 64)
        {
            // Below the kernels' size: BigInteger.ModPow is fast here.
            return IsProbablePrimeSmall(n, rounds, random);
        }

        exp.SetModulus(n);
        if (!Round(exp, 2))
        {
            return false;
        }

        for (var i = 0; i < rounds; i++)
        {
            if (!Round(exp, random.Between(2, n - 2)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsProbablePrimeSmall(BigInteger n, int rounds, RandomSource random)
    {
        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        for (var i = 0; i <= rounds; i++)
        {
            var a = i == 0 ? 2 : random.Between(2, n - 2);
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            var ok = false;
            for (var j = 1; j < s && !ok; j++)
            {
                x = BigInteger.Remainder(x * x, n);
                ok = x == n - 1;
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static readonly int[] SmallPrimes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
}
