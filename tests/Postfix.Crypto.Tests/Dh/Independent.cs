using System.Numerics;
using System.Security.Cryptography;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>An independent primality check for test assertions: trial division plus Miller–Rabin with BigInteger.ModPow only.</summary>
internal static class Independent
{
    public static bool IsProbablePrime(BigInteger n, int rounds = 16)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (int small in new[] { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 })
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

        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        var bytes = new byte[n.GetByteCount(isUnsigned: true) + 1];
        for (var i = 0; i < rounds; i++)
        {
            BigInteger a;
            do
            {
                RandomNumberGenerator.Fill(bytes);
                bytes[^1] = 0;
                a = new BigInteger(bytes) % n;
            }
            while (a < 2 || a > n - 2);

            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            var witness = true;
            for (var j = 1; j < s && witness; j++)
            {
                x = BigInteger.ModPow(x, 2, n);
                witness = x != n - 1;
            }

            if (witness)
            {
                return false;
            }
        }

        return true;
    }

    public static void AssertSafePrime(BigInteger p, int bits, int rounds = 8)
    {
        Assert.Equal(bits, (int)p.GetBitLength());
        Assert.True(IsProbablePrime(p, rounds), "p is not prime");
        Assert.True(IsProbablePrime(p >> 1, rounds), "q is not prime");
    }
}
