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

    [Fact]
    public void Get_SmallBoundsAndSteps_EveryPrimeNotDividingTheStep()
    {
        foreach (var step in new[] { 1, 2, 24, 60, 210 })
        {
            for (var bound = 2; bound <= 300; bound++)
            {
                var table = SievePrimeTable.Get(bound, step);
                var expected = Enumerable.Range(2, bound - 1).Where(n => step % n != 0 && IsPrime((uint)n)).Select(n => (uint)n);
                Assert.Equal(expected, table.Primes);
                for (var i = 0; i < table.Primes.Length; i++)
                {
                    Assert.True(table.StepInverses[i] < table.Primes[i]);
                    Assert.Equal(1UL, (ulong)table.StepInverses[i] * (ulong)step % table.Primes[i]);
                }
            }
        }
    }

    [Fact]
    public void Get_Bound2Pow24_CountAndLastPrimesExact()
    {
        // π(2^24) = 1,077,871; step 24 leaves out 2 and 3. The segmented sieve's last segment is partial.
        var table = SievePrimeTable.Get(1 << 24, 24);
        Assert.Equal(1077871 - 2, table.Primes.Length);
        Assert.Equal(16777213u, table.Primes[^1]);
        Assert.Equal(16777199u, table.Primes[^2]);
        Assert.All(table.Primes[^200..], r => Assert.True(IsPrime(r)));
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
