using System.Numerics;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>The sieve's prime table: every prime up to the bound except the step's factors, with exact reciprocals and step inverses.</summary>
public sealed class SievePrimeTableTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(60)]
    public void Get_Bound2Pow20_EveryEntryExact(int step)
    {
        const int bound = 1 << 20;
        var table = SievePrimeTable.Get(bound, step);
        var expected = new List<uint>();
        for (var n = 2u; n <= bound; n++)
        {
            if (step % n != 0 && IsPrime(n))
            {
                expected.Add(n);
            }
        }

        Assert.Equal(expected, table.Primes);
        for (var i = 0; i < table.Primes.Length; i++)
        {
            var r = table.Primes[i];
            Assert.Equal(ulong.MaxValue / r, table.Reciprocals[i]);
            Assert.True(table.StepInverses[i] < r);
            Assert.Equal(BigInteger.One, (BigInteger)table.StepInverses[i] * step % r);
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

        return true;
    }
}
